"""``Sorting``: the order of the list (``s``, ``S`` and the palette). Part of ``ReaderScreen``.

Lists ranked for a query (a search, a saved search, the papers like one, For you) have an
order of their own: they start best first whenever a search opens, and what ``s`` or ``S``
does to them never reaches the day lists, nor the other way round. Only the day lists' order
is remembered between runs.
"""

from __future__ import annotations

from reader.core.models import Sort
from reader.ui.days import Section
from reader.ui.reader_parts import ReaderParts

RANKED = frozenset({"search", "saved", "similar", "foryou"})
"""Sections in the order of their own ranking by default (relevance, likeness)."""


class Sorting(ReaderParts):
    """The sort actions, mixed into ``ReaderScreen``."""

    sort: Sort
    reverse: bool
    """The order of the day lists, All papers, Unread and the bookmarks (remembered)."""
    ranked_sort: Sort = Sort.PAGE
    ranked_reverse: bool = False
    """The order of the ranked lists (``RANKED``) this run."""

    def order_of(self, section: Section | None) -> tuple[Sort, bool]:
        """The sort and direction ``section`` is listed in."""
        if section is not None and section.kind in RANKED:
            return self.ranked_sort, self.ranked_reverse
        return self.sort, self.reverse

    def rank_afresh(self) -> None:
        """A search opens: ranked lists are best first again."""
        self.ranked_sort, self.ranked_reverse = Sort.PAGE, False

    def set_sort(self, sort: Sort) -> None:
        """List the papers of the list shown (and of the lists like it) in ``sort`` order."""
        if self.section is not None and self.section.kind in RANKED:
            self.ranked_sort = sort
        else:
            self.sort = sort
        self._reload()

    def action_cycle_sort(self) -> None:
        """The next sort: page order, upvotes/comments, published, title."""
        sorts = list(Sort)
        self.set_sort(sorts[(sorts.index(self.order_of(self.section)[0]) + 1) % len(sorts)])

    def action_reverse_sort(self) -> None:
        """Reverse the sort of the list shown (and of the lists like it)."""
        if self.section is not None and self.section.kind in RANKED:
            self.ranked_reverse = not self.ranked_reverse
        else:
            self.reverse = not self.reverse
        self._reload()

    def _reload(self) -> None:
        if self.section is not None:
            self.load(self.section, self.paper_list.current_key)
        self._update_titles()
