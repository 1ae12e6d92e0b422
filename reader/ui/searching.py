"""``SearchActions``: the search across every day, as the reader shows it.

``/`` opens the ``SearchBar`` above the papers; a search is a section of its own, the first
row of the left pane, until ``escape`` goes back to where the reader was. Part of
``ReaderScreen`` (which binds the keys and lists the section's papers).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on

from reader.ui.days import Section
from reader.ui.reader_parts import ReaderParts
from reader.ui.search_bar import SearchBar


class SearchActions(ReaderParts):
    """The search's actions and handlers, mixed into ``ReaderScreen``."""

    search_bar: SearchBar | None
    search_history: list[str]
    _before_search: tuple[str | None, str | None] | None
    _auto_section: bool
    _transient_back: list[tuple[Section, str | None]]
    """The searches the papers like one paper were opened from, and the paper selected in
    each: escape goes back to them first, then to where the reader was."""

    if TYPE_CHECKING:

        def rank_afresh(self) -> None:
            """Ranked lists best first again (``Sorting.rank_afresh``)."""

    async def action_search(self) -> None:
        """Open the search box (or go back to it); a new search starts from the last query
        (the box selects its text as it takes the focus: typing replaces it, enter runs it)."""
        if self.search_bar is None:
            self.search_bar = SearchBar(self.search_history, id="search-box", after_enter=self._results_focused)
            await self.query_one("#middle").mount(self.search_bar, before=self.paper_list)
        if self.search_section is None and self._before_search is None:
            self._before_search = (self.section.ref if self.section else None, self.paper_list.current_key)
            self.rank_afresh()  # a search opened from browsing starts best first
            self.search_bar.recall_last()
            self.refresh_bindings()
        self.search_bar.open()

    def _results_focused(self) -> None:
        """The focus on the results at once (``focus()`` would wait for the keys queued)."""
        self.set_focus(self.paper_list)

    @property
    def search_shown(self) -> bool:
        """True while the search bar is on screen."""
        return self.search_bar is not None and self.search_bar.display

    @on(SearchBar.Changed)
    def _search_typed(self, event: SearchBar.Changed) -> None:
        self.search(event.query)

    @on(SearchBar.Submitted)
    def _search_submitted(self, event: SearchBar.Submitted) -> None:
        if event.query and self.search_bar is not None:
            self.search_bar.remember(event.query)  # what was run, not every pause in the typing
            if self.search(event.query):
                self.results_hold.hold()  # painted with its results (unless they take long)

    @on(SearchBar.Closed)
    def _search_closed(self) -> None:
        self.action_leave_search()

    def search(self, query: str) -> bool:
        """Search every day for ``query`` and list the results (the title says it is searching
        until they are in); False when they are the results shown already."""
        search = self.search_section
        if search is not None and search.query == query and self.section == search:
            return False
        self.open_transient(Section("search", 0, query=query))
        return True

    def open_transient(self, section: Section) -> None:
        """List ``section`` (a search, the papers like one paper) as the first row of the
        left pane, until escape goes back to where the reader was before the first one."""
        if self._before_search is None:
            self._before_search = (self.section.ref if self.section else None, self.paper_list.current_key)
            self.rank_afresh()  # from browsing: the search starts best first
        shown = self.search_section
        if section.kind == "similar" and shown is not None and shown.kind == "search" and self.section == shown:
            self._transient_back.append((shown, self.paper_list.current_key))
        elif section.kind == "search":
            self._transient_back.clear()
        self.search_section = section
        self.refresh_bindings()  # escape is "Leave search" or, from the papers like one, "Back"
        self._auto_section = False  # the user chose what is shown: a new read of the left pane keeps it
        sections = [section for section in self.day_list.sections if not section.transient]
        self.day_list.set_sections([section, *sections], section.ref)
        self.load(section)

    def action_leave_search(self, _named: str = "") -> None:
        """Close the search (or the papers like one paper) and go back to where the reader
        was; ``_named`` only says which footer label the key had ("back")."""
        if self.search_section is None and self._before_search is None:
            return
        if self._transient_back and self.search_section is not None and self.search_section.kind == "similar":
            search, selected = self._transient_back.pop()  # back to the search it was opened from
            self.search_section = search
            sections = [section for section in self.day_list.sections if not section.transient]
            self.day_list.set_sections([search, *sections], search.ref)
            self.load(search, selected)
            self.set_focus(self.paper_list)
            self.refresh_bindings()
            return
        ref, key = self._before_search or (None, None)
        self._before_search = None
        self._transient_back.clear()
        self.search_section = None
        if self.search_bar is not None:
            self.search_bar.close()
        sections = [section for section in self.day_list.sections if not section.transient]
        target = ref if ref is not None and any(section.ref == ref for section in sections) else "all"
        if self.section is not None and not self.section.transient:
            target, key = self.section.ref, self.paper_list.current_key
        self.day_list.set_sections(sections, target)
        current = self.day_list.current
        if current is not None:
            self.load(current, key)
        self.set_focus(self.paper_list)  # at once: the keys typed next go to the list
        self.refresh_bindings()  # escape leaves the footer with the search

    def _set_search_count(self, total: int, exact: bool) -> None:
        if self.search_section is None:
            return
        self.search_section = self.search_section.with_count(total, exact)
        index = self.day_list.index_of(self.search_section.ref)
        if index is not None:
            self.day_list.set_section(index, self.search_section)
        if self.section is not None and self.section.transient:
            self.section = self.search_section
