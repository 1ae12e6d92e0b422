"""Notices (toasts): a URL or a path in one is never broken across two of its lines."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.widgets._toast import Toast

from reader.ui.app import PapersApp
from reader.ui.titles import fit_notice, shorten_middle
from tests.ui.conftest import settle

MakeApp = Callable[..., PapersApp]
URL = "https://huggingface.co/papers/2512.00001?with=a-rather-long-query-string"
PATH = "/home/reader/.local/share/papers/exports/bookmarks-2025-12-17.bib"


def test_a_long_word_gets_a_line_of_its_own_shortened_in_the_middle() -> None:
    text, shortened = fit_notice(f"opened {URL} in the browser", 40)
    assert shortened
    lines = text.split("\n")
    assert lines[0] == "opened" and lines[2] == "in the browser"
    assert len(lines[1]) == 40 and lines[1].startswith("https://") and lines[1].endswith("long-query-string"[-10:])
    assert fit_notice("short words only", 40) == ("short words only", False)
    assert shorten_middle("日本語のとても長いパスの名前です", 11).count("…") == 1


@pytest.mark.parametrize("width", [80, 120, 200])
async def test_no_toast_line_breaks_a_url_or_a_path(make_app: MakeApp, width: int) -> None:
    app = make_app()
    async with app.run_test(size=(width, 30), notifications=True) as pilot:
        await settle(pilot)
        app.clear_notifications()
        app.notify(f"{URL}\ncould not be opened: copy the link with y", title="Not opened", markup=False)
        app.notify(PATH, title="Exported 3 bookmarks", markup=False)
        await pilot.pause()
        await pilot.pause()
        for _ in range(20):
            if len(app.screen.query(Toast)) == 2:
                break
            await pilot.pause(0.05)
        toasts = list(app.screen.query(Toast))
        assert len(toasts) == 2
        for toast, word in zip(toasts, (URL, PATH), strict=True):
            lines = [strip.text.strip() for strip in toast.render_lines(toast.region.reset_offset)]
            start, end = word[:8], word[-8:]
            holding = [line for line in lines if start in line or end in line]
            assert len(holding) == 1 and start in holding[0] and end in holding[0], "on one line, head and tail"
        full = [entry.message for entry in app.log_entries]
        assert any(URL in message for message in full) and PATH in full, "ctrl+l has them whole"
