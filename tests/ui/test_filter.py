"""The list filter (``|``, ``f``): narrowing the rows on screen, apart from the search."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot

from reader.ui.app import PapersApp
from reader.ui.filter_bar import FILTER_DELAY
from reader.ui.filtering import matching
from reader.ui.paper_list import PaperList
from tests.ui.conftest import DEC_16, LayoutCount, settle

MakeApp = Callable[..., PapersApp]
SIZE = (120, 36)


async def paused(pilot: Pilot[Any]) -> None:
    """Wait until the filter box has sent what was typed (it waits for a pause in the typing)."""
    bar = pilot.app.reader.filter_bar
    while bar is not None and bar.pending:
        await pilot.pause(FILTER_DELAY)
    await settle(pilot)


def titles(app: PapersApp) -> list[str]:
    keys = app.reader.paper_list.keys
    found = app.library.papers(keys)
    return [found[key].title for key in keys]


def test_every_word_must_be_found_in_any_case() -> None:
    texts = {"a": "sparse mixture routing ada lovelace", "b": "graph retrieval agents"}
    assert matching(["a", "b"], texts, "ROUTING ada") == ["a"]
    assert matching(["a", "b"], texts, "") == ["a", "b"]
    assert matching(["a", "b"], texts, "routing graph") == []


async def test_the_filter_narrows_the_list_shown_and_escape_clears_it(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("left_square_bracket")  # Dec 16: three papers
        await settle(pilot)
        assert len(titles(app)) == 3
        await pilot.press("vertical_line", *"agents")
        await paused(pilot)
        assert titles(app) == ["Graph retrieval agents that plan"]
        assert "· 1 of 3 papers · 1 unread" in str(app.reader.paper_list.border_title)
        assert app.reader.section is not None and app.reader.section.kind == "day", "not a search"
        assert app.reader.search_section is None
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.focused, PaperList), "enter goes back to the list"
        assert titles(app) == ["Graph retrieval agents that plan"], "the filter stays"
        await pilot.press("escape")
        await settle(pilot)
        assert sorted(titles(app)) == sorted(paper.title for paper in DEC_16), "escape clears it"
        assert app.reader.filter_bar is not None and not app.reader.filter_bar.display


async def test_f_filters_by_author_and_nothing_matching_says_so(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("left_square_bracket", "left_square_bracket")  # Dec 15: the API day
        await settle(pilot)
        await pilot.press("f", *"lovelace", "enter")
        await settle(pilot)
        assert len(titles(app)) == 2
        await pilot.press("f", "end", *" nowhere")  # the box keeps its words: more narrow it
        await paused(pilot)
        assert titles(app) == []
        assert "No papers match the filter" in app.reader.paper_list.render_line(0).text
        await pilot.press("escape")  # in the box: clears it
        await settle(pilot)
        assert len(titles(app)) == 2


async def test_another_list_clears_the_filter(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f", *"token", "enter")
        await settle(pilot)
        assert len(titles(app)) == 1
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert len(titles(app)) == 3 and app.reader.filter_text == ""
        assert app.reader.filter_bar is not None and not app.reader.filter_bar.display


async def test_the_filter_stays_when_the_same_list_is_read_again(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("left_square_bracket", "f", *"tears", "enter")
        await settle(pilot)
        before = sorted(titles(app))
        assert before == ["Quantization without tears"]
        await pilot.press("s")  # another sort: the list is read again
        await settle(pilot)
        assert sorted(titles(app)) == before and app.reader.filter_text == "tears"
        assert "· 1 of 3 papers · 1 unread" in str(app.reader.paper_list.border_title)


async def test_typing_a_filter_repaints_the_box_without_laying_out_the_screen(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("vertical_line")
        await settle(pilot)
        layouts = LayoutCount(app)
        await pilot.press(*"zzzz no paper has this filter in it at all")
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "filter"
        assert layouts.count <= 2, "laid out at most for the list the filter leaves"
