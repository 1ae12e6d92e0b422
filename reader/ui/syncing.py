"""``LibrarySync``: bringing the index in line with the dump folders while the reader runs.

The sync runs in a thread worker that posts ``SyncProgress`` (the latest replaces any still
queued) and then ``SyncDone``; the progress is shown in the ``SyncStatus`` row once the sync
has run a moment. Part of ``ReaderScreen``; another background job (fetching, watching the
folders) is a worker and messages of its own beside this one.
"""

from __future__ import annotations

import time

from textual import on, work
from textual.worker import get_current_worker

from reader.core.errors import ReaderError
from reader.core.models import Day, FileFailure, SyncReport
from reader.ui.footer import KeysFooter
from reader.ui.messages import CatalogReady, SyncDone, SyncProgress
from reader.ui.reader_parts import ReaderParts
from reader.ui.sync_status import SyncStatus
from reader.ui.titles import sync_notices

STATUS_DELAY = 0.5
"""Seconds the sync at start runs before its progress is shown."""


INDEXING_STEP = 5
"""While the index is built, an open search says how far it is every this many percent."""


class SyncCancelled(Exception):
    """Raised from the progress callback to stop a sync when the reader quits."""


class LibrarySync(ReaderParts):
    """The sync's worker, progress and outcome, mixed into ``ReaderScreen``."""

    failures: list[FileFailure]
    _progress: tuple[str, int, int]
    _status_from: float
    _days_before: list[Day] | None
    """The days before a sync whose new days are announced when it ends."""
    _auto_section: bool
    _synced_once: bool
    _sync_asked: bool
    _indexing_step = -1
    _failures_told: frozenset[str] | set[str] = frozenset()
    """The files the last sync could not read, as said: the next sync does not say them again."""
    opening: bool
    """True when the user asked for the running sync (ctrl+r): it says so even if nothing changed."""

    def start_sync(self, *, quiet: bool = False, announce: bool = False) -> None:
        """Sync the index with the dump folders in a worker, showing its progress (``quiet``:
        only once it has taken STATUS_DELAY seconds; a sync that finds nothing new is quick).
        ``announce``: name the days that got new papers when it ends."""
        self.syncing = True
        if self._synced_once:  # only the first sync may take the reader to a newer day
            self._auto_section = False
        self._sync_asked = not quiet and not announce
        self._days_before = self.library.days() if announce else None
        self._progress = ("scanning", 0, 0)
        self._status_from = time.monotonic() + (STATUS_DELAY if quiet else 0.0)
        if quiet:
            self.set_timer(STATUS_DELAY, self._show_progress)
        else:
            self._show_progress()
        self._sync()

    @on(SyncProgress)
    def _sync_progressed(self, event: SyncProgress) -> None:
        self._progress = (event.phase, event.done, event.total)
        self._show_progress()
        search = self.search_section
        if event.phase == "indexing" and event.total and search is not None and self.section == search:
            step = event.done * 100 // event.total // INDEXING_STEP
            if step != self._indexing_step:  # the search says how far the index is, every few percent
                self._indexing_step = step
                self.load(search, self.paper_list.current_key)

    def _show_progress(self) -> None:
        if not (self.syncing or self.fetching) or time.monotonic() < self._status_from:
            return
        if self.sync_status is None:
            self.sync_status = SyncStatus(*self._progress, id="status")
            self.mount(self.sync_status, before=self.query_one(KeysFooter))
        else:
            self.sync_status.show_progress(*self._progress)

    @property
    def status_shown(self) -> bool:
        """True while the sync status row is on screen."""
        return self.sync_status is not None and self.sync_status.display

    @on(SyncDone)
    def _sync_finished(self, done: SyncDone) -> None:
        self.syncing = False
        self._synced_once = True
        if self.sync_status is not None and not self.fetching:
            self.sync_status.display = False
        before, self._days_before = self._days_before, None
        asked, self._sync_asked = self._sync_asked, False
        self.start_watching()
        if self._sync_again:  # the folders changed while it ran: once more, after this one is told
            self._sync_again = False
            self.call_later(self.start_sync, quiet=True, announce=True)
        if done.report is None:
            self.notify(done.error or "the sync failed", title="Index not updated", severity="error", markup=False)
            for index_notice in self.library.notices:  # what a finished sync would have reported
                self.notify(index_notice, title="Index", severity="warning", markup=False)
            self.library.notices.clear()
            return
        report = done.report
        for notice in sync_notices(report, self._failures_told):
            self.notify(
                notice.message, title=notice.title, severity=notice.severity, markup=False, timeout=notice.timeout
            )
        self.failures = list(report.failed)
        self._failures_told = {f"{failure.path}: {failure.reason}" for failure in report.failed}
        if before is not None:
            from reader.core.watch import day_changes  # (watchfiles: loaded when first needed)

            changes = [change.describe() for change in day_changes(before, self.library.days())]
            if changes:
                self.notify("\n".join(changes[:5]), title="New in the library", markup=False, timeout=8)
        if asked and not (report.new or report.changed or report.removed):
            self.notify("Nothing new in the dump folders", title="Index up to date", timeout=3)
        if done.listed:  # listed when the catalog was ready: a search typed meanwhile runs now
            if self.search_section is not None and self.section == self.search_section:
                self.load(self.search_section, self.paper_list.current_key)
        else:
            self._list_catalog(report)
        self.opening = False  # later syncs never take the reader to another day

    @on(CatalogReady)
    def _catalog_ready(self, ready: CatalogReady) -> None:
        self._list_catalog(ready.report)

    def _list_catalog(self, report: SyncReport) -> None:
        """List what the sync brought (or the welcome, for a library without papers)."""
        self.show_welcome(report.papers == 0)
        if report.new or report.changed or report.removed or self.section is None:
            self.paper_list.forget()  # else what is shown is what the index holds
            self._read_sections(reload=True)

    @work(thread=True, group="sync", exclusive=True, exit_on_error=False)
    def _sync(self) -> None:
        worker = get_current_worker()

        def progress(phase: str, done: int, total: int) -> None:
            if worker.is_cancelled:
                raise SyncCancelled
            self.post_message(SyncProgress(phase, done, total))

        try:
            report = self.library.sync(progress, defer_index=True)
            if report.index_pending:
                self.post_message(CatalogReady(report))
                self.library.build_index(progress)
            self.post_message(SyncDone(report, listed=report.index_pending))
        except SyncCancelled:
            pass
        except ReaderError as error:
            self.post_message(SyncDone(None, str(error)))
        except Exception as error:  # a bug must not leave the reader saying "Reading…" forever
            self.post_message(SyncDone(None, f"{type(error).__name__}: {error}"))

    def action_rescan(self) -> None:
        """Sync again with the dump folders."""
        if self.syncing:
            self.notify("Already scanning the dump folders")
            return
        self.start_sync()
