"""``GotoScreen``: the ``:`` prompt that asks for a day to go to (``reader.core.goto`` reads it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from reader.core.goto import HINT
from reader.ui.inputs import QuietInput

Resolve = Callable[[str], dt.date]
"""The date a text names; ``ValueError`` with the reason when it names none."""


class GotoScreen(ModalScreen[dt.date | None]):
    """A one-line box for a date; enter goes there, escape goes nowhere. A text that is not
    a date says why under the box and the box stays open."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_goto", "Close", id="goto.close"),
    ]

    def __init__(self, resolve: Resolve) -> None:
        super().__init__()
        self.resolve = resolve

    def compose(self) -> ComposeResult:
        """The box and the line for its error."""
        with Vertical(id="goto-box", classes="dialog") as box:
            box.border_title = "Go to a day"
            box.border_subtitle = "enter goes · escape closes"
            yield QuietInput(placeholder=HINT, id="goto", compact=True)
            error = Label("", id="goto-error")
            error.display = False
            yield error

    @on(Input.Submitted, "#goto")
    def _entered(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            date = self.resolve(event.value)
        except ValueError as error:
            label = self.query_one("#goto-error", Label)
            label.update(Content(str(error)))
            label.display = True
            return
        self.dismiss(date)

    def action_dismiss_goto(self) -> None:
        """Close without going anywhere."""
        self.dismiss(None)
