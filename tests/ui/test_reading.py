"""The reader's reading functions and wording, without an app: what the workers read and
what the reader says about it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reader.core.library import Library
from reader.core.links import build_links
from reader.core.models import FileFailure, Paper, Sort, SyncReport
from reader.ui import reading
from reader.ui.days import Section
from reader.ui.reading import StartRead, read_keys, read_sections, start_ref
from reader.ui.render import detail_blocks
from reader.ui.titles import empty_text, list_titles, progress_text, sync_notices
from tests.ui.conftest import DEC_16, DEC_17


@pytest.fixture
def library(dumps: Path) -> Library:
    library = Library([dumps])
    library.sync()
    return library


DEC_16_SECTION = Section("day", 3, dt.date(2025, 12, 16))


def test_read_sections_lists_the_days_newest_first_and_the_start_keys(library: Library) -> None:
    read = read_sections(library, reload=True, start=StartRead("day:2025-12-16", None, Sort.TITLE, False))
    assert [day.date for day in read.days] == [dt.date(2025, 12, 17), dt.date(2025, 12, 16), dt.date(2025, 12, 15)]
    assert (read.papers, read.bookmarks, read.reload) == (10, 0, True)
    assert read.keys is not None and read.keys.section.ref == "day:2025-12-16"
    titles = [library.papers([key])[key].title for key in read.keys.keys]
    assert titles == sorted(paper.title for paper in DEC_16)


def test_start_ref_falls_back_to_the_newest_day() -> None:
    sections = [Section("bookmarks"), Section("all", 5), DEC_16_SECTION]
    assert start_ref(sections, "day:1999-01-01") == "day:2025-12-16"
    assert start_ref(sections, None) == "day:2025-12-16"
    assert start_ref(sections, "bookmarks") == "bookmarks"
    assert start_ref(sections[:2], None) == "all"
    guessed = Section("day", 4, dt.date(2026, 12, 2), guessed=True)
    assert start_ref([*sections[:2], guessed, DEC_16_SECTION], None) == "day:2025-12-16", "never a guessed day"
    assert start_ref([*sections[:2], guessed], None) == guessed.ref, "unless there is no other"


def test_read_keys_puts_the_cursor_on_the_paper_wanted(library: Library) -> None:
    keys = read_keys(library, DEC_16_SECTION, Sort.PAGE, False, None, 7).keys
    read = read_keys(library, DEC_16_SECTION, Sort.PAGE, False, keys[2], 7)
    assert (read.cursor, read.generation, read.error) == (2, 7, None)
    reverse = read_keys(library, DEC_16_SECTION, Sort.PAGE, True, keys[2], 7)
    assert reverse.keys == keys[::-1] and reverse.cursor == 0


def test_read_keys_of_a_search_counts_every_match_and_caps_the_list(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reading, "SEARCH_LIMIT", 2)
    read = read_keys(library, Section("search", query="diffusion"), Sort.PAGE, False, None, 1)
    assert len(read.keys) == 2 and read.total == 6 and read.terms == ("diffus",)
    bad = read_keys(library, Section("search", query="("), Sort.PAGE, False, None, 1)
    assert bad is not None and bad.keys == [] and bad.error
    abandoned = read_keys(library, Section("search", query="diffusion"), Sort.PAGE, False, None, 1, lambda: True)
    assert abandoned is None, "a search a newer one replaced posts nothing"


def test_read_keys_of_the_bookmarks_follows_the_sort(library: Library) -> None:
    papers = library.papers(library.keys(None, Sort.TITLE))
    for paper in list(papers.values())[:3]:
        library.toggle_bookmark(paper)
    newest_first = read_keys(library, Section("bookmarks"), Sort.PAGE, False, None, 1).keys
    assert newest_first == library.bookmark_keys()
    by_title = read_keys(library, Section("bookmarks"), Sort.TITLE, False, None, 1).keys
    assert [papers[key].title for key in by_title] == sorted(papers[key].title for key in by_title)


def test_list_titles_say_what_is_listed_and_how() -> None:
    titles = ("Tue Dec 16, 2025 · 3 papers", "sort: page order (s, S)")
    assert list_titles(DEC_16_SECTION, 3, Sort.PAGE, False) == titles
    search = Section("search", 1234, query="agents", exact=False)
    title, subtitle = list_titles(search, 1000, Sort.PAGE, True)
    assert title == "Search: agents · 1,000 of ~1,234 found" and subtitle == "sort: relevance ↑ (s, S)"
    assert list_titles(Section("all", 1), 1, Sort.TITLE, False)[0] == "All papers · 1 paper"


def test_empty_text_and_progress_text() -> None:
    assert empty_text(Section("bookmarks"), syncing=False, indexed=3).startswith("No bookmarks yet")
    assert empty_text(Section("search", query="x"), syncing=True, indexed=3) == "Nothing found"
    assert empty_text(DEC_16_SECTION, syncing=True, indexed=0) == "Reading the dumps…"
    assert progress_text("scanning", 0, 0) == "Scanning the dumps"
    assert progress_text("indexing", 1200, 5000) == "Indexing 1,200 / 5,000 papers"


def test_sync_notices_name_a_few_failures_and_what_changed() -> None:
    failed = tuple(FileFailure(f"bad-{n}.json", "truncated") for n in range(5))
    report = SyncReport(new=2, changed=0, unchanged=1, removed=1, papers=len(DEC_17), failed=failed)
    notices = sync_notices(report)
    failures = next(n for n in notices if "could not be read" in n.title)
    assert failures.title == "5 files could not be read" and failures.severity == "warning"
    assert failures.message.splitlines()[:3] == [f"bad-{n}.json: truncated" for n in range(3)]
    assert "… and 2 more" in failures.message
    assert any(n.title == "Index updated" and n.message == "files: 2 new, 1 removed; 5 papers" for n in notices)
    quiet = SyncReport(new=0, changed=0, unchanged=3, removed=0, papers=5)
    assert sync_notices(quiet) == []


def test_files_that_could_not_be_read_are_said_once_not_after_every_sync() -> None:
    told = {"bad-0.json: truncated"}
    again = SyncReport(
        new=1, changed=0, unchanged=1, removed=0, papers=5, failed=(FileFailure("bad-0.json", "truncated"),)
    )
    assert not any("could not be read" in notice.title for notice in sync_notices(again, told))
    worse = SyncReport(
        new=0, changed=1, unchanged=1, removed=0, papers=5, failed=(FileFailure("bad-0.json", "not JSON"),)
    )
    (notice,) = [notice for notice in sync_notices(worse, told) if "could not be read" in notice.title]
    assert notice.message.startswith("bad-0.json: not JSON"), "a new reason is said"


def test_the_detail_reads_in_order_with_a_translated_title_under_the_title() -> None:
    paper = Paper(
        key="2501.00001",
        title="Sparse Routers",
        other_titles=("稀疏路由器",),
        abstract="We route tokens.",
        summary="Routers, sparsely.",
        keywords=("routing",),
        links=build_links("2501.00001", "Sparse Routers"),
        arxiv_id="2501.00001",
    )
    lines = [block.content.plain for block in detail_blocks(paper)]
    order = [lines.index(text) for text in ("Sparse Routers", "稀疏路由器", "AI summary", "Abstract")]
    assert order == sorted(order)
    assert lines.index("Abstract") < next(i for i, line in enumerate(lines) if line.startswith("Links"))
    url = next(block for block in detail_blocks(paper) if block.content.plain.startswith("https://"))
    assert not url.wrap, "a URL is never broken across lines"
    assert "(no abstract)" not in " ".join(lines)
