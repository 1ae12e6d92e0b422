"""``Welcome``: what an empty library shows instead of the panes."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Center, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Static

from reader.core import paths


class Welcome(VerticalScroll):
    """How to add dumps, and a button for the demo (when it is installed)."""

    class DemoRequested(Message):
        """The demo button was pressed."""

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
            "Copies of huggingface.co/papers pages, saved HTML, API JSON, RSS, Markdown digests ",
            "and CSV all work. Press ctrl+r to scan again after adding files.",
        )
        yield Static(text, id="welcome-text")
        if self.demo:
            with Center():
                yield Button("Open the demo dumps (d)", id="demo-button", variant="primary")

    def focus_demo(self) -> None:
        """Put the focus on the demo button, when there is one."""
        buttons = self.query("#demo-button")
        if buttons:
            buttons.first().focus()

    @on(Button.Pressed, "#demo-button")
    def _demo_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.DemoRequested())
