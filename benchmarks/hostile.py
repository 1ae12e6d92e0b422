"""Hostile queries at 10,000 papers: every query answered or refused, and how long it took.

Measured, not asserted (times depend on the machine). Run from the project root::

    python -m benchmarks.hostile                 # 10,000 papers, the fixed list and 300 random queries
    python -m benchmarks.hostile --papers 2000 --random 50

The fixed list holds the queries that once hung (``**``, ``model~5``, ``a~99999999999``,
``*a*``, ``a*``, a 1,600-word phrase, 200 fuzzy words OR-ed), word ranges, empty fields
and ``*``; the random ones are drawn (seeded) from the archive's words and the query syntax.
It prints each slow query, the maximum and the median, and how long a cancelled search
took to stop.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import statistics
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks.corpus import Words, generate
from reader.core.errors import QueryError, SearchCancelled
from reader.core.library import SEARCH_SECONDS, Library

HERE = Path(__file__).resolve().parent
SEEDS = HERE.parent.parent / "shared" / "seeds"
FIXED = [
    "**",
    "*",
    "title:*",
    "model~5",
    "a~99999999999",
    "*a*",
    "a*",
    "m*",
    "mo*",
    "model~2",
    "a~2",
    "[a TO z]",
    "title:[a TO zzzz]",
    "title:(",
    "title:",
    "author:",
    "abstract:",
    '"' + " ".join(["model"] * 1600) + '"',
    '"' + " ".join(["the model of"] * 10) + '"',
    " OR ".join(f"model{n}~" for n in range(200)),
    " OR ".join(["mod~2", "lan~2", "tra~2", "lea~2", "dif~2", "vid~2", "age~2", "ret~2"]),
    "NOT model",
    "upvotes:>0",
]
SYNTAX = ["{w}", "{w}*", "{w}~", "{w}~2", '"{w} {v}"', "title:{w}", "author:{w}", "NOT {w}", "({w} OR {v})", "{w}?"]


def random_queries(words: list[str], count: int, seed: int = 12) -> list[str]:
    """``count`` queries of 1-6 parts made of the archive's words and the query syntax."""
    rng = random.Random(seed)
    queries = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 6)):
            shape = rng.choice(SYNTAX)
            parts.append(shape.format(w=rng.choice(words)[: rng.randint(1, 8)], v=rng.choice(words)))
        queries.append(rng.choice([" ", " OR ", " AND "]).join(parts))
    return queries


def timed(library: Library, query: str) -> tuple[float, str]:
    """Seconds to answer or refuse ``query``, and the outcome."""
    started = time.perf_counter()
    try:
        result = library.search(query, limit=1000, time_limit=SEARCH_SECONDS)
        outcome = f"{result.total} hits"
    except QueryError as error:
        outcome = f"refused: {error}"
    return time.perf_counter() - started, outcome


def cancel_latency(library: Library, query: str) -> float:
    """Seconds from asking a running search to stop to its end."""
    stop = threading.Event()
    asked: list[float] = []
    ended: list[float] = []

    def run() -> None:
        try:
            with contextlib.suppress(SearchCancelled):
                library.search(query, limit=None, cancel=stop.is_set, time_limit=None)
        finally:
            ended.append(time.perf_counter())

    worker = threading.Thread(target=run)
    worker.start()
    time.sleep(0.02)
    asked.append(time.perf_counter())
    stop.set()
    worker.join()
    return max(0.0, ended[0] - asked[0])


def main(argv: Sequence[str] | None = None) -> int:
    """Build (or reuse) the archive and index, then time every query."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.hostile", description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--random", type=int, default=300, help="random queries besides the fixed list")
    parser.add_argument("--work", type=Path, default=HERE / ".work")
    args = parser.parse_args(argv)
    corpus = generate(args.work, args.papers, SEEDS if SEEDS.exists() else None)
    library = Library([corpus.directory], index_dir=args.work / f"hostile-index-{args.papers}")
    library.sync()
    print(f"{library.counts()[0]:,} papers", file=sys.stderr)
    vocabulary = [word for word in Words.load(SEEDS if SEEDS.exists() else None).vocabulary[:5000] if word.isalpha()]
    queries = FIXED + random_queries(vocabulary or ["model", "language", "video"], args.random)
    library.search("warm up")
    times = []
    for query in queries:
        seconds, outcome = timed(library, query)
        times.append(seconds)
        if seconds > 0.5 or query in FIXED:
            print(f"{seconds:7.3f} s  {query[:60]!r:64} {outcome[:70]}")
    print(f"\n{len(queries)} queries: max {max(times):.3f} s, median {statistics.median(times) * 1000:.1f} ms")
    print(f"over 2 s: {sum(seconds > 2 for seconds in times)}")
    latency = cancel_latency(library, "a* OR mo*")
    print(f"a cancelled search stopped {latency * 1000:.1f} ms after it was asked to")
    library.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
