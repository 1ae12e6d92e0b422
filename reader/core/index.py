"""The search index: the entry point of the index modules, the only ones that touch Whoosh.

One document per paper, keyed by the paper key. Title, abstract, authors and organisation
are searchable (stemmed, so "model" finds "models"); ``day``, ``year``, ``upvotes`` and
``comments`` are fields for filtering and sorting. A quoted phrase is the AND of its words
(``index_rewrite``; no positions are kept), then the text is checked for the words as
written. Every match is scored (``index_scoring``) and ranked and counted in one pass
(``index_ranking``).

Opened without mmap (a fraction of the memory), one writer at a time with a timeout,
rebuilt with two processes and one segment per process.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import shutil
import signal
import sys
import threading
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import LockError
from whoosh.query import Query, Term
from whoosh.reading import IndexReader, SegmentReader
from whoosh.searching import Searcher

from reader.core.errors import IndexBusy, IndexUnavailable, QueryError, SearchCancelled
from reader.core.index_arrays import SUFFIX, PostingArrays, write_segment_arrays
from reader.core.index_matching import Cancel, Weighting, column_bytes
from reader.core.index_query import (
    TEXT_FIELDS,
    has_or,
    highlight_spans,
    make_parser,
    parse,
    phrases,
    verify_phrases,
)
from reader.core.index_ranking import Allow, KeyOrder, SortValues, Texts, phrase_check, ranked, sort_values, sorted_by
from reader.core.index_rewrite import SegmentWords, Vocabulary, rewrite
from reader.core.index_schema import document, layout, schema
from reader.core.index_scoring import highlight_terms
from reader.core.index_terms import segment_id
from reader.core.models import Paper

__all__ = ["SORTS", "TEXT_FIELDS", "Hits", "SearchIndex", "highlight_spans"]

INDEX_NAME = "papers"
INDEX_FORMAT = "2"
"""What the documents hold, beyond the schema (2: titles and abstracts with their LaTeX also
as text): an index written in another format is rebuilt, not read."""
FORMAT_FILE = "format"
_PHRASE_WINDOW = 2_000
"""Phrase candidates checked as written at a time: all of them in most libraries, and in a
large one enough for a page of results without reading thousands of abstracts."""
SORTS = {"popular": ("sort_upvotes", "sort_comments"), "published": ("sort_published",)}
"""Orders a search can have besides relevance: the sort fields, each descending."""
PARALLEL_BUILD_MIN = 2000
"""Fresh builds of at least this many papers use two writer processes."""
SEGMENT_PAPERS = 10_000
MAX_SEGMENTS = 12
"""More segments than this and ``tidy`` merges the small ones."""
WRITER_POOL_MB = 384
"""A parallel build's segments hold at most ``SEGMENT_PAPERS`` papers: each writer process
then keeps all its postings in memory (``WRITER_POOL_MB``, ~25 KB a paper). A larger segment
spills sorted runs to disk and merges them back, a third more time per paper."""


def _die_with_parent() -> None:
    """In a forked writer process: ask Linux to kill it when its parent dies.

    Whoosh's parallel writer forks workers that would otherwise wait forever on their job
    queue once the parent is gone (``kill -9`` during ``papers index``).
    """
    with contextlib.suppress(Exception):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


_PR_SET_PDEATHSIG = 1
if sys.platform.startswith("linux"):
    os.register_at_fork(after_in_child=_die_with_parent)


@dataclass(frozen=True, slots=True)
class Hits:
    """Keys of the papers matching a query, best first, and the terms to highlight.

    ``total`` is exact unless ``total_exact`` is False: for a quoted phrase the candidates
    past the returned page are counted without the as-written check (Whoosh matched their
    stems in order), so the total is an upper bound.
    """

    keys: tuple[str, ...]
    total: int
    terms: tuple[str, ...]
    total_exact: bool = True
    scores: tuple[float, ...] = ()
    """Each key's score when ranked by relevance (empty when sorted by a field)."""


class SearchIndex:
    """A Whoosh index in one folder."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._lock = threading.RLock()
        self._index: whoosh_index.Index | None = None
        self._searcher: Searcher | None = None
        self._weighting = Weighting()
        self._sort_columns: dict[str, array[int]] = {}
        """Sort field -> its value for every document of the cached searcher (global docnums)."""
        self._segment_columns: dict[tuple[str, str], array[int]] = {}
        """(segment id, column field) -> its value for every document of that segment."""
        self._key_order: KeyOrder | None = None
        """Every key in key order and each document's place in it (ties go to the smaller key)."""
        self._sort_values_cache: dict[str, SortValues] = {}
        """Sort name -> one integer per document of the cached searcher, the larger first."""
        self._words: Vocabulary | None = None
        self._segment_words: SegmentWords = {}
        self._arrays = PostingArrays(directory)
        self._parser = make_parser(schema())

    # -- opening -------------------------------------------------------------------------

    def open(self) -> bool:
        """Open the index if it exists and is sound; False when it is absent or damaged.

        Never creates or deletes anything (that is ``write(fresh=True)``'s job, done under
        the sync lock). A damaged index can fail at open or only at its first search, so
        both are probed.
        """
        with self._lock:
            self.close()
            try:
                if not whoosh_index.exists_in(str(self.directory), INDEX_NAME):
                    return False
                index = FileStorage(str(self.directory), supports_mmap=False).open_index(INDEX_NAME)
                if layout(index.schema) != layout(schema()) or self._format() != INDEX_FORMAT:
                    index.close()
                    return False  # written by another version of papers: rebuild
                with index.searcher() as probe:
                    probe.doc_count()
                    list(probe.search(Term("key", "probe"), limit=1))
                    next(iter(probe.lexicon("title")), None)  # one term, not the whole dictionary
            except Exception:
                return False  # any failure of a damaged index means "rebuild"
            self._index = index
            return True

    def _format(self) -> str:
        """The format the index on disk was written in (empty when it does not say)."""
        try:
            return (self.directory / FORMAT_FILE).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError):
            return ""

    def _create(self) -> None:
        try:
            shutil.rmtree(self.directory, ignore_errors=True)
            self.directory.mkdir(parents=True, exist_ok=True)
            storage = FileStorage(str(self.directory), supports_mmap=False)
            self._index = storage.create_index(schema(), indexname=INDEX_NAME)
            (self.directory / FORMAT_FILE).write_text(INDEX_FORMAT, encoding="utf-8")
        except OSError as error:
            raise IndexUnavailable(f"cannot create the index in {self.directory}: {error}") from None

    def close(self) -> None:
        """Release the searcher and the index."""
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None
            if self._index is not None:
                self._index.close()
                self._index = None
            self._arrays.close()

    def _ix(self) -> whoosh_index.Index:
        if self._index is None and not self.open():
            raise IndexUnavailable("the search index is missing or damaged")
        assert self._index is not None
        return self._index

    def doc_count(self) -> int:
        """How many papers the index holds (0 when there is no sound index)."""
        with self._lock:
            try:
                return int(self._search_with().doc_count())
            except IndexUnavailable:
                return 0

    def _search_with(self) -> Searcher:
        if self._searcher is not None and not self._searcher.up_to_date():
            # Not Searcher.refresh(): its reused segment readers miss new deletions.
            self._searcher.close()
            self._searcher = None
        if self._searcher is None:
            self._weighting.reset()
            self._sort_columns.clear()
            self._segment_columns.clear()
            self._key_order = None
            self._sort_values_cache.clear()
            self._words = None
            self._searcher = self._ix().searcher(weighting=self._weighting)
            self._arrays.keep(_segment_ids(self._searcher))
        return self._searcher

    # -- writing -------------------------------------------------------------------------

    def write(
        self,
        papers: Sequence[Paper],
        removed: Iterable[str] = (),
        *,
        fresh: bool = False,
        progress: Callable[[int], None] | None = None,
        timeout: float = 30.0,
    ) -> None:
        """Add or replace ``papers`` and delete ``removed`` keys in one commit.

        ``fresh`` empties the index first; a large fresh build writes with two processes,
        ``SEGMENT_PAPERS`` papers per segment (one commit per ``2 * SEGMENT_PAPERS``).
        """
        removed = list(removed)
        with self._lock:
            if fresh:
                self.close()
                self._create()
            if fresh and len(papers) >= PARALLEL_BUILD_MIN:
                chunk = 2 * SEGMENT_PAPERS
                for start in range(0, len(papers), chunk):
                    self._commit(papers[start : start + chunk], (), True, progress, start, timeout)
            elif fresh or papers or removed:  # nothing changed: no writer, no empty commit
                self._commit(papers, removed, fresh, progress, 0, timeout)
        self._store_arrays()

    def _store_arrays(self) -> None:
        """The posting arrays of each segment that has none yet (``index_arrays``), written
        from a reader of its own with the index's lock released: searches go on meanwhile."""
        with self._lock:
            if self._index is None and not self.open():
                return
            try:
                names = [segment.segment_id() for segment in self._ix()._segments()]
                if all((self.directory / f"{name}{SUFFIX}").exists() for name in names):
                    return  # a sync that changed nothing: no reader opened
                reader = self._ix().reader()
            except Exception:
                return  # the commit landed: searches decode the postings until the next sync
        with reader:
            write_segment_arrays(self.directory, [leaf for leaf, _ in reader.leaf_readers()], TEXT_FIELDS)

    def _commit(
        self,
        papers: Sequence[Paper],
        removed: Iterable[str],
        fresh: bool,
        progress: Callable[[int], None] | None,
        done: int,
        timeout: float,
    ) -> None:
        """One writer, one commit: ``papers`` added (fresh) or updated, ``removed`` deleted."""
        arguments: dict[str, object] = {"timeout": timeout, "limitmb": 128}
        if fresh and len(papers) >= PARALLEL_BUILD_MIN:
            arguments.update(procs=2, multisegment=True, limitmb=WRITER_POOL_MB)
        try:
            writer = self._ix().writer(**arguments)
        except LockError:
            raise IndexBusy("another papers process is writing the index; try again shortly") from None
        try:
            for key in removed:
                writer.delete_by_term("key", key)
            add = writer.add_document if fresh else writer.update_document
            for count, paper in enumerate(papers, start=done + 1):
                add(**document(paper))
                if progress is not None and count % 250 == 0:
                    progress(count)
            writer.commit(merge=False)  # merging is ``tidy``'s job, after the sync has committed
        except BaseException:
            writer.cancel()
            raise

    def tidy(self, timeout: float = 30.0) -> bool:
        """Merge the small segments syncs leave into one once there are more than
        ``MAX_SEGMENTS`` (searching costs a little per segment); True when it merged.

        Segments of a full build (``SEGMENT_PAPERS`` papers) are kept as they are, so a merge
        rewrites fewer papers than one such segment holds, plus the old copies it drops.
        """
        with self._lock:
            segments = self._ix()._segments()
            small = [segment for segment in segments if segment.doc_count_all() < SEGMENT_PAPERS]
            if len(segments) <= MAX_SEGMENTS or len(small) < 2:
                return False
            try:
                writer = self._ix().writer(timeout=timeout, limitmb=128)
            except LockError:
                return False  # another process is writing: the next sync merges
            try:
                writer.commit(mergetype=_merge_small)
            except BaseException:
                writer.cancel()
                raise
        self._store_arrays()
        return True

    # -- searching -----------------------------------------------------------------------

    @contextlib.contextmanager
    def reading(self) -> Iterator[Searcher]:
        """The current searcher, held under the index's lock (``reader.core.index_similar``
        reads with it); a failure of Whoosh inside is ``IndexUnavailable``."""
        with self._lock:
            searcher = self._search_with()
            try:
                yield searcher
            except (QueryError, SearchCancelled):
                raise
            except Exception as error:
                raise IndexUnavailable(f"the search index failed: {error}") from None

    def parse(self, query: str) -> Query:
        """The Whoosh query for the user's text; ``QueryError`` when it cannot be parsed or
        would cost more than a query may (see ``reader.core.index_query``)."""
        return parse(self._parser, query)

    def search(
        self,
        query: str,
        *,
        limit: int | None = 1000,
        sort_by: str | None = None,
        texts: Texts | None = None,
        cancel: Cancel | None = None,
        allow: Allow | None = None,
    ) -> Hits:
        """The keys matching ``query``, best first, or by ``sort_by`` (a key of ``SORTS``).

        ``allow``, when given, admits the keys that may match at all: the others are neither
        ranked nor counted (the user-state terms of ``reader.core.user_query``).

        ``texts`` gives (title, abstract, authors) by key to check quoted phrases as written.
        ``cancel`` is asked while the search runs; when it answers True the search stops at
        once with ``SearchCancelled``. A bad query is a ``QueryError``, never index damage.
        """
        parsed = self.parse(query)
        quoted = phrases(query) if texts is not None else []
        # A phrase under an OR is checked as written where it is matched (every paper it
        # finds); otherwise every paper listed must hold it, so only the listed ones are.
        eager = bool(quoted) and has_or(query)
        with self._lock:
            try:
                searcher = self._search_with()
                rewritten = rewrite(
                    parsed, searcher, self._vocabulary, self._segment_column, self._weighting.field_lengths, cancel
                )
                order = self._keys_in_order(searcher)
                check = phrase_check(quoted, texts, order) if eager and texts is not None else None
                fetch = None if quoted and not eager else limit
                scores: list[float] = []
                if sort_by:
                    values = self._sort_values(searcher, sort_by, order)
                    arguments = (searcher, rewritten, self._weighting, order)
                    keys, total = sorted_by(*arguments, values, fetch, allow, check, cancel, self._arrays.read)
                else:
                    best, total = ranked(
                        searcher, rewritten, self._weighting, order, fetch, allow, check, cancel, self._arrays.read
                    )
                    keys, scores = [key for key, _ in best], [score for _, score in best]
                terms = highlight_terms(rewritten, TEXT_FIELDS)
            except (QueryError, SearchCancelled):
                raise
            except Exception as error:
                raise IndexUnavailable(f"the search index failed: {error}") from None
        exact = True
        if quoted and not eager and texts is not None:
            by_key = dict(zip(keys, scores, strict=False))
            keys, total, exact = verify_phrases(keys, quoted, texts, limit, _PHRASE_WINDOW, cancel)
            scores = [by_key[key] for key in keys] if scores else []
        if limit is not None:
            keys, scores = keys[:limit], scores[:limit]
        return Hits(tuple(keys), total, tuple(sorted(terms)), exact, tuple(scores))

    def _vocabulary(self) -> Vocabulary:
        """The distinct words of each field of the current searcher (read on first use): the
        searcher the search in progress holds, even when another process has committed since
        (asking for an up-to-date one would close it under the search)."""
        if self._words is None:
            searcher = self._searcher if self._searcher is not None else self._search_with()
            for gone in set(self._segment_words) - _segment_ids(searcher):  # merged away, or an older build's
                del self._segment_words[gone]
            self._words = Vocabulary(searcher, self._segment_words)
        return self._words

    def _keys_in_order(self, searcher: Searcher) -> KeyOrder:
        """Every key in key order, and each document's place in it (read once per searcher)."""
        if self._key_order is None:
            keys: list[str] = []
            for leaf, _offset in searcher.leaf_searchers():
                if leaf.reader().doc_count_all():
                    keys.extend(_segment_keys(leaf.reader()))
            places = sorted(range(len(keys)), key=keys.__getitem__)
            ranks = [0] * len(keys)
            for place, docnum in enumerate(places):
                ranks[docnum] = place
            self._key_order = KeyOrder.of([keys[docnum] for docnum in places], ranks)
        return self._key_order

    def _sort_values(self, searcher: Searcher, sort_by: str, order: KeyOrder) -> SortValues:
        """One integer per document for a sort (its fields, then its key), once per searcher."""
        if sort_by not in self._sort_values_cache:
            columns = [self._column(searcher, field) for field in SORTS[sort_by]]
            self._sort_values_cache[sort_by] = sort_values(columns, order)
        return self._sort_values_cache[sort_by]

    def _column(self, searcher: Searcher, field: str) -> array[int]:
        """The values of a numeric column field for every document of ``searcher``."""
        if field not in self._sort_columns:
            values: array[int] = array("i")
            for leaf, _offset in searcher.leaf_searchers():
                values.extend(self._segment_column(leaf.reader(), field) or ())
            self._sort_columns[field] = values
        return self._sort_columns[field]

    def _segment_column(self, reader: IndexReader, field: str) -> array[int] | None:
        """The values of a numeric column field for every document of one segment (None when
        ``reader`` is not a segment's)."""
        name = segment_id(reader)
        if name is None:  # not a segment's reader (an empty index)
            return None
        key = (name, field)
        if key not in self._segment_columns:
            values: array[int] = array("i")
            if reader.doc_count_all():
                values = array("i", column_bytes(reader.column_reader(field, translate=False), 4))
                if sys.byteorder == "little":
                    values.byteswap()  # Whoosh stores big-endian
            self._segment_columns[key] = values
        return self._segment_columns[key]


def _segment_ids(searcher: Searcher) -> set[str]:
    """The ids of the segments ``searcher`` reads."""
    found = {segment_id(leaf.reader()) for leaf, _offset in searcher.leaf_searchers()}
    return {name for name in found if name is not None}


def _merge_small(writer: object, segments: list[object]) -> list[object]:
    """Whoosh merge policy: every segment smaller than a full build's goes into the new one."""
    kept = []
    for segment in segments:
        if segment.doc_count_all() < SEGMENT_PAPERS:  # type: ignore[attr-defined]
            reader = SegmentReader(writer.storage, writer.schema, segment)  # type: ignore[attr-defined]
            writer.add_reader(reader)  # type: ignore[attr-defined]
            reader.close()
        else:
            kept.append(segment)
    return kept


def _segment_keys(reader: IndexReader) -> list[str]:
    """The key of every document of one segment, from its key column in one read."""
    column = reader.column_reader("key", translate=False)
    lengths, offsets = getattr(column, "_lengths", None), getattr(column, "_offsets", None)
    if lengths is None or offsets is None:
        return [value.decode("utf-8") if isinstance(value, bytes) else str(value) for value in column]
    size = sum(lengths)
    data: bytes = column._dbfile.get(column._basepos, size) if size else b""
    return [data[start : start + length].decode("utf-8") for start, length in zip(offsets, lengths, strict=True)]
