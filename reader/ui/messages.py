"""The messages the reader's thread workers post when they are done (or progress).

Workers run the plain reading functions of ``reading`` (or a library call) off the UI thread
and post one of these to the screen that started them; the screen handles each with
``@on(...)`` on the UI thread. Dataclasses, so a message says what it carries; ``SectionsRead``
and ``KeysRead`` are also what the reading functions return, so they are tested without an app.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from textual.message import Message

from reader.core.bookmarks import Bookmark
from reader.core.library import Library
from reader.core.models import Day, Paper, SyncReport
from reader.core.saved_searches import SavedSearch
from reader.core.tags import TagCount
from reader.core.watchlist import Lists
from reader.ui.days import Section, build_sections, saved_sections


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
    hidden: int = 0
    """Papers of the section left out because they are hidden (``X`` shows them)."""
    notes: dict[str, str] = field(default_factory=dict)
    """A few words about some rows, in place of their metadata ("For you": what each is like)."""
    hint: str | None = None
    """What an empty list says instead of "No papers" ("For you" without bookmarks)."""
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
    lists: Lists = field(default_factory=Lists)
    """The watched and hidden papers, and the watch terms."""
    watching: bool = False
    """True when there is a watch list (the left pane then has a Watched entry)."""
    tags: list[TagCount] = field(default_factory=list)
    """The tags in use with their counts (rows under the bookmarks)."""
    saved: list[SavedSearch] = field(default_factory=list)
    """The saved searches (their counts follow in ``SavedCounted``)."""
    morning: str | None = None
    """The day a morning's reading opens on (``reading_order.morning_ref``), when not the
    entry remembered."""

    def sections(self, search: Section | None = None, saved: Sequence[Section] | None = None) -> list[Section]:
        """The left pane's rows for this read (``search``, when open, first; ``saved``: the
        saved searches' rows, by default uncounted rows of ``self.saved``)."""
        watched = self.lists.watched_per_day if self.watching else None
        return build_sections(
            self.days,
            self.papers,
            self.bookmarks,
            search,
            watched=watched,
            watched_total=self.lists.watched_shown,
            tags=self.tags,
            saved=saved_sections(self.saved) if saved is None else saved,
        )


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
class HiddenToggled(Message):
    """A paper was hidden or shown again (``hidden`` is None when that could not be saved)."""

    paper: Paper
    hidden: bool | None
    error: str | None = None


@dataclass
class LibraryOpened(Message):
    """Another library (the demo) was opened in a worker."""

    library: Library
