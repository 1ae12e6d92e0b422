"""The first run on a new library: the papers are listed as soon as the catalog is written,
the search index is built after, and search says how far it is until then."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from reader.core.library import Library
from reader.ui.app import PapersApp
from tests.ui.conftest import settle

SIZE = (120, 36)
MakeApp = Callable[..., PapersApp]


async def wait_for(pilot: Pilot[Any], condition: Callable[[], bool]) -> None:
    """Let the app run until ``condition`` holds (a few seconds at most)."""
    for _ in range(500):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("the app never got there")


async def test_the_papers_can_be_browsed_while_the_index_is_built(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    real_build = Library.build_index

    def slow_build(library: Library, progress: Callable[[str, int, int], None] | None = None) -> None:
        release.wait(10)
        real_build(library, progress)

    monkeypatch.setattr(Library, "build_index", slow_build)
    app = make_app(presync=False)
    async with app.run_test(size=SIZE) as pilot:
        reader = app.reader
        await wait_for(pilot, lambda: bool(reader.paper_list.keys))  # listed before the index exists
        assert [section.count for section in reader.day_list.sections if section.kind == "all"] == [10]
        await pilot.press("slash", *"diffusion", "enter")
        bar = reader.search_bar
        assert bar is not None
        await wait_for(pilot, lambda: bool(bar.error.display))
        assert "indexing, 0%" in str(bar.error.render())
        assert reader.paper_list.keys == []
        release.set()
        await settle(pilot)
        assert not bar.error.display  # the search ran by itself once the index was ready
        assert reader.paper_list.keys and reader.search_section is not None
