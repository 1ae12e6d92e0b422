"""Text helpers: decoding dump bytes, cleaning dump text, folding titles into keys, and
``terminal_safe``, the one function every string passes through before it reaches a terminal."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

_ANSI_ESCAPE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_ANY_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"\s+")
_LITERAL_NEWLINE = re.compile(r"(?<!\S)\\n(?!\S)")
_NON_WORD = re.compile(r"[\W_]+")


def decode(data: bytes) -> str:
    """Decode dump bytes: BOMs honoured, UTF-8 preferred, cp1252 then latin-1 as fallbacks.

    Line endings are normalised to ``\\n``.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="replace")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                text = data.decode("latin-1")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def clean(text: str) -> str:
    """Remove terminal escape sequences and control characters (newlines and tabs stay).

    Every C0 and C1 control goes (ESC, the 8-bit CSI 0x9b and OSC 0x9d among them), and
    a lone UTF-16 surrogate (``"\\ud800"`` in JSON), which no file or terminal can encode,
    becomes U+FFFD.
    """
    if text.isprintable():  # no control character nor surrogate: the common case, at C speed
        return text
    if "\x1b" in text:
        text = _ANSI_ESCAPE.sub("", text)
    text = _CONTROL.sub("", text)
    return _SURROGATE.sub("\ufffd", text) if not text.isascii() else text


def terminal_safe(text: str, *, multiline: bool = True) -> str:
    """``text`` as it may be written to a terminal: no escape sequence, no control character.

    The one cleaning every string goes through before it reaches a terminal (the CLI's
    output streams, the reader's screen): ESC sequences (CSI, OSC such as the clipboard's
    OSC 52 or a window title's OSC 2), ESC itself, the C1 controls (0x80-0x9f, 8-bit CSI
    0x9b and OSC 0x9d), DEL and the other C0 controls are removed; lone surrogates become
    U+FFFD. Newlines and tabs stay unless ``multiline`` is False (then they are spaces).
    """
    text = clean(text)
    return text if multiline else text.replace("\n", " ").replace("\t", " ")


def has_control(text: str) -> bool:
    """True when ``text`` holds any C0 or C1 control character (newline and tab included)."""
    return _ANY_CONTROL.search(text) is not None


def one_line(text: str) -> str:
    """``clean`` the text and fold every run of white space into one space.

    A literal ``\\n`` standing alone between spaces (an escaped newline that leaked into
    an abstract upstream) counts as white space; ``\\nabla`` and the like are kept.
    """
    text = clean(text)
    if "\\n" in text:
        text = _LITERAL_NEWLINE.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


@functools.lru_cache(maxsize=1 << 17)
def fold_title(title: str) -> str:
    """The comparison form of a title: case, white space and punctuation folded (kept for
    the last 131,072 titles: read marks and bookmarks fold the same titles on every change)."""
    folded = unicodedata.normalize("NFKC", title).casefold()
    return _SPACES.sub(" ", _NON_WORD.sub(" ", folded)).strip()


def title_key(title: str) -> str:
    """A stable key for a paper known only by its title."""
    digest = hashlib.sha1(fold_title(title).encode("utf-8")).hexdigest()[:16]
    return f"title:{digest}"


def plural(count: int, noun: str) -> str:
    """``1 paper``, ``31 papers``: the count and the noun, with an ``s`` unless it is one."""
    return f"{count} {noun}{'s' * (count != 1)}"
