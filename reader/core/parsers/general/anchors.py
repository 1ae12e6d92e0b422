"""Anchors: what marks a paper wherever it is written, and what a title looks like.

An anchor is an HF paper URL, an arXiv abs/pdf/html URL, an arXiv DOI
(``10.48550/arXiv.2401.00001``) or an ``arXiv:2401.00001`` mention. A title is text with
letters that is not a label, a date line, a section heading or a link's platform name.
"""

from __future__ import annotations

import re

from reader.core.dates import MONTHS, parse_iso_date

_ANCHOR = re.compile(
    r"(?:huggingface\.co/papers/|arxiv\.org/(?:abs|pdf|html)/|10\.48550/arxiv\.|\barxiv:\s?)"
    r"(\d{4}\.\d{4,5})(?:v\d+)?",
    re.IGNORECASE,
)
_URL = re.compile(r"https?://[^\s<>()\[\]\"'|]+")
_NUMBERING = re.compile(r"^\s*(?:#\s?)?\d{1,4}\s*[.)、:：-]\s+|^\s*\[\d{1,4}\]\s+")
_LETTER = re.compile(r"[^\W\d_]")
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_DATE_LINE = re.compile(
    r"^[\W_]*(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./]\d{1,2}[./]\d{2,4}|(?:"
    + _MONTH_NAMES
    + r")\.?\s+\d{1,4}(?:,\s*\d{4})?)[\W_]*$",
    re.IGNORECASE,
)
SECTION_HEADINGS = frozenset(
    {
        "summary of papers",
        "table of contents",
        "contents",
        "papers",
        "paper list",
        "daily papers",
        "references",
        "links",
        "related links",
        "overview",
        "introduction",
        "conclusion",
        "abstract",
        "summary",
        "目录",
        "论文详情",
        "今日论文统计",
        "mục lục",
        "목차",
    }
)
"""Headings that name a part of a digest, never a paper (compared folded, emoji dropped)."""

PLATFORM_WORDS = frozenset(
    {
        "hugging face",
        "huggingface",
        "hf",
        "arxiv",
        "arxiv abstract",
        "arxiv page",
        "abstract",
        "pdf",
        "pdf download",
        "paper",
        "full paper",
        "read more",
        "code",
        "github",
        "github repository",
        "repository",
        "project",
        "project page",
        "summary",
        "link",
        "n/a",
    }
)
"""Link texts that name where a link goes, not which paper it is."""


def arxiv_ids(text: str) -> list[str]:
    """The arXiv ids anchored in ``text``, in order, each once."""
    return list(dict.fromkeys(match.group(1) for match in _ANCHOR.finditer(text)))


def urls_in(text: str) -> list[str]:
    """The http(s) URLs written in ``text``, trailing punctuation dropped."""
    return [url.rstrip(".,;:*_`") for url in _URL.findall(text)]


def fold(text: str) -> str:
    """Lower case, letters, digits and single spaces only: how labels and headings compare."""
    return " ".join("".join(ch if ch.isalnum() or ch in "/&;" else " " for ch in text.casefold()).split())


def strip_numbering(text: str) -> str:
    """``1. Title`` / ``[3] Title`` -> ``Title``."""
    return _NUMBERING.sub("", text, count=1).strip()


def is_date_line(text: str) -> bool:
    """A line that is only a date: ``2024-01-02``, ``Jan 2``, ``Dec 99``, ``02.01.2024``."""
    return bool(_DATE_LINE.match(text.strip())) or parse_iso_date(text.strip()) is not None


def is_title(text: str) -> bool:
    """Text that can be a paper's title (see the module docstring)."""
    stripped = text.strip()
    if len(_LETTER.findall(stripped)) < 3 or len(stripped) > 1_000 or is_date_line(stripped):
        return False
    if stripped.startswith(("http://", "https://")) or stripped.endswith((":", "：")):
        return False
    folded = fold(stripped)
    return folded not in SECTION_HEADINGS and folded not in PLATFORM_WORDS


def is_english(text: str) -> bool:
    """True when most letters of ``text`` are Latin ones without diacritics: an English title."""
    letters = _LETTER.findall(text)
    if not letters:
        return False
    ascii_letters = sum(1 for letter in letters if letter.isascii())
    return ascii_letters >= 0.9 * len(letters)


def is_cjk(text: str) -> bool:
    """True when a third or more of the letters are Chinese, Japanese or Korean."""
    letters = _LETTER.findall(text)
    cjk = sum(1 for letter in letters if "\u3040" <= letter <= "\u9fff" or "\uac00" <= letter <= "\ud7af")
    return bool(letters) and cjk * 3 >= len(letters)
