"""``ReadActions``: read state in the reader. Part of ``ReaderScreen``.

A paper becomes read when it has been shown in the detail pane for ``auto_read`` seconds
(config.toml) or when it is marked: ``r`` toggles the selected paper, ``A`` marks the entry
shown (a day, a search's every match, the rows a filter keeps ...) with ``u`` to undo it for
a few seconds. ``n`` / ``N`` go to the next / previous unread paper, on to the next day that
has any. A mark is shown at once (the row is dimmed where it is: nothing moves under the
cursor until the entry is left) and written by one worker, in the order made; what is still
queued when the reader quits is written before it ends.

What the screen knows of the read state is the last read set the unread counts came with
(``UnreadCounting``) under the marks made since (``read_overlay``).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on, work
from textual.message import Message
from textual.timer import Timer

from reader.core.errors import ReaderError
from reader.core.library import SEARCH_SECONDS, Library
from reader.core.models import Paper
from reader.ui.reader_parts import ReaderParts
from reader.ui.reading import FIRST_UNREAD, LAST_UNREAD
from reader.ui.reading_order import next_unread_day
from reader.ui.render import plural

UNDO_SECONDS = 10.0
"""How long ``u`` can take back an ``A``."""


@dataclass
class ReadMarked(Message):
    """The queued read marks were written (``error``: the first that could not be)."""

    error: str | None = None


@dataclass
class EntryMarked(Message):
    """``A`` was written: ``keys`` are the papers it made read (what ``u`` makes unread again)."""

    keys: list[str]
    error: str | None = None


@dataclass(frozen=True)
class QueuedMarks:
    """Marks waiting to be written, with the library they were made in. ``entry``: an ``A``,
    whose papers still unread are worked out as it is written (a search's every match when
    ``query`` is given), for ``u`` to make unread again."""

    library: Library
    keys: tuple[str, ...]
    read: bool
    entry: bool = False
    query: str | None = None


def _write(queued: QueuedMarks) -> list[str]:
    """Write one queued mark (in the worker): the keys an ``A`` made read."""
    library, keys = queued.library, list(queued.keys)
    if queued.query is not None:
        keys = list(library.search(queued.query, limit=None, time_limit=SEARCH_SECONDS).keys)
    if queued.entry:
        read = library.read_keys()
        keys = [key for key in dict.fromkeys(keys) if key not in read]
    library.mark_read(keys, queued.read)
    return keys if queued.entry else []


class ReadActions(ReaderParts):
    """Marking papers read and moving to the unread ones, mixed into ``ReaderScreen``."""

    listed_keys: list[str]
    read_known: frozenset[str] | None
    """The keys read when the unread counts were last read (None until then)."""

    if TYPE_CHECKING:

        @property
        def filter_active(self) -> bool:
            """True while a filter narrows the list (``ListFilter.filter_active``)."""

    def setup_reading(self) -> None:
        """The read state of a new screen (``ReaderScreen.__init__`` calls it)."""
        self.read_overlay: dict[str, bool] = {}
        """Marks made in this run that the last read set may not show yet: key to read."""
        self._mark_queue: list[QueuedMarks] = []
        self._queue_lock = threading.Lock()
        self._write_lock = threading.Lock()
        """One writer of the read state at a time, in the order the marks were made."""
        self._auto_timer: Timer | None = None
        self._kept_unread: str | None = None
        """A paper the user marked unread while it is shown: auto-read leaves it alone."""
        self._undo: tuple[list[str], float] | None = None
        self.next_want: str | None = None
        """The paper the next day selected opens on (``FIRST_UNREAD`` after ``n``)."""

    # -- what is read ---------------------------------------------------------------------

    def shown_read(self, paper: Paper) -> bool:
        """True when ``paper`` is read, marks not written yet included (the rows' dimming)."""
        marked = self.read_overlay.get(paper.key)
        return self.library.is_read(paper) if marked is None else marked

    def _read_key(self, key: str, known: frozenset[str]) -> bool:
        marked = self.read_overlay.get(key)
        return key in known if marked is None else marked

    def unread_listed(self) -> int | None:
        """How many papers of the list shown (the rows a filter keeps) are unread (None until
        the read set is known)."""
        known = self.read_known
        if known is None:
            return None
        keys = self.paper_list.keys if self.filter_active else self.listed_keys
        return sum(1 for key in keys if not self._read_key(key, known))

    def _unread_index(self, keys: Sequence[str], start: int, step: int) -> int | None:
        known = self.read_known
        if known is None:  # before the first count: the papers are looked at a batch at a time
            return self.library.first_unread(keys, start, step, self.shown_read)
        index = start
        while 0 <= index < len(keys):
            if not self._read_key(keys[index], known):
                return index
            index += step
        return None

    # -- marking --------------------------------------------------------------------------

    def mark(self, keys: Sequence[str], read: bool, *, entry: bool = False, query: str | None = None) -> None:
        """Show ``keys`` as read (or unread) now and queue their write (``entry``, ``query``:
        see ``QueuedMarks``)."""
        if not keys:
            return
        for key in keys:
            self.read_overlay[key] = read
        self.paper_list.redraw()
        self._update_titles()
        with self._queue_lock:
            self._mark_queue.append(QueuedMarks(self.library, tuple(keys), read, entry, query))
        self._write_marks()

    @work(thread=True, group="read-marks", exit_on_error=False)
    def _write_marks(self) -> None:
        self.write_queued(self.post_message)

    def write_queued(self, tell: Callable[[Message], object] | None = None) -> str | None:
        """Write every queued mark, in order, telling ``tell`` what each ``A`` changed and
        then that the marks are written (the reader calls it as it quits, telling nobody):
        the first reason one could not be written."""
        errors: list[str] = []
        with self._write_lock:
            while True:
                with self._queue_lock:
                    if not self._mark_queue:
                        break
                    queued = self._mark_queue.pop(0)
                try:
                    changed = _write(queued)
                except ReaderError as problem:
                    errors.append(str(problem))
                    changed = None
                if queued.entry and tell is not None:
                    tell(EntryMarked(changed or [], errors[-1] if changed is None else None))
        error = errors[0] if errors else None
        if tell is not None:
            tell(ReadMarked(error))
        return error

    @on(ReadMarked)
    def _read_marked(self, result: ReadMarked) -> None:
        if result.error is not None:
            self.notify(result.error, title="Read state not saved", severity="error", markup=False)
        self.read_state_changed()

    def read_state_changed(self) -> None:
        """Count the unread papers again, the saved searches' too."""
        self.count_unread()
        if self.library.saved_searches.items:
            self._count_saved(list(self.library.saved_searches.items))

    def forget_marks(self) -> None:
        """Another library is shown: what was known of this one's read state goes."""
        self.read_overlay.clear()
        self.read_known = None
        self._undo = None
        self._cancel_auto_read()

    # -- auto-read ------------------------------------------------------------------------

    def paper_shown(self, paper: Paper | None) -> None:
        """The detail pane shows ``paper`` now: it becomes read after the ``auto_read`` delay."""
        self._cancel_auto_read()
        delay = self.settings.auto_read
        if paper is None or delay is None or paper.key == self._kept_unread or self.shown_read(paper):
            return
        key = paper.key
        self._auto_timer = self.set_timer(delay, lambda: self._auto_mark(key))

    def _cancel_auto_read(self) -> None:
        if self._auto_timer is not None:
            self._auto_timer.stop()
            self._auto_timer = None

    def _auto_mark(self, key: str) -> None:
        self._auto_timer = None
        paper = self.detail.paper
        if paper is not None and paper.key == key and not self.shown_read(paper):
            self.mark([key], True)

    # -- keys -----------------------------------------------------------------------------

    def action_toggle_read(self) -> None:
        """Mark the selected paper read, or unread again."""
        paper = self.paper_list.current_paper
        if paper is None:
            return
        read = not self.shown_read(paper)
        self._cancel_auto_read()
        self._kept_unread = None if read else paper.key
        self.mark([paper.key], read)

    def action_mark_entry_read(self) -> None:
        """Mark every paper of the entry shown read (the rows a filter keeps; every match of
        a search, not only those listed); ``u`` undoes it for a few seconds."""
        section = self.section
        keys = list(self.paper_list.keys if self.filter_active else self.listed_keys)
        if section is None or not keys:
            self.notify("Nothing listed to mark read", timeout=2)
            return
        self._cancel_auto_read()
        query = section.query if section.searches and not self.filter_active else None
        self.mark(keys, True, entry=True, query=query)

    @on(EntryMarked)
    def _entry_marked(self, result: EntryMarked) -> None:
        if result.error is None:
            self._undo = (result.keys, time.monotonic())
            what = plural(len(result.keys), "paper")
            self.notify(f"{what} marked read · u undoes it ({UNDO_SECONDS:g} s)", title="Marked read", timeout=4)

    def action_undo_read(self) -> None:
        """Take back the last ``A`` (for ``UNDO_SECONDS`` after it)."""
        undo, self._undo = self._undo, None
        if undo is None or time.monotonic() - undo[1] > UNDO_SECONDS:
            self.notify("Nothing to undo (u takes back an A for a few seconds)", timeout=3)
            return
        self.mark(undo[0], False)
        self.notify(f"{plural(len(undo[0]), 'paper')} unread again", title="Undone", timeout=3)

    def action_next_unread(self) -> None:
        """The next unread paper, on to the next (older) day with unread papers."""
        self._step_unread(1)

    def action_previous_unread(self) -> None:
        """The previous unread paper, back to the newer day before with unread papers."""
        self._step_unread(-1)

    def _step_unread(self, step: int) -> bool:
        papers = self.paper_list
        found = self._unread_index(papers.keys, papers.cursor + step, step) if papers.keys else None
        if found is not None:
            papers.set_cursor(found, center=True)
            return True
        section = self.section
        if section is not None and section.kind == "day" and not self.filter_active:
            days = self.day_list
            target = next_unread_day(days.sections, days.current_index or 0, step)
            if target is not None:
                self.next_want = FIRST_UNREAD if step > 0 else LAST_UNREAD
                days.select_index(target, center=True)
                return True
        where = "after this one" if step > 0 else "before this one"
        self.notify(f"No unread paper {where}", timeout=2)
        return False

    def action_read_on(self) -> None:
        """Page the detail; at its end, mark the paper read and go on to the next unread one."""
        detail = self.detail
        if detail.paper is not None and detail.scroll_y < detail.max_scroll_y:
            detail.scroll_page_down(animate=False)  # as PgDn does
            return
        paper = self.paper_list.current_paper
        if paper is not None and not self.shown_read(paper):
            self.mark([paper.key], True)
        if self._step_unread(1):
            self.show_detail_now()

    def action_page_back(self) -> None:
        """Page the detail back."""
        self.detail.scroll_page_up(animate=False)

    def action_next_paper(self) -> None:
        """The next paper of the list, from any pane."""
        self.paper_list.action_cursor_down()

    def action_previous_paper(self) -> None:
        """The previous paper of the list, from any pane."""
        self.paper_list.action_cursor_up()
