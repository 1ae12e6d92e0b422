"""Fixtures for the reader's UI tests: a small invented library with fixed days, and a
factory of apps over it. ``settle`` waits until the app's workers are done."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from reader.core.library import Library
from reader.core.settings import load_settings
from reader.ui.app import PapersApp, create_app
from reader.ui.screenshots import settle

__all__ = ["settle"]
from tests.factories import FakePaper, write_page_copy

MARKUP_TITLES = (
    "[CLS] token pooling for sentence embeddings",
    "List[int] and x[/] in typed program synthesis",
    "[@click=app.quit]x marks the spot in visual grounding",
    "[link=file:///etc/passwd]x hidden links in web agents",
    "[B]old claims about diffusion transformers",
)

DEC_17 = [FakePaper(title, f"An abstract about {title.split()[-1]} and diffusion models.") for title in MARKUP_TITLES]
DEC_16 = [
    FakePaper(
        "Sparse mixture routing for video diffusion",
        "We route tokens of a video diffusion model through sparse experts.",
        footer="  • 7 authors",
        date="Nov 2, 2025 12",
    ),
    FakePaper(
        "Graph retrieval agents that plan",
        "Agents retrieve subgraphs and plan over them to answer questions.",
        footer="acme Acme Research",
        date="Oct 5, 2025 3",
    ),
    FakePaper(
        "Quantization without tears",
        "Four-bit weights with no calibration data at all.",
        footer="  • 2 authors",
        date="Dec 1, 2025 30",
    ),
]


def _api_item(arxiv_id: str, title: str, upvotes: int, comments: int, published: str) -> dict[str, object]:
    return {
        "paper": {
            "id": arxiv_id,
            "title": title,
            "summary": f"{title}: we report what we found about alignment and scaling.",
            "authors": [{"name": "Ada Lovelace"}, {"name": "Alan Turing"}],
            "publishedAt": f"{published}T08:00:00.000Z",
            "submittedOnDailyAt": "2025-12-15T09:00:00.000Z",
            "upvotes": upvotes,
            "ai_summary": f"A short summary of {title.lower()}.",
            "ai_keywords": ["alignment", "scaling"],
            "githubRepo": f"https://github.com/example/{arxiv_id.replace('.', '-')}",
        },
        "numComments": comments,
        "title": title,
    }


DEC_15 = [
    _api_item("2512.00001", "Scaling laws for reward models", 50, 2, "2025-12-10"),
    _api_item("2512.00002", "Alignment from tiny preference sets", 7, 9, "2025-12-12"),
]


def write_library(root: Path) -> Path:
    """The fixture dumps: Dec 17 (markup-looking titles), Dec 16 (page copy), Dec 15 (API JSON)."""
    write_page_copy(root / "2025-12-17-daily-papers.txt", "Dec 17", DEC_17)
    write_page_copy(root / "2025-12-16-daily-papers.txt", "Dec 16", DEC_16)
    (root / "2025-12-15-api.json").write_text(json.dumps(DEC_15, indent=1), encoding="utf-8")
    return root


@pytest.fixture
def dumps(tmp_path: Path) -> Path:
    """A folder of fixture dumps."""
    return write_library(tmp_path / "dumps")


@pytest.fixture
def state_path(tmp_path: Path) -> Path:
    """Where the reader remembers its selection in a test."""
    return tmp_path / "state" / "state.json"


@pytest.fixture
def make_app(dumps: Path, state_path: Path) -> Iterator[Callable[..., PapersApp]]:
    """Build the app over the fixture dumps, indexed beforehand (the app's own sync then finds
    nothing new, so no notification depends on timing). Auto-read is off unless ``auto_read``
    gives its delay (a test that waits must not mark papers read by the way). Libraries are
    closed afterwards."""
    apps: list[PapersApp] = []

    def make(root: Path | None = None, *, presync: bool = True, auto_read: float | None = None) -> PapersApp:
        library = Library([root or dumps])
        if presync:
            library.sync()
        settings = load_settings()  # (config.toml in the test's own config dir)
        settings = replace(settings, reader=replace(settings.reader, auto_read=auto_read))
        app = create_app(library, state_path=state_path, settings=settings)
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.library.close()


@pytest.fixture
def browser_opens(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A graphical browser that records the URLs it is asked to open (no ``$BROWSER``)."""
    from reader.ui import system

    opened: list[str] = []

    class Browser(system.webbrowser.BackgroundBrowser):
        def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
            opened.append(url)
            return True

    monkeypatch.delenv("BROWSER", raising=False)
    monkeypatch.setattr(system.webbrowser, "get", lambda using=None: Browser("true"))
    return opened


class LayoutCount:
    """How many times the app's current screen has been laid out since this was made."""

    def __init__(self, app: PapersApp) -> None:
        self.count = 0
        screen = app.screen
        original = screen._refresh_layout

        def counted(*args: Any, **options: Any) -> None:
            self.count += 1
            original(*args, **options)

        screen._refresh_layout = counted  # type: ignore[method-assign]
