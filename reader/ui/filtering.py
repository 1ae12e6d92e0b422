"""``ListFilter``: narrowing the list on screen to the rows that hold some words (``|``, ``f``).

The words typed in the ``FilterBar`` are looked for (all of them, in any case) in each
listed paper's title, as written and as readable text, its authors and its organisation.
The text of a list's papers is read once, in a thread worker, the first time the list is
filtered; each word typed after that filters in memory. Showing another list clears the
filter; a list read again (after a sync) is filtered again. Part of ``ReaderScreen``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual import on, work
from textual.message import Message

from reader.core.latex import readable
from reader.core.library import Library
from reader.ui.filter_bar import FilterBar
from reader.ui.reader_parts import ReaderParts

TEXT_BATCH = 2000
"""Papers read from the catalog at a time for their text."""


def paper_texts(library: Library, keys: Sequence[str]) -> dict[str, str]:
    """What the filter looks through, by key: title (as written and readable), authors and
    organisation, case-folded."""
    texts: dict[str, str] = {}
    for start in range(0, len(keys), TEXT_BATCH):
        for key, paper in library.papers(keys[start : start + TEXT_BATCH]).items():
            parts = [paper.title, readable(paper.title), *paper.authors, paper.organization or ""]
            texts[key] = " ".join(parts).casefold()
    return texts


def matching(keys: Sequence[str], texts: dict[str, str], text: str) -> list[str]:
    """The ``keys`` whose text holds every word of ``text`` (all of them when it is empty)."""
    words = text.casefold().split()
    return [key for key in keys if all(word in texts.get(key, "") for word in words)]


@dataclass
class Filtered(Message):
    """The rows of list ``generation`` that ``text`` keeps."""

    keys: list[str]
    text: str
    generation: int
    texts: dict[str, str]


class ListFilter(ReaderParts):
    """The filter's actions and handlers, mixed into ``ReaderScreen``."""

    filter_bar: FilterBar | None
    filter_text: str
    """The filter in force ("" when none)."""
    listed_keys: list[str]
    """Every key of the list shown, before the filter."""
    _filter_texts: tuple[int, dict[str, str]] | None
    """The text of the listed papers, and the list (``_lists_shown``) it was read for."""
    _lists_shown: int
    """Counts the lists shown: a filter's result for a list no longer shown is dropped."""
    _filter_ref: str | None
    """The section the filter in force narrows."""
    _listed_empty: str
    """What the list says when it is empty, unfiltered."""

    @property
    def filter_active(self) -> bool:
        """True while a filter narrows the list (or its bar is open)."""
        return bool(self.filter_text) or (self.filter_bar is not None and self.filter_bar.display)

    async def action_filter(self) -> None:
        """Open the filter box over the list (its words kept when it is open already)."""
        if self.filter_bar is None:
            self.filter_bar = FilterBar(id="filter-bar")
            await self.query_one("#middle").mount(self.filter_bar, before=self.paper_list)
        self.filter_bar.open()
        self.refresh_bindings()

    def action_clear_filter(self) -> None:
        """Show every row of the list again and close the filter box."""
        had = self.filter_text
        self.filter_text = ""
        if self.filter_bar is not None:
            self.filter_bar.close()
        if had:
            self._show_rows(self.listed_keys, self.paper_list.current_key)
        self.set_focus(self.paper_list)  # at once: the keys typed next go to the list
        self.refresh_bindings()

    def show_listed(self, ref: str, keys: list[str], cursor: int, terms: Sequence[str], empty: str) -> None:
        """Show the list of section ``ref`` just read: filtered when the filter in force is
        for that section (the list read again), else whole (another list clears the filter)."""
        self.listed_keys = keys
        self._listed_empty = empty
        self._lists_shown += 1
        if self._filter_ref != ref:
            self._filter_ref = ref
            if self.filter_active:
                self.filter_text = ""
                if self.filter_bar is not None:
                    self.filter_bar.close()
                self.refresh_bindings()
        if self.filter_text:
            self._start_filter(self.filter_text)  # the rows shown stay until the filtered ones are in
        else:
            self.paper_list.show(keys, cursor=cursor, terms=terms, empty=empty)

    @on(FilterBar.Changed)
    def _filter_typed(self, event: FilterBar.Changed) -> None:
        self.filter_text = event.text
        self._filter_ref = self.section.ref if self.section is not None else None
        self._start_filter(event.text)

    @on(FilterBar.Submitted)
    def _filter_submitted(self) -> None:
        if not self.filter_text and self.filter_bar is not None:
            self.filter_bar.close()
        self.paper_list.focus()
        self.refresh_bindings()

    @on(FilterBar.Closed)
    def _filter_closed(self) -> None:
        self.action_clear_filter()

    def _start_filter(self, text: str) -> None:
        generation = self._lists_shown
        texts = self._filter_texts[1] if self._filter_texts and self._filter_texts[0] == generation else None
        self._filter(list(self.listed_keys), text, generation, texts)

    @work(thread=True, group="filter", exclusive=True, exit_on_error=False)
    def _filter(self, keys: list[str], text: str, generation: int, texts: dict[str, str] | None) -> None:
        texts = texts if texts is not None else paper_texts(self.library, keys)
        self.post_message(Filtered(matching(keys, texts, text), text, generation, texts))

    @on(Filtered)
    def _filtered(self, result: Filtered) -> None:
        if result.generation != self._lists_shown:
            return
        self._filter_texts = (result.generation, result.texts)
        if result.text == self.filter_text:
            self._show_rows(result.keys, self.paper_list.current_key)

    def _show_rows(self, keys: list[str], want: str | None) -> None:
        cursor = keys.index(want) if want in keys else 0
        empty = "No papers match the filter" if self.filter_text else self._listed_empty
        self.paper_list.show(keys, cursor=cursor, terms=self.paper_list.terms, empty=empty)
        if self.filter_bar is not None and self.filter_active:
            self.filter_bar.show_count(len(keys), len(self.listed_keys))
        self._update_titles()
