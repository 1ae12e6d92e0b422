"""Tags, notes and saved searches in the reader: every key and view, checked against the
store files and the panes."""

from __future__ import annotations

import contextlib
import json
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from reader.core import paths
from reader.ui.annotate_dialogs import ConfirmDialog, NoteDialog, SaveSearchDialog, TagsDialog
from reader.ui.app import PapersApp
from reader.ui.days import Section
from tests.ui.conftest import DEC_17, settle

SIZE = (120, 36)
MakeApp = Callable[..., PapersApp]


def stored() -> list[dict[str, object]]:
    """The bookmarks file as written."""
    return json.loads(paths.bookmarks_file().read_text(encoding="utf-8"))["bookmarks"]  # type: ignore[no-any-return]


def left_pane(app: PapersApp) -> list[tuple[str, int]]:
    """The left pane's rows of bookmarks, tags and saved searches: (ref, count)."""
    kinds = ("bookmarks", "tag", "saved")
    return [(section.ref, section.count) for section in app.reader.day_list.sections if section.kind in kinds]


async def test_t_tags_the_paper_bookmarks_it_and_lists_the_tag_under_bookmarks(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t")
        assert isinstance(app.screen, TagsDialog)
        await pilot.press(*"Agents, rl", "enter")
        await settle(pilot)
        (item,) = stored()
        assert item["title"] == DEC_17[0].title and item["tags"] == ["Agents", "rl"]
        assert left_pane(app)[:3] == [("bookmarks", 1), ("tag:agents", 1), ("tag:rl", 1)]
        assert "Tags Agents, rl" in app.reader.detail.text
        # The second paper: "ag" completes to the tag in use (tab), case and all.
        await pilot.press("j", "t", "a", "g")
        await pilot.pause()
        await pilot.press("tab", *"new", "enter")
        await settle(pilot)
        assert stored()[1]["tags"] == ["Agents", "new"]
        assert left_pane(app)[:4] == [("bookmarks", 2), ("tag:agents", 2), ("tag:new", 1), ("tag:rl", 1)]
        # Selecting a tag lists its papers.
        app.reader.day_list.select("tag:rl")
        await settle(pilot)
        assert [app.reader.library.paper(key).title for key in app.reader.paper_list.keys] == [DEC_17[0].title]  # type: ignore[union-attr]


async def test_removing_the_last_tag_keeps_the_bookmark_and_escape_changes_nothing(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t", *"solo", "enter")
        await settle(pilot)
        await pilot.press("t")
        assert app.screen.query_one(Input).value == "solo"
        await pilot.press("escape")
        await settle(pilot)
        assert stored()[0]["tags"] == ["solo"]
        await pilot.press("t", *["backspace"] * 4, "enter")
        await settle(pilot)
        assert stored()[0]["tags"] == [] and left_pane(app) == [("bookmarks", 1)]


async def test_a_tag_that_cannot_be_kept_says_why_and_saves_nothing(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t", *'agents, "quoted"', "enter")
        await settle(pilot)
        # The dialog stays open with the reason, and what was typed is kept to correct.
        assert isinstance(app.screen, TagsDialog)
        assert "quote" in str(app.screen.query_one("#tags-error").render())
        assert app.screen.query_one(Input).value == 'agents, "quoted"'
        await pilot.press("escape")
        await settle(pilot)
        assert not paths.bookmarks_file().exists()
        await pilot.press("t", *"x" * 60, "enter")  # too long: the same
        await settle(pilot)
        assert isinstance(app.screen, TagsDialog) and "longer than" in str(app.screen.query_one("#tags-error").render())
        await pilot.press("ctrl+a", "ctrl+k", *"agents", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, TagsDialog) and stored()[0]["tags"] == ["agents"]


async def test_e_writes_a_note_saved_on_close_shown_as_data_and_marked_in_the_list(make_app: MakeApp) -> None:
    app = make_app()
    note = "Read §3 first.\n[bold red]not markup[/]"
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "e")
        assert isinstance(app.screen, NoteDialog)
        app.screen.query_one(TextArea).insert(note)
        await pilot.press("escape")
        await settle(pilot)
        (item,) = stored()
        assert item["note"] == note and item["title"] == DEC_17[1].title
        assert "Read §3 first." in app.reader.detail.text and "[bold red]not markup[/]" in app.reader.detail.text
        assert "✎" in app.reader.paper_list.render_row(1, 80).plain
        assert "✎" not in app.reader.paper_list.render_row(0, 80).plain
        assert app.reader.library.search("has:note").total == 1
        # Emptied, the note goes; the bookmark stays.
        await pilot.press("e")
        app.screen.query_one(TextArea).clear()
        await pilot.press("escape")
        await settle(pilot)
        assert stored()[0]["note"] == "" and "✎" not in app.reader.paper_list.render_row(1, 80).plain


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """``$EDITOR`` as a script that appends a line to the file it is given (and keeps a copy
    of what it was given), with the app's suspend a no-op (the test terminal has none)."""
    seen = tmp_path / "seen.txt"
    script = tmp_path / "editor.sh"
    script.write_text(f'#!/bin/sh\ncp "$1" {seen}\nprintf "added in the editor\\n" >> "$1"\n')
    script.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(script))
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setattr(PapersApp, "suspend", lambda self: contextlib.nullcontext())
    yield seen


async def test_ctrl_e_edits_the_note_in_the_editor(make_app: MakeApp, editor: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        app.screen.query_one(TextArea).insert("first line")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert editor.read_text() == "first line\n"
        assert stored()[0]["note"] == "first line\nadded in the editor"


async def test_an_editor_that_is_missing_changes_nothing(
    make_app: MakeApp, editor: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", "no-such-editor-here --wait")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert not paths.bookmarks_file().exists()
        assert any("no editor 'no-such-editor-here'" in str(n.message) for n in app._notifications)


async def test_b_asks_before_removing_a_bookmark_with_tags_or_a_note(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t", *"keep", "enter")
        await settle(pilot)
        await pilot.press("b")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(pilot)
        assert stored()[0]["tags"] == ["keep"]
        await pilot.press("b")
        await pilot.press("y")
        await settle(pilot)
        assert stored() == [] and left_pane(app) == [("bookmarks", 0)]
        # A plain bookmark is removed at once, as before.
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmDialog) and stored() == []


async def test_ctrl_s_saves_the_search_as_a_left_pane_entry_with_its_count(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, SaveSearchDialog)  # no search yet: it says so
        await pilot.press("/", *"diffusion", "enter")
        await settle(pilot)
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, SaveSearchDialog)
        await pilot.press(*"Diffusion papers", "enter")
        await settle(pilot)
        data = tomllib.loads(paths.saved_searches_file().read_text(encoding="utf-8"))
        assert data["search"] == [{"name": "Diffusion papers", "query": "diffusion"}]
        rows = {section.ref: section for section in app.reader.day_list.sections}
        saved = rows["saved:Diffusion papers"]
        assert saved.counted and saved.count == app.reader.library.search("diffusion").total > 0
        assert app.reader.section is not None and app.reader.section.kind == "search"  # still on the search
        app.reader.day_list.select("saved:Diffusion papers")
        await settle(pilot)
        assert len(app.reader.paper_list.keys) == saved.count


async def test_saved_searches_and_tags_are_there_after_a_restart_and_a_hand_edit(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t", *"agents", "enter")
        await settle(pilot)
    paths.saved_searches_file().parent.mkdir(parents=True, exist_ok=True)
    paths.saved_searches_file().write_text('[[search]]\nname = "Tagged"\nquery = "has:tags"\n[[search]]\nname = 1\n')
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rows = {section.ref: section for section in again.reader.day_list.sections}
        assert rows["tag:agents"].count == 1 and rows["saved:Tagged"].count == 1
        assert any("search 2 needs a name" in str(n.message) for n in again._notifications)


async def test_a_damaged_bookmarks_file_is_backed_up_and_the_reader_starts(make_app: MakeApp) -> None:
    path = paths.bookmarks_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"version": 1, "bookmarks": [{"key": "x", "title": "Gone paper", "tags": ["old"]}, {"ke')
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert ("tag:old", 1) in left_pane(app)
        await pilot.press("t", *"new", "enter")
        await settle(pilot)
        assert [item["title"] for item in stored()] == ["Gone paper", DEC_17[0].title]
        assert len(list(path.parent.glob("bookmarks.json.bad-*"))) == 1


def test_saved_searches_count_their_unread_matches(make_app: MakeApp) -> None:
    from reader.ui.reading import count_saved

    app = make_app()
    library = app.reader.library
    library.saved_searches.save("Diffusion", "diffusion")
    library.saved_searches.save("Broken", "title:(")
    searches = library.saved_searches.items
    total = library.search("diffusion").total
    assert count_saved(library, searches).counts == {"Diffusion": (total, True, total), "Broken": (0, True, None)}
    library.mark_read(list(library.search("diffusion").keys)[:2])
    assert count_saved(library, searches).counts["Diffusion"] == (total, True, total - 2)


async def test_the_palette_exports_the_tag_shown_and_a_saved_search_shows_its_unread(make_app: MakeApp) -> None:
    import bibtexparser

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t", *"agents", "enter", "j", "t", *"other", "enter")
        await settle(pilot)
        app.reader.day_list.select("tag:agents")
        await settle(pilot)
        commands = [command.title for command in app.get_system_commands(app.reader)]
        assert "Export the tag agents as BibTeX" in commands and "Export the tag agents as CSL-JSON" in commands
        app.reader.export_bookmarks("bibtex", "agents")
        await settle(pilot)
        exported = paths.data_dir() / "exports" / "bookmarks-agents.bib"
        (entry,) = bibtexparser.parse_string(exported.read_text(encoding="utf-8")).entries
        assert entry["keywords"] == "agents"
        app.reader.day_list.set_section(0, Section("saved", 5, name="S", unread=2))
        row = app.reader.day_list.render_row(0, 40).plain
        assert row.startswith(" ⌕ S ") and row.rstrip().endswith(" 2/5")
        app.reader.day_list.set_section(0, Section("saved", name="S", counted=False))
        assert app.reader.day_list.render_row(0, 40).plain.rstrip().endswith(" …")


async def test_an_empty_note_on_a_paper_not_bookmarked_writes_nothing(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.press("escape")
        await settle(pilot)
        assert not paths.bookmarks_file().exists()
        assert not app.reader.library.is_bookmarked(app.reader.paper_list.current_paper)  # type: ignore[arg-type]
