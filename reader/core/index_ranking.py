"""Ranking and counting the matches of a rewritten query in one pass, by score or by a
field, ties always going to the smaller paper key.

Part of the index (the only Whoosh code): ``reader.core.index`` is its entry point.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from whoosh.query import Query
from whoosh.searching import Searcher

from reader.core.index_arrays import PostingReader
from reader.core.index_matching import Cancel, Weighting
from reader.core.index_query import Phrase, PhraseTest, stems
from reader.core.index_rewrite import QuotedPhrase
from reader.core.index_scoring import Marks, PhraseCheck, SegmentScorer
from reader.core.index_terms import Floats, Ints, read_postings
from reader.core.user_query import KeyPredicate

Allow = KeyPredicate
"""Admits a paper by key: only the papers it admits are ranked and counted."""
SortValues = Ints | list[int]
"""One integer per document for a sort (see ``sort_values``)."""
SegmentCheck = Callable[[int], PhraseCheck]
"""The phrase check of the segment starting at a global document number."""
Texts = Callable[[list[str]], dict[str, tuple[str, str, str]]]
"""(title, abstract, authors) by key, to check quoted phrases as written."""


@dataclass(frozen=True, slots=True)
class KeyOrder:
    """Every key of a searcher in key order, and each document's place in that order."""

    keys: list[str]
    ranks: list[int]
    rank_array: Ints
    """``ranks`` as an array."""

    @classmethod
    def of(cls, keys: list[str], ranks: list[int]) -> KeyOrder:
        """The order of ``keys`` (sorted), ``ranks`` giving each document's place in it."""
        return cls(keys, ranks, np.array(ranks, np.int64))

    def key(self, docnum: int) -> str:
        """The key of a (global) document number."""
        return self.keys[self.ranks[docnum]]


def _matched(matched: Marks, segment: Searcher, offset: int, order: KeyOrder, allow: Allow | None) -> Ints:
    """The segment's documents of ``matched`` that are live and allowed (segment numbers)."""
    reader = segment.reader()
    if reader.has_deletions():
        matched = matched.copy()
        matched[np.fromiter(reader.deleted_docs_set, np.int64)] = False
    docnums = np.flatnonzero(matched)
    if allow is not None:
        docnums = docnums[[allow(order.key(int(docnum) + offset)) for docnum in docnums]]
    return docnums


def ranked(
    searcher: Searcher,
    query: Query,
    weighting: Weighting,
    order: KeyOrder,
    limit: int | None,
    allow: Allow | None = None,
    check: SegmentCheck | None = None,
    cancel: Cancel | None = None,
    postings: PostingReader = read_postings,
) -> tuple[list[tuple[str, float]], int]:
    """The ``limit`` best (key, score) pairs, best first (ties by key), and how many match."""
    scores: list[Floats] = []
    docnums: list[Ints] = []
    for segment, offset in searcher.leaf_searchers():
        scorer = SegmentScorer(searcher, segment, weighting, None if check is None else check(offset), cancel, postings)
        found = scorer.scores(query)
        matched = _matched(found.matched, segment, offset, order, allow)
        scores.append(found.score[matched])
        docnums.append(matched + offset)
    every = np.concatenate(scores) if scores else np.zeros(0, np.float64)
    places = order.rank_array[np.concatenate(docnums)] if docnums else np.zeros(0, np.int64)
    total = len(every)
    if limit is not None and total > limit:
        cut = np.partition(every, total - limit)[total - limit]  # the limit-th best score
        chosen = every >= cut
        every, places = every[chosen], places[chosen]
    best = np.lexsort((places, -every))[:limit]  # the best score first, then the smaller key
    pairs = zip(places[best].tolist(), every[best].tolist(), strict=True)
    return [(order.keys[place], score) for place, score in pairs], total


def sorted_by(
    searcher: Searcher,
    query: Query,
    weighting: Weighting,
    order: KeyOrder,
    values: SortValues,
    limit: int | None,
    allow: Allow | None = None,
    check: SegmentCheck | None = None,
    cancel: Cancel | None = None,
    postings: PostingReader = read_postings,
) -> tuple[list[str], int]:
    """The keys of the ``limit`` matches with the largest ``values`` (one integer per
    document, its key order folded in: no two alike), and how many match. Nothing is scored."""
    found: list[Ints] = []
    for segment, offset in searcher.leaf_searchers():
        scorer = SegmentScorer(searcher, segment, weighting, None if check is None else check(offset), cancel, postings)
        found.append(_matched(scorer.matches(query), segment, offset, order, allow) + offset)
    docnums = np.concatenate(found) if found else np.zeros(0, np.int64)
    total = len(docnums)
    if isinstance(values, np.ndarray):
        matched = values[docnums]
        if limit is not None and total > limit:
            top = np.argpartition(matched, total - limit)[total - limit :]
            docnums, matched = docnums[top], matched[top]
        best = docnums[np.argsort(-matched)].tolist()
    elif limit is None:
        best = sorted(docnums.tolist(), key=values.__getitem__, reverse=True)
    else:
        best = heapq.nlargest(limit, docnums.tolist(), key=values.__getitem__)
    return [order.key(docnum) for docnum in best], total


def sort_values(columns: Sequence[Sequence[int]], order: KeyOrder) -> SortValues:
    """One integer per document ordering it by ``columns`` (each descending, unknown values
    -1 or 0 last) and then by key (the smaller first): the larger, the earlier. An array
    when every value fits 63 bits (then the matches are sorted in it), else a list."""
    count = len(order.ranks)
    values = [0] * count
    for column in columns:
        width = max(column, default=0) + 2  # every value of the column, and -1, fits below it
        values = [value * width + (item + 1) for value, item in zip(values, column, strict=True)]
    combined = [value * count + (count - 1 - rank) for value, rank in zip(values, order.ranks, strict=True)]
    if max(combined, default=0) < 2**63:
        return np.array(combined, np.int64)
    return combined


def phrase_check(quoted: list[Phrase], texts: Texts, order: KeyOrder) -> SegmentCheck:
    """Checks, segment by segment, which papers a quoted phrase matches hold it as written."""
    written: dict[tuple[str, ...], str] = {}
    for phrase in quoted:
        written.setdefault(stems(phrase.words), phrase.words)

    def for_segment(offset: int) -> PhraseCheck:
        def check(node: QuotedPhrase, docnums: list[int]) -> set[int]:
            words = written.get(node.phrase_words)
            if words is None:
                return set(docnums)  # not a phrase of the query's text: its words decide
            test = PhraseTest(Phrase(node.phrase_field, words))
            keyed = {order.key(docnum + offset): docnum for docnum in docnums}
            found = texts(list(keyed))
            return {docnum for key, docnum in keyed.items() if test.holds(*found.get(key, ("", "", "")))}

        return check

    return for_segment
