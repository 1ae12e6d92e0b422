"""``Annotating``: tags, notes and saved searches, as the reader shows and edits them.

``t`` edits the selected paper's tags (completing the tags in use), ``e`` its note in a
``TextArea`` saved on close, ``ctrl+e`` the note in ``$EDITOR`` with the reader suspended;
``ctrl+s`` saves the current search under a name. Tags become rows under the bookmarks and
saved searches rows of their own, counted in a worker after every read of the left pane
(so after every sync). Part of ``ReaderScreen``; the writes run in thread workers.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from textual import on, work
from textual.app import SuspendNotSupported

from reader.core.bookmarks import Bookmark
from reader.core.citations import Citation
from reader.core.errors import ReaderError
from reader.core.models import Paper
from reader.core.saved_searches import SavedSearch
from reader.ui.annotate_dialogs import ConfirmDialog, NoteDialog, SaveSearchDialog, TagsDialog
from reader.ui.days import Section, saved_sections
from reader.ui.messages import Annotated, SavedCounted, SectionsRead
from reader.ui.reader_parts import ReaderParts
from reader.ui.reading import count_saved
from reader.ui.render import plural
from reader.ui.system import edit_file

ANNOTATED_SECTIONS = frozenset({"bookmarks", "tag", "saved", "search"})
"""Sections whose list may change when a paper's tags or note do: read again after a change."""


class Annotating(ReaderParts):
    """Tags, notes and saved searches, mixed into ``ReaderScreen``."""

    search_section: Section | None
    saved_counts: dict[str, tuple[int, bool, int | None]]
    """The saved searches' latest counts, by name (shown until the next count is in)."""

    def current_mark(self) -> tuple[Paper, Bookmark | None] | None:
        """The selected paper and its bookmark (None when no paper is selected)."""
        paper = self.paper_list.current_paper
        return None if paper is None else (paper, self.library.bookmarks.find(paper))

    def has_note(self, paper: Paper) -> bool:
        """True when ``paper`` has a note (its row is marked)."""
        mark = self.library.bookmarks.find(paper)
        return mark is not None and bool(mark.note)

    def citation_of(self, paper: Paper) -> Citation:
        """``paper`` as cited, with its tags and note."""
        mark = self.library.bookmarks.find(paper)
        return Citation(paper, mark.tags, mark.note) if mark is not None else Citation(paper)

    # -- the left pane --------------------------------------------------------------------

    def left_pane(self, result: SectionsRead) -> list[Section]:
        """The rows of the left pane for ``result`` (saved searches with their last counts),
        and their counting started."""
        saved = [self._with_count(section) for section in saved_sections(result.saved)]
        if result.saved:
            self._count_saved(list(result.saved))
        return result.sections(self.search_section, saved)

    def _with_count(self, section: Section) -> Section:
        known = self.saved_counts.get(section.name)
        return section if known is None else section.with_count(known[0], known[1], known[2])

    @work(thread=True, group="saved", exclusive=True, exit_on_error=False)
    def _count_saved(self, searches: list[SavedSearch]) -> None:
        self.post_message(count_saved(self.library, searches))

    @on(SavedCounted)
    def _saved_counted(self, result: SavedCounted) -> None:
        self.saved_counts = dict(result.counts)
        for index, section in enumerate(self.day_list.sections):
            if section.kind == "saved" and section.name in result.counts:
                self.day_list.set_section(index, self._with_count(section))

    # -- tags -----------------------------------------------------------------------------

    def action_edit_tags(self) -> None:
        """Edit the selected paper's tags (tagging bookmarks it)."""
        current = self.current_mark()
        if current is None:
            return
        paper, mark = current
        in_use = [count.tag for count in self.library.bookmarks.tag_counts()]

        def save(text: str | None) -> None:
            if text is not None:
                self._save_annotation(paper, tags=text)

        self.app.push_screen(TagsDialog(paper.title, mark.tags if mark else (), in_use), save)

    # -- notes ----------------------------------------------------------------------------

    def action_edit_note(self) -> None:
        """Edit the selected paper's note here; closing the editor saves it."""
        current = self.current_mark()
        if current is None:
            return
        paper, mark = current
        before = mark.note if mark else ""

        def save(text: str | None) -> None:
            if text is not None and text.rstrip() != before:
                self._save_annotation(paper, note=text)

        self.app.push_screen(NoteDialog(paper.title, before), save)

    def action_edit_note_in_editor(self) -> None:
        """Edit the selected paper's note in ``$EDITOR``, the reader suspended meanwhile."""
        current = self.current_mark()
        if current is None:
            return
        paper, mark = current
        before = mark.note if mark else ""
        handle, name = tempfile.mkstemp(prefix="papers-note-", suffix=".md")
        path = Path(name)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(before + ("\n" if before else ""))
            try:
                with self.app.suspend():
                    problem = edit_file(name)
            except SuspendNotSupported:
                problem = "this terminal cannot hand itself to an editor: press e to write the note here"
            text = path.read_text(encoding="utf-8", errors="replace") if problem is None else None
        except OSError as error:
            problem, text = f"the note could not be passed to the editor: {error.strerror or error}", None
        finally:
            path.unlink(missing_ok=True)
        if problem is not None:
            self.notify(problem, title="Note not changed", severity="warning", markup=False)
        elif text is not None and text.rstrip() != before:
            self._save_annotation(paper, note=text)

    # -- saving ---------------------------------------------------------------------------

    @work(thread=True, group="annotate", exit_on_error=False)
    def _save_annotation(self, paper: Paper, *, tags: str | None = None, note: str | None = None) -> None:
        try:
            if tags is not None:
                saved = self.library.bookmarks.set_tags(paper, tags)
            else:
                saved = self.library.bookmarks.set_note(paper, note or "")
        except ReaderError as error:
            self.post_message(Annotated(paper, None, str(error)))
            return
        self.post_message(Annotated(paper, saved))

    @on(Annotated)
    def _annotated(self, result: Annotated) -> None:
        if result.error is not None:
            self.notify(result.error, title="Not saved", severity="error", markup=False)
            return
        self.paper_list.redraw()
        self._read_sections(reload=False)  # the bookmark and tag counts
        section = self.section
        if section is not None and section.kind in ANNOTATED_SECTIONS:
            self.load(section, self.paper_list.current_key)
        if self.detail.paper is not None and self.detail.paper.key == result.paper.key:
            self.show_detail_now()
        mark = result.bookmark
        if mark is not None:
            what = ", ".join(mark.tags) if mark.tags else "no tags"
            note = "a note" if mark.note else "no note"
            self.notify(f"{result.paper.title}\n{what}; {note}", title="★ Saved", markup=False, timeout=3)

    def confirm_removal(self, paper: Paper, mark: Bookmark, remove: Callable[[], object]) -> None:
        """Ask before removing a bookmark that carries tags or a note; ``remove()`` if yes."""
        parts = []
        if mark.tags:
            parts.append(f"its {plural(len(mark.tags), 'tag')} ({', '.join(mark.tags)})")
        if mark.note:
            parts.append(f"its note ({plural(len(mark.note.splitlines()), 'line')})")
        question = f"{paper.title}\n\nRemoving the bookmark removes {' and '.join(parts)} too."

        def answered(yes: bool | None) -> None:
            if yes:
                remove()

        self.app.push_screen(ConfirmDialog("Remove the bookmark?", question), answered)

    # -- saved searches -------------------------------------------------------------------

    def action_save_search(self) -> None:
        """Save the current search under a name (a left-pane entry from then on)."""
        section = self.section
        query = section.query if section is not None and section.searches else ""
        if not query:
            self.notify("Search first (/), then save it with ctrl+s", severity="warning")
            return
        names = [search.name for search in self.library.saved_searches.items]

        def save(name: str | None) -> None:
            if name is not None:
                self._save_search(name, query)

        self.app.push_screen(SaveSearchDialog(query, names), save)

    @work(thread=True, group="save_search", exit_on_error=False)
    def _save_search(self, name: str, query: str) -> None:
        try:
            saved = self.library.saved_searches.save(name, query)
        except ReaderError as error:
            self.notify(str(error), title="Search not saved", severity="error", markup=False)
            return
        self.notify(f"{saved.name}: {saved.query}", title="Search saved", markup=False, timeout=4)
        self.app.call_from_thread(self._read_sections, False)

    def remove_saved_search(self) -> None:
        """Forget the saved search shown (the palette's command)."""
        section = self.section
        if section is None or section.kind != "saved":
            self.notify("Select a saved search in the left pane first", severity="warning")
            return
        try:
            self.library.saved_searches.remove(section.name)
        except ReaderError as error:
            self.notify(str(error), title="Not removed", severity="error", markup=False)
            return
        self.notify(section.name, title="Saved search removed", markup=False, timeout=3)
        self._read_sections(reload=False)
