"""The terminal boundary of the command line: standard output and error wrapped so that
every string written passes through ``terminal_safe`` (no escape sequence, no control)."""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Iterator
from typing import TextIO

from reader.core.text import terminal_safe


class SafeStream(io.TextIOBase):
    """A text stream that passes everything written through ``terminal_safe``: the CLI's one
    output boundary. Results, stats, errors, file names, notices, exports and ``--json``
    all reach the terminal (or a pipe) without an escape sequence or control character."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self.stream = stream

    def write(self, text: str) -> int:
        """Write ``text`` cleaned; returns the length given (as ``print`` expects)."""
        self.stream.write(terminal_safe(text))
        return len(text)

    def flush(self) -> None:
        """Flush the underlying stream."""
        self.stream.flush()

    def isatty(self) -> bool:
        """Whether the underlying stream is a terminal."""
        return self.stream.isatty()

    def fileno(self) -> int:
        """The underlying stream's descriptor."""
        return self.stream.fileno()

    def writable(self) -> bool:
        """Always writable."""
        return True


@contextlib.contextmanager
def safe_output() -> Iterator[None]:
    """Standard output and error cleaned for the duration (the reader writes its own screen)."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeStream(saved[0]), SafeStream(saved[1])
    try:
        yield
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
        sys.stdout, sys.stderr = saved
