"""JSON Feed (v1 / v1.1) captures of the papers page.

Per item: ``title``, ``url`` / ``id`` (HF paper URLs, which give the arXiv id),
``content_text`` (else ``content_html``, else ``summary``) = the AI summary + an
``AI-generated summary`` label + the abstract, split into ``Entry.summary`` and
``Entry.abstract``; ``authors`` / ``author`` names when given.

Some feed builders wrote ``content_text`` as the Python ``repr`` of the string (wrapped in
quotes, with ``\\t`` escapes spelled out): such a value is read back as the string it spells.

The listing day, as for RSS (see ``reader.core.parsers.rss``): an item's
``date_published`` is whatever timestamp the scraper found on the paper page, not the day
the paper was listed, so it is ignored. JSON Feed has no feed-level date, so ``day`` stays
unset and the capture date in the file name is used (else the file's modification date,
marked as a guess).
"""

from __future__ import annotations

import ast
import re

from reader.core.models import Entry, ParsedDump
from reader.core.parsers._common import (
    as_dict,
    as_list,
    as_str,
    feed_entry,
    html_to_text,
    load_json,
)
from reader.core.parsers.base import DumpSource
from reader.core.text import one_line

NAME = "json feed"
PRIORITY = 3
_SNIFF = re.compile(r'"version"\s*:\s*"https?://jsonfeed\.org/version/')
_MAX_REPR = 200_000


def can_parse(source: DumpSource) -> bool:
    """A JSON object whose ``version`` is a jsonfeed.org URL."""
    return source.head[:1] == "{" and bool(_SNIFF.search(source.head))


def parse(source: DumpSource) -> ParsedDump:
    """Read the feed's items."""
    feed = as_dict(load_json(source.text, "a JSON Feed"))
    entries = [entry for item in as_list(feed.get("items")) if (entry := _entry(as_dict(item))) is not None]
    return ParsedDump(NAME, tuple(entries))


def unrepr(text: str) -> str:
    """``'abc\\tdef'`` (a Python string literal written as text) -> ``abc<TAB>def``; other text unchanged."""
    stripped = text.strip()
    if len(stripped) < 2 or len(stripped) > _MAX_REPR or stripped[0] not in "'\"" or stripped[-1] != stripped[0]:
        return text
    try:
        value = ast.literal_eval(stripped)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return text
    return value if isinstance(value, str) else text


def _authors(item: dict[str, object]) -> tuple[str, ...]:
    people = as_list(item.get("authors")) or [item.get("author")]
    names = (as_str(as_dict(person).get("name")) for person in people)
    return tuple(one_line(name) for name in names if name)


def _entry(item: dict[str, object]) -> Entry | None:
    title = one_line(as_str(item.get("title")) or "")
    if not title:
        return None
    content = as_str(item.get("content_text"))
    if content is None:
        markup = as_str(item.get("content_html"))
        content = html_to_text(markup) if markup else as_str(item.get("summary"))
    links = (as_str(item.get("url")), as_str(item.get("external_url")), as_str(item.get("id")))
    return feed_entry(title, unrepr(content or ""), _authors(item), links)
