"""``PaperDetail``: the right pane, everything about the selected paper, scrollable.

It is a Line API widget: the paper's text is wrapped once to the pane's width and the
visible lines are drawn from that, so showing another paper never re-lays out the screen
(moving through a list stays cheap).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.theme import Theme

from reader.core.models import Paper
from reader.ui.render import detail_content


class PaperDetail(ScrollView, can_focus=True):
    """The selected paper: title, metadata, links, abstract (search terms highlighted)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll_down", "Scroll down", show=False, id="detail.down"),
        Binding("k,up", "scroll_up", "Scroll up", show=False, id="detail.up"),
        Binding("g,home", "scroll_home", "Top", show=False, id="detail.top"),
        Binding("G,end", "scroll_end", "Bottom", show=False, id="detail.bottom"),
        Binding("pagedown,ctrl+d", "page_down", "Page down", show=False, id="detail.page_down"),
        Binding("pageup,ctrl+u", "page_up", "Page up", show=False, id="detail.page_up"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"paper-detail--text"}

    DEFAULT_CSS = """
    PaperDetail {
        overflow-x: hidden;
        scrollbar-gutter: stable;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.paper: Paper | None = None
        self.content = Content("")
        """What the pane shows, before wrapping."""
        self._lines: list[Strip] = []

    def show(self, paper: Paper | None, *, terms: Sequence[str] = (), bookmarked: bool = False) -> None:
        """Show ``paper`` (or nothing) from the top, unless it is the paper already shown."""
        same = paper is not None and self.paper is not None and paper.key == self.paper.key
        self.paper = paper
        self.content = Content("") if paper is None else detail_content(paper, terms=terms, bookmarked=bookmarked)
        self._wrap()
        if not same:
            self.scroll_to(y=0, animate=False, force=True)
        self.refresh()

    @property
    def text(self) -> str:
        """The plain text shown."""
        return self.content.plain

    def _wrap(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0:
            self._lines = []
            return
        style = self.get_visual_style("paper-detail--text")
        self._lines = [
            Strip(line.render_segments(style)).adjust_cell_length(width, style.rich_style)
            for line in self.content.wrap(width)
        ]
        size = Size(width, len(self._lines))
        if size != self.virtual_size:
            # Not ``self.virtual_size = size``: that lays out the whole screen again on every
            # paper. Only the scrollbars depend on it (they ask for a layout if they appear).
            self.set_reactive(PaperDetail.virtual_size, size)
            self._scroll_update(size)

    def on_mount(self) -> None:
        """Draw the text again in the colours of a new theme."""
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, theme: Theme) -> None:
        self._wrap()
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        """Wrap the text again for the new width."""
        self._wrap()
        self.refresh()

    def render_line(self, y: int) -> Strip:
        """One visible line of the wrapped text."""
        index = round(self.scroll_y) + y
        if index < len(self._lines):
            return self._lines[index]
        style = self.get_visual_style("paper-detail--text")
        return Strip.blank(self.scrollable_content_region.width, style.rich_style)
