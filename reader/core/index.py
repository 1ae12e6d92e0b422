"""The search index: the only module that touches Whoosh.

One document per paper, keyed by the paper key. Title, abstract, authors and organisation
are searchable (stemmed, so "model" finds "models"); ``day``, ``year``, ``upvotes`` and
``comments`` are fields for filtering and sorting. Quoted phrases match exactly: Whoosh
finds the stemmed phrase, then the stored text is checked for the words as written.

Opened without mmap (a fraction of the memory), one writer at a time with a timeout,
rebuilt with two processes and one segment per process.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import heapq
import os
import shutil
import signal
import sys
import threading
from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.columns import NumericColumn
from whoosh.fields import COLUMN, ID, KEYWORD, NUMERIC, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.index import LockError
from whoosh.query import Query, Term
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from reader.core.errors import IndexBusy, IndexUnavailable, QueryError, SearchCancelled
from reader.core.index_matching import Admit, Cancel, StableTop, Weighting, column_bytes, expand
from reader.core.index_query import ANALYZER, TEXT_FIELDS, highlight_spans, make_parser, parse, phrases, verify_phrases
from reader.core.latex import searchable
from reader.core.models import Paper
from reader.core.user_query import KeyPredicate

__all__ = ["SORTS", "TEXT_FIELDS", "Hits", "SearchIndex", "highlight_spans"]
Texts = Callable[[list[str]], dict[str, tuple[str, str, str]]]
"""(title, abstract, authors) by key, to check quoted phrases as written."""

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


def _schema() -> Schema:
    return Schema(
        key=ID(stored=True, unique=True, sortable=True),
        title=TEXT(analyzer=ANALYZER),
        abstract=TEXT(analyzer=ANALYZER),
        authors=TEXT(analyzer=ANALYZER),
        organization=TEXT(analyzer=ANALYZER),
        day=KEYWORD(commas=True, lowercase=True),
        # One term per value (shift_step=0): ranges enumerate the few distinct values, and
        # each paper writes 3 postings instead of 24.
        year=NUMERIC(int, shift_step=0),
        upvotes=NUMERIC(int, shift_step=0),
        comments=NUMERIC(int, shift_step=0),
        # Sort keys, column-only (never searched): unknown values sort last (-1 / 0).
        sort_upvotes=COLUMN(NumericColumn("i")),
        sort_comments=COLUMN(NumericColumn("i")),
        sort_published=COLUMN(NumericColumn("i")),
    )


def _layout(schema: Schema) -> list[tuple[str, str]]:
    """Each field's name and type: an index with another layout is rebuilt, not read."""
    return sorted((name, type(field).__name__) for name, field in schema.items())


def _document(paper: Paper) -> dict[str, object]:
    document: dict[str, object] = {
        "key": paper.key,
        "title": searchable(paper.title),
        "abstract": searchable(paper.abstract),
        "authors": " ".join(paper.authors),
        "organization": paper.organization or "",
        "day": ",".join(day.isoformat() for day in paper.days),
    }
    document["sort_upvotes"] = -1 if paper.upvotes is None else paper.upvotes
    document["sort_comments"] = -1 if paper.comments is None else paper.comments
    document["sort_published"] = int(paper.published.strftime("%Y%m%d")) if paper.published else 0
    if paper.published:
        document["year"] = paper.published.year
    if paper.upvotes is not None:
        document["upvotes"] = paper.upvotes
    if paper.comments is not None:
        document["comments"] = paper.comments
    return document


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
        self._key_ranks: tuple[list[str], list[int]] | None = None
        """Every key in key order and each document's place in it (ties in score go to the
        smaller key)."""
        self._parser = make_parser(_schema())

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
                if _layout(index.schema) != _layout(_schema()) or self._format() != INDEX_FORMAT:
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
            self._index = storage.create_index(_schema(), indexname=INDEX_NAME)
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
            self._key_ranks = None
            self._searcher = self._ix().searcher(weighting=self._weighting)
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
        if not (fresh or papers or removed):
            return  # nothing changed: no writer, no empty commit (and no segment merging)
        with self._lock:
            if fresh:
                self.close()
                self._create()
            if fresh and len(papers) >= PARALLEL_BUILD_MIN:
                chunk = 2 * SEGMENT_PAPERS
                for start in range(0, len(papers), chunk):
                    self._commit(papers[start : start + chunk], (), True, progress, start, timeout)
            else:
                self._commit(papers, removed, fresh, progress, 0, timeout)

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
                add(**_document(paper))
                if progress is not None and count % 250 == 0:
                    progress(count)
            writer.commit()
        except BaseException:
            writer.cancel()
            raise

    # -- searching -----------------------------------------------------------------------

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
        allow: KeyPredicate | None = None,
    ) -> Hits:
        """The keys matching ``query``, best first, or by ``sort_by`` (a key of ``SORTS``).

        ``allow``, when given, admits the keys that may match at all: the others are neither
        ranked nor counted (the user-state terms of ``reader.core.user_query``).

        ``texts`` gives (title, abstract, authors) by key to check quoted phrases as written.
        ``cancel`` is asked while the search runs; when it answers True the search stops at
        once with ``SearchCancelled``. A bad query is a ``QueryError``, never index damage.
        """
        parsed = self.parse(query)
        quoted = phrases(query)
        with self._lock:
            try:
                searcher = self._search_with()
                parsed = expand(parsed, searcher, self._segment_column, self._weighting.field_lengths, cancel)
                fetch = None if quoted else limit
                admit = self._admit(searcher, allow)
                if sort_by:
                    keys, total = self._sorted(searcher, parsed, SORTS[sort_by], fetch, cancel, admit)
                else:
                    keys, total = self._ranked(searcher, parsed, fetch, cancel, admit)
                terms = {
                    text.decode("utf-8") if isinstance(text, bytes) else str(text)
                    for field, text in parsed.existing_terms(searcher.reader(), expand=True)
                    if field in TEXT_FIELDS
                }
            except (QueryError, SearchCancelled):
                raise
            except Exception as error:
                raise IndexUnavailable(f"the search index failed: {error}") from None
        exact = True
        if quoted and texts is not None:
            keys, total, exact = verify_phrases(keys, quoted, texts, limit, _PHRASE_WINDOW, cancel)
        if limit is not None:
            keys = keys[:limit]
        return Hits(tuple(keys), total, tuple(sorted(terms)), exact)

    def _admit(self, searcher: Searcher, allow: KeyPredicate | None) -> Admit | None:
        """``allow`` over keys as a test of global document numbers."""
        if allow is None:
            return None
        keys, ranks = self._keys_in_order(searcher)
        admitted = {docnum for docnum, rank in enumerate(ranks) if allow(keys[rank])}
        return admitted.__contains__

    def _ranked(
        self, searcher: Searcher, parsed: Query, limit: int | None, cancel: Cancel | None, admit: Admit | None
    ) -> tuple[list[str], int]:
        """The keys of the ``limit`` best documents (ties by key) and how many match."""
        keys, ranks = self._keys_in_order(searcher)
        collector = StableTop(limit or max(1, len(ranks)), ranks, cancel, admit)
        searcher.search_with_collector(parsed, collector)
        return [keys[rank] for rank in collector.ranked()], int(collector.total)

    def _keys_in_order(self, searcher: Searcher) -> tuple[list[str], list[int]]:
        """Every key in key order, and each document's place in it (read once per searcher)."""
        if self._key_ranks is None:
            keys: list[str] = []
            for leaf, _offset in searcher.leaf_searchers():
                if leaf.reader().doc_count_all():
                    keys.extend(_segment_keys(leaf.reader()))
            order = sorted(range(len(keys)), key=keys.__getitem__)
            ranks = [0] * len(keys)
            for place, docnum in enumerate(order):
                ranks[docnum] = place
            self._key_ranks = ([keys[docnum] for docnum in order], ranks)
        return self._key_ranks

    def _sorted(
        self,
        searcher: Searcher,
        parsed: Query,
        fields: tuple[str, ...],
        limit: int | None,
        cancel: Cancel | None,
        admit: Admit | None,
    ) -> tuple[list[str], int]:
        """The keys of the ``limit`` best documents by ``fields`` (descending, then key), and
        how many match.

        Whoosh's sorting collector reads every matching document's sort values from the
        segment files one at a time; here they come from whole columns read once per
        searcher, and only the documents that can make the cut have their keys read.
        """
        columns = [self._column(searcher, field) for field in fields]

        def rank(docnum: int) -> tuple[int, ...]:
            return tuple(-column[docnum] for column in columns)

        docnums = []
        for count, docnum in enumerate(searcher.docs_for_query(parsed)):
            if cancel is not None and not count & 1023 and cancel():
                raise SearchCancelled("the search was abandoned")
            if admit is None or admit(docnum):
                docnums.append(docnum)
        if limit is not None and len(docnums) > limit:
            boundary = rank(heapq.nsmallest(limit, docnums, key=rank)[-1])
            chosen = [docnum for docnum in docnums if rank(docnum) <= boundary]  # with the ties at the cut
        else:
            chosen = docnums
        keyed = sorted((rank(docnum), searcher.stored_fields(docnum)["key"]) for docnum in chosen)
        return [key for _, key in keyed[:limit]], len(docnums)

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
        segment = getattr(reader, "segment", None)
        segment = segment() if segment is not None else None
        if segment is None:  # not a segment's reader (an empty index)
            return None
        key = (segment.segment_id(), field)
        if key not in self._segment_columns:
            values: array[int] = array("i")
            if reader.doc_count_all():
                values = array("i", column_bytes(reader.column_reader(field, translate=False), 4))
                if sys.byteorder == "little":
                    values.byteswap()  # Whoosh stores big-endian
            self._segment_columns[key] = values
        return self._segment_columns[key]


def _segment_keys(reader: IndexReader) -> list[str]:
    """The key of every document of one segment, from its key column in one read."""
    column = reader.column_reader("key", translate=False)
    lengths, offsets = getattr(column, "_lengths", None), getattr(column, "_offsets", None)
    if lengths is None or offsets is None:
        return [value.decode("utf-8") if isinstance(value, bytes) else str(value) for value in column]
    size = sum(lengths)
    data: bytes = column._dbfile.get(column._basepos, size) if size else b""
    return [data[start : start + length].decode("utf-8") for start, length in zip(offsets, lengths, strict=True)]
