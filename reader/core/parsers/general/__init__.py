"""The general extractor: papers found by what they are, in files no exact reader knows.

It stands behind the exact readers (``reader.core.parsers.PARSERS``): a file none of them
accepts, or one they accept but find no paper in, is read here. JSON (and strings in it
that hold JSON) goes to ``records``; HTML, whole pages and bare fragments alike, goes
through markdownify (as the HTML reader does) into the Markdown reading of ``blocks``,
escaped HTML is unescaped first; anything else is read as Markdown or plain text. A file
without a usable paper is refused with a reason in its own words (``reasons``).
"""

from __future__ import annotations

import html as html_entities
import re
from dataclasses import replace

from reader.core.errors import ParseError, Refusal
from reader.core.models import Entry, ParsedDump
from reader.core.parsers._common import load_json
from reader.core.parsers.base import DumpSource
from reader.core.parsers.general import blocks, records
from reader.core.parsers.general.fields import Fields
from reader.core.parsers.general.reasons import refusal

NAME = "general"
PRIORITY = 8

_HTML = re.compile(r"<(?:h[1-6]|p|div|a|ul|ol|li|table|article|section|main|body|html|br|span|strong|b)\b[^<>]*>", re.I)
_BLOCK_TAG = re.compile(r"</?(?:p|div|br|li|ul|ol|h[1-6]|tr|table|blockquote)\b[^<>]*>", re.IGNORECASE)
_BOLD_TAG = re.compile(r"</?(?:b|strong)\s*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"<[A-Za-z/!][^<>]*>")
_ESCAPED_HTML = re.compile(r"&lt;(?:h[1-6]|p|div|a|ul|li|b|strong|br|article)\b", re.IGNORECASE)


def can_parse(source: DumpSource) -> bool:
    """Any text: the extractor decides by what it finds."""
    return bool(source.text.strip())


def parse(source: DumpSource) -> ParsedDump:
    """The papers of the file; ``ParseError`` saying why when it holds none."""
    text = source.text
    entries, markdown = read(text)
    if not entries:
        reason, specific = refusal(text, markdown)
        raise Refusal(reason) if specific else ParseError(reason)
    return ParsedDump(NAME, tuple(entries))


def labelled_description(description: str) -> Fields | None:
    """The labelled fields (``Authors:``, ``Upvotes:``, ``Summary:`` in any language) of a
    feed item's HTML description, read as Markdown; None when it has no such label.

    A description is a small fragment: its blocks become lines and ``<b>``/``<strong>``
    become ``**``, which is what markdownify makes of it, at a fraction of the cost.
    """
    if not _HTML.search(description):
        return None
    text = _BLOCK_TAG.sub("\n", description)
    text = _BOLD_TAG.sub("**", text)
    text = html_entities.unescape(_ANY_TAG.sub("", text))
    fields = blocks.labelled(text)
    return fields if fields.abstract or fields.authors or fields.upvotes is not None else None


def with_labelled_fields(entry: Entry, description: str) -> Entry:
    """A feed entry with the fields its description labels (escaped HTML, unescaped by the
    feed's own parser): the labelled summary is the abstract, as in the API's ``summary``."""
    fields = labelled_description(description)
    if fields is None:
        return entry
    return replace(
        entry,
        abstract=fields.abstract or entry.abstract,
        authors=fields.authors or entry.authors,
        author_count=len(fields.authors) or entry.author_count,
        upvotes=fields.upvotes if fields.upvotes is not None else entry.upvotes,
        comments=fields.comments if fields.comments is not None else entry.comments,
        published=fields.published or entry.published,
    )


def read(text: str) -> tuple[list[Entry], str | None]:
    """(papers, the Markdown they were read from when the text was HTML, else None)."""
    stripped = text.lstrip()
    if stripped[:1] in ("[", "{"):
        try:
            value = load_json(text, "JSON")
        except ParseError:
            value = None
        if value is not None:
            return list(records.records(value)), None
    if stripped.startswith("&lt;") and _ESCAPED_HTML.match(stripped):
        text = html_entities.unescape(text)
    if text.lstrip().startswith("<") and _HTML.search(text[:4096]):
        from reader.core.parsers.html import to_markdown

        markdown = to_markdown(text)
        return blocks.read_text(markdown), markdown
    return blocks.read_text(text), None
