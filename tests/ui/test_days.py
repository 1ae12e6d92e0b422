"""The days pane: month headers, weekday names, counts that always show whole, and the
moves between days (brackets, ``:`` goto)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from textual.style import Style

from reader.ui.app import PapersApp
from reader.ui.days import MonthHeader, Section, day_row, day_rows, special_row
from tests.factories import FakePaper, write_page_copy
from tests.ui.conftest import settle

MakeApp = Callable[..., PapersApp]
PLAIN = Style()


def test_days_are_grouped_under_a_header_for_each_month() -> None:
    days = [dt.date(2025, 12, 2), dt.date(2025, 11, 28), dt.date(2025, 11, 3), dt.date(2024, 11, 30)]
    sections = [Section("bookmarks"), Section("all", 4)] + [Section("day", 1, day) for day in days]
    rows = day_rows(sections)
    labels = [row.label if isinstance(row, MonthHeader) else row.ref for row in rows]
    assert labels == [
        "bookmarks",
        "all",
        "December 2025",
        "day:2025-12-02",
        "November 2025",
        "day:2025-11-28",
        "day:2025-11-03",
        "November 2024",
        "day:2024-11-30",
    ]


def test_a_day_row_names_its_weekday_and_keeps_its_count() -> None:
    row = day_row(Section("day", 33, dt.date(2025, 12, 17)), 18, PLAIN).plain
    assert row.startswith("   Wed 17") and row.rstrip().endswith("33") and len(row) == 18
    guessed = day_row(Section("day", 5, dt.date(2025, 11, 2), guessed=True), 18, PLAIN).plain
    assert guessed.startswith("  ~Sun  2")


def test_large_counts_and_long_queries_never_cut_the_count() -> None:
    for width in (16, 18, 30):
        all_row = special_row(Section("all", 123_456), width, PLAIN, PLAIN).plain
        assert all_row.rstrip().endswith("123,456") and len(all_row) <= width
        search = special_row(Section("search", 98_765, query="diffusion transformers for video"), width, PLAIN, PLAIN)
        assert search.plain.rstrip().endswith("98,765") and len(search.plain) <= width
    assert special_row(Section("all", 123_456), 30, PLAIN, PLAIN).plain.startswith(" All papers")
    assert special_row(Section("all", 123_456), 16, PLAIN, PLAIN).plain.startswith(" All ")


def two_months(root: Path) -> Path:
    """Three days over two months: Dec 1 and Nov 28 and Nov 26, 2025."""
    for day in (dt.date(2025, 12, 1), dt.date(2025, 11, 28), dt.date(2025, 11, 26)):
        line = f"{day:%b} {day.day}"
        write_page_copy(root / f"{day.isoformat()}.txt", line, [FakePaper(f"A paper of {day.isoformat()}")])
    return root


async def test_the_cursor_passes_over_the_month_headers(make_app: MakeApp, tmp_path: Path) -> None:
    app = make_app(two_months(tmp_path / "months"))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        days = app.reader.day_list
        assert days.current is not None and days.current.ref == "day:2025-12-01"
        await pilot.press("h", "j")
        await settle(pilot)
        assert days.current is not None and days.current.ref == "day:2025-11-28", "past the November header"
        await pilot.press("k")
        await settle(pilot)
        assert days.current is not None and days.current.ref == "day:2025-12-01", "and back"
        await pilot.press("k")
        await settle(pilot)
        assert days.current is not None and days.current.ref == "all", "past the December header"
        assert [days.render_line(y).text.strip() for y in (4, 6)] == ["December 2025", "November 2025"]


async def test_colon_goes_to_the_day_typed_or_the_nearest_listed_one(make_app: MakeApp, tmp_path: Path) -> None:
    app = make_app(two_months(tmp_path / "months"))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("colon", *"2025-11-26", "enter")
        await settle(pilot)
        assert app.reader.section is not None and app.reader.section.ref == "day:2025-11-26"
        assert app.reader.paper_list.keys, "its papers are listed"
        await pilot.press("colon", *"11-29", "enter")  # a Saturday: no papers of its own
        await settle(pilot)
        assert app.reader.section.ref == "day:2025-11-28"
        assert any("nearest day" in n.message for n in app._notifications), "and says it is the nearest"
        await pilot.press("colon", *"not a day", "enter")
        await settle(pilot)
        error = app.screen.query_one("#goto-error")
        assert error.display and "not a date" in str(error.render()), "the prompt says why and stays"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is app.reader and app.reader.section.ref == "day:2025-11-28"


async def test_a_day_jumped_to_is_shown_in_the_middle_of_the_pane(make_app: MakeApp, tmp_path: Path) -> None:
    root = tmp_path / "many"
    for offset in range(60):
        day = dt.date(2025, 12, 1) - dt.timedelta(days=offset)
        write_page_copy(root / f"{day.isoformat()}.txt", f"{day:%b} {day.day}", [FakePaper(f"Paper {day}")])
    app = make_app(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("colon", *"2025-10-20", "enter")
        await settle(pilot)
        days = app.reader.day_list
        height = days.scrollable_content_region.height
        top = round(days.scroll_y)
        assert top + 2 <= days.cursor < top + height - 2, "not at the very edge of the pane"


def test_a_day_row_with_watched_papers_keeps_its_counts_whole_in_a_narrow_pane() -> None:
    day = Section("day", 34, dt.date(2025, 12, 8), unread=34, watched=11)
    assert day_row(day, 24, PLAIN).plain.rstrip().endswith("◆11 34/34")
    narrow = day_row(day, 18, PLAIN).plain
    assert narrow.rstrip().endswith("34/34") and len(narrow) <= 18 and "◆" in narrow
    assert day_row(replace(day, unread=1234, count=1234), 18, PLAIN).plain.rstrip().endswith("1,234/1,234")
