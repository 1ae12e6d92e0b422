"""``papers bookmarks``: list the bookmarks with their tags and notes, or export them.

Both work without ``--dumps``: a bookmark carries its title, link, arXiv id, authors and
dates, and a paper the library lists is shown as the dumps know it. Only with ``--dumps``
does the list say which bookmarked papers those dumps no longer list.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from reader.core.citations import byline
from reader.core.export import FORMAT_NAMES, FORMATS, bookmarked_citations, export_bookmarks, export_file_name
from reader.core.latex import readable
from reader.core.library import Library
from reader.core.storage import atomic_write_text

AddDumps = Callable[..., None]
"""Adds the ``--dumps`` option to a parser (``nested`` for a sub-subcommand)."""
OpenLibrary = Callable[[Sequence[Path] | None], Library]


def add_bookmark_commands(commands: Any, add_dumps: AddDumps) -> None:
    """``papers bookmarks [list|export]`` and their options."""
    bookmarks = commands.add_parser("bookmarks", help="list or export bookmarks, with their tags and notes")
    bookmark_commands = bookmarks.add_subparsers(dest="bookmarks_command", metavar="ACTION")
    lister = bookmark_commands.add_parser("list", help="list bookmarks, newest first (the default)")
    add_dumps(lister, nested=True)
    _add_tag_option(lister, nested=True)
    export = bookmark_commands.add_parser("export", help="export bookmarks with their tags and notes")
    add_dumps(export, nested=True)
    _add_tag_option(export, nested=True)
    formats = ", ".join(f"{fmt} ({name})" for fmt, name in FORMAT_NAMES.items())
    export.add_argument("--format", choices=FORMATS, default="md", help=f"{formats}; default md")
    export.add_argument(
        "-o",
        "--output",
        type=Path,
        help="write to this file (or to bookmarks.<suffix> in this folder) instead of stdout",
    )
    add_dumps(bookmarks)
    _add_tag_option(bookmarks)


def _add_tag_option(parser: argparse.ArgumentParser, *, nested: bool = False) -> None:
    parser.add_argument(
        "--tag",
        metavar="TAG",
        default=argparse.SUPPRESS if nested else None,
        help="only the papers with this tag (case does not matter)",
    )


def cmd_bookmarks(args: argparse.Namespace, open_library: OpenLibrary) -> int:
    """``papers bookmarks [list|export] [--tag T]``."""
    library = open_library(args.dumps)
    for problem in (library.bookmarks.problem, library.saved_searches.problem):
        if problem:
            print(f"papers: {problem}", file=sys.stderr)
    tag = args.tag
    if args.bookmarks_command == "export":
        text = export_bookmarks(library, args.format, tag)
        if args.output:
            output = args.output / export_file_name(args.format, tag) if args.output.is_dir() else args.output
            atomic_write_text(output, text)
            count = len(bookmarked_citations(library, tag))
            print(f"wrote {count} bookmark{'' if count == 1 else 's'} to {output}")
        else:
            sys.stdout.write(text)
        return 0
    citations = bookmarked_citations(library, tag)
    if not citations:
        print(f"no bookmark tagged {tag!r}" if tag else "no bookmarks yet: press b on a paper in the reader")
    for citation, _ in citations:
        paper = citation.paper
        missing = "  (no longer in these dumps)" if args.dumps and paper.missing else ""
        print(f"★ {readable(paper.title)}{missing}")
        details = [byline(paper.authors), str(citation.year or "")]
        if any(details):
            print("  " + " · ".join(part for part in details if part))
        print(f"  {paper.url}" if paper.url else "  (no link)")
        if citation.tags:
            print("  tags: " + ", ".join(citation.tags))
        for line in citation.note.split("\n") if citation.note else ():
            print(f"  > {line}".rstrip())
    return 0
