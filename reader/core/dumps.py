"""Reading one dump file into records: parse it, then settle each listing's day.

The day of a listing: a full date the dump carries wins; then a date in the file name;
then the page's day header, its year taken from the dump itself (``capture_year``), else
from the file's date; else the file's modification date (and the day says so). Published
dates printed without a year take the same capture year.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from reader.core.dates import date_in_filename
from reader.core.errors import ParseError
from reader.core.models import DaySource, Entry
from reader.core.parsers import DumpSource, parse_source
from reader.core.text import clean, has_control

MAX_DUMP_BYTES = 64 * 1024 * 1024
MAX_TITLE_CHARS = 1_000
MAX_ABSTRACT_CHARS = 20_000
"""Longer text is cut (with "…"): no real abstract comes near it, and it keeps the UI fast."""
MAX_COUNT = 2**31 - 1
"""Counts (upvotes, comments, stars, authors) above this are dropped: the index keeps them in
32-bit columns."""
_URL_FIELDS = frozenset({"github_repo", "project_page"})
_TEXT_TUPLES = frozenset({"authors", "keywords"})


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


READ_SECONDS = 10.0
"""A dump not read in this time is given up (a file that blocks on read, like ``/proc/kmsg``)."""


def read_bytes(path: Path) -> bytes:
    """The file's bytes; ``ParseError`` with a one-line reason when it cannot be read.

    The file is opened without blocking and must still be a regular file once open; the
    read runs in a daemon thread given ``READ_SECONDS``, so a file that never answers costs
    that file only, and quitting never waits for it.
    """
    try:
        size = path.stat().st_size
        if size > MAX_DUMP_BYTES:
            raise ParseError(f"too large ({size // (1024 * 1024)} MB; the limit is 64 MB)")
        descriptor = open_descriptor(path)
    except PermissionError:
        raise ParseError("permission denied") from None
    except FileNotFoundError:
        raise ParseError("file vanished while being read") from None
    except IsADirectoryError:
        raise ParseError("is a directory") from None
    except OSError as error:
        raise ParseError(f"cannot read: {error.strerror or error}") from None
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise ParseError("not a regular file (FIFO, socket or device)")
    except BaseException:
        os.close(descriptor)
        raise
    return _read_in_time(descriptor)


def _read_in_time(descriptor: int) -> bytes:
    """Read the open file (then close it) in a daemon thread, waiting ``READ_SECONDS``."""
    outcome: list[bytes | OSError] = []

    def work() -> None:
        try:
            with open(descriptor, "rb") as handle:
                outcome.append(read_all(handle, MAX_DUMP_BYTES + 1))
        except OSError as error:
            outcome.append(error)

    worker = threading.Thread(target=work, name="papers-read", daemon=True)
    worker.start()
    worker.join(READ_SECONDS)
    if not outcome:
        raise ParseError(f"gave up reading after {READ_SECONDS:g} s (a device or special file?)")
    result = outcome[0]
    if isinstance(result, bytes):
        return result
    if isinstance(result, BlockingIOError):
        raise ParseError("cannot read: it would block (a device or special file?)")
    raise ParseError(f"cannot read: {result.strerror or result}")


def open_descriptor(path: Path) -> int:
    """Open ``path`` for reading without blocking (a FIFO or device never hangs the open)."""
    return os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))


def read_all(handle: BinaryIO, limit: int) -> bytes:
    """Up to ``limit`` bytes of an open file (a seam for tests of files that block)."""
    return handle.read(limit)


def read_dump(path: Path, data: bytes, mtime: float) -> ReadDump:
    """Parse ``data`` (the bytes of ``path``) and resolve every listing's day and dates."""
    parsed = parse_source(DumpSource(path, data))
    file_day = date_in_filename(path.name)
    modified = _mtime_day(mtime)
    year = parsed.capture_year or (file_day or modified or dt.date.today()).year
    records = []
    ranks: dict[dt.date, int] = {}
    for entry in map(_sane, parsed.entries):
        day, source = _listing_day(entry, file_day, year, modified)
        ranks[day] = ranks.get(day, 0) + 1
        published = entry.published.resolve(year) if entry.published else None
        records.append(Record(entry, day, source, ranks[day], published))
    return ReadDump(parsed.parser, tuple(records))


def _mtime_day(mtime: float) -> dt.date | None:
    """The local date of a modification time; None when it is no date (year 10000, NaN...)."""
    try:
        return dt.date.fromtimestamp(mtime)
    except (OverflowError, ValueError, OSError):
        return None


def _sane(entry: Entry) -> Entry:
    """The entry with every value the catalog, the index and a terminal can hold.

    Whatever the parser let through (a JSON ``"\\u001b"`` or ``"\\ud800"``, an RSS
    ``&#x9b;``, a count of 10^11): text loses its control characters, a link holding one is
    dropped (never shown, never opened), a count out of range is unknown, and overlong
    titles and abstracts are cut.
    """
    changes: dict[str, object] = {}
    for name in Entry.__slots__:
        value = getattr(entry, name)
        new: object = value
        if isinstance(value, str):
            new = (None if has_control(value) else clean(value)) if name in _URL_FIELDS else clean(value)
        elif name == "urls":
            new = tuple(clean(url) for url in value if not has_control(url))
        elif name in _TEXT_TUPLES:
            new = tuple(clean(item) for item in value)
        elif isinstance(value, int) and not isinstance(value, bool) and not 0 <= value <= MAX_COUNT:
            new = None
        if new != value:
            changes[name] = new
    title, abstract = changes.get("title", entry.title), changes.get("abstract", entry.abstract)
    if isinstance(title, str) and len(title) > MAX_TITLE_CHARS:
        changes["title"] = _cut(title, MAX_TITLE_CHARS)
    if isinstance(abstract, str) and len(abstract) > MAX_ABSTRACT_CHARS:
        changes["abstract"] = _cut(abstract, MAX_ABSTRACT_CHARS)
    return replace(entry, **changes) if changes else entry  # type: ignore[arg-type]


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _listing_day(
    entry: Entry, file_day: dt.date | None, year: int, modified: dt.date | None
) -> tuple[dt.date, DaySource]:
    if entry.day is not None:
        return entry.day, DaySource.DUMP
    if file_day is not None:
        return file_day, DaySource.FILENAME
    if entry.header_day is not None:
        header = entry.header_day.resolve(year)
        if header is not None:
            return header, DaySource.HEADER
    if modified is None:
        raise ParseError("no date in the dump or its name, and its modification time is not a date")
    return modified, DaySource.MTIME


def file_signature(path: Path) -> tuple[int, int]:
    """(size, mtime in ns) of a file, following no further than ``os.stat`` does."""
    stat = os.stat(path)
    return stat.st_size, stat.st_mtime_ns
