"""``LibraryReadState``: the part of ``Library`` that answers read state and arrivals.

Read marks live in ``readstate.ReadStore`` (the user's ``read.json``); this part turns them
into what the reader and the CLI ask: the keys read now (a paper found again when its key
changed), unread counts per day, every unread paper, the ``is:read`` / ``is:unread`` search
terms, and the papers that arrived since a moment (``arrivals``).

The answers are worked out from whole-library reads (every (day, key) pair, the read keys)
and kept until the read marks, the catalog or the hidden papers change: counting 100,000
papers with 50,000 read costs one pass over sets, not a query per day.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from reader.core.arrivals import Arrivals
from reader.core.catalog import Catalog
from reader.core.marks import current_keys
from reader.core.models import Paper, Sort
from reader.core.readstate import ReadStore, UnreadCounts
from reader.core.user_query import KeyPredicate, UserTerms

if TYPE_CHECKING:
    from reader.core.watchlist import Lists

UNREAD_BATCH = 100
"""Papers read from the catalog at a time when looking for the next unread one."""


class LibraryReadState:
    """Read state and arrivals, mixed into ``Library``."""

    catalog: Catalog
    read_state: ReadStore
    arrivals: Arrivals
    user_terms: UserTerms
    _read_lock: threading.RLock
    _catalog_generation: int = 0
    """Moves with every sync that changed the catalog: answers kept from before are stale."""
    _read_answer: tuple[tuple[int, int], frozenset[str]] | None = None
    _day_pairs: tuple[int, list[tuple[dt.date, str]]] | None = None

    if TYPE_CHECKING:

        def papers(self, keys: Sequence[str]) -> dict[str, Paper]:
            """Papers by key (``Library.papers``)."""

        def keys(self, day: dt.date | None = None, sort: Sort = Sort.PAGE, reverse: bool = False) -> list[str]:
            """Keys in ``sort`` order (``Library.keys``)."""

        def lists(self) -> Lists:
            """The watched and hidden papers (``LibraryLists.lists``)."""

    def register_read_terms(self) -> None:
        """``is:read`` and ``is:unread`` in searches."""
        self.user_terms.add("is", self._answer_read, ["read", "unread"])

    def _answer_read(self, value: str) -> KeyPredicate:
        read = self.read_keys()
        if value == "read":
            return read.__contains__
        return lambda key: key not in read

    def catalog_changed(self) -> None:
        """The catalog changed (a sync): answers worked out before are worked out again."""
        self._catalog_generation += 1

    def is_read(self, paper: Paper) -> bool:
        """True when ``paper`` has been read (in any dump that lists it)."""
        return self.read_state.is_read(paper)

    def mark_read(self, keys: Sequence[str], read: bool = True) -> int:
        """Mark the papers with these keys read (or unread), in one write of the file: how
        many changed (``StoreError`` with one line when it cannot be written)."""
        found = self.papers(list(dict.fromkeys(keys)))
        return self.read_state.set_read(list(found.values()), read)

    def read_keys(self) -> frozenset[str]:
        """The keys the read papers have in the catalog now (kept until a change)."""
        with self._read_lock:
            stamp = (self.read_state.generation, self._catalog_generation)
            if self._read_answer is not None and self._read_answer[0] == stamp:
                return self._read_answer[1]
            keys = frozenset(current_keys(self.read_state.marks, self.catalog))
            self._read_answer = (stamp, keys)
            return keys

    def unread_counts(self) -> UnreadCounts:
        """Unread papers on each day and in all, hidden papers left out (as the lists leave them)."""
        read, hidden = self.read_keys(), self.lists().hidden
        pairs = self._pairs()
        per_day: Counter[dt.date] = Counter(day for day, key in pairs if key not in read and key not in hidden)
        unread = {key for _, key in pairs if key not in read and key not in hidden}
        return UnreadCounts(dict(per_day), len(unread))

    def unread_keys(self, sort: Sort = Sort.PAGE, reverse: bool = False) -> list[str]:
        """Every unread paper not hidden, in ``sort`` order (``Sort.PAGE``: newest day first)."""
        read, hidden = self.read_keys(), self.lists().hidden
        return [key for key in self.keys(None, sort, reverse) if key not in read and key not in hidden]

    def first_unread(
        self, keys: Sequence[str], start: int = 0, step: int = 1, is_read: Callable[[Paper], bool] | None = None
    ) -> int | None:
        """The index of the first unread paper of ``keys`` from ``start`` going ``step`` (1
        or -1), None when every one is read (by ``is_read``, else the read state); papers
        are looked at a batch at a time, so a long list read through costs only what is
        looked at."""
        is_read = is_read or self.read_state.is_read
        index = start
        while 0 <= index < len(keys):
            batch = (
                keys[index : index + UNREAD_BATCH] if step > 0 else keys[max(0, index - UNREAD_BATCH + 1) : index + 1]
            )
            found = self.papers(batch)
            for key in batch if step > 0 else reversed(batch):
                paper = found.get(key)
                if paper is not None and not is_read(paper):
                    return index
                index += step
        return None

    def newest_unread_day(self, days: Sequence[dt.date], limit: int = 60) -> dt.date | None:
        """The newest of ``days`` (at most the ``limit`` newest) with an unread paper that is
        not hidden; None when all of them are read through."""
        hidden = self.lists().hidden
        for day in sorted(days, reverse=True)[:limit]:
            keys = [key for key in self.keys(day) if key not in hidden]
            if self.first_unread(keys) is not None:
                return day
        return None

    def new_keys(self, since: float | None) -> frozenset[str]:
        """The keys of the papers that arrived after ``since`` (epoch seconds; none for None)."""
        if since is None:
            return frozenset()
        arrived = self.arrivals.since(since)
        return frozenset(current_keys(arrived, self.catalog)) if arrived else frozenset()

    def _pairs(self) -> list[tuple[dt.date, str]]:
        with self._read_lock:
            if self._day_pairs is None or self._day_pairs[0] != self._catalog_generation:
                days: dict[str, dt.date] = {}
                pairs = [
                    (days.get(day) or days.setdefault(day, dt.date.fromisoformat(day)), key)
                    for day, key in self.catalog.day_keys()
                ]
                self._day_pairs = (self._catalog_generation, pairs)
            return self._day_pairs[1]
