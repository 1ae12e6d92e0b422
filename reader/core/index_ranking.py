"""Ranking and counting the matches of a rewritten query in one pass, by score or by a
field, ties always going to the smaller paper key.

Part of the index (the only Whoosh code): ``reader.core.index`` is its entry point.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from whoosh.query import Query
from whoosh.searching import Searcher

from reader.core.index_matching import Cancel, Weighting
from reader.core.index_query import Phrase, PhraseTest, stems
from reader.core.index_rewrite import QuotedPhrase
from reader.core.index_scoring import PhraseCheck, SegmentScorer
from reader.core.user_query import KeyPredicate

Allow = KeyPredicate
"""Admits a paper by key: only the papers it admits are ranked and counted."""
SegmentCheck = Callable[[int], PhraseCheck]
"""The phrase check of the segment starting at a global document number."""
Texts = Callable[[list[str]], dict[str, tuple[str, str, str]]]
"""(title, abstract, authors) by key, to check quoted phrases as written."""


@dataclass(frozen=True, slots=True)
class KeyOrder:
    """Every key of a searcher in key order, and each document's place in that order."""

    keys: list[str]
    ranks: list[int]

    def key(self, docnum: int) -> str:
        """The key of a (global) document number."""
        return self.keys[self.ranks[docnum]]


def _live(found: dict[int, float] | set[int], segment: Searcher) -> None:
    """Drop the deleted documents of ``segment`` from ``found`` (in place)."""
    reader = segment.reader()
    if reader.has_deletions():
        for docnum in reader.deleted_docs_set:
            if isinstance(found, set):
                found.discard(docnum)
            else:
                found.pop(docnum, None)


def ranked(
    searcher: Searcher,
    query: Query,
    weighting: Weighting,
    order: KeyOrder,
    limit: int | None,
    allow: Allow | None = None,
    check: SegmentCheck | None = None,
    cancel: Cancel | None = None,
) -> tuple[list[tuple[str, float]], int]:
    """The ``limit`` best (key, score) pairs, best first (ties by key), and how many match."""
    scores: list[float] = []
    docnums: list[int] = []
    for segment, offset in searcher.leaf_searchers():
        scorer = SegmentScorer(searcher, segment, weighting, None if check is None else check(offset), cancel)
        found = scorer.scores(query)
        _live(found, segment)
        if allow is not None:
            found = {docnum: score for docnum, score in found.items() if allow(order.key(docnum + offset))}
        scores.extend(found.values())
        docnums.extend([docnum + offset for docnum in found] if offset else found)
    ranks = order.ranks
    if limit is not None and len(scores) > limit:
        cut = heapq.nlargest(limit, scores)[-1]
        chosen = [(score, -ranks[docnum]) for score, docnum in zip(scores, docnums, strict=True) if score >= cut]
    else:
        chosen = [(score, -ranks[docnum]) for score, docnum in zip(scores, docnums, strict=True)]
    chosen.sort(reverse=True)
    return [(order.keys[-rank], score) for score, rank in chosen[:limit]], len(scores)


def sorted_by(
    searcher: Searcher,
    query: Query,
    weighting: Weighting,
    order: KeyOrder,
    values: Sequence[int],
    limit: int | None,
    allow: Allow | None = None,
    check: SegmentCheck | None = None,
    cancel: Cancel | None = None,
) -> tuple[list[str], int]:
    """The keys of the ``limit`` matches with the largest ``values`` (one integer per
    document, its key order folded in), and how many match. Nothing is scored."""
    docnums: list[int] = []
    for segment, offset in searcher.leaf_searchers():
        scorer = SegmentScorer(searcher, segment, weighting, None if check is None else check(offset), cancel)
        found = scorer.matches(query)
        _live(found, segment)
        if allow is not None:
            found = {docnum for docnum in found if allow(order.key(docnum + offset))}
        docnums.extend([docnum + offset for docnum in found] if offset else found)
    if limit is None:
        best = sorted(docnums, key=values.__getitem__, reverse=True)
    else:
        best = heapq.nlargest(limit, docnums, key=values.__getitem__)
    return [order.key(docnum) for docnum in best], len(docnums)


def sort_values(columns: Sequence[Sequence[int]], order: KeyOrder) -> list[int]:
    """One integer per document ordering it by ``columns`` (each descending, unknown values
    -1 or 0 last) and then by key (the smaller first): the larger, the earlier."""
    count = len(order.ranks)
    values = [0] * count
    for column in columns:
        width = max(column, default=0) + 2  # every value of the column, and -1, fits below it
        values = [value * width + (item + 1) for value, item in zip(values, column, strict=True)]
    return [value * count + (count - 1 - rank) for value, rank in zip(values, order.ranks, strict=True)]


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
