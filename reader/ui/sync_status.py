"""``SyncStatus``: the one-line row above the footer that shows how far a sync is."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Label, ProgressBar

from reader.ui.titles import progress_text


class SyncStatus(Horizontal):
    """``Indexing 1,200 / 5,000 papers  ━━━━━━━━━━━━──────``."""

    def __init__(self, phase: str, done: int, total: int, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.label = Label(Content(progress_text(phase, done, total)), id="status-text")
        self.bar = ProgressBar(total=total or None, id="progress", show_eta=False)
        self.bar.progress = done

    def compose(self) -> ComposeResult:
        """The text, then the bar."""
        yield self.label
        yield self.bar

    def show_progress(self, phase: str, done: int, total: int) -> None:
        """Show ``done`` of ``total`` in ``phase`` (no total: a bar that only pulses)."""
        self.display = True
        self.label.update(Content(progress_text(phase, done, total)))
        self.bar.update(total=total or None, progress=done)
