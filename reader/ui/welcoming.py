"""``Welcoming``: the welcome view of an empty library, and the demo (``d``). Part of
``ReaderScreen``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from textual import on
from textual.message import Message
from textual.widgets import Input

from reader.core import paths
from reader.ui.days import DayList
from reader.ui.detail import PaperDetail
from reader.ui.paper_list import PaperList
from reader.ui.reader_parts import ReaderParts
from reader.ui.welcome import Welcome


class Welcoming(ReaderParts):
    """The welcome view and the demo, mixed into ``ReaderScreen``."""

    welcome_shown: bool

    class OpenLibrary(Message):
        """Ask the app to open another library (``roots``) in place of this one."""

        def __init__(self, roots: Sequence[Path]) -> None:
            super().__init__()
            self.roots = list(roots)

    @property
    def demo_available(self) -> bool:
        """True when the demo dumps exist and are not what is open."""
        demo = paths.demo_dumps_dir()
        return demo.is_dir() and [root.resolve() for root in self.library.roots] != [demo.resolve()]

    def show_welcome(self, show: bool) -> None:
        """Show the welcome view instead of the panes (an empty library), or the panes."""
        self.welcome_shown = show
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
        if self.welcome_shown:
            self.query_one(Welcome).focus_demo()

    @on(Welcome.DemoRequested)
    def _demo_requested(self) -> None:
        self.action_demo()

    def action_demo(self) -> None:
        """Switch the reader to the bundled demo dumps."""
        if self.syncing:
            self.notify("Wait for the scan to finish")
            return
        if not self.demo_available:
            self.notify("The demo dumps are not installed", severity="warning")
            return
        self.post_message(self.OpenLibrary([paths.demo_dumps_dir()]))
