"""``python -m reader.ui.screenshots [FOLDER]``: SVG screenshots of the reader on the demo dumps.

Writes main.svg, search.svg, filter.svg, bookmarks.svg and help.svg (default folder: ``screenshots``)
at 120x36, with the user dirs in a temporary folder so nothing of the user's is read or
changed.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.worker import Worker, WorkerCancelled

from reader.core import paths
from reader.core.library import Library
from reader.ui.app import PapersApp, create_app
from reader.ui.fetching import WATCH_GROUP
from reader.ui.reader_screen import DETAIL_REST

SIZE = (120, 36)
Scene = Callable[[Pilot[Any]], Awaitable[None]]


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until no worker of the app runs (but the folder watch, which runs as long as
    the reader), what they caused has been handled, and the detail pane shows the selected
    paper."""
    app = pilot.app
    reader = getattr(app, "reader", None)

    def detail_pending() -> bool:
        return bool(getattr(reader, "detail_pending", False))

    def working() -> list[Worker[Any]]:
        return [worker for worker in app.workers if worker.is_running and worker.group != WATCH_GROUP]

    def busy() -> bool:
        return bool(working()) or detail_pending()

    for _ in range(100):
        running = working()
        if running:  # (an empty list would wait for every worker, the watch too)
            with contextlib.suppress(WorkerCancelled):
                await app.workers.wait_for_complete(running)
        await pilot.pause()
        if detail_pending():
            await pilot.pause(DETAIL_REST)
            continue
        if not busy():
            await pilot.pause()
            if not busy():
                return
    raise TimeoutError("the reader's workers did not settle")


async def _main_view(pilot: Pilot[Any]) -> None:
    await pilot.press("j", "j")


async def _search(pilot: Pilot[Any]) -> None:
    await pilot.press("slash", *"diffusion", "enter")
    await settle(pilot)


async def _bookmarks(pilot: Pilot[Any]) -> None:
    for keys in (("b",), ("j", "j", "b"), ("left_square_bracket", "b"), ("j", "b")):
        await pilot.press(*keys)
        await settle(pilot)
    await pilot.press("B")
    await settle(pilot)


async def _filter(pilot: Pilot[Any]) -> None:
    await pilot.press("left_square_bracket", "vertical_line", *"model", "enter")
    await settle(pilot)


async def _help(pilot: Pilot[Any]) -> None:
    await pilot.press("question_mark")


SCENES: dict[str, Scene] = {
    "main": _main_view,
    "search": _search,
    "filter": _filter,
    "bookmarks": _bookmarks,
    "help": _help,
}


async def shoot(app: PapersApp, scene: Scene, path: Path) -> None:
    """Run ``app``, play ``scene``, and save the screen as an SVG at ``path``."""
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await scene(pilot)
        await settle(pilot)
        app.clear_notifications()
        await pilot.pause()
        app.save_screenshot(path.name, str(path.parent))


async def shoot_all(demo: Path, folder: Path) -> list[Path]:
    """Every scene over the ``demo`` dumps, one fresh reader each; the files written."""
    written = []
    for name, scene in SCENES.items():
        library = Library([demo])
        try:
            library.sync()
            path = folder / f"{name}.svg"
            await shoot(create_app(library, state_path=paths.state_dir() / f"{name}.json"), scene, path)
            written.append(path)
        finally:
            library.close()
    return written


def main(argv: list[str] | None = None) -> int:
    """Write the screenshots; the exit code."""
    arguments = sys.argv[1:] if argv is None else argv
    folder = Path(arguments[0] if arguments else "screenshots").resolve()
    demo = paths.demo_dumps_dir()
    if not demo.is_dir():
        print(f"no demo dumps at {demo}", file=sys.stderr)
        return 1
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="papers-screenshots-") as temp:
        for kind in ("DATA", "CACHE", "STATE", "CONFIG"):
            os.environ[f"PAPERS_{kind}_DIR"] = str(Path(temp) / kind.lower())
        for path in asyncio.run(shoot_all(demo, folder)):
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
