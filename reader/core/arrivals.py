"""When papers arrived: what "new since last time" is worked out from.

A sync that finds papers the library did not have before (by key, arXiv id or folded title,
as ``reader.core.marks`` finds a paper again) records them with the time, in
``arrivals.json`` beside the catalog in the cache dir. The first sync of a library (or a
rebuild) records nothing: every paper would be "new" and none is. Losing the file (the
cache) loses only the "new" marks of one run; it is never user data. Arrivals older than
``KEEP_DAYS`` are dropped when the file is written.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.core.errors import StoreError
from reader.core.marks import KeyFinder, read_identity
from reader.core.models import Paper
from reader.core.storage import atomic_write_text
from reader.core.text import clean, fold_title

KEEP_DAYS = 60
_VERSION = 1


@dataclass(frozen=True, slots=True)
class Arrival:
    """A paper first seen by a sync at ``at`` (epoch seconds)."""

    key: str
    arxiv_id: str | None
    title: str
    """Kept only for a paper without an arXiv id."""
    at: float


def arrived(papers: Sequence[Paper], before: KeyFinder) -> list[Paper]:
    """The papers ``before`` (the catalog as it was) has under none of their key, arXiv id
    or folded title."""
    keys = before.find_keys("key", (paper.key for paper in papers))
    ids = before.find_keys("arxiv_id", (paper.arxiv_id for paper in papers if paper.arxiv_id))
    titles = before.find_keys("title_fold", (fold_title(paper.title) for paper in papers))
    return [
        paper
        for paper in papers
        if paper.key not in keys
        and not (paper.arxiv_id and paper.arxiv_id in ids)
        and fold_title(paper.title) not in titles
    ]


class Arrivals:
    """The arrivals file of one library (see the module docstring)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._items: list[Arrival] | None = None

    @property
    def items(self) -> list[Arrival]:
        """Every arrival kept, oldest first (read once; a damaged file reads as none)."""
        if self._items is None:
            self._items = self._read()
        return self._items

    def since(self, moment: float) -> list[Arrival]:
        """The arrivals after ``moment`` (epoch seconds)."""
        return [item for item in self.items if item.at > moment]

    def add(self, papers: Sequence[Paper], at: float | None = None) -> None:
        """Record ``papers`` as arrived now (or ``at``); a cache that cannot be written costs
        only the "new" marks."""
        if not papers:
            return
        moment = time.time() if at is None else at
        oldest = moment - KEEP_DAYS * 86400
        kept = [item for item in self.items if item.at >= oldest]
        kept += [Arrival(p.key, p.arxiv_id, "" if p.arxiv_id else p.title, moment) for p in papers]
        self._items = kept
        payload = {"version": _VERSION, "arrivals": [_raw(item) for item in kept]}
        # A cache dir that is full or read-only: nothing is marked new next time.
        with contextlib.suppress(StoreError, OSError):
            atomic_write_text(self.path, json.dumps(payload, ensure_ascii=False, separators=(",", ":")))

    def _read(self) -> list[Arrival]:
        try:
            payload: Any = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):
            return []
        items = payload.get("arrivals") if isinstance(payload, dict) else None
        arrivals = []
        for raw in items if isinstance(items, list) else []:
            if not isinstance(raw, dict):
                continue
            key, arxiv_id = read_identity(raw)
            at, title = raw.get("at"), raw.get("title")
            if key and isinstance(at, int | float) and not isinstance(at, bool):
                arrivals.append(Arrival(key, arxiv_id, clean(title) if isinstance(title, str) else "", float(at)))
        return arrivals


def _raw(item: Arrival) -> dict[str, Any]:
    raw: dict[str, Any] = {"key": item.key, "at": round(item.at, 3)}
    if item.arxiv_id:
        raw["arxiv_id"] = item.arxiv_id
    if item.title:
        raw["title"] = item.title
    return raw
