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
import re
import shutil
import signal
import sys
import threading
from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.analysis import StemmingAnalyzer
from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.columns import NumericColumn
from whoosh.fields import COLUMN, ID, KEYWORD, NUMERIC, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.index import LockError
from whoosh.matching import InverseMatcher, ListMatcher, Matcher, NullMatcher
from whoosh.qparser import (
    FieldAliasPlugin,
    FuzzyTermPlugin,
    GtLtPlugin,
    MultifieldParser,
)
from whoosh.query import MultiTerm, Not, NullQuery, NumericRange, Query, Term
from whoosh.reading import IndexReader
from whoosh.scoring import BM25F, BM25FScorer
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

from reader.core.errors import IndexBusy, IndexUnavailable, QueryError
from reader.core.models import Paper
from reader.core.text import fold_title

INDEX_NAME = "papers"
TEXT_FIELDS = ("title", "abstract", "authors", "organization")
FIELD_BOOSTS = {"title": 4.0, "abstract": 1.0, "authors": 1.5, "organization": 1.5}
SORTS = {"popular": ("sort_upvotes", "sort_comments"), "published": ("sort_published",)}
"""Orders a search can have besides relevance: the sort fields, each descending."""
VALUE_COLUMNS = {
    "upvotes": ("sort_upvotes", 1, -1),
    "comments": ("sort_comments", 1, -1),
    "year": ("sort_published", 10_000, 0),
}
"""Numeric fields whose ranges (``upvotes:>10``) are answered from a sort column: the column,
what its value is divided by to give the field's (a published YYYYMMDD // 10,000 is the
year), and the value that stands for "unknown" (never in a range)."""
PARALLEL_BUILD_MIN = 2000
"""Fresh builds of at least this many papers use two writer processes."""
SEGMENT_PAPERS = 10_000
WRITER_POOL_MB = 384
"""A parallel build's segments hold at most ``SEGMENT_PAPERS`` papers: each writer process
then keeps all its postings in memory (``WRITER_POOL_MB``, ~25 KB a paper). A larger segment
spills sorted runs to disk and merges them back, a third more time per paper."""
_ANALYZER = StemmingAnalyzer(stoplist=None, minsize=1, cachesize=-1)
"""Stems are memoised in a plain dict: Whoosh's default LFU cache costs more than stemming
once the vocabulary outgrows it (every 5,000th new word re-sorts 50,000 counters)."""
_PHRASE = re.compile(r'(?:(\w+):)?"([^"]+)"')
_PHRASE_WINDOW = 2_000
"""Phrase candidates checked as written at a time: all of them in most libraries, and in a
large one enough for a page of results without reading thousands of abstracts."""
_NEGATED = re.compile(r"(?:\bNOT\s+|-)$")


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
        title=TEXT(analyzer=_ANALYZER),
        abstract=TEXT(analyzer=_ANALYZER),
        authors=TEXT(analyzer=_ANALYZER),
        organization=TEXT(analyzer=_ANALYZER),
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
        "title": paper.title,
        "abstract": paper.abstract,
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


def _column_bytes(column: object, width: int) -> bytes:
    """The raw values of a fixed-width Whoosh column, ``width`` bytes each, in one read.

    Whoosh reads a column one value (one seek and one read) at a time; this reads the
    block its ``FixedBytesColumn.Reader`` points at (whoosh-reloaded 2.7.5's layout).
    Documents past the last value written have the column's default, which is 0 here.
    """
    stored: bytes = column._dbfile.get(column._basepos, column._count * width)  # type: ignore[attr-defined]
    return stored + bytes(column._doccount * width - len(stored))  # type: ignore[attr-defined]


_LENGTH_OF_BYTE = [byte_to_length(value) for value in range(256)]


class _Weighting(BM25F):  # type: ignore[misc]
    """BM25F (Whoosh's default) with each segment's field lengths held in memory.

    Whoosh's scorer reads a document's field length from the segment file for every
    posting it scores (a seek and a read each, without mmap): most of the time of a
    search for a common word. The lengths are one byte per document and field, so
    they are read once per segment (a few hundred KB for 100,000 papers).
    """

    def __init__(self) -> None:
        super().__init__()
        self.lengths: dict[tuple[str, str], list[int]] = {}

    def scorer(self, searcher: Searcher, fieldname: str, text: bytes, qf: float = 1) -> object:
        """Whoosh's BM25F scorer, its field-length lookup replaced by a list lookup."""
        scorer = super().scorer(searcher, fieldname, text, qf=qf)
        if isinstance(scorer, BM25FScorer):
            lengths = self._field_lengths(searcher.reader(), fieldname)
            if lengths is not None:
                scorer.dfl = lengths.__getitem__
        return scorer

    def _field_lengths(self, reader: IndexReader, fieldname: str) -> list[int] | None:
        perdoc = getattr(reader, "_perdoc", None)  # a segment's reader (none for an empty index)
        if perdoc is None:
            return None
        key = (reader.segment().segment_id(), fieldname)
        if key not in self.lengths:
            column = perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
            if column is None:
                return None
            self.lengths[key] = [_LENGTH_OF_BYTE[value] for value in _column_bytes(column, 1)]
        return self.lengths[key]


class _Expanded(MultiTerm):  # type: ignore[misc]
    """A fuzzy, prefix or wildcard term with its words looked up once per search.

    Whoosh expands such a term again for every use (the search, the count of matches,
    the terms to highlight), each time walking the term dictionary on disk.
    """

    def __init__(self, original: MultiTerm, words: list[bytes]) -> None:
        self.fieldname = original.fieldname
        self.text = original.text
        self.boost = original.boost
        self.constantscore = original.constantscore
        self.words = words

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Expanded) and (self.fieldname, self.words) == (other.fieldname, other.words)

    def __hash__(self) -> int:
        return hash((self.fieldname, tuple(self.words)))

    def _btexts(self, ixreader: IndexReader) -> list[bytes]:
        return self.words


SegmentColumn = Callable[[IndexReader, str], "array[int] | None"]
"""A segment's values of a column field, one per document (None: not a segment's reader)."""


class _ValueRange(Query):  # type: ignore[misc]
    """A range of a numeric field (``upvotes:>10``) answered from its sort column in memory.

    Whoosh turns a range into one term per distinct value in it and looks each one up on disk,
    in every segment, once to rank and again to count: 0.3 s for ``upvotes:>100`` at 100,000
    papers. The sort column holds the same values, one per document, read once per segment.
    """

    def __init__(self, original: NumericRange, segment_column: SegmentColumn) -> None:
        self.original = original
        self.fieldname = original.fieldname
        self.boost = original.boost
        self.column, self.divisor, self.unknown = VALUE_COLUMNS[original.fieldname]
        self.segment_column = segment_column

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _ValueRange) and self.original == other.original

    def __hash__(self) -> int:
        return hash(self.original)

    def __repr__(self) -> str:
        return f"_ValueRange({self.original!r})"

    def is_leaf(self) -> bool:
        """A range is a leaf of the query tree."""
        return True

    def estimate_size(self, ixreader: IndexReader) -> int:
        """At most every document."""
        return int(ixreader.doc_count())

    def _within(self, value: int) -> bool:
        start, end = self.original.start, self.original.end
        if start is not None and (value <= start if self.original.startexcl else value < start):
            return False
        return end is None or (value < end if self.original.endexcl else value <= end)

    def matcher(self, searcher: Searcher, context: object = None) -> Matcher:
        """The documents of the searcher's segment whose value is in the range."""
        reader = searcher.reader()
        values = self.segment_column(reader, self.column)
        if values is None:
            return self.original.matcher(searcher, context)
        deleted = reader.deleted_docs_set if reader.has_deletions() else frozenset()
        divisor, unknown, within = self.divisor, self.unknown, self._within
        docnums = [
            docnum
            for docnum, value in enumerate(values)
            if value != unknown and within(value // divisor) and docnum not in deleted
        ]
        return _ValueMatcher(docnums, all_weights=self.boost) if docnums else NullMatcher()


class _ValueMatcher(ListMatcher):  # type: ignore[misc]
    """The documents of a ``_ValueRange``: no postings, so no positions or other values."""

    def supports(self, astype: str) -> bool:
        """Nothing but the document numbers."""
        return False


class _Not(Not):  # type: ignore[misc]
    """Whoosh's ``Not``, without the deleted document it can let through.

    Whoosh's ``InverseMatcher`` skips deleted documents, except the one right after the last
    document the negated query matches: ``NOT diffusion`` could list a paper removed from the
    dumps, or the old copy of an updated one.
    """

    def matcher(self, searcher: Searcher, context: object = None) -> Matcher:
        """Every live document of the segment that the negated query does not match."""
        reader = searcher.reader()
        child = self.query.matcher(searcher, searcher.boolean_context())
        return _InverseMatcher(child, reader.doc_count_all(), missing=reader.is_deleted)


class _InverseMatcher(InverseMatcher):  # type: ignore[misc]
    """Whoosh's ``InverseMatcher``, checked again for a deleted document once it has moved."""

    def _find_next(self) -> None:
        super()._find_next()
        while self._id < self.limit and self.missing(self._id):
            self._id += 1
            super()._find_next()


def _expand(query: Query, searcher: Searcher, segment_column: SegmentColumn) -> Query:
    """``query`` with its multi-word terms expanded, segment by segment, once, its numeric
    ranges answered from the sort columns, and its ``NOT`` free of deleted documents."""
    readers = [leaf.reader() for leaf, _offset in searcher.leaf_searchers()]

    def expand(node: Query) -> Query:
        if isinstance(node, MultiTerm) and not isinstance(node, _Expanded) and node.field() in searcher.schema:
            return _Expanded(node, sorted({word for reader in readers for word in node._btexts(reader)}))
        if isinstance(node, NumericRange) and node.fieldname in VALUE_COLUMNS:
            return _ValueRange(node, segment_column)
        if type(node) is Not:
            return _Not(node.query, boost=node.boost)
        return node

    expanded: Query = query.accept(expand)
    return expanded


@dataclass(frozen=True, slots=True)
class Phrase:
    """A quoted phrase of a query, to be matched as written."""

    field: str | None
    words: str


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
        self._weighting = _Weighting()
        self._sort_columns: dict[str, array[int]] = {}
        """Sort field -> its value for every document of the cached searcher (global docnums)."""
        self._segment_columns: dict[tuple[str, str], array[int]] = {}
        """(segment id, column field) -> its value for every document of that segment."""
        self._parser = MultifieldParser(list(TEXT_FIELDS), _schema(), fieldboosts=FIELD_BOOSTS)
        self._parser.add_plugin(GtLtPlugin())
        self._parser.add_plugin(FuzzyTermPlugin())
        self._parser.add_plugin(
            FieldAliasPlugin(
                {
                    "authors": ["author"],
                    "organization": ["org", "organisation", "organization"],
                }
            )
        )

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
                if _layout(index.schema) != _layout(_schema()):
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

    def _create(self) -> None:
        try:
            shutil.rmtree(self.directory, ignore_errors=True)
            self.directory.mkdir(parents=True, exist_ok=True)
            storage = FileStorage(str(self.directory), supports_mmap=False)
            self._index = storage.create_index(_schema(), indexname=INDEX_NAME)
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
            self._weighting.lengths.clear()
            self._sort_columns.clear()
            self._segment_columns.clear()
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
        """The Whoosh query for the user's text; ``QueryError`` when it cannot be parsed."""
        try:
            parsed = self._parser.parse(query)
        except Exception as error:
            raise QueryError(f"cannot understand the query: {error}") from None
        if parsed is None or parsed is NullQuery or not list(parsed.leaves() or [parsed]):
            raise QueryError("the query has no words to search for")
        return parsed

    def search(
        self,
        query: str,
        *,
        limit: int | None = 1000,
        sort_by: str | None = None,
        texts: Callable[[list[str]], dict[str, tuple[str, str, str]]] | None = None,
    ) -> Hits:
        """The keys matching ``query``, best first, or by ``sort_by`` (a key of ``SORTS``).

        ``texts`` gives (title, abstract, authors) by key to check quoted phrases as written.
        """
        parsed = self.parse(query)
        phrases = self.phrases(query)
        with self._lock:
            try:
                searcher = self._search_with()
                parsed = _expand(parsed, searcher, self._segment_column)
                fetch = None if phrases else limit
                if sort_by:
                    keys, total = self._sorted(searcher, parsed, SORTS[sort_by], fetch)
                else:
                    results = searcher.search(parsed, limit=fetch)
                    # Ties in score go by key, so the order never depends on segment layout.
                    ranked = sorted(results, key=lambda hit: (-round(hit.score, 4), hit["key"]))
                    keys = [hit["key"] for hit in ranked]
                    total = len(results) if not phrases else len(keys)
                terms = {
                    text.decode("utf-8") if isinstance(text, bytes) else str(text)
                    for field, text in parsed.existing_terms(searcher.reader(), expand=True)
                    if field in TEXT_FIELDS
                }
            except Exception as error:
                raise IndexUnavailable(f"the search index failed: {error}") from None
        exact = True
        if phrases and texts is not None:
            keys, total, exact = self._verify_phrases(keys, phrases, texts, limit)
        if limit is not None:
            keys = keys[:limit]
        return Hits(tuple(keys), total, tuple(sorted(terms)), exact)

    def _sorted(
        self, searcher: Searcher, parsed: Query, fields: tuple[str, ...], limit: int | None
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

        docnums = list(searcher.docs_for_query(parsed))
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
        if segment is None:
            return None
        key = (segment().segment_id(), field)
        if key not in self._segment_columns:
            values: array[int] = array("i")
            if reader.doc_count_all():
                values = array("i", _column_bytes(reader.column_reader(field, translate=False), 4))
                if sys.byteorder == "little":
                    values.byteswap()  # Whoosh stores big-endian
            self._segment_columns[key] = values
        return self._segment_columns[key]

    @staticmethod
    def phrases(query: str) -> list[Phrase]:
        """The quoted, non-negated phrases of a query."""
        return [
            Phrase(match.group(1), match.group(2))
            for match in _PHRASE.finditer(query)
            if not _NEGATED.search(query[: match.start()]) and fold_title(match.group(2))
        ]

    @staticmethod
    def _verify_phrases(
        keys: list[str],
        phrases: list[Phrase],
        texts: Callable[[list[str]], dict[str, tuple[str, str, str]]],
        limit: int | None,
    ) -> tuple[list[str], int, bool]:
        """The candidates (ranked) whose text holds every phrase as written, checked in
        ranked windows until ``limit`` are found; the total, and whether it is exact."""
        checks = [(phrase, _phrase_pattern(phrase.words), f" {fold_title(phrase.words)} ") for phrase in phrases]
        window = len(keys) if limit is None else max(_PHRASE_WINDOW, limit)
        kept: list[str] = []
        checked = 0
        while checked < len(keys) and (limit is None or len(kept) < limit):
            batch = keys[checked : checked + window]
            checked += len(batch)
            found = texts(batch)
            for key in batch:
                title, abstract, authors = found.get(key, ("", "", ""))
                fields = {"title": title, "abstract": abstract, "author": authors, "authors": authors}
                if all(
                    _contains(fields.get(phrase.field or "", " ".join((title, abstract, authors))), pattern, folded)
                    for phrase, pattern, folded in checks
                ):
                    kept.append(key)
        return kept, len(kept) + len(keys) - checked, checked == len(keys)


def _phrase_pattern(words: str) -> re.Pattern[str] | None:
    """A regex finding an ASCII phrase's words in ASCII text as ``fold_title`` compares them."""
    if not words.isascii():
        return None
    parts = [re.escape(word) for word in re.split(r"[\W_]+", words) if word]
    return re.compile(r"(?<![^\W_])" + r"[\W_]+".join(parts) + r"(?![^\W_])", re.IGNORECASE)


def _contains(text: str, pattern: re.Pattern[str] | None, folded: str) -> bool:
    """True when ``text`` has the phrase (``folded``, spaced) as written, case aside."""
    if pattern is not None and text.isascii():
        return pattern.search(text) is not None  # same answer as folding the whole text, faster
    return folded in f" {fold_title(text)} "


def highlight_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Character spans of the words of ``text`` that match the (stemmed) search ``terms``."""
    wanted = set(terms)
    if not wanted or not text:
        return []
    return [
        (token.startchar, token.endchar)
        for token in _ANALYZER(text, chars=True, positions=False)
        if token.text in wanted
    ]
