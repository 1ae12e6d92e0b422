"""Read state at scale: what the left pane's unread counts cost at 100,000 papers with
50,000 read, against what the left pane already costs (the days and their paper counts).

Measured, not asserted. Run from the project root::

    python -m benchmarks.unread                   # 100,000 papers, half of them read
    python -m benchmarks.unread --papers 10000

It builds the benchmark archive's catalog (the search index is left unbuilt: the counts never
search), marks every other paper read in one write, then times, as medians of ``--runs``:

* **days**: ``Library.days()``, what the left pane reads before read state existed (the
  reference: the first paint waits for it);
* **counts, first**: ``unread_counts()`` in a new ``Library`` (``read.json`` read, the read
  marks' current keys looked up, every (day, key) pair read);
* **counts after A**: ``mark_read`` of one day's 50 papers (one write of the file) and the
  counts again (what the reader does after ``A`` on a day);
* **one mark**: ``mark_read`` of one paper (what auto-read costs, off the UI thread).

The result goes to ``RESULTS-unread.md``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from benchmarks.corpus import generate
from reader.core.library import Library

HERE = Path(__file__).resolve().parent
SEEDS = HERE.parent.parent / "shared" / "seeds"


def timed(action: Callable[[], object], runs: int) -> float:
    """The median milliseconds of ``action`` over ``runs`` runs."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main(argv: Sequence[str] | None = None) -> int:
    """Build, mark half read, time; print and write ``--output``."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.unread", description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, default=HERE / ".work")
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS-unread.md")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    corpus = generate(args.work, args.papers, SEEDS if SEEDS.is_dir() else None)
    index_dir = args.work / f"unread-index-{args.papers}"
    read_path = args.work / f"unread-read-{args.papers}.json"
    read_path.unlink(missing_ok=True)

    def open_library() -> Library:
        return Library(
            [corpus.directory], index_dir=index_dir, read_path=read_path, bookmarks_path=read_path.with_suffix(".b")
        )

    library = open_library()
    library.sync(defer_index=True)
    keys = library.keys()
    started = time.perf_counter()
    library.mark_read(keys[::2])
    mark_half = (time.perf_counter() - started) * 1000
    lines = [
        "# Read state at scale",
        "",
        "`" + " ".join(["python -m benchmarks.unread", *(argv if argv is not None else sys.argv[1:])]) + "`",
        f"(load average at the start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)",
        "",
        f"{len(keys):,} papers on {len(library.days()):,} days, {len(library.read_state):,} read"
        f" (read.json {read_path.stat().st_size / 1e6:.1f} MB; marking them read in one write: {mark_half:.0f} ms)",
        "",
        "| what | median ms | against days() |",
        "|---|---:|---:|",
    ]
    days_ms = timed(library.days, args.runs)

    def first_counts() -> None:
        fresh = open_library()
        fresh.unread_counts()
        fresh.close()

    first_ms = timed(first_counts, args.runs)
    day_keys = [library.keys(day.date)[:50] for day in library.days()[: args.runs * 2]]
    batches = iter(day_keys)

    def after_a() -> None:
        library.mark_read(next(batches))
        library.unread_counts()

    library.unread_counts()
    after_ms = timed(after_a, args.runs)
    singles = iter(keys[1::2])
    one_ms = timed(lambda: library.mark_read([next(singles)]), args.runs)
    warm_ms = timed(library.unread_counts, args.runs)
    for name, value in (
        ("days() (the reference)", days_ms),
        ("unread counts, first (new Library)", first_ms),
        ("unread counts, kept", warm_ms),
        ("A on a day of 50, then the counts", after_ms),
        ("one mark (auto-read)", one_ms),
    ):
        lines.append(f"| {name} | {value:.1f} | {value / days_ms:.2f}x |")
    lines.append(f"\n(load average at the end: {os.getloadavg()[0]:.1f})")
    library.close()
    text = "\n".join(lines) + "\n"
    print(text)
    args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
