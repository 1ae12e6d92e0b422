"""``Moving``: going from pane to pane and from day to day (``[``, ``]``, ``:`` goto). Part of
``ReaderScreen``."""

from __future__ import annotations

import datetime as dt

from textual.widget import Widget

from reader.core.goto import nearest, target
from reader.ui.goto_dialog import GotoScreen
from reader.ui.reader_parts import ReaderParts
from reader.ui.render import format_day


class Moving(ReaderParts):
    """The moves between panes and days, mixed into ``ReaderScreen``."""

    def _panes(self) -> list[Widget]:
        return [self.day_list, self.paper_list, self.detail]

    def _focus_pane(self, step: int) -> None:
        panes = self._panes()
        focused = self.focused
        index = panes.index(focused) + step if focused in panes else (1 if step > 0 else 0)
        panes[index % len(panes)].focus()

    def action_next_pane(self) -> None:
        """Focus the next pane."""
        self._focus_pane(1)

    def action_previous_pane(self) -> None:
        """Focus the previous pane."""
        self._focus_pane(-1)

    def _step_day(self, step: int) -> None:
        """The next older (``step`` 1) or newer (-1) day; from a row that is not a day (all
        papers, the bookmarks, a search), ``]`` goes to the newest day and ``[`` to the oldest:
        each goes to the end of the days its direction points to."""
        days = self.day_list
        rows = [index for index, section in enumerate(days.sections) if section.kind == "day"]
        if not rows:
            self.notify("No days in the library yet", timeout=2)
            return
        current = days.current_index
        if current not in rows:
            days.select_index(rows[-1] if step > 0 else rows[0], center=True)
            return
        position = rows.index(current) + step
        if not 0 <= position < len(rows):
            self.notify("This is the oldest day" if step > 0 else "This is the newest day", timeout=2)
            return
        days.select_index(rows[position])

    def action_older_day(self) -> None:
        """Show the day before the selected one."""
        self._step_day(1)

    def action_newer_day(self) -> None:
        """Show the day after the selected one."""
        self._step_day(-1)

    def action_bookmarks(self) -> None:
        """Show the bookmarks (read again when they are already shown)."""
        if self.section is not None and self.section.kind == "bookmarks":
            self.load(self.section, self.paper_list.current_key)
        else:
            self.day_list.select("bookmarks")

    def action_all_papers(self) -> None:
        """Show every paper."""
        self.day_list.select("all")

    def action_goto(self) -> None:
        """Ask for a date and show the listed day nearest it."""
        days = [section.day for section in self.day_list.sections if section.kind == "day" and section.day]
        if not days:
            self.notify("No days in the library yet", timeout=2)
            return
        reading = self.section.day if self.section is not None and self.section.kind == "day" else None

        def resolve(text: str) -> dt.date:
            return target(text, today=dt.date.today(), newest=max(days), reading=reading)

        def go(date: dt.date | None) -> None:
            day = nearest(date, days) if date is not None else None
            if date is None or day is None:
                return
            self.day_list.select(f"day:{day.isoformat()}", center=True)
            if day != date:
                self.notify(f"No papers on {date:%a} {format_day(date)}: {day:%a} {format_day(day)} is the nearest day")

        self.app.push_screen(GotoScreen(resolve), go)
