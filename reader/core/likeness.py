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
from reader.core.index_similar import BEST_METHOD, Similarity, SimilarMethod, TermVector, centroid, paper_text
from reader.core.models import Paper

HIDDEN_WEIGHT = 0.5
"""How much a candidate's likeness to a hidden paper takes off its score."""
VECTOR_BATCH = 25
"""Papers whose term vectors are worked out under one hold of the index: a search waits for
one batch at most, not for a whole first "For you" (seconds at 100,000 papers)."""
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


class Nearest:
    """Term vectors looked up by their words: a vector's best cosine with any of them costs
    what the words they share cost, not one cosine per vector (hundreds of bookmarks)."""

    def __init__(self, vectors: Sequence[TermVector]) -> None:
        self._postings: dict[str, list[tuple[int, float]]] = {}
        for number, vector in enumerate(vectors):
            for word, weight in vector.items():
                self._postings.setdefault(word, []).append((number, weight))

    def best(self, vector: TermVector) -> tuple[float, int]:
        """The best cosine of ``vector`` with one of the vectors and that vector's place (the
        first of equals); ``(0.0, -1)`` when it shares no word with any."""
        sums: dict[int, float] = {}
        for word, weight in vector.items():
            for number, other in self._postings.get(word, ()):
                sums[number] = sums.get(number, 0.0) + weight * other
        if not sums:
            return 0.0, -1
        number = min(sums, key=lambda place: (-sums[place], place))
        return sums[number], number


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
        needed = [*candidates, *(paper for anchor in anchors for paper in anchor.papers), *hidden]
        for start in range(0, len(needed), VECTOR_BATCH):  # the index is free for a search in between
            with self._reading(index) as similarity:
                for paper in needed[start : start + VECTOR_BATCH]:
                    self._vector(similarity, paper)
        with self._reading(index) as similarity:
            labels = [anchor.label for anchor in anchors]
            liked = Nearest(
                [centroid([self._vector(similarity, paper) for paper in anchor.papers]) for anchor in anchors]
            )
            unwanted = Nearest([self._vector(similarity, paper) for paper in hidden])
            suggestions = []
            for place, paper in enumerate(candidates):
                vector = self._vector(similarity, paper)
                best, number = liked.best(vector)
                score = best - HIDDEN_WEIGHT * unwanted.best(vector)[0]
                like = labels[number] if best >= LIKE_THRESHOLD else ""
                suggestions.append((-round(score, 6), place, Suggestion(paper.key, score, like)))
        return [suggestion for *_, suggestion in sorted(suggestions, key=lambda item: item[:2])]

    def _vector(self, similarity: Similarity, paper: Paper) -> TermVector:
        """``paper``'s term vector, worked out once for its text (a paper whose text a new
        dump changed gets a new one)."""
        name = (paper.key, hash(paper_text(paper)))
        vector = self._vectors.get(name)
        if vector is None:
            vector = self._vectors[name] = similarity.term_vector(paper)
        return vector
