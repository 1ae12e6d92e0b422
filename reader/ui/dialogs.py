"""Modal screens: the help, the copy menu (``Y``) and the list of files that failed."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.core.citations import Citation, bibtex
from reader.core.links import markdown_link
from reader.core.models import FileFailure, Paper
from reader.ui.virtual_list import MOVE_KEYS

KEYS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Moving",
        (
            ("j / k, ↓ / ↑", "next / previous row (or scroll the detail)"),
            ("g / G, Home / End", "first / last row"),
            ("PgDn / PgUp", "a page down / up"),
            ("ctrl+d / ctrl+u", "a page down / up"),
            ("tab / shift+tab", "next / previous pane"),
            ("l / h", "next / previous pane"),
            ("enter", "go into the next pane"),
            ("[ / ]", "previous (older) / next (newer) day; from another row, the oldest / newest"),
            (":", "go to a day: 2025-03-14, 03-14, Mar 14, 14, yesterday, fri, -3"),
            ("B", "jump to the bookmarks (its tags are listed under it)"),
        ),
    ),
    (
        "Reading",
        (
            ("space", "page the abstract; at its end, mark it read and go to the next unread paper"),
            ("-", "page the abstract back"),
            ("n / N", "next / previous unread paper, on to the next day that has any"),
            ("J / K", "next / previous paper, from any pane"),
            ("r", "mark the paper read, or unread again"),
            ("A", "mark everything listed read (every match of a search); u undoes it"),
            ("", "a paper shown for a moment becomes read (auto_read in config.toml)"),
        ),
    ),
    (
        "Searching",
        (
            ("/", "search all days (as you type, or enter)"),
            ("↑ / ↓ in the box", "earlier / later queries (kept between runs)"),
            ("escape", "leave the search, back to where you were"),
            ("ctrl+s", "save the search under a name (a left-pane entry)"),
            ("tag: note: has:", "tag:agents, note:benchmark, has:note, has:tags"),
            ("| or f", "filter the list shown: keep the rows whose title or authors hold the words"),
            ("escape (filtered)", "clear the filter"),
        ),
    ),
    (
        "The selected paper",
        (
            ("b", "bookmark it (again to remove; asks when it has tags or a note)"),
            ("t", "edit its tags (tab completes; tagging bookmarks it)"),
            ("e", "edit its note (escape saves and closes)"),
            ("ctrl+e", "edit its note in $EDITOR"),
            ("y", "copy its best link"),
            ("Y", "copy menu: HF page, arXiv, PDF, code, Markdown link, BibTeX"),
            ("o", "open its best link in the browser"),
            ("m", "the papers most like it (escape goes back)"),
            ("x", "hide it: not interested (again to show it)"),
        ),
    ),
    (
        "The list",
        (
            ("s", "next sort: page order, upvotes/comments, published, title"),
            ("S", "reverse the sort"),
            ("X", "show / leave out the hidden papers of the day lists"),
            ("ctrl+r", "rescan the dump folders (they are also watched)"),
            ("F", "fetch the latest days from the Hugging Face API"),
        ),
    ),
    (
        "The reader",
        (
            ("? / F1", "this help"),
            ("ctrl+p", "command palette: sorts, exports (a tag's too), theme, …"),
            ("ctrl+l", "every message of this run, in full"),
            ("q", "quit"),
        ),
    ),
)
"""Every key of the reader, grouped, as the help screen shows them."""

_PREVIEW = 56
"""Most cells of the copied text shown in the copy menu (one line)."""


HELP_WIDTH = 80
"""The help box's width at most (it takes 90% of a narrower terminal)."""


def help_content(width: int = HELP_WIDTH - 4, remapped: Sequence[tuple[str, str]] = ()) -> Content:
    """The help text, ``width`` cells wide: a long action wraps under its own column.
    ``remapped``: (keys, action) the user's ``config.toml`` changed, listed first."""
    mine = (("Your keys (config.toml)", tuple(remapped)),) if remapped else ()
    groups = (*mine, *KEYS)
    keys_width = max(len(keys) for _, rows in groups for keys, _ in rows)
    room = max(12, width - keys_width - 4)
    parts: list[Content] = []
    for group, rows in groups:
        parts.append(Content.styled(f"{group}\n", "bold $text-accent"))
        for keys, action in rows:
            lines = textwrap.wrap(action, room) or [""]
            parts.append(Content.assemble((f"  {keys:<{keys_width}}  ", "bold"), lines[0], "\n"))
            parts.extend(Content(" " * (keys_width + 4) + line + "\n") for line in lines[1:])
        parts.append(Content("\n"))
    parts.append(Content.styled("escape, q or ? closes this help", "$text-muted"))
    return Content("").join(parts)


class HelpScreen(ModalScreen[None]):
    """Every key of the reader; the keys that move through a pane scroll it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "app.pop_screen", "Close", id="help.close"),
        Binding(MOVE_KEYS["down"], "scroll('down')", "Scroll down", show=False, id="help.down"),
        Binding(MOVE_KEYS["up"], "scroll('up')", "Scroll up", show=False, id="help.up"),
        Binding(MOVE_KEYS["top"], "scroll('home')", "Top", show=False, id="help.top"),
        Binding(MOVE_KEYS["bottom"], "scroll('end')", "Bottom", show=False, id="help.bottom"),
        Binding(MOVE_KEYS["page_down"], "scroll('page_down')", "Page down", show=False, id="help.page_down"),
        Binding(MOVE_KEYS["page_up"], "scroll('page_up')", "Page up", show=False, id="help.page_up"),
    ]

    def compose(self) -> ComposeResult:
        """A scrollable box of keys, wrapped to the box's width."""
        width = min(HELP_WIDTH, self.app.size.width * 9 // 10) - 5  # the border, the padding, the scrollbar
        remapped = [(remap.keys.replace(",", ", "), remap.action) for remap in getattr(self.app, "remapped", ())]
        with VerticalScroll(id="help-box", classes="dialog") as box:
            box.border_title = "Keys"
            yield Static(help_content(width, remapped), id="help-text")

    def action_scroll(self, move: str) -> None:
        """Scroll the help: ``down``, ``up``, ``home``, ``end``, ``page_down``, ``page_up``."""
        box = self.query_one("#help-box", VerticalScroll)
        getattr(box, f"scroll_{move}")(animate=False)


@dataclass(frozen=True)
class CopyChoice:
    """One line of the copy menu: its key, what it copies and the text copied."""

    key: str
    label: str
    text: str


def copy_choices(paper: Paper, citation: Citation | None = None) -> list[CopyChoice]:
    """What ``Y`` offers for ``paper``: its links, a Markdown link and a BibTeX entry (with
    the tags and note of ``citation``)."""
    choices = []
    for kind, key, label in (
        ("hf", "h", "Hugging Face page"),
        ("search", "s", "Hugging Face search"),
        ("arxiv", "a", "arXiv abstract"),
        ("pdf", "p", "PDF"),
        ("code", "c", "Code"),
        ("project", "w", "Project page"),
        ("bookmark", "l", "Saved link"),
    ):
        link = paper.link(kind)
        if link is not None:
            choices.append(CopyChoice(key, label, link.url))
    if paper.url:
        choices.append(CopyChoice("m", "Markdown link", markdown_link(paper)))
    choices.append(CopyChoice("b", "BibTeX entry", bibtex(citation or Citation(paper))))
    return choices


class CopyMenu(ModalScreen[CopyChoice | None]):
    """Choose what to copy: press its key, or move to it and press enter."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "dismiss_menu", "Close", id="copy.close"),
        Binding("j", "cursor_down", "Down", show=False, id="copy.down"),
        Binding("k", "cursor_up", "Up", show=False, id="copy.up"),
    ]

    def __init__(self, paper: Paper, citation: Citation | None = None) -> None:
        super().__init__()
        self.paper = paper
        self.choices = copy_choices(paper, citation)

    def compose(self) -> ComposeResult:
        """The choices, each with its key and a preview of the text."""
        options = []
        room = max(12, min(_PREVIEW, min(86, self.app.size.width * 9 // 10) - 34))  # the box: 86 wide, at most 90%
        for choice in self.choices:
            preview = Content(choice.text.splitlines()[0]).truncate(room, ellipsis=True)
            prompt = Content.assemble(
                (f"{choice.key}  ", "bold $text-accent"),
                f"{choice.label:<19} ",
                preview.stylize("$text-muted"),
            )
            options.append(Option(prompt, id=choice.key))
        with Vertical(id="copy-box", classes="dialog") as box:
            box.border_title = "Copy"
            box.border_subtitle = "key or enter · escape closes"
            yield OptionList(*options, id="copy-options")

    def on_key(self, event: events.Key) -> None:
        """A choice's key copies it at once."""
        choice = next((c for c in self.choices if c.key == event.character), None)
        if choice is not None:
            event.stop()
            self.dismiss(choice)

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        """Enter on a choice copies it."""
        self.dismiss(self.choices[event.option_index])

    def action_dismiss_menu(self) -> None:
        """Close without copying."""
        self.dismiss(None)

    def action_cursor_down(self) -> None:
        """Next choice."""
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        """Previous choice."""
        self.query_one(OptionList).action_cursor_up()


class FailuresScreen(ModalScreen[None]):
    """The dump files that could not be read at the last sync, with the reasons."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "app.pop_screen", "Close", id="failures.close"),
    ]

    def __init__(self, failures: Sequence[FileFailure]) -> None:
        super().__init__()
        self.failures = list(failures)

    def compose(self) -> ComposeResult:
        """A scrollable list of files and reasons."""
        parts: list[Content] = []
        for failure in self.failures:
            parts.append(Content.styled(failure.path + "\n", "bold"))
            parts.append(Content.styled(f"  {failure.reason}\n", "$text-muted"))
        text = Content("").join(parts).rstrip() if parts else Content("Every file could be read.")
        with VerticalScroll(id="failures-box", classes="dialog") as box:
            box.border_title = "Files that could not be read"
            box.border_subtitle = "escape closes"
            yield Static(text, id="failures-text")


@dataclass(frozen=True)
class LogEntry:
    """One message the reader showed: when, its title, its text and how grave it was."""

    time: str
    title: str
    message: str
    severity: str


class LogScreen(ModalScreen[None]):
    """Every message the reader showed this run, newest first, in full."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,ctrl+l", "app.pop_screen", "Close", id="log.close"),
    ]

    def __init__(self, entries: Sequence[LogEntry]) -> None:
        super().__init__()
        self.entries = list(entries)

    def compose(self) -> ComposeResult:
        """A scrollable list of messages (their text is data, never markup)."""
        colours = {"warning": "$text-warning", "error": "$text-error"}
        parts: list[Content] = []
        for entry in reversed(self.entries):
            title = Content.styled(f"{entry.time}  {entry.title or entry.severity}\n", "bold")
            parts += [title.stylize(colours.get(entry.severity, "")), Content(entry.message + "\n\n")]
        text = Content("").join(parts).rstrip() if parts else Content("No messages yet.")
        with VerticalScroll(id="log-box", classes="dialog") as box:
            box.border_title = "Messages"
            box.border_subtitle = "escape closes"
            yield Static(text, id="log-text")
