"""Going to a day by what the user types (the reader's ``:``): the date it names, and the
listed day nearest it.

``target`` reads, case-insensitively:

- a full date: ``2025-03-14``, ``2025-3-14``, ``2025/03/14``, ``20250314``, ``Mar 14, 2025``,
  ``14 March 2025``;
- a month and a day, the year left out: ``03-14``, ``3/14``, ``Mar 14``, ``14 mar``: the
  latest such date not after the library's newest day;
- a day of the month alone: ``14``: in the month of the day being read;
- ``today``, ``yesterday``, a weekday (``fri``, ``friday``: the latest one up to today), and
  ``-N`` (N days before the day being read).

``nearest`` picks the listed day closest to the target (the earlier one on a tie), since a
weekend or a day the dumps skip has no papers of its own.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from reader.core.dates import MONTHS

HINT = "2025-03-14, 03-14, Mar 14, 14, yesterday, fri, -3"
"""The forms ``target`` reads, as a prompt shows them."""
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_YMD = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$|^(\d{4})(\d{2})(\d{2})$")
_MD = re.compile(r"^(\d{1,2})[-/.](\d{1,2})$")
_NAMED = re.compile(r"^(?:([a-z]{3,9})\.? (\d{1,2})|(\d{1,2}) ([a-z]{3,9})\.?)(?:,? (\d{4}))?$")
_DAY = re.compile(r"^(\d{1,2})$")
_BACK = re.compile(r"^-(\d{1,4})$")


def _date(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"there is no such date: {year}-{month:02d}-{day:02d}") from None


def _latest(month: int, day: int, newest: dt.date) -> dt.date:
    """The latest ``month``/``day`` on or before ``newest`` (Feb 29 looks back to a leap year)."""
    for year in range(newest.year, newest.year - 8, -1):
        try:
            date = dt.date(year, month, day)
        except ValueError:
            continue
        if date <= newest:
            return date
    raise ValueError(f"there is no such date: {month:02d}-{day:02d}")


def target(text: str, *, today: dt.date, newest: dt.date, reading: dt.date | None = None) -> dt.date:
    """The date ``text`` names (see the module docstring); ``ValueError`` says in a few words
    why it names none. ``newest``: the library's newest day; ``reading``: the day shown."""
    words = " ".join(text.lower().replace(",", " ").split())
    reading = reading or newest
    if not words:
        raise ValueError("type a date: " + HINT)
    if words in ("today", "yesterday"):
        return today - dt.timedelta(days=0 if words == "today" else 1)
    weekday = next((n for n, name in enumerate(WEEKDAYS) if len(words) >= 3 and name.startswith(words)), None)
    if weekday is not None:
        return today - dt.timedelta(days=(today.weekday() - weekday) % 7)
    if match := _BACK.match(words):
        return reading - dt.timedelta(days=int(match.group(1)))
    if match := _YMD.match(words):
        year, month, day = (int(part) for part in match.groups() if part is not None)
        return _date(year, month, day)
    if match := _MD.match(words):
        return _latest(int(match.group(1)), int(match.group(2)), newest)
    if match := _NAMED.match(words):
        name = match.group(1) or match.group(4)
        named = MONTHS.get(name)
        if named is None:
            raise ValueError(f"'{name}' is not a month")
        day = int(match.group(2) or match.group(3))
        return _date(int(match.group(5)), named, day) if match.group(5) else _latest(named, day, newest)
    if match := _DAY.match(words):
        return _date(reading.year, reading.month, int(match.group(1)))
    raise ValueError(f"not a date: {text.strip()[:40]!r}; try {HINT}")


def nearest(date: dt.date, days: Sequence[dt.date]) -> dt.date | None:
    """The day of ``days`` closest to ``date`` (the earlier on a tie); None when there is none."""
    return min(days, key=lambda day: (abs((day - date).days), day), default=None)
