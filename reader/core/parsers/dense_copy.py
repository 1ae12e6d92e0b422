"""A denser copy of the papers page: "Subscribe" glued to the first title, then
alternating title and abstract lines, with no dates or footers."""

from __future__ import annotations

from reader.core.models import Entry, ParsedDump
from reader.core.parsers.base import DumpSource
from reader.core.text import one_line

NAME = "dense copy"
PRIORITY = 6
_PREAMBLE = "get trending papers in your email inbox"


def can_parse(source: DumpSource) -> bool:
    """The dense copy opens with the newsletter lines and a title glued to "Subscribe"."""
    lines = [line.strip() for line in source.head.splitlines() if line.strip()][:4]
    return any(line.startswith("Subscribe") and len(line) > len("Subscribe") for line in lines) and any(
        line.lower().startswith(_PREAMBLE) for line in lines
    )


def parse(source: DumpSource) -> ParsedDump:
    """Pair the lines after the preamble as (title, abstract)."""
    lines = [line.strip() for line in source.text.split("\n") if line.strip()]
    while lines and lines[0].lower().startswith(_PREAMBLE):
        lines.pop(0)
    if lines and lines[0].startswith("Subscribe"):
        lines[0] = lines[0][len("Subscribe") :]
    entries = []
    for start in range(0, len(lines), 2):
        title = one_line(lines[start])
        abstract = one_line(lines[start + 1]) if start + 1 < len(lines) else ""
        if title:
            entries.append(Entry(title=title, abstract=abstract))
    return ParsedDump(NAME, tuple(entries))
