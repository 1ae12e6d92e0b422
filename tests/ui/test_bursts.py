"""Keys that arrive in one burst, as a terminal sends what is typed or pasted: each lands
where it would have landed typed slowly."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from textual import events

from reader.ui import terminal_keys
from reader.ui.app import PapersApp
from reader.ui.search_bar import SearchBar
from tests.ui.conftest import settle

SIZE = (120, 36)
MakeApp = Callable[..., PapersApp]


async def test_keys_typed_right_after_slash_go_into_the_box(make_app: MakeApp) -> None:
    """A terminal delivers ``/diffusion`` in one burst: nothing of it may reach the list's keys
    (``s`` sorts, ``o`` opens)."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        sort = app.reader.sort
        app.post_message(events.Key("slash", "/"))
        for character in "diffusion w/o sorts":
            name = {" ": "space", "/": "slash"}.get(character, character)
            app.post_message(events.Key(name, character))
        await pilot.pause(0.5)
        await settle(pilot)
        assert app.reader.query_one(SearchBar).box.value == "diffusion w/o sorts", "a / in the box is text"
        assert app.reader.sort is sort


async def test_B_right_after_b_lists_the_new_bookmark(make_app: MakeApp) -> None:
    """``b B`` in one burst: the bookmarks may be read before the bookmark is saved."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        key = app.reader.paper_list.current_key
        app.post_message(events.Key("b", "b"))
        app.post_message(events.Key("B", "B"))
        await settle(pilot)
        assert app.reader.section is not None and app.reader.section.ref == "bookmarks"
        assert app.reader.paper_list.keys == [key]


async def test_two_quick_enters_in_the_palette_do_not_stop_the_reader(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"all papers")
        await pilot.pause(0.3)
        app.post_message(events.Key("enter", "\r"))
        app.post_message(events.Key("enter", "\r"))
        await pilot.pause(0.3)
        await settle(pilot)
        assert app.is_running and app.screen is app.reader
        assert app.reader.section is not None and app.reader.section.ref == "all"


async def test_escape_then_slash_in_one_burst_leaves_and_reopens_the_search(make_app: MakeApp) -> None:
    """``escape /`` typed fast in the box: the search is left, then opened again on the last
    query; the ``/`` never lands in the query."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"diffusion", "enter")
        await settle(pilot)
        await pilot.press("slash", "end")  # back in the box, the text not selected
        await settle(pilot)
        for name, character in (("escape", None), ("slash", "/")):
            app.post_message(events.Key(name, character))
        await pilot.pause(0.5)
        await settle(pilot)
        bar = app.reader.query_one(SearchBar)
        assert bar.display and bar.box.value == "diffusion"
        assert app.focused is bar.box


def parsed_keys(data: str) -> list[str]:
    """The keys Textual's terminal parser reads from ``data`` as the terminal sends it."""
    from textual._xterm_parser import XTermParser

    parser = XTermParser()
    keys = [event.key for event in parser.feed(data) if isinstance(event, events.Key)]
    with contextlib.suppress(Exception):  # the end of the input flushes a pending escape
        keys += [event.key for event in parser.feed("") if isinstance(event, events.Key)]
    return keys


def test_escape_then_a_key_sent_together_by_the_terminal_stays_two_keys() -> None:
    terminal_keys.install()
    assert parsed_keys("\x1b/") == ["escape", "slash"], "escape then / is not a lone /"
    assert parsed_keys("\x1b|") == ["escape", "vertical_line"]
    assert parsed_keys("\x1b:") == ["escape", "colon"]
    assert parsed_keys("\x1b[A") == ["up"], "escape sequences are read as before"
    assert parsed_keys("/") == ["slash"]


async def test_keys_right_after_enter_in_the_search_box_go_to_the_results(make_app: MakeApp) -> None:
    """``/agents``, enter and ``j`` in one burst (a paste, a script): the ``j`` goes to the
    list, as typed slowly, not into the box (where it made the query ``agentsj``)."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.post_message(events.Key("slash", "/"))
        for character in "agents":
            app.post_message(events.Key(character, character))
        for name, character in (("enter", "\r"), ("j", "j")):
            app.post_message(events.Key(name, character))
        await pilot.pause(0.5)
        await settle(pilot)
        reader = app.reader
        assert reader.query_one(SearchBar).box.value == "agents"
        assert reader.search_section is not None and reader.search_section.query == "agents"
        assert reader.focused is reader.paper_list
