"""Hugging Face API JSON: ``/api/daily_papers`` bodies, ``/api/papers/<id>`` objects and the
props embedded in the papers pages.

Three shapes are read:

* a list of daily-paper items, each ``{"paper": {...}, "numComments", "submittedBy",
  "organization", "publishedAt", "title", "summary", ...}`` (``/api/daily_papers``);
* a single paper object ``{"id", "title", "summary", "authors", "publishedAt", ...}``
  (``/api/papers/<id>``), or a list of them;
* an object wrapping items: the list page's props ``{"dailyPapers": [...], "date": ...}``
  or the paper page's ``{"paper": {...}, "comments": [...], "submitterOrganization": ...}``.

The listing day of a paper is ``paper.submittedOnDailyAt``, else the item's own
``publishedAt`` (the day the item was listed, in the older schema), else the page's
``date``. The paper's ``publishedAt`` is its arXiv date: it becomes ``published``, never the
day. Titles and abstracts are hard-wrapped in the API (arXiv line breaks): they are folded
to one line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import replace

from reader.core.dates import parse_iso_date
from reader.core.models import Entry, ParsedDump
from reader.core.parsers._common import (
    as_dict,
    as_int,
    as_list,
    as_str,
    first_arxiv_id,
    load_json,
    loose_date_from_iso,
    str_list,
    unique,
)
from reader.core.parsers.base import DumpSource
from reader.core.parsers.general.records import translated_titles
from reader.core.text import one_line

NAME = "hf api json"
PRIORITY = 0
HF_PAPER_URL = "https://huggingface.co/papers/{}"

_MARKERS = re.compile(
    r'"(?:paper"\s*:\s*\{|dailyPapers"\s*:|submittedOnDailyAt"\s*:|id"\s*:\s*"\d{4}\.\d{4,5}(?:v\d+)?")'
)


def can_parse(source: DumpSource) -> bool:
    """JSON whose first kilobytes carry the API's keys (``"paper": {``, ``dailyPapers``, an arXiv ``id``)."""
    head = source.head
    return head[:1] in ("[", "{") and bool(_MARKERS.search(head))


def parse(source: DumpSource) -> ParsedDump:
    """Decode the JSON and read every paper in it."""
    return ParsedDump(NAME, tuple(entries_from_json(load_json(source.text, "HF API JSON"))))


def entries_from_json(value: object) -> list[Entry]:
    """The papers of an already-decoded API value (any of the shapes above); [] when none.

    The HTML parser calls this with the pages' decoded ``data-props``.
    """
    if isinstance(value, list):
        items = [as_dict(item) for item in value]
        return list_day([(entry, _submitted(item)) for item in items if (entry := _entry(item)) is not None])
    data = as_dict(value)
    if isinstance(data.get("dailyPapers"), list):
        page_day = parse_iso_date(as_str(data.get("date")))
        entries = []
        for item in as_list(data["dailyPapers"]):
            entry = _entry(as_dict(item), page_day)
            if entry is not None:
                entries.append(entry)
        return entries
    entry = _entry(data)
    return [entry] if entry is not None else []


def _submitted(item: dict[str, object]) -> dt.datetime | None:
    """When an item was submitted to the daily list (UTC), as the API states it."""
    stamp = as_str(as_dict(item.get("paper")).get("submittedOnDailyAt")) or as_str(item.get("publishedAt"))
    try:
        moment = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00")) if stamp and "T" in stamp else None
    except ValueError:
        return None
    return moment.replace(tzinfo=dt.UTC) if moment is not None and moment.tzinfo is None else moment


def list_day(entries: list[tuple[Entry, dt.datetime | None]]) -> list[Entry]:
    """The entries of one daily list, each on the day HF lists it.

    HF cuts its daily list in US time, so an item submitted in the hours around midnight UTC
    can carry the UTC date next to the one its list shows. The day of a list is the day of
    most of its items (at least two thirds of them): an item stamped within 12 hours of that
    day's UTC bounds takes it. A file whose items spread over days without such a majority
    (the latest papers, fetched across several lists) keeps each item's own date.
    """
    days = Counter(entry.day for entry, stamp in entries if stamp is not None and entry.day is not None)
    if not days:
        return [entry for entry, _ in entries]
    list_day_, count = days.most_common(1)[0]
    if list_day_ is None or count * 3 < 2 * sum(days.values()):
        return [entry for entry, _ in entries]
    start = dt.datetime.combine(list_day_, dt.time(), dt.UTC)
    window = (start - dt.timedelta(hours=12), start + dt.timedelta(hours=36))
    return [
        replace(entry, day=list_day_)
        if stamp is not None and entry.day not in (None, list_day_) and window[0] <= stamp < window[1]
        else entry
        for entry, stamp in entries
    ]


def _entry(item: dict[str, object], page_day: dt.date | None = None) -> Entry | None:
    """One daily item (with a ``paper`` object inside) or one bare paper object."""
    nested = item.get("paper")
    is_item = isinstance(nested, dict)
    paper = as_dict(nested) if is_item else item
    title = one_line(as_str(paper.get("title")) or as_str(item.get("title")) or "")
    if not title:
        return None
    arxiv_id = first_arxiv_id((), paper.get("id"))
    authors = tuple(
        one_line(name) for author in as_list(paper.get("authors")) if (name := as_str(as_dict(author).get("name")))
    )
    github_repo = as_str(paper.get("githubRepo"))
    project_page = as_str(paper.get("projectPage"))
    day = parse_iso_date(as_str(paper.get("submittedOnDailyAt")))
    if day is None and is_item:
        day = parse_iso_date(as_str(item.get("publishedAt")))
    if day is None:
        day = page_day
    summary = as_str(paper.get("ai_summary"))
    return Entry(
        title=title,
        abstract=one_line(as_str(paper.get("summary")) or as_str(item.get("summary")) or ""),
        published=loose_date_from_iso(paper.get("publishedAt")),
        authors=authors,
        author_count=len(authors) or None,
        organization=_organization(item, paper),
        upvotes=as_int(paper.get("upvotes")),
        comments=_comments(item, paper),
        arxiv_id=arxiv_id,
        day=day,
        urls=unique((HF_PAPER_URL.format(arxiv_id) if arxiv_id else None, github_repo, project_page)),
        github_repo=github_repo,
        github_stars=as_int(paper.get("githubStars")),
        project_page=project_page,
        summary=one_line(summary) if summary else None,
        keywords=tuple(one_line(word) for word in str_list(paper.get("ai_keywords"))),
        other_titles=_translated(item, title),
    )


def _translated(item: dict[str, object], title: str) -> tuple[str, ...]:
    """Titles in other languages an item carries (a ``translation`` string beside the paper)."""
    translation = as_str(item.get("translation"))
    if translation is None:
        return ()
    return tuple(other for other in map(one_line, translated_titles(translation)) if other and other != title)


def _organization(item: dict[str, object], paper: dict[str, object]) -> str | None:
    for value in (item.get("organization"), paper.get("organization"), item.get("submitterOrganization")):
        org = as_dict(value)
        name = as_str(org.get("fullname")) or as_str(org.get("name"))
        if name:
            return one_line(name)
    return None


def _comments(item: dict[str, object], paper: dict[str, object]) -> int | None:
    count = as_int(item.get("numComments"))
    if count is None:
        count = as_int(paper.get("numComments"))
    if count is None and isinstance(item.get("comments"), list):
        count = len(as_list(item.get("comments")))  # the paper page lists its comments
    return count
