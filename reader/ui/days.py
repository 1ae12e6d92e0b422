"""The left pane: ``Section`` (a list the middle pane can show) and ``DayList``, its rows.

Sections are the current search (while one is open), the bookmarks, all papers, and every
day newest first. A section is named by a stable ``ref`` (``day:2025-12-17``, ``all``,
``bookmarks``, ``search``) that the reader remembers between runs. A new kind of section
(unread, a tag, a saved search) is a new ``SectionKind`` with its title and row here, and
its keys in ``reading.read_keys``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import ClassVar, Literal

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message

from reader.core.models import Day
from reader.ui.render import format_count, format_day
from reader.ui.virtual_list import VirtualList

SectionKind = Literal["search", "similar", "foryou", "watched", "bookmarks", "all", "day"]
TRANSIENT = frozenset({"search", "similar"})
"""Sections shown as the first row of the left pane while open, until escape goes back."""
HIDING = frozenset({"day", "all", "foryou", "watched"})
"""Sections that leave hidden papers out (a key shows them)."""


@dataclass(frozen=True)
class Section:
    """A list the middle pane can show."""

    kind: SectionKind
    count: int = 0
    day: dt.date | None = None
    guessed: bool = False
    """A day taken from file modification times."""
    query: str = ""
    """A search's query; the key of the paper a "similar" section is like."""
    exact: bool = True
    """False when ``count`` is an upper bound (a quoted phrase in a large library)."""
    label: str = ""
    """The title of the paper a "similar" section is like."""
    watched: int = 0
    """How many of a day's papers are watched."""

    @property
    def ref(self) -> str:
        """A stable name: ``day:YYYY-MM-DD``, ``all``, ``bookmarks``, ``foryou``, ``watched``,
        ``search`` or ``similar``."""
        return f"day:{self.day.isoformat()}" if self.kind == "day" and self.day else self.kind

    @property
    def transient(self) -> bool:
        """True for a search or a similar-papers list (see ``TRANSIENT``)."""
        return self.kind in TRANSIENT

    @property
    def title(self) -> str:
        """The section as the middle pane's title names it."""
        if self.kind == "day" and self.day:
            return ("~" if self.guessed else "") + format_day(self.day) + (" (file date)" if self.guessed else "")
        return _LABELS[self.kind].format(query=self.query, label=self.label)

    @property
    def count_text(self) -> str:
        """``1,234``, or ``~1,234`` when the count is an upper bound."""
        return ("" if self.exact else "~") + format_count(self.count)

    def with_count(self, count: int, exact: bool = True) -> Section:
        """The same section with another paper count."""
        return replace(self, count=count, exact=exact)


_LABELS = {
    "search": "Search: {query}",
    "similar": "Like: {label}",
    "foryou": "✦ For you",
    "watched": "◆ Watched",
    "bookmarks": "★ Bookmarks",
    "all": "All papers",
}
"""How the middle pane's title and the left pane's row name each kind of section."""
_ROW_LABELS = {**_LABELS, "search": "⌕ Search: {query}", "similar": "≈ Like: {label}"}


def build_sections(
    days: Sequence[Day],
    papers: int,
    bookmarks: int,
    search: Section | None = None,
    *,
    watched: Mapping[dt.date, int] | None = None,
    watched_total: int = 0,
) -> list[Section]:
    """The left pane's rows: the search (if any), For you, bookmarks, watched (when there is
    a watch list: ``watched`` papers per day, ``watched_total`` in all), all papers, then the
    days."""
    sections = [search] if search is not None else []
    sections += [Section("foryou"), Section("bookmarks", bookmarks)]
    if watched is not None:
        sections.append(Section("watched", watched_total))
    sections.append(Section("all", papers))
    per_day = watched or {}
    sections += [
        Section("day", day.paper_count, day.date, day.guessed, watched=per_day.get(day.date, 0)) for day in days
    ]
    return sections


class DayList(VirtualList):
    """The list of sections; moving the cursor selects the section under it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "enter", "Open", show=False, id="days.enter"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"day-list--count", "day-list--special", "day-list--watched"}

    class Selected(Message):
        """The cursor moved to ``section``."""

        def __init__(self, section: Section) -> None:
            super().__init__()
            self.section = section

    class Entered(Message):
        """``enter`` was pressed: go into the paper list."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.sections: list[Section] = []

    @property
    def current(self) -> Section | None:
        """The section under the cursor."""
        return self.sections[self.cursor] if self.sections else None

    def index_of(self, ref: str) -> int | None:
        """The row of the section named ``ref``."""
        return next((i for i, section in enumerate(self.sections) if section.ref == ref), None)

    def set_sections(self, sections: list[Section], ref: str | None) -> None:
        """Replace the rows and put the cursor on ``ref`` (silently: nothing is selected)."""
        self.sections = sections
        index = self.index_of(ref) if ref else None
        self.set_row_count(len(sections), index or 0)

    def select(self, ref: str) -> bool:
        """Move the cursor to ``ref`` and select it; False when there is no such section."""
        index = self.index_of(ref)
        if index is None:
            return False
        self.set_cursor(index)
        return True

    def cursor_moved(self, index: int) -> None:
        """Selecting happens as the cursor moves."""
        if self.sections:
            self.post_message(self.Selected(self.sections[index]))

    def row_token(self, index: int) -> Hashable:
        """The section itself (its label and count)."""
        return self.sections[index]

    def set_section(self, index: int, section: Section) -> None:
        """Replace one row's section (a new count) and draw it again."""
        self.sections[index] = section
        self.refresh_line(index)

    def action_enter(self) -> None:
        """Go into the paper list."""
        self.post_message(self.Entered())

    def empty_text(self) -> str:
        """Shown before the first read of the library."""
        return "…"

    def render_row(self, index: int, width: int) -> Content:
        """``★ Bookmarks (3)``, ``All papers (120)``, ``Dec 17, 2025   33``, ``~ Nov 2, 2025  5``."""
        section = self.sections[index]
        count_style = self.get_visual_style("day-list--count", partial=True)
        if section.kind != "day" or section.day is None:
            label = _ROW_LABELS[section.kind].format(query=section.query, label=section.label)
            count = "" if section.kind == "foryou" else f" ({section.count_text})"
            label_content = Content(label).truncate(max(1, width - len(count) - 1), ellipsis=True)
            special = self.get_visual_style("day-list--special", partial=True)
            return Content.assemble(Content(" "), label_content.stylize(special), (count, count_style))
        mark = "~" if section.guessed else " "
        count = format_count(section.count)
        label = f"{mark}{format_day(section.day)}"
        watched = watched_count(section)
        gap = max(1, width - len(label) - len(watched) - len(count) - 1)
        watch_style = self.get_visual_style("day-list--watched", partial=True)
        return Content.assemble(label, " " * gap, (watched, watch_style), (count, count_style), " ")


def watched_count(section: Section) -> str:
    """``◆2 `` when two of a day's papers are watched; empty when none is."""
    return f"◆{section.watched} " if section.watched else ""
