"""The order of the lists: a day's sort and direction never reach the ranked lists (a search,
For you), which start best first, and only the day lists' order is remembered."""

from __future__ import annotations

from collections.abc import Callable

from reader.core.models import Sort
from reader.ui.app import PapersApp
from tests.ui.conftest import settle

SIZE = (120, 36)
MakeApp = Callable[..., PapersApp]


async def test_reversing_a_day_leaves_searches_best_first_and_only_the_day_order_is_remembered(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        reader = app.reader
        day_keys = list(reader.paper_list.keys)
        await pilot.press("S")  # the day, last first
        await settle(pilot)
        assert reader.paper_list.keys == day_keys[::-1]
        best_first = list(reader.library.search("diffusion").keys)
        await pilot.press("slash", *"diffusion", "enter")
        await settle(pilot)
        assert reader.paper_list.keys == best_first
        assert str(reader.paper_list.border_subtitle) == "sort: relevance (s, S)"
        await pilot.press("S")  # the search reversed: the day stays as it was
        await settle(pilot)
        assert reader.paper_list.keys == best_first[::-1]
        await pilot.press("escape")
        await settle(pilot)
        assert reader.paper_list.keys == day_keys[::-1]
        await pilot.press("slash", *"diffusion", "enter")  # a new search starts best first
        await settle(pilot)
        assert reader.section is not None, reader.section
        assert reader.paper_list.keys == best_first, (reader.section.query, reader.section.kind)
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert (again.reader.sort, again.reader.reverse) == (Sort.PAGE, True)
        assert again.reader.order_of(again.reader.section) == (Sort.PAGE, True)
        assert again.reader.ranked_sort is Sort.PAGE and not again.reader.ranked_reverse
