"""``KeysFooter``: Textual's ``Footer``, composed again only when what it shows changed.

Textual's footer removes and mounts all its keys again each time the screen's bindings
are refreshed (focus moves, the reader refreshes them, ...): about 20 ms a time, four times
while the reader starts. This one first compares the keys it would show with the keys it
shows, and leaves them alone when they are the same.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from textual.screen import Screen
from textual.widgets import Footer


class KeysFooter(Footer):
    """A ``Footer`` that recomposes only when its keys, their state or its options change."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._told = False
        """True once the screen has said its bindings are ready (before that nothing shows)."""
        self._shown: Hashable = None
        """What the keys on show were composed from."""

    def bindings_changed(self, screen: Screen[Any]) -> None:
        """The screen's bindings may have changed: compose again if the keys did."""
        self._told = True
        super().bindings_changed(screen)

    def _what_to_show(self) -> Hashable:
        if not self._told or not self.is_attached:
            return None
        keys = tuple(
            (key, binding.action, binding.description, binding.key_display, binding.show, binding.group, enabled, tip)
            for key, (_, binding, enabled, tip) in self.screen.active_bindings.items()
        )
        return (keys, self.compact, self.show_command_palette, self.combine_groups)

    async def recompose(self) -> None:
        """Compose again, unless the keys to show are the ones shown."""
        shown = self._what_to_show()
        if shown is not None and shown == self._shown:
            return
        self._shown = shown
        await super().recompose()
