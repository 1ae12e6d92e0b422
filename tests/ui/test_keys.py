"""Every key of the reader, driven with the pilot, checked against the app's state."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.core import paths
from reader.core.citations import Citation, bibtex
from reader.core.links import markdown_link
from reader.core.models import Sort
from reader.ui.app import PapersApp
from reader.ui.days import DayList
from reader.ui.detail import PaperDetail
from reader.ui.dialogs import KEYS, CopyMenu, HelpScreen
from reader.ui.paper_list import PaperList
from reader.ui.reader_screen import DETAIL_REST
from reader.ui.render import MATCH_STYLE
from tests.factories import FakePaper, write_page_copy
from tests.ui.conftest import DEC_17, settle

SIZE = (120, 36)
DEC_17_REF = "day:2025-12-17"
DEC_16_REF = "day:2025-12-16"
DEC_15_REF = "day:2025-12-15"
MakeApp = Callable[..., PapersApp]


def selected_title(app: PapersApp) -> str:
    """The title of the paper in the detail pane."""
    assert app.reader.detail.paper is not None
    return app.reader.detail.paper.title


async def test_start_selects_the_newest_day_focuses_the_list_and_shows_its_first_paper(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.reader.section is not None and app.reader.section.ref == DEC_17_REF
        assert isinstance(app.focused, PaperList)
        assert app.reader.paper_list.cursor == 0
        assert selected_title(app) == DEC_17[0].title
        assert [entry.ref for entry in app.reader.day_list.sections] == [
            "foryou",
            "unread",
            "bookmarks",
            "all",
            DEC_17_REF,
            DEC_16_REF,
            DEC_15_REF,
        ]
        assert [entry.count for entry in app.reader.day_list.sections] == [0, 10, 0, 10, 5, 3, 2]


async def test_j_k_and_arrows_move_the_selection(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "j")
        assert app.reader.paper_list.cursor == 2
        await settle(pilot)  # the detail shows where quick moves stop, once they stop
        assert selected_title(app) == DEC_17[2].title
        await pilot.press("k")
        await settle(pilot)
        assert selected_title(app) == DEC_17[1].title
        await pilot.press("down", "down")
        assert app.reader.paper_list.cursor == 3
        await pilot.press("up")
        assert app.reader.paper_list.cursor == 2
        await pilot.press("k", "k", "k")
        assert app.reader.paper_list.cursor == 0


async def test_the_detail_follows_at_once_after_a_rest_and_where_quick_moves_stop(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j")
        assert selected_title(app) == DEC_17[1].title, "a move after a rest is shown at once"
        assert not app.reader.detail_pending
        app.reader.paper_list.action_cursor_down()
        app.reader.paper_list.action_cursor_down()
        await pilot.pause()
        assert app.reader.paper_list.cursor == 3
        assert app.reader.detail_pending, "moves in quick succession wait for the selection to rest"
        assert selected_title(app) != DEC_17[3].title
        await pilot.pause(DETAIL_REST * 2.5)
        assert not app.reader.detail_pending
        assert selected_title(app) == DEC_17[3].title
        assert app.reader.detail.border_subtitle == "4 / 5"


async def test_g_G_home_end_go_to_the_top_and_bottom(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("G")
        assert app.reader.paper_list.cursor == 4
        assert selected_title(app) == DEC_17[4].title
        await pilot.press("g")
        assert app.reader.paper_list.cursor == 0
        await pilot.press("end")
        assert app.reader.paper_list.cursor == 4
        await pilot.press("home")
        assert app.reader.paper_list.cursor == 0


async def test_page_keys_move_a_page(make_app: MakeApp, tmp_path: Path) -> None:
    from tests.factories import FakePaper, write_page_copy

    many = [FakePaper(f"Paper number {n} about things") for n in range(200)]
    root = tmp_path / "many"
    write_page_copy(root / "2025-01-02-page.txt", "Jan 2", many)
    app = make_app(root)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        page = app.reader.paper_list.scrollable_content_region.height - 1
        await pilot.press("pagedown")
        assert app.reader.paper_list.cursor == page
        await pilot.press("ctrl+d")
        assert app.reader.paper_list.cursor == 2 * page
        await pilot.press("pageup")
        assert app.reader.paper_list.cursor == page
        await pilot.press("ctrl+u")
        assert app.reader.paper_list.cursor == 0
        await pilot.press("G")
        assert app.reader.paper_list.cursor == 199
        assert round(app.reader.paper_list.scroll_y) > 150, "the cursor row is scrolled into view"


async def test_tab_shift_tab_h_l_and_enter_change_pane(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.focused, PaperList)
        await pilot.press("tab")
        assert isinstance(app.focused, PaperDetail)
        await pilot.press("tab")
        assert isinstance(app.focused, DayList)
        await pilot.press("shift+tab")
        assert isinstance(app.focused, PaperDetail)
        await pilot.press("h", "h")
        assert isinstance(app.focused, DayList)
        await pilot.press("l")
        assert isinstance(app.focused, PaperList)
        await pilot.press("h", "j")  # the days pane: j selects the next entry (Dec 16)
        await settle(pilot)
        assert app.reader.section is not None and app.reader.section.ref == DEC_16_REF
        await pilot.press("enter")
        assert isinstance(app.focused, PaperList)
        await pilot.press("enter")
        assert isinstance(app.focused, PaperDetail)
        await pilot.press("j", "G", "g")  # j/G/g scroll the detail, the selection stays
        assert app.reader.paper_list.cursor == 0


async def test_brackets_go_to_the_previous_and_next_day(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert app.reader.section is not None and app.reader.section.ref == DEC_16_REF
        assert selected_title(app) == "Sparse mixture routing for video diffusion"
        await pilot.press("left_square_bracket", "left_square_bracket")
        await settle(pilot)
        assert app.reader.section.ref == DEC_15_REF, "the oldest day stays selected"
        assert "This is the oldest day" in [n.message for n in app._notifications], "and says so"
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert app.reader.section.ref == DEC_16_REF
        await pilot.press("B")
        await settle(pilot)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert app.reader.section.ref == DEC_17_REF, "from bookmarks, ] goes to the newest day"
        await pilot.press("B")
        await settle(pilot)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert app.reader.section.ref == DEC_15_REF, "and [ to the oldest"
        await pilot.press("slash", *"routing", "enter")
        await settle(pilot)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert app.reader.section.ref == DEC_15_REF, "from a search too"


async def test_a_search_total_that_is_an_upper_bound_says_so(
    make_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A "large" library: phrase candidates are checked as written two at a time, and the
    # search lists two papers, so the unchecked candidates are counted as they are.
    monkeypatch.setattr("reader.core.index._PHRASE_WINDOW", 2)
    monkeypatch.setattr("reader.ui.reading.SEARCH_LIMIT", 2)
    phrase = "large language models"
    written = [FakePaper(f"Written {n}", abstract=f"Large language models: we study {phrase}.") for n in range(3)]
    stemmed = [FakePaper(f"Stemmed {n}", abstract="A large language model here.") for n in range(3)]
    root = tmp_path / "phrases"
    write_page_copy(root / "2025-01-02.txt", "Jan 2", written + stemmed)
    app = make_app(root)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *f'"{phrase}"', "enter")
        await settle(pilot)
        titles = [app.library.papers([key])[key].title for key in app.reader.paper_list.keys]
        assert len(titles) == 2 and all(title.startswith("Written") for title in titles)
        search = app.reader.day_list.sections[0]
        assert search.ref == "search" and not search.exact and search.count == 6
        assert "· 2 of ~6 found" in str(app.reader.paper_list.border_title)
        assert app.reader.day_list.render_line(0).text.rstrip().endswith(" ~6")


async def test_search_lists_ranked_results_and_escape_returns(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        await pilot.press("j")
        before = app.reader.paper_list.current_key
        await pilot.press("slash")
        assert app.focused is not None and app.focused.id == "search"
        await pilot.press(*"routing", "enter")
        await settle(pilot)
        assert app.reader.section is not None and app.reader.section.kind == "search"
        assert app.reader.day_list.sections[0].ref == "search"
        assert app.reader.day_list.sections[0].count == 1
        assert app.reader.day_list.cursor == 0
        assert isinstance(app.focused, PaperList)
        assert selected_title(app) == "Sparse mixture routing for video diffusion"
        assert app.reader.paper_list.terms
        body = app.reader.detail.content
        matched = {body.plain[span.start : span.end].lower() for span in body.spans if span.style == MATCH_STYLE}
        assert "routing" in matched, "the detail highlights the matched terms"
        row = app.reader.paper_list.render_line(0).text
        assert "Sparse mixture routing" in row
        await pilot.press("escape")
        await settle(pilot)
        assert app.reader.section.ref == DEC_16_REF
        assert app.reader.paper_list.current_key == before
        assert all(entry.kind != "search" for entry in app.reader.day_list.sections)
        assert not app.reader.search_shown
        await pilot.press("slash", "escape")  # escape also closes a search never run
        assert not app.reader.search_shown
        assert isinstance(app.focused, PaperList)


async def test_search_updates_while_typing_across_days(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"diffusion")
        await pilot.pause(0.5)  # the typing pause runs the search by itself
        await settle(pilot)
        assert app.reader.section is not None and app.reader.section.kind == "search"
        titles = {paper.title for paper in app.library.papers(app.reader.paper_list.keys).values()}
        assert "Sparse mixture routing for video diffusion" in titles
        assert DEC_17[0].title in titles, "results come from every day"
        assert app.focused is not None and app.focused.id == "search", "typing keeps the focus in the box"


async def test_a_query_that_cannot_be_read_gets_a_message_not_a_crash(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"(((", "enter")
        await settle(pilot)
        error = app.query_one("#search-error")
        assert error.display
        assert "no words to search for" in str(error.render())
        assert app.is_running
        await pilot.press("escape")
        await settle(pilot)
        assert not error.display
        assert app.reader.section is not None and app.reader.section.ref == DEC_17_REF


async def test_b_toggles_the_bookmark_on_disk_and_B_shows_the_bookmarks(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "b")
        await settle(pilot)
        key = app.reader.paper_list.current_key
        saved = json.loads(paths.bookmarks_file().read_text(encoding="utf-8"))
        assert [item["key"] for item in saved["bookmarks"]] == [key]
        assert app.reader.paper_list.render_line(1).text.startswith("★ ")
        assert "★ bookmarked" in app.reader.detail.text
        assert app.reader.day_list.sections[app.reader.day_list.index_of("bookmarks") or 0].count == 1
        await pilot.press("B")
        await settle(pilot)
        assert app.reader.section is not None and app.reader.section.ref == "bookmarks"
        assert app.reader.paper_list.keys == [key]
        await pilot.press("b")
        await settle(pilot)
        saved = json.loads(paths.bookmarks_file().read_text(encoding="utf-8"))
        assert saved["bookmarks"] == []
        assert "not bookmarked" in app.reader.detail.text


async def test_y_copies_the_best_link_and_Y_offers_the_other_forms(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("left_square_bracket", "left_square_bracket")
        await settle(pilot)
        paper = app.reader.paper_list.current_paper
        assert paper is not None and paper.arxiv_id == "2512.00001"
        await pilot.press("y")
        assert app.clipboard == "https://huggingface.co/papers/2512.00001"
        assert any("huggingface.co/papers/2512.00001" in n.message for n in app._notifications)
        await pilot.press("Y")
        assert isinstance(app.screen, CopyMenu)
        await pilot.press("a")
        assert app.clipboard == "https://arxiv.org/abs/2512.00001"
        await pilot.press("Y", "p")
        assert app.clipboard == "https://arxiv.org/pdf/2512.00001"
        await pilot.press("Y", "c")
        assert app.clipboard == "https://github.com/example/2512-00001"
        await pilot.press("Y", "m")
        assert app.clipboard == markdown_link(paper)
        await pilot.press("Y", "b")
        assert app.clipboard == bibtex(Citation(paper))
        await pilot.press("Y", "j", "enter")  # the second choice, by the cursor
        assert app.clipboard == "https://arxiv.org/abs/2512.00001"
        await pilot.press("Y", "escape")
        assert not isinstance(app.screen, CopyMenu)
        assert app.clipboard == "https://arxiv.org/abs/2512.00001"


async def test_o_opens_the_best_link_in_a_worker(make_app: MakeApp, browser_opens: list[str]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert app.reader.paper_list.current_paper is not None
        assert browser_opens == [app.reader.paper_list.current_paper.url]


async def test_s_cycles_the_sort_and_S_reverses_it(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        day = dt.date(2025, 12, 16)
        assert app.reader.paper_list.keys == app.library.keys(day, Sort.PAGE)
        for sort in (Sort.POPULAR, Sort.PUBLISHED, Sort.TITLE):
            await pilot.press("s")
            await settle(pilot)
            assert app.reader.sort is sort
            assert app.reader.paper_list.keys == app.library.keys(day, sort)
            assert sort.label in str(app.reader.paper_list.border_subtitle)
        titles = [app.library.papers([key])[key].title for key in app.reader.paper_list.keys]
        assert titles == sorted(titles, key=str.lower)
        await pilot.press("S")
        await settle(pilot)
        assert app.reader.reverse
        assert app.reader.paper_list.keys == app.library.keys(day, Sort.TITLE, reverse=True)
        assert "↑" in str(app.reader.paper_list.border_subtitle)
        await pilot.press("s")
        await settle(pilot)
        assert app.reader.sort is Sort.PAGE


async def test_ctrl_r_rescans_the_dump_folders(make_app: MakeApp, dumps: Path) -> None:
    from tests.factories import FakePaper, write_page_copy

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        write_page_copy(dumps / "2025-12-18-daily-papers.txt", "Dec 18", [FakePaper("A paper from the next day")])
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert not app.reader.syncing
        assert not app.reader.status_shown
        assert "day:2025-12-18" in {entry.ref for entry in app.reader.day_list.sections}
        assert app.reader.day_list.sections[app.reader.day_list.index_of("all") or 0].count == 11
        app.clear_notifications()
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert "Index up to date: Nothing new in the dump folders" in [
            f"{n.title}: {n.message}" for n in app._notifications
        ]


async def test_question_mark_and_f1_show_the_help(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text").render())
        for key in ("j / k", "ctrl+p", "[ / ]", "Y", "ctrl+r", "escape"):
            assert key in text
        await pilot.press("b")  # reader keys do nothing under the help
        assert not paths.bookmarks_file().exists()
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("q")
        assert not isinstance(app.screen, HelpScreen)
        assert app.is_running


async def test_the_help_scrolls_with_the_move_keys_and_wraps_under_its_column(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        box = app.screen.query_one("#help-box")
        assert box.max_scroll_y > 0
        await pilot.press("G")
        assert box.scroll_y == box.max_scroll_y
        await pilot.press("g")
        assert box.scroll_y == 0
        await pilot.press("j", "j")
        assert box.scroll_y == 2
        text = app.screen.query_one("#help-text")
        lines = str(text.render()).splitlines()
        assert max(len(line) for line in lines) <= text.content_region.width, "the help wraps its own lines"
        headings = {group for group, _ in KEYS} | {"escape, q or ? closes this help"}
        assert {line for line in lines if line and not line[0].isspace()} <= headings, "no line starts at column 0"
        assert any(line.startswith(" " * 10) and line.strip() for line in lines), "at 80 columns some actions wrap"


async def test_the_command_palette_offers_the_readers_commands(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"title")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert app.reader.sort is Sort.TITLE
        await pilot.press("ctrl+p", *"json")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        exported = paths.data_dir() / "exports" / "bookmarks.json"
        assert json.loads(exported.read_text(encoding="utf-8")) == []
        assert any(str(exported) == entry.message for entry in app.log_entries), "the messages name it whole"
        await pilot.press("ctrl+p", *"all pa")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert app.reader.section is not None and app.reader.section.ref == "all"


async def test_q_quits(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0


async def test_the_selection_and_sort_are_remembered_between_runs(make_app: MakeApp, state_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        await pilot.press("s", "s", "s")
        await settle(pilot)
        await pilot.press("j")
        key = app.reader.paper_list.current_key
        await pilot.press("q")
    saved = json.loads(state_path.read_text(encoding="utf-8"))
    assert saved["entry"] == DEC_16_REF and saved["paper"] == key and saved["sort"] == "title"
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.reader.section is not None and again.reader.section.ref == DEC_16_REF
        assert again.reader.sort is Sort.TITLE
        assert again.reader.paper_list.current_key == key
        assert again.reader.detail.paper is not None and again.reader.detail.paper.key == key


async def test_a_corrupt_state_file_is_ignored(make_app: MakeApp, state_path: Path) -> None:
    state_path.parent.mkdir(parents=True)
    state_path.write_text("{not json", encoding="utf-8")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.reader.section is not None and app.reader.section.ref == DEC_17_REF
        assert app.reader.sort is Sort.PAGE


async def test_80x24_keeps_every_pane_visible(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen.region
        for widget in (app.reader.day_list, app.reader.paper_list, app.reader.detail, app.query_one("KeysFooter")):
            region = widget.region
            assert region.width >= 18 and region.height >= 1, widget
            assert screen.contains_region(region), widget
        assert app.reader.paper_list.region.height >= 5
        assert app.reader.detail.region.height >= 8
        assert "[CLS] token pooling" in app.reader.paper_list.render_line(0).text
        await pilot.press("j", "slash", *"quantization", "enter")
        await settle(pilot)
        assert selected_title(app) == "Quantization without tears"
