"""One sync's work on the files: each dump file read (or not) into the catalog, and the tally.

``Library.sync`` walks the files and calls ``sync_file`` for each: an unchanged file (same
size and mtime, or same content hash) is not read again, a changed one is parsed again, a
file that vanished is forgotten; whatever is wrong with one file costs that file only.
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from reader.core.catalog import Catalog, FileState, storable_ns
from reader.core.dumps import read_bytes, read_dump
from reader.core.errors import ParseError
from reader.core.models import FileFailure


@dataclass
class Tally:
    """What one sync did to the files, counted as it goes."""

    new: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: list[FileFailure] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    def count(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)


def sync_file(
    catalog: Catalog, path: Path, name: str, before: FileState | None, affected: set[str], titles: set[str]
) -> tuple[str, FileFailure | None]:
    """``_sync_file`` in a savepoint: whatever is wrong with one file costs that file only."""
    try:
        with catalog.savepoint():
            return _sync_file(catalog, path, name, before, affected, titles)
    except (ValueError, OverflowError, UnicodeError, sqlite3.InterfaceError, sqlite3.DataError) as error:
        return ("changed" if before else "new"), FileFailure(name, f"cannot be indexed: {error}")


def _sync_file(
    catalog: Catalog, path: Path, name: str, before: FileState | None, affected: set[str], titles: set[str]
) -> tuple[str, FileFailure | None]:
    """Read one file into the catalog if it changed: its outcome and its failure, if any."""
    try:
        info = path.stat()
    except FileNotFoundError:
        if before is not None:
            catalog.remove_file(name, affected, titles)
        return "removed", FileFailure(name, "file vanished while being indexed")
    except OSError as error:
        return ("changed" if before else "new"), FileFailure(name, error.strerror or str(error))
    mtime_ns = storable_ns(info.st_mtime_ns)
    if before is not None and before.size == info.st_size and before.mtime_ns == mtime_ns:
        return "unchanged", FileFailure(name, before.error) if before.error else None
    try:
        data = read_bytes(path)
    except ParseError as error:
        state = FileState(info.st_size, mtime_ns, "", None, str(error))
        catalog.replace_file(name, state, (), affected, titles)
        return ("changed" if before else "new"), FileFailure(name, str(error))
    digest = hashlib.sha1(data).hexdigest()
    if before is not None and before.digest == digest:
        catalog.touch_file(name, info.st_size, mtime_ns)
        return "unchanged", FileFailure(name, before.error) if before.error else None
    outcome = "changed" if before else "new"
    try:
        dump = read_dump(path, data, info.st_mtime)
    except ParseError as error:
        state = FileState(info.st_size, mtime_ns, digest, None, str(error))
        catalog.replace_file(name, state, (), affected, titles)
        return outcome, FileFailure(name, str(error))
    state = FileState(info.st_size, mtime_ns, digest, dump.parser, None)
    catalog.replace_file(name, state, dump.records, affected, titles)
    return outcome, None
