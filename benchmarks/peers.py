"""The first run against two other terminal readers, on the same papers, in a real terminal.

``python -m benchmarks.peers [--papers 10000] [--runs 3]`` writes the benchmark archive's
papers in each peer's own format (an arXiv e-mail digest for arxiv-subscription-viewer,
one RSS file a day for newsboat), then starts each reader in tmux (120x36) with state of its
own, runs interleaved, and times from the start to the first screen with papers on it:
for ``papers`` a new library (nothing indexed yet) until its first day is listed. The peers
are benchmark-only: ``pip install arxiv-subscription-viewer`` (Python 3.13 or later; set
``ASV`` to its ``arxiv-viewer`` command) and Debian's ``newsboat``; one that is absent is
skipped with a note.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from statistics import median
from typing import Any
from xml.sax.saxutils import escape

from benchmarks.corpus import generate
from benchmarks.run import HERE, SEEDS

DAY_ROW = re.compile(r"\w{3} \d{1,2}, \d{4}\s+\d+")
"""A day of the reader's left pane with its paper count."""
ASV_READY = re.compile(r"Paper Details · 1/\d+")
"""arxiv-subscription-viewer's detail pane showing the first of its papers."""
FEEDS_READ = re.compile(r"Your feeds \(([1-9]\d*) unread, \1 total\)")
"""newsboat's title once every feed has been read (each has unread papers then)."""


def tmux_time(
    name: str, command: str, ready: re.Pattern[str], limit: float = 300.0, dismiss: bool = False
) -> float | None:
    """Start ``command`` in a tmux session and the seconds until its screen matches ``ready``
    (``dismiss``: press escape now and then, for a first start's welcome dialog)."""
    started = time.perf_counter()
    session = ["tmux", "new-session", "-d", "-s", name, "-x", "120", "-y", "36", command]
    if subprocess.run(session, check=False).returncode:  # a tmux server that was just exiting
        time.sleep(0.5)
        started = time.perf_counter()
        subprocess.run(session, check=True)
    try:
        polls = 0
        while time.perf_counter() - started < limit:
            screen = subprocess.run(["tmux", "capture-pane", "-p", "-t", name], capture_output=True, text=True)
            if ready.search(screen.stdout):
                return time.perf_counter() - started
            polls += 1
            if dismiss and not polls % 25:
                subprocess.run(["tmux", "send-keys", "-t", name, "Escape"], check=False)
            time.sleep(0.02)
        return None
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True, check=False)


def write_digest(papers: Sequence[Any], path: Path) -> None:
    """The papers as one arXiv e-mail digest."""
    entries = []
    for number, paper in enumerate(papers):
        arxiv_id = paper.arxiv_id or f"2001.{number:05d}"
        authors = ", ".join(paper.authors) or "Unknown"
        entries.append(
            f"\\\\\narXiv:{arxiv_id}\nDate: Mon, 6 Jan 2020 00:00:00 GMT   (10kb)\n\nTitle: {paper.title}\n"
            f"Authors: {authors}\nCategories: cs.CL\n\\\\\n{paper.abstract}\n"
            f"\\\\ ( https://arxiv.org/abs/{arxiv_id} ,  10kb)\n"
        )
    path.write_text(("-" * 78 + "\n").join(entries), encoding="utf-8")


def write_feeds(papers: Sequence[Any], folder: Path) -> Path:
    """The papers as RSS, one feed a day (as the dumps are); the urls file listing them."""
    by_day: dict[str, list[Any]] = {}
    for paper in papers:
        by_day.setdefault(paper.days[0].isoformat() if paper.days else "undated", []).append(paper)
    urls = []
    for day, listed in sorted(by_day.items()):
        items = "".join(
            f"<item><title>{escape(paper.title)}</title><link>https://huggingface.co/papers/{escape(paper.key)}</link>"
            f"<guid>{escape(paper.key)}</guid><description>{escape(paper.abstract)}</description></item>"
            for paper in listed
        )
        feed = folder / f"{day}.xml"
        channel = f"<channel><title>Daily Papers {day}</title>{items}</channel>"
        feed.write_text(f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>', encoding="utf-8")
        urls.append(f"file://{feed}")
    listing = folder / "urls"
    listing.write_text("\n".join(urls) + "\n", encoding="utf-8")
    return listing


def same_papers(work: Path, count: int, state: str) -> tuple[Any, Path, list[Any]]:
    """The benchmark archive of ``count`` papers, a scratch folder holding it in each peer's
    format (``arxiv.txt``, ``urls`` and a feed a day), and its papers, read by a library
    whose state is ``scratch / state`` (indexed)."""
    corpus = generate(work, count, SEEDS)
    scratch = Path(tempfile.mkdtemp(prefix="papers-peers-"))
    from reader.core.library import Library

    for kind in ("data", "config", "cache", "state"):
        os.environ[f"PAPERS_{kind.upper()}_DIR"] = str(scratch / state / kind)
    library = Library.from_config([corpus.directory])
    library.sync()
    papers = list(library.catalog.all_papers())
    library.close()
    write_digest(papers, scratch / "arxiv.txt")
    write_feeds(papers, scratch)
    return corpus, scratch, papers


def main(argv: Sequence[str] | None = None) -> int:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.peers", description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=HERE / ".work")
    args = parser.parse_args(argv)
    if shutil.which("tmux") is None:
        print("tmux is not installed: nothing measured")
        return 1
    corpus, scratch, papers = same_papers(args.work, args.papers, "catalog")
    papers_command = Path(sys.executable).with_name("papers")
    commands: dict[str, tuple[str, re.Pattern[str]] | None] = {}
    notes = []

    def fresh_papers() -> str:
        state = Path(tempfile.mkdtemp(dir=scratch))
        env = " ".join(f"PAPERS_{kind}_DIR={state / kind}" for kind in ("DATA", "CACHE", "CONFIG", "STATE"))
        return f"env {env} {papers_command} {corpus.directory}"

    asv = os.environ.get("ASV") or shutil.which("arxiv-viewer")
    if asv:
        commands["arxiv-subscription-viewer"] = (
            f"env HOME={scratch / 'asv-home'} {asv} browse --input {scratch / 'arxiv.txt'}",
            re.compile(rf"Paper Details · 1/{len(papers)}\b"),
        )
        # Its first start shows a welcome dialog over the list: seen once, before the runs.
        tmux_time("peers-asv-welcome", commands["arxiv-subscription-viewer"][0], ASV_READY, dismiss=True)
    else:
        notes.append("arxiv-subscription-viewer is not installed (it needs Python 3.13): skipped")
    if shutil.which("newsboat"):
        listing = scratch / "urls"
        commands["newsboat"] = (f"newsboat -r -u {listing} -c {{cache}}", FEEDS_READ)
    else:
        notes.append("newsboat is not installed (`apt-get install newsboat`): skipped")
    times: dict[str, list[float]] = {"papers": [], **{name: [] for name in commands}}
    for run in range(args.runs):
        times["papers"].append(tmux_time(f"peers-papers-{run}", fresh_papers(), DAY_ROW) or float("nan"))
        for name, spec in commands.items():
            assert spec is not None
            command, ready = spec
            command = command.replace("{cache}", str(scratch / f"newsboat-{run}.db"))
            times[name].append(tmux_time(f"peers-{name[:8]}-{run}", command, ready) or float("nan"))
    print(f"| first run on {len(papers):,} papers, to the first screen with papers (s) | median | runs |")
    print("|---|---|---|")
    for name, values in times.items():
        print(f"| {name} | {median(values):.2f} | {', '.join(f'{value:.2f}' for value in values)} |")
    for note in notes:
        print(f"\n{note}")
    shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
