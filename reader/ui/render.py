"""Turning domain objects into ``Content``: dates, list-row metadata and the detail pane.

Dump text is data: it only ever enters ``Content(text)`` (never markup parsing), so a title
such as ``[link=file:///etc/passwd]x`` shows literally. Styles are theme variables.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from textual.content import Content, Span

from reader.core.library import Library
from reader.core.models import Paper

MATCH_STYLE = "bold underline $text-accent"
"""How search terms are highlighted in the detail pane."""

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
    """Published date, upvotes and comments."""
    parts = []
    if paper.published:
        parts.append(f"published {format_day(paper.published)}")
    if paper.upvotes is not None:
        parts.append(f"▲ {plural(paper.upvotes, 'upvote')}")
    if paper.comments is not None:
        parts.append(plural(paper.comments, "comment"))
    if paper.github_stars is not None:
        parts.append(f"★ {paper.github_stars:,} on GitHub")
    return " · ".join(parts)


def detail_content(paper: Paper, *, terms: Sequence[str] = (), bookmarked: bool = False) -> Content:
    """Everything the detail pane shows about ``paper``."""
    heading = "bold $text-accent"
    muted = "$text-muted"
    parts: list[Content] = [highlighted(paper.title, terms).stylize_before("bold"), Content("\n")]
    if paper.missing:
        parts.append(Content.styled("⚠ not in the dumps any more (kept as a bookmark)\n", "bold $text-warning"))
    for line in (metadata_line(paper), authors_line(paper)):
        if line:
            parts.append(Content.styled(line + "\n", muted))
    if paper.days:
        listed = ", ".join(format_day(day) for day in sorted(paper.days, reverse=True))
        parts.append(Content.styled(f"listed {listed}\n", muted))
    if bookmarked:
        parts.append(Content.styled("★ bookmarked", "$text-warning"))
        parts.append(Content.styled(" (b to remove)\n", muted))
    else:
        parts.append(Content.styled("☆ not bookmarked (b to add)\n", muted))
    if paper.links:
        parts.append(Content.styled("\nLinks\n", heading))
        labels = [LINK_LABELS.get(link.kind, link.kind) for link in paper.links]
        width = max(len(label) for label in labels)
        for label, link in zip(labels, paper.links, strict=True):
            parts.append(Content.assemble((f"{label:<{width}} ", muted), link.url, "\n"))
    parts.append(Content.styled("\nAbstract\n", heading))
    parts.append(highlighted(paper.abstract, terms) if paper.abstract else Content.styled("(no abstract)", muted))
    parts.append(Content("\n"))
    if paper.summary:
        parts.append(Content.styled("\nAI summary\n", heading))
        parts.append(highlighted(paper.summary, terms))
        parts.append(Content("\n"))
    if paper.keywords:
        parts.append(Content.styled("\nKeywords\n", heading))
        parts.append(Content(", ".join(paper.keywords)))
        parts.append(Content("\n"))
    return Content("").join(parts).rstrip()
