"""What every dump parser shares: the source it reads and the protocol it provides.

Parser modules import ``DumpSource`` and ``DumpParser`` from here, never from the package
``__init__`` that imports the parsers (which would be an import circle).
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Protocol

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
    PRIORITY: int
    """Where its listings rank when papers are merged: 0 is the richest, least lossy format."""

    def can_parse(self, source: DumpSource) -> bool:
        """True when the content looks like this parser's format."""
        ...

    def parse(self, source: DumpSource) -> ParsedDump:
        """Read the dump; raise ``ParseError`` when it is broken."""
        ...
