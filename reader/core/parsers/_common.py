"""Helpers shared by the structured parsers: safe JSON loading, typed access to decoded JSON
values, dates and links.

Decoded JSON is untrusted: every accessor checks the type it was given and answers None
(or an empty value) for anything else, so a parser never trips over ``"title": 5``.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Iterable

from reader.core.dates import parse_iso_date
from reader.core.errors import ParseError
from reader.core.links import arxiv_id_from_url, normalise_arxiv_id
from reader.core.models import Entry, LooseDate
from reader.core.text import one_line

_INT_TEXT = re.compile(r"^\s*(\d{1,9})\s*$")
_TAG = re.compile(r"<[A-Za-z/!][^<>]*>")


def load_json(text: str, format_name: str) -> object:
    """Decode ``text`` as JSON; ``ParseError`` naming ``format_name`` when it is broken.

    Truncated files, syntax errors, nesting too deep for the decoder and absurdly long
    numbers all become a one-line reason; nothing else escapes.
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        if error.pos >= len(text.rstrip()) or error.msg.startswith("Unterminated string"):
            raise ParseError(
                f"looks like {format_name} but is truncated (line {error.lineno}, column {error.colno})"
            ) from None
        raise ParseError(
            f"looks like {format_name} but is not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        ) from None
    except RecursionError:
        raise ParseError(f"looks like {format_name} but is nested too deeply to read") from None
    except (ValueError, MemoryError) as error:
        reason = str(error).split(": ")[0][:100] if str(error) else type(error).__name__
        raise ParseError(f"looks like {format_name} but cannot be decoded: {reason}") from None


def as_dict(value: object) -> dict[str, object]:
    """``value`` when it is a JSON object, else an empty dict."""
    return value if isinstance(value, dict) else {}


def as_list(value: object) -> list[object]:
    """``value`` when it is a JSON array, else an empty list."""
    return value if isinstance(value, list) else []


def as_str(value: object) -> str | None:
    """``value`` when it is a non-blank string, else None."""
    return value if isinstance(value, str) and value.strip() else None


def as_int(value: object) -> int | None:
    """A count: a non-negative int (or a string of digits), else None. Booleans are not counts."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value < 10**12 else None
    if isinstance(value, float) and value.is_integer() and 0 <= value < 10**12:
        return int(value)
    if isinstance(value, str):
        match = _INT_TEXT.match(value)
        return int(match.group(1)) if match else None
    return None


def str_list(value: object) -> tuple[str, ...]:
    """The non-blank strings of a JSON array, stripped."""
    return tuple(item.strip() for item in as_list(value) if isinstance(item, str) and item.strip())


def loose_date_from_iso(value: object) -> LooseDate | None:
    """An ISO date or timestamp string as a ``LooseDate`` with its year."""
    day = parse_iso_date(value) if isinstance(value, str) else None
    return LooseDate(day.month, day.day, day.year) if day else None


def first_arxiv_id(urls: Iterable[str], *candidates: object) -> str | None:
    """The arXiv id of the first candidate id string that is one, else the first found in ``urls``."""
    for candidate in candidates:
        found = normalise_arxiv_id(candidate) if isinstance(candidate, str) else None
        if found:
            return found
    for url in urls:
        found = arxiv_id_from_url(url)
        if found:
            return found
    return None


def unique(values: Iterable[str | None]) -> tuple[str, ...]:
    """The non-blank values, stripped, first occurrence kept, in order."""
    seen: dict[str, None] = {}
    for value in values:
        if value and value.strip():
            seen.setdefault(value.strip(), None)
    return tuple(seen)


AI_SUMMARY_LABEL = "AI-generated summary"


def split_ai_summary(text: str) -> tuple[str, str | None]:
    """(abstract, AI summary) of an HF description: ``summary`` + the label + ``abstract``.

    Without the ``AI-generated summary`` label the whole text is the abstract.
    """
    at = text.find(AI_SUMMARY_LABEL)
    if at < 0:
        return one_line(text), None
    summary, abstract = one_line(text[:at]), one_line(text[at + len(AI_SUMMARY_LABEL) :])
    return abstract, summary or None


def html_to_text(text: str) -> str:
    """A feed description that may carry HTML, as plain text (tags dropped, entities decoded)."""
    if _TAG.search(text):
        text = html.unescape(_TAG.sub(" ", text))
    return text


def feed_entry(
    title: str, description: str, authors: tuple[str, ...], links: Iterable[str | None], day: dt.date | None = None
) -> Entry:
    """The entry of one feed item (RSS or JSON Feed): its description split into abstract and
    AI summary, its http(s) links, and the arXiv id they carry."""
    abstract, summary = split_ai_summary(description)
    urls = unique(url for url in links if url and url.startswith(("http://", "https://")))
    return Entry(
        title=title,
        abstract=abstract,
        summary=summary,
        authors=authors,
        author_count=len(authors) or None,
        arxiv_id=first_arxiv_id(urls),
        day=day,
        urls=urls,
    )
