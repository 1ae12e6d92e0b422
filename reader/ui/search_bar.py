"""``SearchBar``: the search box above the papers, with its error line and history.

It runs nothing itself: it posts ``Changed`` once typing pauses (search as you type),
``Submitted`` on enter and ``Closed`` on escape, and the screen searches. ``up`` / ``down``
recall the queries run before (the reader keeps them between runs).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Label

from reader.ui.debounce import Debounce
from reader.ui.inputs import QuietInput

SEARCH_DELAY = 0.35
"""Seconds of typing pause before the search runs by itself."""
PLACEHOLDER = 'words "a phrase" title: author: day: OR NOT …'
HISTORY_SIZE = 100
"""Queries ``up`` can recall."""


class SearchBox(QuietInput):
    """The query box: enter moves the focus on (``after_enter``) at once, before
    the keys that came in the same burst (a paste, a script) are delivered: they go where the
    focus went, as they would typed slowly, not into the box. (Enter is a priority binding:
    Textual runs those before it hands the next key on.)"""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Search", show=False, priority=True, id="search.submit"),
    ]

    def __init__(self, after_enter: Callable[[], object] | None = None, **options: Any) -> None:
        super().__init__(**options)
        self.after_enter = after_enter

    async def action_submit(self) -> None:
        """Post ``Submitted`` and move the focus on (the keys typed before enter may still be
        on their way to the box: what it holds is not known yet)."""
        await super().action_submit()
        if self.after_enter is not None:
            self.after_enter()


class SearchBar(Vertical):
    """``⌕ [query box]`` and, under it, the reason a query could not be run."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Leave search", id="search.close"),
        Binding("up", "history(-1)", "Previous query", show=False, id="search.previous"),
        Binding("down", "history(1)", "Next query", show=False, id="search.next"),
    ]

    class Changed(Message):
        """Typing paused on ``query`` (not empty): search as you type."""

        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    class Submitted(Message):
        """``enter`` on ``query`` (maybe empty)."""

        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    class Closed(Message):
        """``escape``: leave the search."""

    def __init__(
        self,
        history: list[str] | None = None,
        *,
        id: str | None = None,
        after_enter: Callable[[], object] | None = None,
    ) -> None:
        super().__init__(id=id)
        self.box = SearchBox(after_enter, placeholder=PLACEHOLDER, id="search", compact=True)
        self.error = Label("", id="search-error")
        self.error.display = False
        self.history: list[str] = history if history is not None else []
        """Queries run, oldest first (the caller's list: it is kept up to date in place)."""
        self._recalled: int | None = None
        """The position in ``history`` that ``up`` / ``down`` last showed."""
        self._pause = Debounce(self, SEARCH_DELAY, self._typing_paused)

    def compose(self) -> ComposeResult:
        """The box row and the error line."""
        with Horizontal(id="search-bar"):
            yield Label("⌕", id="search-label")
            yield self.box
        yield self.error

    @property
    def typed(self) -> str:
        """The query typed, stripped."""
        return self.box.value.strip()

    def open(self) -> None:
        """Show the bar and put the focus in the box at once: keys typed right after ``/``
        (already queued behind it) go into the box, not to the list."""
        self.display = True
        self.screen.set_focus(self.box)

    def close(self) -> None:
        """Empty the box, hide the error and the bar."""
        self._pause.cancel()
        self._recalled = None
        self.box.value = ""
        self.error.display = False
        self.display = False

    def show_error(self, text: str) -> None:
        """Say under the box why the query could not be run."""
        self.error.update(Content(text))
        self.error.display = True

    def clear_error(self) -> None:
        """The query ran: no error line."""
        self.error.display = False

    def remember(self, query: str) -> None:
        """Keep ``query`` in the history (once, as the newest)."""
        if query in self.history:
            self.history.remove(query)
        self.history.append(query)
        del self.history[:-HISTORY_SIZE]
        self._recalled = None

    def recall_last(self) -> None:
        """Put the last query run in the box, without running it."""
        if self.history:
            with self.prevent(Input.Changed):
                self.box.value = self.history[-1]

    def action_history(self, step: int) -> None:
        """Show the previous (``-1``) or next (``1``) query of the history in the box."""
        if not self.history:
            return
        position = len(self.history) if self._recalled is None else self._recalled
        position = max(0, min(position + step, len(self.history)))
        self._recalled = position
        self.box.value = self.history[position] if position < len(self.history) else ""
        self.box.cursor_position = len(self.box.value)

    def action_close(self) -> None:
        """Leave the search."""
        self.post_message(self.Closed())

    @on(Input.Changed, "#search")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value.strip():
            self._pause.poke()
        else:
            self._pause.cancel()

    @on(Input.Submitted, "#search")
    def _entered(self, event: Input.Submitted) -> None:
        event.stop()
        self._pause.cancel()
        self.post_message(self.Submitted(self.typed))

    def _typing_paused(self) -> None:
        if self.typed:
            self.post_message(self.Changed(self.typed))
