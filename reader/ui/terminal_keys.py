"""Escape typed fast before another key stays an escape (``escape`` then ``/`` is not ``/``).

A terminal sends Alt+key as ESC followed by the key, so a quick ``escape`` then ``/`` arrives
as the two bytes ``ESC /``. Textual's input parser reads such a pair as Alt+key, and for a key
that is not a letter or a digit it then drops the Alt, and with it the escape: the ``/``
alone reaches the search box, and the search is neither left nor opened again.

The reader binds nothing to Alt, so ``install`` makes the parser report ESC + key as what
the user typed: ``escape``, then the key. Escape sequences (arrows, function keys, mouse,
paste) are read as before: only a lone character after ESC is affected.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from textual import events
from textual._xterm_parser import XTermParser

_INSTALLED = "_papers_escape_then_key"


def install() -> None:
    """Make every ``XTermParser`` report ESC + a character as ``escape`` then that key (once)."""
    if getattr(XTermParser, _INSTALLED, False):
        return
    original: Callable[..., Iterable[events.Key]] = XTermParser._sequence_to_key_events

    def escape_then_key(self: Any, sequence: str, alt: bool = False) -> Iterable[events.Key]:
        if alt and len(sequence) == 1 and sequence != "\x1b":
            yield events.Key("escape", "\x1b")
            yield from original(self, sequence, alt=False)
            return
        yield from original(self, sequence, alt=alt)

    XTermParser._sequence_to_key_events = escape_then_key  # type: ignore[method-assign]
    setattr(XTermParser, _INSTALLED, True)
