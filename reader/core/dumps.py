"""Reading one dump file into records: parse it, then settle each listing's day.

The day of a listing: a full date the dump carries wins; then a date in the file name;
then the page's day header, its year taken from the dump itself (``capture_year``), else
from the file's date; else the file's modification date (and the day says so). Published
dates printed without a year take the same capture year.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, replace
from pathlib import Path

from reader.core.dates import date_in_filename
from reader.core.errors import ParseError
from reader.core.models import DaySource, Entry
from reader.core.parsers import DumpSource, parse_source

MAX_DUMP_BYTES = 64 * 1024 * 1024
MAX_TITLE_CHARS = 1_000
MAX_ABSTRACT_CHARS = 20_000
"""Longer text is cut (with "…"): no real abstract comes near it, and it keeps the UI fast."""


@dataclass(frozen=True, slots=True)
class Record:
    """One listing read from a dump: the entry, its day, rank and resolved published date."""

    entry: Entry
    day: dt.date
    day_source: DaySource
    rank: int
    published: dt.date | None


@dataclass(frozen=True, slots=True)
class ReadDump:
    """The records of one dump file and the parser that read it."""

    parser: str
    records: tuple[Record, ...]


def read_bytes(path: Path) -> bytes:
    """The file's bytes; ``ParseError`` with a one-line reason when it cannot be read."""
    try:
        size = path.stat().st_size
        if size > MAX_DUMP_BYTES:
            raise ParseError(f"too large ({size // (1024 * 1024)} MB; the limit is 64 MB)")
        with open(path, "rb") as handle:
            return handle.read(MAX_DUMP_BYTES + 1)
    except PermissionError:
        raise ParseError("permission denied") from None
    except FileNotFoundError:
        raise ParseError("file vanished while being read") from None
    except IsADirectoryError:
        raise ParseError("is a directory") from None
    except OSError as error:
        raise ParseError(f"cannot read: {error.strerror or error}") from None


def read_dump(path: Path, data: bytes, mtime: float) -> ReadDump:
    """Parse ``data`` (the bytes of ``path``) and resolve every listing's day and dates."""
    parsed = parse_source(DumpSource(path, data))
    file_day = date_in_filename(path.name)
    modified = dt.date.fromtimestamp(mtime)
    year = parsed.capture_year or (file_day or modified).year
    records = []
    ranks: dict[dt.date, int] = {}
    for entry in map(_bounded, parsed.entries):
        day, source = _listing_day(entry, file_day, year, modified)
        ranks[day] = ranks.get(day, 0) + 1
        published = entry.published.resolve(year) if entry.published else None
        records.append(Record(entry, day, source, ranks[day], published))
    return ReadDump(parsed.parser, tuple(records))


def _bounded(entry: Entry) -> Entry:
    if len(entry.title) <= MAX_TITLE_CHARS and len(entry.abstract) <= MAX_ABSTRACT_CHARS:
        return entry
    return replace(entry, title=_cut(entry.title, MAX_TITLE_CHARS), abstract=_cut(entry.abstract, MAX_ABSTRACT_CHARS))


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _listing_day(entry: Entry, file_day: dt.date | None, year: int, modified: dt.date) -> tuple[dt.date, DaySource]:
    if entry.day is not None:
        return entry.day, DaySource.DUMP
    if file_day is not None:
        return file_day, DaySource.FILENAME
    if entry.header_day is not None:
        header = entry.header_day.resolve(year)
        if header is not None:
            return header, DaySource.HEADER
    return modified, DaySource.MTIME


def file_signature(path: Path) -> tuple[int, int]:
    """(size, mtime in ns) of a file, following no further than ``os.stat`` does."""
    stat = os.stat(path)
    return stat.st_size, stat.st_mtime_ns
