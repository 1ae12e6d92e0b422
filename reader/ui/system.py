"""The desktop around the terminal: a native clipboard (pyperclip) and the web browser.

Both are called from worker threads. Nothing here may write to the terminal, which the
reader owns: pyperclip runs in a child process whose output goes nowhere, and a browser
that would take over the terminal (lynx, w3m, ...) is never started.
"""

from __future__ import annotations

import functools
import subprocess
import sys
import webbrowser

from reader.core.links import is_openable

_COPY_SCRIPT = "import sys, pyperclip; pyperclip.copy(sys.stdin.read())"


@functools.cache
def native_clipboard() -> bool:
    """True when pyperclip finds a copy mechanism (xclip, wl-copy, pbcopy, ...)."""
    try:
        import pyperclip

        copy, _paste = pyperclip.determine_clipboard()
        return bool(copy)
    except Exception:
        return False


def copy_native(text: str) -> bool:
    """Copy ``text`` with pyperclip in a quiet child process; True when it worked."""
    if not native_clipboard():
        return False
    try:
        done = subprocess.run(
            [sys.executable, "-c", _COPY_SCRIPT],
            input=text.encode("utf-8"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def _takes_the_terminal(browser: webbrowser.BaseBrowser) -> bool:
    """Console browsers (lynx, w3m, links, www-browser) run in our terminal: never start them."""
    return isinstance(browser, webbrowser.GenericBrowser) and not isinstance(browser, webbrowser.BackgroundBrowser)


def open_url(url: str) -> str | None:
    """Open ``url`` in a graphical browser; the reason as text when it was not opened."""
    if not is_openable(url):
        return "only http(s) links are opened"
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return "no web browser was found"
    if _takes_the_terminal(browser):
        return "only a terminal browser was found"
    try:
        opened = browser.open(url, new=2)
    except Exception as error:
        return f"the browser could not be started: {error}"
    return None if opened else "the browser could not be started"
