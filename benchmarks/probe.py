"""The parts of the benchmark that run in a process of their own, one JSON line out.

``python -m benchmarks.probe build ROOT...``: a full index build of the library of the
roots (the ``PAPERS_*_DIR`` variables say where its index lives), timed, with the peak
RSS of this process and of the writer processes Whoosh forks.

``python -m benchmarks.probe reader STATE ROOT...``: the reader started headless on the
library; reports the wall-clock time of its first painted screen with papers on it, its
RSS then, and the CPU time of key presses moving down the "All papers" list: while the cursor
moves within the screen, once each press scrolls the list, and of a key bound to nothing.

``python -m benchmarks.probe first STATE ROOT...``: the reader started on a library it has
never indexed; reports when the first day was listed and when the search index was ready.
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import time
from pathlib import Path
from statistics import median
from typing import Any

KEY_PRESSES = 60
UNBOUND_KEY = "f12"
"""A key the reader binds to nothing: what a press costs the test harness and Textual alone."""


def rss_mb() -> float:
    """The resident set size of this process now, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def build(roots: list[Path]) -> dict[str, Any]:
    """Sync a library whose index does not exist yet: a full build."""
    from reader.core.library import Library

    calls = 0

    def progress(phase: str, done: int, total: int) -> None:
        nonlocal calls
        calls += 1

    library = Library.from_config(roots)
    started = time.perf_counter()
    report = library.sync(progress)
    seconds = time.perf_counter() - started
    library.close()
    return {
        "seconds": seconds,
        "papers": report.papers,
        "listings": report.listings,
        "files": report.new,
        "failed": len(report.failed),
        "progress_calls": calls,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "peak_rss_workers_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


async def _wait(pilot: Any, ready: Any, limit: float = 60.0) -> None:
    """Let the app run until ``ready()`` is true (``TimeoutError`` after ``limit`` seconds)."""
    deadline = time.monotonic() + limit
    while not ready():
        if time.monotonic() > deadline:
            raise TimeoutError("the reader did not get there in time")
        await pilot.pause(0.005)


async def _drive_reader(roots: list[Path], state: Path) -> dict[str, Any]:
    """Start the reader as ``papers`` does, wait for the first screen with papers on it,
    then open "All papers" and move down it one key press at a time."""
    from reader.core.library import Library
    from reader.ui.app import create_app

    library = Library.from_config(roots)
    app = create_app(library, state_path=state)
    async with app.run_test(size=(120, 40)) as pilot:
        await _wait(pilot, lambda: bool(app.reader.paper_list.keys))
        await pilot.pause()  # the frame with the papers is painted
        painted = time.time()
        rss = rss_mb()
        total = library.counts()[0]
        app.reader.action_all_papers()
        await _wait(pilot, lambda: len(app.reader.paper_list.keys) == total)
        await _wait(pilot, lambda: not app.reader.syncing)
        await pilot.pause()
        rows = app.reader.paper_list.scrollable_content_region.height
        within = await _press_costs(pilot, "down", min(KEY_PRESSES, rows - 1))
        while app.reader.paper_list.cursor < rows:  # from here on each press scrolls the list
            await pilot.press("down")
        await pilot.pause()
        scrolling = await _press_costs(pilot, "down", KEY_PRESSES)
        unbound = await _press_costs(pilot, UNBOUND_KEY, KEY_PRESSES)
    library.close()
    return {
        "first_paint": painted,
        "rss_mb": rss,
        "key_cpu_ms": median(scrolling),
        "key_cpu_p95_ms": scrolling[int(len(scrolling) * 0.95)],
        "key_within_cpu_ms": median(within),
        "key_unbound_cpu_ms": median(unbound),
    }


async def _press_costs(pilot: Any, key: str, presses: int) -> list[float]:
    """The process CPU time (ms) of each of ``presses`` presses of ``key`` and the repaint
    it causes, sorted."""
    costs = []
    for _ in range(presses):
        before = time.process_time()
        await pilot.press(key)
        await pilot.pause()
        costs.append(1000 * (time.process_time() - before))
    return sorted(costs)


async def _first_run(roots: list[Path], state: Path) -> dict[str, Any]:
    """Open the reader on a library it has never indexed: the time (epoch) of the first frame
    with a day listed, and of the search index being ready."""
    from reader.core.library import Library
    from reader.ui.app import create_app

    library = Library.from_config(roots)
    app = create_app(library, state_path=state)
    async with app.run_test(size=(120, 40)) as pilot:
        await _wait(pilot, lambda: any(s.kind == "day" for s in app.reader.day_list.sections), limit=600)
        await pilot.pause()  # the frame with the days is painted
        listed = time.time()
        await _wait(pilot, lambda: not app.reader.syncing, limit=1200)
        indexed = time.time()
    library.close()
    return {"first_day": listed, "indexed": indexed}


def main(argv: list[str]) -> int:
    """Run one probe and print its JSON line."""
    command, *rest = argv
    if command == "build":
        result = build([Path(root) for root in rest])
    elif command == "first":
        result = asyncio.run(_first_run([Path(root) for root in rest[1:]], Path(rest[0])))
    elif command == "reader":
        result = asyncio.run(_drive_reader([Path(root) for root in rest[1:]], Path(rest[0])))
    else:
        raise SystemExit(f"unknown probe {command!r}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
