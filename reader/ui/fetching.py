"""``LibraryFetch``: today's papers in one key (``F``), and the library folders watched.

``F`` (or the palette) fetches the days the Hugging Face API has that the library lacks, in a
thread worker, with its progress in the status row; the files it saves are ordinary dumps,
and the sync that follows names the new days. While the reader runs, a second worker watches
the library folders (native file events) and syncs a moment after a change settles: a dump
saved from the browser, ``papers add`` or ``papers fetch`` in another terminal shows up with a
notice, and nothing moves under the cursor. Part of ``ReaderScreen``.
"""

from __future__ import annotations

import threading
from collections.abc import Set
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.message import Message
from textual.worker import get_current_worker

from reader.core.errors import ReaderError
from reader.ui.messages import SyncProgress
from reader.ui.reader_parts import ReaderParts

if TYPE_CHECKING:
    from reader.core.fetch import FetchResult

WATCH_GROUP = "watch"
"""The worker group of the folder watch (it runs as long as the reader)."""


@dataclass
class FetchDone(Message):
    """A fetch ended: what it did (``result``), or why it could not start (``error``)."""

    result: FetchResult | None
    error: str | None = None
    problems: tuple[str, ...] = ()
    """What was wrong in config.toml (the defaults were used)."""


@dataclass
class FoldersChanged(Message):
    """Files in the library folders changed and settled."""

    paths: Set[Path]


class WatchReady(Message):
    """The folder watch is in place: changes from now on are seen."""


class LibraryFetch(ReaderParts):
    """The fetch and the folder watch, mixed into ``ReaderScreen``."""

    watching: bool
    """True once the folder watch is in place."""
    _watch_stop: threading.Event | None
    """Set to end the running folder watch; None while none runs."""

    # -- fetch ----------------------------------------------------------------------------

    def action_fetch(self) -> None:
        """Fetch the latest days from the Hugging Face API into the library."""
        if self.fetching:
            self.notify("Already fetching")
            return
        self.fetching = True
        self.post_message(SyncProgress("fetching", 0, 0))
        self._fetch()

    @work(thread=True, group="fetch", exclusive=True, exit_on_error=False)
    def _fetch(self) -> None:
        # Imported here: the HTTP client and the settings cost the reader's start a tenth of a second.
        from reader.core.fetch import fetch, fetch_folder, plan_days
        from reader.core.settings import load_settings

        worker = get_current_worker()
        problems: tuple[str, ...] = ()
        try:
            settings = load_settings()
            problems = tuple(settings.problems)
            folder = fetch_folder(self.library.roots)
            days = plan_days(folder, settings.fetch)

            def progress(phase: str, done: int, total: int) -> None:
                self.post_message(SyncProgress(phase, done, total))

            result = fetch(folder, days, settings.fetch, progress=progress, cancel=lambda: worker.is_cancelled)
        except ReaderError as error:
            self.post_message(FetchDone(None, str(error), problems))
            return
        except Exception as error:  # a bug must not leave the reader "fetching" for good
            self.post_message(FetchDone(None, f"{type(error).__name__}: {error}", problems))
            return
        self.post_message(FetchDone(result, None, problems))

    @on(FetchDone)
    def _fetch_done(self, done: FetchDone) -> None:
        self.fetching = False
        for problem in done.problems:
            self.notify(problem, title="config.toml", severity="warning", markup=False)
        if done.result is None:
            self.notify(done.error or "the fetch failed", title="Not fetched", severity="error", markup=False)
            if not self.syncing and self.sync_status is not None:
                self.sync_status.display = False
            return
        result = done.result
        failed = [outcome.describe() for outcome in result.failed]
        text = "\n".join([result.summary(), *failed[:3]])
        self.notify(text, title="Fetched", severity="warning" if failed else "information", markup=False)
        if self.syncing:  # (the watch saw the new files first) one more sync names the days
            self._sync_again = True
        else:
            self.start_sync(announce=True)

    # -- watching the folders -------------------------------------------------------------

    def start_watching(self) -> None:
        """Watch the library folders from now on (unless they are watched already)."""
        if self._watch_stop is None:
            self._watch_stop = threading.Event()
            self._watch(self._watch_stop)

    def stop_watching(self) -> None:
        """Stop the folder watch (its worker ends within a moment)."""
        if self._watch_stop is not None:
            self._watch_stop.set()
            self._watch_stop = None
            self.watching = False

    @work(thread=True, group=WATCH_GROUP, exit_on_error=False)
    def _watch(self, stop: threading.Event) -> None:
        from reader.core.watch import watch  # watchfiles is loaded once the first sync is done

        def changed(paths: set[Path]) -> None:
            self.post_message(FoldersChanged(paths))

        def ready() -> None:
            self.post_message(WatchReady())

        watch(self.library.roots, changed, stop, on_ready=ready)

    @on(WatchReady)
    def _watch_ready(self) -> None:
        self.watching = True

    @on(FoldersChanged)
    def _folders_changed(self, event: FoldersChanged) -> None:
        if self.syncing:
            self._sync_again = True
        else:
            self.start_sync(quiet=True, announce=True)
