"""``PaperActions``: what the reader does with the selected paper, and with the bookmarks.

Bookmark (``b``), copy its link (``y``) or any form of it (``Y``), open it (``o``), export
the bookmarks. Part of ``ReaderScreen`` (which binds the keys); the slow parts (the bookmark
write, the native clipboard, the browser, the export) run in thread workers.
"""

from __future__ import annotations

from textual import on, work
from textual.content import Content

from reader.core.errors import ReaderError
from reader.core.export import ExportFormat, default_export_path, export_bookmarks
from reader.core.links import is_openable
from reader.core.models import Paper
from reader.core.storage import atomic_write_text
from reader.core.tags import has_tag
from reader.ui.dialogs import CopyChoice, CopyMenu
from reader.ui.messages import BookmarkToggled
from reader.ui.reader_parts import ReaderParts
from reader.ui.render import LINK_LABELS, plural
from reader.ui.system import copy_native, open_url


class PaperActions(ReaderParts):
    """The selected paper's actions, mixed into ``ReaderScreen``."""

    def current_paper(self) -> Paper | None:
        """The selected paper."""
        return self.paper_list.current_paper

    # -- bookmarks ------------------------------------------------------------------------

    def action_bookmark(self) -> None:
        """Bookmark the selected paper, or remove its bookmark (asking first when it has tags
        or a note: they would go with it)."""
        paper = self.current_paper()
        if paper is None:
            return
        mark = self.library.bookmarks.find(paper)
        if mark is not None and mark.annotated:
            self.confirm_removal(paper, mark, lambda: self._toggle_bookmark(paper))
        else:
            self._toggle_bookmark(paper)

    @work(thread=True, group="bookmark", exit_on_error=False)
    def _toggle_bookmark(self, paper: Paper) -> None:
        try:
            bookmarked = self.library.toggle_bookmark(paper)
        except ReaderError as error:
            self.post_message(BookmarkToggled(paper, None, len(self.library.bookmarks), str(error)))
            return
        self.post_message(BookmarkToggled(paper, bookmarked, len(self.library.bookmark_keys())))

    @on(BookmarkToggled)
    def _bookmark_toggled(self, result: BookmarkToggled) -> None:
        if result.error is not None:
            self.notify(result.error, title="Bookmark not saved", severity="error", markup=False)
            return
        paper = result.paper
        index = self.day_list.index_of("bookmarks")
        if index is not None:
            self.day_list.set_section(index, self.day_list.sections[index].with_count(result.count))
        self.paper_list.redraw()
        if not result.bookmarked:
            self._read_sections(reload=False)  # its tags may have gone with it
        section = self.section
        in_bookmarks = section is not None and section.kind in ("bookmarks", "tag")
        if result.bookmarked and in_bookmarks:
            # Its list may have been read (or still be reading) from before the bookmark was
            # saved, while the rows still show the list before it: read it again, always.
            assert section is not None
            self.load(section, self.paper_list.current_key)
        if self.detail.paper is not None and self.detail.paper.key == paper.key:
            self.show_detail_now()
        title = "★ Bookmarked" if result.bookmarked else "Bookmark removed"
        self.notify(paper.title, title=title, markup=False, timeout=3)

    def export_bookmarks(self, fmt: ExportFormat, tag: str | None = None) -> None:
        """Write the bookmarks (only those tagged ``tag`` when given) in ``fmt`` to a file in
        the user data dir."""
        self._export(fmt, tag)

    @work(thread=True, group="export", exit_on_error=False)
    def _export(self, fmt: ExportFormat, tag: str | None) -> None:
        path = default_export_path(fmt, tag)
        try:
            atomic_write_text(path, export_bookmarks(self.library, fmt, tag))
        except ReaderError as error:
            self.notify(str(error), title="Export failed", severity="error", markup=False)
            return
        count = plural(
            len(self.library.bookmark_keys(None if tag is None else lambda b: has_tag(b.tags, tag))), "bookmark"
        )
        self.notify(str(path), title=f"Exported {count}", markup=False, timeout=10)

    # -- links ----------------------------------------------------------------------------

    def copy(self, text: str, what: str) -> None:
        """Copy ``text`` (OSC 52 and, when there is one, the native clipboard) and say what it was."""
        self.app.copy_to_clipboard(text)
        self._copy_native(text)
        self.notify(text, title=f"Copied: {what}", markup=False)

    @work(thread=True, group="clipboard", exclusive=True, exit_on_error=False)
    def _copy_native(self, text: str) -> None:
        copy_native(text)

    def action_copy_link(self) -> None:
        """Copy the selected paper's best link (or the kind of link the settings name, when
        it has one)."""
        paper = self.current_paper()
        if paper is None:
            return
        if not paper.url:
            self.notify("This paper has no link", severity="warning")
            return
        chosen = paper.link(self.settings.copy_link)
        if chosen is not None:
            self.copy(chosen.url, f"{LINK_LABELS.get(chosen.kind, chosen.kind)} link")
        else:
            self.copy(paper.url, "link")

    def action_copy_menu(self) -> None:
        """Choose what to copy of the selected paper."""
        paper = self.current_paper()
        if paper is None:
            return

        def copy_choice(choice: CopyChoice | None) -> None:
            if choice is not None:
                self.copy(choice.text, choice.label)

        self.app.push_screen(CopyMenu(paper, self.citation_of(paper)), copy_choice)

    def action_open_link(self) -> None:
        """Open the selected paper's best link in the browser."""
        paper = self.current_paper()
        if paper is None:
            return
        if not is_openable(paper.url):
            self.notify(Content(paper.url).plain or "no link", title="Not an http(s) link: not opened", markup=False)
            return
        self._open_url(paper.url)

    @work(thread=True, group="browser", exit_on_error=False)
    def _open_url(self, url: str) -> None:
        problem = open_url(url, self.settings.browser or None)
        if problem:
            self.notify(f"{url}\n{problem}: copy the link with y", title="Not opened", severity="warning", markup=False)
        else:
            self.notify(url, title="Opened in the browser", markup=False)
