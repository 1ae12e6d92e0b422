"""A search in the reader against two other terminal readers, on the same papers, in tmux.

``python -m benchmarks.peersearch [--papers 10000] [--runs 5]`` writes the benchmark
archive's papers in each peer's own format (as ``benchmarks.peers`` does), starts each
reader once in tmux (120x36) with state of its own, and for each query opens its search,
waits for the prompt, sends the query and Enter in one write (as a paste would) and times
until the screen shows that query's results: ``Search: QUERY ·`` in papers' list title,
newsboat's "Search results" title, arxiv-subscription-viewer's ``N/M matching "QUERY"``.
The readers take turns on every run. The peers are benchmark-only: point ``ASV`` at
arxiv-subscription-viewer's ``arxiv-viewer`` (Python 3.13 or later) and install Debian's
``newsboat``; one that is absent is skipped with a note.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from statistics import median

from benchmarks.peers import same_papers
from benchmarks.run import HERE

QUERIES = ("quantization", "model", '"video generation"')
"""A rare word, a common one and a two-word phrase (the issue's three)."""
TMUX = ("tmux", "-L", "papers-peersearch")
"""A tmux server of the benchmark's own."""


@dataclass(frozen=True)
class Peer:
    """How to start one reader, search in it and leave the search again."""

    name: str
    command: str
    ready: re.Pattern[str]
    open_keys: tuple[str, ...]
    prompt: re.Pattern[str]
    results: Callable[[str], re.Pattern[str]]
    close_keys: tuple[str, ...]
    closed: re.Pattern[str]
    dismiss: tuple[str, ...] = ()
    spelled: Callable[[str], str] = str
    """The query as this reader writes it (newsboat matches text as written: no quotes)."""


def _screen(session: str) -> str:
    return subprocess.run([*TMUX, "capture-pane", "-p", "-t", session], capture_output=True, text=True).stdout


def _keys(session: str, *keys: str, literal: bool = False) -> None:
    subprocess.run([*TMUX, "send-keys", "-t", session, *(["-l"] if literal else []), *keys], check=True)


def _wait(session: str, pattern: re.Pattern[str], limit: float = 120.0) -> float:
    """Seconds until the screen matches ``pattern`` (polled every 5 ms)."""
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        if pattern.search(_screen(session)):
            return time.perf_counter() - started
        time.sleep(0.005)
    raise TimeoutError(f"{session}: no {pattern.pattern!r} within {limit:.0f} s:\n{_screen(session)}")


class Session:
    """One reader running in tmux until closed."""

    def __init__(self, peer: Peer) -> None:
        self.peer = peer
        self.name = re.sub(r"\W", "-", peer.name)
        subprocess.run([*TMUX, "new-session", "-d", "-s", self.name, "-x", "120", "-y", "36", peer.command], check=True)
        _wait(self.name, peer.ready, limit=300)
        for key in peer.dismiss:
            time.sleep(1.0)
            _keys(self.name, key)
        time.sleep(1.0)  # whatever the reader does after its first screen

    def search(self, query: str) -> float:
        """Seconds from the query and Enter sent to its results on the screen."""
        _keys(self.name, *self.peer.open_keys)
        _wait(self.name, self.peer.prompt)
        time.sleep(0.3)
        started = time.perf_counter()
        _keys(self.name, self.peer.spelled(query) + "\r", literal=True)
        _wait(self.name, self.peer.results(query), limit=60)
        took = time.perf_counter() - started
        time.sleep(0.3)
        _keys(self.name, *self.peer.close_keys)
        _wait(self.name, self.peer.closed)
        time.sleep(0.5)
        return took

    def close(self) -> None:
        subprocess.run([*TMUX, "kill-session", "-t", self.name], capture_output=True, check=False)


def peers(scratch: Path, corpus: Path, count: int) -> tuple[list[Peer], list[str]]:
    """The readers to compare (papers first) and a note for each peer that is absent."""
    papers_command = Path(sys.executable).with_name("papers")
    state = " ".join(f"PAPERS_{kind}_DIR={scratch / 'papers' / kind}" for kind in ("DATA", "CACHE", "CONFIG", "STATE"))
    found = [
        Peer(
            "papers",
            f"env {state} {papers_command} {corpus}",
            re.compile(r"\w{3} \d{1,2}, \d{4} · \d+ papers"),
            ("/", "End", "C-u"),
            re.compile(r"⌕"),
            lambda query: re.compile(rf"Search: {re.escape(query)} · [\d,]+ "),
            ("Escape",),
            re.compile(r"\w{3} \d{1,2}, \d{4} · \d+ papers"),
        )
    ]
    notes = []
    asv = os.environ.get("ASV") or shutil.which("arxiv-viewer")
    if asv:
        found.append(
            Peer(
                "arxiv-subscription-viewer",
                f"env HOME={scratch / 'asv-home'} {asv} browse --input {scratch / 'arxiv.txt'}",
                re.compile(r"Welcome to arXiv Viewer"),
                ("/",),
                re.compile(r"SEARCH\s+type to search"),
                lambda query: re.compile(rf'\d+/{count} matching "{re.escape(query)}"'),
                ("Escape", "/", "End", "C-u", "Enter", "Escape"),
                re.compile(rf"{count} papers\s+│\s+Sort"),
                dismiss=("Escape",),
            )
        )
    else:
        notes.append("arxiv-subscription-viewer is not installed (it needs Python 3.13; set ASV): skipped")
    if shutil.which("newsboat"):
        listing = scratch / "urls"
        found.append(
            Peer(
                "newsboat",
                f"newsboat -r -u {listing} -c {scratch / 'newsboat.db'}",
                re.compile(r"Your feeds \(([1-9]\d*) unread, \1 total\)"),
                ("/",),
                re.compile(r"Search for:"),
                lambda _query: re.compile(r"Search results \(\d+ unread, \d+ total\)"),
                ("q",),
                re.compile(r"Your feeds \("),
                spelled=lambda query: query.replace('"', ""),
            )
        )
    else:
        notes.append("newsboat is not installed (`apt-get install newsboat`): skipped")
    return found, notes


def main(argv: Sequence[str] | None = None) -> int:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.peersearch", description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--query", action="append", help="a query (default: a rare word, a common one, a phrase)")
    parser.add_argument("--reader", action="append", help="only these readers (by name; default: all)")
    parser.add_argument("--work", type=Path, default=HERE / ".work")
    args = parser.parse_args(argv)
    if shutil.which("tmux") is None:
        print("tmux is not installed: nothing measured")
        return 1
    corpus, scratch, papers = same_papers(args.work, args.papers, "papers")
    readers, notes = peers(scratch, corpus.directory, len(papers))
    readers = [peer for peer in readers if not args.reader or peer.name in args.reader]
    queries = args.query or list(QUERIES)
    times: dict[tuple[str, str], list[float]] = {}
    sessions = [Session(peer) for peer in readers]
    try:
        for _ in range(args.runs):
            for query in queries:
                for session in sessions:
                    times.setdefault((session.peer.name, query), []).append(session.search(query))
    finally:
        for session in sessions:
            session.close()
    names = [peer.name for peer in readers]
    head = f"query, {len(papers):,} papers: Enter to results painted (s, median of {args.runs})"
    print(f"| {head} | {' | '.join(names)} |")
    print("|---|" + "---|" * len(names))
    for query in queries:
        print(f"| `{query}` | " + " | ".join(f"{median(times[name, query]):.3f}" for name in names) + " |")
    for note in notes:
        print(f"\n{note}")
    shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
