"""Similar papers from the index: the key terms of a paper's text, the papers that share
them, and term vectors to compare a few papers with each other.

Part of the index (the only Whoosh code): ``reader.core.index`` holds the documents, this
module reads them. A paper's text (title, abstract, keywords) comes from the catalog, since
the index does not store it; it is analysed as the index analyses it (stemmed words).

Three ways of finding the papers most like one paper are kept, because the benchmark
compares them (``benchmarks/similar.py``; the reader uses ``SimilarMethod.KEY_TERMS``,
which measured best):

* ``MLT``: Whoosh's "more like this": the abstract's 10 key terms by the Bo1 model (terms
  frequent in the text and rare in the collection), one query over the abstracts.
* ``MLT_KEYWORDS``: the same key terms with the title's words and the dump's keywords
  added at twice the weight, asked of titles and abstracts.
* ``KEY_TERMS``: the 25 words of title, abstract and keywords with the highest
  (1 + log tf) x idf, common English words left out, asked of titles (twice) and abstracts
  with the index's BM25F weighting.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from operator import itemgetter

from whoosh.analysis import STOP_WORDS
from whoosh.classify import Bo1Model, Expander
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import Matcher
from whoosh.query import Or, Query, Term
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from reader.core.index_matching import Weighting
from reader.core.index_query import stemmed_words
from reader.core.index_terms import SegmentTerms
from reader.core.models import Paper

TermVector = dict[str, float]
"""Stemmed words and their weights, of unit length (``term_vector``)."""

_COMMON = frozenset(STOP_WORDS) | frozenset(
    [
        "we",
        "our",
        "us",
        "this",
        "these",
        "those",
        "which",
        "also",
        "can",
        "via",
        "using",
        "use",
        "used",
        "based",
        "show",
        "shows",
        "propose",
        "proposed",
        "paper",
        "approach",
        "method",
        "methods",
        "results",
        "new",
        "novel",
        "however",
        "while",
        "such",
        "than",
        "then",
        "into",
        "over",
        "both",
    ]
)
"""Words that say nothing of a paper's subject (stemmed as the index stems them below)."""


class SimilarMethod(StrEnum):
    """How the papers most like a paper are found (see the module docstring)."""

    MLT = "mlt"
    MLT_KEYWORDS = "mlt-keywords"
    KEY_TERMS = "key-terms"


BEST_METHOD = SimilarMethod.KEY_TERMS
"""The method the reader and ``papers similar`` use: the best precision@10 measured."""
KEY_TERM_COUNT = 25
DRIFT = 0.05
"""Word rarities and term vectors outlive a sync that changes the papers by less than this share."""
_K1 = 1.2
_B = 0.75
"""BM25's usual constants (Whoosh's too)."""
VECTOR_TERMS = 40
"""Terms kept in a term vector: enough to compare two abstracts, few enough to be quick."""


@dataclass(frozen=True, slots=True)
class Weighted:
    """One stemmed word and its weight in a paper's text."""

    word: str
    weight: float


def _stems(text: str) -> Iterator[str]:
    for word, _start, _end in stemmed_words(text):
        yield word


_COMMON_STEMS = frozenset(token for word in _COMMON for token in _stems(word))


def paper_text(paper: Paper) -> tuple[str, str]:
    """A paper's title with its keywords (what names its subject), and its abstract."""
    return " ".join((paper.title, *paper.keywords)), paper.abstract


class Similarity:
    """Key terms and term vectors over one searcher; document frequencies are kept while
    the searcher stays the same (a sync gives a new one)."""

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self._reader = searcher.reader()
        self._documents = max(1, searcher.doc_count())
        self._terms = SegmentTerms(self._reader)
        self._idf: dict[str, float] = {}
        self._field_lengths: dict[tuple[int, str], Sequence[int]] = {}
        self._averages: dict[str, float] = {}

    def adopt(self, before: Similarity) -> bool:
        """Take the word rarities ``before`` worked out when its library had nearly as many
        papers (within ``DRIFT``); False when it had not and nothing was taken."""
        if abs(self._documents - before._documents) > DRIFT * before._documents:
            return False
        self._idf = before._idf
        return True

    def idf(self, word: str) -> float:
        """How rare ``word`` is among the abstracts (among the titles for a word no abstract
        has); 0 for a word no paper has. One lookup per segment, so it is kept."""
        known = self._idf.get(word)
        if known is None:
            frequency = self._terms.doc_frequency("abstract", word) or self._terms.doc_frequency("title", word)
            known = self._idf[word] = math.log(self._documents / frequency) + 1 if frequency else 0.0
        return known

    def weighted_terms(self, paper: Paper, count: int) -> list[Weighted]:
        """The ``count`` words of highest (1 + log tf) x idf in ``paper``'s text (title and
        keywords counted twice), common words left out."""
        heading, abstract = paper_text(paper)
        counts: Counter[str] = Counter()
        for text, times in ((heading, 2), (abstract, 1)):
            for stem in _stems(text):
                if stem not in _COMMON_STEMS and len(stem) > 1 and not stem.isdigit():
                    counts[stem] += times
        scored = [(1 + math.log(tf)) * self.idf(stem) for stem, tf in counts.items()]
        ranked = sorted(zip(scored, counts, strict=True), key=lambda item: (-item[0], item[1]))
        return [Weighted(stem, weight) for weight, stem in ranked[:count] if weight > 0]

    def bo1_terms(self, text: str, count: int) -> list[Weighted]:
        """Whoosh's key terms of ``text`` in the abstracts (the Bo1 model), normalised."""
        expander = Expander(self._reader, "abstract", model=Bo1Model)
        expander.add_text(text)
        return [Weighted(word, weight) for word, weight in expander.expanded_terms(count, normalize=True)]

    def query(self, paper: Paper, method: SimilarMethod) -> Query | None:
        """The query that finds the papers most like ``paper`` (None when its text has no
        word the index knows)."""
        heading, abstract = paper_text(paper)
        if method is SimilarMethod.MLT:
            terms = self.bo1_terms(abstract or heading, 10)
            return _any(Term("abstract", term.word, boost=term.weight) for term in terms)
        if method is SimilarMethod.MLT_KEYWORDS:
            terms = self.bo1_terms(f"{heading} {abstract}", 10)
            weights = {term.word: term.weight for term in terms}
            for stem in _stems(heading):
                if self.idf(stem) and stem not in _COMMON_STEMS:
                    weights[stem] = weights.get(stem, 0.5) * 2
            return _any(
                Term(field, word, boost=weight) for word, weight in weights.items() for field in ("title", "abstract")
            )
        terms = self.weighted_terms(paper, KEY_TERM_COUNT)
        top = terms[0].weight if terms else 1.0
        return _any(
            Term(field, term.word, boost=boost * term.weight / top)
            for term in terms
            for field, boost in (("title", 2.0), ("abstract", 1.0))
        )

    def similar(self, paper: Paper, limit: int, method: SimilarMethod = BEST_METHOD) -> list[tuple[str, float]]:
        """The keys and scores of the ``limit`` papers most like ``paper``, best first (never
        ``paper`` itself); equal scores go to the smaller key."""
        query = self.query(paper, method)
        if query is None:
            return []
        scores = self._bm25([(term.fieldname, term.text, term.boost) for term in query.subqueries])
        top = heapq.nlargest(limit + 1, scores.items(), key=itemgetter(1))
        if len(top) > limit:  # the papers tied with the last one kept, so ties go by key
            cut = top[-1][1] - 1e-6
            top = [item for item in scores.items() if item[1] >= cut]
        stored = self.searcher.stored_fields
        keyed = [(stored(docnum)["key"], score) for docnum, score in top]
        best = sorted(keyed, key=lambda item: (-round(item[1], 6), item[0]))
        return [(key, score) for key, score in best if key != paper.key][:limit]

    def _bm25(self, terms: Sequence[tuple[str, str, float]]) -> dict[int, float]:
        """Every document holding one of ``terms`` (field, word, boost) and its BM25 score.

        Read straight from each term's postings: for an OR of a few dozen rare words this is
        many times quicker than Whoosh's matcher tree (over 1 s at 100,000 papers), which
        keeps trying to skip ahead and gains nothing."""
        by_document: defaultdict[int, float] = defaultdict(float)
        for place, (reader, offset) in enumerate(self._terms.segments):
            for field, word, boost in terms:
                postings = self._terms.postings(place, field, word)
                if postings is None:
                    continue
                lengths = self._lengths(reader, field)
                weight = boost * self.idf(word) * (_K1 + 1)
                base, slope = _K1 * (1 - _B), _K1 * _B / self._average(field)
                for documents, frequencies in _blocks(postings):
                    for docnum, frequency in zip(documents, frequencies, strict=True):
                        by_document[offset + docnum] += (
                            weight * frequency / (frequency + base + slope * lengths[docnum])
                        )
        return by_document

    def _lengths(self, reader: IndexReader, field: str) -> Sequence[int]:
        """A segment's length of ``field`` for each document: the index's own lengths, held
        in memory (read once per segment), else read one by one."""
        weighting = self.searcher.weighting
        count = reader.doc_count_all()
        lengths: Sequence[int] | None = None
        if isinstance(weighting, Weighting):
            lengths = weighting.field_lengths(reader, field)
        if lengths is None or len(lengths) < count:
            key = (id(reader), field)
            if key not in self._field_lengths:
                self._field_lengths[key] = [reader.doc_field_length(docnum, field, 0) for docnum in range(count)]
            lengths = self._field_lengths[key]
        return lengths

    def _average(self, field: str) -> float:
        if field not in self._averages:
            self._averages[field] = max(1.0, self._reader.field_length(field) / max(1, self._reader.doc_count_all()))
        return self._averages[field]

    def term_vector(self, paper: Paper) -> TermVector:
        """``paper``'s ``VECTOR_TERMS`` key terms as a vector of unit length (empty when its
        text has no word the index knows)."""
        terms = self.weighted_terms(paper, VECTOR_TERMS)
        length = math.sqrt(sum(term.weight**2 for term in terms))
        return {term.word: term.weight / length for term in terms} if length else {}


def _blocks(matcher: Matcher) -> Iterator[tuple[Sequence[int], Sequence[float]]]:
    """The documents and frequencies of every posting of a term, a block at a time.

    Whoosh hands them out one by one, each with a read of its own; this takes the arrays of
    each block its ``W3LeafMatcher`` reads (whoosh-reloaded 2.7.5's layout), and falls back
    to the one-by-one way for any other matcher (a segment with deletions filters them)."""
    if not isinstance(matcher, W3LeafMatcher):
        pairs = list(matcher.items_as("weight"))
        yield [docnum for docnum, _ in pairs], [frequency for _, frequency in pairs]
        return
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        yield matcher._ids, matcher._weights
        matcher._next_block()


def _any(terms: Iterable[Term]) -> Query | None:
    listed = list(terms)
    return Or(listed) if listed else None


def centroid(vectors: Sequence[TermVector]) -> TermVector:
    """The mean direction of ``vectors`` (a tag's papers as one), of unit length."""
    total: Counter[str] = Counter()
    for vector in vectors:
        total.update(vector)
    length = math.sqrt(sum(weight**2 for weight in total.values()))
    return {word: weight / length for word, weight in total.items()} if length else {}
