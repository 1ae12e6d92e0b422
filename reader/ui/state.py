"""What the reader remembers between runs: the selected entry, paper and sort.

A small JSON file in the user state dir, written atomically; a missing, unreadable or
corrupt file is simply ignored (the reader then starts on the newest day). The demo keeps
its own file beside the user's (``state_file``): trying the demo never moves the reader
away from where the user was in their own library, nor adds to their search history.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeGuard

from reader.core import paths
from reader.core.errors import StoreError
from reader.core.models import Sort
from reader.core.storage import atomic_write_text

VERSION = 1


def default_state_path() -> Path:
    """``state.json`` in the user state dir."""
    return paths.state_dir() / "state.json"


def state_file(base: Path, roots: Sequence[Path]) -> Path:
    """Where the state of the library over ``roots`` is kept: ``base`` for the user's
    libraries, ``demo-<base name>`` beside it for the bundled demo."""
    demo = paths.demo_dumps_dir().resolve()
    is_demo = bool(roots) and all(root.resolve() == demo for root in roots)
    return base.with_name(f"demo-{base.name}") if is_demo else base


@dataclass(frozen=True)
class UiState:
    """The remembered selection: an entry reference (``day:YYYY-MM-DD``, ``all``,
    ``bookmarks``), the selected paper's key, the sort, and the queries searched."""

    entry: str | None = None
    paper: str | None = None
    sort: Sort = Sort.PAGE
    reverse: bool = False
    searches: tuple[str, ...] = ()
    """The search history, oldest first."""
    seen_at: float | None = None
    """When the reader was last closed (epoch seconds): papers that arrived after it are new."""

    def to_json(self) -> str:
        """The state as the JSON text stored on disk."""
        data = {
            "version": VERSION,
            "entry": self.entry,
            "paper": self.paper,
            "sort": self.sort.value,
            "reverse": self.reverse,
            "searches": list(self.searches),
            "seen_at": self.seen_at,
        }
        return json.dumps(data, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> UiState:
        """Parse stored state; anything unexpected falls back to the defaults field by field."""
        data: Any = json.loads(text)
        if not isinstance(data, dict):
            return cls()
        entry = data.get("entry")
        paper = data.get("paper")
        try:
            sort = Sort(data.get("sort", Sort.PAGE.value))
        except ValueError:
            sort = Sort.PAGE
        seen_at = data.get("seen_at")
        return cls(
            entry=entry if isinstance(entry, str) else None,
            paper=paper if isinstance(paper, str) else None,
            sort=sort,
            reverse=data.get("reverse") is True,
            searches=tuple(query for query in _list(data.get("searches")) if isinstance(query, str) and query.strip()),
            seen_at=float(seen_at) if _is_moment(seen_at) else None,
        )


def _is_moment(value: object) -> TypeGuard[float]:
    """True for a number of epoch seconds that can be (not a bool, not NaN, not in the future by years)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value < 4e9


def _list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def load_state(path: Path) -> UiState:
    """The state stored at ``path``; the defaults when it is missing or unusable."""
    try:
        return UiState.from_json(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return UiState()


def save_state(path: Path, state: UiState) -> str | None:
    """Store ``state`` atomically; the reason as text when it could not be written."""
    try:
        atomic_write_text(path, state.to_json())
    except StoreError as error:
        return str(error)
    return None
