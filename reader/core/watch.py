"""Watching the library folders: a callback with the changed paths once they settle.

``watch(roots, on_change, stop)`` blocks until ``stop`` is set (the UI runs it in a thread
worker; the CLI until Ctrl-C). It uses native file events (watchfiles) and gathers them: the
callback gets the set of changed paths only when no new change has come for ``settle``
seconds (or ``longest`` seconds after the first, so a folder that never rests is still
synced), so a burst of 500 copied files is one call. Hidden names (``.x.json.tmp``, the
temp files of atomic writes, ``.fetch.lock``) are ignored, as the index ignores them.

``day_changes`` compares a library's days before and after a sync, for the "Dec 18, 2025:
31 new papers" lines.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import watchfiles

from reader.core.models import Day
from reader.core.text import plural

OnChange = Callable[[set[Path]], None]


def _visible(roots: Sequence[Path]) -> Callable[[watchfiles.Change, str], bool]:
    """A watchfiles filter: paths under a root with no hidden part below it."""
    resolved = [root.resolve() for root in roots]

    def accept(_: watchfiles.Change, name: str) -> bool:
        path = Path(name)
        for root in resolved:
            if path == root or path.is_relative_to(root):
                return not any(part.startswith(".") for part in path.relative_to(root).parts)
        return not path.name.startswith(".")

    return accept


def watchable(roots: Sequence[Path]) -> list[Path]:
    """The roots that exist (a folder or a file): watchfiles cannot watch a missing path."""
    return [root for root in roots if root.exists()]


def watch(
    roots: Sequence[Path],
    on_change: OnChange,
    stop: threading.Event,
    *,
    settle: float = 0.5,
    longest: float = 10.0,
    on_ready: Callable[[], None] | None = None,
) -> None:
    """Call ``on_change(paths)`` for each settled batch of changes under ``roots`` until
    ``stop`` is set (see the module docstring); returns at once when no root exists.

    ``on_ready()`` is called once the native watch is in place: a change from then on is
    seen (a caller that synced before may sync once more then, for what came in between).
    A change already gathered when ``stop`` is set is dropped: the next sync reads it anyway.
    """
    targets = [root.resolve() for root in watchable(roots)]
    if not targets:
        return
    pending: set[Path] = set()
    first = last = 0.0
    events = watchfiles.watch(
        *targets,
        watch_filter=_visible(targets),
        debounce=int(settle * 1000),
        step=50,
        stop_event=stop,
        rust_timeout=int(settle * 500) or 1,
        yield_on_timeout=True,
    )
    for changes in events:
        if on_ready is not None:
            on_ready()
            on_ready = None
        now = time.monotonic()
        if changes:
            if not pending:
                first = now
            pending.update(Path(name) for _, name in changes)
            last = now
        if pending and not stop.is_set() and (now - last >= settle or now - first >= longest):
            batch, pending = pending, set()
            on_change(batch)


@dataclass(frozen=True, slots=True)
class DayChange:
    """How one day's paper count moved in a sync."""

    day: dt.date
    before: int
    after: int

    def describe(self) -> str:
        """``Dec 18, 2025: 31 new papers`` (or fewer papers, or the day gone)."""
        label = f"{self.day:%b} {self.day.day}, {self.day.year}"
        if self.after > self.before:
            more = self.after - self.before
            return f"{label}: {plural(more, 'new paper')}"
        if self.after == 0:
            return f"{label}: gone ({plural(self.before, 'paper')} no longer in the dumps)"
        fewer = self.before - self.after
        return f"{label}: {plural(fewer, 'paper')} fewer ({self.after} left)"


def day_changes(before: Sequence[Day], after: Sequence[Day]) -> list[DayChange]:
    """The days whose paper count differs between two ``Library.days()`` lists, newest first."""
    old = {day.date: day.paper_count for day in before}
    new = {day.date: day.paper_count for day in after}
    return [
        DayChange(day, old.get(day, 0), new.get(day, 0))
        for day in sorted(old.keys() | new.keys(), reverse=True)
        if old.get(day, 0) != new.get(day, 0)
    ]
