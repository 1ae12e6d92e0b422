"""The messages the reader's thread workers post when they are done (or progress).

Workers run the plain reading functions of ``reading`` (or a library call) off the UI thread
and post one of these to the screen that started them; the screen handles each with
``@on(...)`` on the UI thread. Dataclasses, so a message says what it carries; ``SectionsRead``
and ``KeysRead`` are also what the reading functions return, so they are tested without an app.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.message import Message

from reader.core.bookmarks import Bookmark
from reader.core.library import Library
from reader.core.models import Day, Paper, SyncReport
from reader.core.saved_searches import SavedSearch
from reader.core.tags import TagCount
from reader.ui.days import Section


@dataclass
class KeysRead(Message):
    """The keys of one section, in order, and where the cursor goes (``error`` for a bad
    search query or a library that could not be read)."""

    section: Section
    keys: list[str]
    cursor: int
    generation: int
    """The screen's list generation when the read started: an older read is ignored."""
    terms: tuple[str, ...] = ()
    """A search's terms, highlighted in the rows and the detail."""
    total: int = 0
    """A search's matches in all (the list holds at most ``SEARCH_LIMIT``)."""
    total_exact: bool = True
    error: str | None = None
    waiting: bool = False
    """True when the search could not run yet: the index is still being built (``error`` says
    how far it is)."""


@dataclass
class SectionsRead(Message):
    """The left pane's data: the days, the paper and bookmark counts."""

    days: list[Day]
    papers: int
    bookmarks: int
    reload: bool
    """True when the middle pane's list must be read again too (after a sync)."""
    keys: KeysRead | None = None
    """At start, the keys of the section the reader opens on, read in the same worker (one
    trip to a thread and one layout of the screen less before the first list shows)."""
    tags: list[TagCount] = field(default_factory=list)
    """The tags in use with their counts (rows under the bookmarks)."""
    saved: list[SavedSearch] = field(default_factory=list)
    """The saved searches (their counts follow in ``SavedCounted``)."""


@dataclass
class SavedCounted(Message):
    """The match (and unread) counts of the saved searches, by name; a search whose query
    cannot be run counts 0."""

    counts: dict[str, tuple[int, bool, int | None]]
    """Each name's (matches, exact, unread)."""


@dataclass
class Annotated(Message):
    """A paper's tags or note were saved (``bookmark`` as saved; None when nothing is kept),
    or could not be (``error``)."""

    paper: Paper
    bookmark: Bookmark | None
    error: str | None = None


@dataclass
class SyncProgress(Message):
    """How far the sync is: ``phase`` (scanning, reading, indexing), ``done`` of ``total``.

    A newer progress replaces one still waiting in the queue: the status shows the latest."""

    phase: str
    done: int
    total: int

    def can_replace(self, message: Message) -> bool:
        """Only the latest progress matters."""
        return isinstance(message, SyncProgress)


@dataclass
class SyncDone(Message):
    """What a sync did (``report``), or why it failed (``error``)."""

    report: SyncReport | None
    error: str | None = None
    listed: bool = False
    """True when the papers were listed already (``CatalogReady``), the index built after."""


@dataclass
class CatalogReady(Message):
    """A first sync wrote the catalog: the papers can be browsed while the index is built."""

    report: SyncReport


@dataclass
class BookmarkToggled(Message):
    """A bookmark was toggled (``bookmarked`` is None when it could not be saved)."""

    paper: Paper
    bookmarked: bool | None
    count: int
    error: str | None = None


@dataclass
class LibraryOpened(Message):
    """Another library (the demo) was opened in a worker."""

    library: Library
