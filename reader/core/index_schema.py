"""The search index's fields, and the document written for each paper.

Part of the index (the Whoosh code): ``reader.core.index`` is its entry point.
"""

from __future__ import annotations

from whoosh.columns import NumericColumn
from whoosh.fields import COLUMN, ID, KEYWORD, NUMERIC, TEXT, Schema

from reader.core.index_query import ANALYZER, TEXT_FIELDS
from reader.core.latex import searchable
from reader.core.models import Paper


def schema() -> Schema:
    """The index's fields. Text fields keep no positions: a quoted phrase is the AND of its
    words, checked as written."""
    return Schema(
        key=ID(stored=True, unique=True, sortable=True),
        **{field: TEXT(analyzer=ANALYZER, phrase=False) for field in TEXT_FIELDS},
        day=KEYWORD(commas=True, lowercase=True),
        # One term per value (shift_step=0): ranges enumerate the few distinct values, and
        # each paper writes 3 postings instead of 24.
        year=NUMERIC(int, shift_step=0),
        upvotes=NUMERIC(int, shift_step=0),
        comments=NUMERIC(int, shift_step=0),
        # Sort keys, column-only (never searched): unknown values sort last (-1 / 0).
        sort_upvotes=COLUMN(NumericColumn("i")),
        sort_comments=COLUMN(NumericColumn("i")),
        sort_published=COLUMN(NumericColumn("i")),
    )


def layout(schema: Schema) -> list[tuple[str, str, str]]:
    """Each field's name, type and postings format: an index with another layout is rebuilt,
    not read."""
    return sorted((name, type(field).__name__, type(field.format).__name__) for name, field in schema.items())


def document(paper: Paper) -> dict[str, object]:
    """The fields Whoosh indexes for ``paper``."""
    document: dict[str, object] = {
        "key": paper.key,
        "title": searchable(paper.title),
        "abstract": searchable(paper.abstract),
        "authors": " ".join(paper.authors),
        "organization": paper.organization or "",
        "day": ",".join(day.isoformat() for day in paper.days),
    }
    document["sort_upvotes"] = -1 if paper.upvotes is None else paper.upvotes
    document["sort_comments"] = -1 if paper.comments is None else paper.comments
    document["sort_published"] = int(paper.published.strftime("%Y%m%d")) if paper.published else 0
    if paper.published:
        document["year"] = paper.published.year
    if paper.upvotes is not None:
        document["upvotes"] = paper.upvotes
    if paper.comments is not None:
        document["comments"] = paper.comments
    return document
