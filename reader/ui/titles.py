"""The reader's words for what it shows: list titles, empty lists, sync progress and reports.

Pure functions of domain values, so the wording is tested (and changed) in one place
without an app.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

from rich.cells import cell_len

from reader.core.models import Sort, SyncReport
from reader.ui.days import Section
from reader.ui.render import format_count, plural

FAILURES_SHOWN = 3
"""Files that could not be read named in the notice itself (the palette lists them all)."""


@dataclass(frozen=True)
class Notice:
    """One notification: its text, title, severity and how long it stays (None: the default)."""

    message: str
    title: str
    severity: Literal["information", "warning", "error"] = "information"
    timeout: float | None = None


def list_titles(
    section: Section,
    count: int | None,
    sort: Sort,
    reverse: bool,
    *,
    shown: int | None = None,
    hidden: int = 0,
    unread: int | None = None,
) -> tuple[str, str]:
    """The middle pane's title and subtitle: ``Dec 17, 2025 · 33 papers``, ``sort: title ↑ (s, S)``.

    ``count`` is the number of papers listed, None while they are read (a search then says
    ``searching…``, other sections the count they hold); a search says how many match in
    all when that is more (``20 of ~1,234 found``). ``shown``: the rows a filter keeps
    (``3 of 33 papers``); ``unread``: how many of those listed are unread (``12 unread``);
    ``hidden`` papers left out are counted (``3 hidden (X shows them)``)."""
    if section.kind == "search":
        sort_name = "relevance" if sort is Sort.PAGE else sort.label
        if count is not None and shown is not None:
            what = f"{format_count(shown)} of {format_count(count)} found"
        elif count is None:
            what = "searching…"
        else:
            listed = f"{format_count(count)} of {section.count_text}" if section.count > count else format_count(count)
            what = f"{listed} found"
    else:
        sort_name = sort.label
        what = plural(section.count if count is None else count, "paper")
        if shown is not None:
            what = f"{format_count(shown)} of {what}"
    arrow = " ↑" if reverse else ""
    if unread is not None and count:
        what += f" · {format_count(unread)} unread"
    if hidden:
        what += f" · {format_count(hidden)} hidden (X shows them)"
    if section.kind in ("similar", "foryou") and sort is Sort.PAGE:
        sort_name = "likeness"
    return f"{section.title} · {what}", f"sort: {sort_name}{arrow} (s, S)"


def empty_text(
    section: Section, *, syncing: bool, indexed: int, error: str | None = None, waiting: bool = False
) -> str:
    """What an empty list of ``section`` says (``indexed``: papers in the library; ``error``:
    why a search could not be run; ``waiting``: because the index is still being built)."""
    if waiting:
        return "Nothing searched yet: the papers are being indexed (the other lists work meanwhile)"
    if error is not None:
        return "Nothing searched: the query could not be read (see above)"
    if syncing and not indexed:
        return "Reading the dumps…"
    if section.kind == "bookmarks":
        return "No bookmarks yet: press b on a paper"
    if section.kind == "search":
        return "Nothing found"
    if section.kind == "unread":
        return "Nothing unread: every paper has been read"
    if section.kind == "similar":
        return "No paper shares enough words with this one"
    if section.kind == "watched":
        return "No paper matches the watch list (watch = [...] in config.toml)"
    return "No papers"


def progress_text(phase: str, done: int, total: int) -> str:
    """``Reading 3 / 12 files``, ``Indexing 1,200 / 5,000 papers``, ``Scanning the dumps``."""
    if not total:
        return f"{phase.capitalize()} the dumps"
    what = {"reading": "files", "indexing": "papers", "fetching": "days"}.get(phase, "")
    return f"{phase.capitalize()} {done:,} / {total:,} {what}"


def sync_notices(report: SyncReport, told: Collection[str] = ()) -> list[Notice]:
    """What the reader says after a sync: the index's own notices, the files that could not
    be read (a few named, the palette lists all; those in ``told``, said after an earlier
    sync for the same reason, are not said again), and what changed."""
    notices = [Notice(notice, "Index", "warning") for notice in report.notices]
    failed = [failure for failure in report.failed if f"{failure.path}: {failure.reason}" not in told]
    if failed:
        lines = [f"{failure.path}: {failure.reason}" for failure in failed[:FAILURES_SHOWN]]
        if len(failed) > FAILURES_SHOWN:
            lines.append(f"… and {len(failed) - FAILURES_SHOWN} more")
        lines.append("ctrl+p › Files that could not be read")
        count = len(failed)
        title = "1 file could not be read" if count == 1 else f"{count:,} files could not be read"
        notices.append(Notice("\n".join(lines), title, "warning", timeout=10))
    changed = changed_files(report)
    if changed and report.papers:
        notices.append(Notice(f"files: {changed}; {plural(report.papers, 'paper')}", "Index updated"))
    return notices


def changed_files(report: SyncReport) -> str:
    """``2 new, 1 removed``: the files a sync changed; empty when it changed none."""
    changes = [(report.new, "new"), (report.changed, "changed"), (report.removed, "removed")]
    return ", ".join(f"{count:,} {what}" for count, what in changes if count)


def shorten_middle(word: str, room: int) -> str:
    """``word`` in at most ``room`` cells, its middle left out (``https://hugging…/2512.00001``)."""
    if cell_len(word) <= room:
        return word
    head, tail = max(1, (room - 1) // 2), max(0, room - 1 - max(1, (room - 1) // 2))
    while head + tail > 0 and cell_len(word[:head] + word[len(word) - tail :]) > room - 1:
        if head >= tail:
            head -= 1
        else:
            tail -= 1
    return word[:head] + "…" + (word[len(word) - tail :] if tail else "")


def fit_notice(message: str, room: int) -> tuple[str, bool]:
    """``message`` as a toast ``room`` cells wide shows it with no word broken across two
    lines: a word longer than the room (a URL, a path) gets a line of its own, shortened in
    the middle. True when a word was shortened (the messages, ctrl+l, hold it whole)."""
    lines: list[str] = []
    shortened = False
    for line in message.split("\n"):
        words = line.split(" ")
        if all(cell_len(word) <= room for word in words):
            lines.append(line)
            continue
        current: list[str] = []
        for word in words:
            if cell_len(word) <= room:
                current.append(word)
                continue
            if current:
                lines.append(" ".join(current))
                current = []
            lines.append(shorten_middle(word, room))
            shortened = True
        if current:
            lines.append(" ".join(current))
    return "\n".join(lines), shortened
