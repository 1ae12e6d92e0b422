"""Per-paper marks: what every user file about papers (bookmarks, read state ...) remembers
of a paper, and how that paper is found again.

A paper's key changes once its arXiv id becomes known (``title:…`` becomes the id), and a
dump may be deleted; a mark outlives both because it remembers the key, the arXiv id and
the title. A mark's paper is, in this order, the paper with the same key, else the one with
the same arXiv id, else the one with the same folded title (``text.fold_title``).

``MarkIndex`` finds the mark of a paper in constant time; ``current_keys`` gives the key
each mark's paper has in the catalog now, in three queries whatever the number of marks,
so 100,000 remembered papers cost little.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Generic, Protocol, TypeVar

from reader.core.links import normalise_arxiv_id
from reader.core.models import Paper
from reader.core.text import clean, fold_title


class Remembered(Protocol):
    """A remembered paper: a mark keeps at least these (a ``Bookmark`` is one)."""

    @property
    def key(self) -> str:
        """The paper's key when it was marked."""

    @property
    def arxiv_id(self) -> str | None:
        """Its arXiv id, if known then."""

    @property
    def title(self) -> str:
        """Its title (empty when not kept)."""


class KeyFinder(Protocol):
    """What ``current_keys`` needs of the catalog (``Catalog.find_keys``)."""

    def find_keys(self, column: str, values: Iterable[str]) -> dict[str, str]:
        """The paper key for each value of ``column`` that some paper has."""


M = TypeVar("M", bound=Remembered)


def read_identity(raw: dict[str, Any]) -> tuple[str, str | None]:
    """A mark's key and arXiv id from its JSON object (the key falls back to the arXiv id;
    "" when the object has neither), as every per-paper user file reads them."""
    arxiv_id = raw.get("arxiv_id")
    arxiv_id = normalise_arxiv_id(arxiv_id) if isinstance(arxiv_id, str) else None
    key = raw.get("key")
    key = clean(key).strip() if isinstance(key, str) else ""
    return key or arxiv_id or "", arxiv_id


def matches(mark: Remembered, paper: Paper) -> bool:
    """True when ``paper`` is ``mark``'s paper (same key, arXiv id or folded title)."""
    if paper.key == mark.key or (mark.arxiv_id and paper.arxiv_id == mark.arxiv_id):
        return True
    return bool(mark.title) and fold_title(paper.title) == fold_title(mark.title)


class MarkIndex(Generic[M]):
    """Marks looked up by key, arXiv id and folded title: ``find`` costs the same for 10 or
    100,000 marks. Of two marks that both match, the earlier given wins."""

    def __init__(self, marks: Iterable[M]) -> None:
        self._by_key: dict[str, M] = {}
        self._by_arxiv_id: dict[str, M] = {}
        self._by_title: dict[str, M] = {}
        for mark in marks:
            self._by_key.setdefault(mark.key, mark)
            if mark.arxiv_id:
                self._by_arxiv_id.setdefault(mark.arxiv_id, mark)
            if mark.title:
                self._by_title.setdefault(fold_title(mark.title), mark)

    def find(self, paper: Paper) -> M | None:
        """The mark of ``paper``, if it has one."""
        found = self._by_key.get(paper.key)
        if found is None and paper.arxiv_id:
            found = self._by_arxiv_id.get(paper.arxiv_id)
        if found is None and paper.title:
            found = self._by_title.get(fold_title(paper.title))
        return found


def current_keys(marks: Sequence[Remembered], catalog: KeyFinder) -> list[str]:
    """For each mark, the key its paper has in the catalog now (the mark's own key when the
    paper is in no dump any more), in the marks' order."""
    present = catalog.find_keys("key", (mark.key for mark in marks))
    missing = [mark for mark in marks if mark.key not in present]
    by_id = catalog.find_keys("arxiv_id", (mark.arxiv_id for mark in missing if mark.arxiv_id))
    unfound = [mark for mark in missing if not (mark.arxiv_id and mark.arxiv_id in by_id)]
    by_title = catalog.find_keys("title_fold", (fold_title(mark.title) for mark in unfound if mark.title))
    keys = []
    for mark in marks:
        key = present.get(mark.key) or (by_id.get(mark.arxiv_id) if mark.arxiv_id else None)
        if key is None and mark.title:
            key = by_title.get(fold_title(mark.title))
        keys.append(key or mark.key)
    return keys
