"""The hidden papers ("not interested", ``x`` in the reader): ``hidden.json`` in the user data
dir beside the bookmarks, a ``UserFile``.

One item per hidden paper: its key, its arXiv id and its title (what finds it again when the
key changes, see ``reader.core.marks``) and when it was hidden. Every change re-reads the
file under the lock and writes it atomically, so two readers hiding different papers keep
both; a damaged file is copied (and the copy verified) before it is replaced, and what
cannot be used is kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.core.errors import StoreError
from reader.core.marks import MarkIndex, matches, read_identity
from reader.core.models import Paper
from reader.core.text import clean
from reader.core.userstore import Snapshot, UserFile

FORMAT_VERSION = 1


@dataclass(frozen=True, slots=True)
class HiddenMark:
    """A paper the user hid, as remembered independently of the dumps."""

    key: str
    arxiv_id: str | None = None
    title: str = ""
    at: str = ""
    """When it was hidden (ISO 8601, UTC), empty when not known."""

    @classmethod
    def of(cls, paper: Paper) -> HiddenMark:
        """The mark of ``paper``, hidden now."""
        at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        return cls(paper.key, paper.arxiv_id, paper.title, at)


def read_hidden(raw: dict[str, Any], warn: Callable[[str], None]) -> HiddenMark | None:
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
    return HiddenMark(key, arxiv_id, fields["title"], fields["at"])


def write_hidden(mark: HiddenMark) -> dict[str, Any]:
    """The JSON object of a new mark."""
    return {"key": mark.key, "arxiv_id": mark.arxiv_id, "title": mark.title, "at": mark.at}


class HiddenStore:
    """The hidden papers, kept in one JSON file; ``problem`` says in one line what was wrong
    with it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.file = UserFile(
            path, items_key="hidden", version=FORMAT_VERSION, read_item=read_hidden, write_item=write_hidden
        )
        self.problem: str | None = None
        self.marks: tuple[HiddenMark, ...] = ()
        self._index: MarkIndex[HiddenMark] = MarkIndex(())
        self.reload()

    def __len__(self) -> int:
        return len(self.marks)

    def is_hidden(self, paper: Paper) -> bool:
        """True when the user hid ``paper``."""
        return self._index.find(paper) is not None

    def reload(self) -> None:
        """Read the file again (what another reader wrote becomes visible)."""
        self._set(self.file.read())

    def toggle(self, paper: Paper) -> bool:
        """Hide ``paper``, or show it again; True when it is hidden now."""
        hidden: list[bool] = []

        def change(marks: list[HiddenMark]) -> list[HiddenMark]:
            kept = [mark for mark in marks if not matches(mark, paper)]
            hidden.append(len(kept) == len(marks))
            return [*kept, HiddenMark.of(paper)] if hidden[0] else kept

        try:
            snapshot = self.file.update(change)
        except StoreError as error:
            raise StoreError(f"not hidden: {error}") from None
        self._set(snapshot)
        return hidden[0]

    def _set(self, snapshot: Snapshot[HiddenMark]) -> None:
        self.marks = snapshot.items
        self._index = MarkIndex(snapshot.items)
        self.problem = "; ".join(snapshot.warnings[:2]) or None
