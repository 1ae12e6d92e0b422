"""The parsed query rewritten into the shapes the index answers exactly and fast.

- ``Or`` and ``And`` become ``SumOr`` and ``SumAnd``: their parts' scores are added in the
  query's own order (a binary tree, as Whoosh's ``make_binary_tree`` builds it). Whoosh
  orders the parts by each segment's posting counts, so the same paper could score a
  different last bit in a synced index than in a rebuilt one.
- A quoted phrase becomes ``QuotedPhrase``: the AND of its words in the field. The index
  keeps no positions (nor word pairs: measured, they cost 2.4 times the build time and 3.5
  times the size); the papers listed are checked as written instead
  (``index_query.verify_phrases``), or, for a phrase under an ``OR``, every paper it matches.
- Fuzzy, prefix and wildcard words are looked up once in the ``Vocabulary`` of the index
  generation (every distinct word of a field, across segments), not in every segment's
  dictionary on disk.

Part of the index (the only Whoosh code): ``reader.core.index`` is its entry point.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left
from collections.abc import Callable, Sequence
from struct import Struct

import numpy as np
from numpy.typing import NDArray
from whoosh.matching import IntersectionMatcher, Matcher, NullMatcher, UnionMatcher, WrappingMatcher
from whoosh.query import And, Every, FuzzyTerm, MultiTerm, Not, NumericRange, Or, Prefix, Query, Term, Wildcard
from whoosh.query import Phrase as PhraseQuery
from whoosh.reading import IndexReader
from whoosh.searching import Searcher
from whoosh.util import make_binary_tree

from reader.core.errors import QueryError, SearchCancelled
from reader.core.index_matching import Cancel, FieldLengths, LiveNot, Present, SegmentColumn, ValueRange
from reader.core.index_query import MAX_EXPANSIONS, TEXT_FIELDS, VALUE_COLUMNS
from reader.core.index_terms import segment_id


class SumOr(Or):  # type: ignore[misc]
    """Whoosh's ``Or``, its parts' scores added in the query's order (then times its boost)."""

    def matcher(self, searcher: Searcher, context: object = None) -> Matcher:
        """A binary tree of union matchers over the parts, in order."""
        return _tree(self, UnionMatcher, searcher, context)


class SumAnd(And):  # type: ignore[misc]
    """Whoosh's ``And``, its parts' scores added in the query's order (then times its boost)."""

    def matcher(self, searcher: Searcher, context: object = None) -> Matcher:
        """A binary tree of intersection matchers over the parts, in order."""
        return _tree(self, IntersectionMatcher, searcher, context)


class QuotedPhrase(SumAnd):
    """A quoted phrase of a text field as the AND of its words in that field, scored as they
    are; which papers hold the words in order is for the check as written.

    ``field`` and ``words`` (stemmed) say which phrase it stands for, to check it as written.
    """

    def __init__(self, field: str, words: Sequence[str], boost: float = 1.0) -> None:
        super().__init__([Term(field, word) for word in words], boost=boost)
        self.phrase_field = field
        self.phrase_words = tuple(words)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, QuotedPhrase) and (self.phrase_field, self.phrase_words, self.boost) == (
            other.phrase_field,
            other.phrase_words,
            other.boost,
        )

    def __hash__(self) -> int:
        return hash((self.phrase_field, self.phrase_words, self.boost))


def _tree(query: SumOr | SumAnd, kind: type, searcher: Searcher, context: object) -> Matcher:
    parts = [part.matcher(searcher, context) for part in query.subqueries]
    if not parts:
        return NullMatcher()
    if kind is IntersectionMatcher and any(not part.is_active() for part in parts):
        return NullMatcher()
    matcher = make_binary_tree(kind, parts)
    return WrappingMatcher(matcher, boost=query.boost) if query.boost != 1.0 else matcher


SegmentWords = dict[str, dict[str, list[bytes]]]
"""Segment id -> field -> the field's words in that segment (kept across index generations:
a segment never changes, so a sync reads only its new segment's words)."""


class Vocabulary:
    """Every distinct word of each text field across the segments of one index generation,
    sorted, read once (on the first fuzzy, prefix or wildcard word) and kept until the index
    changes. Each segment's words are read in one pass over its term table (``_table_words``)
    and kept in ``segments`` for the next generations."""

    def __init__(self, searcher: Searcher, segments: SegmentWords) -> None:
        self._searcher = searcher
        self._segments = segments
        self._words: dict[str, list[str]] = {}
        self._lengths: dict[str, NDArray[np.int64]] = {}

    def words(self, field: str) -> list[str]:
        """The sorted distinct words of ``field``."""
        if field not in self._words:
            found: set[bytes] = set()
            for leaf, _offset in self._searcher.leaf_searchers():
                found.update(self._segment_words(leaf.reader()).get(field, ()))
            self._words[field] = sorted(word.decode("utf-8") for word in found)
        return self._words[field]

    def _segment_words(self, reader: IndexReader) -> dict[str, list[bytes]]:
        key = segment_id(reader)
        if key is None:  # not a segment's reader (an empty index)
            return {}
        if key not in self._segments:
            self._segments[key] = _table_words(reader)
        return self._segments[key]

    def expand(self, node: MultiTerm) -> list[str]:
        """The words of ``node``'s field that a fuzzy, prefix or wildcard word stands for."""
        words = self.words(node.fieldname)
        if isinstance(node, FuzzyTerm):
            start, end = _span(words, node.text[: node.prefixlength])
            if node.fieldname not in self._lengths:
                self._lengths[node.fieldname] = np.fromiter(map(len, words), np.int64, len(words))
            lengths = self._lengths[node.fieldname][start:end]
            fitting = np.flatnonzero(np.abs(lengths - len(node.text)) <= node.maxdist) + start
            return near(node.text, [words[place] for place in fitting.tolist()], node.maxdist)
        if isinstance(node, Prefix):
            return list(_starting(words, node.text))
        if isinstance(node, Wildcard):
            pattern = re.compile(node._get_pattern())
            return [word for word in _starting(words, node._find_prefix(node.text)) if pattern.match(word)]
        raise TypeError(type(node).__name__)


def _table_words(reader: IndexReader) -> dict[str, list[bytes]]:
    """Every word of a segment's text fields, from its term table read in one piece per field.

    Whoosh reads its term table (whoosh-reloaded 2.7.5's ``OrderedHashReader``: records in key
    order, each two big-endian lengths, a key of a 2-byte field number and the word, then the
    term info) one seek and read per word: 4.7 s for the words of 100,000 papers without
    mmap. A table of another layout is read through Whoosh's own lexicon.
    """
    terms = getattr(reader, "_terms", None)
    table, numbers = getattr(terms, "_tindex", None), getattr(terms, "_fieldmap", None)
    if table is None or numbers is None:
        return {field: list(reader.lexicon(field)) for field in TEXT_FIELDS}
    found: dict[str, list[bytes]] = {}
    for field in TEXT_FIELDS:
        words: list[bytes] = []
        found[field] = words
        number = numbers.get(field)
        start = None if number is None else table.closest_key_pos(number.to_bytes(2, "big"))
        end = None if number is None else table.closest_key_pos((number + 1).to_bytes(2, "big"))
        if start is None:
            continue
        data: bytes = table.dbfile.get(start, (table.endofdata if end is None else end) - start)
        unpack, place = _RECORD.unpack_from, 0
        while place < len(data):
            key_length, value_length = unpack(data, place)
            place += _RECORD.size
            words.append(data[place + 2 : place + key_length])
            place += key_length + value_length
    return found


_RECORD = Struct("!ii")


def _starting(words: list[str], head: str) -> list[str]:
    """The words (sorted) that start with ``head``."""
    start, end = _span(words, head)
    return words[start:end]


def _span(words: list[str], head: str) -> tuple[int, int]:
    """Where the words (sorted) that start with ``head`` are: they sort from ``head`` up to
    the first string after every one of them (``head``, its last letter the next one)."""
    start = bisect_left(words, head)
    stem = head.rstrip(chr(sys.maxunicode))
    if not stem:
        return start, len(words)
    return start, bisect_left(words, stem[:-1] + chr(ord(stem[-1]) + 1), start)


def near(text: str, words: list[str], distance: int) -> list[str]:
    """The ``words`` at most ``distance`` edits (insert, delete, replace) from ``text``, as
    Whoosh's Levenshtein automaton decides.

    Every word's edit table is computed at once in arrays, a row per letter of ``text``:
    a row's cells are the cheaper of a deletion and a replacement from the row above, then
    insertions along the row, which is a running minimum (``cell[j] = j + min(base[k] - k)``
    over ``k <= j``). A word's cell past its end is never read: its distance is the cell at
    its length. Words of any length are answered right; the table is as wide as the longest,
    so ``Vocabulary.expand`` passes only those whose length is within reach.
    """
    if not words:
        return []
    width = max(len(word) for word in words)
    lengths = np.fromiter(map(len, words), np.int64, len(words))
    padded = "".join(word.ljust(width, "\0") for word in words).encode("utf-32-le")
    letters = np.frombuffer(padded, "<u4").reshape(len(words), width).astype(np.int64)
    letters[np.arange(width) >= lengths[:, None]] = -1  # past a word's end: never a letter of text
    columns = np.arange(width + 1)
    row = np.broadcast_to(columns, (len(words), width + 1))
    base = np.empty((len(words), width + 1), np.int64)
    for number, letter in enumerate(text, start=1):
        base[:, 0] = number
        np.minimum(row[:, 1:] + 1, row[:, :-1] + (letters != ord(letter)), out=base[:, 1:])
        row = np.minimum.accumulate(base - columns, axis=1) + columns
        if int(row.min()) > distance:  # a row only grows: no word can come back within reach
            return []
    close = row[np.arange(len(words)), lengths] <= distance
    return [word for word, kept in zip(words, close.tolist(), strict=True) if kept]


def rewrite(
    query: Query,
    searcher: Searcher,
    vocabulary: Callable[[], Vocabulary],
    segment_column: SegmentColumn,
    field_lengths: FieldLengths,
    cancel: Cancel | None = None,
) -> Query:
    """``query`` in the shapes above; its numeric ranges answered from the sort columns, ``*``
    from the documents themselves, and its ``NOT`` free of deleted documents. At most
    ``MAX_EXPANSIONS`` words for all its fuzzy, prefix and wildcard words."""
    budget = [MAX_EXPANSIONS]

    def expanded(node: MultiTerm) -> Query:
        if isinstance(node, FuzzyTerm | Prefix | Wildcard):
            words = vocabulary().expand(node)
        else:  # another kind of pattern: Whoosh's own lookup, segment by segment
            found = {word for leaf, _ in searcher.leaf_searchers() for word in node._btexts(leaf.reader())}
            words = sorted(word.decode("utf-8") if isinstance(word, bytes) else word for word in found)
        if len(words) > budget[0]:
            raise QueryError(
                f"'{node.text}' stands for too many words (over {MAX_EXPANSIONS:,} in one query); make it longer"
            )
        budget[0] -= len(words)
        return SumOr([Term(node.fieldname, word) for word in words], boost=node.boost)

    def replace(node: Query) -> Query:
        if cancel is not None and cancel():
            raise SearchCancelled("the search was abandoned")
        kind = type(node)
        if isinstance(node, MultiTerm) and node.field() in searcher.schema:
            return expanded(node)
        if kind is PhraseQuery and node.fieldname in TEXT_FIELDS and len(node.words) > 1:
            return QuotedPhrase(node.fieldname, node.words, boost=node.boost)
        if kind is Or:
            return SumOr(node.subqueries, boost=node.boost)
        if kind is And:
            return SumAnd(node.subqueries, boost=node.boost)
        if isinstance(node, NumericRange) and node.fieldname in VALUE_COLUMNS:
            return ValueRange(node, segment_column)
        if kind is Every:
            return Present(node.fieldname, node.boost, field_lengths)
        if kind is Not:
            return LiveNot(node.query, boost=node.boost)
        return node

    rewritten: Query = query.accept(replace)
    return rewritten
