"""The bookmark store: ``bookmarks.json`` in the user data dir.

Each bookmark keeps the paper's key, title, best link, arXiv id and when it was added,
so it survives its dump being deleted and a key that changes once the arXiv id is known.
Every change re-reads the file under a lock, applies itself, and writes atomically, so
two readers toggling bookmarks at once keep all of them. A corrupt file, or one from a
newer version, is kept as a dated backup and never overwritten silently.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from reader.core.errors import StoreError
from reader.core.models import Paper
from reader.core.storage import atomic_write_text, file_lock
from reader.core.text import fold_title

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
        if paper.key == self.key or (self.arxiv_id and paper.arxiv_id == self.arxiv_id):
            return True
        return fold_title(paper.title) == fold_title(self.title)

    @classmethod
    def of(cls, paper: Paper) -> Bookmark:
        """A new bookmark for ``paper``, added now."""
        added = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        return cls(paper.key, paper.title, paper.url, added, paper.arxiv_id)


class BookmarkStore:
    """Bookmarks kept in one JSON file; ``problem`` says why the file could not be used."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problem: str | None = None
        self._bookmarks: list[Bookmark] = []
        self._by_title: dict[str, Bookmark] = {}
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
        for bookmark in self._bookmarks:
            if bookmark.key == paper.key or (bookmark.arxiv_id and bookmark.arxiv_id == paper.arxiv_id):
                return bookmark
        return self._by_title.get(fold_title(paper.title))

    def is_bookmarked(self, paper: Paper) -> bool:
        """True when ``paper`` is bookmarked."""
        return self.find(paper) is not None

    def reload(self) -> None:
        """Read the file again (what another reader wrote becomes visible)."""
        self._set(self._read())

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
        if self.problem is not None and self.path.exists() and not self._backed_up():
            raise StoreError(f"{self.problem}; not overwriting it")
        try:
            with file_lock(self.path.with_name(self.path.name + ".lock")):
                current = self._read() if self.problem is None else self._bookmarks
                updated = change(current)
                payload = {"version": FORMAT_VERSION, "bookmarks": [asdict(b) for b in updated]}
                atomic_write_text(self.path, json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        except StoreError as error:
            raise StoreError(f"bookmark not saved: {error}") from None
        self.problem = None
        self._set(updated)

    def _set(self, bookmarks: list[Bookmark]) -> None:
        self._bookmarks = bookmarks
        self._by_title = {fold_title(b.title): b for b in bookmarks}

    def _backed_up(self) -> bool:
        return any(self.path.parent.glob(self.path.name + ".bad-*"))

    def _read(self) -> list[Bookmark]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        except (OSError, UnicodeDecodeError) as error:
            self.problem = f"cannot read {self.path.name}: {error}"
            return self._bookmarks
        try:
            payload: Any = json.loads(text)
            version = payload.get("version") if isinstance(payload, dict) else None
            if isinstance(version, int) and version > FORMAT_VERSION:
                return self._reject(f"{self.path.name} is from a newer papers (format {version})")
            bookmarks = [Bookmark(**item) for item in payload["bookmarks"]]
        except (ValueError, TypeError, KeyError, AttributeError):
            return self._reject(f"{self.path.name} is damaged")
        self.problem = None
        return bookmarks

    def _reject(self, problem: str) -> list[Bookmark]:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = self.path.with_name(f"{self.path.name}.bad-{stamp}")
        try:
            if not backup.exists():
                shutil.copy2(self.path, backup)
            self.problem = f"{problem}; kept a copy as {backup.name}"
        except OSError:
            self.problem = problem
        return []
