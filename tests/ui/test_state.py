"""What the reader remembers: the user's library and the demo each in a file of their own."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from reader.core import paths
from reader.ui.app import PapersApp
from reader.ui.state import load_state, state_file
from tests.ui.conftest import settle, write_library

MakeApp = Callable[..., PapersApp]
SIZE = (120, 36)


def test_the_demo_has_a_state_file_of_its_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    demo = tmp_path / "demo"
    demo.mkdir()
    monkeypatch.setattr(paths, "demo_dumps_dir", lambda: demo)
    base = tmp_path / "state" / "state.json"
    assert state_file(base, [tmp_path / "mine"]) == base
    assert state_file(base, [demo]) == tmp_path / "state" / "demo-state.json"
    assert state_file(base, [tmp_path / "mine", demo]) == base, "a library that holds the demo too is the user's"


async def test_trying_the_demo_leaves_the_users_place_and_searches_alone(
    make_app: MakeApp, dumps: Path, state_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo = write_library(tmp_path / "demo")
    monkeypatch.setattr(paths, "demo_dumps_dir", lambda: demo)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("left_square_bracket", "slash", *"routing", "enter")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.reader.section is not None and app.reader.section.ref == "day:2025-12-16"
    assert load_state(state_path).entry == "day:2025-12-16"

    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.reader.section is not None and app.reader.section.ref == "day:2025-12-17", "not the user's day"
        assert app.reader.search_history == [], "nor the user's searches"
        await pilot.press("left_square_bracket", "left_square_bracket", "slash", *"scaling", "enter")
        await settle(pilot)
    assert load_state(state_path).entry == "day:2025-12-16", "the user's file is untouched"
    assert load_state(state_path).searches == ("routing",)
    assert load_state(state_path.with_name("demo-state.json")).searches == ("scaling",)

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.reader.section is not None and app.reader.section.ref == "day:2025-12-16"
        assert app.reader.search_history == ["routing"]
