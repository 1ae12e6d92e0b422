"""Parsing the dates that dumps and file names carry."""

from __future__ import annotations

import datetime as dt
import re

from reader.core.models import LooseDate

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}

_MONTH_DAY = re.compile(r"^([A-Za-z]{3,9})\.? (\d{1,2})(?:, (\d{4}))?$")
_FILENAME_ISO = re.compile(r"(?<!\d)(20\d{2}|19\d{2})[-_.]?(\d{2})[-_.]?(\d{2})(?!\d)")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_month_day(text: str) -> LooseDate | None:
    """Read "Dec 16" or "Sep 27, 2023" (as HF pages print dates); None otherwise."""
    match = _MONTH_DAY.match(text.strip())
    if not match:
        return None
    month = MONTHS.get(match.group(1).lower())
    if month is None:
        return None
    day = int(match.group(2))
    year = int(match.group(3)) if match.group(3) else None
    loose = LooseDate(month, day, year)
    return loose if loose.resolve(2000) is not None else None


def date_in_filename(name: str) -> dt.date | None:
    """A date written in a file name (``2025-12-16``, ``20251216``, ``2025_12_16``)."""
    for match in _FILENAME_ISO.finditer(name):
        try:
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            continue
    return None


def parse_iso_date(text: str | None) -> dt.date | None:
    """The date at the start of an ISO date or timestamp (``2025-12-16T08:00:00Z``)."""
    if not text:
        return None
    match = _ISO.match(text.strip())
    if not match:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
