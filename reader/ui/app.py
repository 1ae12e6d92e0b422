"""``PapersApp``: the three-pane reader, and ``run``/``create_app`` to start it.

Days | papers | detail. Library reads that can take time (days, key lists, search, the
sync, bookmark writes, exports) run in thread workers that return a result object; the
results are applied on the UI thread in ``on_worker_state_changed``. Only the rows on
screen are fetched directly (a few dozen papers by key from the catalog).
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, ClassVar

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Container, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button, Input, Label, ProgressBar, Static
from textual.worker import Worker, WorkerState, get_current_worker

from reader.core import paths
from reader.core.catalog import Sort
from reader.core.errors import QueryError, ReaderError
from reader.core.export import ExportFormat, export_bookmarks
from reader.core.library import Library
from reader.core.links import is_openable
from reader.core.models import Day, FileFailure, Paper, SyncReport
from reader.core.storage import atomic_write_text
from reader.ui.commands import PapersCommands
from reader.ui.days import DayList, Entry, build_entries
from reader.ui.debounce import Debounce
from reader.ui.detail import PaperDetail
from reader.ui.footer import KeysFooter
from reader.ui.paper_list import PaperList
from reader.ui.render import format_count, plural
from reader.ui.screens import CopyChoice, CopyMenu, FailuresScreen, HelpScreen
from reader.ui.state import UiState, default_state_path, load_state, save_state
from reader.ui.system import copy_native, open_url

SEARCH_LIMIT = 1000
"""The most papers a search lists (its title says how many match in all)."""
SEARCH_DELAY = 0.35
"""Seconds of typing pause before the search runs by itself."""
SAVE_DELAY = 2.0
"""Seconds after the selection last moved before it is remembered on disk."""
DETAIL_REST = 0.15
"""Seconds the selection rests before the detail pane shows where it stopped.

A move after a rest is shown at once; moves that follow each other faster than this (a
held-down key, quick taps) move the list at full speed and the detail shows the paper the
selection stops on, this long after the last move (like a mail reader's preview pane)."""
STATUS_DELAY = 0.5
"""Seconds the sync at start runs before its progress is shown."""
SYNC_FALLBACK = 1.0
"""Seconds after start at which the first sync starts even if no list was shown yet."""
EXPORT_SUFFIXES = {"md": "md", "bibtex": "bib", "json": "json"}


class SyncCancelled(Exception):
    """Raised from the progress callback to stop a sync when the reader quits."""


@dataclass(frozen=True)
class EntriesRead:
    """The left pane's data, read in a worker."""

    days: list[Day]
    papers: int
    bookmarks: int
    reload: bool
    keys: KeysRead | None = None
    """At start, the keys of the entry the reader opens on, read in the same worker (one
    trip to a thread and one layout of the screen less before the first list shows)."""


@dataclass(frozen=True)
class KeysRead:
    """The keys of one entry, read in a worker (``error`` for a bad search query)."""

    entry: Entry
    keys: list[str]
    cursor: int
    generation: int
    terms: tuple[str, ...] = ()
    total: int = 0
    total_exact: bool = True
    error: str | None = None


@dataclass(frozen=True)
class StartRead:
    """The entry, paper and sort the reader starts on (remembered from the last run)."""

    entry: str | None
    paper: str | None
    sort: Sort
    reverse: bool


def start_ref(entries: Sequence[Entry], ref: str | None) -> str:
    """``ref`` when it is one of ``entries``, else the newest day (or all papers)."""
    if any(entry.ref == ref for entry in entries) and ref is not None:
        return ref
    return next((entry.ref for entry in entries if entry.kind == "day"), "all")


@dataclass(frozen=True)
class SyncDone:
    """What a sync did, or why it failed."""

    report: SyncReport | None
    error: str | None = None


@dataclass(frozen=True)
class BookmarkToggled:
    """A bookmark toggled in a worker (``bookmarked`` is None when it could not be saved)."""

    paper: Paper
    bookmarked: bool | None
    count: int
    error: str | None = None


@dataclass(frozen=True)
class LibraryOpened:
    """Another library (the demo) opened in a worker."""

    library: Library


class Welcome(VerticalScroll):
    """Shown when the library has no papers: how to add dumps, and the demo."""

    def __init__(self, roots: Sequence[Path], demo: bool, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.roots = list(roots)
        self.demo = demo

    def compose(self) -> ComposeResult:
        """The instructions and the demo button."""
        folders = "\n".join(f"    {root}" for root in self.roots) or f"    {paths.default_dump_dir()}"
        muted = "$text-muted"
        text = Content.assemble(
            ("Welcome to papers\n\n", "bold $text-accent"),
            "There are no Daily Papers dumps here yet. Add some:\n\n",
            ("  papers add FILE...", "bold"),
            ("            copy dump files into the library folder\n", muted),
            "  or put files into\n",
            (folders + "\n", "bold"),
            ("  papers --dumps PATH", "bold"),
            ("           open other files or folders\n\n", muted),
            "Copies of huggingface.co/papers pages, saved HTML, API JSON, RSS, Markdown digests\n",
            "and CSV all work. Press ctrl+r to scan again after adding files.",
        )
        yield Static(text, id="welcome-text")
        if self.demo:
            with Center():
                yield Button("Open the demo dumps (d)", id="demo-button", variant="primary")


class PapersApp(App[int]):
    """The reader: days | papers | detail over one ``Library``."""

    CSS_PATH = "papers.tcss"
    TITLE = "papers"
    HORIZONTAL_BREAKPOINTS: list[tuple[int, str]] | None = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012
    COMMANDS = App.COMMANDS | {PapersCommands}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark,f1", "help", "Help", key_display="?", id="app.help"),
        Binding("slash", "search", "Search", key_display="/", id="app.search"),
        Binding("escape", "leave_search", "Leave search", id="app.leave_search"),
        Binding("b", "bookmark", "Bookmark", id="app.bookmark"),
        Binding("B", "bookmarks", "Bookmarks", show=False, id="app.bookmarks"),
        Binding("y", "copy_link", "Copy link", id="app.copy_link"),
        Binding("Y", "copy_menu", "Copy…", show=False, id="app.copy_menu"),
        Binding("o", "open_link", "Open", id="app.open_link"),
        Binding("s", "cycle_sort", "Sort", id="app.sort"),
        Binding("S", "reverse_sort", "Reverse", show=False, id="app.reverse_sort"),
        Binding("left_square_bracket", "older_day", "Older day", show=False, key_display="[", id="app.older_day"),
        Binding("right_square_bracket", "newer_day", "Newer day", show=False, key_display="]", id="app.newer_day"),
        Binding("tab", "next_pane", "Next pane", show=False, priority=True, id="app.next_pane"),
        Binding("shift+tab", "previous_pane", "Previous pane", show=False, priority=True, id="app.previous_pane"),
        Binding("l", "next_pane", "Next pane", show=False, id="app.next_pane_l"),
        Binding("h", "previous_pane", "Previous pane", show=False, id="app.previous_pane_h"),
        Binding("ctrl+r", "rescan", "Rescan", show=False, id="app.rescan"),
        Binding("d", "demo", "Demo", id="app.demo"),
    ]

    _READER_ACTIONS = frozenset(
        {
            "help",
            "search",
            "leave_search",
            "bookmark",
            "bookmarks",
            "copy_link",
            "copy_menu",
            "open_link",
            "cycle_sort",
            "reverse_sort",
            "older_day",
            "newer_day",
            "next_pane",
            "previous_pane",
            "rescan",
            "demo",
        }
    )
    _PAPER_ACTIONS = frozenset({"bookmark", "copy_link", "copy_menu", "open_link"})

    def __init__(self, library: Library, *, state_path: Path | None = None) -> None:
        super().__init__()
        self.library = library
        self.state_path = state_path or default_state_path()
        self.sort = Sort.PAGE
        self.reverse = False
        self.entry: Entry | None = None
        """The entry whose papers the middle pane shows (or is loading)."""
        self.search_entry: Entry | None = None
        """The open search, shown as the first row of the left pane."""
        self.failures: list[FileFailure] = []
        """Files the last sync could not read."""
        self.syncing = False
        self._welcome = False
        self._generation = 0
        self._want_entry: str | None = None
        self._auto_entry = True
        """True while the entry shown was picked by the reader, not the user or the saved state."""
        self._want_paper: str | None = None
        self._before_search: tuple[str | None, str | None] | None = None
        self._progress: tuple[str, int, int] = ("", 0, 0)
        self._progress_timer: Timer | None = None
        self._status_from = 0.0
        self._status: tuple[Horizontal, Label, ProgressBar] | None = None
        """The sync status row (status, its text, its bar) once it was shown."""
        self._search: tuple[Horizontal, Input, Label] | None = None
        """The search bar (bar, box, error line) once it was opened."""
        self._search_soon = Debounce(self, SEARCH_DELAY, self._run_search)
        self._save_soon = Debounce(self, SAVE_DELAY, self.save_state)
        self._detail_soon = Debounce(self, DETAIL_REST, self._show_detail)
        """Follows the selection's moves: the detail shows where a quick run of them stops."""
        self._sync_pending = False
        """True from the start until the first sync starts (after the first list is shown)."""
        self._list_read = False
        """True once a list was read (until then the paper keys are not shown as disabled)."""
        self._start: StartRead | None = None
        """What the first read of the entries also read the keys for."""
        self.day_list = DayList(id="days")
        """The left pane."""
        self.paper_list = PaperList(self._fetch, self._is_bookmarked, self._paper_highlighted, id="papers")
        """The middle pane."""
        self.detail = PaperDetail(id="detail")
        """The right pane."""

    # -- building -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Days | papers | detail, and the footer.

        The search bar, the welcome view and the sync status are mounted the first time they
        are needed (``_search_bar``, ``_show_welcome``, ``_show_progress``): a reader that
        never needs them starts sooner and has fewer widgets to go through on each key.
        """
        with Horizontal(id="main"):
            yield self.day_list
            with Container(id="right"):
                with Vertical(id="middle"):
                    yield self.paper_list
                yield self.detail
        yield KeysFooter()

    def on_load(self) -> None:
        """Restore the remembered selection and start reading what is indexed (the read runs
        while the screen is built; its result is applied once it is mounted)."""
        state = load_state(self.state_path)
        self.sort, self.reverse = state.sort, state.reverse
        self._want_entry, self._want_paper = state.entry, state.paper
        self._start = StartRead(self._want_entry, self._want_paper, self.sort, self.reverse)
        self._read_entries(reload=True, start=self._start)

    def on_mount(self) -> None:
        """Titles and focus; the sync waits for the first list to be shown."""
        self.day_list.border_title = self.title
        self.detail.border_title = "Paper"
        self.paper_list.focus()
        if self.library.bookmarks.problem:
            self.notify(self.library.bookmarks.problem, title="Bookmarks", severity="warning", markup=False)
        # What is indexed is shown first; the sync starts once the first list is on screen
        # (``_start_pending_sync``), so the two do not compete for the CPU at start.
        self.syncing = self._sync_pending = True
        self.set_timer(SYNC_FALLBACK, self._start_pending_sync)

    def _start_pending_sync(self) -> None:
        if self._sync_pending and self.is_running:
            self._sync_pending = False
            self.start_sync(quiet=True)

    def _sync_after_paint(self) -> None:
        if self._sync_pending:
            self.call_after_refresh(self._start_pending_sync)

    def on_unmount(self) -> None:
        """Remember the selection for the next run."""
        self.save_state()

    # -- small helpers --------------------------------------------------------------------

    @property
    def demo_available(self) -> bool:
        """True when the demo dumps exist and are not what is open."""
        demo = paths.demo_dumps_dir()
        return demo.is_dir() and [root.resolve() for root in self.library.roots] != [demo.resolve()]

    def _fetch(self, keys: Sequence[str]) -> dict[str, Paper]:
        return self.library.papers(keys)

    def _is_bookmarked(self, paper: Paper) -> bool:
        return self.library.is_bookmarked(paper)

    def current_paper(self) -> Paper | None:
        """The selected paper."""
        return self.paper_list.current_paper

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Reader keys only act on the reader (not under a dialog); some need a paper."""
        if action in self._READER_ACTIONS and len(self.screen_stack) > 1:
            return False
        if action == "leave_search":
            return self.search_entry is not None or self._before_search is not None
        if action == "demo":
            return self._welcome and self.demo_available
        if self._welcome and action not in ("help", "rescan", "demo", "quit"):
            return False
        if action in self._PAPER_ACTIONS and self._list_read and not self.paper_list.keys:
            return None
        return True

    def _state(self) -> UiState:
        entry_ref, paper = self._before_search or (None, None)
        if self._before_search is None or (self.entry is not None and self.entry.kind != "search"):
            entry_ref = self.entry.ref if self.entry else None
            paper = self.paper_list.current_key
        if self._auto_entry:
            entry_ref, paper = self._want_entry, self._want_paper
        return UiState(entry_ref, paper, self.sort, self.reverse)

    def save_state(self) -> None:
        """Write the remembered selection and sort now."""
        problem = save_state(self.state_path, self._state())
        if problem and self.is_running:
            self.notify(problem, title="Not remembered", severity="warning", markup=False)

    # -- workers --------------------------------------------------------------------------

    @work(thread=True, group="entries", exclusive=True, exit_on_error=False)
    def _read_entries(self, reload: bool, start: StartRead | None = None) -> EntriesRead:
        library = self.library
        days = library.days()
        papers, _ = library.counts()
        bookmarks = len(library.bookmark_keys())
        keys = None
        if start is not None:
            entries = build_entries(days, papers, bookmarks)
            ref = start_ref(entries, start.entry)
            entry = next(entry for entry in entries if entry.ref == ref)
            keys = self._keys_for(entry, start.sort, start.reverse, start.paper, 0)
        return EntriesRead(days, papers, bookmarks, reload, keys)

    @work(thread=True, group="keys", exclusive=True, exit_on_error=False)
    def _read_keys(self, entry: Entry, sort: Sort, reverse: bool, want: str | None, generation: int) -> KeysRead:
        return self._keys_for(entry, sort, reverse, want, generation)

    def _keys_for(self, entry: Entry, sort: Sort, reverse: bool, want: str | None, generation: int) -> KeysRead:
        """The keys of ``entry`` (runs in a worker thread)."""
        library = self.library
        terms: tuple[str, ...] = ()
        total, exact = 0, True
        try:
            if entry.kind == "search":
                result = library.search(entry.query, limit=SEARCH_LIMIT, sort=sort)
                keys, terms, total, exact = list(result.keys), result.terms, result.total, result.total_exact
                if reverse:
                    keys.reverse()
            elif entry.kind == "bookmarks":
                keys = self._sorted_bookmarks(sort, reverse)
            else:
                keys = library.keys(entry.day, sort, reverse)
        except QueryError as error:
            return KeysRead(entry, [], 0, generation, error=str(error))
        except ReaderError as error:
            return KeysRead(entry, [], 0, generation, error=f"cannot read the papers: {error}")
        try:
            cursor = keys.index(want) if want else 0
        except ValueError:
            cursor = 0
        return KeysRead(entry, keys, cursor, generation, terms, total or len(keys), exact)

    def _sorted_bookmarks(self, sort: Sort, reverse: bool) -> list[str]:
        keys = self.library.bookmark_keys()
        if sort is Sort.PAGE:
            return keys[::-1] if reverse else keys
        ordered = self.library.sort_keys(keys, sort, reverse)
        present = set(ordered)
        return ordered + [key for key in keys if key not in present]

    @work(thread=True, group="sync", exclusive=True, exit_on_error=False)
    def _sync(self) -> SyncDone:
        worker = get_current_worker()

        def progress(phase: str, done: int, total: int) -> None:
            if worker.is_cancelled:
                raise SyncCancelled
            self._progress = (phase, done, total)

        try:
            return SyncDone(self.library.sync(progress))
        except ReaderError as error:
            return SyncDone(None, str(error))

    @work(thread=True, group="bookmark", exit_on_error=False)
    def _toggle_bookmark(self, paper: Paper) -> BookmarkToggled:
        try:
            bookmarked = self.library.toggle_bookmark(paper)
        except ReaderError as error:
            return BookmarkToggled(paper, None, len(self.library.bookmarks), str(error))
        return BookmarkToggled(paper, bookmarked, len(self.library.bookmark_keys()))

    @work(thread=True, group="clipboard", exclusive=True, exit_on_error=False)
    def _copy_native(self, text: str) -> None:
        copy_native(text)

    @work(thread=True, group="browser", exit_on_error=False)
    def _open_url(self, url: str) -> None:
        problem = open_url(url)
        if problem:
            self.notify(f"{url}\n{problem}: copy the link with y", title="Not opened", severity="warning", markup=False)
        else:
            self.notify(url, title="Opened in the browser", markup=False)

    @work(thread=True, group="export", exit_on_error=False)
    def _export(self, fmt: ExportFormat) -> None:
        path = paths.data_dir() / "exports" / f"bookmarks.{EXPORT_SUFFIXES[fmt]}"
        try:
            atomic_write_text(path, export_bookmarks(self.library, fmt))
        except ReaderError as error:
            self.notify(str(error), title="Export failed", severity="error", markup=False)
            return
        count = plural(len(self.library.bookmarks), "bookmark")
        self.notify(str(path), title=f"Exported {count}", markup=False, timeout=10)

    @work(thread=True, group="library", exclusive=True, exit_on_error=False)
    def _open_library(self, roots: list[Path]) -> LibraryOpened:
        return LibraryOpened(Library(roots))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Apply what a worker read, on the UI thread."""
        worker = event.worker
        if event.state == WorkerState.ERROR:
            error = worker.error
            if isinstance(error, SyncCancelled):
                return
            reason = f"{type(error).__name__}: {error}"
            if worker.group == "sync":
                self._sync_finished(SyncDone(None, reason))
            else:
                self.notify(reason, title="Something went wrong", severity="error", markup=False)
                self._sync_after_paint()
            return
        if event.state != WorkerState.SUCCESS:
            return
        result: Any = worker.result
        if isinstance(result, EntriesRead):
            self._entries_read(result)
        elif isinstance(result, KeysRead):
            self._keys_read(result)
        elif isinstance(result, SyncDone):
            self._sync_finished(result)
        elif isinstance(result, BookmarkToggled):
            self._bookmark_toggled(result)
        elif isinstance(result, LibraryOpened):
            self._library_opened(result.library)

    # -- entries and keys -----------------------------------------------------------------

    def _entries_read(self, result: EntriesRead) -> None:
        entries = build_entries(result.days, result.papers, result.bookmarks, self.search_entry)
        refs = {entry.ref for entry in entries}
        auto = self._auto_entry
        ref = self._want_entry if auto or self.entry is None else self.entry.ref
        self._auto_entry = ref not in refs
        ref = start_ref(entries, ref)
        self.day_list.set_entries(entries, ref)
        entry = self.day_list.current
        if entry is not None and (result.reload or self.entry is None or entry.ref != self.entry.ref):
            want = self._want_paper if auto or self.entry is None else self.paper_list.current_key
            read, start = result.keys, self._start
            self._start = None
            same = start is not None and (want, self.sort, self.reverse) == (start.paper, start.sort, start.reverse)
            self.load(entry, want, read=read if same and read is not None and read.entry == entry else None)
        else:
            self._sync_after_paint()

    def load(self, entry: Entry, want: str | None = None, *, read: KeysRead | None = None) -> None:
        """Show ``entry``'s papers (read in a worker, or ``read`` already), the cursor on
        ``want`` when listed."""
        self.entry = entry
        self._generation += 1
        self._update_titles()
        if read is not None:
            self._keys_read(replace(read, generation=self._generation))
        else:
            self._read_keys(entry, self.sort, self.reverse, want, self._generation)

    def _keys_read(self, result: KeysRead) -> None:
        if result.generation != self._generation:
            return
        self._sync_after_paint()
        error = self._search[2] if self._search is not None else None
        if result.error is not None:
            if result.entry.kind == "search" and error is not None:
                error.update(Content(result.error))
                error.display = True
            else:
                self.notify(result.error, severity="error", markup=False)
            return
        if result.entry.kind == "search":
            if error is not None:
                error.display = False
            self._set_search_count(result.total, result.total_exact)
        empty = self._empty_text(result.entry)
        was_empty = not self._list_read or not self.paper_list.keys
        self._list_read = True
        self.paper_list.show(result.keys, cursor=result.cursor, terms=result.terms, empty=empty)
        if was_empty != (not result.keys):
            self.refresh_bindings()  # the keys that need a paper are enabled or disabled
        self._update_titles()
        self._save_soon.poke()

    def _empty_text(self, entry: Entry) -> str:
        indexed = next((entry.count for entry in self.day_list.entries if entry.kind == "all"), 0)
        if self.syncing and not indexed:
            return "Reading the dumps…"
        if entry.kind == "bookmarks":
            return "No bookmarks yet: press b on a paper"
        if entry.kind == "search":
            return "Nothing found"
        return "No papers"

    def _set_search_count(self, total: int, exact: bool) -> None:
        if self.search_entry is None:
            return
        self.search_entry = self.search_entry.with_count(total, exact)
        index = self.day_list.index_of("search")
        if index is not None:
            self.day_list.set_entry(index, self.search_entry)
        if self.entry is not None and self.entry.kind == "search":
            self.entry = self.search_entry

    def _update_titles(self) -> None:
        papers = self.paper_list
        entry = self.entry
        if entry is None:
            return
        count = len(papers.keys) if papers.keys or entry.kind != "search" else 0
        if entry.kind == "search":
            sort = "relevance" if self.sort is Sort.PAGE else self.sort.label
            shown = f"{format_count(count)} of {entry.count_text}" if entry.count > count else format_count(count)
            what = f"{shown} found"
        else:
            sort = self.sort.label
            what = plural(count, "paper")
        arrow = " ↑" if self.reverse else ""
        papers.border_title = Content(f"{entry.title} · {what}")
        papers.border_subtitle = Content(f"sort: {sort}{arrow} (s, S)")

    @on(DayList.Selected)
    def _day_selected(self, event: DayList.Selected) -> None:
        entry = event.entry
        self._auto_entry = False
        if self.entry is None or entry.ref != self.entry.ref or entry.query != self.entry.query:
            self.load(entry)

    @on(DayList.Entered)
    def _days_entered(self) -> None:
        self.paper_list.focus()

    @on(PaperList.Entered)
    def _papers_entered(self) -> None:
        self.detail.focus()

    @property
    def detail_pending(self) -> bool:
        """True while the detail pane waits for the selection to rest (see ``DETAIL_REST``)."""
        return self._detail_soon.pending

    def _paper_highlighted(self, key: str | None, moved: bool) -> None:
        rested = self._detail_soon.since_last() >= DETAIL_REST
        if moved:
            self._detail_soon.poke()
        if rested or not moved:  # a move after a rest, or a new list: shown at once
            self._show_detail()
        if self.entry is not None and key is not None:
            self._save_soon.poke()

    def _show_detail(self) -> None:
        """Show the selected paper in the detail pane."""
        self._detail_soon.cancel()
        papers = self.paper_list
        paper = papers.current_paper
        bookmarked = paper is not None and self.library.is_bookmarked(paper)
        self.detail.show(paper, terms=papers.terms, bookmarked=bookmarked)
        count = len(papers.keys)
        self.detail.border_subtitle = f"{format_count(papers.cursor + 1)} / {format_count(count)}" if count else ""

    # -- syncing --------------------------------------------------------------------------

    def start_sync(self, *, quiet: bool = False) -> None:
        """Sync the index with the dump folders in a worker, showing its progress (``quiet``:
        only once it has taken STATUS_DELAY seconds; a sync that finds nothing new is quick)."""
        self.syncing = True
        self._progress = ("scanning", 0, 0)
        self._status_from = time.monotonic() + (STATUS_DELAY if quiet else 0.0)
        self._show_progress()
        self._progress_timer = self.set_interval(0.1, self._show_progress)
        self._sync()

    def _show_progress(self) -> None:
        if time.monotonic() < self._status_from:
            return
        phase, done, total = self._progress
        what = {"reading": "files", "indexing": "papers"}.get(phase, "")
        text = f"{phase.capitalize()} the dumps" if not total else f"{phase.capitalize()} {done:,} / {total:,} {what}"
        if self._status is None:
            label = Label(Content(text), id="status-text")
            bar = ProgressBar(total=total or None, id="progress", show_eta=False)
            self._status = (Horizontal(label, bar, id="status"), label, bar)
            self.mount(self._status[0], before=self.query_one(KeysFooter))
            return
        row, label, bar = self._status
        row.display = True
        label.update(Content(text))
        bar.update(total=total or None, progress=done)

    @property
    def status_shown(self) -> bool:
        """True while the sync status row is on screen."""
        return self._status is not None and self._status[0].display

    def _sync_finished(self, done: SyncDone) -> None:
        self.syncing = False
        if self._progress_timer is not None:
            self._progress_timer.stop()
        if self._status is not None:
            self._status[0].display = False
        if done.report is None:
            self.notify(done.error or "the sync failed", title="Index not updated", severity="error", markup=False)
            for notice in self.library.notices:  # what a finished sync would have reported
                self.notify(notice, title="Index", severity="warning", markup=False)
            self.library.notices.clear()
            return
        report = done.report
        for notice in report.notices:
            self.notify(notice, title="Index", severity="warning", markup=False)
        self.failures = list(report.failed)
        if report.failed:
            lines = [f"{failure.path}: {failure.reason}" for failure in report.failed[:3]]
            if len(report.failed) > 3:
                lines.append(f"… and {len(report.failed) - 3} more")
            lines.append("ctrl+p › Files that could not be read")
            count = len(report.failed)
            title = "1 file could not be read" if count == 1 else f"{count:,} files could not be read"
            self.notify("\n".join(lines), title=title, severity="warning", markup=False, timeout=10)
        changes = [(report.new, "new"), (report.changed, "changed"), (report.removed, "removed")]
        done_files = ", ".join(f"{count:,} {what}" for count, what in changes if count)
        if done_files and report.papers:
            self.notify(f"files: {done_files}; {plural(report.papers, 'paper')}", title="Index updated", markup=False)
        self._show_welcome(report.papers == 0)
        if done_files or self.entry is None:  # else what is shown is what the index holds
            self.paper_list.forget()
            self._read_entries(reload=True)

    def _show_welcome(self, show: bool) -> None:
        self._welcome = show
        main = self.query_one("#main")
        if main.display == show:  # setting ``display`` lays out the screen even when it stays
            main.display = not show
        welcome = self.query(Welcome)
        if welcome:
            if welcome.first().display != show:
                welcome.first().display = show
        elif show:
            self.mount(Welcome(self.library.roots, self.demo_available, id="welcome"), after="#main")
        if show:
            self.call_after_refresh(self._focus_demo_button)
        elif not isinstance(self.focused, (DayList, PaperList, PaperDetail, Input)):
            self.paper_list.focus()
        self.refresh_bindings()

    def _focus_demo_button(self) -> None:
        button = self.query("#demo-button")
        if button and self._welcome:
            button.first().focus()

    @on(Button.Pressed, "#demo-button")
    def _demo_pressed(self) -> None:
        self.action_demo()

    def _library_opened(self, library: Library) -> None:
        old, self.library = self.library, library
        old.close()
        self.entry = None
        self.search_entry = None
        self._want_entry = self._want_paper = None
        self._auto_entry = True
        self._show_welcome(False)
        self.paper_list.forget()
        self._read_entries(reload=True)
        self.start_sync()

    # -- bookmarks ------------------------------------------------------------------------

    def _bookmark_toggled(self, result: BookmarkToggled) -> None:
        if result.error is not None:
            self.notify(result.error, title="Bookmark not saved", severity="error", markup=False)
            return
        paper = result.paper
        index = self.day_list.index_of("bookmarks")
        if index is not None:
            self.day_list.set_entry(index, self.day_list.entries[index].with_count(result.count))
        self.paper_list.redraw()
        if self.detail.paper is not None and self.detail.paper.key == paper.key:
            self.detail.show(paper, terms=self.paper_list.terms, bookmarked=bool(result.bookmarked))
        title = "★ Bookmarked" if result.bookmarked else "Bookmark removed"
        self.notify(paper.title, title=title, markup=False, timeout=3)

    # -- actions --------------------------------------------------------------------------

    def action_help(self) -> None:
        """Show every key."""
        self.push_screen(HelpScreen())

    def action_failures(self) -> None:
        """Show the files the last sync could not read."""
        self.push_screen(FailuresScreen(self.failures))

    def _panes(self) -> list[Widget]:
        return [self.day_list, self.paper_list, self.detail]

    def _focus_pane(self, step: int) -> None:
        panes = self._panes()
        focused = self.focused
        index = panes.index(focused) + step if focused in panes else (1 if step > 0 else 0)
        panes[index % len(panes)].focus()

    def action_next_pane(self) -> None:
        """Focus the next pane."""
        if not self._welcome:
            self._focus_pane(1)

    def action_previous_pane(self) -> None:
        """Focus the previous pane."""
        if not self._welcome:
            self._focus_pane(-1)

    def _step_day(self, step: int) -> None:
        days = self.day_list
        rows = [index for index, entry in enumerate(days.entries) if entry.kind == "day"]
        if not rows:
            return
        position = max(0, min(rows.index(days.cursor) + step, len(rows) - 1)) if days.cursor in rows else 0
        days.set_cursor(rows[position])

    def action_older_day(self) -> None:
        """Show the day before the selected one."""
        self._step_day(1)

    def action_newer_day(self) -> None:
        """Show the day after the selected one."""
        self._step_day(-1)

    def action_bookmarks(self) -> None:
        """Show the bookmarks (read again when they are already shown)."""
        if self.entry is not None and self.entry.kind == "bookmarks":
            self.load(self.entry, self.paper_list.current_key)
        else:
            self.day_list.select("bookmarks")

    def action_all_papers(self) -> None:
        """Show every paper."""
        self.day_list.select("all")

    def action_bookmark(self) -> None:
        """Bookmark the selected paper, or remove its bookmark."""
        paper = self.current_paper()
        if paper is not None:
            self._toggle_bookmark(paper)

    def copy(self, text: str, what: str) -> None:
        """Copy ``text`` (OSC 52 and, when there is one, the native clipboard) and say what it was."""
        self.copy_to_clipboard(text)
        self._copy_native(text)
        self.notify(text, title=f"Copied: {what}", markup=False)

    def action_copy_link(self) -> None:
        """Copy the selected paper's best link."""
        paper = self.current_paper()
        if paper is None:
            return
        if not paper.url:
            self.notify("This paper has no link", severity="warning")
            return
        self.copy(paper.url, "link")

    def action_copy_menu(self) -> None:
        """Choose what to copy of the selected paper."""
        paper = self.current_paper()
        if paper is None:
            return

        def copy_choice(choice: CopyChoice | None) -> None:
            if choice is not None:
                self.copy(choice.text, choice.label)

        self.push_screen(CopyMenu(paper), copy_choice)

    def action_open_link(self) -> None:
        """Open the selected paper's best link in the browser."""
        paper = self.current_paper()
        if paper is None:
            return
        if not is_openable(paper.url):
            self.notify(Content(paper.url).plain or "no link", title="Not an http(s) link: not opened", markup=False)
            return
        self._open_url(paper.url)

    def set_sort(self, sort: Sort) -> None:
        """List the papers in ``sort`` order."""
        self.sort = sort
        self._reload()

    def action_cycle_sort(self) -> None:
        """The next sort: page order, upvotes/comments, published, title."""
        sorts = list(Sort)
        self.set_sort(sorts[(sorts.index(self.sort) + 1) % len(sorts)])

    def action_reverse_sort(self) -> None:
        """Reverse the sort."""
        self.reverse = not self.reverse
        self._reload()

    def _reload(self) -> None:
        if self.entry is not None:
            self.load(self.entry, self.paper_list.current_key)
        self._update_titles()

    def action_rescan(self) -> None:
        """Sync again with the dump folders."""
        if self.syncing:
            self.notify("Already scanning the dump folders")
            return
        self.start_sync()

    def export_bookmarks(self, fmt: ExportFormat) -> None:
        """Write the bookmarks in ``fmt`` to a file in the user data dir."""
        self._export(fmt)

    def action_demo(self) -> None:
        """Switch the reader to the bundled demo dumps."""
        if self.syncing:
            self.notify("Wait for the scan to finish")
            return
        if not self.demo_available:
            self.notify("The demo dumps are not installed", severity="warning")
            return
        self._open_library([paths.demo_dumps_dir()])

    # -- search ---------------------------------------------------------------------------

    async def _search_bar(self) -> tuple[Horizontal, Input, Label]:
        """The search bar, mounted above the papers the first time it is opened."""
        if self._search is None:
            box = Input(placeholder='words "a phrase" title: author: day: OR NOT …', id="search", compact=True)
            bar = Horizontal(Label("⌕", id="search-label"), box, id="search-bar")
            error = Label("", id="search-error")
            error.display = False
            self._search = (bar, box, error)
            await self.query_one("#middle").mount(bar, error, before=self.paper_list)
        return self._search

    async def action_search(self) -> None:
        """Open the search box (or go back to it)."""
        bar, search, _ = await self._search_bar()
        if self.search_entry is None and self._before_search is None:
            self._before_search = (self.entry.ref if self.entry else None, self.paper_list.current_key)
        bar.display = True
        search.focus()

    @property
    def search_shown(self) -> bool:
        """True while the search bar is on screen."""
        return self._search is not None and self._search[0].display

    @on(Input.Changed, "#search")
    def _search_typed(self, event: Input.Changed) -> None:
        if event.value.strip():
            self._search_soon.poke()
        else:
            self._search_soon.cancel()

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self._search_soon.cancel()
        if self._run_search():
            self.paper_list.focus()

    def _run_search(self) -> bool:
        if self._search is None:
            return False
        query = self._search[1].value.strip()
        if not query:
            return False
        if self.search_entry is not None and self.search_entry.query == query and self.entry == self.search_entry:
            return True
        self.search_entry = Entry("search", 0, query=query)
        entries = [entry for entry in self.day_list.entries if entry.kind != "search"]
        self.day_list.set_entries([self.search_entry, *entries], "search")
        self.load(self.search_entry)
        return True

    def action_leave_search(self) -> None:
        """Close the search and go back to where the reader was."""
        if self.search_entry is None and self._before_search is None:
            return
        ref, key = self._before_search or (None, None)
        self._before_search = None
        self.search_entry = None
        if self._search is not None:
            bar, box, error = self._search
            box.value = ""
            bar.display = error.display = False
        entries = [entry for entry in self.day_list.entries if entry.kind != "search"]
        target = ref if ref is not None and any(entry.ref == ref for entry in entries) else "all"
        if self.entry is not None and self.entry.kind != "search":
            target, key = self.entry.ref, self.paper_list.current_key
        self.day_list.set_entries(entries, target)
        current = self.day_list.current
        if current is not None:
            self.load(current, key)
        self.paper_list.focus()


def create_app(library: Library, *, state_path: Path | None = None) -> PapersApp:
    """The reader over ``library`` (tests and screenshots build it this way)."""
    return PapersApp(library, state_path=state_path)


def run(roots: list[Path], *, title: str | None = None) -> int:
    """Open the reader on ``roots`` until the user quits; the exit code."""
    default = paths.default_dump_dir()
    if default in roots:
        with contextlib.suppress(OSError):
            default.mkdir(parents=True, exist_ok=True)  # the folder the welcome view asks to fill
    try:
        library = Library(roots)
    except ReaderError as error:
        print(f"papers: {error}", file=sys.stderr)
        return 1
    app = create_app(library)
    if title:
        app.title = title
    try:
        app.run()
    finally:
        app.library.close()
    return app.return_code or 0


__all__ = ["PapersApp", "create_app", "run"]
