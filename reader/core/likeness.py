"""Papers alike: the papers most like one paper, and "For you", the recent papers ranked by
how much they are like what the user keeps.

"For you" compares each candidate (the unread papers of the last days) with each *anchor*:
a bookmarked paper, or a tag's papers taken together (the centroid of their term vectors).
A term vector is a paper's 40 key terms by (1 + log tf) x idf, of unit length (see
``reader.core.index_similar``). A candidate's score is its best cosine with an anchor,
less half its best cosine with a hidden paper ("not interested" lowers what is like it);
the row says which anchor it is most like. Candidates with nothing in common with any
anchor come last, in the order they were given.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from reader.core.index import SearchIndex
from reader.core.index_similar import BEST_METHOD, Similarity, SimilarMethod, TermVector, centroid, cosine, paper_text
from reader.core.models import Paper

HIDDEN_WEIGHT = 0.5
"""How much a candidate's likeness to a hidden paper takes off its score."""
LIKE_THRESHOLD = 0.05
"""Below this cosine a candidate is not said to be like anything."""


@dataclass(frozen=True, slots=True)
class Anchor:
    """What "For you" ranks by: one bookmark, or one tag's papers; ``label`` names it in a row."""

    label: str
    papers: tuple[Paper, ...]


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A paper "For you": its score and the anchor it is most like (empty: none)."""

    key: str
    score: float
    like: str = ""


class Likeness:
    """Similar papers and "For you" over one index. Term vectors and word rarities are kept
    from one search to the next, and across a sync that changes the library by less than
    ``index_similar.DRIFT`` of its papers (a new day of papers changes them very little)."""

    def __init__(self) -> None:
        self._similarity: Similarity | None = None
        self._vectors: dict[tuple[str, int], TermVector] = {}

    @contextlib.contextmanager
    def _reading(self, index: SearchIndex) -> Iterator[Similarity]:
        with index.reading() as searcher:
            similarity = before = self._similarity
            if before is None or before.searcher is not searcher:
                similarity = self._similarity = Similarity(searcher)
                if before is None or not similarity.adopt(before):
                    self._vectors = {}  # the library changed too much for what was worked out
            assert similarity is not None
            yield similarity

    def similar(
        self, index: SearchIndex, paper: Paper, limit: int, method: SimilarMethod = BEST_METHOD
    ) -> list[tuple[str, float]]:
        """The keys and scores of the ``limit`` papers most like ``paper``, best first."""
        with self._reading(index) as similarity:
            return similarity.similar(paper, limit, method)

    def rank(
        self, index: SearchIndex, candidates: Sequence[Paper], anchors: Sequence[Anchor], hidden: Sequence[Paper]
    ) -> list[Suggestion]:
        """``candidates`` best first by likeness to ``anchors``, lowered by likeness to
        ``hidden`` papers (see the module docstring)."""
        with self._reading(index) as similarity:
            anchor_vectors = [
                (anchor.label, centroid([self._vector(similarity, paper) for paper in anchor.papers]))
                for anchor in anchors
            ]
            hidden_vectors = [self._vector(similarity, paper) for paper in hidden]
            suggestions = []
            for place, paper in enumerate(candidates):
                vector = self._vector(similarity, paper)
                best, like = 0.0, ""
                for label, anchor_vector in anchor_vectors:
                    score = cosine(vector, anchor_vector)
                    if score > best:
                        best, like = score, label
                penalty = max((cosine(vector, other) for other in hidden_vectors), default=0.0)
                score = best - HIDDEN_WEIGHT * penalty
                suggestions.append(
                    (-round(score, 6), place, Suggestion(paper.key, score, like if best >= LIKE_THRESHOLD else ""))
                )
        return [suggestion for *_, suggestion in sorted(suggestions, key=lambda item: item[:2])]

    def _vector(self, similarity: Similarity, paper: Paper) -> TermVector:
        """``paper``'s term vector, worked out once for its text (a paper whose text a new
        dump changed gets a new one)."""
        name = (paper.key, hash(paper_text(paper)))
        vector = self._vectors.get(name)
        if vector is None:
            vector = self._vectors[name] = similarity.term_vector(paper)
        return vector
