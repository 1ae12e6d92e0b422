"""Text copied from the Daily Papers page ("page copy").

Layout: header lines (``new``, ``Subscribe``, ``Daily Papers``, ...), a day line
("Dec 16"), then per paper a title line, an abstract paragraph and an optional footer
paragraph: ``• N authors`` or an organisation line (``pathwaycom Pathway``), a ``·``
line, and the published date optionally followed by the comment count. Several pages may
be pasted one after another, each with its own day line.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from reader.core.dates import parse_month_day
from reader.core.models import Entry, LooseDate, ParsedDump
from reader.core.parsers.base import DumpSource
from reader.core.text import one_line

NAME = "page copy"
PRIORITY = 5

BOILERPLATE = frozenset(
    {
        "new",
        "subscribe",
        "daily papers",
        "byak and the research community",
        "get trending papers in your email inbox!",
        "get trending papers in your email inbox once a day!",
    }
)
_AUTHORS = re.compile(r"^[•·*\-]?\s*(\d+)\s+authors?$")
_FOOTER_DOT = re.compile(r"^\s*·\s*$", re.MULTILINE)


def can_parse(source: DumpSource) -> bool:
    """A page copy has ``·`` footer lines or the page's "Daily Papers" header."""
    head = source.head
    return bool(_FOOTER_DOT.search(head)) or any(
        line.strip().lower() == "byak and the research community" for line in head.splitlines()[:12]
    )


def _paragraphs(text: str) -> list[list[str]]:
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if line:
            current.append(line)
        elif current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return paragraphs


def _is_footer(paragraph: list[str]) -> bool:
    return any(line == "·" for line in paragraph)


def _day_line(paragraph: list[str]) -> LooseDate | None:
    return parse_month_day(paragraph[0]) if len(paragraph) == 1 else None


class Footer(NamedTuple):
    """What a paper's footer says."""

    author_count: int | None = None
    organization: str | None = None
    published: LooseDate | None = None
    comments: int | None = None


def _footer(paragraph: list[str]) -> Footer:
    dot = paragraph.index("·")
    author_count: int | None = None
    organization: str | None = None
    for line in paragraph[:dot]:
        authors = _AUTHORS.match(line)
        if authors:
            author_count = int(authors.group(1))
        else:
            handle, _, name = line.partition(" ")
            organization = one_line(name or handle)
    after = " ".join(paragraph[dot + 1 :])
    comments: int | None = None
    published = parse_month_day(after)
    if published is None and " " in after:
        date_text, _, count = after.rpartition(" ")
        published = parse_month_day(date_text)
        if published is not None and count.isdigit():
            comments = int(count)
    return Footer(author_count, organization, published, comments)


def parse(source: DumpSource) -> ParsedDump:
    """Read every page in the copy; each day line starts a new page."""
    entries: list[Entry] = []
    header_day: LooseDate | None = None
    paragraphs = [p for p in _paragraphs(source.text) if not (len(p) == 1 and p[0].lower() in BOILERPLATE)]
    index = 0
    while index < len(paragraphs):
        paragraph = paragraphs[index]
        index += 1
        day = _day_line(paragraph)
        if day is not None:
            header_day = day
            continue
        if _is_footer(paragraph) or len(paragraph) != 1:
            continue  # stray text that is not a paper title
        title = one_line(paragraph[0])
        abstract = ""
        if index < len(paragraphs) and not _is_footer(paragraphs[index]) and _day_line(paragraphs[index]) is None:
            abstract = one_line(" ".join(paragraphs[index]))
            index += 1
        footer = Footer()
        if index < len(paragraphs) and _is_footer(paragraphs[index]):
            footer = _footer(paragraphs[index])
            index += 1
        entries.append(Entry(title=title, abstract=abstract, header_day=header_day, **footer._asdict()))
    years = [e.published.year for e in entries if e.published and e.published.year]
    return ParsedDump(NAME, tuple(entries), capture_year=max(years) + 1 if years else None)
