"""``UnreadCounting``: the unread counts of the left pane, read off the UI thread.

Each day's row shows how many of its papers are unread beside its total (``12/33``; a day
with nothing unread is dimmed and shows its total), and the "Unread" entry counts every
unread paper. The counts are read in a worker after the left pane is shown (at 100,000
papers the first count takes about a second, which the first paint must not wait for);
until they come, rows keep the last counts known (none at start: the totals alone).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from textual import on, work
from textual.message import Message

from reader.core.library import Library
from reader.core.readstate import UnreadCounts
from reader.ui.days import Section
from reader.ui.reader_parts import ReaderParts


@dataclass
class UnreadCounted(Message):
    """The library's unread counts, per day and in all."""

    counts: UnreadCounts
    read: frozenset[str] = frozenset()
    """The keys read when the counts were made."""
    new: frozenset[str] = frozenset()
    """The papers that arrived since the reader was last closed."""


def with_unread(sections: list[Section], counts: UnreadCounts | None) -> list[Section]:
    """``sections`` with the unread counts on the days and the Unread entry (unchanged
    while no count is known)."""
    if counts is None:
        return sections
    return [_counted(section, counts) for section in sections]


def _counted(section: Section, counts: UnreadCounts) -> Section:
    if section.kind == "day" and section.day is not None:
        return replace(section, unread=counts.by_day.get(section.day, 0))
    if section.kind == "unread":
        return section.with_count(counts.total)
    return section


class UnreadCounting(ReaderParts):
    """The part of ``ReaderScreen`` that counts unread papers for the left pane."""

    unread_counts: UnreadCounts | None = None
    """The latest counts (None until the first are read)."""
    read_known: frozenset[str] | None = None
    """The keys read when the latest counts were made (None until the first are read)."""
    read_overlay: dict[str, bool]
    seen_before: float | None

    def count_unread(self) -> None:
        """Read the unread counts again, in a worker; the rows follow when they come."""
        self._count_unread(self.library, self.seen_before)

    @work(thread=True, group="unread", exclusive=True, exit_on_error=False)
    def _count_unread(self, library: Library, seen_before: float | None) -> None:
        counts = library.unread_counts()
        self.post_message(UnreadCounted(counts, library.read_keys(), library.new_keys(seen_before)))

    @on(UnreadCounted)
    def _unread_counted(self, result: UnreadCounted) -> None:
        self.unread_counts = result.counts
        self.read_known = result.read
        overlay = self.read_overlay
        for key in [key for key, read in overlay.items() if read == (key in result.read)]:
            del overlay[key]  # the read set shows it now
        if result.new != self.paper_list.new_keys:
            self.paper_list.new_keys = result.new
        self.paper_list.redraw()
        self._update_titles()
        for index, section in enumerate(self.day_list.sections):
            counted = _counted(section, result.counts)
            if counted != section:
                self.day_list.set_section(index, counted)
