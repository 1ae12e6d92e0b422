"""Whoosh queries, matchers and a weighting the index uses in place of Whoosh's own: each
answers a question Whoosh answers slowly or differently from one index to the next.

Part of the index (the only Whoosh code): ``reader.core.index`` is its entry point.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable
from math import log

import numpy as np
from numpy.typing import NDArray
from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.matching import InverseMatcher, ListMatcher, Matcher, NullMatcher
from whoosh.query import Not, NumericRange, Query
from whoosh.reading import IndexReader
from whoosh.scoring import BM25F, BM25FScorer
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

from reader.core.index_query import TEXT_FIELDS, VALUE_COLUMNS

Cancel = Callable[[], bool]
"""Asked now and then while a search runs: True abandons it (``SearchCancelled``)."""
FieldLengths = Callable[[IndexReader, "str | None"], "list[int] | None"]
"""A segment's length of a field for each document (None: not a segment's reader)."""


def column_bytes(column: object, width: int) -> bytes:
    """The raw values of a fixed-width Whoosh column, ``width`` bytes each, in one read.

    Whoosh reads a column one value (one seek and one read) at a time; this reads the
    block its ``FixedBytesColumn.Reader`` points at (whoosh-reloaded 2.7.5's layout).
    Documents past the last value written have the column's default, which is 0 here.
    """
    stored: bytes = column._dbfile.get(column._basepos, column._count * width)  # type: ignore[attr-defined]
    return stored + bytes(column._doccount * width - len(stored))  # type: ignore[attr-defined]


_LENGTH_OF_BYTE = [byte_to_length(value) for value in range(256)]


class Weighting(BM25F):  # type: ignore[misc]
    """BM25F (Whoosh's default) with each segment's field lengths held in memory, and its
    statistics taken from the live documents only.

    Whoosh's scorer reads a document's field length from the segment file for every
    posting it scores (a seek and a read each, without mmap): most of the time of a
    search for a common word. The lengths are one byte per document and field, so
    they are read once per segment (a few hundred KB for 100,000 papers).

    Whoosh counts deleted documents (the old copies an incremental sync leaves until
    segments merge) in a word's document frequency, the document count and the average
    field length, so a synced index scored differently from a rebuilt one. Here all three
    count live documents, from the lengths in memory: the same papers score the same.
    """

    def __init__(self) -> None:
        super().__init__()
        self.lengths: dict[tuple[str, str | None], list[int]] = {}
        self.averages: dict[str, float | None] = {}
        self._norms: dict[tuple[str, str], NDArray[np.float64] | None] = {}

    def reset(self) -> None:
        """Forget what was read of the last searcher's segments."""
        self.lengths.clear()
        self.averages.clear()
        self._norms.clear()

    def norms(self, searcher: Searcher, reader: IndexReader, field: str) -> NDArray[np.float64] | None:
        """``K1 * ((1 - B) + B * length / average)`` for each document of a segment: BM25F's
        length part, computed as Whoosh computes it, once per searcher (None: the field has
        no lengths)."""
        perdoc = getattr(reader, "_perdoc", None)
        key = (reader.segment().segment_id(), field) if perdoc is not None else None
        if key is not None and key in self._norms:
            return self._norms[key]
        lengths = self.field_lengths(reader, field)
        average = self._average_length(searcher, field)
        norms = None
        if lengths is not None and average is not None:
            b_value, k1 = self._field_B.get(field, self.B), self.K1
            memo = {length: k1 * ((1 - b_value) + b_value * length / average) for length in set(lengths)}
            norms = np.array([memo[length] for length in lengths], np.float64)
        if key is not None:
            self._norms[key] = norms
        return norms

    def idf(self, searcher: Searcher, fieldname: str, text: bytes) -> float:
        """Whoosh's inverse document frequency, of live documents only."""
        frequency = searcher.doc_frequency(fieldname, text)
        if searcher.reader().has_deletions():
            frequency = 0
            for leaf, _offset in searcher.leaf_searchers():
                reader = leaf.reader()
                if (fieldname, text) in reader:
                    deleted = reader.deleted_docs_set if reader.has_deletions() else frozenset()
                    ids = reader.postings(fieldname, text).all_ids()
                    frequency += sum(1 for docnum in ids if docnum not in deleted)
        return float(log(max(searcher.doc_count(), 1) / (frequency + 1)) + 1)

    def scorer(self, searcher: Searcher, fieldname: str, text: bytes, qf: float = 1) -> object:
        """Whoosh's BM25F scorer, its field-length lookup replaced by a list lookup and its
        average field length that of the live documents."""
        scorer = super().scorer(searcher, fieldname, text, qf=qf)
        if isinstance(scorer, BM25FScorer):
            average = self._average_length(searcher.get_parent(), fieldname)
            if average is not None:
                scorer.avgfl = average
                scorer.setup(searcher, fieldname, text)  # its best possible score, with that average
            lengths = self.field_lengths(searcher.reader(), fieldname)
            if lengths is not None:
                scorer.dfl = lengths.__getitem__
        return scorer

    def _average_length(self, searcher: Searcher, fieldname: str) -> float | None:
        if fieldname not in self.averages:
            self.averages[fieldname] = self._live_average(searcher, fieldname)
        return self.averages[fieldname]

    def _live_average(self, searcher: Searcher, fieldname: str) -> float | None:
        total = count = 0
        for leaf, _offset in searcher.leaf_searchers():
            reader = leaf.reader()
            lengths = self.field_lengths(reader, fieldname)
            if lengths is None:
                if getattr(reader, "_perdoc", None) is None:
                    continue
                if fieldname not in reader.schema.names() or not reader.schema[fieldname].scorable:
                    return None
                # A segment none of whose papers has the field writes no lengths for it:
                # its papers count, with length 0 (as Whoosh's own average counts them).
            else:
                deleted = reader.deleted_docs_set if reader.has_deletions() else frozenset()
                total += sum(length for docnum, length in enumerate(lengths) if docnum not in deleted)
            count += reader.doc_count()
        return total / count if total and count else 1.0

    def field_lengths(self, reader: IndexReader, fieldname: str | None) -> list[int] | None:
        """A segment's length of ``fieldname`` for each of its documents (None: not a segment's
        reader, or a field without lengths)."""
        perdoc = getattr(reader, "_perdoc", None)  # a segment's reader (none for an empty index)
        if perdoc is None:
            return None
        key = (reader.segment().segment_id(), fieldname)
        if key not in self.lengths:
            column = perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
            if column is None:
                return None
            self.lengths[key] = [_LENGTH_OF_BYTE[value] for value in column_bytes(column, 1)]
        return self.lengths[key]


SegmentColumn = Callable[[IndexReader, str], "array[int] | None"]
"""A segment's values of a column field, one per document (None: not a segment's reader)."""


class ValueRange(Query):  # type: ignore[misc]
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
        return isinstance(other, ValueRange) and self.original == other.original

    def __hash__(self) -> int:
        return hash(self.original)

    def __repr__(self) -> str:
        return f"ValueRange({self.original!r})"

    def is_leaf(self) -> bool:
        """A range is a leaf of the query tree."""
        return True

    def estimate_size(self, ixreader: IndexReader) -> int:
        """At most every document."""
        return int(ixreader.doc_count())

    def matcher(self, searcher: Searcher, context: object = None) -> Matcher:
        """The documents of the searcher's segment whose value is in the range."""
        reader = searcher.reader()
        marks = self.marks(reader)
        if marks is None:
            return self.original.matcher(searcher, context)
        if reader.has_deletions():
            marks[list(reader.deleted_docs_set)] = False
        docnums = np.flatnonzero(marks).tolist()
        return ValueMatcher(docnums, all_weights=self.boost) if docnums else NullMatcher()

    def marks(self, reader: IndexReader) -> NDArray[np.bool_] | None:
        """One flag per document of ``reader``'s segment, deleted ones included: its value
        is in the range (None when the segment has no column to read)."""
        column = self.segment_column(reader, self.column)
        if column is None:
            return None
        values = np.frombuffer(column, np.int32).astype(np.int64) if len(column) else np.zeros(0, np.int64)
        marks: NDArray[np.bool_] = values != self.unknown
        values //= self.divisor
        start, end = self.original.start, self.original.end
        if start is not None:
            marks &= values > start if self.original.startexcl else values >= start
        if end is not None:
            marks &= values < end if self.original.endexcl else values <= end
        return marks


class ValueMatcher(ListMatcher):  # type: ignore[misc]
    """The documents of a ``ValueRange``: no postings, so no positions or other values."""

    def supports(self, astype: str) -> bool:
        """Nothing but the document numbers."""
        return False


class LiveNot(Not):  # type: ignore[misc]
    """Whoosh's ``Not``, without the deleted document it can let through.

    Whoosh's ``InverseMatcher`` skips deleted documents, except the one right after the last
    document the negated query matches: ``NOT diffusion`` could list a paper removed from the
    dumps, or the old copy of an updated one.
    """

    def matcher(self, searcher: Searcher, context: object = None) -> Matcher:
        """Every live document of the segment that the negated query does not match."""
        reader = searcher.reader()
        child = self.query.matcher(searcher, searcher.boolean_context())
        return LiveInverseMatcher(child, reader.doc_count_all(), missing=reader.is_deleted)


class LiveInverseMatcher(InverseMatcher):  # type: ignore[misc]
    """Whoosh's ``InverseMatcher``, checked again for a deleted document once it has moved."""

    def _find_next(self) -> None:
        super()._find_next()
        while self._id < self.limit and self.missing(self._id):
            self._id += 1
            super()._find_next()


class Present(Query):  # type: ignore[misc]
    """``*`` (every paper) or ``field:*`` (every paper with text in that field), from the
    documents of each segment: Whoosh's ``Every`` on a field unions every posting of every
    word (slow) and let deleted documents through."""

    def __init__(self, fieldname: str | None, boost: float, field_lengths: FieldLengths) -> None:
        self.fieldname = fieldname
        self.boost = boost
        self.field_lengths = field_lengths

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Present) and (self.fieldname, self.boost) == (other.fieldname, other.boost)

    def __hash__(self) -> int:
        return hash((self.fieldname, self.boost))

    def __repr__(self) -> str:
        return f"Present({self.fieldname!r})"

    def is_leaf(self) -> bool:
        """A leaf of the query tree."""
        return True

    def estimate_size(self, ixreader: IndexReader) -> int:
        """At most every document."""
        return int(ixreader.doc_count())

    def matcher(self, searcher: Searcher, context: object = None) -> Matcher:
        """The live documents of the segment (with text in the field, for a text field)."""
        reader = searcher.reader()
        lengths = None
        if self.fieldname in TEXT_FIELDS and getattr(reader, "_perdoc", None) is not None:
            lengths = self.field_lengths(reader, self.fieldname) or []  # no column: no document has text there
        if lengths is None:
            docnums = list(reader.all_doc_ids())
        else:
            deleted = reader.deleted_docs_set if reader.has_deletions() else frozenset()
            docnums = [docnum for docnum, length in enumerate(lengths) if length and docnum not in deleted]
        return ValueMatcher(docnums, all_weights=self.boost) if docnums else NullMatcher()
