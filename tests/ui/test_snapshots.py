"""Snapshots of the main view, a search and the help at 120x36, and the main view at 80x24
and 200x50, over the fixture library. Regenerate with ``pytest tests/ui --snapshot-update``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot

from reader.ui.app import PapersApp
from tests.ui.conftest import settle

MakeApp = Callable[..., PapersApp]
SnapCompare = Callable[..., bool]


async def ready(pilot: Pilot[Any]) -> None:
    """Wait for the sync and the first reads."""
    await settle(pilot)


async def select(pilot: Pilot[Any]) -> None:
    """The API day, its first paper bookmarked, the cursor on its second (with an AI summary)."""
    await settle(pilot)
    await pilot.press("left_square_bracket", "left_square_bracket")
    await settle(pilot)
    await pilot.press("b")
    await settle(pilot)
    await pilot.press("j")
    app = pilot.app
    app.clear_notifications()
    await pilot.pause()


def test_main_view(snap_compare: SnapCompare, make_app: MakeApp) -> None:
    assert snap_compare(make_app(), terminal_size=(120, 36), run_before=select)


def test_wide_main_view(snap_compare: SnapCompare, make_app: MakeApp) -> None:
    assert snap_compare(make_app(), terminal_size=(200, 50), run_before=select)


def test_search(snap_compare: SnapCompare, make_app: MakeApp) -> None:
    async def search(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("slash", *"diffusion", "enter")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=(120, 36), run_before=search)


def test_help(snap_compare: SnapCompare, make_app: MakeApp) -> None:
    async def show_help(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(120, 36), run_before=show_help)


def test_narrow_main_view(snap_compare: SnapCompare, make_app: MakeApp) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=ready)


def test_filtered_list(snap_compare: SnapCompare, make_app: MakeApp) -> None:
    async def filtered(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("left_square_bracket", "vertical_line", *"agents", "enter")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=(120, 36), run_before=filtered)
