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

from reader.core.readstate import UnreadCounts
from reader.ui.days import Section
from reader.ui.reader_parts import ReaderParts


@dataclass
class UnreadCounted(Message):
    """The library's unread counts, per day and in all."""

    counts: UnreadCounts


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

    def count_unread(self) -> None:
        """Read the unread counts again, in a worker; the rows follow when they come."""
        self._count_unread()

    @work(thread=True, group="unread", exclusive=True, exit_on_error=False)
    def _count_unread(self) -> None:
        self.post_message(UnreadCounted(self.library.unread_counts()))

    @on(UnreadCounted)
    def _unread_counted(self, result: UnreadCounted) -> None:
        self.unread_counts = result.counts
        for index, section in enumerate(self.day_list.sections):
            counted = _counted(section, result.counts)
            if counted != section:
                self.day_list.set_section(index, counted)
