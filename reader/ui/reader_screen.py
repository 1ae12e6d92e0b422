"""``ReaderScreen``: the reader itself, days | papers | detail over one ``Library``.

The screen owns the reader's keys (they go quiet by themselves under a dialog), the
selection (which section is listed, which paper, the sort), the actions and the handlers
of what its workers post. Library reads that can take time (sections, key lists, search,
the sync, bookmark writes, exports) run in thread workers that call the plain functions of
``reading`` (or one library call) and post a message from ``messages``; the rows on screen
are fetched directly (a few dozen papers by key from the catalog).

Where new things go: a new left-pane section is a ``SectionKind`` (``days``) with its keys in
``reading.read_keys``; per-paper user state is a ``Library`` method the list and the detail
are given; a second background job is one more ``@work`` method posting its own messages.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Container, Horizontal, Vertical
from textual.content import Content
from textual.reactive import Reactive
from textual.widget import Widget
from textual.widgets import Input
from textual.worker import Worker, WorkerState

from reader.core.library import Library
from reader.core.models import Day, FileFailure, Paper, Sort
from reader.core.settings import ReaderSettings
from reader.ui.annotating import Annotating
from reader.ui.days import DayList, Section
from reader.ui.debounce import Debounce, PaintHold
from reader.ui.detail import PaperDetail
from reader.ui.dialogs import FailuresScreen
from reader.ui.fetching import LibraryFetch
from reader.ui.filter_bar import FilterBar
from reader.ui.filtering import ListFilter
from reader.ui.footer import KeysFooter
from reader.ui.messages import KeysRead, SectionsRead
from reader.ui.moving import Moving
from reader.ui.paper_actions import PaperActions
from reader.ui.paper_list import PaperList
from reader.ui.picked import ListChoice
from reader.ui.picking import PickActions
from reader.ui.read_actions import ReadActions
from reader.ui.reader_keys import READER_BINDINGS
from reader.ui.reading import FIRST_UNREAD, StartRead, read_keys, read_sections, start_ref
from reader.ui.reading_order import Opening
from reader.ui.remembering import Remembering
from reader.ui.render import format_count
from reader.ui.search_bar import SearchBar
from reader.ui.searching import SearchActions
from reader.ui.sorting import Sorting
from reader.ui.sync_status import SyncStatus
from reader.ui.syncing import LibrarySync
from reader.ui.titles import empty_text, list_titles
from reader.ui.unread import UnreadCounting, with_unread
from reader.ui.welcoming import Welcoming

SAVE_DELAY = 2.0
"""Seconds after the selection last moved before it is remembered on disk."""
DETAIL_REST = 0.15
"""Seconds the selection rests before the detail pane shows where it stopped.

A move after a rest is shown at once; moves that follow each other faster than this (a
held-down key, quick taps) move the list at full speed and the detail shows the paper the
selection stops on, this long after the last move (like a mail reader's preview pane)."""
RESULTS_WAIT = 0.15
"""Seconds the screen waits for a search's results before it paints the search without them."""
SYNC_FALLBACK = 1.0
"""Seconds after start at which the first sync starts even if no list was shown yet."""
PAPER_ACTIONS = frozenset({"bookmark", "copy_link", "copy_menu", "open_link", "similar", "hide"}) | frozenset(
    {"edit_tags", "edit_note", "edit_note_in_editor", "toggle_read", "mark_entry_read", "read_on"}
)
"""Actions that need a selected paper: shown disabled over an empty list."""
WELCOME_ACTIONS = frozenset({"rescan", "demo", "fetch"})
"""The screen's actions that work on the welcome view (help and quit are the app's)."""


class ReaderScreen(
    LibrarySync,
    LibraryFetch,
    SearchActions,
    ListFilter,
    PaperActions,
    PickActions,
    Annotating,
    Moving,
    Sorting,
    Welcoming,
    UnreadCounting,
    Remembering,
    ReadActions,
):
    """Days | papers | detail, the search bar above the papers, the sync status, the footer."""

    BINDINGS: ClassVar[list[BindingType]] = READER_BINDINGS

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    """Textual's ``Screen.focused``, without its repaint of the whole screen at each move of
    the focus (75 ms at 120x36, a third of Enter in the search box to the results painted):
    the widgets whose look changes repaint themselves (Textual restyles them)."""

    def __init__(
        self, library: Library, *, state_path: Path, settings: ReaderSettings | None = None, for_you_days: int = 7
    ) -> None:
        super().__init__()
        self.library = library
        self.for_you_days = for_you_days
        """How far back "For you" looks (``for_you_days`` in config.toml)."""
        self.show_hidden = False
        self._problems_told: set[str] = set()
        self.state_base = state_path
        """The user's state file; the demo's is beside it (``state_file``)."""
        self.settings = settings or ReaderSettings()
        """The reader's settings: the browser ``o`` uses, the link ``y`` copies."""
        self.sort = Sort.PAGE
        self.reverse = False
        self.section: Section | None = None
        """The section whose papers the middle pane shows (or is loading)."""
        self.search_section: Section | None = None
        """The open search, shown as the first row of the left pane."""
        self.saved_counts: dict[str, tuple[int, bool, int | None]] = {}
        self.failures: list[FileFailure] = []
        """Files the last sync could not read."""
        self.syncing = False
        self.welcome_shown = False
        self._generation = 0
        """Counts the lists asked for: a read that comes back for an older one is dropped."""
        self._cancel_read = threading.Event()
        """Set to abandon the running read of a list (a search), when another starts or the reader quits."""
        self._listed = -1
        self._hidden_count = 0
        """Papers the list shown leaves out because they are hidden."""
        """The generation of the list shown (behind ``_generation`` while a read runs)."""
        self._want_section: str | None = None
        self._auto_section = True
        """True while the section shown was picked by the reader, not the user or the saved state."""
        self._want_paper: str | None = None
        self.opening = True
        """True until the first sync is done: unless the user has moved, the reader may still
        open on the newest day with unread papers (``reading_order.morning_ref``)."""
        self._user_moved = False
        """True once the user moved: where the reader opens is theirs from then on."""
        self._before_search: tuple[str | None, str | None] | None = None
        self._transient_back: list[tuple[Section, str | None]] = []
        """Where the reader was (section, paper) when the search opened: escape goes back."""
        self._progress = ("scanning", 0, 0)
        """The latest progress of the running sync."""
        self._status_from = 0.0
        """When the running sync's progress may be shown (``time.monotonic``)."""
        self._sync_asked = False
        self._synced_once = False
        self._sync_again = False
        self._days_before: list[Day] | None = None
        self.fetching = False
        self.watching = False
        self._watch_stop: threading.Event | None = None
        self._save_soon = Debounce(self, SAVE_DELAY, self.save_state)
        self._detail_soon = Debounce(self, DETAIL_REST, self.show_detail_now)
        """Follows the selection's moves: the detail shows where a quick run of them stops."""
        self.results_hold = PaintHold(self, RESULTS_WAIT)
        """Paints a search and its results as one frame (see ``PaintHold``)."""
        self._sync_pending = False
        """True from the start until the first sync starts (after the first list is shown)."""
        self._list_read = False
        """True once a list was read (until then the paper keys are not shown as disabled)."""
        self._start: StartRead | None = None
        """What the first read of the sections also read the keys for."""
        self.day_list = DayList(id="days")
        """The left pane."""
        self.setup_reading()
        self.paper_list = PaperList(
            self.library_papers,
            self.is_bookmarked,
            self._paper_highlighted,
            has_note=self.has_note,
            is_read=self.shown_read,
            id="papers",
        )
        """The middle pane."""
        self.detail = PaperDetail(id="detail")
        """The right pane."""
        self.search_history: list[str] = []
        """The queries searched, oldest first (kept between runs)."""
        self.search_bar: SearchBar | None = None
        """Mounted the first time the search is opened."""
        self.filter_bar: FilterBar | None = None
        """Mounted the first time the list is filtered."""
        self.filter_text = ""
        self.listed_keys: list[str] = []
        self._filter_texts: tuple[int, dict[str, str]] | None = None
        self._lists_shown = 0
        self._filter_ref: str | None = None
        self._listed_empty = ""
        self.sync_status: SyncStatus | None = None
        """Mounted the first time a sync's progress is shown."""

    # -- building -------------------------------------------------------------------------

    def start_reading(self) -> None:
        """Restore the remembered selection and start reading what is indexed.

        The app calls this as it loads, before the screen is built: the read runs while the
        screen is composed and styled, and its result is applied once the screen is mounted."""
        self._restore_state()
        self._start = StartRead(self._want_section, self._want_paper, self.sort, self.reverse)
        self._read_sections(reload=True, start=self._start)

    def compose(self) -> ComposeResult:
        """Days | papers | detail, and the footer.

        The search bar, the welcome view and the sync status are mounted the first time they
        are needed: a reader that never needs them starts sooner and has fewer widgets to go
        through on each key.
        """
        with Horizontal(id="main"):
            yield self.day_list
            with Container(id="right"):
                with Vertical(id="middle"):
                    yield self.paper_list
                yield self.detail
        yield KeysFooter()

    def on_mount(self) -> None:
        """Titles and focus; the sync waits for the first list to be shown."""
        self.day_list.border_title = self.app.title
        self.detail.border_title = "Paper"
        self.paper_list.focus()
        self.tell_problems_at_start()
        # What is indexed is shown first; the sync starts once the first list is on screen
        # (``_start_pending_sync``), so the two do not compete for the CPU at start.
        self.syncing = self._sync_pending = True
        self.set_timer(SYNC_FALLBACK, self._start_pending_sync)

    def _start_pending_sync(self) -> None:
        if self._sync_pending and self.is_attached:
            self._sync_pending = False
            self.start_sync(quiet=True)

    def _sync_after_paint(self) -> None:
        if self._sync_pending:
            self.call_after_refresh(self._start_pending_sync)

    def on_screen_suspend(self) -> None:
        """A dialog opened: the footer drops the reader's keys."""
        self.refresh_bindings()

    def on_screen_resume(self) -> None:
        """Back from a dialog: the reader's keys are on again."""
        self.refresh_bindings()

    def on_unmount(self) -> None:
        """Remember the selection for the next run; stop watching the folders."""
        self.stop_watching()
        self._cancel_read.set()
        self.save_state(closing=True)
        error = self.write_queued()  # the marks not written yet
        if error is not None:
            self.notify(error, title="Read state not saved", severity="error", markup=False)

    def use_library(self, library: Library) -> None:
        """Show ``library`` from now on (the app has swapped it) and sync it."""
        self.stop_watching()  # the new library's folders are watched after its first sync
        self.save_state()  # in the file of the library left
        self.library = library
        self.forget_marks()
        self.section = None
        self.search_section = None
        self._restore_state()  # from the file of this library (the demo has its own)
        self._auto_section = self.opening = True
        self._user_moved = False
        self._synced_once = False
        self.show_welcome(False)
        self.paper_list.forget()
        self._read_sections(reload=True)
        self.start_sync()

    # -- small helpers --------------------------------------------------------------------

    def library_papers(self, keys: Sequence[str]) -> dict[str, Paper]:
        """Papers by key, for the rows on screen."""
        return self.library.papers(keys)

    def is_bookmarked(self, paper: Paper) -> bool:
        """True when ``paper`` is bookmarked."""
        return self.library.is_bookmarked(paper)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The welcome view offers only a rescan and the demo; some keys need a paper.

        Under a dialog Textual sends the reader no keys; its actions also say they are off
        then, so that the footer shows only what works (see ``on_screen_suspend``)."""
        if self.app.screen is not self:
            return False
        if action == "search" and isinstance(self.focused, Input):
            return False  # a "/" typed into a box is text
        if action == "close_box":
            return self.focused is not None and self.focused.id in ("search", "filter")
        if action == "clear_filter":
            return self.filter_active
        if action == "leave_search":
            listed = self.search_section is not None or self._before_search is not None
            similar = self.search_section is not None and self.search_section.kind == "similar"
            return listed and not self.filter_active and similar == (parameters == ("back",))
        if action == "demo":
            return self.welcome_shown and self.demo_available
        if self.welcome_shown and action not in WELCOME_ACTIONS:
            return False
        if action in PAPER_ACTIONS and self._list_read and not self.paper_list.keys:
            return None
        return True

    def action_close_box(self) -> None:
        """Escape in the search box leaves the search; in the filter box, clears the filter."""
        if self.focused is not None and self.focused.id == "filter":
            self.action_clear_filter()
        else:
            self.action_leave_search()

    # -- workers --------------------------------------------------------------------------

    def _read_sections(self, reload: bool, start: StartRead | None = None) -> None:
        opening = Opening(self._want_section, self.seen_before) if self.opening and not self._user_moved else None
        self._read_sections_in_worker(reload, start, opening)

    @work(thread=True, group="sections", exclusive=True, exit_on_error=False)
    def _read_sections_in_worker(self, reload: bool, start: StartRead | None, opening: Opening | None) -> None:
        self.post_message(read_sections(self.library, reload=reload, start=start, opening=opening))

    @work(thread=True, group="keys", exclusive=True, exit_on_error=False)
    def _read_keys(
        self, section: Section, sort: Sort, reverse: bool, want: str | None, generation: int, cancel: threading.Event
    ) -> None:
        choice = ListChoice(self.show_hidden, self.for_you_days)
        read = read_keys(self.library, section, sort, reverse, want, generation, cancel.is_set, choice)
        if read is not None:
            self.post_message(read)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker that failed with a bug says so (its result message never comes)."""
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            reason = f"{type(error).__name__}: {error}"
            self.notify(reason, title="Something went wrong", severity="error", markup=False)
            self.results_hold.release()
            self._sync_after_paint()

    # -- sections and keys ----------------------------------------------------------------

    @on(SectionsRead)
    def _sections_read(self, result: SectionsRead) -> None:
        sections = with_unread(self.left_pane(result), self.unread_counts)
        self.count_unread()
        self.use_lists(result.lists)
        refs = {section.ref for section in sections}
        auto = self._auto_section
        ref = self._want_section if auto or self.section is None else self.section.ref
        self._auto_section = ref not in refs
        morning = None if self._user_moved else result.morning
        ref = morning or start_ref(sections, ref)
        self.day_list.set_sections(sections, ref)
        section = self.day_list.current
        if section is not None and (result.reload or self.section is None or section.ref != self.section.ref):
            want = self._want_paper if auto or self.section is None else self.paper_list.current_key
            want = FIRST_UNREAD if morning else want
            read, start = result.keys, self._start
            self._start = None
            same = start is not None and self.order_of(section) == (start.sort, start.reverse)
            same = same and start is not None and (morning is not None or want == start.paper)
            self.load(section, want, read=read if same and read is not None and read.section == section else None)
        else:
            self._sync_after_paint()

    def load(self, section: Section, want: str | None = None, *, read: KeysRead | None = None) -> None:
        """Show ``section``'s papers (read in a worker, or ``read`` already), the cursor on
        ``want`` when listed."""
        self.section = section
        self._generation += 1
        self._update_titles()
        self._cancel_read.set()  # a search still running for the list before is abandoned
        self._cancel_read = threading.Event()
        if read is not None:
            self._keys_read(replace(read, generation=self._generation))
        else:
            sort, reverse = self.order_of(section)
            self._read_keys(section, sort, reverse, want, self._generation, self._cancel_read)

    @on(KeysRead)
    def _keys_read(self, result: KeysRead) -> None:
        if result.generation != self._generation:
            return
        self.results_hold.release()
        self._sync_after_paint()
        bar = self.search_bar
        if result.error is not None and (result.section.kind != "search" or bar is None):
            self.notify(result.error, severity="error", markup=False)
            return
        if result.error is not None and bar is not None:
            bar.show_error(result.error)  # and the list says nothing was found, not the old results
            self._set_search_count(0, True)
        elif result.section.transient:
            if bar is not None:
                bar.clear_error()
            self._set_search_count(result.total, result.total_exact)
        indexed = next((section.count for section in self.day_list.sections if section.kind == "all"), 0)
        empty = result.hint or empty_text(
            result.section, syncing=self.syncing, indexed=indexed, error=result.error, waiting=result.waiting
        )
        was_empty = not self._list_read or not self.paper_list.keys
        self._list_read = True
        self.paper_list.notes = result.notes
        self.show_listed(result.section.ref, result.keys, result.cursor, result.terms, empty)
        self._listed = result.generation
        self._hidden_count = result.hidden
        if was_empty != (not result.keys):
            self.refresh_bindings()  # the keys that need a paper are enabled or disabled
        self._update_titles()
        self._save_soon.poke()

    def _update_titles(self) -> None:
        if self.section is not None:
            count = len(self.listed_keys) if self._listed == self._generation else None
            shown = len(self.paper_list.keys) if self.filter_text and count is not None else None
            hidden = self._hidden_count if self._listed == self._generation else 0
            unread = self.unread_listed() if count is not None else None
            title, subtitle = list_titles(
                self.section, count, *self.order_of(self.section), shown=shown, hidden=hidden, unread=unread
            )
            self.paper_list.border_title = Content(title)
            self.paper_list.border_subtitle = Content(subtitle)

    @on(DayList.Selected)
    def _day_selected(self, event: DayList.Selected) -> None:
        section = event.section
        self._auto_section = False
        self._user_moved = True
        want, self.next_want = self.next_want, None
        if self.section is None or section.ref != self.section.ref or section.query != self.section.query:
            self.load(section, want)

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
            self._user_moved = True  # the user is reading: no sync takes the reader elsewhere now
        if rested or not moved:  # a move after a rest, or a new list: shown at once
            self.show_detail_now()
        if self.section is not None and key is not None:
            self._save_soon.poke()

    def show_detail_now(self) -> None:
        """Show the selected paper in the detail pane."""
        self._detail_soon.cancel()
        papers = self.paper_list
        paper = papers.current_paper
        self.detail.show(paper, terms=papers.terms, marks=self.detail_marks(paper))
        self.paper_shown(paper)
        count = len(papers.keys)
        self.detail.border_subtitle = f"{format_count(papers.cursor + 1)} / {format_count(count)}" if count else ""

    # -- actions --------------------------------------------------------------------------

    def action_failures(self) -> None:
        """Show the files the last sync could not read."""
        self.app.push_screen(FailuresScreen(self.failures))
