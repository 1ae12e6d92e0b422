"""Turning domain objects into ``Content``: dates, list-row metadata and the detail pane.

Dump text is data: it only ever enters ``Content(text)`` (never markup parsing), so a title
such as ``[link=file:///etc/passwd]x`` shows literally. Styles are theme variables.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from textual.content import Content, Span

from reader.core.bookmarks import Bookmark
from reader.core.latex import readable
from reader.core.library import Library
from reader.core.models import Paper

MATCH_STYLE = "bold underline $text-accent"
"""How search terms are highlighted in the detail pane."""
WATCH_STYLE = "underline $text-accent"
"""How the watch list's words are highlighted in the detail pane's title."""

_MAX_AUTHORS = 12
LINK_LABELS = {
    "hf": "HF",
    "arxiv": "arXiv",
    "pdf": "PDF",
    "code": "Code",
    "project": "Project",
    "search": "Search",
    "bookmark": "Saved",
}
"""Short names of link kinds, so a link fits on one line beside its name."""


def format_day(day: dt.date) -> str:
    """``Dec 17, 2025``."""
    return f"{day:%b} {day.day}, {day.year}"


def format_weekday(day: dt.date) -> str:
    """``Wed 17``: the weekday and the day of the month (under a month header)."""
    return f"{day:%a} {day.day:>2}"


def format_count(count: int) -> str:
    """``1,234``."""
    return f"{count:,}"


def plural(count: int, word: str) -> str:
    """``1 paper``, ``3 papers``."""
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def row_meta(paper: Paper, *, compact: bool = False) -> str:
    """The dim metadata of a list row: published date, then upvotes or comments.

    ``compact`` leaves the date out (narrow lists keep their room for the title).
    """
    parts = []
    if paper.published and not compact:
        parts.append(format_day(paper.published))
    if paper.upvotes is not None:
        parts.append(f"▲{paper.upvotes:,}")
    elif paper.comments is not None:
        parts.append(plural(paper.comments, "comment"))
    return " · ".join(parts)


def highlighted(text: str, terms: Sequence[str], style: str = MATCH_STYLE) -> Content:
    """``text`` as literal content with the search ``terms`` styled."""
    content = Content(text)
    if not terms:
        return content
    spans = [Span(start, end, style) for start, end in Library.highlight(content.plain, terms)]
    return content.add_spans(spans) if spans else content


def authors_line(paper: Paper) -> str:
    """Authors (shortened when many), else the organisation and/or the author count."""
    parts = []
    if paper.authors:
        shown = ", ".join(paper.authors[:_MAX_AUTHORS])
        more = len(paper.authors) - _MAX_AUTHORS
        parts.append(f"{shown} and {more} more" if more > 0 else shown)
    if paper.organization:
        parts.append(paper.organization)
    if not paper.authors and paper.author_count:
        parts.append(plural(paper.author_count, "author"))
    return " · ".join(parts)


def metadata_line(paper: Paper) -> str:
    """Published date, upvotes, comments, GitHub stars and the days it was listed, on one line."""
    parts = []
    if paper.published:
        parts.append(f"published {format_day(paper.published)}")
    if paper.upvotes is not None:
        parts.append(f"▲ {plural(paper.upvotes, 'upvote')}")
    if paper.comments is not None:
        parts.append(plural(paper.comments, "comment"))
    if paper.github_stars:
        parts.append(f"★ {paper.github_stars:,} on GitHub")
    if paper.days:
        parts.append("listed " + ", ".join(format_day(day) for day in sorted(paper.days, reverse=True)))
    return " · ".join(parts)


@dataclass(frozen=True)
class Block:
    """A piece of the detail pane: wrapped to the pane's width, or kept on one line (a URL
    is never broken in the middle: it is cut with an ellipsis instead, ``y`` copies it whole)."""

    content: Content
    wrap: bool = True


@dataclass(frozen=True)
class Marks:
    """What the user's lists say of a paper, for the detail pane."""

    bookmarked: bool = False
    watched: bool = False
    hidden: bool = False
    watch_terms: tuple[str, ...] = ()
    """The watch queries' words, highlighted in the title."""
    like: str = ""
    """What "For you" found it like."""
    bookmark: Bookmark | None = None
    """The paper's bookmark, whose tags and note are shown."""


def detail_blocks(paper: Paper, *, terms: Sequence[str] = (), marks: Marks | None = None) -> list[Block]:
    """What the detail pane shows about ``paper``, in reading order: the title, one line of
    metadata, the authors, the user's tags and note, the AI summary, the abstract, then its
    links and keywords."""
    marks = marks or Marks()
    bookmarked = marks.bookmarked
    heading = "bold $text-accent"
    muted = "$text-muted"
    shown = readable(paper.title)
    title = highlighted(shown, marks.watch_terms, WATCH_STYLE)
    title = title.add_spans(highlighted(shown, terms).spans).stylize_before("bold")
    if bookmarked:
        title = Content.assemble(Content.styled("★ ", "$text-warning"), title)
    blocks = [Block(title)]
    blocks += _mark_blocks(marks)
    blocks += [Block(Content.styled(readable(other), "italic $text-muted")) for other in paper.other_titles]
    for line in (metadata_line(paper), authors_line(paper)):
        if line:
            blocks.append(Block(Content.styled(line, muted)))
    if paper.missing:
        blocks.append(Block(Content.styled("⚠ not in the dumps any more (kept as a bookmark)", "bold $text-warning")))
    blocks += annotation_blocks(marks.bookmark)
    for name, text in (("AI summary", paper.summary), ("Abstract", paper.abstract)):
        if text:
            body = highlighted(readable(text), terms)
            blocks += [Block(Content("")), Block(Content.styled(name, heading)), Block(body)]
    blocks.append(Block(Content("")))
    if paper.links:
        labels = " · ".join(dict.fromkeys(LINK_LABELS.get(link.kind, link.kind) for link in paper.links))
        blocks.append(Block(Content.assemble(("Links ", heading), labels, (" (y copies, Y chooses)", muted))))
        blocks.append(Block(Content.styled(paper.url, muted), wrap=False))
    if bookmarked:
        blocks.append(Block(Content.assemble(("★ bookmarked", "$text-warning"), (" (b to remove)", muted))))
    else:
        blocks.append(Block(Content.styled("☆ not bookmarked (b to add)", muted)))
    if paper.keywords:
        blocks.append(Block(Content.assemble(("Keywords ", heading), ", ".join(paper.keywords))))
    return blocks


def annotation_blocks(mark: Bookmark | None) -> list[Block]:
    """The user's tags and note of a bookmarked paper (the note as written: data, never markup)."""
    if mark is None or not mark.annotated:
        return []
    heading = "bold $text-accent"
    blocks = [Block(Content(""))]
    if mark.tags:
        blocks.append(Block(Content.assemble(("Tags ", heading), ", ".join(mark.tags), (" (t edits)", "$text-muted"))))
    if mark.note:
        blocks.append(Block(Content.assemble(("Note", heading), (" (e edits, ctrl+e in $EDITOR)", "$text-muted"))))
        blocks += [Block(Content(line)) for line in mark.note.split("\n")]
    return blocks


def _mark_blocks(marks: Marks) -> list[Block]:
    """A line each for being watched, hidden, and what "For you" found the paper like."""
    lines = []
    if marks.watched:
        lines.append(Content.styled("◆ watched (a watch query in config.toml matches it)", "$text-accent"))
    if marks.hidden:
        lines.append(Content.styled("⊘ hidden (x shows it again, unless a hide query matches it)", "$text-muted"))
    if marks.like:
        lines.append(Content.styled(f"✦ For you: like {marks.like}", "$text-accent"))
    return [Block(line) for line in lines]
