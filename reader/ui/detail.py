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
from reader.ui.render import Block, Marks, detail_blocks
from reader.ui.virtual_list import MOVE_KEYS, set_virtual_size


class PaperDetail(ScrollView, can_focus=True):
    """The selected paper: title, metadata, links, abstract (search terms highlighted)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(MOVE_KEYS["down"], "scroll_down", "Scroll down", show=False, id="detail.down"),
        Binding(MOVE_KEYS["up"], "scroll_up", "Scroll up", show=False, id="detail.up"),
        Binding(MOVE_KEYS["top"], "scroll_home", "Top", show=False, id="detail.top"),
        Binding(MOVE_KEYS["bottom"], "scroll_end", "Bottom", show=False, id="detail.bottom"),
        Binding(MOVE_KEYS["page_down"], "page_down", "Page down", show=False, id="detail.page_down"),
        Binding(MOVE_KEYS["page_up"], "page_up", "Page up", show=False, id="detail.page_up"),
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
        self.blocks: list[Block] = []
        """What the pane shows, before wrapping."""
        self._wrapped: list[Content] = []
        """``blocks`` wrapped to the pane's width, one item a line."""
        self._lines: dict[int, Strip] = {}
        """The lines drawn so far (a line is drawn when it is first on screen)."""

    def show(self, paper: Paper | None, *, terms: Sequence[str] = (), marks: Marks | None = None) -> None:
        """Show ``paper`` (or nothing) from the top, unless it is the paper already shown;
        ``marks`` says what the user's lists (and its bookmark's tags and note) say of it."""
        same = paper is not None and self.paper is not None and paper.key == self.paper.key
        self.paper = paper
        self.blocks = [] if paper is None else detail_blocks(paper, terms=terms, marks=marks)
        self._wrap()
        if not same:
            self.scroll_to(y=0, animate=False, force=True)
        self.refresh()

    @property
    def content(self) -> Content:
        """What the pane shows, a line a block, before wrapping."""
        return Content("\n").join(block.content for block in self.blocks)

    @property
    def text(self) -> str:
        """The plain text shown."""
        return self.content.plain

    def _wrap(self) -> None:
        width = self.scrollable_content_region.width
        self._lines = {}
        self._wrapped = []
        for block in self.blocks if width > 0 else ():
            if block.wrap:
                self._wrapped += block.content.wrap(width) or [Content("")]
            else:
                self._wrapped.append(block.content.truncate(width, ellipsis=True))
        if width > 0:
            set_virtual_size(self, Size(self.scrollable_content_region.width, len(self._wrapped)))

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
        style = self.get_visual_style("paper-detail--text")
        width = self.scrollable_content_region.width
        if index >= len(self._wrapped):
            return Strip.blank(width, style.rich_style)
        strip = self._lines.get(index)
        if strip is None:
            segments = self._wrapped[index].render_segments(style)
            strip = self._lines[index] = Strip(segments).adjust_cell_length(width, style.rich_style)
        return strip
