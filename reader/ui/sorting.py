"""``Sorting``: the order of the list (``s``, ``S`` and the palette). Part of ``ReaderScreen``."""

from __future__ import annotations

from reader.core.models import Sort
from reader.ui.reader_parts import ReaderParts


class Sorting(ReaderParts):
    """The sort actions, mixed into ``ReaderScreen``."""

    sort: Sort
    reverse: bool

    def set_sort(self, sort: Sort) -> None:
        """List the papers in ``sort`` order."""
        self.sort = sort
        self._reload()

    def action_cycle_sort(self) -> None:
        """The next sort: page order, upvotes/comments, published, title."""
        sorts = list(Sort)
        self.set_sort(sorts[(sorts.index(self.sort) + 1) % len(sorts)])

    def action_reverse_sort(self) -> None:
        """Reverse the sort."""
        self.reverse = not self.reverse
        self._reload()

    def _reload(self) -> None:
        if self.section is not None:
            self.load(self.section, self.paper_list.current_key)
        self._update_titles()
