"""The reader when the machine around it lets it down: no clipboard, a data dir it cannot
write, a paper whose only link is not http(s)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.core import paths
from reader.ui import system
from reader.ui.app import PapersApp
from tests.factories import FakePaper, write_page_copy
from tests.ui.conftest import settle

SIZE = (120, 36)
MakeApp = Callable[..., PapersApp]


def notices(app: PapersApp) -> list[str]:
    """Title and message of every notification shown so far."""
    return [f"{note.title}: {note.message}" for note in app._notifications]


async def test_without_any_clipboard_the_notice_shows_the_link(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(system, "native_clipboard", lambda: False)
    assert not system.copy_native("x"), "no native clipboard: nothing is attempted"
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        paper = app.reader.paper_list.current_paper
        assert paper is not None
        await pilot.press("y")
        await settle(pilot)
        assert app.clipboard == paper.url, "OSC 52 is always sent"
        copied = [entry.message for entry in app.log_entries if entry.title == "Copied: link"]
        assert copied == [paper.url], "the link can be copied by hand from the messages (ctrl+l)"


async def test_a_data_dir_that_cannot_be_written_still_browses_and_searches(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("PAPERS_DATA_DIR", str(blocker / "data"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = app.reader.paper_list.current_key
        await pilot.press("b")
        await settle(pilot)
        assert any("bookmark not saved" in notice for notice in notices(app))
        assert first not in app.library.bookmark_keys()
        assert "not bookmarked" in app.reader.detail.text
        await pilot.press("j")
        assert app.reader.paper_list.current_key != first, "browsing goes on"
        await pilot.press("slash", *"routing", "enter")
        await settle(pilot)
        assert app.reader.section is not None and app.reader.section.kind == "search"
        assert app.reader.paper_list.current_paper is not None
        assert app.reader.paper_list.current_paper.title == "Sparse mixture routing for video diffusion"
    assert not paths.bookmarks_file().exists()


async def test_a_link_that_is_not_http_is_never_opened(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    root = tmp_path / "hostile"
    write_page_copy(root / "2025-12-18.txt", "Dec 18", [FakePaper("A paper", "Nothing to see.")])
    saved = {
        "version": 1,
        "bookmarks": [
            {"key": "title:gone", "title": "Gone", "url": "javascript:alert(1)", "added": "2025-12-18T00:00:00+00:00"}
        ],
    }
    paths.bookmarks_file().parent.mkdir(parents=True, exist_ok=True)
    paths.bookmarks_file().write_text(json.dumps(saved), encoding="utf-8")
    opened: list[str] = []
    monkeypatch.setattr(system.webbrowser, "open", lambda url, *args, **kwargs: opened.append(url) or True)
    monkeypatch.setattr(system.webbrowser, "get", lambda *args: pytest.fail("no browser may be looked up"))
    app = make_app(root)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("B")
        await settle(pilot)
        paper = app.reader.paper_list.current_paper
        assert paper is not None and paper.missing and paper.url == "javascript:alert(1)"
        await pilot.press("o")
        await settle(pilot)
    assert opened == []
    assert any("not opened" in notice for notice in notices(app))
