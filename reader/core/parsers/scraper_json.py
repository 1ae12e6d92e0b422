"""Per-date JSON written by HF page scrapers: ``{"date": "YYYY-MM-DD", "papers": [...]}``.

Each paper is ``{"title", "url", "authors", "pdf_url", "abstract", "upvotes"}``: ``url`` is
the HF paper page and ``pdf_url`` the arXiv PDF (either gives the arXiv id). The top-level
``date`` is the day the page listed the papers. ``authors`` holds only the names the page
showed as buttons, often a partial list, so no author count is claimed from it. Abstracts
keep arXiv's hard line breaks: they are folded to one line.
"""

from __future__ import annotations

import re
from dataclasses import replace

from reader.core.dates import parse_iso_date
from reader.core.models import Entry, ParsedDump
from reader.core.parsers import hf_api
from reader.core.parsers._common import as_dict, as_int, as_list, as_str, first_arxiv_id, load_json, unique
from reader.core.parsers.base import DumpSource
from reader.core.text import one_line

NAME = "scraper json"
PRIORITY = 2
_SNIFF = re.compile(r'"papers"\s*:\s*\[')


def can_parse(source: DumpSource) -> bool:
    """A JSON object with a ``"papers": [`` array."""
    return source.head[:1] == "{" and bool(_SNIFF.search(source.head))


def parse(source: DumpSource) -> ParsedDump:
    """Read the papers of the day."""
    data = as_dict(load_json(source.text, "scraper JSON"))
    day = parse_iso_date(as_str(data.get("date")))
    entries: list[Entry] = []
    for value in as_list(data.get("papers")):
        paper = as_dict(value)
        if isinstance(paper.get("paper"), dict):  # an API item kept as the scraper got it
            entries += (replace(entry, day=entry.day or day) for entry in hf_api.entries_from_json([paper]))
            continue
        title = one_line(as_str(paper.get("title")) or "")
        if not title:
            continue
        urls = unique(
            url
            for key in ("url", "pdf_url", "arxiv_url", "github_url", "project_url")
            if (url := as_str(paper.get(key))) and url.strip().startswith(("http://", "https://"))
        )
        authors = tuple(one_line(name) for author in as_list(paper.get("authors")) if (name := _author_name(author)))
        entries.append(
            Entry(
                title=title,
                abstract=one_line(as_str(paper.get("abstract")) or ""),
                authors=authors,
                upvotes=as_int(paper.get("upvotes")),
                arxiv_id=first_arxiv_id(urls, paper.get("arxiv_id"), paper.get("id")),
                day=parse_iso_date(as_str(paper.get("date"))) or day,
                urls=urls,
            )
        )
    return ParsedDump(NAME, tuple(entries))


def _author_name(value: object) -> str | None:
    return as_str(value) or as_str(as_dict(value).get("name"))
