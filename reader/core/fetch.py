"""Fetching the Daily Papers lists from the Hugging Face API into the library.

For each day, ``fetch`` asks ``GET {endpoint}/api/daily_papers?date=YYYY-MM-DD&limit=100&p=K``
page after page until a short page, and saves the day's items, as the API returns them, as
one JSON array in ``<library>/hf-api/YYYY-MM-DD.json``: an ordinary dump, read by the HF API
parser like any other file. A file is written atomically and only once the whole day has
been read, so a failure leaves the library as it was.

A day's list keeps growing for about two weeks (``settle_days``). A saved day is *final* once
it was fetched (or checked) that long after its date: final days are skipped, the others
are fetched again and replaced when the list changed.

Politeness: one connection for the whole run, a timeout, a steady call rate well under
HF's 500 calls per 5 minutes (a token bucket), retries with doubling waits on 429, 5xx and
network errors, honouring ``Retry-After`` up to a bound. A connection that stays down or a
server that keeps failing ends the run: the days not tried say so.

The UI runs ``fetch`` in a thread worker: ``progress(phase, done, total)`` is called as days
are done and ``cancel()`` is checked between calls and while waiting.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import json
import os
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from reader.core.dates import date_in_filename
from reader.core.errors import FetchError, StoreError
from reader.core.hf_client import Api, Cancel, Cancelled, DayFailed, Sleep, Unreachable
from reader.core.library import Progress
from reader.core.settings import FetchSettings
from reader.core.storage import atomic_write_text, file_lock
from reader.core.text import plural

FOLDER = "hf-api"
"""The library's subfolder that holds the fetched days."""
MAX_PAGES = 50
"""A day with more pages than this is refused (no day has come near 5,000 papers)."""


_RUNNING = threading.Lock()
"""One fetch per process at a time (the file lock only keeps other processes out)."""


class DayStatus(enum.StrEnum):
    """What a fetch did with one day."""

    NEW = "new"
    """Saved for the first time."""
    REPLACED = "replaced"
    """Fetched again and saved: the list had changed."""
    UNCHANGED = "unchanged"
    """Fetched again; the saved list was already the same (the file is not rewritten)."""
    SKIPPED = "skipped"
    """Final: fetched once its list had settled, not asked again."""
    EMPTY = "empty"
    """The API lists no papers for the day (yet): nothing is saved."""
    FAILED = "failed"
    """Not saved; ``reason`` says why. A file saved before is left as it was."""


@dataclass(frozen=True, slots=True)
class DayOutcome:
    """One day of a fetch."""

    day: dt.date
    status: DayStatus
    papers: int = 0
    """Papers in the saved list (new, replaced, unchanged, skipped)."""
    reason: str = ""

    def describe(self) -> str:
        """One line: ``2025-12-18  new        31 papers``, or the reason a day failed."""
        quiet = self.status in (DayStatus.FAILED, DayStatus.EMPTY)
        what = self.reason if quiet else plural(self.papers, "paper")
        if self.reason and not quiet:
            what += f" ({self.reason})"
        return f"{self.day.isoformat()}  {self.status.value:<9}  {what}"


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What a fetch did, day by day."""

    folder: Path
    outcomes: tuple[DayOutcome, ...]
    calls: int
    seconds: float
    cancelled: bool = False
    """Stopped by ``cancel()``: the days not reached are not in ``outcomes``."""

    def days(self, *statuses: DayStatus) -> list[dt.date]:
        """The days whose outcome is one of ``statuses``."""
        return [outcome.day for outcome in self.outcomes if outcome.status in statuses]

    def summary(self) -> str:
        """``3 days in 4 calls: 2 new, 1 empty`` (and ``, cancelled`` when it was)."""
        counts = [f"{len(days)} {status.value}" for status in DayStatus if (days := self.days(status))]
        if self.cancelled:
            counts.append("cancelled")
        return f"{plural(len(self.outcomes), 'day')} in {plural(self.calls, 'call')}: {', '.join(counts) or 'nothing'}"

    @property
    def saved(self) -> list[dt.date]:
        """The days whose file was written (new or replaced)."""
        return self.days(DayStatus.NEW, DayStatus.REPLACED)

    @property
    def failed(self) -> list[DayOutcome]:
        """The days that failed, with their reasons."""
        return [outcome for outcome in self.outcomes if outcome.status is DayStatus.FAILED]


def fetch_folder(roots: Sequence[Path]) -> Path:
    """Where fetched days go: ``hf-api`` in the first library folder."""
    if not roots:
        raise FetchError("no library folder to fetch into")
    root = Path(roots[0]).expanduser()
    if root.exists() and not root.is_dir():
        raise FetchError(f"{root} is a file, not a library folder to fetch into")
    return root / FOLDER


def utc_today() -> dt.date:
    """Today in UTC, the calendar of the daily lists."""
    return dt.datetime.now(dt.UTC).date()


def day_path(folder: Path, day: dt.date) -> Path:
    """The file of one fetched day."""
    return folder / f"{day.isoformat()}.json"


def saved_days(folder: Path) -> list[dt.date]:
    """The days saved in ``folder``, oldest first."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    days = {day for name in names if name.endswith(".json") and (day := date_in_filename(name)) is not None}
    return sorted(day for day in days if day_path(folder, day).name in names)


def is_final(folder: Path, day: dt.date, settle_days: int) -> bool:
    """True when the day was saved (or checked) at least ``settle_days`` after its date."""
    try:
        checked = dt.datetime.fromtimestamp(day_path(folder, day).stat().st_mtime, dt.UTC).date()
    except OSError:
        return False
    return checked >= day + dt.timedelta(days=settle_days)


def plan_days(
    folder: Path,
    settings: FetchSettings,
    *,
    dates: Sequence[dt.date] = (),
    since: dt.date | None = None,
    last: int | None = None,
    today: dt.date | None = None,
) -> list[dt.date]:
    """The days a fetch asks for, oldest first.

    ``dates`` as given; ``since`` a day up to today; ``last`` the last N days up to today.
    With none of them: today and the days missing since the newest saved day (all of the
    last ``catch_up_days`` on a first run, never more), and every saved day not yet final.
    ``FetchError`` for a day after today.
    """
    today = today or utc_today()
    if since is not None:
        wanted = _span(since, today)
    elif last is not None:
        if last < 1:
            raise FetchError("--days must be at least 1")
        wanted = _span(today - dt.timedelta(days=last - 1), today)
    elif dates:
        wanted = set(dates)
    else:
        saved = [day for day in saved_days(folder) if day <= today]
        start = today - dt.timedelta(days=settings.catch_up_days - 1)
        if saved:
            start = max(start, saved[-1])
        wanted = _span(start, today)
        wanted.update(day for day in saved if not is_final(folder, day, settings.settle_days))
    future = sorted(day for day in wanted if day > today)
    if future:
        raise FetchError(f"{future[0].isoformat()} is in the future (today is {today.isoformat()} in UTC)")
    return sorted(wanted)


def _span(first: dt.date, last: dt.date) -> set[dt.date]:
    return {first + dt.timedelta(days=offset) for offset in range((last - first).days + 1)}


def fetch(
    folder: Path,
    days: Iterable[dt.date],
    settings: FetchSettings | None = None,
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    sleep: Sleep = time.sleep,
    today: dt.date | None = None,
) -> FetchResult:
    """Fetch ``days`` into ``folder`` (see the module docstring).

    ``FetchError`` when the folder cannot be made or another fetch is running; every other
    problem is a failed day in the result.
    """
    settings = settings or FetchSettings()
    today = today or utc_today()
    wanted = sorted(set(days))
    started = time.perf_counter()
    if not _RUNNING.acquire(blocking=False):
        raise FetchError("another fetch is already running")
    try:
        with contextlib.ExitStack() as stack:
            try:
                folder.mkdir(parents=True, exist_ok=True)
                stack.enter_context(file_lock(folder / ".fetch.lock", timeout=1))
            except (OSError, StoreError) as error:
                reason = "another papers fetch is running" if "locked" in str(error) else str(error)
                raise FetchError(f"cannot fetch into {folder}: {reason}") from None
            api = stack.enter_context(Api(settings, sleep, cancel))
            outcomes, cancelled = _fetch_days(api, folder, wanted, settings, today, progress, cancel)
    finally:
        _RUNNING.release()
    return FetchResult(folder, tuple(outcomes), api.calls, round(time.perf_counter() - started, 3), cancelled)


def _fetch_days(
    api: Api,
    folder: Path,
    wanted: list[dt.date],
    settings: FetchSettings,
    today: dt.date,
    progress: Progress | None,
    cancel: Cancel | None,
) -> tuple[list[DayOutcome], bool]:
    outcomes: list[DayOutcome] = []
    down: str | None = None
    for done, day in enumerate(wanted):
        if progress is not None:
            progress("fetching", done, len(wanted))
        if cancel is not None and cancel():
            return outcomes, True
        if down is not None:
            outcomes.append(DayOutcome(day, DayStatus.FAILED, reason=f"not tried: {down}"))
            continue
        if today - day >= dt.timedelta(days=settings.settle_days) and is_final(folder, day, settings.settle_days):
            outcomes.append(DayOutcome(day, DayStatus.SKIPPED, _count_saved(folder, day), "final"))
            continue
        try:
            items = _fetch_day(api, day, settings.page_size)
            outcomes.append(_save(folder, day, items))
        except Cancelled:
            return outcomes, True
        except DayFailed as error:
            outcomes.append(DayOutcome(day, DayStatus.FAILED, reason=str(error)))
            if isinstance(error, Unreachable):
                down = str(error)
    if progress is not None:
        progress("fetching", len(wanted), len(wanted))
    return outcomes, False


def _fetch_day(api: Api, day: dt.date, page_size: int) -> list[object]:
    """Every page of one day, items in the API's order (an item repeated on a later page,
    as the list shifts while it is read, is kept once)."""
    items: list[object] = []
    seen: set[str] = set()
    for number in range(MAX_PAGES):
        page = api.page(day, number)
        for item in page:
            if not isinstance(item, dict):
                raise DayFailed("unexpected answer: an item of the list is not an object")
            paper = item.get("paper")
            key = paper.get("id") if isinstance(paper, dict) else None
            if isinstance(key, str):
                if key in seen:
                    continue
                seen.add(key)
            items.append(item)
        if len(page) < page_size:
            return items
    raise DayFailed(f"more than {MAX_PAGES} pages of papers: refused")


def _count_saved(folder: Path, day: dt.date) -> int:
    saved = _read_saved(day_path(folder, day))
    return len(saved) if saved is not None else 0


def _read_saved(path: Path) -> list[object] | None:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    return value if isinstance(value, list) else None


def _save(folder: Path, day: dt.date, items: list[object]) -> DayOutcome:
    path = day_path(folder, day)
    existed = path.exists()
    before = _read_saved(path) if existed else None
    if not items:
        if existed:
            reason = "the API lists no papers for it now; the saved list is kept"
            return DayOutcome(day, DayStatus.UNCHANGED, len(before or ()), reason)
        return DayOutcome(day, DayStatus.EMPTY, reason="no papers listed (yet)")
    try:
        if before == items:
            os.utime(path)  # checked now: this is what makes the day final once it has settled
            return DayOutcome(day, DayStatus.UNCHANGED, len(items))
        atomic_write_text(path, json.dumps(items, ensure_ascii=False))
    except (OSError, StoreError) as error:
        raise DayFailed(str(error)) from None
    return DayOutcome(day, DayStatus.REPLACED if existed else DayStatus.NEW, len(items))
