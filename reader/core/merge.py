"""Merging listings into papers: which listings are one paper, and what that paper says.

A listing's paper key is its arXiv id; a listing without one takes the arXiv id of a
listing with the same folded title (the smallest, if several), else a hash of that title.
A paper's fields come from its listings in a fixed order (richest format first, then
source path and rank), so the result depends only on the set of listings: a synced index
and a rebuilt one agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from reader.core.links import build_links, code_urls
from reader.core.models import DaySource, Entry, Paper
from reader.core.parsers import format_priority

T = TypeVar("T")

FORMAT_PRIORITY = format_priority()
"""Merge rank per parser name (0 = richest, least lossy format), declared by each parser."""


@dataclass(frozen=True, slots=True)
class StoredListing:
    """A listing as the catalog keeps it: where it came from and what it said."""

    source: str
    rank: int
    day: dt.date
    day_source: DaySource
    parser: str
    entry: Entry
    published: dt.date | None

    @property
    def order(self) -> tuple[int, str, int]:
        """Sort key: richest format first, then path and rank."""
        return FORMAT_PRIORITY.get(self.parser, 9), self.source, self.rank


def paper_key_for(own_arxiv_id: str | None, title_key: str, arxiv_ids_of_title: Iterable[str]) -> str:
    """The paper key of a listing (see the module docstring)."""
    if own_arxiv_id:
        return own_arxiv_id
    return min(arxiv_ids_of_title, default=title_key)


def _first(values: Iterable[T | None]) -> T | None:
    """The first value that is not None or empty."""
    return next((value for value in values if value), None)


def _most(values: Iterable[int | None]) -> int | None:
    return max((value for value in values if value is not None), default=None)


def merge_paper(key: str, listings: Sequence[StoredListing]) -> Paper:
    """The paper that ``listings`` (all with paper key ``key``) describe together."""
    ordered = sorted(listings, key=lambda listing: listing.order)
    entries = [listing.entry for listing in ordered]
    title = _first(entry.title for entry in entries) or ""
    abstract = _first(entry.abstract for entry in entries) or ""
    authors = max((entry.authors for entry in entries), key=len, default=())
    counts = [entry.author_count for entry in entries] + [len(authors) or None]
    arxiv_id = _first(entry.arxiv_id for entry in entries)
    urls = [url for entry in entries for url in (entry.github_repo, *entry.urls) if url]
    urls += code_urls(abstract)
    return Paper(
        key=key,
        title=title,
        abstract=abstract,
        published=_first(listing.published for listing in ordered),
        author_count=_most(counts),
        authors=authors,
        organization=_first(entry.organization for entry in entries),
        upvotes=_most(entry.upvotes for entry in entries),
        comments=_most(entry.comments for entry in entries),
        arxiv_id=arxiv_id,
        links=build_links(arxiv_id, title, urls, _first(entry.project_page for entry in entries)),
        days=tuple(sorted({listing.day for listing in ordered})),
        sources=tuple(sorted({listing.source for listing in ordered})),
        github_stars=_most(entry.github_stars for entry in entries),
        summary=_first(entry.summary for entry in entries),
        keywords=_first(entry.keywords for entry in entries) or (),
        other_titles=tuple(dict.fromkeys(other for entry in entries for other in entry.other_titles if other != title)),
    )
