"""The left pane: ``Section`` (a list the middle pane can show) and ``DayList``, its rows.

Sections are the current search (while one is open), the bookmarks with each tag in use
under them, the saved searches, all papers, and every day newest first, under a header for
each month (``December 2025``) with the weekday on each day's row (``Wed 17``). A section is
named by a stable ``ref`` (``day:2025-12-17``, ``all``, ``bookmarks``, ``tag:agents``,
``saved:Agents to read``, ``search``) that the reader remembers between runs. A new kind of
section (unread, a tag, a saved search) is a new ``SectionKind`` with its title and row
here, and its keys in ``reading.read_keys``.

The rows are sections and month headers (``DayRows``); the cursor never rests on a header,
and the list's methods speak of sections (``index_of``, ``select``), never of rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import ClassVar, Literal

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.style import Style

from reader.core.models import Day
from reader.core.saved_searches import SavedSearch
from reader.core.tags import TagCount
from reader.ui.render import format_count, format_day, format_weekday
from reader.ui.virtual_list import VirtualList

SectionKind = Literal["search", "similar", "foryou", "unread", "watched", "bookmarks", "tag", "saved", "all", "day"]
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
    name: str = ""
    """A tag (as first spelled) or a saved search's name."""
    counted: bool = True
    """False for a saved search whose count is still being read."""
    unread: int | None = None
    """A saved search's unread matches, or a day's unread papers, once counted."""
    label: str = ""
    """The title of the paper a "similar" section is like."""
    watched: int = 0
    """How many of a day's papers are watched."""

    @property
    def ref(self) -> str:
        """A stable name: ``day:YYYY-MM-DD``, ``all``, ``bookmarks``, ``foryou``, ``watched``,
        ``tag:agents``, ``saved:NAME``, ``search`` or ``similar``."""
        if self.kind == "day" and self.day:
            return f"day:{self.day.isoformat()}"
        if self.kind == "tag":
            return f"tag:{self.name.casefold()}"
        return f"saved:{self.name}" if self.kind == "saved" else self.kind

    @property
    def transient(self) -> bool:
        """True for a search or a similar-papers list (see ``TRANSIENT``)."""
        return self.kind in TRANSIENT

    @property
    def title(self) -> str:
        """The section as the middle pane's title names it."""
        if self.kind == "day" and self.day:
            day = f"{self.day:%a} {format_day(self.day)}"
            return ("~" if self.guessed else "") + day + (" (file date)" if self.guessed else "")
        return _LABELS[self.kind].format(query=self.query, label=self.label, name=self.name)

    @property
    def count_text(self) -> str:
        """``1,234``, or ``~1,234`` when the count is an upper bound (``…`` while it is read;
        ``3/12`` for a saved search with 3 of its 12 papers unread)."""
        if not self.counted:
            return "…"
        unread = f"{self.unread:,}/" if self.kind == "saved" and self.unread is not None else ""
        return unread + ("" if self.exact else "~") + format_count(self.count)

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


@dataclass(frozen=True)
class MonthHeader:
    """A row naming the month of the days under it (never selected)."""

    month: dt.date
    """The first day of the month."""

    @property
    def label(self) -> str:
        """``December 2025``."""
        return f"{self.month:%B %Y}"


Row = Section | MonthHeader
"""One row of the left pane."""


def day_rows(sections: Sequence[Section]) -> list[Row]:
    """``sections`` with a ``MonthHeader`` before the first day of each month."""
    rows: list[Row] = []
    month: dt.date | None = None
    for section in sections:
        if section.kind == "day" and section.day is not None and section.day.replace(day=1) != month:
            month = section.day.replace(day=1)
            rows.append(MonthHeader(month))
        rows.append(section)
    return rows


_LABELS = {
    "search": "Search: {query}",
    "similar": "Like: {label}",
    "foryou": "✦ For you",
    "unread": "● Unread",
    "watched": "◆ Watched",
    "bookmarks": "★ Bookmarks",
    "tag": "★ Tag: {name}",
    "saved": "Saved search: {name}",
    "all": "All papers",
}
"""How the middle pane's title names each kind of section."""


def build_sections(
    days: Sequence[Day],
    papers: int,
    bookmarks: int,
    search: Section | None = None,
    *,
    watched: Mapping[dt.date, int] | None = None,
    watched_total: int = 0,
    tags: Sequence[TagCount] = (),
    saved: Sequence[Section] = (),
) -> list[Section]:
    """The left pane's rows: the search (if any), For you, Unread (counted afterwards: see
    ``reader.ui.unread``), bookmarks and their tags, watched
    (when there is a watch list: ``watched`` papers per day, ``watched_total`` in all), the
    saved searches, all papers, then the days."""
    sections = [search] if search is not None else []
    sections += [Section("foryou"), Section("unread", counted=False), Section("bookmarks", bookmarks)]
    sections += tag_sections(tags)
    if watched is not None:
        sections.append(Section("watched", watched_total))
    sections += [*saved, Section("all", papers)]
    per_day = watched or {}
    sections += [
        Section("day", day.paper_count, day.date, day.guessed, watched=per_day.get(day.date, 0)) for day in days
    ]
    return sections


class DayList(VirtualList):
    """The list of sections under their month headers; moving the cursor selects the
    section under it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "enter", "Open", show=False, id="days.enter"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "day-list--count",
        "day-list--special",
        "day-list--header",
        "day-list--watched",
    }

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
        self.rows: list[Row] = []
        """What each line shows: the sections and the month headers between them."""
        self._row_of: list[int] = []
        """The row of each section."""

    @property
    def current(self) -> Section | None:
        """The section under the cursor."""
        row = self.rows[self.cursor] if self.rows else None
        return row if isinstance(row, Section) else None

    @property
    def current_index(self) -> int | None:
        """The index in ``sections`` of the section under the cursor."""
        current = self.current
        return self._row_of.index(self.cursor) if current is not None else None

    def index_of(self, ref: str) -> int | None:
        """The index in ``sections`` of the section named ``ref``."""
        return next((i for i, section in enumerate(self.sections) if section.ref == ref), None)

    def set_sections(self, sections: list[Section], ref: str | None) -> None:
        """Replace the rows and put the cursor on ``ref`` (silently: nothing is selected)."""
        self.sections = sections
        self.rows = day_rows(sections)
        self._row_of = [row for row, item in enumerate(self.rows) if isinstance(item, Section)]
        index = self.index_of(ref) if ref else None
        cursor = self._row_of[index or 0] if self._row_of else 0
        self.set_row_count(len(self.rows), cursor, same_tokens_same_rows=True)  # a row is its section

    def select(self, ref: str, *, center: bool = False) -> bool:
        """Move the cursor to ``ref`` and select it; False when there is no such section.
        ``center``: a jump, shown in the middle of the pane."""
        index = self.index_of(ref)
        if index is None:
            return False
        self.select_index(index, center=center)
        return True

    def select_index(self, index: int, *, center: bool = False) -> None:
        """Move the cursor to ``sections[index]`` and select it."""
        self.set_cursor(self._row_of[index], center=center)

    def row_selectable(self, index: int) -> bool:
        """Headers are passed over."""
        return isinstance(self.rows[index], Section)

    def cursor_moved(self, index: int) -> None:
        """Selecting happens as the cursor moves."""
        current = self.current
        if current is not None:
            self.post_message(self.Selected(current))

    def row_token(self, index: int) -> Hashable:
        """The row itself (a section's label and count, or a header)."""
        return self.rows[index]

    def set_section(self, index: int, section: Section) -> None:
        """Replace one section (a new count) and draw its row again."""
        self.sections[index] = section
        row = self._row_of[index]
        self.rows[row] = section
        self.refresh_line(row)

    def action_enter(self) -> None:
        """Go into the paper list."""
        self.post_message(self.Entered())

    def empty_text(self) -> str:
        """Shown before the first read of the library."""
        return "…"

    def render_row(self, index: int, width: int) -> Content:
        """A month header, a day (``day_row``) or a special section (``special_row``)."""
        row = self.rows[index]
        if isinstance(row, MonthHeader):
            header = self.get_visual_style("day-list--header", partial=True)
            return Content.styled(f" {row.label}", header).truncate(width, ellipsis=True)
        count_style = self.get_visual_style("day-list--count", partial=True)
        if row.kind == "day" and row.day is not None:
            return day_row(row, width, count_style, self.get_visual_style("day-list--watched", partial=True))
        return special_row(row, width, count_style, self.get_visual_style("day-list--special", partial=True))


def day_row(section: Section, width: int, count_style: Style, watch_style: Style | None = None) -> Content:
    """``   Wed 17     ◆2  12/33``: the weekday and day of the month, how many of its papers
    are watched, how many are unread (once counted) and its paper count at the right (``~``
    marks a day guessed from a file's date). A day with nothing unread is dimmed. The counts
    are always whole: in a narrow pane the watched count shrinks to ``◆``, then goes."""
    assert section.day is not None
    mark = "~" if section.guessed else " "
    label = f"  {mark}{format_weekday(section.day)}"
    count = format_count(section.count)
    unread = f"{format_count(section.unread)}/" if section.unread else ""
    watched = watched_count(section)
    room = width - len(label) - len(unread) - len(count) - 2  # a space before, one after
    if len(watched) > room:
        watched = "◆ " if watched and room >= 2 else ""
    gap = max(1, width - len(label) - len(watched) - len(unread) - len(count) - 1)
    label_style = count_style if section.unread == 0 else None
    return Content.assemble(
        (label, label_style) if label_style else label,
        " " * gap,
        (watched, watch_style or count_style),
        unread,
        (count, count_style),
        " ",
    )


def watched_count(section: Section) -> str:
    """``◆2 `` when two of a day's papers are watched; empty when none is."""
    return f"◆{section.watched} " if section.watched else ""


def special_row(section: Section, width: int, count_style: Style, label_style: Style) -> Content:
    """``★ Bookmarks      3``, ``All papers  12,345``, ``⌕ diffusion  ~1,234``: the count is
    always shown whole at the right, like a day's; the label takes its short form, or is cut,
    when the room left is too small."""
    long, short = {
        "search": (f"⌕ {section.query}", f"⌕ {section.query}"),
        "similar": (f"≈ Like: {section.label}", f"≈ {section.label}"),
        "foryou": ("✦ For you", "✦"),
        "unread": ("● Unread", "●"),
        "watched": ("◆ Watched", "◆"),
        "bookmarks": ("★ Bookmarks", "★"),
        "all": ("All papers", "All"),
        "tag": (f"  # {section.name}", f"#{section.name}"),
        "saved": (f"⌕ {section.name}", f"⌕ {section.name}"),
    }[section.kind]
    count = "" if section.kind == "foryou" else section.count_text
    room = max(1, width - len(count) - 3)
    label = Content(long if len(long) <= room else short).truncate(room, ellipsis=True)
    gap = max(1, width - label.cell_length - len(count) - 2)
    return Content.assemble(" ", label.stylize(label_style), " " * gap, (count, count_style), " ")
