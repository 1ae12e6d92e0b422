"""``Remembering``: what the reader keeps between runs (``state.json``). Part of ``ReaderScreen``.

The entry and paper shown, the sort, the search history, and when the reader was last
closed (``seen_at``): papers that arrived after it are "new" in this run. Where the reader
was before a search is what is remembered while a search is open; an entry the reader
picked by itself (no choice of the user's yet) keeps the one remembered from before.
"""

from __future__ import annotations

import time
from pathlib import Path

from reader.core.models import Sort
from reader.ui.reader_parts import ReaderParts
from reader.ui.state import UiState, load_state, save_state, state_file


class Remembering(ReaderParts):
    """The remembered selection, mixed into ``ReaderScreen``."""

    state_base: Path
    sort: Sort
    reverse: bool
    search_history: list[str]
    _want_section: str | None
    _want_paper: str | None
    _auto_section: bool
    _before_search: tuple[str | None, str | None] | None
    seen_before: float | None = None
    """When the reader was closed the last time (None on a first run): what arrived since is new."""

    @property
    def state_path(self) -> Path:
        """Where the selection of the library open is remembered."""
        return state_file(self.state_base, self.library.roots)

    def _restore_state(self) -> None:
        state = load_state(self.state_path)
        self.sort, self.reverse = state.sort, state.reverse
        self._want_section, self._want_paper = state.entry, state.paper
        self.search_history[:] = state.searches
        self.seen_before = state.seen_at

    def _state(self, *, closing: bool = False) -> UiState:
        section_ref, paper = self._before_search or (None, None)
        if self._before_search is None or (self.section is not None and not self.section.transient):
            section_ref = self.section.ref if self.section else None
            paper = self.paper_list.current_key
        if self._auto_section:
            section_ref, paper = self._want_section, self._want_paper
        seen_at = time.time() if closing else self.seen_before
        return UiState(section_ref, paper, self.sort, self.reverse, tuple(self.search_history), seen_at)

    def save_state(self, *, closing: bool = False) -> None:
        """Write the remembered selection and sort now (``closing``: and that the papers
        arrived until now have been seen)."""
        problem = save_state(self.state_path, self._state(closing=closing))
        if problem and self.app.is_running:
            self.notify(problem, title="Not remembered", severity="warning", markup=False)
