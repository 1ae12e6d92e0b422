"""Where the time goes from Enter in the search box to the results painted, in the reader.

``python -m benchmarks.keypaint ROOT... [--query Q ...]`` opens the reader headless on an
indexed library (``PAPERS_*_DIR`` say where its index is), and for each query types it in
the search box, presses Enter and waits until the list shows its results and the frame is
painted. It prints, per query, the wall time of that path, the part spent in
``Library.search`` and the part in the search's worker besides it, then the functions of the
whole path that took the most time in the app's own thread (cProfile; the search itself runs
in a worker thread and is timed apart).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import pstats
import time
from pathlib import Path
from statistics import median
from typing import Any

from benchmarks.probe import _wait

QUERIES = ("quantization", "model", "video generation", '"video generation"')
RUNS = 3


async def drive(roots: list[Path], queries: list[str], profile: cProfile.Profile) -> list[str]:
    """Run each query ``RUNS`` times; the lines of the report."""
    from reader.core.library import Library
    from reader.ui.app import create_app

    library = Library.from_config(roots)
    spent: list[float] = []
    real_search = library.search

    def timed_search(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return real_search(*args, **kwargs)
        finally:
            spent.append(time.perf_counter() - started)

    library.search = timed_search  # type: ignore[method-assign]
    app = create_app(library, state_path=Path(library.index_dir) / "keypaint-state.json")
    lines = ["| query | Enter to painted (ms) | in `Library.search` (ms) | the rest (ms) |", "|---|---|---|---|"]
    async with app.run_test(size=(120, 40)) as pilot:
        reader = app.reader
        await _wait(pilot, lambda: bool(reader.paper_list.keys) and not reader.syncing)
        for query in queries:
            walls, searches = [], []
            for _ in range(RUNS):
                await pilot.press("slash", "ctrl+a", "ctrl+k", *query)
                await pilot.pause(0.5)  # the search as you type of the last letter has run
                await _wait(pilot, lambda: not [w for w in app.workers if w.is_running and w.group != "watch"])
                reader.search_section = None  # Enter runs the same query again, from scratch
                spent.clear()
                profile.enable()
                started = time.perf_counter()
                await pilot.press("enter")
                await _wait(pilot, lambda: reader.search_section is not None and reader._listed == reader._generation)
                await pilot.pause()  # the frame with the results is painted
                walls.append(time.perf_counter() - started)
                profile.disable()
                searches.append(sum(spent))
            wall, search = 1000 * median(walls), 1000 * median(searches)
            lines.append(f"| `{query}` | {wall:.0f} | {search:.0f} | {wall - search:.0f} |")
    library.close()
    return lines


def main(argv: list[str] | None = None) -> int:
    """Measure and print."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.keypaint", description=__doc__.splitlines()[0])
    parser.add_argument("roots", nargs="+", type=Path)
    parser.add_argument("--query", action="append", help="a query (default: a rare word, a common one, phrases)")
    args = parser.parse_args(argv)
    profile = cProfile.Profile()
    lines = asyncio.run(drive(args.roots, args.query or list(QUERIES), profile))
    print("\n".join(lines))
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(30)
    print(out.getvalue())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
