"""The left pane: ``Entry`` (what can be listed) and ``DayList``, the list of entries.

Entries are the current search (while one is open), the bookmarks, all papers, and every
day newest first. An entry is named by a stable ``ref`` (``day:2025-12-17``, ``all``,
``bookmarks``, ``search``) that the reader remembers between runs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message

from reader.core.models import Day
from reader.ui.render import format_count, format_day
from reader.ui.virtual_list import VirtualList

EntryKind = Literal["search", "bookmarks", "all", "day"]


@dataclass(frozen=True)
class Entry:
    """Something the middle pane can list."""

    kind: EntryKind
    count: int = 0
    day: dt.date | None = None
    guessed: bool = False
    """A day taken from file modification times."""
    query: str = ""
    exact: bool = True
    """False when ``count`` is an upper bound (a quoted phrase in a large library)."""

    @property
    def ref(self) -> str:
        """A stable name: ``day:YYYY-MM-DD``, ``all``, ``bookmarks`` or ``search``."""
        return f"day:{self.day.isoformat()}" if self.kind == "day" and self.day else self.kind

    @property
    def title(self) -> str:
        """The entry as the middle pane's title names it."""
        if self.kind == "day" and self.day:
            return ("~" if self.guessed else "") + format_day(self.day) + (" (file date)" if self.guessed else "")
        return {"search": f"Search: {self.query}", "bookmarks": "★ Bookmarks", "all": "All papers"}[self.kind]

    @property
    def count_text(self) -> str:
        """``1,234``, or ``~1,234`` when the count is an upper bound."""
        return ("" if self.exact else "~") + format_count(self.count)

    def with_count(self, count: int, exact: bool = True) -> Entry:
        """The same entry with another paper count."""
        return Entry(self.kind, count, self.day, self.guessed, self.query, exact)


def build_entries(days: Sequence[Day], papers: int, bookmarks: int, search: Entry | None = None) -> list[Entry]:
    """The left pane's rows: the search (if any), bookmarks, all papers, then the days."""
    entries = [search] if search is not None else []
    entries += [Entry("bookmarks", bookmarks), Entry("all", papers)]
    entries += [Entry("day", day.paper_count, day.date, day.guessed) for day in days]
    return entries


class DayList(VirtualList):
    """The list of entries; moving the cursor selects the entry under it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "enter", "Open", show=False, id="days.enter"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"day-list--count", "day-list--special"}

    class Selected(Message):
        """The cursor moved to ``entry``."""

        def __init__(self, entry: Entry) -> None:
            super().__init__()
            self.entry = entry

    class Entered(Message):
        """``enter`` was pressed: go into the paper list."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.entries: list[Entry] = []

    @property
    def current(self) -> Entry | None:
        """The entry under the cursor."""
        return self.entries[self.cursor] if self.entries else None

    def index_of(self, ref: str) -> int | None:
        """The row of the entry named ``ref``."""
        return next((i for i, entry in enumerate(self.entries) if entry.ref == ref), None)

    def set_entries(self, entries: list[Entry], ref: str | None) -> None:
        """Replace the rows and put the cursor on ``ref`` (silently: nothing is selected)."""
        self.entries = entries
        index = self.index_of(ref) if ref else None
        self.set_row_count(len(entries), index or 0)

    def select(self, ref: str) -> bool:
        """Move the cursor to ``ref`` and select it; False when there is no such entry."""
        index = self.index_of(ref)
        if index is None:
            return False
        self.set_cursor(index)
        return True

    def cursor_moved(self, index: int) -> None:
        """Selecting happens as the cursor moves."""
        if self.entries:
            self.post_message(self.Selected(self.entries[index]))

    def row_token(self, index: int) -> Hashable:
        """The entry itself (its label and count)."""
        return self.entries[index]

    def set_entry(self, index: int, entry: Entry) -> None:
        """Replace one row's entry (a new count) and draw it again."""
        self.entries[index] = entry
        self.refresh_line(index)

    def action_enter(self) -> None:
        """Go into the paper list."""
        self.post_message(self.Entered())

    def empty_text(self) -> str:
        """Shown before the first read of the library."""
        return "…"

    def render_row(self, index: int, width: int) -> Content:
        """``★ Bookmarks (3)``, ``All papers (120)``, ``Dec 17, 2025   33``, ``~ Nov 2, 2025  5``."""
        entry = self.entries[index]
        count_style = self.get_visual_style("day-list--count", partial=True)
        if entry.kind != "day" or entry.day is None:
            label = {"search": f"⌕ Search: {entry.query}", "bookmarks": "★ Bookmarks", "all": "All papers"}[entry.kind]
            count = f" ({entry.count_text})"
            label_content = Content(label).truncate(max(1, width - len(count) - 1), ellipsis=True)
            special = self.get_visual_style("day-list--special", partial=True)
            return Content.assemble(Content(" "), label_content.stylize(special), (count, count_style))
        mark = "~" if entry.guessed else " "
        count = format_count(entry.count)
        label = f"{mark}{format_day(entry.day)}"
        gap = max(1, width - len(label) - len(count) - 1)
        return Content.assemble(label, " " * gap, (count, count_style), " ")
