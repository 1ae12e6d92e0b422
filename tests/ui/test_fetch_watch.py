"""Fetching from the reader (``F``) against a local stand-in for the HF API, and the folder
watch: a file that lands in a library folder shows up in the running reader."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.core.fetch import utc_today
from reader.ui.app import PapersApp
from tests.core.fake_api import FakeApi, api, fake_items, local_server
from tests.factories import FakePaper, write_page_copy
from tests.ui.conftest import settle

__all__ = ["api", "local_server"]  # fixtures

SIZE = (120, 36)
MakeApp = Callable[..., PapersApp]


def notices(app: PapersApp) -> list[str]:
    return [f"{note.title}: {note.message}" for note in app._notifications]


async def test_F_fetches_the_new_days_and_names_them(
    make_app: MakeApp, api: FakeApi, dumps: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    today = utc_today()
    api.days[today.isoformat()] = fake_items(today, 3)
    monkeypatch.setenv("HF_ENDPOINT", api.endpoint)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("F")
        await settle(pilot)
        saved = json.loads((dumps / "hf-api" / f"{today.isoformat()}.json").read_text(encoding="utf-8"))
        assert len(saved) == 3
        ref = f"day:{today.isoformat()}"
        day = next(section for section in app.reader.day_list.sections if section.ref == ref)
        assert day.count == 3
        label = f"{today:%b} {today.day}, {today.year}: 3 new papers"
        assert any(n.startswith("New in the library:") and label in n for n in notices(app))
        assert any(n.startswith("Fetched:") for n in notices(app))
        assert not app.reader.status_shown


async def test_F_without_a_server_says_why_and_changes_nothing(
    make_app: MakeApp, dumps: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")  # nothing listens there
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = list(app.reader.day_list.sections)
        await pilot.press("F")
        await settle(pilot)
        assert any(n.startswith("Fetched:") and "cannot reach 127.0.0.1" in n for n in notices(app))
        assert app.reader.day_list.sections == before
        assert not list(dumps.glob("hf-api/*.json"))
        assert app.is_running


async def test_a_dump_dropped_into_the_folder_appears_in_the_running_reader(make_app: MakeApp, dumps: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for _ in range(100):
            if app.reader.watching:
                break
            await pilot.pause(0.05)
        assert app.reader.watching
        cursor_key = app.reader.paper_list.current_key
        written = time.monotonic()
        write_page_copy(dumps / "2025-12-18-daily-papers.txt", "Dec 18", [FakePaper("A paper of the next day")])
        for _ in range(200):
            if any(section.ref == "day:2025-12-18" for section in app.reader.day_list.sections):
                break
            await pilot.pause(0.025)
        seen = time.monotonic() - written
        assert any(section.ref == "day:2025-12-18" for section in app.reader.day_list.sections)
        assert seen < 5, f"seen after {seen:.2f} s"
        await settle(pilot)
        assert any("Dec 18, 2025: 1 new paper" in n for n in notices(app))
        assert app.reader.paper_list.current_key == cursor_key, "nothing moved under the cursor"
        assert dt.date(2025, 12, 18) in {s.day for s in app.reader.day_list.sections}
