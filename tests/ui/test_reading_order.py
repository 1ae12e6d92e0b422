"""Where a morning's reading opens and which day ``n`` goes on to: plain functions, no app."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.library import Library
from reader.ui.days import Section
from reader.ui.reading_order import Opening, morning_ref, next_unread_day
from tests.ui.conftest import write_library

DAY_15, DAY_16, DAY_17 = dt.date(2025, 12, 15), dt.date(2025, 12, 16), dt.date(2025, 12, 17)


def _days(unread: list[int]) -> list[Section]:
    """A left pane: the Unread entry, then days newest first with these unread counts."""
    first = dt.date(2025, 12, 31)
    days = [Section("day", 10, day=first - dt.timedelta(days=i), unread=count) for i, count in enumerate(unread)]
    return [Section("unread", sum(unread)), *days]


def test_n_goes_to_the_next_older_day_with_unread_papers_and_N_to_the_newer() -> None:
    sections = _days([3, 0, 0, 2, 0])
    assert next_unread_day(sections, 1, 1) == 4
    assert next_unread_day(sections, 4, -1) == 1
    assert next_unread_day(sections, 4, 1) is None
    assert next_unread_day(sections, 1, -1) is None


@given(st.lists(st.integers(0, 3), min_size=1, max_size=12), st.data())
def test_the_day_found_has_unread_papers_and_none_is_skipped_on_the_way(unread: list[int], data: st.DataObject) -> None:
    sections = _days(unread)
    current = data.draw(st.integers(1, len(sections) - 1))
    step = data.draw(st.sampled_from([1, -1]))
    found = next_unread_day(sections, current, step)
    between = range(current + step, found if found is not None else (len(sections) if step > 0 else 0), step)
    assert all((sections[index].unread or 0) == 0 for index in between if index > 0)
    if found is not None:
        assert (sections[found].unread or 0) > 0 and (found - current) * step > 0


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    """The UI tests' fixture dumps, indexed."""
    library = Library([write_library(tmp_path / "dumps")])
    library.sync()
    yield library
    library.close()


def _sections(library: Library) -> list[Section]:
    return [Section("day", len(library.keys(day)), day=day) for day in (DAY_17, DAY_16, DAY_15)]


def test_the_reader_stays_on_a_remembered_day_with_unread_papers_when_nothing_arrived(library: Library) -> None:
    sections = _sections(library)
    assert morning_ref(library, sections, Opening(f"day:{DAY_16}", time.time())) is None
    assert morning_ref(library, [*sections, Section("bookmarks")], Opening("bookmarks", time.time())) is None


def test_a_day_read_through_or_new_papers_open_the_newest_day_with_unread_papers(library: Library) -> None:
    sections = _sections(library)
    library.mark_read(library.keys(DAY_17) + library.keys(DAY_16))
    assert morning_ref(library, sections, Opening(f"day:{DAY_16}", time.time())) == f"day:{DAY_15}"
    library.mark_read(library.keys(DAY_17), read=False)
    library.arrivals.add(list(library.papers(library.keys(DAY_17)).values()))
    assert morning_ref(library, sections, Opening("bookmarks", time.time() - 60)) == f"day:{DAY_17}"
    library.mark_read(library.keys())
    assert morning_ref(library, sections, Opening(None, None)) is None  # all read: nowhere to go
