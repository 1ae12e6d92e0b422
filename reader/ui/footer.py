"""``KeysFooter``: the screen's keys in one line, drawn as one widget.

Textual's ``Footer`` is a row of widgets, one per key, removed and mounted again each time
the screen's bindings change: focus moving from the search box to the list after Enter
changes them, and the new widgets cost a layout and a restyle of the screen (about 80 ms of
the 0.2 s from Enter to the results painted at 10,000 papers). This footer draws the same
line (each action's first key and its description, keys that do nothing now dimmed, the
command palette's key at the right) as one ``Content``, and repaints only itself when the
keys change. A click on a key presses it.
"""

from __future__ import annotations

from typing import Any, ClassVar, NamedTuple

from textual import events
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget


class FooterKey(NamedTuple):
    """One key as the footer shows it."""

    key: str
    """The key pressed by a click (a binding's own key name)."""
    display: str
    """How the key is written (``^p``, ``esc``, ``/``)."""
    description: str
    enabled: bool


class KeysFooter(Widget, can_focus=False):
    """The keys of the screen's active bindings that are shown, one line at the bottom."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "keys-footer--key",
        "keys-footer--description",
        "keys-footer--disabled",
        "keys-footer--hover",
        "keys-footer--separator",
    }
    DEFAULT_CSS = """
    KeysFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .keys-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .keys-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .keys-footer--disabled { text-style: dim; }
        & > .keys-footer--hover { background: $block-hover-background; }
        & > .keys-footer--separator { color: $foreground 20%; }
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.keys: tuple[FooterKey, ...] = ()
        """The keys shown, in the order of the screen's bindings."""
        self.palette: FooterKey | None = None
        """The command palette's key, shown at the right."""
        self._spans: list[tuple[int, int, FooterKey]] = []
        """Where each key was drawn: its first and past-the-last cell."""
        self._hover: FooterKey | None = None

    def on_mount(self) -> None:
        """Follow the screen's bindings."""
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        """Stop following them."""
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[Any]) -> None:
        """The screen's bindings may have changed: draw again if the keys did."""
        if not self.is_attached or screen is not self.screen:
            return
        keys, palette = self._keys_to_show()
        if (keys, palette) != (self.keys, self.palette):
            self.keys, self.palette = keys, palette
            self.refresh()

    def _keys_to_show(self) -> tuple[tuple[FooterKey, ...], FooterKey | None]:
        """Each shown action's first key, and the command palette's key."""
        app = self.app
        seen: set[str] = set()
        keys = []
        palette = None
        for key, (_, binding, enabled, _tip) in self.screen.active_bindings.items():
            shown = FooterKey(binding.key, app.get_key_display(binding), binding.description, enabled)
            if app.ENABLE_COMMAND_PALETTE and key == app.COMMAND_PALETTE_BINDING:
                palette = shown
            elif binding.show and binding.action not in seen:
                seen.add(binding.action)
                keys.append(shown)
        return tuple(keys), palette

    def render(self) -> Content:
        """`` q Quit  ? Help  / Search ...`` (the keys that fit, whole) and ``▏^p palette``
        at the right."""
        width = self.size.width
        palette_key = self.palette
        palette = None
        if palette_key is not None:
            separator = self.get_visual_style("keys-footer--separator", partial=True)
            palette = Content.assemble(("▏", separator), self._drawn(palette_key, palette_key.display, " "))
        room = width - (palette.cell_length if palette is not None else 0)
        parts: list[Content] = []
        self._spans = []
        used = 0
        for key in self.keys:
            drawn = self._drawn(key, f" {key.display} ", "")
            if used + drawn.cell_length > room:
                break
            self._spans.append((used, used + drawn.cell_length, key))
            parts.append(drawn)
            used += drawn.cell_length
        if palette is not None and palette_key is not None and room >= 0:
            parts += [Content(" " * (room - used)), palette]
            self._spans.append((room + 1, width, palette_key))
        return Content("").join(parts)

    def _drawn(self, key: FooterKey, shown_key: str, before_description: str) -> Content:
        """``shown_key`` then the description, dimmed when the key does nothing now and
        highlighted under the mouse."""
        drawn = Content.assemble(
            (shown_key, self.get_visual_style("keys-footer--key", partial=True)),
            (
                f"{before_description}{key.description} ",
                self.get_visual_style("keys-footer--description", partial=True),
            ),
        )
        if not key.enabled:
            drawn = drawn.stylize(self.get_visual_style("keys-footer--disabled", partial=True))
        if key == self._hover:
            drawn = drawn.stylize(self.get_visual_style("keys-footer--hover", partial=True))
        return drawn

    def key_at(self, x: int) -> FooterKey | None:
        """The key drawn at cell ``x``."""
        return next((key for start, end, key in self._spans if start <= x < end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """The key under the mouse is highlighted."""
        hover = self.key_at(event.x)
        if hover != self._hover:
            self._hover = hover
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        """No key is highlighted once the mouse has left."""
        if self._hover is not None:
            self._hover = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """A click presses the key under the mouse (a bell for one that does nothing now)."""
        key = self.key_at(event.x)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()
