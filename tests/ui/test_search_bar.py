"""The search bar's own keys: the history of queries, escape, and what it posts."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Label

from reader.ui.app import PapersApp
from reader.ui.debounce import PaintHold
from reader.ui.footer import KeysFooter
from reader.ui.reader_screen import RESULTS_WAIT
from reader.ui.search_bar import SEARCH_DELAY, SearchBar
from tests.ui.conftest import LayoutCount, settle

SIZE = (120, 36)
MakeApp = Callable[..., PapersApp]


async def test_up_and_down_recall_the_queries_run_before(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"diffusion", "enter")
        await settle(pilot)
        await pilot.press("slash", "ctrl+a", "ctrl+k", *"agents", "enter")
        await settle(pilot)
        bar = app.reader.query_one(SearchBar)
        assert bar.history == ["diffusion", "agents"]
        await pilot.press("slash", "up")
        assert bar.box.value == "agents"
        await pilot.press("up")
        assert bar.box.value == "diffusion"
        await pilot.press("up")  # the oldest stays
        assert bar.box.value == "diffusion"
        await pilot.press("down", "down")  # past the newest: an empty box to type in
        assert bar.box.value == ""
        await pilot.press("up", "enter")
        await settle(pilot)
        assert app.reader.section is not None and app.reader.section.query == "agents"
        assert bar.history == ["diffusion", "agents"], "a query run again is kept once"


async def test_escape_in_the_box_leaves_the_search(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = app.reader.section
        await pilot.press("slash", *"quantization", "enter")
        await settle(pilot)
        await pilot.press("slash", "escape")
        await settle(pilot)
        assert not app.reader.search_shown
        assert app.reader.section is not None and before is not None and app.reader.section.ref == before.ref
        assert all(section.kind != "search" for section in app.reader.day_list.sections)


async def test_a_query_that_cannot_be_read_leaves_no_old_results_under_the_error(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"diffusion", "enter")
        await settle(pilot)
        assert app.reader.paper_list.keys
        await pilot.press("slash", *"(((", "enter")  # "/" selects the last query: typing replaces it
        await settle(pilot)
        assert app.reader.query_one("#search-error").display
        assert app.reader.paper_list.keys == []
        assert "· 0 found" in str(app.reader.paper_list.border_title)
        assert app.reader.day_list.sections[0].count == 0


async def test_the_title_says_searching_until_the_new_results_are_in(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"diffusion", "enter")
        await settle(pilot)
        app.reader.search("agents")  # its results come back from a worker, after this test yields
        assert str(app.reader.paper_list.border_title) == "Search: agents · searching…"
        await settle(pilot)
        assert str(app.reader.paper_list.border_title).startswith("Search: agents · 2 found")


async def test_leaving_the_search_takes_its_key_out_of_the_footer(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)

        def footer_keys() -> set[str]:
            return {key.key for key in app.reader.query_one(KeysFooter).keys}

        assert "escape" not in footer_keys()
        await pilot.press("slash", *"diffusion", "enter")
        await settle(pilot)
        assert "escape" in footer_keys()
        await pilot.press("escape")
        await settle(pilot)
        assert "escape" not in footer_keys()


async def test_slash_after_escape_brings_the_last_query_back_and_history_outlives_the_reader(
    make_app: MakeApp, state_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"diffusion", "enter")
        await settle(pilot)
        await pilot.press("escape", "slash")
        await settle(pilot)
        bar = app.reader.query_one(SearchBar)
        assert bar.box.value == "diffusion"
        assert app.reader.section is not None and app.reader.section.kind != "search", "shown, not run"
        await pilot.press("enter")
        await settle(pilot)
        assert app.reader.section is not None and app.reader.section.query == "diffusion"
        await pilot.press("q")
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", "up")
        assert again.reader.query_one(SearchBar).box.value == "diffusion"


async def test_only_the_queries_run_with_enter_are_kept(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"dif")
        await pilot.pause(0.5)  # the typing pause searches "dif"
        await settle(pilot)
        await pilot.press(*"fusion", "enter")
        await settle(pilot)
        bar = app.reader.query_one(SearchBar)
        assert bar.history == ["diffusion"]
        await pilot.press("slash", "up", "up")
        await pilot.pause(0.5)  # the recalled query is searched, and stays where it is in the history
        await settle(pilot)
        await pilot.press("down")
        assert bar.box.value == ""
        assert bar.history == ["diffusion"]


async def test_a_search_and_its_results_are_painted_together_and_a_slow_one_is_not_left_unpainted(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        reader = app.reader
        await pilot.press("slash", *"diffusion", "enter")
        await settle(pilot)
        assert not reader.results_hold.held, "painting goes on once the results are in"
        release = threading.Event()
        search = reader.library.search

        def slow_search(*args: Any, **kwargs: Any) -> Any:
            release.wait(5)
            return search(*args, **kwargs)

        reader.library.search = slow_search  # type: ignore[method-assign]
        await pilot.press("slash", "ctrl+a", "ctrl+k", *"agents", "enter")
        assert reader.results_hold.held, "the search waits for its results before it is painted"
        await asyncio.sleep(RESULTS_WAIT + 0.2)  # (a pilot's pause would wake the screen itself)
        assert not reader.results_hold.held, "a slow search is painted without its results"
        assert str(reader.paper_list.border_title) == "Search: agents · searching…"
        release.set()
        await settle(pilot)
        assert str(reader.paper_list.border_title).startswith("Search: agents · 2 found")


async def test_a_dialog_opened_while_painting_is_held_shows_once_the_hold_times_out() -> None:
    frames: list[str] = []

    class Dialog(ModalScreen[None]):
        def compose(self) -> ComposeResult:
            yield Label("a dialog")

    class HeldApp(App[None]):
        def on_mount(self) -> None:
            self.hold = PaintHold(self.screen, RESULTS_WAIT)

        def _display(self, screen: Any, update: Any) -> None:
            if update is not None and not self._batch_count:
                frames.append(type(screen).__name__)
            super()._display(screen, update)

    app = HeldApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.hold.hold()
        app.push_screen(Dialog())
        frames.clear()
        await asyncio.sleep(RESULTS_WAIT + 0.3)  # no key, no message: only the hold's own timer
        assert not app.hold.held
        assert "Dialog" in frames, "the dialog is painted when the hold ends, not at the next key"


async def test_a_search_as_you_type_does_not_hold_back_the_letters_typed(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"agents")
        await pilot.pause(SEARCH_DELAY + 0.1)
        assert app.reader.search_section is not None and app.reader.search_section.query == "agents"
        assert not app.reader.results_hold.held, "typing goes on being painted while it searches"


async def test_a_query_longer_than_the_box_scrolls_to_show_what_is_typed_without_laying_out_the_screen(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        layouts = LayoutCount(app)
        query = "diffusion " * 8 + "endword"
        await pilot.press(*query)
        await pilot.pause()
        box = app.reader.query_one(SearchBar).box
        assert box.value == query and box.scroll_x > 0
        line = "".join(strip.text for strip in box.render_lines(box.region.reset_offset))
        assert "endword" in line and "diffusion diffusion diffusion diffusion diffusion" not in line
        assert layouts.count <= 2, "the screen is laid out again at most for the search's own results"
        await pilot.press("home")
        await pilot.pause()
        line = "".join(strip.text for strip in box.render_lines(box.region.reset_offset))
        assert box.scroll_x == 0 and "endword" not in line
