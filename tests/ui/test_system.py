"""The desktop around the terminal: which links reach a browser, and which browser."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from reader.ui import system


def test_only_http_links_reach_a_graphical_browser(browser_opens: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    assert system.open_url("javascript:alert(1)") is not None
    assert system.open_url("file:///etc/passwd") is not None
    assert system.open_url("https://arxiv.org/abs/2512.00001") is None
    assert browser_opens == ["https://arxiv.org/abs/2512.00001"]
    monkeypatch.setattr(system.webbrowser, "get", lambda using=None: system.webbrowser.GenericBrowser("lynx"))
    assert system.open_url("https://arxiv.org/abs/2512.00001") == "only a terminal browser was found"


def test_a_browser_named_in_BROWSER_is_run_detached(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """VS Code remote, wslview and SSH URL helpers set $BROWSER to a script: it is honoured."""
    seen = tmp_path / "seen"
    script = tmp_path / "open-url"
    script.write_text(f'#!/bin/sh\necho "$@" > {seen}\n', encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setenv("BROWSER", f"/nonexistent/browser{os.pathsep}{script}")
    assert system.open_url("https://arxiv.org/abs/2512.00001") is None
    for _ in range(100):
        if seen.exists() and seen.read_text():
            break
        time.sleep(0.05)
    assert seen.read_text().strip() == "https://arxiv.org/abs/2512.00001"
    assert system.open_url("javascript:alert(1)") is not None, "still only http(s)"
    monkeypatch.setenv("BROWSER", f"{script} --url=%s")
    seen.unlink()
    assert system.open_url("https://arxiv.org/abs/2512.00002") is None
    for _ in range(100):
        if seen.exists() and seen.read_text():
            break
        time.sleep(0.05)
    assert seen.read_text().strip() == "--url=https://arxiv.org/abs/2512.00002"
