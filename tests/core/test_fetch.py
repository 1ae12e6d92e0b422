"""``reader.core.fetch`` against a real local HTTP server replaying real and invented API answers."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from werkzeug import Response

from reader.core import fetch as fetching
from reader.core.errors import FetchError
from reader.core.fetch import DayStatus, fetch, plan_days
from reader.core.hf_client import Bucket
from reader.core.library import Library
from reader.core.settings import FetchSettings
from reader.core.storage import file_lock
from tests.conftest import shared_path
from tests.core.fake_api import FakeApi, api, fake_items, local_server

__all__ = ["api", "local_server"]  # fixtures

REAL_DAY = dt.date(2026, 6, 12)
OLD_DAY = dt.date(2024, 5, 29)


def real_items() -> list[object]:
    """The real ``/api/daily_papers`` answer of 2026-06-12 (30 items)."""
    path = shared_path("corpus", "real", "hf-api-daily_papers-2026-06-12-limit30.json")
    items: list[object] = json.loads(path.read_text(encoding="utf-8"))
    return items


def real_old_items() -> list[object]:
    """A real 2024 answer (the older schema) for 2024-05-29 (8 items)."""
    path = shared_path("corpus", "real2", "api-json-2024-05-29-zh-newsletter.json")
    items: list[object] = json.loads(path.read_text(encoding="utf-8"))
    return items


class Sleeps(list[float]):
    """An injected ``sleep`` that records instead of sleeping."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def settings_for(api: FakeApi, **changes: object) -> FetchSettings:
    return dataclasses.replace(FetchSettings(endpoint=api.endpoint), **changes)  # type: ignore[arg-type]


def library_state(folder: Path) -> dict[str, bytes]:
    """Every file in the fetch folder, hidden ones too, with its bytes."""
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.name != ".fetch.lock"}


def indexed_days(root: Path) -> dict[str, int]:
    library = Library([root])
    try:
        library.sync()
        return {day.date.isoformat(): day.paper_count for day in library.days()}
    finally:
        library.close()


def test_a_full_day_is_read_over_every_page_and_indexed(api: FakeApi, tmp_path: Path) -> None:
    items = real_items()
    api.days[REAL_DAY.isoformat()] = items
    folder = tmp_path / "library" / "hf-api"
    sleeps = Sleeps()
    result = fetch(folder, [REAL_DAY], settings_for(api, page_size=7), sleep=sleeps, today=REAL_DAY)
    assert [(o.day, o.status, o.papers) for o in result.outcomes] == [(REAL_DAY, DayStatus.NEW, 30)]
    assert api.calls == [("2026-06-12", 7, page) for page in range(5)]  # 7+7+7+7+2: the short page ends it
    assert result.calls == 5 and sum(sleeps) == 0
    assert json.loads((folder / "2026-06-12.json").read_text(encoding="utf-8")) == items  # as the API returned it
    assert [name for name in os.listdir(folder) if name.endswith(".tmp")] == []
    assert indexed_days(tmp_path / "library") == {"2026-06-12": 30}


def test_a_recent_day_is_fetched_again_and_replaced(api: FakeApi, tmp_path: Path) -> None:
    folder = tmp_path / "hf-api"
    day = dt.date(2025, 12, 18)
    api.days[day.isoformat()] = fake_items(day, 20)
    settings = settings_for(api)
    assert fetch(folder, [day], settings, today=day).outcomes[0].status is DayStatus.NEW
    api.days[day.isoformat()] = fake_items(day, 31)  # the list grew during the day
    two_days_later = day + dt.timedelta(days=2)
    result = fetch(folder, [day], settings, today=two_days_later)
    assert (result.outcomes[0].status, result.outcomes[0].papers) == (DayStatus.REPLACED, 31)
    assert len(json.loads((folder / "2025-12-18.json").read_text())) == 31
    os.utime(folder / "2025-12-18.json", (0, 0))
    again = fetch(folder, [day], settings, today=two_days_later)
    assert again.outcomes[0].status is DayStatus.UNCHANGED  # asked again, not rewritten
    assert (folder / "2025-12-18.json").stat().st_mtime > 0  # but marked as checked now
    assert indexed_days(tmp_path) == {"2025-12-18": 31}


def test_an_old_final_day_is_skipped_and_an_unsettled_one_fetched_again(api: FakeApi, tmp_path: Path) -> None:
    folder = tmp_path / "hf-api"
    api.days[OLD_DAY.isoformat()] = real_old_items()
    settings = settings_for(api)
    assert fetch(folder, [OLD_DAY], settings).outcomes[0].status is DayStatus.NEW
    calls = len(api.calls)
    result = fetch(folder, [OLD_DAY], settings)
    assert [(o.status, o.papers, o.reason) for o in result.outcomes] == [(DayStatus.SKIPPED, 8, "final")]
    assert len(api.calls) == calls  # not asked
    saved_young = time.mktime((OLD_DAY + dt.timedelta(days=2)).timetuple())
    os.utime(folder / "2024-05-29.json", (saved_young, saved_young))  # saved 2 days after the date
    assert fetch(folder, [OLD_DAY], settings).outcomes[0].status is DayStatus.UNCHANGED
    assert len(api.calls) == calls + 1
    assert fetch(folder, [OLD_DAY], settings).outcomes[0].status is DayStatus.SKIPPED  # final now
    assert indexed_days(tmp_path) == {"2024-05-29": 8}


def test_429_is_retried_after_the_wait_the_server_asks(api: FakeApi, tmp_path: Path) -> None:
    day = dt.date(2025, 12, 18)
    api.days[day.isoformat()] = fake_items(day, 3)
    api.json_answer({"error": "Too many requests"}, 429, {"Retry-After": "7"})
    api.json_answer({"error": "Too many requests"}, 429)
    sleeps = Sleeps()
    result = fetch(tmp_path / "hf-api", [day], settings_for(api, backoff=0.5), sleep=sleeps, today=day)
    assert (result.outcomes[0].status, result.calls) == (DayStatus.NEW, 3)
    assert sum(sleeps) == pytest.approx(7 + 1)  # Retry-After, then the doubled backoff


def test_a_500_that_never_recovers_fails_the_day_and_stops_the_run(api: FakeApi, tmp_path: Path) -> None:
    folder = tmp_path / "hf-api"
    days = [dt.date(2025, 12, 17), dt.date(2025, 12, 18)]
    api.days["2025-12-17"] = fake_items(days[0], 2)
    fetch(folder, days[:1], settings_for(api), today=days[1])
    before = library_state(folder)
    api.days["2025-12-17"] = fake_items(days[0], 5)
    for _ in range(4):
        api.script.append(Response("upstream broke", status=500))
    sleeps = Sleeps()
    result = fetch(folder, days, settings_for(api), sleep=sleeps, today=days[1])
    first, second = result.outcomes
    assert (first.status, first.reason) == (DayStatus.FAILED, "HTTP 500 INTERNAL SERVER ERROR (4 tries)")
    assert (second.status, second.reason) == (DayStatus.FAILED, f"not tried: {first.reason}")
    assert result.calls == 4 and sleeps and sum(sleeps) == pytest.approx(1 + 2 + 4)
    assert library_state(folder) == before  # the saved day is as it was, nothing half-written
    assert indexed_days(tmp_path) == {"2025-12-17": 2}


def test_a_server_that_does_not_answer_times_out(api: FakeApi, tmp_path: Path) -> None:
    api.hangs = True
    day = dt.date(2025, 12, 18)
    result = fetch(tmp_path / "hf-api", [day], settings_for(api, timeout=0.2, attempts=2), sleep=Sleeps(), today=day)
    (outcome,) = result.outcomes
    assert outcome.status is DayStatus.FAILED
    assert outcome.reason == "no answer from 127.0.0.1 within 0.2 s (2 tries)"
    assert os.listdir(tmp_path / "hf-api") == [".fetch.lock"]


def test_no_network_is_one_line_and_nothing_written(tmp_path: Path) -> None:
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = FetchSettings(endpoint=f"http://127.0.0.1:{port}", attempts=2)
    days = [dt.date(2025, 12, 17), dt.date(2025, 12, 18)]
    result = fetch(tmp_path / "hf-api", days, settings, sleep=Sleeps(), today=days[1])
    assert [o.status for o in result.outcomes] == [DayStatus.FAILED, DayStatus.FAILED]
    reason = result.outcomes[0].reason
    assert reason.startswith("cannot reach 127.0.0.1: ") and reason.endswith("(2 tries)") and "\n" not in reason
    assert result.calls == 2  # the second day is not tried against a dead server


@pytest.mark.parametrize(
    ("status", "body", "reason"),
    [
        (200, {"error": "Invalid date \x1b[31mformat\x1b[0m"}, "Hugging Face said: Invalid date format"),
        (400, {"error": "Invalid date"}, "HTTP 400 BAD REQUEST: Invalid date"),
        (404, {"error": "Not found"}, "HTTP 404 NOT FOUND: Not found"),
        (200, {"dailyPapers": []}, "unexpected answer: not a list of papers"),
        (200, [1, 2], "unexpected answer: an item of the list is not an object"),
    ],
)
def test_error_answers_fail_the_day_with_their_reason(
    api: FakeApi, tmp_path: Path, status: int, body: object, reason: str
) -> None:
    day, other = dt.date(2025, 12, 17), dt.date(2025, 12, 18)
    api.days[day.isoformat()] = fake_items(day, 2)
    api.days[other.isoformat()] = fake_items(other, 1)
    api.json_answer(body, status)  # the first call, for the older day
    result = fetch(tmp_path / "hf-api", [other, day], settings_for(api), sleep=Sleeps(), today=other)
    assert [(o.day, o.status, o.reason) for o in result.outcomes] == [
        (day, DayStatus.FAILED, reason),
        (other, DayStatus.NEW, ""),  # the other day is still fetched
    ]
    assert sorted(os.listdir(tmp_path / "hf-api")) == [".fetch.lock", "2025-12-18.json"]


def test_a_truncated_answer_leaves_the_saved_day_as_it_was(api: FakeApi, tmp_path: Path) -> None:
    folder = tmp_path / "hf-api"
    items = real_items()
    api.days[REAL_DAY.isoformat()] = items[:5]
    fetch(folder, [REAL_DAY], settings_for(api), today=REAL_DAY)
    before = library_state(folder)
    api.days[REAL_DAY.isoformat()] = items
    body = json.dumps(items[10:20]).encode()
    api.json_answer(items[:10])  # page 1 whole, page 2 cut short
    api.script.append(Response(body[: len(body) // 2], content_type="application/json"))
    result = fetch(folder, [REAL_DAY], settings_for(api, page_size=10), sleep=Sleeps(), today=REAL_DAY)
    (outcome,) = result.outcomes
    assert (outcome.status, outcome.reason) == (
        DayStatus.FAILED,
        "page 2 of the answer is not complete JSON (cut short?)",
    )
    assert library_state(folder) == before
    assert indexed_days(tmp_path) == {"2026-06-12": 5}


def test_an_empty_day_writes_nothing_and_keeps_a_saved_list(api: FakeApi, tmp_path: Path) -> None:
    folder = tmp_path / "hf-api"
    day = dt.date(2025, 12, 20)
    result = fetch(folder, [day], settings_for(api), today=day)
    assert (result.outcomes[0].status, os.listdir(folder)) == (DayStatus.EMPTY, [".fetch.lock"])
    api.days[day.isoformat()] = fake_items(day, 2)
    fetch(folder, [day], settings_for(api), today=day)
    del api.days[day.isoformat()]
    kept = fetch(folder, [day], settings_for(api), today=day).outcomes[0]
    assert (kept.status, kept.papers) == (DayStatus.UNCHANGED, 2)
    assert len(json.loads((folder / "2025-12-20.json").read_text())) == 2


def test_progress_and_cancel_for_a_worker(api: FakeApi, tmp_path: Path) -> None:
    days = [dt.date(2025, 12, 16) + dt.timedelta(days=n) for n in range(3)]
    for day in days:
        api.days[day.isoformat()] = fake_items(day, 1)
    seen: list[tuple[str, int, int]] = []
    stop = threading.Event()

    def progress(phase: str, done: int, total: int) -> None:
        seen.append((phase, done, total))
        if done == 1:
            stop.set()

    result = fetch(tmp_path / "hf-api", days, settings_for(api), progress=progress, cancel=stop.is_set, today=days[-1])
    assert result.cancelled and [o.day for o in result.outcomes] == days[:1]
    assert seen == [("fetching", 0, 3), ("fetching", 1, 3)]
    done = fetch(tmp_path / "hf-api", days, settings_for(api), progress=lambda *a: seen.append(a), today=days[-1])
    assert not done.cancelled and seen[-1] == ("fetching", 3, 3)
    assert done.saved == days[1:] and done.days(DayStatus.UNCHANGED) == days[:1]


def test_a_cancel_stops_a_long_retry_wait(api: FakeApi, tmp_path: Path) -> None:
    api.json_answer({"error": "busy"}, 503, {"Retry-After": "30"})
    stop = threading.Event()
    sleeps = Sleeps()

    def sleep(seconds: float) -> None:
        sleeps(seconds)
        stop.set()

    day = dt.date(2025, 12, 18)
    result = fetch(tmp_path / "hf-api", [day], settings_for(api), sleep=sleep, cancel=stop.is_set, today=day)
    assert result.cancelled and result.outcomes == () and sum(sleeps) < 1


def test_a_retry_after_beyond_the_bound_fails_instead_of_waiting(api: FakeApi, tmp_path: Path) -> None:
    api.json_answer({"error": "slow down"}, 429, {"Retry-After": "3600"})
    day = dt.date(2025, 12, 18)
    sleeps = Sleeps()
    result = fetch(tmp_path / "hf-api", [day], settings_for(api), sleep=sleeps, today=day)
    assert result.outcomes[0].reason == "HTTP 429 TOO MANY REQUESTS: slow down; asked to wait 3600 s, more than 60"
    assert sleeps == []


def test_one_fetch_at_a_time(tmp_path: Path) -> None:
    with fetching._RUNNING, pytest.raises(FetchError, match="already running"):
        fetch(tmp_path / "hf-api", [dt.date(2025, 12, 18)])
    with file_lock(tmp_path / "hf-api" / ".fetch.lock"):  # held by another process (cron, a terminal)
        code = (
            "import sys, datetime; from pathlib import Path; from reader.core.fetch import fetch\n"
            "from reader.core.errors import FetchError\n"
            "try: fetch(Path(sys.argv[1]), [datetime.date(2025, 12, 18)])\n"
            "except FetchError as error: print(error)"
        )
        done = subprocess.run(
            [sys.executable, "-c", code, str(tmp_path / "hf-api")], capture_output=True, text=True, timeout=60
        )
    assert done.stdout == f"cannot fetch into {tmp_path / 'hf-api'}: another papers fetch is running\n"


def test_the_bucket_paces_calls_after_a_burst() -> None:
    bucket = Bucket(per_minute=60, burst=2)
    delays = [bucket.delay() for _ in range(4)]
    assert delays[:2] == [0.0, 0.0]
    assert delays[2] == pytest.approx(1.0, abs=0.1) and delays[3] == pytest.approx(2.0, abs=0.1)
    defaults = FetchSettings()
    assert defaults.burst + defaults.calls_per_minute * 5 < 500 / 1.5  # well under 500 calls per 5 minutes


def test_plan_days(tmp_path: Path) -> None:
    folder = tmp_path / "hf-api"
    settings = FetchSettings(catch_up_days=5, settle_days=14)
    today = dt.date(2025, 12, 20)
    span = [today - dt.timedelta(days=n) for n in range(4, -1, -1)]
    assert plan_days(folder, settings, today=today) == span  # first run: a setting's worth
    folder.mkdir()
    for day in (dt.date(2025, 12, 18), dt.date(2025, 10, 1), dt.date(2025, 9, 1)):
        (folder / f"{day.isoformat()}.json").write_text("[]")
    unsettled = time.mktime(dt.date(2025, 10, 3).timetuple())
    os.utime(folder / "2025-10-01.json", (unsettled, unsettled))  # saved two days after its date
    expected = [dt.date(2025, 10, 1), *(dt.date(2025, 12, d) for d in (18, 19, 20))]
    assert plan_days(folder, settings, today=today) == expected  # since the newest, and the unsettled one
    assert plan_days(folder, settings, last=2, today=today) == [dt.date(2025, 12, 19), today]
    assert plan_days(folder, settings, since=dt.date(2025, 12, 19), today=today) == [dt.date(2025, 12, 19), today]
    assert plan_days(folder, settings, dates=[today, dt.date(2024, 1, 2), today], today=today) == [
        dt.date(2024, 1, 2),
        today,
    ]
    with pytest.raises(FetchError, match="in the future"):
        plan_days(folder, settings, dates=[dt.date(2025, 12, 21)], today=today)
    with pytest.raises(FetchError, match="at least 1"):
        plan_days(folder, settings, last=0, today=today)


def test_a_body_cut_short_by_the_connection_is_retried_then_fails(api: FakeApi, tmp_path: Path) -> None:
    body = json.dumps(fake_items(dt.date(2025, 12, 18), 5)).encode()
    for _ in range(2):  # the server promises more bytes than it sends, then hangs up
        headers = {"Content-Length": str(len(body)), "Connection": "close"}
        api.script.append(Response(iter([body[:100]]), headers=headers, direct_passthrough=True))
    day = dt.date(2025, 12, 18)
    settings = settings_for(api, attempts=2, timeout=5.0)
    result = fetch(tmp_path / "hf-api", [day], settings, sleep=Sleeps(), today=day)
    (outcome,) = result.outcomes
    assert outcome.status is DayStatus.FAILED and outcome.reason.startswith("the answer was cut short (")
    assert outcome.reason.endswith("(2 tries)") and os.listdir(tmp_path / "hf-api") == [".fetch.lock"]


def test_fetch_and_watch_never_import_textual_or_rich() -> None:
    code = (
        "import reader.core.fetch, reader.core.watch, reader.core.settings, sys; "
        "assert not any(m.split('.')[0] in ('textual', 'rich') for m in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60)
    assert done.returncode == 0, done.stderr
