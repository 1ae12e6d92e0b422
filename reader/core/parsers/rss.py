"""RSS 2.0 captures of the papers page (e.g. a feed built by scraping ``huggingface.co/papers``).

Per ``<item>``: ``title``, ``link`` / ``guid`` (HF paper URLs, which give the arXiv id) and
``description`` = the AI summary + an ``AI-generated summary`` label + the abstract, split
into ``Entry.summary`` and ``Entry.abstract``.

The listing day. An item's ``pubDate`` is not the day the paper was listed: the known
scrapers fill it with whatever ``<time>`` the paper page shows first (the first comment's
timestamp, or nothing useful), so it is neither the listing day nor the arXiv date, and it
is ignored. What a feed does tell us is when it was built: the channel's
``lastBuildDate`` (else its ``pubDate`` or ``dc:date``) is the capture date of the page, and
the papers page shows that day's papers, so it becomes every entry's ``day``. Except
when the items' ``pubDate`` are dates without a time (midnight UTC): those are the papers'
publication dates (they become ``published``), the feed was built from paper data, and its
build date says when it was generated, not which day listed the papers. A feed without
a channel date leaves ``day`` unset: the date in the file name is then used, else the file's
modification date (marked as a guess). A capture of a single moment is the right grain for
the day; anything finer would be invented.

XML entity declarations are refused (no entity expansion bombs); ``ElementTree`` fetches
no external resources.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import xml.etree.ElementTree as ET
from dataclasses import replace

from reader.core.dates import parse_iso_date
from reader.core.errors import ParseError
from reader.core.models import Entry, LooseDate, ParsedDump
from reader.core.parsers._common import feed_entry, html_to_text
from reader.core.parsers.base import DumpSource
from reader.core.parsers.general import with_labelled_fields
from reader.core.text import one_line

NAME = "rss"
PRIORITY = 3
_DC = "{http://purl.org/dc/elements/1.1/}"
_CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
_SNIFF = re.compile(r"<rss\b", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def can_parse(source: DumpSource) -> bool:
    """Markup whose first kilobytes open an ``<rss>`` element (after any XML declaration or doctype)."""
    head = source.head
    return head.startswith("<") and bool(_SNIFF.search(head))


def parse(source: DumpSource) -> ParsedDump:
    """Read the channel's items."""
    text = source.text
    if "<!ENTITY" in text:
        raise ParseError("looks like RSS but declares XML entities, which papers does not expand")
    try:
        root = ET.fromstring(_XML_DECLARATION.sub("", text, count=1))
    except ET.ParseError as error:
        line, column = error.position
        reason = str(error).split(":")[0]
        if reason == "no element found" or "unclosed token" in reason:
            raise ParseError(f"looks like RSS but is truncated (line {line}, column {column})") from None
        where = f"(line {line}, column {column})"
        raise ParseError(f"looks like RSS but is not well-formed XML: {reason} {where}") from None
    except RecursionError:
        raise ParseError("looks like RSS but is nested too deeply to read") from None
    channel = root.find("channel")
    if channel is None:
        raise ParseError("looks like RSS but has no <channel>")
    items = list(channel.iter("item"))
    published = [_published(item) for item in items]
    # Items dated at midnight are dated by their papers' publication: such a feed was built
    # from paper data, and its build date says when, not which day listed the papers.
    day = None if any(published) else _channel_day(channel)
    entries = [
        replace(entry, published=entry.published or date)
        for item, date in zip(items, published, strict=True)
        if (entry := _entry(item, day)) is not None
    ]
    return ParsedDump(NAME, tuple(entries))


def _published(item: ET.Element) -> LooseDate | None:
    """An item's ``pubDate`` when it is a date without a time (midnight UTC): a publication date."""
    text = _text(item, "pubDate")
    try:
        stamp = email.utils.parsedate_to_datetime(text) if text else None
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if stamp is None or (stamp.hour, stamp.minute, stamp.second) != (0, 0, 0) or stamp.utcoffset():
        return None
    return LooseDate(stamp.month, stamp.day, stamp.year)


def _text(element: ET.Element, tag: str) -> str:
    child = element.find(tag)
    return (child.text or "").strip() if child is not None else ""


def _channel_day(channel: ET.Element) -> dt.date | None:
    for tag in ("lastBuildDate", "pubDate"):
        day = _rfc822_day(_text(channel, tag))
        if day is not None:
            return day
    return parse_iso_date(_text(channel, f"{_DC}date"))


def _rfc822_day(text: str) -> dt.date | None:
    """The date of an RFC 822 timestamp as printed (``Mon, 22 Dec 2025 03:29:36 GMT``)."""
    if not text:
        return None
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        return parse_iso_date(text)


def _entry(item: ET.Element, day: dt.date | None) -> Entry | None:
    title = one_line(html_to_text(_text(item, "title")))
    if not title:
        return None
    description = _text(item, "description") or _text(item, f"{_CONTENT}encoded")
    creators = [one_line(name) for tag in ("author", f"{_DC}creator") for name in _text(item, tag).split(",")]
    authors = tuple(name for name in creators if name)
    entry = feed_entry(title, html_to_text(description), authors, (_text(item, "link"), _text(item, "guid")), day)
    return with_labelled_fields(entry, description)
