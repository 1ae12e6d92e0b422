"""How the catalog stores its rows: a listing's entry and a merged paper as compact JSON,
and the ``papers`` row of a paper (see ``reader.core.catalog``)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from reader.core.merge import StoredListing
from reader.core.models import Entry, LooseDate, Paper, paper_from_dict, paper_to_dict
from reader.core.text import fold_title


def entry_to_json(entry: Entry) -> str:
    """A listing's entry as compact JSON (the ``listings.entry`` column), empty fields left out."""
    data: dict[str, Any] = {}
    for name in Entry.__slots__:
        value = getattr(entry, name)
        if value in (None, "", ()):
            continue
        if isinstance(value, LooseDate):
            value = [value.month, value.day, value.year]
        elif isinstance(value, dt.date):
            value = value.isoformat()
        data[name] = value
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def entry_from_json(text: str) -> Entry:
    """The inverse of ``entry_to_json``."""
    data: dict[str, Any] = json.loads(text)
    for name in ("published", "header_day"):
        if name in data:
            data[name] = LooseDate(*data[name])
    if "day" in data:
        data["day"] = dt.date.fromisoformat(data["day"])
    for name in ("authors", "urls", "keywords", "other_titles"):
        if name in data:
            data[name] = tuple(data[name])
    return Entry(**data)


def paper_to_json(paper: Paper) -> str:
    """The paper as compact JSON (the catalog's ``data`` column)."""
    return json.dumps(paper_to_dict(paper), ensure_ascii=False, separators=(",", ":"))


def paper_from_json(text: str) -> Paper:
    """The inverse of ``paper_to_json``."""
    return paper_from_dict(json.loads(text))


def paper_row(paper: Paper, listings: Sequence[StoredListing]) -> tuple[object, ...]:
    """The ``papers`` row of a merged paper; ``listings`` are all of its listings."""
    last_day = max(paper.days)
    return (
        paper.key,
        fold_title(paper.title),
        paper.arxiv_id,
        paper.published.isoformat() if paper.published else None,
        paper.upvotes,
        paper.comments,
        last_day.isoformat(),
        min(listing.rank for listing in listings if listing.day == last_day),
        paper_to_json(paper),
    )
