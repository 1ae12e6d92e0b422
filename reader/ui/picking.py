"""``PickActions``: the papers like the selected one (``m``), hiding a paper (``x``), showing
the hidden papers of a list (``X``), and the marks the lists put on rows and the detail.

Part of ``ReaderScreen`` (which binds the keys); the hidden-papers write runs in a thread
worker. "For you" and "Watched" are sections of the left pane (``days``), read in
``picked``.
"""

from __future__ import annotations

from textual import on, work

from reader.core.errors import ReaderError
from reader.core.models import Paper
from reader.core.watchlist import Lists
from reader.ui.days import HIDING, Section
from reader.ui.messages import HiddenToggled
from reader.ui.reader_parts import ReaderParts
from reader.ui.render import Marks


class PickActions(ReaderParts):
    """Similar papers and hiding, mixed into ``ReaderScreen``."""

    show_hidden: bool
    """True when ``X`` shows the hidden papers in the lists that leave them out."""
    _problems_told: set[str]
    """The settings problems already shown (each is said once a run)."""

    def action_similar(self) -> None:
        """List the papers most like the selected one ("Like: <title>"; escape goes back)."""
        paper = self.paper_list.current_paper
        if paper is not None and paper.missing:
            self.notify("This paper is in no dump any more: there is no text to compare", severity="warning")
        elif paper is not None:
            self.open_transient(Section("similar", query=paper.key, label=paper.title))
            self.results_hold.hold()
            self.paper_list.focus()

    def action_hide(self) -> None:
        """Hide the selected paper ("not interested"), or show it again."""
        paper = self.paper_list.current_paper
        if paper is not None:
            self._toggle_hidden(paper)

    @work(thread=True, group="hidden", exit_on_error=False)
    def _toggle_hidden(self, paper: Paper) -> None:
        try:
            hidden = self.library.toggle_hidden(paper)
        except ReaderError as error:
            self.post_message(HiddenToggled(paper, None, str(error)))
            return
        self.library.lists()  # worked out again here, off the UI thread
        self.post_message(HiddenToggled(paper, hidden))

    @on(HiddenToggled)
    def _hidden_toggled(self, result: HiddenToggled) -> None:
        if result.error is not None:
            self.notify(result.error, title="Not hidden", severity="error", markup=False)
            return
        self.use_lists(self.library.lists())
        title = "⊘ Hidden" if result.hidden else "Shown again"
        more = " (X shows hidden papers)" if result.hidden and not self.show_hidden else ""
        self.notify(result.paper.title + more, title=title, markup=False, timeout=3)
        self._reload_list()

    def action_toggle_hidden(self) -> None:
        """Show the hidden papers in the day lists, All papers and For you, or leave them out."""
        self.show_hidden = not self.show_hidden
        self.notify("Hidden papers are shown" if self.show_hidden else "Hidden papers are left out", timeout=3)
        self._reload_list()

    def _reload_list(self) -> None:
        section = self.section
        if section is not None:
            keys, cursor = self.paper_list.keys, self.paper_list.cursor
            hidden = self.paper_list.lists.hidden
            want = self.paper_list.current_key
            if section.kind in HIDING and not self.show_hidden and want in hidden:
                # The cursor stays where it was: on the next paper still listed (else the one before).
                after = [key for key in keys[cursor + 1 :] if key not in hidden]
                before = [key for key in reversed(keys[:cursor]) if key not in hidden]
                want = next(iter(after or before), None)
            self.load(section, want)
        self.paper_list.redraw()
        self.show_detail_now()

    def tell_problems_at_start(self) -> None:
        """What is wrong with the bookmarks, the hidden papers or the saved searches, said once
        (the app says what is wrong with the settings)."""
        for title, problem in (
            ("Bookmarks", self.library.bookmarks.problem),
            ("Hidden papers", self.library.hidden.problem),
            ("Searches", self.library.saved_searches.problem),
        ):
            if problem:
                self.notify(problem, title=title, severity="warning", markup=False)

    def use_lists(self, lists: Lists) -> None:
        """Mark the rows by ``lists`` from now on, and say once why a watch or hide query is not used."""
        self.paper_list.lists = lists
        for problem in lists.problems:
            if problem not in self._problems_told:
                self._problems_told.add(problem)
                self.notify(problem, title="Settings", severity="warning", markup=False, timeout=10)

    def detail_marks(self, paper: Paper | None) -> Marks:
        """What the lists say of ``paper``, for the detail pane."""
        if paper is None:
            return Marks()
        lists = self.paper_list.lists
        bookmark = self.library.bookmarks.find(paper)
        return Marks(
            bookmarked=bookmark is not None,
            watched=paper.key in lists.watched,
            hidden=paper.key in lists.hidden,
            watch_terms=lists.terms,
            like=self.paper_list.notes.get(paper.key, ""),
            bookmark=bookmark,
        )
