"""Saved HTML of the Hugging Face papers pages: the daily list and a single paper page.

The pages are rendered by Svelte, which embeds its data in the markup: the list page has
``<div data-target="DailyPapers" data-props="{...}">`` (the same items as
``/api/daily_papers``) and a paper page ``data-target="PaperContent"`` (the paper object,
its comments, its rank of the day). That JSON is complete and exact, so it is preferred and
read by ``hf_api.entries_from_json``.

A page without it (saved by a tool that dropped the attributes, or a layout we do not
know) is converted to Markdown with markdownify, after removing ``script``, ``style``,
``svg``, ``noscript`` and ``template`` elements and keeping only ``<main>`` when there is
one, and the Markdown is read by the Markdown parser. Both paths give the same papers in
the same order for the list page.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from reader.core.errors import NoPapers, ParseError
from reader.core.models import Entry, ParsedDump
from reader.core.parsers import hf_api, markdown
from reader.core.parsers._common import load_json
from reader.core.parsers.base import DumpSource

NAME = "hf html"
PRIORITY = 1

PROPS_TARGETS = ("DailyPapers", "PaperContent")
"""``data-target`` values whose ``data-props`` hold papers, in order of preference; other
targets are read too when their props name ``dailyPapers`` or a ``paper``."""

_XML_DECLARATION = re.compile(r"^<\?xml[^<>]*>\s*")
_HTML_START = re.compile(r"^<(?:!doctype\s+html|html|head|body|meta|title|main|article)\b", re.IGNORECASE)
_PROPS_TARGET = re.compile(r"<[A-Za-z][^<>]*\bdata-target\s*=\s*[\"'](?:DailyPapers|PaperContent)[\"']")
_PAPERS_IN_PROPS = re.compile(r'"(?:dailyPapers|paper)"\s*:')
_DROPPED_ELEMENTS = ("script", "style", "svg", "noscript", "template")


def can_parse(source: DumpSource) -> bool:
    """An HTML document (doctype, ``<html>``, ``<head>``...) or a fragment with the pages' props."""
    head = _XML_DECLARATION.sub("", source.head, count=1)
    while head.startswith("<!--"):
        end = head.find("-->")
        head = head[end + 3 :].lstrip() if end >= 0 else ""
    return bool(_HTML_START.match(head)) or bool(_PROPS_TARGET.search(source.head))


class _PropsCollector(HTMLParser):
    """Collects the (unescaped) ``data-props`` of elements by their ``data-target``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.props: dict[str, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        target, props = values.get("data-target"), values.get("data-props")
        if target and props:
            self.props.setdefault(target, []).append(props)


def parse(source: DumpSource) -> ParsedDump:
    """The papers of the embedded JSON, else of the page converted to Markdown."""
    text = source.text
    entries, broken = _from_props(text)
    if not entries:
        entries = _from_markdown(text)
    if not entries:
        if broken:
            raise NoPapers(f"HTML page without any papers ({broken})")
        raise NoPapers("HTML page without any papers")
    return ParsedDump(NAME, tuple(entries))


def _from_props(text: str) -> tuple[list[Entry], str | None]:
    """Entries of the first ``data-props`` that has any, and the reason the last broken one failed."""
    collector = _PropsCollector()
    try:
        collector.feed(text)
        collector.close()
    except (AssertionError, ValueError, RecursionError):  # html.parser's own complaints
        return [], None
    broken: str | None = None
    others = [target for target in collector.props if target not in PROPS_TARGETS]
    for target in (*PROPS_TARGETS, *others):
        for props in collector.props.get(target, ()):
            if target in others and not _PAPERS_IN_PROPS.search(props):
                continue  # a widget's props (header, theme...): not papers
            try:
                value = load_json(props, "data-props")
            except ParseError:
                broken = f"its {target} data-props JSON is broken"
                continue
            entries = hf_api.entries_from_json(value)
            if entries:
                return entries, None
    return [], broken


def to_markdown(text: str) -> str:
    """The page as markdownify renders it (ATX headings): only ``<main>`` when there is one,
    without scripts, styles, inline SVG, ``noscript`` and ``template`` elements.

    ``ParseError`` when the markup is nested too deeply for markdownify's recursion.
    """
    from bs4 import BeautifulSoup, ParserRejectedMarkup
    from markdownify import MarkdownConverter

    try:
        soup = BeautifulSoup(text, "html.parser")
        for element in soup(list(_DROPPED_ELEMENTS)):
            element.decompose()
        root = soup.find("main") or soup
        return str(MarkdownConverter(heading_style="ATX").convert_soup(root))
    except RecursionError:
        raise ParseError("looks like HTML but is nested too deeply to read") from None
    except (ParserRejectedMarkup, AssertionError, ValueError) as error:
        raise ParseError(f"looks like HTML but cannot be read: {type(error).__name__}") from None


def _from_markdown(text: str) -> list[Entry]:
    return list(markdown.parse_text(to_markdown(text)).entries)
