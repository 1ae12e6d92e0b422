"""What the reader shows: literal dump text, the virtual list, the welcome view, notices,
missing bookmarks; and that the core never imports the UI toolkit."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from textual.app import App, ComposeResult

from reader.core import paths
from reader.core.errors import IndexBusy
from reader.core.models import Paper
from reader.ui.app import PapersApp, run
from reader.ui.dialogs import FailuresScreen, LogScreen
from reader.ui.paper_list import PaperList
from reader.ui.state import UiState, load_state
from tests.factories import FakePaper, write_page_copy
from tests.ui.conftest import MARKUP_TITLES, settle, write_library

SIZE = (120, 36)
MakeApp = Callable[..., PapersApp]
ROOT = Path(__file__).resolve().parents[2]


def messages(app: PapersApp) -> list[str]:
    """The titles and messages of the notifications shown so far."""
    return [f"{n.title}: {n.message}" for n in app._notifications]


async def test_markup_looking_titles_show_literally_and_never_act(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rows = [app.reader.paper_list.render_line(y).text for y in range(len(MARKUP_TITLES))]
        assert "[CLS] token pooling" in rows[0]
        assert "List[int] and x[/] in" in rows[1]
        assert "[@click=app.quit]x marks" in rows[2]
        assert "[link=file:///etc/passwd]" in rows[3]
        assert "[B]old claims" in rows[4]
        for index, title in enumerate(MARKUP_TITLES):
            app.reader.paper_list.set_cursor(index)
            await settle(pilot)  # the detail follows once the selection rests
            assert app.reader.detail.text.startswith(title)
            await pilot.click(app.reader.detail)
        await pilot.click(app.reader.paper_list, offset=(10, 3))
        await pilot.pause()
        assert app.is_running, "a title that looks like [@click=app.quit] is only text"
        assert app.reader.paper_list.cursor == 2
        links = [
            segment.style.link
            for y in range(len(MARKUP_TITLES))
            for segment in app.reader.paper_list.render_line(y)
            if segment.style is not None and segment.style.link
        ]
        assert links == []


class ListApp(App[None]):
    """A paper list alone, its papers titled after their keys; ``fetched`` counts each fetch."""

    def __init__(self) -> None:
        super().__init__()
        self.fetched: list[int] = []

    def fetch(self, batch: Sequence[str]) -> dict[str, Paper]:
        self.fetched.append(len(batch))
        return {key: Paper(key=key, title=f"Title of {key}", sources=("x",)) for key in batch}

    def compose(self) -> ComposeResult:
        yield PaperList(self.fetch, lambda paper: False, id="papers")


async def test_the_paper_list_is_virtual_over_100000_keys() -> None:
    keys = [f"key{n}" for n in range(100_000)]
    app = ListApp()
    fetched = app.fetched
    async with app.run_test(size=(80, 24)) as pilot:
        papers = app.query_one(PaperList)
        papers.focus()
        papers.show(keys)
        await pilot.pause()
        assert "Title of key0" in papers.render_line(0).text
        await pilot.press("G")
        await pilot.pause()
        assert papers.cursor == 99_999
        assert "Title of key99999" in papers.render_line(papers.cursor - round(papers.scroll_y)).text
        for _ in range(20):
            await pilot.press("k")
        await pilot.pause()
        assert papers.cursor == 99_979
        assert max(fetched) <= 100, "only the rows around the screen are fetched"
        assert sum(fetched) < 500


async def test_a_list_that_grows_or_shrinks_scrolls_to_its_new_end_and_its_scrollbar_follows() -> None:
    app = ListApp()
    async with app.run_test(size=(80, 24)) as pilot:
        papers = app.query_one(PaperList)
        papers.focus()
        for count in (1_000, 60, 5_000, 10, 200):  # the scrollbar stays, goes, comes back
            papers.show([f"key{n}" for n in range(count)])
            await pilot.pause()
            await pilot.press("G")
            await pilot.pause()
            height = papers.scrollable_content_region.height
            assert papers.cursor == count - 1
            assert round(papers.scroll_y) == max(0, count - height), f"{count} rows: the last one at the bottom"
            assert f"Title of key{count - 1}" in papers.render_line(papers.cursor - round(papers.scroll_y)).text
            assert papers.show_vertical_scrollbar == (count > height)
            if count > height:
                assert papers.vertical_scrollbar.window_virtual_size == count
        papers.show([f"key{n}" for n in range(150)], cursor=149)  # scrolled to the end of 150 rows
        await pilot.pause()
        papers.show([f"key{n}" for n in range(147)], cursor=140)  # three hidden; the cursor still in view
        await pilot.pause()
        assert round(papers.scroll_y) == papers.max_scroll_y == 147 - height, "no blank rows under the last"


async def test_an_empty_library_welcomes_and_offers_the_demo(
    make_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo = write_library(tmp_path / "demo")
    monkeypatch.setattr(paths, "demo_dumps_dir", lambda: demo)
    empty = tmp_path / "empty"
    empty.mkdir()
    app = make_app(empty)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        welcome = app.query_one("#welcome")
        assert welcome.display and not app.query_one("#main").display
        text = str(app.query_one("#welcome-text").render())
        assert "papers add FILE..." in text
        assert str(empty) in text
        assert "--dumps" in text
        await pilot.press("b", "slash")  # nothing to act on
        assert app.is_running and not app.reader.search_shown
        await pilot.press("d")
        await settle(pilot)
        assert not welcome.display and app.query_one("#main").display
        assert [root.resolve() for root in app.library.roots] == [demo.resolve()]
        assert app.reader.section is not None and app.reader.section.ref == "day:2025-12-17"
        assert app.reader.detail.paper is not None and app.reader.detail.paper.title == MARKUP_TITLES[0]


async def test_the_panes_show_the_index_before_the_sync_ends(make_app: MakeApp, dumps: Path) -> None:
    app = make_app()  # indexed beforehand
    write_page_copy(dumps / "2025-12-18-daily-papers.txt", "Dec 18", [FakePaper("A paper from the next day")])
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(500):
            if app.reader.section is not None and app.reader.paper_list.keys:
                break
            await pilot.pause(0.01)
        assert app.reader.section is not None
        assert app.reader.section.ref in ("day:2025-12-17", "day:2025-12-18")
        await settle(pilot)
        assert app.reader.section.ref == "day:2025-12-18", "the newest day once the sync found it"
        assert any("Index updated" in message for message in messages(app))


async def test_files_that_failed_are_reported_with_reasons(make_app: MakeApp, dumps: Path) -> None:
    (dumps / "broken.json").write_text('[{"paper": ', encoding="utf-8")
    (dumps / "empty.txt").write_text("", encoding="utf-8")
    app = make_app(presync=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        notice = next(message for message in messages(app) if "could not be read" in message)
        assert notice.startswith("2 files could not be read")
        assert "broken.json" in notice and "empty.txt" in notice
        await pilot.press("ctrl+p", *"could")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FailuresScreen)
        assert "broken.json" in str(app.screen.query_one("#failures-text").render())
        await pilot.press("escape")
        assert not isinstance(app.screen, FailuresScreen)


async def test_a_damaged_bookmarks_file_is_a_warning_at_start(make_app: MakeApp) -> None:
    paths.bookmarks_file().parent.mkdir(parents=True, exist_ok=True)
    paths.bookmarks_file().write_text("{damaged", encoding="utf-8")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        warnings = [n for n in app._notifications if n.severity == "warning"]
        assert any("bookmarks.json is damaged" in n.message for n in warnings)


async def test_a_bookmark_whose_paper_left_the_dumps_is_listed_as_missing(make_app: MakeApp, dumps: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        (dumps / "2025-12-17-daily-papers.txt").unlink()
        await pilot.press("ctrl+r")
        await settle(pilot)
        await pilot.press("B")
        await settle(pilot)
        assert len(app.reader.paper_list.keys) == 1
        row = app.reader.paper_list.render_line(0).text
        assert row.startswith("★ [CLS] token") and row.rstrip().endswith("not in the dumps any more")
        assert "not in the dumps any more" in app.reader.detail.text
        assert app.reader.section is not None and app.reader.section.ref == "bookmarks"


def test_state_round_trips_and_bad_values_fall_back(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    assert load_state(path) == UiState()
    path.write_text(UiState("day:2025-12-16", "k", reverse=True).to_json(), encoding="utf-8")
    assert load_state(path) == UiState("day:2025-12-16", "k", reverse=True)
    path.write_text(json.dumps({"entry": 3, "sort": "sideways", "reverse": "yes"}), encoding="utf-8")
    assert load_state(path) == UiState()
    path.write_bytes(b"\xff\xfe")
    assert load_state(path) == UiState()


def test_the_core_never_imports_textual_or_rich() -> None:
    code = (
        "import reader.core.library, reader.core.export, sys; "
        "assert not any(m.split('.')[0] in ('textual', 'rich') for m in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_run_opens_the_library_and_creates_the_default_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[PapersApp] = []

    def fake_run(self: PapersApp) -> None:
        ran.append(self)

    monkeypatch.setattr(PapersApp, "run", fake_run)
    folder = paths.default_dump_dir()
    assert run([folder], title="papers — test") == 0
    assert folder.is_dir(), "the welcome view tells the user to put dumps here"
    assert ran and ran[0].title == "papers — test"


async def test_a_new_theme_recolours_the_panes(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        panes = (app.reader.day_list, app.reader.paper_list, app.reader.detail)
        before = [[segment.style for segment in pane.render_line(2)] for pane in panes]
        app.theme = "gruvbox"
        await pilot.pause()
        after = [[segment.style for segment in pane.render_line(2)] for pane in panes]
        for old, new in zip(before, after, strict=True):
            assert old != new


async def test_a_sync_that_fails_is_reported_and_the_index_still_shown(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()

    def busy(*args: object, **kwargs: object) -> None:
        raise IndexBusy("another papers process is writing the index")

    monkeypatch.setattr(app.library, "sync", busy)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert any("another papers process" in message for message in messages(app))
        assert not app.reader.syncing and not app.reader.status_shown
        assert app.reader.section is not None and app.reader.section.ref == "day:2025-12-17"
        assert len(app.reader.paper_list.keys) == 5


async def test_a_long_notice_is_cut_and_ctrl_l_shows_every_message_in_full(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.notify("\n".join(f"bad-{n}.json: truncated [bold]x[/]" for n in range(20)), title="20 files", markup=False)
        await pilot.pause()
        toast = next(n for n in app._notifications if n.title == "20 files")
        assert len(toast.message.splitlines()) <= 7 and toast.message.endswith("ctrl+l shows all of it")
        await pilot.press("ctrl+l")
        assert isinstance(app.screen, LogScreen)
        text = str(app.screen.query_one("#log-text").render())
        assert "bad-19.json: truncated [bold]x[/]" in text, "in full, and literally"
        await pilot.press("escape")
        assert not isinstance(app.screen, LogScreen)


@pytest.mark.parametrize("width", [60, 80, 120])
async def test_the_welcome_text_wraps_to_the_terminal_not_at_80_columns(
    make_app: MakeApp, tmp_path: Path, width: int
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    app = make_app(empty)
    async with app.run_test(size=(width, 30)) as pilot:
        await settle(pilot)
        text = app.query_one("#welcome-text")
        lines = [strip.text.rstrip() for strip in text.render_lines(text.region.reset_offset)]
        assert all(len(line) <= text.region.width for line in lines)
        paragraph = " ".join(line.strip() for line in lines if line.strip())
        assert "Markdown digests and CSV all work" in paragraph
        if width >= 120:
            assert any("digests and CSV" in line for line in lines), "one paragraph, not a line cut at 80"


@pytest.mark.parametrize("size", [(50, 20), (40, 12), (80, 24)])
async def test_every_pane_fits_a_narrow_terminal(make_app: MakeApp, size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for pane in (app.reader.day_list, app.reader.paper_list, app.reader.detail):
            assert pane.region.right <= size[0] and pane.region.width > 0, pane.id


async def test_the_cursor_row_is_drawn_as_the_focus_is_now_frame_after_frame(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        papers = app.reader.paper_list
        region = papers.region.reset_offset

        def cursor_row_style() -> object:
            first_row = papers.scrollable_content_region.y - papers.region.y  # under the border
            line = papers.render_lines(region)[first_row]
            return max(line._segments, key=lambda segment: len(segment.text.strip())).style

        app.screen.set_focus(papers)
        await pilot.pause()
        focused = cursor_row_style()
        app.screen.set_focus(app.reader.day_list)
        await pilot.pause()
        away = cursor_row_style()
        app.screen.set_focus(papers)
        await pilot.pause()
        assert focused != away and cursor_row_style() == focused
