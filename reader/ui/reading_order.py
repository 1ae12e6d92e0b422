"""Where a morning's reading starts, and where the next unread paper is.

Plain functions of the library and the left pane's sections, run in the reader's workers
(``morning_ref``) or on the UI thread over what is already known (``next_unread_day``), so
they are tested without an app.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reader.core.library import Library
from reader.ui.days import Section


@dataclass(frozen=True)
class Opening:
    """What the reader knows as it opens: the entry remembered and when it was last closed."""

    remembered: str | None
    seen_at: float | None
    """Epoch seconds; None on a first run (nothing is new then)."""


def morning_ref(library: Library, sections: Sequence[Section], opening: Opening) -> str | None:
    """The newest day with unread papers, when the reader should open on it rather than on
    the entry remembered: papers arrived since it was last closed, or the day remembered has
    been read through (or no entry is remembered). None: open where remembered."""
    days = [section.day for section in sections if section.kind == "day" and section.day and not section.guessed]
    if not days:
        return None
    remembered = next((section for section in sections if section.ref == opening.remembered), None)
    arrived = opening.seen_at is not None and bool(library.arrivals.since(opening.seen_at))
    if not arrived and remembered is not None:
        if remembered.kind != "day" or remembered.day is None:
            return None  # bookmarks, a tag, a saved search: the user's own choice stands
        hidden = library.lists().hidden
        if library.first_unread([key for key in library.keys(remembered.day) if key not in hidden]) is not None:
            return None  # the day remembered still has papers to read
    day = library.newest_unread_day(days)
    ref = f"day:{day.isoformat()}" if day is not None else None
    return None if ref == opening.remembered else ref


def next_unread_day(sections: Sequence[Section], current: int, step: int) -> int | None:
    """The index in ``sections`` of the next day from the day at ``current`` going ``step``
    (1: older, -1: newer) whose unread count is above 0; None when there is none."""
    days = [index for index, section in enumerate(sections) if section.kind == "day" and (section.unread or 0) > 0]
    ahead = [index for index in days if (index - current) * step > 0]
    if not ahead:
        return None
    return ahead[0] if step > 0 else ahead[-1]
