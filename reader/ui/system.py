"""The desktop around the terminal: a native clipboard (pyperclip) and the web browser.

Both are called from worker threads. Nothing here may write to the terminal, which the
reader owns: pyperclip runs in a child process whose output goes nowhere, and a browser
found by looking around that would take over the terminal (lynx, w3m, ...) is never
started. A browser the user named (``$BROWSER``, as VS Code remote, ``wslview`` or an SSH
URL-forwarding helper set it) is run as named, detached, its output going nowhere.
"""

from __future__ import annotations

import functools
import os
import shlex
import shutil
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


def named_browser() -> str | None:
    """The browser command the user named in ``$BROWSER`` (its first entry that exists)."""
    for command in os.environ.get("BROWSER", "").split(os.pathsep):
        words = shlex.split(command) if command.strip() else []
        if words and shutil.which(words[0]):
            return command
    return None


def run_browser(command: str, url: str) -> str | None:
    """Run ``command`` on ``url`` (``%s`` stands for the URL, else it is appended), detached
    from the terminal; the reason as text when it could not be started."""
    words = shlex.split(command)
    arguments = [word.replace("%s", url) for word in words] if "%s" in command else [*words, url]
    try:
        subprocess.Popen(
            arguments,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError as error:
        return f"{words[0]} could not be started: {error.strerror or error}"
    return None


def open_url(url: str, browser: str | None = None) -> str | None:
    """Open ``url`` with ``browser`` (a command) or the one named in ``$BROWSER``, else a
    graphical browser found on the system; the reason as text when it was not opened."""
    if not is_openable(url):
        return "only http(s) links are opened"
    command = browser or named_browser()
    if command:
        return run_browser(command, url)
    try:
        found = webbrowser.get()
    except webbrowser.Error:
        return "no web browser was found"
    if _takes_the_terminal(found):
        return "only a terminal browser was found"
    try:
        opened = found.open(url, new=2)
    except Exception as error:
        return f"the browser could not be started: {error}"
    return None if opened else "the browser could not be started"


def editor_command() -> list[str]:
    """The user's editor: ``$VISUAL``, else ``$EDITOR`` (with its arguments, such as
    ``code -w``), else ``vi``."""
    named = os.environ.get("VISUAL", "").strip() or os.environ.get("EDITOR", "").strip()
    try:
        command = shlex.split(named) if named else []
    except ValueError:
        command = []
    return command or ["vi"]


def edit_file(path: str) -> str | None:
    """Run the user's editor on ``path`` in the terminal (the reader is suspended); what went
    wrong in one line, or None."""
    command = editor_command()
    if shutil.which(command[0]) is None:
        return f"no editor {command[0]!r} found: set $EDITOR, or press e to write the note here"
    try:
        finished = subprocess.run([*command, path], check=False)
    except OSError as error:
        return f"{command[0]} could not be started: {error.strerror or error}"
    return (
        None if finished.returncode == 0 else f"{command[0]} ended with status {finished.returncode}: note not changed"
    )
