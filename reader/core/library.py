"""``Library``: the facade the CLI and the UI use over dumps, catalog, index and bookmarks.

A library is a set of dump roots (files or folders). ``sync`` brings the catalog and the
search index in line with the files on disk: unchanged files (same size and mtime, or
same content hash) are not read again, changed files are parsed again, removed files'
listings disappear. Everything else reads: days, a day's papers, search, bookmarks.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from reader.core import paths, settings
from reader.core.arrivals import Arrivals, arrived
from reader.core.bookmarks import Bookmark, BookmarkStore
from reader.core.catalog import Catalog, is_damage
from reader.core.discovery import discover, display_path
from reader.core.errors import (
    IndexBuilding,
    IndexBusy,
    IndexUnavailable,
    QueryError,
    SearchCancelled,
    StoreError,
)
from reader.core.hidden import HiddenStore
from reader.core.index import SORTS, Hits, SearchIndex, highlight_spans
from reader.core.latex import searchable
from reader.core.library_read import LibraryReadState
from reader.core.likeness import Likeness
from reader.core.marks import current_keys
from reader.core.models import Day, Paper, SearchResult, Sort, SyncReport, opening_day
from reader.core.picks import LibraryPicks
from reader.core.readstate import ReadStore
from reader.core.saved_searches import SavedSearchStore
from reader.core.storage import file_lock
from reader.core.sync_files import Tally, sync_file
from reader.core.tags import register_terms
from reader.core.user_query import KeyPredicate, UserTerms
from reader.core.watchlist import LibraryLists

SEARCH_SECONDS = 2.0
"""The time limit the reader gives a search (``Library.search(..., time_limit=SEARCH_SECONDS)``):
at 100,000 papers an ordinary query can take longer, so it is not the default."""
Progress = Callable[[str, int, int], None]
"""Called as ``progress(phase, done, total)`` while a sync works."""


_TEMPORARY = "papers-index-"


def _remove_orphaned_temporaries() -> None:
    """Remove the temporary index folders of papers processes that are gone (killed)."""
    for folder in Path(tempfile.gettempdir()).glob(f"{_TEMPORARY}*-*"):
        pid = folder.name[len(_TEMPORARY) :].split("-")[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process
    return True


class Library(LibraryPicks, LibraryLists, LibraryReadState):
    """Dumps under ``roots``, their catalog and search index, and the user's bookmarks,
    read state and other per-paper files."""

    def __init__(
        self,
        roots: Sequence[Path],
        *,
        index_dir: Path | None = None,
        bookmarks_path: Path | None = None,
        searches_path: Path | None = None,
        hidden_path: Path | None = None,
        read_path: Path | None = None,
        watch: Sequence[str] = (),
        hide: Sequence[str] = (),
    ) -> None:
        self.roots = [Path(root).expanduser() for root in roots]
        self.index_dir = index_dir or paths.index_dir(self.roots)
        self.bookmarks = BookmarkStore(bookmarks_path or paths.bookmarks_file())
        self.saved_searches = SavedSearchStore(searches_path or paths.saved_searches_file())
        self.hidden = HiddenStore(hidden_path or paths.hidden_file())
        self.read_state = ReadStore(read_path or paths.read_state_file())
        self.notices: list[str] = []
        """Things to tell the user about opening the library (shown once, then cleared)."""
        self.read_only = False
        """True when the index folder cannot be written: the index there is read as it is."""
        self._temporary: Path | None = None
        try:
            self.catalog = self._open_catalog()
        except IndexUnavailable as error:
            self.catalog = self._fallback_catalog(error)
        self.arrivals = Arrivals(self.index_dir / "arrivals.json")
        self.index = SearchIndex(self.index_dir / "whoosh")
        self._index_fresh = not self.index.open()
        self.index_pending = False
        """True from a ``sync(defer_index=True)`` that left the index to build until ``build_index``."""
        self._indexed = (0, 0)
        if self._index_fresh and self.catalog.counts()[0]:
            self.notices.append("the search index was damaged or missing and is rebuilt from the catalog")
        self.likeness = Likeness()
        self.user_terms = UserTerms()
        """The search terms answered from the user's files (``is:bookmarked`` ...)."""
        self.user_terms.add("is", self._answer_bookmarked, ["bookmarked"])
        register_terms(self.user_terms, self.bookmark_keys)
        self.user_terms.add("is", self._answer_lists, ["watched", "hidden"])
        self.register_read_terms()
        self._lists_lock = threading.RLock()
        self._read_lock = threading.RLock()
        self.set_lists(watch, hide)

    def _answer_bookmarked(self, _value: str) -> KeyPredicate:
        return set(self.bookmark_keys()).__contains__

    @classmethod
    def from_config(cls, dumps: Sequence[Path] | None = None) -> Library:
        """The library of ``dumps`` if given, else of the folders in ``config.toml``, with
        the watch and hide lists of ``config.toml``."""
        configured = settings.load_settings()
        return cls(list(dumps) if dumps else settings.configured_roots(), watch=configured.watch, hide=configured.hide)

    def _open_catalog(self) -> Catalog:
        path = self.index_dir / "catalog.sqlite"
        try:
            return Catalog(path)
        except IndexUnavailable as error:
            if not path.exists() or not is_damage(error):
                raise  # an unwritable folder is not damage: never delete anything then
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            self.notices.append("the index catalog was damaged and is rebuilt from the dumps")
            return Catalog(path)

    def _fallback_catalog(self, error: IndexUnavailable) -> Catalog:
        """The catalog when the cache dir cannot be written: the index already there, read
        as it is; else a new one in a temporary folder, removed by ``close``."""
        existing = self.index_dir / "catalog.sqlite"
        if existing.exists():
            try:
                catalog = Catalog(existing, read_only=True)
            except IndexUnavailable:
                pass
            else:
                self.read_only = True
                self.notices.append(f"{self.index_dir} cannot be written: the index there is used as it is")
                return catalog
        _remove_orphaned_temporaries()
        self._temporary = self.index_dir = Path(tempfile.mkdtemp(prefix=f"{_TEMPORARY}{os.getpid()}-"))
        self.notices.append(f"{error}; the index is kept in a temporary folder this time")
        return self._open_catalog()

    def close(self) -> None:
        """Release the index and the catalog (and remove a temporary index folder)."""
        self.index.close()
        self.catalog.close()
        if self._temporary is not None:
            shutil.rmtree(self._temporary, ignore_errors=True)
            self._temporary = None

    # -- syncing -------------------------------------------------------------------------

    def sync(self, progress: Progress | None = None, *, rebuild: bool = False, defer_index: bool = False) -> SyncReport:
        """Bring catalog and index in line with the dump files (see the module docstring).

        ``defer_index``: when the whole index is to be built (a new library, a rebuild), the
        catalog is committed first and the report says ``index_pending``: the papers can be
        browsed at once, and ``build_index`` builds the index after (search says how far it
        is meanwhile). Only one process syncs at a time; another waits for it (``IndexBusy``
        after 2 min).
        """
        started = time.perf_counter()
        if self.read_only:
            papers, listings = self.catalog.counts()
            notices, self.notices = (*self.notices, "the dumps were not read again (the index is read-only)"), []
            return SyncReport(listings=listings, papers=papers, notices=tuple(notices))
        try:
            with file_lock(self.index_dir / "sync.lock", timeout=120):
                if rebuild:
                    self.catalog.close()
                    for suffix in ("", "-wal", "-shm"):
                        Path(f"{self.index_dir / 'catalog.sqlite'}{suffix}").unlink(missing_ok=True)
                    self.catalog = self._open_catalog()
                tally = self._sync(progress, fresh_index=rebuild or self._index_fresh, defer=defer_index)
                if not self.index_pending:
                    self.index.tidy()  # after the sync's commit: its changes are searchable already
                tally.notices[:0] = self.notices
                self.notices = []
        except StoreError as error:
            raise IndexBusy(str(error)) from None
        except (sqlite3.Error, OSError) as error:
            # A full or failing disk: the index keeps what it had; nothing half-written.
            reason = getattr(error, "strerror", None) or str(error)
            raise IndexUnavailable(f"the index was not updated: {reason}") from None
        self._index_fresh = self.index_pending
        self.forget_lists()
        self.catalog_changed()
        papers, listings = self.catalog.counts()
        return SyncReport(
            new=tally.new,
            changed=tally.changed,
            unchanged=tally.unchanged,
            removed=tally.removed,
            failed=tuple(tally.failed),
            listings=listings,
            papers=papers,
            seconds=round(time.perf_counter() - started, 3),
            notices=tuple(tally.notices),
            index_pending=self.index_pending,
        )

    def build_index(self, progress: Progress | None = None) -> None:
        """Build the search index a ``sync(defer_index=True)`` left to build, from the catalog
        (search answers ``IndexBuilding`` with how far it is until then)."""
        if not self.index_pending:
            return
        try:
            with file_lock(self.index_dir / "sync.lock", timeout=120):
                papers = list(self.catalog.all_papers())
                self._indexed = (0, len(papers))

                def indexed(done: int) -> None:
                    self._indexed = (done, len(papers))
                    if progress is not None:
                        progress("indexing", done, len(papers))

                self.index.write(papers, fresh=True, progress=indexed)
        except StoreError as error:
            raise IndexBusy(str(error)) from None
        except OSError as error:
            raise IndexUnavailable(f"the index was not built: {getattr(error, 'strerror', None) or error}") from None
        self.index_pending = self._index_fresh = False
        self.forget_lists()
        self.catalog_changed()

    def _sync(self, progress: Progress | None, *, fresh_index: bool, defer: bool = False) -> Tally:
        files, failures = discover(self.roots)
        known = self.catalog.files()
        fresh_index = fresh_index or not known  # a new catalog: the index starts empty too
        tally = Tally(failed=failures)
        affected: set[str] = set()
        titles: set[str] = set()
        seen: set[str] = set()
        self.catalog.begin()
        try:
            for done, path in enumerate(files, start=1):
                if progress is not None:
                    progress("reading", done, len(files))
                name = display_path(Path(os.path.abspath(path)))  # "dumps", "./dumps" and its full path alike
                if name in seen:
                    continue
                seen.add(name)
                outcome, failure = sync_file(self.catalog, path, name, known.get(name), affected, titles)
                tally.count(outcome)
                if failure is not None:
                    tally.failed.append(failure)
            for name in sorted(set(known) - seen):
                self.catalog.remove_file(name, affected, titles)
                tally.count("removed")
            papers, gone = self.catalog.settle(affected, titles)
            # The read connection still sees the catalog as it was before this sync.
            new_papers = arrived(papers, self.catalog) if known and not fresh_index else []
            if fresh_index and defer:
                self.catalog.commit()  # browsable now; ``build_index`` writes the index after
                self.index_pending = True
                return tally
            if fresh_index and known:  # the catalog has more than this sync touched
                papers, gone = list(self.catalog.all_papers()), set()

            def indexed(done: int) -> None:
                if progress is not None:
                    progress("indexing", done, len(papers))

            self.index.write(papers, gone, fresh=fresh_index, progress=indexed)
            if self.index.doc_count() != self.catalog.pending_paper_count():
                tally.notices.append("the search index was out of step with the dumps and has been rebuilt")
                self.index.write(list(self.catalog.all_papers()), fresh=True, progress=indexed)
            self.catalog.commit()
        except BaseException:
            self.catalog.rollback()
            raise
        self.arrivals.add(new_papers)
        return tally

    # -- reading -------------------------------------------------------------------------

    def counts(self) -> tuple[int, int]:
        """(papers, listings) in the library."""
        return self.catalog.counts()

    def days(self) -> list[Day]:
        """Every day, newest first, with its paper count."""
        return self.catalog.days()

    def opening_day(self) -> Day | None:
        """The day the reader opens on: the newest dated day, never an undated file's guess
        while a dated day exists (see ``models.opening_day``)."""
        return opening_day(self.catalog.days())

    def keys(self, day: dt.date | None = None, sort: Sort = Sort.PAGE, reverse: bool = False) -> list[str]:
        """Keys of one day's papers (or all papers when ``day`` is None) in ``sort`` order."""
        return self.catalog.keys(day, sort, reverse)

    def sort_keys(self, keys: Sequence[str], sort: Sort, reverse: bool = False) -> list[str]:
        """``keys`` in ``sort`` order; ``Sort.PAGE`` keeps the order given, the other sorts
        leave out keys the catalog does not hold."""
        return self.catalog.sort_keys(keys, sort, reverse)

    def papers(self, keys: Sequence[str]) -> dict[str, Paper]:
        """Papers by key; bookmarks whose paper left the dumps come back as ``missing`` papers."""
        found = self.catalog.papers(keys)
        for key in keys:
            if key not in found:
                bookmark = next((b for b in self.bookmarks.items if b.key == key), None)
                if bookmark is not None:
                    found[key] = bookmark.as_paper()
        return found

    def paper(self, key: str) -> Paper | None:
        """One paper by key."""
        return self.papers([key]).get(key)

    def search(
        self,
        query: str,
        *,
        limit: int | None = 1000,
        sort: Sort = Sort.PAGE,
        cancel: Callable[[], bool] | None = None,
        time_limit: float | None = None,
    ) -> SearchResult:
        """Papers matching ``query``, best first; ``QueryError`` (one line) for a query it
        cannot read or that would cost too much, never mistaken for index damage.

        ``Sort.PAGE`` means relevance here; upvotes and published sort inside Whoosh, title
        sorts the hits afterwards. ``cancel`` is asked while the search runs: once it returns
        True the search ends at once with ``SearchCancelled`` (a newer search, quitting).
        A search still running after ``time_limit`` seconds (none by default) is refused
        (``QueryError``). User-state terms (``is:bookmarked``, see ``reader.core.user_query``)
        narrow the rest; alone, they list every paper they admit in ``sort`` order.
        """
        text, user_terms = self.user_terms.split(query)
        allow = self.user_terms.predicate(user_terms)
        if allow is not None and not text:
            keys = [key for key in self.keys(sort=sort) if allow(key)]
            return SearchResult(query, tuple(keys[:limit]), len(keys))
        if self.index_pending:
            done, total = self._indexed
            raise IndexBuilding(f"indexing, {done * 100 // max(total, 1)}%: search works once every paper is indexed")
        deadline = None if time_limit is None else time.monotonic() + time_limit
        late: list[bool] = []

        def stop() -> bool:
            if deadline is not None and time.monotonic() > deadline:
                late.append(True)
                return True
            return cancel is not None and cancel()

        def texts(keys: list[str]) -> dict[str, tuple[str, str, str]]:
            """The texts a phrase is checked against, as the index holds them (LaTeX readable too)."""
            found = self.catalog.texts(keys)
            return {
                key: (searchable(title), searchable(abstract), authors)
                for key, (title, abstract, authors) in found.items()
            }

        def run() -> Hits:
            order = sort.value if sort.value in SORTS else None
            try:
                return self.index.search(text, limit=limit, sort_by=order, texts=texts, cancel=stop, allow=allow)
            except SearchCancelled:
                if late:
                    raise QueryError(
                        f"the query takes too long (over {time_limit:g} s): use fewer fuzzy or wildcard words,"
                        " or longer ones"
                    ) from None
                raise

        try:
            hits = run()
        except IndexUnavailable:
            # A damaged index may open fine and fail only now: rebuild it from the catalog, once.
            try:
                with file_lock(self.index_dir / "sync.lock", timeout=5):
                    if not self.index.open():
                        self.index.write(list(self.catalog.all_papers()), fresh=True)
                        self.notices.append("the search index was damaged and has been rebuilt from the catalog")
            except StoreError as error:
                raise IndexBusy(str(error)) from None
            hits = run()
        keys = list(hits.keys)
        if sort is Sort.TITLE:
            keys = self.catalog.sort_keys(keys, sort)
        return SearchResult(query, tuple(keys), hits.total, hits.terms, hits.total_exact)

    @staticmethod
    def highlight(text: str, terms: Sequence[str]) -> list[tuple[int, int]]:
        """Spans of ``text`` to highlight for a search's ``terms``."""
        return highlight_spans(text, terms)

    # -- bookmarks -----------------------------------------------------------------------

    def bookmark_keys(self, where: Callable[[Bookmark], bool] | None = None) -> list[str]:
        """Keys of the bookmarked papers (those whose bookmark passes ``where``), newest
        bookmark first (a paper found again by arXiv id or title when its key changed)."""
        bookmarks = self.bookmarks.items if where is None else [b for b in self.bookmarks.items if where(b)]
        return list(dict.fromkeys(current_keys(bookmarks, self.catalog)))

    def sorted_bookmark_keys(
        self, sort: Sort, reverse: bool = False, where: Callable[[Bookmark], bool] | None = None
    ) -> list[str]:
        """Keys of the bookmarked papers (passing ``where``) in ``sort`` order (``Sort.PAGE``:
        newest bookmark first); bookmarks whose paper left the dumps come last in the other orders."""
        keys = self.bookmark_keys(where)
        if sort is Sort.PAGE:
            return keys[::-1] if reverse else keys
        ordered = self.sort_keys(keys, sort, reverse)
        present = set(ordered)
        return ordered + [key for key in keys if key not in present]

    def toggle_bookmark(self, paper: Paper) -> bool:
        """Bookmark ``paper`` or remove its bookmark; True when it is now bookmarked."""
        return self.bookmarks.toggle(paper)

    def is_bookmarked(self, paper: Paper) -> bool:
        """True when ``paper`` is bookmarked."""
        return self.bookmarks.is_bookmarked(paper)
