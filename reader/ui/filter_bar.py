"""``FilterBar``: the box above the papers that narrows the list shown (``|`` or ``f``).

It runs nothing itself: it posts ``Changed`` as the text changes (after a short pause),
``Submitted`` on enter and ``Closed`` on escape; the screen filters. Unlike the search, which
looks through every day, the filter only keeps the rows of the list on screen whose title,
authors or organisation hold every word typed (like mutt's limit).
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Label

from reader.ui.debounce import Debounce
from reader.ui.inputs import QuietInput

FILTER_DELAY = 0.15
"""Seconds of typing pause before the list is narrowed."""
PLACEHOLDER = "words of the title, authors or organisation (escape clears)"


class FilterBar(Horizontal):
    """``filter [text]   3 of 33``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Clear filter", id="filter.close"),
    ]

    class Changed(Message):
        """Typing paused on ``text`` (maybe empty: every row again)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Submitted(Message):
        """``enter``: back to the list, the filter kept."""

    class Closed(Message):
        """``escape``: clear the filter."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.box = QuietInput(placeholder=PLACEHOLDER, id="filter", compact=True)
        self.count = Label("", id="filter-count")
        self._pause = Debounce(self, FILTER_DELAY, self._typing_paused)

    def compose(self) -> ComposeResult:
        """The label, the box and the count."""
        yield Label("filter", id="filter-label")
        yield self.box
        yield self.count

    @property
    def text(self) -> str:
        """The words typed."""
        return " ".join(self.box.value.split())

    @property
    def pending(self) -> bool:
        """True while what was typed waits for a pause before it is sent."""
        return self._pause.pending

    def open(self) -> None:
        """Show the bar and put the focus in the box."""
        self.display = True
        self.screen.set_focus(self.box)

    def close(self) -> None:
        """Empty the box and hide the bar."""
        self._pause.cancel()
        with self.prevent(Input.Changed):
            self.box.value = ""
        self.count.update("")
        self.display = False

    def show_count(self, shown: int, listed: int) -> None:
        """``3 of 33``: the rows kept of the rows listed."""
        self.count.update(Content(f"{shown:,} of {listed:,}"))

    def action_close(self) -> None:
        """Clear the filter."""
        self.post_message(self.Closed())

    @on(Input.Changed, "#filter")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self._pause.poke()

    @on(Input.Submitted, "#filter")
    def _entered(self, event: Input.Submitted) -> None:
        event.stop()
        if self._pause.pending:
            self._pause.cancel()
            self._typing_paused()
        self.post_message(self.Submitted())

    def _typing_paused(self) -> None:
        self.post_message(self.Changed(self.text))
