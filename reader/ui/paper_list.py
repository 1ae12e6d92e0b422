"""``PaperList``: the middle pane, a virtual list over paper keys.

It holds only keys; the papers of the rows on screen are fetched on demand (one batch for
the visible window) and kept in a small LRU cache, so "All papers" with 100,000 keys
opens at once and scrolls smoothly.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content, Span
from textual.message import Message

from reader.core.latex import readable
from reader.core.library import Library
from reader.core.models import Paper
from reader.core.watchlist import Lists
from reader.ui.render import row_meta
from reader.ui.virtual_list import VirtualList

Fetch = Callable[[Sequence[str]], dict[str, Paper]]
"""Papers by key for a batch of keys (``Library.papers``)."""
Highlight = Callable[[str | None, bool], None]
"""Told ``(key, moved)`` when the selected paper changes: ``key`` is None when the list is
empty, ``moved`` is True when the cursor moved in the list, False when a new list is shown.
A plain call, not a message: it runs on every key press that moves the cursor, and a
message would bubble through every container up to the app first."""

WATCHED_SIGN = "◆"
"""Beside the star of a paper a watch query matches (a sign, not only a colour)."""
HIDDEN_SIGN = "⊘"
"""Beside the star of a hidden paper, where one is listed."""
NEW_SIGN = "+"
"""Beside the star of an unread paper that arrived since the reader was last closed."""
CACHE_SIZE = 512
_MARGIN = 16
_WIDE = 64
"""Rows at least this wide show the published date and the upvotes or comments."""
_MEDIUM = 30
"""Rows at least this wide show the upvotes or comments."""


class PaperList(VirtualList):
    """Rows of ``★◆ title    ✎ published · upvotes`` over a list of paper keys (``◆`` watched,
    ``⊘`` hidden, ``+`` new, ``✎`` a note; a read paper's row is dimmed)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "enter", "Read", show=False, id="papers.enter"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "paper-list--star",
        "paper-list--meta",
        "paper-list--match",
        "paper-list--missing",
        "paper-list--watched",
        "paper-list--watch-term",
        "paper-list--hidden",
        "paper-list--new",
        "paper-list--read",
    }

    class Entered(Message):
        """``enter`` was pressed on a paper: go to the detail pane."""

    def __init__(
        self,
        fetch: Fetch,
        is_bookmarked: Callable[[Paper], bool],
        highlighted: Highlight | None = None,
        *,
        has_note: Callable[[Paper], bool] | None = None,
        is_read: Callable[[Paper], bool] | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.fetch = fetch
        self.is_bookmarked = is_bookmarked
        self.has_note = has_note
        """True for a paper with a note: its row is marked ``✎``."""
        self.is_read = is_read
        """True for a paper that has been read: its row is dimmed."""
        self.new_keys: frozenset[str] = frozenset()
        """Papers that arrived since the reader was last closed: marked ``+`` while unread."""
        self.highlighted = highlighted
        self.keys: list[str] = []
        self.terms: tuple[str, ...] = ()
        self.lists = Lists()
        """The watched and hidden papers (marked in the rows) and the watch terms."""
        self.notes: Mapping[str, str] = {}
        """A few words about some rows, shown in place of their metadata ("For you": what each is like)."""
        self.empty_message = "No papers"
        self._cache: OrderedDict[str, Paper | None] = OrderedDict()

    # -- data -----------------------------------------------------------------------------

    def show(self, keys: list[str], *, cursor: int = 0, terms: Sequence[str] = (), empty: str = "No papers") -> None:
        """Show ``keys`` with the cursor on row ``cursor``; ``terms`` are highlighted in titles
        (``notes`` are set apart: a filtered list keeps them)."""
        self.keys = keys
        self.terms = tuple(terms)
        self.empty_message = empty
        self.set_row_count(len(keys), cursor)
        if self.highlighted is not None:
            self.highlighted(self.current_key, False)

    def forget(self) -> None:
        """Drop every cached paper (after a sync they may have changed)."""
        self._cache.clear()
        self.redraw()

    @property
    def current_key(self) -> str | None:
        """The key of the selected paper."""
        return self.keys[self.cursor] if self.keys else None

    @property
    def current_paper(self) -> Paper | None:
        """The selected paper (fetched if needed)."""
        return self.paper_at(self.cursor) if self.keys else None

    def paper_at(self, index: int) -> Paper | None:
        """The paper of row ``index``, fetching the rows around it when not cached."""
        key = self.keys[index]
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        height = max(self.scrollable_content_region.height, 1)
        start = max(0, min(index, round(self.scroll_y)) - _MARGIN)
        window = self.keys[start : max(index + 1, round(self.scroll_y) + height) + _MARGIN]
        wanted = [k for k in dict.fromkeys([key, *window]) if k not in self._cache]
        found = self.fetch(wanted)
        for k in wanted:
            self._cache[k] = found.get(k)
        while len(self._cache) > max(CACHE_SIZE, 3 * len(wanted)):
            self._cache.popitem(last=False)
        return self._cache.get(key)

    # -- events ---------------------------------------------------------------------------

    def cursor_moved(self, index: int) -> None:
        """Tell the app which paper is selected now."""
        if self.highlighted is not None:
            self.highlighted(self.current_key, True)

    def row_token(self, index: int) -> Hashable:
        """The paper's key, whether it is bookmarked or has a note, and the terms highlighted."""
        paper = self.paper_at(index)
        key = self.keys[index]
        bookmarked = paper is not None and self.is_bookmarked(paper)
        read = self._read(paper)
        return (key, bookmarked, self._noted(paper), self.terms, self.mark(key, read), self.lists.terms, read)

    def _read(self, paper: Paper | None) -> bool:
        return paper is not None and self.is_read is not None and self.is_read(paper)

    def _noted(self, paper: Paper | None) -> bool:
        return paper is not None and self.has_note is not None and self.has_note(paper)

    def mark(self, key: str, read: bool = False) -> str:
        """The sign beside a row's star: ``HIDDEN_SIGN``, ``NEW_SIGN`` (unread), ``WATCHED_SIGN``
        or a space (the watch terms stay highlighted in a new paper's title)."""
        if key in self.lists.hidden:
            return HIDDEN_SIGN
        if key in self.new_keys and not read:
            return NEW_SIGN
        return WATCHED_SIGN if key in self.lists.watched else " "

    def empty_text(self) -> str:
        """What an empty list says."""
        return self.empty_message

    def action_enter(self) -> None:
        """Go into the detail pane."""
        self.post_message(self.Entered())

    # -- rendering ------------------------------------------------------------------------

    def render_row(self, index: int, width: int) -> Content:
        """``★ title … published · ▲upvotes`` fitted to ``width``."""
        paper = self.paper_at(index)
        if paper is None:
            missing = self.get_visual_style("paper-list--missing", partial=True)
            return Content.styled(f"  {self.keys[index]} (not in the dumps any more)", missing)
        star = "★" if self.is_bookmarked(paper) else " "
        read = self._read(paper)
        sign = self.mark(paper.key, read)
        note = self.notes.get(paper.key)
        if note:
            meta = f"≈ {note}"
        elif paper.missing:
            meta = "not in the dumps any more"
        elif width >= _WIDE:
            meta = row_meta(paper)
        elif width >= _MEDIUM:
            meta = row_meta(paper, compact=True)
        else:
            meta = ""
        meta = meta[: max(0, width - 16 if paper.missing else width // (2 if note else 3))]
        if self._noted(paper):
            meta = f"✎ {meta}".rstrip() if width >= _MEDIUM else "✎"
        signs = self.lists.watched or self.lists.hidden or self.new_keys  # a column only when some row has one
        title_width = max(1, width - (3 if signs else 2) - len(meta) - (2 if meta else 1))
        title = Content(readable(paper.title))
        for terms, style in ((self.lists.terms, "paper-list--watch-term"), (self.terms, "paper-list--match")):
            if terms:
                visual = self.get_visual_style(style, partial=True)
                title = title.add_spans(
                    [Span(start, end, visual) for start, end in Library.highlight(title.plain, terms)]
                )
        title = title.truncate(title_width, ellipsis=True, pad=True)
        if read:
            title = title.stylize_before(self.get_visual_style("paper-list--read", partial=True))
        sign_style = {HIDDEN_SIGN: "paper-list--hidden", NEW_SIGN: "paper-list--new"}.get(sign, "paper-list--watched")
        parts: list[Content] = [
            Content.styled(star, self.get_visual_style("paper-list--star", partial=True)),
            Content.styled(sign, self.get_visual_style(sign_style, partial=True)) if signs else Content(""),
            Content(" "),
            title,
        ]
        if meta:
            parts.append(Content(" "))
            parts.append(Content.styled(meta, self.get_visual_style("paper-list--meta", partial=True)))
        parts.append(Content(" "))
        return Content.assemble(*parts)
