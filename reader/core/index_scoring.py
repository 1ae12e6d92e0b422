"""Scoring a rewritten query over whole posting lists, one segment at a time.

Whoosh's matchers move one posting at a time through Python calls (a dozen per posting
and query part). Here a word's postings are read at once into arrays, scored in one
vector operation with Whoosh's own BM25F formula and statistics, and combined with the
query's additions in the query's order (``SumOr`` / ``SumAnd``, ``index_rewrite``). A
segment's scores are one float per document (0 where nothing matched) beside a mark of
the documents matched; the arithmetic is IEEE double operation for operation, as
Python's, so every score is the float Whoosh's searcher gives for the same query, bit
for bit. Every match is scored, so the ranking is exact and counting the matches is
the same pass.

Words of fields without lengths (``day:``, ``year:``) score their weight, as Whoosh's
``WeightScorer``; ranges of a sort column (``upvotes:>10``) score their boost, marked from
the column in one array operation. Parts of other shapes (``NOT``, ``*`` ...) are answered
by Whoosh's own matcher for that part, in the same segment, and combined the same way.

Part of the index (the only Whoosh code): ``reader.core.index`` is its entry point.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from whoosh.matching import FilterMatcher
from whoosh.query import Query, Term
from whoosh.scoring import BM25FScorer, WeightScorer
from whoosh.searching import Searcher

from reader.core.errors import SearchCancelled
from reader.core.index_arrays import PostingReader
from reader.core.index_matching import Cancel, ValueRange, Weighting
from reader.core.index_rewrite import QuotedPhrase, SumAnd, SumOr
from reader.core.index_terms import Floats, Ints, read_postings

Marks = NDArray[np.bool_]
"""One flag per document of a segment: matched or not."""
PhraseCheck = Callable[[QuotedPhrase, list[int]], set[int]]
"""The documents (of the current segment) that hold a phrase as written."""


@dataclass(frozen=True, slots=True)
class Scores:
    """Each document's score in one segment (0 where it does not match) and which match."""

    score: Floats
    matched: Marks

    def union(self, other: Scores) -> Scores:
        """Every document of either, scored ``self + other`` (0 stands for no match: x + 0 is x)."""
        return Scores(self.score + other.score, self.matched | other.matched)

    def intersection(self, other: Scores) -> Scores:
        """The documents of both, scored ``self + other``."""
        matched = self.matched & other.matched
        return Scores(np.where(matched, self.score + other.score, 0.0), matched)

    def only(self, kept: Marks) -> Scores:
        """The documents matched and ``kept``."""
        matched = self.matched & kept
        return Scores(np.where(matched, self.score, 0.0), matched)


class SegmentScorer:
    """Scores (or only matches) a rewritten query in one segment of a searcher."""

    def __init__(
        self,
        searcher: Searcher,
        segment: Searcher,
        weighting: Weighting,
        check: PhraseCheck | None = None,
        cancel: Cancel | None = None,
        postings: PostingReader = read_postings,
    ) -> None:
        self.searcher = searcher
        self.segment = segment
        self.reader = segment.reader()
        self.size: int = self.reader.doc_count_all()
        """Documents in the segment, deleted ones included (the length of its arrays)."""
        self.weighting = weighting
        self.check = check
        self.cancel = cancel
        self.postings = postings

    # -- scoring -------------------------------------------------------------------------

    def scores(self, node: Query) -> Scores:
        """Each matching document's score for ``node`` (deleted documents included)."""
        if self.cancel is not None and self.cancel():
            raise SearchCancelled("the search was abandoned")
        kind = type(node)
        if kind is Term:
            found = self._term_scores(node)
            if found is not None:
                return found
        elif kind is ValueRange:
            marks = node.marks(self.reader)
            if marks is not None:  # the range's boost, as Whoosh's ListMatcher weighs (0 stands for 1)
                return Scores(np.where(marks, float(node.boost or 1.0), 0.0), marks)
        elif isinstance(node, SumOr | SumAnd):
            if not node.subqueries:
                return self._none()
            combined = self._tree(node.subqueries, Scores.intersection if isinstance(node, SumAnd) else Scores.union)
            if node.boost != 1.0:
                combined = Scores(combined.score * node.boost, combined.matched)
            if isinstance(node, QuotedPhrase) and self.check is not None and combined.matched.any():
                combined = combined.only(self._held(node, combined.matched))
            return combined
        return self._whoosh_scores(node)

    def _tree(self, parts: Sequence[Query], combine: Callable[[Scores, Scores], Scores]) -> Scores:
        """``parts`` scored and combined as Whoosh's ``make_binary_tree`` nests them (halves,
        left first), each half scored as it is combined: a few arrays alive at once, not one
        a part (a fuzzy word may stand for thousands of words)."""
        if len(parts) == 1:
            return self.scores(parts[0])
        half = len(parts) // 2
        return combine(self._tree(parts[:half], combine), self._tree(parts[half:], combine))

    def _none(self) -> Scores:
        return Scores(np.zeros(self.size, np.float64), np.zeros(self.size, np.bool_))

    def _held(self, node: QuotedPhrase, matched: Marks) -> Marks:
        """The documents of ``matched`` that hold the phrase as written."""
        assert self.check is not None
        held = self.check(node, np.flatnonzero(matched).tolist())
        return _marks(self.size, np.fromiter(held, np.int64, len(held)))

    def _term_scores(self, node: Term) -> Scores | None:
        """A word's postings scored at once (None: not a BM25F text field)."""
        field = node.fieldname
        btext = self._btext(node)
        if btext is None:
            return self._none()
        norms = self.weighting.norms(self.searcher, self.reader, field)
        scorer = self.weighting.scorer(self.segment, field, btext)
        if type(scorer) is WeightScorer:  # a field without lengths (day, year): the weight
            docnums, scored = self._postings(field, btext)
        elif norms is not None and isinstance(scorer, BM25FScorer):
            docnums, weights = self._postings(field, btext)
            # Whoosh's BM25F: idf * ((weight * (K1 + 1)) / (weight + norm)), then the boost.
            scored = scorer.idf * ((weights * (scorer.K1 + 1)) / (weights + norms[docnums]))
        else:
            return None
        if node.boost != 1.0:
            scored = scored * node.boost
        score = np.zeros(self.size, np.float64)
        score[docnums] = scored
        return Scores(score, _marks(self.size, docnums))

    def _btext(self, node: Term) -> bytes | None:
        """The term's bytes, None when the segment has no such term (or it is no value of its
        field: ``upvotes:""``), as Whoosh's ``Term.matcher`` decides."""
        if node.fieldname not in self.reader.schema:
            return None
        try:
            btext: bytes = self.reader.schema[node.fieldname].to_bytes(node.text)
        except ValueError:
            return None
        return btext if (node.fieldname, btext) in self.reader else None

    def _postings(self, field: str, btext: bytes) -> tuple[Ints, Floats]:
        """A word's document numbers and weights in this segment (deleted documents
        included: they are dropped once, at the end)."""
        found = self.postings(self.reader, field, btext)
        if found is not None:
            return found
        matcher = self.reader.postings(field, btext)  # another layout: one posting at a time
        if isinstance(matcher, FilterMatcher):
            matcher = matcher.child
        docnums: list[int] = []
        weights: list[float] = []
        while matcher.is_active():
            docnums.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
        return np.array(docnums, np.int64), np.array(weights, np.float64)

    def _whoosh_scores(self, node: Query) -> Scores:
        """A part of another shape, scored by Whoosh's own matcher."""
        matcher = node.matcher(self.segment, self.segment.context())
        docnums: list[int] = []
        scores: list[float] = []
        while matcher.is_active():
            docnums.append(matcher.id())
            scores.append(matcher.score())
            matcher.next()
            if self.cancel is not None and not len(docnums) & 4095 and self.cancel():
                raise SearchCancelled("the search was abandoned")
        found = self._none()
        found.score[docnums] = scores
        found.matched[docnums] = True
        return found

    # -- matching only -------------------------------------------------------------------

    def matches(self, node: Query) -> Marks:
        """The documents matching ``node``, unscored (for a search sorted by a field)."""
        if self.cancel is not None and self.cancel():
            raise SearchCancelled("the search was abandoned")
        if isinstance(node, SumOr | SumAnd):
            if not node.subqueries:
                return np.zeros(self.size, np.bool_)
            parts = iter(node.subqueries)
            found: Marks = self.matches(next(parts)).copy()
            combine = np.logical_and if isinstance(node, SumAnd) else np.logical_or
            for part in parts:  # one part's marks at a time
                combine(found, self.matches(part), out=found)
            if isinstance(node, QuotedPhrase) and self.check is not None and found.any():
                found = found & self._held(node, found)
            return found
        if type(node) is Term:
            btext = self._btext(node)
            docnums = np.zeros(0, np.int64) if btext is None else self._postings(node.fieldname, btext)[0]
            return _marks(self.size, docnums)
        if type(node) is ValueRange:
            marks = node.marks(self.reader)
            if marks is not None:
                return marks
        ids = list(node.matcher(self.segment, self.segment.context()).all_ids())
        return _marks(self.size, np.array(ids, np.int64))


def _marks(size: int, docnums: Ints) -> Marks:
    """``size`` flags, set at ``docnums``."""
    marks = np.zeros(size, np.bool_)
    marks[docnums] = True
    return marks


def highlight_terms(query: Query, text_fields: tuple[str, ...]) -> set[str]:
    """The words of ``query``'s text fields, to highlight."""
    found: set[str] = set()

    def visit(node: Query) -> None:
        if type(node) is Term and node.fieldname in text_fields:
            found.add(str(node.text))
        elif node.is_leaf():
            found.update(
                str(text.decode("utf-8") if isinstance(text, bytes) else text)
                for field, text in node.iter_all_terms(phrases=True)
                if field in text_fields
            )
        else:
            for part in node.children():
                visit(part)

    visit(query)
    return found
