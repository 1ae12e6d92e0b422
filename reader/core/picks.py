"""``LibraryPicks``: the part of ``Library`` that picks papers for the user: the papers like
one paper (``papers similar``, ``m`` in the reader) and "For you".

A mixin of ``Library`` (which sets the attributes declared here), kept apart so that the
facade stays one readable module; the likeness itself is ``reader.core.likeness``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.core.bookmarks import BookmarkStore
from reader.core.catalog import Catalog
from reader.core.errors import PaperNotFound
from reader.core.index import SearchIndex
from reader.core.index_similar import BEST_METHOD, SimilarMethod
from reader.core.likeness import Anchor, Likeness, Suggestion
from reader.core.links import arxiv_id_from_url, normalise_arxiv_id
from reader.core.marks import current_keys
from reader.core.models import Paper
from reader.core.tags import fold_tag
from reader.core.watchlist import Lists

SIMILAR_LIMIT = 50
"""Papers the reader lists as like one paper."""
FOR_YOU_DAYS = 7
"""The days "For you" looks back over, by default (``for_you_days`` in config.toml)."""
NO_BOOKMARKS = "Nothing to go by yet: bookmark papers you like (b) and For you ranks the new ones like them"

TAG_LABEL = "tag: {tag}"
"""How a row of "For you" names the tag it is like."""

_ARXIV_PREFIX = re.compile(r"^arxiv:\s*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Similar:
    """The papers most like ``paper``, best first."""

    paper: Paper
    keys: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ForYou:
    """The recent papers ranked for the user; ``hint`` says how to start when nothing ranks them."""

    suggestions: tuple[Suggestion, ...]
    since: dt.date | None
    """The oldest day looked at (None for an empty library)."""
    hint: str | None = None


class LibraryPicks:
    """Similar papers and "For you", mixed into ``Library``."""

    catalog: Catalog
    index: SearchIndex
    bookmarks: BookmarkStore
    likeness: Likeness

    if TYPE_CHECKING:

        def papers(self, keys: list[str]) -> dict[str, Paper]:
            """Papers by key (``Library.papers``)."""

        def hidden_keys(self) -> list[str]:
            """Keys of the papers the user hid (``LibraryLists.hidden_keys``)."""

        def lists(self) -> Lists:
            """The watched and hidden papers (``LibraryLists.lists``)."""

        def read_keys(self) -> frozenset[str]:
            """Keys of the read papers (``LibraryReadState.read_keys``)."""

    def find_paper(self, reference: str) -> Paper:
        """The paper named by its key or its arXiv id (``2501.01234``, ``arXiv:2501.01234v2``,
        an arXiv link); ``PaperNotFound`` when no dump lists it."""
        reference = reference.strip()
        found = self.catalog.papers([reference]).get(reference) if reference else None
        arxiv_id = None
        if found is None and reference:
            arxiv_id = normalise_arxiv_id(_ARXIV_PREFIX.sub("", reference)) or arxiv_id_from_url(reference)
        key = self.catalog.find_keys("arxiv_id", [arxiv_id]).get(arxiv_id) if arxiv_id else None
        if key is not None:
            found = self.catalog.papers([key]).get(key)
        if found is None:
            raise PaperNotFound(f"no paper with the key or arXiv id {reference!r} in the library")
        return found

    def similar(self, reference: str, limit: int = SIMILAR_LIMIT, method: SimilarMethod = BEST_METHOD) -> Similar:
        """The papers most like the paper named by ``reference`` (see ``find_paper``)."""
        paper = self.find_paper(reference)
        found = self.likeness.similar(self.index, paper, limit, method)
        return Similar(paper, tuple(key for key, _ in found))

    def for_you(self, days: int = FOR_YOU_DAYS) -> ForYou:
        """The unread papers of the last ``days`` days of the library (counted back from its
        newest dated day), bookmarked and hidden ones left out, ranked by likeness to the
        bookmarks and to the tags (see ``anchors``) and lowered by likeness to the papers the
        user hid (``reader.core.likeness``)."""
        listed = self.catalog.days()
        dated = [day for day in listed if not day.guessed] or listed
        if not dated:
            return ForYou((), None)
        since = dated[0].date - dt.timedelta(days=max(1, days) - 1)
        # A day guessed from a file's date is in the window only when no day is dated: its
        # papers are of any age, and a newer guess would crowd out the days really listed.
        keys = list(dict.fromkeys(key for day in dated if day.date >= since for key in self.catalog.keys(day.date)))
        anchors, bookmarked = self.anchors()
        left_out = bookmarked | self.lists().hidden | self.read_keys()
        candidates = self.catalog.papers([key for key in keys if key not in left_out])
        ordered = [candidates[key] for key in keys if key in candidates]
        if not anchors:
            return ForYou(tuple(Suggestion(paper.key, 0.0) for paper in ordered), since, NO_BOOKMARKS)
        hidden = list(self.catalog.papers(self.hidden_keys()).values())
        return ForYou(tuple(self.likeness.rank(self.index, ordered, anchors, hidden)), since)

    def anchors(self) -> tuple[list[Anchor], set[str]]:
        """What "For you" ranks by, and the keys of the bookmarked papers: each bookmark
        (newest first, named by its title), then each tag of two papers or more (its papers
        taken together, named ``tag: agents``; a tag of one paper is that paper's bookmark)."""
        marks = self.bookmarks.items
        keys = current_keys(marks, self.catalog)
        found = self.papers(list(dict.fromkeys(keys)))
        anchors: list[Anchor] = []
        seen: set[str] = set()
        tagged: dict[str, tuple[str, dict[str, Paper]]] = {}
        for mark, key in zip(marks, keys, strict=True):
            paper = found.get(key)
            if paper is None:
                continue
            if key not in seen:
                seen.add(key)
                anchors.append(Anchor(paper.title, (paper,)))
            for tag in mark.tags:
                tagged.setdefault(fold_tag(tag), (tag, {}))[1].setdefault(key, paper)
        for folded in sorted(tagged):
            tag, papers = tagged[folded]
            if len(papers) > 1:
                anchors.append(Anchor(TAG_LABEL.format(tag=tag), tuple(papers.values())))
        return anchors, set(keys)
