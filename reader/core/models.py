"""The domain model: frozen dataclasses shared by the core, the CLI and the UI.

* ``Entry`` is what a parser reads from one dump: one paper as that file shows it.
* ``Listing`` is one appearance of a paper in a dump (day, rank, source file).
* ``Paper`` is the deduplicated record merged from all of its listings.
* ``Day`` is one date of the library with the number of papers listed on it.
* ``Sort`` is an order the lists offer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class DaySource(StrEnum):
    """Where the day of a listing came from, best first."""

    DUMP = "dump"
    """A full date carried by the dump itself (API JSON, CSV row, digest heading)."""
    FILENAME = "filename"
    """A date in the dump's file name."""
    HEADER = "header"
    """The page's day header ("Dec 16"), its year inferred from the dump."""
    MTIME = "mtime"
    """The file's modification date: a guess, and the day says so."""


class Sort(StrEnum):
    """The orders the reader offers, in the order ``s`` cycles through them."""

    PAGE = "page"
    POPULAR = "popular"
    PUBLISHED = "published"
    TITLE = "title"

    @property
    def label(self) -> str:
        """How the sort is named on screen."""
        return {
            "page": "page order",
            "popular": "upvotes/comments",
            "published": "published",
            "title": "title",
        }[self.value]

    @classmethod
    def named(cls, name: str) -> Sort:
        """The sort a person names: its value, or a word of its label (``upvotes``,
        ``comments``, ``relevance`` for page order ...); ValueError for anything else."""
        sort = SORT_NAMES.get(name.strip().lower())
        if sort is None:
            raise ValueError(f"no sort named {name!r}: {', '.join(SORT_NAMES)}")
        return sort


SORT_NAMES = {
    "page": Sort.PAGE,
    "relevance": Sort.PAGE,
    "popular": Sort.POPULAR,
    "upvotes": Sort.POPULAR,
    "comments": Sort.POPULAR,
    "published": Sort.PUBLISHED,
    "title": Sort.TITLE,
}
"""Every name a sort goes by in the CLI: the reader's words for them, and the stored values."""


@dataclass(frozen=True, slots=True)
class LooseDate:
    """A date as a page shows it: month and day, the year only when printed."""

    month: int
    day: int
    year: int | None = None

    def resolve(self, default_year: int) -> dt.date | None:
        """The full date, taking ``default_year`` when none was printed (None if invalid)."""
        try:
            return dt.date(self.year or default_year, self.month, self.day)
        except ValueError:
            return None


@dataclass(frozen=True, slots=True)
class Entry:
    """One paper as a single dump shows it, before merging with other dumps."""

    title: str
    abstract: str = ""
    published: LooseDate | None = None
    authors: tuple[str, ...] = ()
    author_count: int | None = None
    organization: str | None = None
    upvotes: int | None = None
    comments: int | None = None
    arxiv_id: str | None = None
    day: dt.date | None = None
    """A full listing date carried by the dump for this entry."""
    header_day: LooseDate | None = None
    """The page's day header for this entry, when the dump only has that."""
    urls: tuple[str, ...] = ()
    """Every link the dump gives for the paper (HF page, arXiv, code, project page)."""
    github_repo: str | None = None
    github_stars: int | None = None
    project_page: str | None = None
    summary: str | None = None
    keywords: tuple[str, ...] = ()
    other_titles: tuple[str, ...] = ()
    """The paper's title in other languages (a digest's translated heading), English first wins."""


@dataclass(frozen=True, slots=True)
class ParsedDump:
    """What a parser read from one file."""

    parser: str
    entries: tuple[Entry, ...]
    capture_year: int | None = None
    """The year the page was captured, when the dump's own dates reveal it."""


@dataclass(frozen=True, slots=True)
class Link:
    """A labelled link of a paper; ``kind`` is one of hf, arxiv, pdf, code, project, search."""

    kind: str
    label: str
    url: str


@dataclass(frozen=True, slots=True)
class Listing:
    """One appearance of a paper in a dump."""

    paper_key: str
    day: dt.date
    day_source: DaySource
    rank: int
    source: str


@dataclass(frozen=True, slots=True)
class Paper:
    """A deduplicated paper, merged from every dump that lists it."""

    key: str
    title: str
    abstract: str = ""
    published: dt.date | None = None
    author_count: int | None = None
    authors: tuple[str, ...] = ()
    organization: str | None = None
    upvotes: int | None = None
    comments: int | None = None
    arxiv_id: str | None = None
    links: tuple[Link, ...] = ()
    days: tuple[dt.date, ...] = ()
    sources: tuple[str, ...] = ()
    github_stars: int | None = None
    summary: str | None = None
    keywords: tuple[str, ...] = ()
    other_titles: tuple[str, ...] = ()
    """Translated titles the dumps give beside the English one."""

    @property
    def url(self) -> str:
        """The best single link: the HF page, else arXiv, else the first link."""
        return self.links[0].url if self.links else ""

    @property
    def missing(self) -> bool:
        """True for a bookmarked paper that no dump lists any more."""
        return not self.sources

    def link(self, kind: str) -> Link | None:
        """The first link of ``kind``, if the paper has one."""
        return next((link for link in self.links if link.kind == kind), None)


@dataclass(frozen=True, slots=True)
class Day:
    """A date of the library and how many distinct papers were listed on it."""

    date: dt.date
    paper_count: int
    guessed: bool = False
    """True when every listing of the day took it from a file's modification time."""


def opening_day(days: Sequence[Day]) -> Day | None:
    """The day the reader opens on: the newest day a dump dates (by its content or its file
    name); a day guessed from a file's modification time only when there is no other."""
    return next((day for day in days if not day.guessed), days[0] if days else None)


@dataclass(frozen=True, slots=True)
class FileFailure:
    """A dump file that could not be used, with a one-line reason."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class SyncReport:
    """What a sync of the index with the dump folders did."""

    new: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: tuple[FileFailure, ...] = ()
    listings: int = 0
    papers: int = 0
    seconds: float = 0.0
    notices: tuple[str, ...] = ()
    """Things the user should be told (an index that had to be rebuilt, ...)."""
    index_pending: bool = False
    """True when the catalog was written but the search index is still to be built
    (``Library.build_index``): the papers can be browsed, not yet searched."""


@dataclass(frozen=True, slots=True)
class SearchResult:
    """Ranked search results: the keys of the matching papers, best first."""

    query: str
    keys: tuple[str, ...]
    total: int
    terms: tuple[str, ...] = ()
    """Words of the query to highlight in titles and abstracts."""
    total_exact: bool = True
    """False when ``total`` is an upper bound (quoted phrases over many candidates)."""


def paper_to_dict(paper: Paper) -> dict[str, Any]:
    """The paper as plain JSON-ready data (also what ``papers search --json`` prints)."""
    return {
        "key": paper.key,
        "title": paper.title,
        "abstract": paper.abstract,
        "days": [day.isoformat() for day in paper.days],
        "published": paper.published.isoformat() if paper.published else None,
        "author_count": paper.author_count,
        "authors": list(paper.authors),
        "organization": paper.organization,
        "upvotes": paper.upvotes,
        "comments": paper.comments,
        "arxiv_id": paper.arxiv_id,
        "url": paper.url,
        "links": [{"kind": link.kind, "label": link.label, "url": link.url} for link in paper.links],
        "sources": list(paper.sources),
        "github_stars": paper.github_stars,
        "summary": paper.summary,
        "keywords": list(paper.keywords),
        "other_titles": list(paper.other_titles),
    }


def paper_from_dict(data: dict[str, Any]) -> Paper:
    """The inverse of ``paper_to_dict``."""
    return Paper(
        key=data["key"],
        title=data["title"],
        abstract=data["abstract"],
        published=dt.date.fromisoformat(data["published"]) if data["published"] else None,
        author_count=data["author_count"],
        authors=tuple(data["authors"]),
        organization=data["organization"],
        upvotes=data["upvotes"],
        comments=data["comments"],
        arxiv_id=data["arxiv_id"],
        links=tuple(Link(**link) for link in data["links"]),
        days=tuple(dt.date.fromisoformat(day) for day in data["days"]),
        sources=tuple(data["sources"]),
        github_stars=data["github_stars"],
        summary=data["summary"],
        keywords=tuple(data["keywords"]),
        other_titles=tuple(data.get("other_titles", ())),
    )
