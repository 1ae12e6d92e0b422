"""The search bar's own keys: the history of queries, escape, and what it posts."""

from __future__ import annotations

from collections.abc import Callable

from reader.ui.app import PapersApp
from reader.ui.search_bar import SearchBar
from tests.ui.conftest import settle

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
        assert app.reader.section == before
        assert all(section.kind != "search" for section in app.reader.day_list.sections)
