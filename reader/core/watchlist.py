"""``LibraryLists``: the part of ``Library`` that answers the user's watch and hide lists.

``watch = ["diffusion", "author:hinton"]`` and ``hide = ["survey"]`` in ``config.toml`` are
queries like any search. The papers matching a watch query are *watched*: marked in every
list, counted per day, listed together (``is:watched``); the papers matching a hide query,
and the ones the user hid with ``x`` (``hidden.HiddenStore``), are *hidden*: left out of the
day lists, "All papers" and "For you" (``is:hidden`` lists them). A query that cannot be
read costs only itself: ``Lists.problems`` says why in one line.

The answers are worked out once and kept until the library changes (a sync, a paper hidden).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reader.core.catalog import Catalog
from reader.core.errors import IndexBuilding, QueryError, ReaderError
from reader.core.hidden import HiddenStore
from reader.core.marks import current_keys
from reader.core.models import Paper, SearchResult
from reader.core.user_query import KeyPredicate


@dataclass(frozen=True, slots=True)
class Lists:
    """What the watch and hide lists pick out of the library at one time."""

    watched: frozenset[str] = frozenset()
    hidden: frozenset[str] = frozenset()
    """Hidden by a hide query or by the user (``x``)."""
    terms: tuple[str, ...] = ()
    """The watch queries' words, to highlight in titles (stemmed, as the index has them)."""
    watched_per_day: dict[dt.date, int] = field(default_factory=dict)
    """How many watched papers each day lists, hidden ones left out (as the day lists leave them)."""

    @property
    def watched_shown(self) -> int:
        """The watched papers that are not hidden (what the Watched entry lists)."""
        return len(self.watched - self.hidden)

    problems: tuple[str, ...] = ()
    """One line for each watch or hide query that could not be run."""


class LibraryLists:
    """Watch and hide lists, mixed into ``Library``."""

    catalog: Catalog
    hidden: HiddenStore
    watch_queries: tuple[str, ...]
    hide_queries: tuple[str, ...]
    _lists: Lists | None = None
    _lists_working = False
    _lists_lock: threading.RLock

    if TYPE_CHECKING:

        def search(self, query: str, *, limit: int | None = 1000) -> SearchResult:
            """Papers matching ``query`` (``Library.search``)."""

    def hidden_keys(self) -> list[str]:
        """Keys of the papers the user hid (``x``), found again when their key changed."""
        return list(dict.fromkeys(current_keys(self.hidden.marks, self.catalog)))

    def toggle_hidden(self, paper: Paper) -> bool:
        """Hide ``paper`` ("not interested") or show it again; True when it is hidden now."""
        hidden = self.hidden.toggle(paper)
        self.forget_lists()
        return hidden

    def set_lists(self, watch: Sequence[str] = (), hide: Sequence[str] = ()) -> None:
        """Use these watch and hide queries from now on."""
        self.watch_queries = tuple(query for query in watch if query.strip())
        self.hide_queries = tuple(query for query in hide if query.strip())
        self.forget_lists()

    def forget_lists(self) -> None:
        """Work the lists out again when next asked (the library or the hidden papers changed)."""
        self._lists = None

    def lists(self) -> Lists:
        """The watched and hidden papers now (worked out once, then kept)."""
        with self._lists_lock:
            if self._lists is not None:
                return self._lists
            self._lists_working = True
            try:
                lists = self._work_out_lists()
            except IndexBuilding:
                return Lists()  # asked again once the index is built (``forget_lists``)
            finally:
                self._lists_working = False
            self._lists = lists
            return lists

    def _work_out_lists(self) -> Lists:
        if not self.catalog.counts()[0]:
            return Lists()  # nothing indexed yet (the index may not even exist before the first sync)
        problems: list[str] = []
        watched: set[str] = set()
        terms: set[str] = set()
        for query in self.watch_queries:
            result = self._run_list_query("watch", query, problems)
            if result is not None:
                watched.update(result.keys)
                terms.update(result.terms)
        hidden = set(self.hidden_keys())
        for query in self.hide_queries:
            result = self._run_list_query("hide", query, problems)
            if result is not None:
                hidden.update(result.keys)
        per_day: Counter[dt.date] = Counter()
        for days in self.catalog.days_of(sorted(watched - hidden)).values():
            per_day.update(set(days))
        return Lists(frozenset(watched), frozenset(hidden), tuple(sorted(terms)), dict(per_day), tuple(problems))

    def _run_list_query(self, name: str, query: str, problems: list[str]) -> SearchResult | None:
        try:
            return self.search(query, limit=None)
        except IndexBuilding:
            raise
        except ReaderError as error:
            problems.append(f"config.toml: the {name} query {query!r} is not used: {error}")
            return None

    def _answer_lists(self, value: str) -> KeyPredicate:
        """``is:watched`` and ``is:hidden``: never inside a watch or hide query itself."""
        if self._lists_working:
            raise QueryError(f"is:{value} cannot be part of a watch or hide query")
        lists = self.lists()
        return (lists.watched if value == "watched" else lists.hidden).__contains__
