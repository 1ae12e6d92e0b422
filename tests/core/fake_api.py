"""A local stand-in for the Hugging Face ``/api/daily_papers`` endpoint (pytest-httpserver).

It pages each day's list as the API does (``limit`` and ``p``), answers scripted responses
(errors, ``Retry-After``, cut-short bodies) first when a test queues them, and records every
call. Tests feed it real API answers from ``../shared`` or the invented items below.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response


def fake_item(day: dt.date, number: int) -> dict[str, object]:
    """One invented daily-papers item listed on ``day``."""
    arxiv_id = f"{day:%y%m}.{day.day:02d}{number:03d}"
    title = f"Invented Paper {number} of {day.isoformat()}"
    return {
        "paper": {
            "id": arxiv_id,
            "title": title,
            "summary": f"An invented abstract about topic {number}.",
            "authors": [{"name": f"Author {number}"}],
            "publishedAt": f"{day.isoformat()}T00:00:00.000Z",
            "submittedOnDailyAt": f"{day.isoformat()}T08:00:00.000Z",
            "upvotes": number,
        },
        "title": title,
        "numComments": 0,
    }


def fake_items(day: dt.date, count: int) -> list[dict[str, object]]:
    """``count`` invented items listed on ``day``."""
    return [fake_item(day, number) for number in range(1, count + 1)]


@dataclass
class FakeApi:
    """The endpoint's state: each day's items, scripted answers, and the calls made."""

    server: HTTPServer
    days: dict[str, list[object]] = field(default_factory=dict)
    script: list[Response] = field(default_factory=list)
    """Answers given, in order, before any day's list."""
    calls: list[tuple[str, int, int]] = field(default_factory=list)
    """(date, limit, page) of every call."""
    hangs: bool = False
    """True: every call waits, unanswered, until the test ends (a server that does not answer)."""
    release: threading.Event = field(default_factory=threading.Event)

    @property
    def endpoint(self) -> str:
        """The base address to fetch from."""
        return self.server.url_for("/").rstrip("/")

    def answer(self, request: Request) -> Response:
        """Serve one call."""
        date = request.args.get("date", "")
        limit = int(request.args.get("limit", "50"))
        page = int(request.args.get("p", "0"))
        self.calls.append((date, limit, page))
        if self.hangs:
            self.release.wait(10)
        if self.script:
            return self.script.pop(0)
        items = self.days.get(date, [])
        return Response(json.dumps(items[page * limit : (page + 1) * limit]), content_type="application/json")

    def json_answer(self, body: object, status: int = 200, headers: dict[str, str] | None = None) -> None:
        """Queue one scripted JSON answer."""
        self.script.append(Response(json.dumps(body), status=status, headers=headers, content_type="application/json"))


@pytest.fixture(scope="session")
def local_server() -> Iterator[HTTPServer]:
    """A threaded HTTP server on 127.0.0.1 for the whole session."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


@pytest.fixture
def api(local_server: HTTPServer) -> Iterator[FakeApi]:
    """A fresh fake API on the local server."""
    fake = FakeApi(local_server)
    local_server.expect_request("/api/daily_papers").respond_with_handler(fake.answer)
    yield fake
    fake.release.set()
    local_server.clear()
