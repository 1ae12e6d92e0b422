"""The dialogs of tags, notes and saved searches: the tags input (``t``, completing the tags
in use), the note editor (``e``, saved on close), the name of a saved search (``ctrl+s``) and
the question before a bookmark with tags or a note is removed.

What the user typed, a title or a note, is data: it reaches the screen as ``Content``,
never as markup.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Static, TextArea

from reader.core.errors import TagError
from reader.core.tags import parse_tags
from reader.ui.inputs import QuietInput

_LAST_WORD = re.compile(r"[^\s,]*$")


class TagSuggester(Suggester):
    """Completes the tag being typed (the last word) from the tags in use, case-folded."""

    def __init__(self, tags: Sequence[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.tags = list(tags)

    async def get_suggestion(self, value: str) -> str | None:
        """``agents, pl`` → ``agents, planning`` when ``planning`` is in use."""
        match = _LAST_WORD.search(value)
        word = match.group() if match else ""
        if not word:
            return None
        typed = {part.casefold() for part in re.split(r"[\s,]+", value)}
        for tag in self.tags:
            folded = tag.casefold()
            if folded.startswith(word.casefold()) and folded != word.casefold() and folded not in typed:
                return value + tag[len(word) :]
        return None


class TagsDialog(ModalScreen[str | None]):
    """The selected paper's tags, comma- or space-separated; enter saves, escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="tags.cancel"),
        Binding("tab", "complete", "Complete", id="tags.complete"),
    ]

    def __init__(self, title: str, tags: Sequence[str], in_use: Sequence[str]) -> None:
        super().__init__()
        self.paper_title = title
        self.tags = list(tags)
        self.in_use = list(in_use)

    def compose(self) -> ComposeResult:
        """The paper's title, the input and what the keys do."""
        with Vertical(id="tags-box", classes="dialog") as box:
            box.border_title = "Tags"
            box.border_subtitle = "tab completes · enter saves · escape cancels"
            yield Static(Content(self.paper_title), classes="dialog-title", markup=False)
            in_use = ", ".join(self.in_use[:12]) + (" …" if len(self.in_use) > 12 else "")
            hint = f"in use: {in_use}" if self.in_use else "comma- or space-separated, e.g. agents, to-read"
            yield Static(Content.styled(hint, "$text-muted"), classes="dialog-hint", markup=False)
            yield QuietInput(", ".join(self.tags), suggester=TagSuggester(self.in_use), id="tags-input")
            yield Static("", id="tags-error", classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        """Typing goes to the input, after the tags already there."""
        field = self.query_one(Input)
        field.focus()
        field.cursor_position = len(field.value)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        """Save the tags; a tag that cannot be kept is said here and what was typed stays."""
        try:
            parse_tags(event.value, self.in_use)
        except TagError as error:
            self.query_one("#tags-error", Static).update(Content.styled(f"{error}: shorten it", "$text-error"))
            return
        self.dismiss(event.value)

    def action_complete(self) -> None:
        """Take the completion shown (a separator follows, for the next tag)."""
        field = self.query_one(Input)
        before = field.value
        field.cursor_position = len(field.value)
        field.action_cursor_right()  # Textual's Input takes its suggestion this way
        if field.value != before:
            field.insert_text_at_cursor(", ")

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)


class NoteDialog(ModalScreen[str]):
    """The selected paper's note in a multi-line editor; closing it saves it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Save and close", priority=True, id="note.close"),
    ]

    def __init__(self, title: str, note: str) -> None:
        super().__init__()
        self.paper_title = title
        self.note = note

    def compose(self) -> ComposeResult:
        """The paper's title and the editor."""
        with Vertical(id="note-box", classes="dialog") as box:
            box.border_title = "Note"
            box.border_subtitle = "escape saves and closes · empty removes the note"
            yield Static(Content(self.paper_title), classes="dialog-title", markup=False)
            yield TextArea(self.note, id="note-text", soft_wrap=True, tab_behavior="indent")

    def on_mount(self) -> None:
        """Typing goes to the end of the note."""
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_close(self) -> None:
        """Save the note (the reader writes it) and close."""
        self.dismiss(self.query_one(TextArea).text)


class SaveSearchDialog(ModalScreen[str | None]):
    """The name to save the current search under; enter saves, escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="save_search.cancel"),
    ]

    def __init__(self, query: str, names: Sequence[str]) -> None:
        super().__init__()
        self.search_query = query
        self.names = list(names)

    def compose(self) -> ComposeResult:
        """The query and the name's input (the query itself by default)."""
        with Vertical(id="save-search-box", classes="dialog") as box:
            box.border_title = "Save the search"
            box.border_subtitle = "enter saves · escape cancels"
            yield Static(Content(self.search_query), classes="dialog-title", markup=False)
            hint = "a name in use replaces that search" if self.names else "listed in the left pane, by this name"
            yield Static(Content.styled(hint, "$text-muted"), classes="dialog-hint", markup=False)
            yield QuietInput(self.search_query[:60], placeholder="name", id="save-search-name")

    def on_mount(self) -> None:
        """Typing replaces the proposed name."""
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question: ``y`` answers yes; ``n`` or escape, no."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, title: str, question: str) -> None:
        super().__init__()
        self.box_title = title
        self.question = question

    def compose(self) -> ComposeResult:
        """The question and its keys."""
        with Vertical(id="confirm-box", classes="dialog") as box:
            box.border_title = self.box_title
            box.border_subtitle = "y: yes · n or escape: no"
            yield Static(Content(self.question), id="confirm-text", markup=False)

    def action_answer(self, yes: bool) -> None:
        """Close with the answer."""
        self.dismiss(yes)
