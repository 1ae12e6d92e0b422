"""The left pane: ``Section`` (a list the middle pane can show) and ``DayList``, its rows.

Sections are the current search (while one is open), the bookmarks with each tag in use
under them, the saved searches, all papers, and every day newest first. A section is named
by a stable ``ref`` (``day:2025-12-17``, ``all``, ``bookmarks``, ``tag:agents``,
``saved:Agents to read``, ``search``) that the reader remembers between runs. A new kind of section
(unread, a tag, a saved search) is a new ``SectionKind`` with its title and row here, and
its keys in ``reading.read_keys``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, replace
from typing import ClassVar, Literal

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message

from reader.core.models import Day
from reader.core.saved_searches import SavedSearch
from reader.core.tags import TagCount
from reader.ui.render import format_count, format_day
from reader.ui.virtual_list import VirtualList

SectionKind = Literal["search", "bookmarks", "tag", "saved", "all", "day"]


@dataclass(frozen=True)
class Section:
    """A list the middle pane can show."""

    kind: SectionKind
    count: int = 0
    day: dt.date | None = None
    guessed: bool = False
    """A day taken from file modification times."""
    query: str = ""
    exact: bool = True
    """False when ``count`` is an upper bound (a quoted phrase in a large library)."""
    name: str = ""
    """A tag (as first spelled) or a saved search's name."""
    counted: bool = True
    """False for a saved search whose count is still being read."""
    unread: int | None = None
    """A saved search's unread matches, when read state knows them."""

    @property
    def ref(self) -> str:
        """A stable name: ``day:YYYY-MM-DD``, ``all``, ``bookmarks``, ``tag:agents``,
        ``saved:NAME`` or ``search``."""
        if self.kind == "day" and self.day:
            return f"day:{self.day.isoformat()}"
        if self.kind == "tag":
            return f"tag:{self.name.casefold()}"
        return f"saved:{self.name}" if self.kind == "saved" else self.kind

    @property
    def title(self) -> str:
        """The section as the middle pane's title names it."""
        if self.kind == "day" and self.day:
            return ("~" if self.guessed else "") + format_day(self.day) + (" (file date)" if self.guessed else "")
        if self.kind == "tag":
            return f"★ Tag: {self.name}"
        if self.kind == "saved":
            return f"Saved search: {self.name}"
        return {"search": f"Search: {self.query}", "bookmarks": "★ Bookmarks", "all": "All papers"}[self.kind]

    @property
    def count_text(self) -> str:
        """``1,234``, or ``~1,234`` when the count is an upper bound (``…`` while it is read)."""
        if not self.counted:
            return "…"
        return ("" if self.exact else "~") + format_count(self.count)

    @property
    def searches(self) -> bool:
        """True when the section's papers are a query's results (a search, a saved search)."""
        return self.kind in ("search", "saved")

    def with_count(self, count: int, exact: bool = True, unread: int | None = None) -> Section:
        """The same section with another paper count (and unread count)."""
        return replace(self, count=count, exact=exact, counted=True, unread=unread)


def tag_sections(tags: Sequence[TagCount]) -> list[Section]:
    """A row for each tag in use, under the bookmarks."""
    return [Section("tag", count.count, name=count.tag, query=f'tag:"{count.tag}"') for count in tags]


def saved_sections(searches: Sequence[SavedSearch]) -> list[Section]:
    """A row for each saved search (its count read afterwards: ``counted`` is False)."""
    return [Section("saved", name=search.name, query=search.query, counted=False) for search in searches]


def build_sections(
    days: Sequence[Day],
    papers: int,
    bookmarks: int,
    search: Section | None = None,
    *,
    tags: Sequence[TagCount] = (),
    saved: Sequence[Section] = (),
) -> list[Section]:
    """The left pane's rows: the search (if any), bookmarks and their tags, the saved
    searches, all papers, then the days."""
    sections = [search] if search is not None else []
    sections += [Section("bookmarks", bookmarks), *tag_sections(tags), *saved, Section("all", papers)]
    sections += [Section("day", day.paper_count, day.date, day.guessed) for day in days]
    return sections


class DayList(VirtualList):
    """The list of sections; moving the cursor selects the section under it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "enter", "Open", show=False, id="days.enter"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"day-list--count", "day-list--special"}

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
            label = _row_label(section)
            count = f" ({section.count_text}{'' if section.unread is None else f', {section.unread:,} unread'})"
            label_content = Content(label).truncate(max(1, width - len(count) - 1), ellipsis=True)
            special = self.get_visual_style("day-list--special", partial=True)
            return Content.assemble(Content(" "), label_content.stylize(special), (count, count_style))
        mark = "~" if section.guessed else " "
        count = format_count(section.count)
        label = f"{mark}{format_day(section.day)}"
        gap = max(1, width - len(label) - len(count) - 1)
        return Content.assemble(label, " " * gap, (count, count_style), " ")


def _row_label(section: Section) -> str:
    """The label of a row that is not a day: a tag is indented under the bookmarks."""
    if section.kind == "tag":
        return f"  # {section.name}"
    if section.kind == "saved":
        return f"⌕ {section.name}"
    return {"search": f"⌕ Search: {section.query}", "bookmarks": "★ Bookmarks", "all": "All papers"}[section.kind]
