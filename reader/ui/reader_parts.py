"""``ReaderParts``: what the parts of ``ReaderScreen`` share, declared once.

``ReaderScreen`` is made of parts, each in a module of its own (``syncing``, ``fetching``,
``searching``, ``filtering``, ``paper_actions``, ``moving``, ``sorting``, ``welcoming``), and
each uses the screen's panes, its state and a
few of its methods. They are declared here so that every part reads (and type-checks) on its
own; ``ReaderScreen`` sets the attributes in ``__init__`` and defines the methods.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.screen import Screen

from reader.core.bookmarks import Bookmark
from reader.core.citations import Citation
from reader.core.library import Library
from reader.core.models import Paper
from reader.core.saved_searches import SavedSearch
from reader.core.settings import ReaderSettings
from reader.ui.days import DayList, Section
from reader.ui.debounce import PaintHold
from reader.ui.detail import PaperDetail
from reader.ui.messages import KeysRead
from reader.ui.paper_list import PaperList
from reader.ui.sync_status import SyncStatus


class ReaderParts(Screen[None]):
    """The panes, state and methods every part of ``ReaderScreen`` may use."""

    library: Library
    settings: ReaderSettings
    day_list: DayList
    paper_list: PaperList
    detail: PaperDetail
    section: Section | None
    """The section whose papers the middle pane shows (or is loading)."""
    search_section: Section | None
    """The search's own section while a search is open."""
    results_hold: PaintHold
    """Paints a search (or the papers like one) with its results, as one frame."""
    syncing: bool
    fetching: bool
    sync_status: SyncStatus | None
    """The progress row, mounted the first time a sync or a fetch shows its progress."""
    _sync_again: bool
    """True when the folders changed (or a fetch ended) during a sync: one more sync follows it."""

    if TYPE_CHECKING:

        def load(self, section: Section, want: str | None = None, *, read: KeysRead | None = None) -> None:
            """Show ``section``'s papers (``ReaderScreen.load``)."""

        def _update_titles(self) -> None:
            """Name the list and its sort in the middle pane's border (``ReaderScreen``)."""

        def show_welcome(self, show: bool) -> None:
            """The welcome view or the panes (``ReaderScreen.show_welcome``)."""

        def _read_sections(self, reload: bool) -> object:
            """Read the left pane again (``ReaderScreen._read_sections``)."""

        def start_sync(self, *, quiet: bool = False, announce: bool = False) -> None:
            """Sync with the dump folders (``LibrarySync.start_sync``)."""

        def start_watching(self) -> None:
            """Watch the library folders (``LibraryFetch.start_watching``)."""

        def confirm_removal(self, paper: Paper, mark: Bookmark, remove: Callable[[], object]) -> None:
            """Ask before removing an annotated bookmark (``Annotating.confirm_removal``)."""

        def citation_of(self, paper: Paper) -> Citation:
            """``paper`` with its tags and note (``Annotating.citation_of``)."""

        def open_transient(self, section: Section) -> None:
            """List ``section`` first in the left pane until escape (``SearchActions.open_transient``)."""

        def show_detail_now(self) -> None:
            """Show the selected paper in the detail pane (``ReaderScreen.show_detail_now``)."""

        def count_unread(self) -> None:
            """Read the unread counts again (``UnreadCounting.count_unread``)."""

        def _count_saved(self, searches: list[SavedSearch]) -> object:
            """Count the saved searches' matches again (``Annotating._count_saved``)."""
