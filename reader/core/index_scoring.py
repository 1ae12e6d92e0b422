"""Scoring a rewritten query block by block over the postings, one segment at a time.

Whoosh's matchers move one posting at a time through Python calls (a dozen per posting
and query part). Here a word's postings are read a block at a time into lists, scored in
one pass with Whoosh's own BM25F formula and statistics, and combined per document with
the query's additions in the query's order (``SumOr`` / ``SumAnd``, ``index_rewrite``), so
every score is the float Whoosh's searcher gives for the same query, bit for bit. Every
match is scored, so the ranking is exact and counting the matches is the same pass.

Parts of other shapes (``day:``, ranges, ``NOT``, ``*`` ...) are answered by Whoosh's own
matcher for that part, in the same segment, and combined the same way.

Part of the index (the only Whoosh code): ``reader.core.index`` is its entry point.
"""

from __future__ import annotations

from collections.abc import Callable

from whoosh.matching import FilterMatcher
from whoosh.query import Query, Term
from whoosh.scoring import BM25FScorer
from whoosh.searching import Searcher

from reader.core.errors import SearchCancelled
from reader.core.index_matching import Cancel, Weighting
from reader.core.index_rewrite import QuotedPhrase, SumAnd, SumOr
from reader.core.index_terms import read_postings

Scores = dict[int, float]
"""Score by document number within one segment."""
PhraseCheck = Callable[[QuotedPhrase, list[int]], set[int]]
"""The documents (of the current segment) that hold a phrase as written."""


class SegmentScorer:
    """Scores (or only matches) a rewritten query in one segment of a searcher."""

    def __init__(
        self,
        searcher: Searcher,
        segment: Searcher,
        weighting: Weighting,
        check: PhraseCheck | None = None,
        cancel: Cancel | None = None,
    ) -> None:
        self.searcher = searcher
        self.segment = segment
        self.reader = segment.reader()
        self.weighting = weighting
        self.check = check
        self.cancel = cancel

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
        elif isinstance(node, SumOr | SumAnd):
            parts = [self.scores(part) for part in node.subqueries]
            if not parts:
                return {}
            combined = _tree(parts, _intersection if isinstance(node, SumAnd) else _union)
            if node.boost != 1.0:
                boost = node.boost
                combined = {docnum: score * boost for docnum, score in combined.items()}
            if isinstance(node, QuotedPhrase) and self.check is not None and combined:
                held = self.check(node, list(combined))
                combined = {docnum: score for docnum, score in combined.items() if docnum in held}
            return combined
        return self._whoosh_scores(node)

    def _term_scores(self, node: Term) -> Scores | None:
        """A word's postings scored block by block (None: not a BM25F text field)."""
        field = node.fieldname
        btext = self._btext(node)
        if btext is None:
            return {}
        norms = self.weighting.norms(self.searcher, self.reader, field)
        scorer = self.weighting.scorer(self.segment, field, btext)
        if norms is None or not isinstance(scorer, BM25FScorer):
            return None
        docnums, weights = self._postings(field, btext)
        idf, top, pairs = scorer.idf, scorer.K1 + 1, zip(docnums, weights, strict=True)
        if node.boost != 1.0:
            boost = node.boost
            scored = [idf * ((weight * top) / (weight + norms[docnum])) * boost for docnum, weight in pairs]
        else:
            scored = [idf * ((weight * top) / (weight + norms[docnum])) for docnum, weight in pairs]
        return dict(zip(docnums, scored, strict=True))

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

    def _postings(self, field: str, btext: bytes) -> tuple[list[int], list[float]]:
        """A word's document numbers and weights in this segment (deleted documents
        included: they are dropped once, at the end)."""
        found = read_postings(self.reader, field, btext)
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
        return docnums, weights

    def _whoosh_scores(self, node: Query) -> Scores:
        """A part of another shape, scored by Whoosh's own matcher."""
        matcher = node.matcher(self.segment, self.segment.context())
        found: Scores = {}
        count = 0
        while matcher.is_active():
            found[matcher.id()] = matcher.score()
            matcher.next()
            count += 1
            if self.cancel is not None and not count & 4095 and self.cancel():
                raise SearchCancelled("the search was abandoned")
        return found

    # -- matching only -------------------------------------------------------------------

    def matches(self, node: Query) -> set[int]:
        """The documents matching ``node``, unscored (for a search sorted by a field)."""
        if self.cancel is not None and self.cancel():
            raise SearchCancelled("the search was abandoned")
        if isinstance(node, SumOr | SumAnd):
            parts = [self.matches(part) for part in node.subqueries]
            if not parts:
                return set()
            found = set.intersection(*parts) if isinstance(node, SumAnd) else set().union(*parts)
            if isinstance(node, QuotedPhrase) and self.check is not None and found:
                found = self.check(node, sorted(found))
            return found
        if type(node) is Term:
            btext = self._btext(node)
            return set() if btext is None else set(self._postings(node.fieldname, btext)[0])
        return set(node.matcher(self.segment, self.segment.context()).all_ids())


def _tree(parts: list[Scores], combine: Callable[[Scores, Scores], Scores]) -> Scores:
    """``parts`` combined as Whoosh's ``make_binary_tree`` nests them: halves, left first."""
    if len(parts) == 1:
        return parts[0]
    half = len(parts) // 2
    return combine(_tree(parts[:half], combine), _tree(parts[half:], combine))


def _union(left: Scores, right: Scores) -> Scores:
    """Every document of either, scored ``left + right`` where both match (reuses one)."""
    if len(left) >= len(right):
        for docnum, score in right.items():
            before = left.get(docnum)
            left[docnum] = score if before is None else before + score
        return left
    for docnum, score in left.items():
        after = right.get(docnum)
        right[docnum] = score if after is None else score + after
    return right


def _intersection(left: Scores, right: Scores) -> Scores:
    """The documents of both, scored ``left + right``."""
    if len(left) <= len(right):
        return {docnum: score + right[docnum] for docnum, score in left.items() if docnum in right}
    return {docnum: left[docnum] + score for docnum, score in right.items() if docnum in left}


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
