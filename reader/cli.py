"""The ``papers`` command line: open the reader, index (and watch), search, similar, stats, add, fetch,
bookmarks.

The reader's UI is imported only when it is opened, so the scripting commands start fast.
Exit codes: 0 when the index is usable, 1 when nothing could be indexed or a command
failed, 2 for usage errors. User errors print one line, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import shutil
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from reader import __version__
from reader.cli_bookmarks import add_bookmark_commands, cmd_bookmarks
from reader.cli_output import papers_in_order, print_json, print_ranked
from reader.cli_read import add_read_commands, cmd_mark_read, cmd_read_state
from reader.core import paths, settings
from reader.core.discovery import display_path
from reader.core.errors import FetchError, QueryError, ReaderError
from reader.core.fetch import fetch, fetch_folder, plan_days
from reader.core.library import Library
from reader.core.models import SORT_NAMES, Sort, SyncReport
from reader.core.terminal import SafeStream, safe_output
from reader.core.text import terminal_safe
from reader.core.watch import day_changes, watch, watchable

COMMANDS = ("open", "index", "search", "similar", "stats", "add", "fetch", "bookmarks", "mark-read", "read-state")
EPILOG = """\
commands:
  papers [PATH...]          open the reader on the library folders, or on PATHs
  papers --demo             open the reader on the bundled demo dumps
  papers index              sync the index with the dump folders and print a summary
  papers index --watch      then sync each change to the folders, one line per change
  papers search QUERY       print ranked search results
  papers similar KEY        print the papers most like one paper (KEY or arXiv id)
  papers stats              print papers, listings and each day with its paper count
  papers add FILE...        copy dumps into the default library folder
  papers fetch [DATE...]    save days of the HF API list into the library (hf-api/)
  papers bookmarks          list bookmarks with their tags and notes (--tag T: one tag)
  papers bookmarks export   --format md|bibtex|json|csljson|ris [--tag T] [-o FILE]
  papers mark-read DAY|KEY  mark a day's papers (or papers by key, or --all) read; --unread undoes
  papers read-state export  print the read state as JSON (-o FILE); 'import FILE' adds one

query syntax: words (all must match), "exact phrase", OR, NOT, (groups), prefix*,
fuzzy~, title:, abstract:, author:, org:, day:2025-12-16, year:2024, upvotes:>10,
comments:>=5, and your own marks: is:bookmarked, is:read, is:unread, tag:agents,
note:word, has:note, has:tags.

The library folders come from 'dumps = [...]' in config.toml in the user config dir
(default: the 'dumps' folder in the user data dir). Run 'papers COMMAND --help' for more.
"""


class CliError(Exception):
    """A user error reported as one line with exit code ``code``."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def _add_dumps_option(parser: argparse.ArgumentParser, *, nested: bool = False) -> None:
    """``--dumps``; ``nested`` for a sub-subcommand, so it does not reset its parent's value."""
    parser.add_argument(
        "--dumps",
        action="append",
        type=Path,
        metavar="PATH",
        default=argparse.SUPPRESS if nested else None,
        help="a dump file or folder (repeatable; default: the library folders from config.toml)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every command."""
    parser = argparse.ArgumentParser(
        prog="papers",
        description="A keyboard-driven terminal reader for Hugging Face Daily Papers dumps.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"papers {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    opener = commands.add_parser("open", help="open the reader (the default command)")
    opener.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="dump files or folders to open")
    opener.add_argument("--demo", action="store_true", help="open the bundled demo dumps")
    _add_dumps_option(opener)

    index = commands.add_parser("index", help="sync the index with the dump folders and print a summary")
    index.add_argument("--rebuild", action="store_true", help="rebuild the index from scratch")
    index.add_argument("--json", action="store_true", help="machine-readable output")
    index.add_argument(
        "--watch", action="store_true", help="then keep watching the folders and sync each change (Ctrl-C stops)"
    )
    _add_dumps_option(index)

    search = commands.add_parser("search", help="print ranked search results")
    search.add_argument("query", nargs="*", help="the query (syntax: papers --help; -is:read is a query word)")
    search.add_argument("--limit", type=int, default=10, metavar="N", help="at most N results (default 10)")
    search.add_argument(
        "--sort",
        type=Sort.named,
        default=Sort.PAGE,
        metavar="|".join(SORT_NAMES),
        help="relevance (or page: the default), upvotes (popular, comments), published, or title",
    )
    search.add_argument("--json", action="store_true", help="a JSON array of papers, best first")
    search.add_argument("--unread", action="store_true", help="only papers not read yet (as is:unread)")
    _add_dumps_option(search)

    similar = commands.add_parser("similar", help="print the papers most like one paper")
    similar.add_argument("paper", metavar="KEY|ARXIV_ID", help="the paper's key or arXiv id")
    similar.add_argument("--limit", type=int, default=10, metavar="N", help="at most N papers (default 10)")
    similar.add_argument("--json", action="store_true", help="a JSON array of papers, most alike first")
    _add_dumps_option(similar)

    stats = commands.add_parser("stats", help="print papers, listings and each day with its paper count")
    stats.add_argument("--json", action="store_true", help="machine-readable output")
    _add_dumps_option(stats)

    add = commands.add_parser("add", help="copy dump files into the default library folder")
    add.add_argument("files", nargs="+", type=Path, metavar="FILE")

    fetcher = commands.add_parser("fetch", help="save days of the Hugging Face API list into the library")
    fetcher.add_argument("dates", nargs="*", metavar="DATE", help="days to fetch, YYYY-MM-DD")
    fetcher.add_argument("--since", metavar="DATE", help="every day from DATE to today")
    fetcher.add_argument("--days", type=int, metavar="N", help="the last N days, today included")
    fetcher.add_argument("--json", action="store_true", help="print what was done as JSON")
    _add_dumps_option(fetcher)

    add_bookmark_commands(commands, _add_dumps_option)
    add_read_commands(commands, _add_dumps_option)
    return parser


_OPENED: list[Library] = []
"""Libraries a command opened, closed when it ends (a temporary index folder goes with them)."""


def _library(dumps: Sequence[Path] | None) -> Library:
    library = Library.from_config(dumps)
    _OPENED.append(library)
    return library


def _raw(stream: TextIO) -> TextIO:
    """The stream under the output boundary, for the progress line's own ``\\r`` only."""
    return stream.stream if isinstance(stream, SafeStream) else stream


def _clear_progress() -> None:
    _raw(sys.stderr).write("\r" + " " * 60 + "\r")


def _progress_printer(stream: TextIO) -> Any:
    if not stream.isatty():
        return None
    raw = _raw(stream)  # "\r" returns to the line start

    def show(phase: str, done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        raw.write(f"\r{phase:<9} [{'#' * filled}{'.' * (width - filled)}] {done}/{total} ")
        raw.flush()

    return show


def _report_json(report: SyncReport) -> dict[str, Any]:
    return {
        "files": {
            "new": report.new,
            "changed": report.changed,
            "unchanged": report.unchanged,
            "removed": report.removed,
            "failed": [{"path": failure.path, "reason": failure.reason} for failure in report.failed],
        },
        "listings": report.listings,
        "papers": report.papers,
        "seconds": report.seconds,
    }


def _sync(library: Library, *, rebuild: bool = False, progress: bool = False) -> SyncReport:
    printer = _progress_printer(sys.stderr) if progress else None
    report = library.sync(printer, rebuild=rebuild)
    if printer is not None:
        _clear_progress()
    for notice in report.notices:
        print(f"papers: {notice}", file=sys.stderr)
    return report


def cmd_index(args: argparse.Namespace) -> int:
    """``papers index``."""
    library = _library(args.dumps)
    report = _sync(library, rebuild=args.rebuild, progress=not args.json)
    if args.json and args.watch:
        print(json.dumps(_report_json(report), ensure_ascii=False), flush=True)
    elif args.json:
        print(json.dumps(_report_json(report), indent=2, ensure_ascii=False))
    else:
        print(
            f"files: {report.new} new, {report.changed} changed, {report.unchanged} unchanged, "
            f"{report.removed} removed, {len(report.failed)} failed"
        )
        print(f"{report.listings} listings of {report.papers} papers in {report.seconds:.2f} s")
        for failure in report.failed:
            print(f"  could not use {failure.path}: {failure.reason}")
    if report.papers == 0:
        print("papers: nothing could be indexed (see 'papers add' and 'papers --help')", file=sys.stderr)
        if not args.watch:
            return 1
    return _watch(library, as_json=args.json) if args.watch else 0


def _watch(library: Library, *, as_json: bool) -> int:
    """``papers index --watch``: sync each settled batch of changes until Ctrl-C or SIGTERM."""
    targets = watchable(library.roots)
    if not targets:
        raise CliError("none of the library folders exists yet: nothing to watch")
    sys.stdout.flush()
    before = library.days()

    def changed(batch: set[Path]) -> None:
        nonlocal before
        report = _sync(library)
        after = library.days()
        days = day_changes(before, after)
        before = after
        failed = [failure for failure in report.failed if Path(failure.path).resolve() in batch]
        if not (days or failed or report.new or report.changed or report.removed):
            return
        if as_json:
            payload = _report_json(report) | {
                "days": [{"date": c.day.isoformat(), "before": c.before, "after": c.after} for c in days]
            }
            print(json.dumps(payload, ensure_ascii=False), flush=True)
            return
        for change in days:
            print(change.describe(), flush=True)
        if report.new or report.changed or report.removed:
            print(f"files: {report.new} new, {report.changed} changed, {report.removed} removed", flush=True)
        for failure in failed:
            print(f"  could not use {failure.path}: {failure.reason}", flush=True)

    def ready() -> None:
        changed(set())  # what came in while the watch was being set up
        where = ", ".join(display_path(target) for target in targets)
        print(f"papers: watching {where} (Ctrl-C stops)", file=sys.stderr, flush=True)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())  # a service manager's stop: end as Ctrl-C does
    with contextlib.suppress(KeyboardInterrupt):
        watch(library.roots, changed, stop, on_ready=ready)
    print("papers: stopped watching", file=sys.stderr)
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    """``papers search``."""
    if args.limit < 1:
        raise CliError("--limit must be at least 1", 2)
    library = _library(args.dumps)
    _sync(library)
    query = " ".join(args.query) + (" is:unread" if args.unread else "")
    try:
        result = library.search(query, limit=args.limit, sort=args.sort)
    except QueryError as error:
        raise CliError(str(error), 2) from None
    papers = papers_in_order(library, result.keys)
    if args.json:
        print_json(papers)
        return 0
    if not papers:
        print(f"no papers match {query!r}")
        return 0
    about = "" if result.total_exact else "about "
    print(f"{about}{result.total} papers match {query!r}; the best {len(papers)}:\n")
    print_ranked(papers)
    return 0


def cmd_similar(args: argparse.Namespace) -> int:
    """``papers similar``."""
    if args.limit < 1:
        raise CliError("--limit must be at least 1", 2)
    library = _library(args.dumps)
    _sync(library)
    similar = library.similar(args.paper, limit=args.limit)
    papers = papers_in_order(library, similar.keys)
    if args.json:
        print_json(papers)
        return 0
    print(f"most like {similar.paper.title!r} ({similar.paper.key}):\n")
    print_ranked(papers)
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    """``papers stats``."""
    library = _library(args.dumps)
    _sync(library)
    papers, listings = library.counts()
    days = library.days()
    unread = library.unread_counts()
    if args.json:
        payload = {
            "papers": papers,
            "unread": unread.total,
            "listings": listings,
            "days": [
                {
                    "date": day.date.isoformat(),
                    "papers": day.paper_count,
                    "unread": unread.by_day.get(day.date, 0),
                    "guessed": day.guessed,
                }
                for day in days
            ],
        }
        print(json.dumps(payload, indent=2))
        return 0
    print(f"{papers} papers ({unread.total} unread), {listings} listings, {len(days)} days")
    for day in days:
        note = "  (date of the file: the dump has none)" if day.guessed else ""
        print(f"  {day.date.isoformat()}  {day.paper_count:>5}  {unread.by_day.get(day.date, 0):>5} unread{note}")
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    """``papers add``: copy dumps into the default library folder (never overwriting one)."""
    target = paths.default_dump_dir()
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CliError(f"cannot create {target}: {error.strerror or error}") from None
    failed = 0
    for source in args.files:
        if not source.is_file():
            print(f"papers: {source}: not a file", file=sys.stderr)
            failed += 1
            continue
        destination = target / source.name
        stem, suffix, number = destination.stem, destination.suffix, 1
        while destination.exists():
            number += 1
            destination = target / f"{stem}-{number}{suffix}"
        try:
            temporary = destination.with_name(f".{destination.name}.tmp")
            shutil.copyfile(source, temporary)
            os.replace(temporary, destination)
        except OSError as error:
            print(f"papers: {source}: {error.strerror or error}", file=sys.stderr)
            failed += 1
            continue
        print(f"added {destination}")
    return 1 if failed else 0


def _date_argument(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CliError(f"{text!r} is not a date: use YYYY-MM-DD", 2) from None


def cmd_fetch(args: argparse.Namespace) -> int:
    """``papers fetch``: save days of the HF API list into ``hf-api/`` in the library."""
    config = settings.load_settings()
    for problem in config.problems:
        print(f"papers: {problem}", file=sys.stderr)
    dates = [_date_argument(text) for text in args.dates]
    since = _date_argument(args.since) if args.since else None
    if sum((bool(dates), since is not None, args.days is not None)) > 1:
        raise CliError("give DATEs, --since or --days: one of them", 2)
    folder = fetch_folder(list(args.dumps) if args.dumps else settings.configured_roots())
    try:
        days = plan_days(folder, config.fetch, dates=dates, since=since, last=args.days)
    except FetchError as error:
        raise CliError(str(error), 2) from None
    printer = None if args.json else _progress_printer(sys.stderr)
    result = fetch(folder, days, config.fetch, progress=printer)
    if printer is not None:
        _clear_progress()
    if args.json:
        outcomes = [
            {"date": o.day.isoformat(), "status": o.status.value, "papers": o.papers, "reason": o.reason}
            for o in result.outcomes
        ]
        payload = {"folder": display_path(folder), "days": outcomes, "calls": result.calls, "seconds": result.seconds}
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        for outcome in result.outcomes:
            print(outcome.describe())
        print(f"{result.summary()}; files in {display_path(folder)}")
    return 1 if result.failed else 0


def cmd_open(args: argparse.Namespace) -> int:
    """``papers [PATH...]``, ``papers --demo``: open the reader."""
    if args.demo:
        roots = [paths.demo_dumps_dir()]
    elif args.paths or args.dumps:
        roots = list(args.paths) + list(args.dumps or [])
    else:
        roots = settings.configured_roots()
    from reader.ui.app import run

    return run(roots)


def _cmd_bookmarks(args: argparse.Namespace) -> int:
    """``papers bookmarks`` (``cli_bookmarks``) over the libraries this command closes when it ends."""
    return cmd_bookmarks(args, _library)


def _cmd_mark_read(args: argparse.Namespace) -> int:
    """``papers mark-read`` (``cli_read``)."""
    return cmd_mark_read(args, _library, _sync)


HANDLERS = {
    "open": cmd_open,
    "index": cmd_index,
    "search": cmd_search,
    "similar": cmd_similar,
    "stats": cmd_stats,
    "add": cmd_add,
    "fetch": cmd_fetch,
    "bookmarks": _cmd_bookmarks,
    "mark-read": _cmd_mark_read,
    "read-state": cmd_read_state,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if not arguments or (arguments[0] not in COMMANDS and arguments[0] not in ("-h", "--help", "--version")):
        arguments.insert(0, "open")
    with safe_output():
        try:
            args = _parse(arguments)
        except SystemExit as done:  # --help, --version, or a usage error already printed
            return done.code if isinstance(done.code, int) else 2
        if args.command != "open":
            return _run(args)
    return _run(args)


def _parse(arguments: list[str]) -> argparse.Namespace:
    """The parsed command line; a search's words that start with ``-`` (``-is:read``) are query words."""
    parser = build_parser()
    args, unknown = parser.parse_known_args(arguments)
    if args.command == "search":  # (parser.error exits: an empty query goes no further)
        args.query = [*args.query, *unknown] or parser.error("search needs a query (papers search diffusion)")
    elif unknown:
        parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    return args


def _run(args: argparse.Namespace) -> int:
    """Run one command: user errors become one line and an exit code, never a traceback."""
    try:
        return HANDLERS[args.command](args)
    except CliError as error:
        print(terminal_safe(f"papers: {error}"), file=sys.stderr)
        return error.code
    except ReaderError as error:
        print(terminal_safe(f"papers: {error}"), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader of our output went away (`papers search x | head`): stop quietly,
        # and keep Python from complaining again when it flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    finally:
        while _OPENED:
            _OPENED.pop().close()


if __name__ == "__main__":
    raise SystemExit(main())
