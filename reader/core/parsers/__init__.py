"""The registry of dump parsers: one module per format, each with ``can_parse`` and ``parse``.

A parser module exposes ``NAME`` (a short format name), ``can_parse(source) -> bool`` (a
cheap sniff of the content, never of the file name) and ``parse(source) -> ParsedDump``
(raises ``ParseError`` with a one-line reason when the file looks like its format but is
broken). ``PARSERS`` is tried in order: the most specific formats first.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Protocol

from reader.core.errors import ParseError
from reader.core.models import ParsedDump
from reader.core.text import clean, decode


class DumpSource:
    """The bytes of one dump file and, decoded on first use, its cleaned text."""

    def __init__(self, path: Path, data: bytes) -> None:
        self.path = path
        self.data = data

    @cached_property
    def text(self) -> str:
        """The decoded text, control characters and escape sequences removed."""
        return clean(decode(self.data))

    @cached_property
    def head(self) -> str:
        """The first few kilobytes of ``text``, stripped, for sniffing."""
        return self.text[:4096].lstrip()


class DumpParser(Protocol):
    """What a parser module provides."""

    NAME: str

    def can_parse(self, source: DumpSource) -> bool:
        """True when the content looks like this parser's format."""
        ...

    def parse(self, source: DumpSource) -> ParsedDump:
        """Read the dump; raise ``ParseError`` when it is broken."""
        ...


def _registry() -> tuple[DumpParser, ...]:
    from reader.core.parsers import (
        csv_archive,
        dense_copy,
        hf_api,
        html,
        jsonfeed,
        markdown,
        page_copy,
        rss,
        scraper_json,
    )

    # Structured formats first (their sniffs are the most specific), the loose text copies last.
    return (jsonfeed, scraper_json, hf_api, rss, html, csv_archive, markdown, page_copy, dense_copy)


PARSERS: tuple[DumpParser, ...] = _registry()


def parse_source(source: DumpSource) -> ParsedDump:
    """Parse with the first parser whose ``can_parse`` accepts the content."""
    if not source.data.strip():
        raise ParseError("empty file")
    if b"\x00" in source.data[:8192]:
        raise ParseError("binary file, not text")
    for parser in PARSERS:
        if parser.can_parse(source):
            parsed = parser.parse(source)
            if not parsed.entries:
                raise ParseError(f"looks like {parser.NAME} but holds no papers")
            return parsed
    raise ParseError("not a Daily Papers dump in any format papers knows")
