"""The reader's own commands in the command palette (``ctrl+p``).

Textual's system commands (theme, keys, screenshot, quit) stay beside them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from reader.core.catalog import Sort
from reader.core.export import FORMATS

if TYPE_CHECKING:
    from reader.ui.app import PapersApp

_FORMAT_NAMES = {"md": "Markdown", "bibtex": "BibTeX", "json": "JSON"}


class PapersCommands(Provider):
    """Sorts, bookmark export, rescan, bookmarks, all papers, search, help."""

    def commands(self) -> Iterator[tuple[str, str, Callable[[], object]]]:
        """Every command as (name, help, callback)."""
        app = cast("PapersApp", self.app)
        for sort in Sort:
            yield (f"Sort by {sort.label}", f"List the papers by {sort.label}", partial(app.set_sort, sort))
        yield ("Reverse the sort", "Flip the order of the list (S)", app.action_reverse_sort)
        for fmt in FORMATS:
            name = _FORMAT_NAMES[fmt]
            yield (
                f"Export bookmarks as {name}",
                "Write the bookmarks to a file in the user data dir",
                partial(app.export_bookmarks, fmt),
            )
        yield ("Rescan the dump folders", "Index new and changed dumps (ctrl+r)", app.action_rescan)
        yield ("Bookmarks", "Show the bookmarked papers (B)", app.action_bookmarks)
        yield ("All papers", "Show every paper of the library", app.action_all_papers)
        yield ("Search", "Search every day (/)", app.action_search)
        yield ("Files that could not be read", "The dumps the last scan could not use", app.action_failures)
        yield ("Help", "Every key of the reader (?)", app.action_help)
        if app.demo_available:
            yield ("Open the demo dumps", "Switch the reader to the bundled demo dumps", app.action_demo)

    async def discover(self) -> Hits:
        """All commands, before anything is typed."""
        for name, help_text, callback in self.commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        """Commands matching what was typed."""
        matcher = self.matcher(query)
        for name, help_text, callback in self.commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, text=name, help=help_text)
