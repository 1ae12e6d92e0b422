"""The HTTP side of ``papers fetch``: one connection to the Hugging Face API, paced and retried.

``Api.page(day, number)`` returns one page of a day's ``/api/daily_papers`` list. Calls are
paced by a token bucket (a burst, then a steady rate well under HF's 500 calls per 5 minutes);
429, 5xx and network errors are retried with doubling waits, honouring ``Retry-After`` up to
a bound. Failures are ``DayFailed`` (this day cannot be read) or ``Unreachable`` (the API is
down or keeps failing: no point asking for another day), each with a one-line reason.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import time
from collections.abc import Callable

import httpx

from reader import __version__
from reader.core.settings import FetchSettings
from reader.core.text import one_line

API_PATH = "/api/daily_papers"

Cancel = Callable[[], bool]
Sleep = Callable[[float], None]


class DayFailed(Exception):
    """This day cannot be fetched (the message says why); the others may be."""


class Unreachable(DayFailed):
    """The API cannot be reached or keeps failing: no other day is tried."""


class Cancelled(Exception):
    """``cancel()`` said stop."""


class Bucket:
    """A token bucket: ``burst`` calls at once, then ``per_minute`` calls a minute."""

    def __init__(self, per_minute: float, burst: int) -> None:
        self.rate = per_minute / 60.0
        self.capacity = float(max(burst, 1))
        self.tokens = self.capacity
        self.stamp = time.monotonic()

    def delay(self) -> float:
        """Take a token; the seconds to wait before using it."""
        now = time.monotonic()
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        self.tokens -= 1
        return 0.0 if self.tokens >= 0 else -self.tokens / self.rate


class Api:
    """One HTTP connection to the API, with pacing and retries."""

    def __init__(self, settings: FetchSettings, sleep: Sleep, cancel: Cancel | None) -> None:
        self.settings = settings
        self.sleep = sleep
        self.cancel = cancel
        self.calls = 0
        self.bucket = Bucket(settings.calls_per_minute, settings.burst)
        self.host = httpx.URL(settings.endpoint).host or settings.endpoint
        self.client = httpx.Client(
            base_url=settings.endpoint,
            timeout=settings.timeout,
            follow_redirects=True,
            headers={"User-Agent": f"papers/{__version__}", "Accept": "application/json"},
        )

    def __enter__(self) -> Api:
        return self

    def __exit__(self, *_: object) -> None:
        self.client.close()

    def wait(self, seconds: float) -> None:
        """Sleep ``seconds`` in short steps, ``Cancelled`` as soon as ``cancel()`` says so."""
        remaining = seconds
        while True:
            if self.cancel is not None and self.cancel():
                raise Cancelled
            if remaining <= 0:
                return
            step = min(remaining, 0.2)
            self.sleep(step)
            remaining -= step

    def page(self, day: dt.date, number: int) -> list[object]:
        """Page ``number`` of ``day``'s list."""
        params = {"date": day.isoformat(), "limit": str(self.settings.page_size), "p": str(number)}
        backoff = self.settings.backoff
        for attempt in range(1, self.settings.attempts + 1):
            self.wait(self.bucket.delay())
            wait = backoff
            final: type[DayFailed] = Unreachable
            try:
                self.calls += 1
                response = self.client.get(API_PATH, params=params)
            except httpx.TimeoutException:
                problem = f"no answer from {self.host} within {self.settings.timeout:g} s"
            except httpx.RemoteProtocolError as error:
                problem, final = f"the answer was cut short ({one_line(str(error))})", DayFailed
            except httpx.TransportError as error:
                problem, final = (
                    f"cannot reach {self.host}: {one_line(str(error)) or type(error).__name__}",
                    Unreachable,
                )
            else:
                if response.status_code != 429 and response.status_code < 500:
                    return _read_page(response, number)
                problem = _status_line(response)
                wait = max(wait, _retry_after(response) or 0.0)
            if attempt == self.settings.attempts:
                tries = f"{attempt} tries" if attempt > 1 else "1 try"
                raise final(f"{problem} ({tries})")
            if wait > self.settings.max_retry_wait:
                raise Unreachable(f"{problem}; asked to wait {wait:.0f} s, more than {self.settings.max_retry_wait:g}")
            self.wait(wait)
            backoff *= 2
        raise AssertionError("unreachable")  # pragma: no cover


def _retry_after(response: httpx.Response) -> float | None:
    """``Retry-After`` in seconds (a number or an HTTP date), None when absent or unreadable."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


def _error_text(response: httpx.Response) -> str:
    """The ``error`` of an HF error body (``{"error": "..."}``), cleaned to one short line."""
    try:
        body = response.json()
    except (ValueError, UnicodeDecodeError):
        return ""
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, list):
        error = "; ".join(str(part) for part in error)
    return one_line(str(error))[:200] if error else ""


def _status_line(response: httpx.Response) -> str:
    said = _error_text(response)
    line = f"HTTP {response.status_code} {one_line(response.reason_phrase)}".rstrip()
    return f"{line}: {said}" if said else line


def _read_page(response: httpx.Response, number: int) -> list[object]:
    if response.status_code != 200:
        raise DayFailed(_status_line(response))
    try:
        body = json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        raise DayFailed(f"page {number + 1} of the answer is not complete JSON (cut short?)") from None
    if isinstance(body, dict) and "error" in body:
        raise DayFailed(f"Hugging Face said: {_error_text(response) or 'an error'}")
    if not isinstance(body, list):
        raise DayFailed("unexpected answer: not a list of papers")
    return body
