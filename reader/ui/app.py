"""``PapersApp``: the Textual app that hosts the reader, and ``run``/``create_app`` to start it.

The app is small on purpose: its CSS, the keys that work everywhere (quit, help), the
reader's commands in the palette, and swapping the library (the demo). The reader itself,
its keys, state and workers, is ``ReaderScreen``.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import time
from collections import deque
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import App, SystemCommand
from textual.await_complete import AwaitComplete
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen

from reader.core import paths
from reader.core.errors import ReaderError
from reader.core.export import FORMAT_NAMES
from reader.core.library import Library
from reader.core.models import Sort
from reader.core.settings import Settings, config_file, load_settings
from reader.core.text import terminal_safe
from reader.ui import terminal_keys
from reader.ui.days import DayList
from reader.ui.detail import PaperDetail
from reader.ui.dialogs import HelpScreen, LogEntry, LogScreen
from reader.ui.keymap import all_bindings, reader_keymap
from reader.ui.messages import LibraryOpened
from reader.ui.paper_list import PaperList
from reader.ui.reader_screen import ReaderScreen
from reader.ui.state import default_state_path
from reader.ui.titles import fit_notice
from reader.ui.virtual_list import VirtualList

NOTICE_LINES = 6
"""A notification shows at most this many lines (the messages, ctrl+l, hold the rest)."""
NOTICE_CHARS = 400
TOAST_WIDTH = 60
"""Textual's toast: 60 cells wide, at most half the screen."""
LOG_SIZE = 500
"""Messages kept for ctrl+l."""


class PapersApp(App[int]):
    """The reader over one ``Library`` (``reader`` is its screen)."""

    CSS_PATH = "papers.tcss"
    TITLE = "papers"
    HORIZONTAL_BREAKPOINTS: list[tuple[int, str]] | None = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark,f1", "help", "Help", key_display="?", id="app.help"),
        Binding("ctrl+l", "messages", "Messages", show=False, id="app.messages"),
    ]

    def __init__(self, library: Library, *, state_path: Path | None = None, settings: Settings | None = None) -> None:
        super().__init__()
        self.library = library
        self.state_path = state_path or default_state_path()
        self.settings = settings if settings is not None else load_settings()
        """The user's settings (``config.toml``)."""
        self.reader = ReaderScreen(
            library, state_path=self.state_path, settings=self.settings.reader, for_you_days=self.settings.for_you_days
        )
        """The reader's screen, the app's default screen."""
        panes = all_bindings(DayList.BINDINGS, PaperList.BINDINGS)  # enter: the panes' own, never remapped
        keymap, self.remapped, problems = reader_keymap(
            all_bindings(self.BINDINGS, ReaderScreen.BINDINGS, VirtualList.BINDINGS, PaperDetail.BINDINGS),
            self.settings.reader.keys,
            taken=panes,
            source=str(config_file()),
        )
        self._keymap_wanted = keymap
        self.config_problems = [*self.settings.problems, *problems]
        """What ``config.toml`` holds that could not be used, a line each (shown at start)."""
        self.log_entries: deque[LogEntry] = deque(maxlen=LOG_SIZE)
        """Every message shown this run, in full (``ctrl+l``); appended from worker threads too."""

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Show a notification, kept in full in the messages (``ctrl+l``); a long one is cut
        in the toast, which says where the rest is, so it never covers the list for long; a
        URL or a path is never broken across two lines of it (``fit_notice``).

        Every notice passes here, and so does what it quotes (file names, URLs, errors):
        this is where the reader's messages are made terminal-safe."""
        message, title = terminal_safe(message), terminal_safe(title, multiline=False)
        self.log_entries.append(LogEntry(time.strftime("%H:%M:%S"), title, message, severity))
        lines = message.splitlines()
        cut = len(lines) > NOTICE_LINES or len(message) > NOTICE_CHARS
        if cut:
            message = "\n".join(lines[:NOTICE_LINES])[:NOTICE_CHARS].rstrip() + "…"
        if not markup:
            message, shortened = fit_notice(message, self.notice_room)
            cut = cut or shortened
        if cut:
            message += "\nctrl+l shows all of it"
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    @property
    def notice_room(self) -> int:
        """The cells of a line of text in a toast: 60 wide at most, half of its rack (the
        screen less 2 cells), less its padding and edge."""
        return max(12, min(TOAST_WIDTH, (self.size.width - 2) // 2) - 3)

    def action_messages(self) -> None:
        """Show every message of this run."""
        if not isinstance(self.screen, LogScreen):
            self.push_screen(LogScreen(list(self.log_entries)))

    def on_load(self) -> None:
        """Apply the keys and the theme of the settings; start reading the library before the
        screen is built."""
        self.set_keymap(self._keymap_wanted)
        theme = self.settings.reader.theme
        if theme and theme in self.available_themes:
            self.theme = theme
        elif theme:
            where = f"{config_file()}: 'reader.theme'"
            self.config_problems.append(f"{where} {theme!r} is not a theme (ctrl+p › Change theme lists them)")
        self.reader.start_reading()

    def on_mount(self) -> None:
        """Say what of the settings could not be used, a line each."""
        for problem in self.config_problems:
            self.notify(problem, title="config.toml", severity="warning", timeout=10, markup=False)

    def get_default_screen(self) -> Screen[None]:
        """The reader."""
        return self.reader

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Help is offered everywhere but over the help itself."""
        if action == "help":
            return not isinstance(self.screen, HelpScreen)
        return True

    def action_help(self) -> None:
        """Show every key."""
        self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's commands (theme, keys, screenshot, quit), then the reader's own."""
        yield from super().get_system_commands(screen)
        if not isinstance(screen, ReaderScreen):
            return
        for sort in Sort:
            yield SystemCommand(
                f"Sort by {sort.label}", f"List the papers by {sort.label}", partial(screen.set_sort, sort)
            )
        yield SystemCommand("Reverse the sort", "Flip the order of the list (S)", screen.action_reverse_sort)
        yield from self._export_commands(screen)
        yield from self._annotation_commands(screen)
        yield SystemCommand("Rescan the dump folders", "Index new and changed dumps (ctrl+r)", screen.action_rescan)
        yield SystemCommand("Bookmarks", "Show the bookmarked papers (B)", screen.action_bookmarks)
        yield SystemCommand("All papers", "Show every paper of the library", screen.action_all_papers)
        yield SystemCommand("Search", "Search every day (/)", screen.action_search)
        yield SystemCommand("Filter the list", "Keep the rows that hold some words (| or f)", screen.action_filter)
        yield SystemCommand("Go to a day", "Show the day of a date (:)", screen.action_goto)
        yield SystemCommand(
            "Files that could not be read", "The dumps the last scan could not use", screen.action_failures
        )
        yield SystemCommand("Help", "Every key of the reader (?)", self.action_help)
        if screen.demo_available:
            yield SystemCommand(
                "Open the demo dumps", "Switch the reader to the bundled demo dumps", screen.action_demo
            )

    @staticmethod
    def _export_commands(screen: ReaderScreen) -> Iterable[SystemCommand]:
        """Export the bookmarks in each format, and the tag shown in each (when one is)."""
        section = screen.section
        tag = section.name if section is not None and section.kind == "tag" else None
        for fmt, name in FORMAT_NAMES.items():
            yield SystemCommand(
                f"Export bookmarks as {name}",
                "Write the bookmarks, their tags and notes to a file in the user data dir",
                partial(screen.export_bookmarks, fmt),
            )
            if tag is not None:
                yield SystemCommand(
                    f"Export the tag {tag} as {name}",
                    f"Write the papers tagged {tag} to a file in the user data dir",
                    partial(screen.export_bookmarks, fmt, tag),
                )

    @staticmethod
    def _annotation_commands(screen: ReaderScreen) -> Iterable[SystemCommand]:
        """Tags, notes and saved searches."""
        yield SystemCommand("Edit tags", "The selected paper's tags (t)", screen.action_edit_tags)
        yield SystemCommand("Edit note", "The selected paper's note (e)", screen.action_edit_note)
        yield SystemCommand(
            "Edit note in $EDITOR",
            "The selected paper's note in your editor (ctrl+e)",
            screen.action_edit_note_in_editor,
        )
        yield SystemCommand(
            "Save the search", "Keep the current search under a name (ctrl+s)", screen.action_save_search
        )
        if screen.section is not None and screen.section.kind == "saved":
            yield SystemCommand(
                f"Remove the saved search {screen.section.name}",
                "Forget the saved search shown (searches.toml in the user data dir)",
                screen.remove_saved_search,
            )

    @on(ReaderScreen.OpenLibrary)
    def _open_library_asked(self, event: ReaderScreen.OpenLibrary) -> None:
        self._open_library(list(event.roots))

    @work(thread=True, group="library", exclusive=True, exit_on_error=False)
    def _open_library(self, roots: list[Path]) -> None:
        try:
            self.post_message(LibraryOpened(Library(roots, watch=self.settings.watch, hide=self.settings.hide)))
        except ReaderError as error:
            self.notify(str(error), title="Not opened", severity="error", markup=False)

    def pop_screen(self) -> AwaitComplete:
        """Close the top screen; nothing when only the reader is left (Textual's palette
        closes itself a second time on a quick second enter, which would stop the app)."""
        if len(self.screen_stack) <= 1:
            return AwaitComplete(asyncio.sleep(0))
        return super().pop_screen()

    @on(LibraryOpened)
    def _library_opened(self, event: LibraryOpened) -> None:
        old, self.library = self.library, event.library
        old.close()
        self.reader.use_library(event.library)


def create_app(library: Library, *, state_path: Path | None = None, settings: Settings | None = None) -> PapersApp:
    """The reader over ``library`` (tests and screenshots build it this way); ``settings``
    from ``config.toml`` when not given."""
    return PapersApp(library, state_path=state_path, settings=settings)


def run(roots: list[Path], *, title: str | None = None) -> int:
    """Open the reader on ``roots`` until the user quits; the exit code."""
    default = paths.default_dump_dir()
    if default in roots:
        with contextlib.suppress(OSError):
            default.mkdir(parents=True, exist_ok=True)  # the folder the welcome view asks to fill
    settings = load_settings()
    try:
        library = Library(roots, watch=settings.watch, hide=settings.hide)
    except ReaderError as error:
        print(f"papers: {error}", file=sys.stderr)
        return 1
    terminal_keys.install()
    app = create_app(library, settings=settings)
    if title:
        app.title = title
    try:
        app.run()
    finally:
        app.library.close()
    return app.return_code or 0


__all__ = ["PapersApp", "create_app", "run"]
