"""Read state: ``read.json`` in the user data dir beside the bookmarks, a ``UserFile``.

One item per read paper: its key, its arXiv id and when it was read; the title only for a
paper without an arXiv id (what finds it again once its key changes, see
``reader.core.marks``), so that 100,000 read papers stay a few MB. State follows the paper,
not the file: a paper read in one dump is read in every dump that lists it, and deleting the
index cache loses nothing.

Every change re-reads the file under the lock, applies itself to what the file holds now and
writes it atomically, so two readers marking different papers keep both; a damaged file is
copied (and the copy verified) before it is replaced, and what cannot be used is kept.
``export``/``merge`` move the state between machines (``papers read-state export|import``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.core.errors import StoreError
from reader.core.marks import MarkIndex, read_identity
from reader.core.models import Paper
from reader.core.text import clean, fold_title
from reader.core.userstore import Snapshot, UserFile

FORMAT_VERSION = 1
ITEMS = "read"


@dataclass(frozen=True, slots=True)
class ReadMark:
    """A paper the user has read, as remembered independently of the dumps."""

    key: str
    arxiv_id: str | None = None
    title: str = ""
    """Kept only for a paper without an arXiv id (empty otherwise)."""
    at: str = ""
    """When it was read (ISO 8601, UTC), empty when not known."""

    @classmethod
    def of(cls, paper: Paper, at: str) -> ReadMark:
        """The mark of ``paper``, read at ``at``."""
        return cls(paper.key, paper.arxiv_id, "" if paper.arxiv_id else paper.title, at)


@dataclass(frozen=True, slots=True)
class UnreadCounts:
    """How many papers are unread, on each day and in all (hidden papers not counted)."""

    by_day: Mapping[dt.date, int] = field(default_factory=dict)
    total: int = 0


def now() -> str:
    """The time a mark made now records."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def read_mark(raw: dict[str, Any], warn: Callable[[str], None]) -> ReadMark | None:
    """A mark from its JSON object, field by field; None without a key or arXiv id."""
    key, arxiv_id = read_identity(raw)
    if not key:
        return None
    fields = {}
    for name in ("title", "at"):
        value = raw.get(name)
        if value is not None and not isinstance(value, str):
            warn(f"{name!r} is not text ({value!r:.40}): not used")
        fields[name] = clean(value).strip() if isinstance(value, str) else ""
    return ReadMark(key, arxiv_id, fields["title"], fields["at"])


def write_mark(mark: ReadMark) -> dict[str, Any]:
    """The JSON object of a new mark (no empty fields: the file stays small)."""
    raw: dict[str, Any] = {"key": mark.key}
    if mark.arxiv_id:
        raw["arxiv_id"] = mark.arxiv_id
    if mark.title:
        raw["title"] = mark.title
    if mark.at:
        raw["at"] = mark.at
    return raw


class _Matcher:
    """Papers (or marks) looked up by key, arXiv id and folded title, to remove their marks."""

    def __init__(self, items: Iterable[Paper | ReadMark]) -> None:
        self.keys: set[str] = set()
        self.ids: set[str] = set()
        self.titles: set[str] = set()
        for item in items:
            self.keys.add(item.key)
            if item.arxiv_id:
                self.ids.add(item.arxiv_id)
            elif item.title:
                self.titles.add(fold_title(item.title))

    def __call__(self, mark: ReadMark) -> bool:
        if mark.key in self.keys or (mark.arxiv_id and mark.arxiv_id in self.ids):
            return True
        return bool(mark.title) and fold_title(mark.title) in self.titles


class ReadStore:
    """The read papers, kept in one JSON file; ``problem`` says in one line what was wrong
    with it. ``generation`` counts the changes seen, so answers worked out from the marks
    can be kept until it moves."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.file = UserFile(
            path, items_key=ITEMS, version=FORMAT_VERSION, read_item=read_mark, write_item=write_mark, compact=True
        )
        self.problem: str | None = None
        self.marks: tuple[ReadMark, ...] = ()
        self.generation = 0
        self._index: MarkIndex[ReadMark] = MarkIndex(())
        self.reload()

    def __len__(self) -> int:
        return len(self.marks)

    def is_read(self, paper: Paper) -> bool:
        """True when ``paper`` has been read."""
        return self._index.find(paper) is not None

    def reload(self) -> None:
        """Read the file again (what another reader wrote becomes visible)."""
        self._set(self.file.read())

    def set_read(self, papers: Sequence[Paper], read: bool = True) -> int:
        """Mark ``papers`` read (or unread) in one write; how many changed."""
        return self._change(lambda marks: _marked(marks, papers, now()) if read else _unmarked(marks, papers))

    def merge(self, marks: Sequence[ReadMark]) -> int:
        """Add the read marks of another file (an import): how many papers became read."""
        return self._change(lambda kept: _merged(kept, marks))

    def export(self) -> str:
        """The read state as a JSON document ``merge`` (``read_export``) takes back."""
        payload = {"version": FORMAT_VERSION, ITEMS: [write_mark(mark) for mark in self.marks]}
        return json.dumps(payload, indent=1, ensure_ascii=False) + "\n"

    def _change(self, change: Callable[[list[ReadMark]], tuple[list[ReadMark], int]]) -> int:
        changed: list[int] = []

        def apply(marks: list[ReadMark]) -> list[ReadMark]:
            updated, count = change(marks)
            changed.append(count)
            return updated

        try:
            snapshot = self.file.update(apply)
        except StoreError as error:
            raise StoreError(f"read state not saved: {error}") from None
        self._set(snapshot)
        return changed[0]

    def _set(self, snapshot: Snapshot[ReadMark]) -> None:
        self.marks = snapshot.items
        self._index = MarkIndex(snapshot.items)
        self.problem = "; ".join(snapshot.warnings[:2]) or None
        self.generation += 1


def _marked(marks: list[ReadMark], papers: Sequence[Paper], at: str) -> tuple[list[ReadMark], int]:
    index = MarkIndex(marks)
    added: dict[str, ReadMark] = {}
    for paper in papers:
        if index.find(paper) is None and paper.key not in added:
            added[paper.key] = ReadMark.of(paper, at)
    return [*marks, *added.values()], len(added)


def _unmarked(marks: list[ReadMark], papers: Sequence[Paper]) -> tuple[list[ReadMark], int]:
    matcher = _Matcher(papers)
    kept = [mark for mark in marks if not matcher(mark)]
    if len(kept) == len(marks):
        return marks, 0
    was = MarkIndex(marks)
    return kept, sum(1 for paper in dict.fromkeys(papers) if was.find(paper) is not None)


def _merged(kept: list[ReadMark], incoming: Sequence[ReadMark]) -> tuple[list[ReadMark], int]:
    index = MarkIndex(kept)
    added: dict[str, ReadMark] = {}
    for mark in incoming:
        as_paper = Paper(key=mark.key, arxiv_id=mark.arxiv_id, title=mark.title)
        if index.find(as_paper) is None and mark.key not in added:
            added[mark.key] = mark
    return [*kept, *added.values()], len(added)


def read_export(data: bytes, name: str) -> list[ReadMark]:
    """The marks of an exported read state (or a ``read.json`` itself); ``StoreError`` with
    one line when it is not one. Items that cannot be used are left out."""
    try:
        payload = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise StoreError(f"{name} is not a read-state file: {error}") from None
    items = payload.get(ITEMS) if isinstance(payload, dict) else payload
    if not isinstance(items, list):
        raise StoreError(f"{name} is not a read-state file: it has no {ITEMS!r} list")
    marks = [read_mark(raw, lambda _: None) for raw in items if isinstance(raw, dict)]
    return [mark for mark in marks if mark is not None]
