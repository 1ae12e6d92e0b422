"""``VirtualList``: a keyboard-driven list on Textual's Line API.

Only the visible rows are ever rendered (``render_line``), so a list of 100,000 rows costs
no more than one of 30. Subclasses say how many rows there are and render one row as
``Content``; the cursor, scrolling, keys and mouse clicks live here.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style

MOVE_KEYS = {
    "down": "j,down",
    "up": "k,up",
    "top": "g,home",
    "bottom": "G,end",
    "page_down": "pagedown,ctrl+d",
    "page_up": "pageup,ctrl+u",
}
"""The keys that move through a pane, by move: the lists move their cursor, the detail scrolls."""


def set_virtual_size(view: ScrollView, size: Size) -> None:
    """Make ``view``'s scrollable size ``size``, laying out the screen only if it must.

    Setting ``virtual_size`` lays out the whole screen again (40-60 ms at 120x36, in the
    frame a search's results come in). That is needed only when the vertical scrollbar
    appears or goes (the rows fit the view or no longer do); otherwise only the scrollbar's
    thumb changes, so the size is set without a layout and the scrollbar told the new height.
    """
    if size == view.virtual_size:
        return
    overflows = size.height > view.container_size.height
    if overflows != view.show_vertical_scrollbar:
        view.virtual_size = size
        return
    view.set_reactive(ScrollView.virtual_size, size)
    if overflows:
        view.vertical_scrollbar.window_virtual_size = size.height
    if view.scroll_y > view.max_scroll_y:  # shorter: no blank lines under the last one
        view.scroll_to(y=view.max_scroll_y, animate=False, force=True)


class VirtualList(ScrollView, can_focus=True):
    """A list whose rows are rendered on demand, with a cursor that keeps itself in view."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(MOVE_KEYS["down"], "cursor_down", "Down", show=False, id="list.down"),
        Binding(MOVE_KEYS["up"], "cursor_up", "Up", show=False, id="list.up"),
        Binding(MOVE_KEYS["top"], "first", "Top", show=False, id="list.top"),
        Binding(MOVE_KEYS["bottom"], "last", "Bottom", show=False, id="list.bottom"),
        Binding(MOVE_KEYS["page_down"], "page_down", "Page down", show=False, id="list.page_down"),
        Binding(MOVE_KEYS["page_up"], "page_up", "Page up", show=False, id="list.page_up"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "virtual-list--row",
        "virtual-list--cursor",
        "virtual-list--dim",
    }

    DEFAULT_CSS = """
    VirtualList {
        overflow-x: hidden;
        & > .virtual-list--row { }
        & > .virtual-list--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
        }
        &:focus > .virtual-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .virtual-list--dim { color: $text-muted; }
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._row_count = 0
        self.cursor = 0
        """Index of the selected row (0 when the list is empty)."""
        self._strips: LRUCache[tuple[Hashable, int, Style], Strip] = LRUCache(maxsize=256)
        """Rendered rows: scrolling by one row renders one new row, not all of them."""
        self._frame_styles: dict[tuple[tuple[str, ...], bool], Style] | None = None
        """The visual styles looked up while the rows of one frame are drawn."""

    # -- what subclasses provide ------------------------------------------------------------

    def render_row(self, index: int, width: int) -> Content:
        """The content of row ``index`` (``width`` cells are available)."""
        raise NotImplementedError

    def row_token(self, index: int) -> Hashable:
        """What row ``index`` shows: rows with equal tokens render alike (the default: never)."""
        return (index, object())

    def empty_text(self) -> str:
        """What the list says when it has no rows."""
        return ""

    def cursor_moved(self, index: int) -> None:
        """Called after the cursor moved to ``index`` by the user or ``set_cursor``."""

    def row_selectable(self, index: int) -> bool:
        """False for a row the cursor passes over (a header); every row by default."""
        return True

    # -- rows and cursor ------------------------------------------------------------------

    def set_row_count(self, count: int, cursor: int = 0, *, same_tokens_same_rows: bool = False) -> None:
        """Replace the rows (the subclass holds their data) and put the cursor on ``cursor``.
        ``same_tokens_same_rows``: a row whose token was drawn before is drawn as it was (the
        token is all the row shows), else every row is drawn afresh."""
        self._row_count = count
        if not same_tokens_same_rows:
            self._strips.clear()
        set_virtual_size(self, Size(0, count))
        self.cursor = self._selectable(cursor, 1)
        self._scroll_cursor_into_view(center=True)
        self.refresh()

    def set_cursor(self, index: int, *, announce: bool = True, center: bool = False) -> None:
        """Move the cursor to ``index`` (clamped, past a row that cannot be selected in the
        direction of the move); ``announce`` calls ``cursor_moved``; ``center`` puts a row that
        was out of view in the middle (a jump), not at the edge (a step)."""
        index = self._selectable(index, 1 if index >= self.cursor else -1)
        previous, self.cursor = self.cursor, index
        if previous != index:
            self.refresh_line(previous)
            self.refresh_line(index)
        self._scroll_cursor_into_view(center=center)
        if announce:
            self.cursor_moved(index)

    def redraw(self) -> None:
        """Render every row again (what they show changed)."""
        self._strips.clear()
        self.refresh()

    def _clamp(self, index: int) -> int:
        return max(0, min(index, self._row_count - 1)) if self._row_count else 0

    def _selectable(self, index: int, step: int) -> int:
        """The selectable row nearest ``index`` going ``step`` (else going back)."""
        index = self._clamp(index)
        for direction in (step, -step):
            probe = index
            while 0 <= probe < self._row_count:
                if self.row_selectable(probe):
                    return probe
                probe += direction
        return index

    @property
    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _scroll_cursor_into_view(self, *, center: bool = False) -> None:
        height = self.scrollable_content_region.height
        if height <= 0:
            return
        top = round(self.scroll_y)
        if center and not top <= self.cursor < top + height:
            self.scroll_to(y=max(0, self.cursor - height // 2), animate=False, force=True)
        elif self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, force=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, force=True)

    def on_resize(self, event: events.Resize) -> None:
        """Keep the cursor visible when the list changes size."""
        self.call_after_refresh(self._scroll_cursor_into_view)

    def on_focus(self, event: events.Focus) -> None:
        """The cursor row looks different when the list has focus."""
        self.refresh()

    def on_blur(self, event: events.Blur) -> None:
        """The cursor row looks different when the list has focus."""
        self.refresh()

    # -- actions --------------------------------------------------------------------------

    def action_cursor_down(self) -> None:
        """Move down one row."""
        self.set_cursor(self.cursor + 1)

    def action_cursor_up(self) -> None:
        """Move up one row."""
        self.set_cursor(self.cursor - 1)

    def action_first(self) -> None:
        """Go to the first row."""
        self.set_cursor(0)

    def action_last(self) -> None:
        """Go to the last row."""
        self.set_cursor(self._row_count - 1)

    def action_page_down(self) -> None:
        """Move one page down."""
        self.scroll_to(y=self.scroll_y + self._page, animate=False, force=True)
        self.set_cursor(self.cursor + self._page)

    def action_page_up(self) -> None:
        """Move one page up."""
        self.scroll_to(y=max(0, self.scroll_y - self._page), animate=False, force=True)
        self.set_cursor(self.cursor - self._page)

    def on_click(self, event: events.Click) -> None:
        """A click selects the row under the mouse."""
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = round(self.scroll_y) + offset.y
        if 0 <= index < self._row_count:
            self.set_cursor(index)

    # -- rendering ------------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        """The lines of one frame, each visual style looked up once for all of them."""
        self._frame_styles = {}
        try:
            return super().render_lines(crop)
        finally:
            self._frame_styles = None

    def get_visual_style(self, *component_classes: str, partial: bool = False) -> Style:
        """Textual's visual style, remembered for the frame being drawn: Textual's own cache
        is keyed by the hover, focus and disabled state, and asking ``disabled`` walks every
        ancestor (a few lookups a row, a third of drawing a page of rows)."""
        memo = self._frame_styles
        if memo is None:
            return super().get_visual_style(*component_classes, partial=partial)
        key = (component_classes, partial)
        found = memo.get(key)
        if found is None:
            found = memo[key] = super().get_visual_style(*component_classes, partial=partial)
        return found

    def row_style(self, index: int) -> Style:
        """The base style of row ``index`` (the cursor row is highlighted)."""
        if index == self.cursor:
            return self.get_visual_style("virtual-list--row", "virtual-list--cursor")
        return self.get_visual_style("virtual-list--row")

    def render_line(self, y: int) -> Strip:
        """Render one visible line: the row at ``y`` plus the scroll offset."""
        width = self.scrollable_content_region.width
        index = round(self.scroll_y) + y
        if not self._row_count:
            style = self.get_visual_style("virtual-list--row")
            text = self.empty_text() if y == 0 else ""
            content = Content.styled(f" {text}", self.get_visual_style("virtual-list--dim", partial=True))
            return Strip(content.render_segments(style)).adjust_cell_length(width, style.rich_style)
        if index >= self._row_count:
            return Strip.blank(width, self.get_visual_style("virtual-list--row").rich_style)
        style = self.row_style(index)
        cache_key = (self.row_token(index), width, style)
        strip = self._strips.get(cache_key)
        if strip is None:
            segments = self.render_row(index, width).render_segments(style)
            strip = self._strips[cache_key] = Strip(segments).adjust_cell_length(width, style.rich_style)
        return strip
