"""Read state in the reader: every key of the morning read, checked against ``read.json`` and
the panes (auto-read, ``r``, ``A`` / ``u``, ``n`` / ``N``, ``space`` / ``-``, ``J`` / ``K``, the
new marks and the day the reader opens on)."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.core import paths
from reader.ui import read_actions, reading
from reader.ui.app import PapersApp
from reader.ui.paper_list import NEW_SIGN
from reader.ui.state import UiState, save_state
from tests.factories import FakePaper, write_page_copy
from tests.ui.conftest import DEC_16, DEC_17, settle

MakeApp = Callable[..., PapersApp]
SIZE = (120, 36)
DAY_15, DAY_16, DAY_17 = dt.date(2025, 12, 15), dt.date(2025, 12, 16), dt.date(2025, 12, 17)


def stored_keys() -> set[str]:
    """The keys in ``read.json`` as written (empty when there is no file)."""
    path = paths.read_state_file()
    if not path.exists():
        return set()
    return {item["key"] for item in json.loads(path.read_text(encoding="utf-8"))["read"]}


def listed_titles(app: PapersApp) -> list[str]:
    papers = app.reader.library.papers(app.reader.paper_list.keys)
    return [papers[key].title for key in app.reader.paper_list.keys]


def current_title(app: PapersApp) -> str:
    paper = app.reader.paper_list.current_paper
    assert paper is not None
    return paper.title


def row_is_dimmed(app: PapersApp, index: int) -> bool:
    """True when row ``index`` of the list is drawn in the read rows' style."""
    papers = app.reader.paper_list
    read = papers.get_visual_style("paper-list--read", partial=True)
    row = papers.render_row(index, 80)
    title_at = 3 if papers.new_keys or papers.lists.watched or papers.lists.hidden else 2
    return any(span.style == read and span.start <= title_at < span.end for span in row.spans)


async def test_a_paper_shown_for_the_delay_becomes_read_and_its_row_dims_where_it_is(make_app: MakeApp) -> None:
    app = make_app(auto_read=0.3)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = app.reader.paper_list.current_key
        assert not row_is_dimmed(app, 0)
        await pilot.pause(0.6)
        await settle(pilot)
        assert stored_keys() == {first}
        assert row_is_dimmed(app, 0) and app.reader.paper_list.keys[0] == first  # nothing moved
        assert "· 4 unread" in str(app.reader.paper_list.border_title)
        day = app.reader.day_list.sections[app.reader.day_list.index_of(f"day:{DAY_17}") or 0]
        assert day.unread == 4
        # Moving on before the delay leaves the next paper unread.
        await pilot.press("j")
        await pilot.pause(0.05)
        await pilot.press("j")
        await settle(pilot)
        assert len(stored_keys()) == 1


async def test_r_toggles_read_and_auto_read_leaves_a_paper_marked_unread_alone(make_app: MakeApp) -> None:
    app = make_app(auto_read=0.3)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        key = app.reader.paper_list.current_key
        await pilot.press("r")
        await settle(pilot)
        assert stored_keys() == {key} and row_is_dimmed(app, 0)
        await pilot.press("r")
        await settle(pilot)
        assert stored_keys() == set() and not row_is_dimmed(app, 0)
        await pilot.pause(0.6)  # still shown, past the delay: the user's "unread" stands
        await settle(pilot)
        assert stored_keys() == set()


async def test_A_marks_exactly_the_days_papers_and_u_takes_it_back(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        library = app.reader.library
        await pilot.press("A")
        await settle(pilot)
        assert stored_keys() == set(library.keys(DAY_17))
        assert all(row_is_dimmed(app, index) for index in range(5))
        assert "· 0 unread" in str(app.reader.paper_list.border_title)
        unread = next(section for section in app.reader.day_list.sections if section.ref == "unread")
        assert unread.count == 5  # Dec 16 and Dec 15 are left
        await pilot.press("u")
        await settle(pilot)
        assert stored_keys() == set()
        assert not any(row_is_dimmed(app, index) for index in range(5))


async def test_u_after_the_undo_time_changes_nothing(make_app: MakeApp, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        monkeypatch.setattr(read_actions, "UNDO_SECONDS", 0.0)
        await pilot.pause(0.05)
        await pilot.press("u")
        await settle(pilot)
        assert stored_keys() == set(app.reader.library.keys(DAY_17))
        assert any("Nothing to undo" in str(toast.message) for toast in app._notifications)


async def test_A_on_a_search_marks_every_match_not_only_those_listed(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reading, "SEARCH_LIMIT", 2)  # the list holds 2 of the matches
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        library = app.reader.library
        matches = set(library.search("diffusion", limit=None).keys)
        assert len(matches) > 2
        await pilot.press("slash", *"diffusion", "enter")
        await settle(pilot)
        assert len(app.reader.paper_list.keys) == 2
        await pilot.press("A")
        await settle(pilot)
        assert stored_keys() == matches
        assert library.unread_counts().total == len(library.keys()) - len(matches)


async def test_A_under_a_filter_marks_only_the_rows_it_keeps(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("left_square_bracket")  # Dec 16
        await settle(pilot)
        await pilot.press("vertical_line", *"agents", "enter")
        await settle(pilot)
        assert listed_titles(app) == ["Graph retrieval agents that plan"]
        await pilot.press("A")
        await settle(pilot)
        assert stored_keys() == set(app.reader.paper_list.keys)


async def test_n_goes_to_the_next_unread_paper_and_on_to_the_next_day_that_has_any(make_app: MakeApp) -> None:
    app = make_app()
    library = app.reader.library
    dec17 = library.keys(DAY_17)
    dec16 = library.keys(DAY_16)
    library.mark_read([dec17[1], dec17[2], *dec17[4:]])  # unread on Dec 17: rows 0 and 3
    library.mark_read(dec16)  # Dec 16 read through: n goes on to Dec 15
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        papers = app.reader.paper_list
        assert papers.cursor == 0
        await pilot.press("n")
        assert papers.cursor == 3
        await pilot.press("n")
        await settle(pilot)
        assert app.reader.section is not None and app.reader.section.day == DAY_15
        assert papers.current_key == library.keys(DAY_15)[0]
        await pilot.press("N")  # back over the day read through, to Dec 17's last unread
        await settle(pilot)
        assert app.reader.section is not None and app.reader.section.day == DAY_17
        assert papers.current_key == dec17[3]
        await pilot.press("N")
        assert papers.cursor == 0
        await pilot.press("N")
        await settle(pilot)
        assert papers.cursor == 0 and any("No unread paper before" in str(n.message) for n in app._notifications)


async def test_space_pages_the_abstract_then_marks_it_read_and_goes_on(make_app: MakeApp, tmp_path: Path) -> None:
    long_abstract = " ".join(f"Sentence {number} of a long abstract about diffusion." for number in range(120))
    root = tmp_path / "long"
    write_page_copy(
        root / "2025-12-17-daily-papers.txt",
        "Dec 17",
        [FakePaper("A paper with a long abstract", long_abstract), FakePaper("The next paper", "Short.")],
    )
    app = make_app(root)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        detail = app.reader.detail
        await pilot.press("enter")  # into the detail pane
        assert app.focused is detail and detail.max_scroll_y > 0
        pages = 0
        while detail.scroll_y < detail.max_scroll_y:
            await pilot.press("space")
            pages += 1
            assert pages < 50
        assert pages > 1 and stored_keys() == set()
        await pilot.press("minus")
        assert detail.scroll_y < detail.max_scroll_y
        await pilot.press("end", "space")  # at the end: read, and on to the next paper
        await settle(pilot)
        assert len(stored_keys()) == 1
        assert current_title(app) == "The next paper" and detail.scroll_y == 0
        assert app.focused is detail


async def test_J_and_K_move_from_paper_to_paper_without_leaving_the_detail(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        assert app.focused is app.reader.detail
        await pilot.press("J")
        await settle(pilot)
        assert current_title(app) == DEC_17[1].title and app.reader.detail.paper is not None
        assert app.reader.detail.paper.title == DEC_17[1].title and app.focused is app.reader.detail
        await pilot.press("K")
        await settle(pilot)
        assert current_title(app) == DEC_17[0].title


async def test_papers_read_in_the_unread_entry_stay_listed_until_it_is_left(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.reader.day_list.select("unread")
        await settle(pilot)
        keys = list(app.reader.paper_list.keys)
        await pilot.press("r", "j", "r")
        await settle(pilot)
        assert app.reader.paper_list.keys == keys and app.reader.paper_list.cursor == 1
        assert len(stored_keys()) == 2
        app.reader.day_list.select("all")
        await settle(pilot)
        app.reader.day_list.select("unread")
        await settle(pilot)
        assert app.reader.paper_list.keys == [key for key in keys if key not in stored_keys()]


async def test_marks_still_queued_are_written_when_the_reader_quits(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        keys = app.reader.paper_list.keys[:3]
        await pilot.press("r", "j", "r", "j", "r", "q")
    assert stored_keys() == set(keys)


async def test_another_reader_marking_other_papers_meanwhile_keeps_both(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        other = make_app()  # a second reader over the same user files
        other_key = other.library.keys(DAY_16)[0]
        other.library.mark_read([other_key])
        await pilot.press("r")
        await settle(pilot)
        assert stored_keys() == {app.reader.paper_list.current_key, other_key}


async def test_a_damaged_read_state_is_backed_up_and_the_reader_starts(make_app: MakeApp) -> None:
    path = paths.read_state_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"version": 1, "read": [{"key": "x"', encoding="utf-8")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert len(app.reader.paper_list.keys) == 5
        assert list(path.parent.glob("read.json.bad-*"))
        await pilot.press("r")
        await settle(pilot)
        assert stored_keys() == {app.reader.paper_list.current_key}


def _remember(state_path: Path, entry: str, seen_at: float) -> None:
    assert save_state(state_path, UiState(entry=entry, seen_at=seen_at)) is None


async def test_the_reader_opens_on_the_new_day_with_its_papers_marked_new(
    make_app: MakeApp, dumps: Path, state_path: Path
) -> None:
    app = make_app()
    app.library.mark_read(app.library.keys(DAY_17))  # yesterday's reading
    _remember(state_path, f"day:{DAY_17}", time.time())
    app.library.close()
    time.sleep(0.01)
    new = [FakePaper(f"New paper {number} on speculative decoding", "Fresh from today.") for number in range(3)]
    write_page_copy(dumps / "2025-12-18-daily-papers.txt", "Dec 18", new)
    app = make_app(presync=False)  # the reader's own sync finds the new day
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        reader = app.reader
        assert reader.section is not None and reader.section.day == dt.date(2025, 12, 18)
        assert reader.paper_list.new_keys == frozenset(reader.library.keys(dt.date(2025, 12, 18)))
        assert reader.paper_list.render_row(0, 80).plain[1] == NEW_SIGN
        assert reader.library.is_read(
            reader.library.papers(reader.library.keys(DAY_17))[reader.library.keys(DAY_17)[0]]
        )
        await pilot.press("r")
        await settle(pilot)
        assert reader.paper_list.render_row(0, 80).plain[1] != NEW_SIGN  # read: no longer marked new


async def test_a_remembered_day_read_through_opens_on_the_newest_day_with_unread_papers(
    make_app: MakeApp, state_path: Path
) -> None:
    app = make_app()
    app.library.mark_read(app.library.keys(DAY_17))
    app.library.mark_read(app.library.keys(DAY_16))
    _remember(state_path, f"day:{DAY_16}", time.time())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.reader.section is not None and app.reader.section.day == DAY_15


async def test_a_remembered_day_with_unread_papers_and_nothing_new_stays(make_app: MakeApp, state_path: Path) -> None:
    app = make_app()
    _remember(state_path, f"day:{DAY_16}", time.time())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.reader.section is not None and app.reader.section.day == DAY_16
        assert listed_titles(app)[0] == DEC_16[0].title


async def test_saved_searches_count_their_unread_again_after_a_mark(make_app: MakeApp) -> None:
    app = make_app()
    app.library.saved_searches.save("Diffusion", "diffusion")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)

        def saved() -> tuple[int, int | None]:
            section = next(section for section in app.reader.day_list.sections if section.kind == "saved")
            return section.count, section.unread

        total, unread = saved()
        assert unread == total
        await pilot.press("A")  # Dec 17: every paper is about diffusion
        await settle(pilot)
        assert saved() == (total, total - 5)
