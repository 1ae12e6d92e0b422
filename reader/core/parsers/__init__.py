"""The registry of dump parsers: one module per format, each with ``can_parse`` and ``parse``.

A parser module (see ``base.DumpParser``) exposes ``NAME`` (a short format name),
``PRIORITY`` (how its listings rank when papers are merged), ``can_parse(source) -> bool``
(a cheap sniff of the content, never of the file name) and ``parse(source) -> ParsedDump``
(raises ``ParseError`` with a one-line reason when the file looks like its format but is
broken). ``PARSERS`` is tried in order: the most specific formats first. Behind them stands
the general extractor (``general``): it reads a file no exact reader accepts, or one an
exact reader accepts but finds no paper in.
"""

from __future__ import annotations

from reader.core.errors import NoPapers, ParseError, Refusal
from reader.core.models import ParsedDump
from reader.core.parsers import (
    csv_archive,
    dense_copy,
    general,
    hf_api,
    html,
    jsonfeed,
    markdown,
    page_copy,
    rss,
    scraper_json,
)
from reader.core.parsers.base import DumpParser, DumpSource

__all__ = ["FALLBACK", "PARSERS", "DumpParser", "DumpSource", "format_priority", "parse_source"]

# Structured formats first (their sniffs are the most specific), the loose text copies last.
PARSERS: tuple[DumpParser, ...] = (
    jsonfeed,
    scraper_json,
    hf_api,
    rss,
    html,
    csv_archive,
    markdown,
    page_copy,
    dense_copy,
)
FALLBACK: DumpParser = general
"""The general extractor, tried when no exact reader gives papers."""


def format_priority() -> dict[str, int]:
    """Each parser's name and merge priority (0 = richest), from the registry itself."""
    return {parser.NAME: parser.PRIORITY for parser in (*PARSERS, FALLBACK)}


def parse_source(source: DumpSource) -> ParsedDump:
    """Parse with the first parser whose ``can_parse`` accepts the content, else (or when
    it finds no paper) with the general extractor."""
    if not source.data.strip():
        raise ParseError("empty file")
    if b"\x00" in source.data[:8192]:
        raise ParseError("binary file, not text")
    exact: str | None = None
    for parser in PARSERS:
        if parser.can_parse(source):
            try:
                parsed = parser.parse(source)
            except NoPapers as error:
                exact = str(error)
                break
            if parsed.entries:
                return parsed
            exact = f"looks like {parser.NAME} but holds no papers"
            break
    try:
        return FALLBACK.parse(source)
    except Refusal:
        raise
    except ParseError:
        if exact is not None:
            raise ParseError(exact) from None
        raise
