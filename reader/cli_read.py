"""``papers mark-read`` and ``papers read-state export|import``: read state from the command line.

``mark-read`` marks a day's papers, every paper, or papers by key or arXiv id read (``--unread``:
unread again), in one write of ``read.json``. ``read-state export`` prints (or writes) the
read state as JSON; ``read-state import FILE`` adds the papers read in such a file (another
machine's export, or its ``read.json``): nothing read here becomes unread.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from reader.core.errors import ReaderError, StoreError
from reader.core.library import Library
from reader.core.readstate import read_export
from reader.core.storage import atomic_write_text

AddDumps = Callable[..., None]
OpenLibrary = Callable[[Sequence[Path] | None], Library]
Sync = Callable[[Library], object]


def add_read_commands(commands: Any, add_dumps: AddDumps) -> None:
    """``papers mark-read`` and ``papers read-state export|import``."""
    mark = commands.add_parser("mark-read", help="mark a day, every paper, or papers by key read")
    mark.add_argument("targets", nargs="*", metavar="DAY|KEY", help="days (YYYY-MM-DD) and paper keys or arXiv ids")
    mark.add_argument("--all", action="store_true", help="every paper in the library")
    mark.add_argument("--unread", action="store_true", help="mark them unread instead")
    add_dumps(mark)
    state = commands.add_parser("read-state", help="export or import the read state (to move it between machines)")
    actions = state.add_subparsers(dest="read_state_command", metavar="ACTION", required=True)
    export = actions.add_parser("export", help="print the read state as JSON (or write it with -o)")
    export.add_argument("-o", "--output", type=Path, help="write to this file instead of stdout")
    importer = actions.add_parser("import", help="add the papers read in an exported file")
    importer.add_argument("file", type=Path, metavar="FILE")


def cmd_mark_read(args: argparse.Namespace, open_library: OpenLibrary, sync: Sync) -> int:
    """``papers mark-read DAY|--all|KEY...``."""
    if not args.all and not args.targets:
        raise ReaderError("name a day (YYYY-MM-DD), a paper key or arXiv id, or --all")
    library = open_library(args.dumps)
    sync(library)
    keys = library.keys() if args.all else _keys_of(library, args.targets)
    changed = library.mark_read(keys, read=not args.unread)
    state = "unread" if args.unread else "read"
    print(f"{changed} of {len(keys)} papers marked {state}; {library.unread_counts().total} unread in all")
    return 0


def _keys_of(library: Library, targets: Sequence[str]) -> list[str]:
    keys: list[str] = []
    days = {day.date for day in library.days()}
    for target in targets:
        try:
            day: dt.date | None = dt.date.fromisoformat(target)
        except ValueError:
            day = None
        if day is not None:
            if day not in days:
                raise ReaderError(f"no papers are listed on {target}")
            keys += library.keys(day)
        else:
            keys.append(library.find_paper(target).key)
    return list(dict.fromkeys(keys))


def cmd_read_state(args: argparse.Namespace) -> int:
    """``papers read-state export [-o FILE]`` and ``papers read-state import FILE``."""
    from reader.core import paths
    from reader.core.readstate import ReadStore

    store = ReadStore(paths.read_state_file())
    if args.read_state_command == "export":
        text = store.export()
        if args.output is None:
            sys.stdout.write(text)
        else:
            atomic_write_text(args.output, text)
            print(f"{len(store)} read papers written to {args.output}", file=sys.stderr)
        return 0
    try:
        data = args.file.read_bytes()
    except OSError as error:
        raise StoreError(f"cannot read {args.file}: {error.strerror or error}") from None
    marks = read_export(data, args.file.name)
    added = store.merge(marks)
    print(f"{added} papers newly read, of {len(marks)} in {args.file.name}; {len(store)} read in all")
    return 0
