"""The left pane's unread counts and the Unread entry, from the read state."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from reader.ui.app import PapersApp
from tests.ui.conftest import settle

MakeApp = Callable[..., PapersApp]
SIZE = (120, 36)
DEC_16, DEC_17 = dt.date(2025, 12, 16), dt.date(2025, 12, 17)


async def test_days_count_their_unread_papers_and_unread_lists_them_newest_first(make_app: MakeApp) -> None:
    app = make_app()
    library = app.reader.library
    library.sync()
    library.mark_read(library.keys(DEC_17))  # a day read through (papers mark-read does this too)
    library.mark_read(library.keys(DEC_16)[:1])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        days = app.reader.day_list
        by_ref = {section.ref: section for section in days.sections}
        dec16 = by_ref["day:2025-12-16"]
        assert by_ref["day:2025-12-17"].unread == 0
        assert dec16.unread == dec16.count - 1
        unread = by_ref["unread"]
        assert (
            unread.count
            == library.unread_counts().total
            == sum(section.unread or 0 for section in days.sections if section.kind == "day")
        )
        row = days.render_line(days.sections.index(dec16) + 1).text  # under the December header
        assert f"{dec16.count - 1}/{dec16.count}" in row
        assert days.select("unread")
        await settle(pilot)
        assert app.reader.paper_list.keys == library.unread_keys()
        assert set(app.reader.paper_list.keys).isdisjoint(library.keys(DEC_17))
        assert "● Unread" in str(app.reader.paper_list.border_title)
