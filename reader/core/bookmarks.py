"""The bookmark store: ``bookmarks.json`` in the user data dir, a ``UserFile``.

Each bookmark keeps the paper's key, title, best link, arXiv id and when it was added,
so it survives its dump being deleted and a key that changes once the arXiv id is known.
Every change re-reads the file under a lock (threads and processes alike), applies itself,
and writes atomically, so readers and threads toggling bookmarks at once keep all of them.
The file is read field by field (see ``reader.core.userstore``): what cannot be used is
kept and reported, a damaged file or one from a newer papers is copied (and the copy
verified) before it is ever replaced.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.core.errors import StoreError
from reader.core.links import normalise_arxiv_id
from reader.core.marks import MarkIndex, matches
from reader.core.models import Paper
from reader.core.text import clean, has_control, title_key
from reader.core.userstore import Snapshot, UserFile

FORMAT_VERSION = 1


@dataclass(frozen=True, slots=True)
class Bookmark:
    """A bookmarked paper, as remembered independently of the dumps."""

    key: str
    title: str
    url: str
    added: str
    arxiv_id: str | None = None

    def matches(self, paper: Paper) -> bool:
        """True when ``paper`` is this bookmark's paper (same key, arXiv id or title)."""
        return matches(self, paper)

    @classmethod
    def of(cls, paper: Paper) -> Bookmark:
        """A new bookmark for ``paper``, added now."""
        added = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        return cls(paper.key, paper.title, paper.url, added, paper.arxiv_id)


def read_bookmark(raw: dict[str, Any], warn: Callable[[str], None]) -> Bookmark | None:
    """A bookmark from its JSON object, field by field; None without a key, title or arXiv id."""
    title = raw.get("title")
    if title is not None and not isinstance(title, str):
        warn(f"'title' is not text ({title!r:.40}): not used")
    title = clean(title).strip() if isinstance(title, str) else ""
    arxiv_id = raw.get("arxiv_id")
    arxiv_id = normalise_arxiv_id(arxiv_id) if isinstance(arxiv_id, str) else None
    key = raw.get("key")
    key = clean(key).strip() if isinstance(key, str) else ""
    key = key or arxiv_id or ""
    if not key:
        if not title:
            return None
        key = title_key(title)
        warn("has no 'key': its title's is used")
    url = raw.get("url")
    if not isinstance(url, str) or has_control(url):
        if url not in (None, ""):
            warn("its 'url' holds control characters or is not text: not used")
        url = ""
    return Bookmark(key, title or key, url, _added(raw.get("added"), warn), arxiv_id)


def _added(value: object, warn: Callable[[str], None]) -> str:
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        try:
            return dt.datetime.fromtimestamp(value, dt.UTC).isoformat(timespec="seconds")
        except (OverflowError, ValueError, OSError):
            pass
    if value is not None:
        warn(f"'added' is not a date ({value!r:.40}): not used")
    return ""


def write_bookmark(bookmark: Bookmark) -> dict[str, Any]:
    """The JSON object of a new bookmark."""
    return {
        "key": bookmark.key,
        "title": bookmark.title,
        "url": bookmark.url,
        "added": bookmark.added,
        "arxiv_id": bookmark.arxiv_id,
    }


class BookmarkStore:
    """Bookmarks kept in one JSON file; ``problem`` says in one line what was wrong with it
    (``warnings`` has every line)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.file = UserFile(
            path, items_key="bookmarks", version=FORMAT_VERSION, read_item=read_bookmark, write_item=write_bookmark
        )
        self.problem: str | None = None
        self.warnings: tuple[str, ...] = ()
        self._bookmarks: list[Bookmark] = []
        self._index: MarkIndex[Bookmark] = MarkIndex(())
        self.reload()

    @property
    def items(self) -> list[Bookmark]:
        """The bookmarks, newest first (of two added in the same second, the later in the file,
        which is the later added)."""
        order = sorted(enumerate(self._bookmarks), key=lambda item: (item[1].added, item[0]), reverse=True)
        return [bookmark for _, bookmark in order]

    def __len__(self) -> int:
        return len(self._bookmarks)

    def find(self, paper: Paper) -> Bookmark | None:
        """The bookmark of ``paper``, if it has one."""
        return self._index.find(paper)

    def is_bookmarked(self, paper: Paper) -> bool:
        """True when ``paper`` is bookmarked."""
        return self.find(paper) is not None

    def reload(self) -> None:
        """Read the file again (what another reader wrote becomes visible)."""
        self._set(self.file.read())

    def toggle(self, paper: Paper) -> bool:
        """Bookmark ``paper`` or remove its bookmark; returns True when it is now bookmarked."""
        added: list[bool] = []

        def change(bookmarks: list[Bookmark]) -> list[Bookmark]:
            kept = [bookmark for bookmark in bookmarks if not bookmark.matches(paper)]
            added.append(len(kept) == len(bookmarks))
            return [*kept, Bookmark.of(paper)] if added[0] else kept

        self._update(change)
        return added[0]

    def remove(self, bookmark: Bookmark) -> None:
        """Remove one bookmark (for bookmarks whose paper is gone from the dumps)."""
        self._update(lambda bookmarks: [b for b in bookmarks if b.key != bookmark.key])

    def _update(self, change: Callable[[list[Bookmark]], list[Bookmark]]) -> None:
        try:
            snapshot = self.file.update(change)
        except StoreError as error:
            raise StoreError(f"bookmark not saved: {error}") from None
        self._set(snapshot)

    def _set(self, snapshot: Snapshot[Bookmark]) -> None:
        self._bookmarks = list(snapshot.items)
        self._index = MarkIndex(self._bookmarks)
        self.warnings = snapshot.warnings
        more = f" (and {len(snapshot.warnings) - 2} more)" if len(snapshot.warnings) > 2 else ""
        self.problem = "; ".join(snapshot.warnings[:2]) + more if snapshot.warnings else None
