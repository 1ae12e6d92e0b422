"""Exporting bookmarks, with their tags and notes: Markdown (grouped by tag), BibTeX, JSON,
CSL-JSON and RIS (see ``citations`` for what each carries).

A bookmarked paper is exported as the dumps know it when the library lists it, else as its
bookmark remembers it (title, link, arXiv id, authors, dates): no dump is needed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from reader.core import paths
from reader.core.bookmarks import Bookmark
from reader.core.citations import Citation, bibtex, byline, csl_item, ris, unique_keys
from reader.core.library import Library
from reader.core.links import markdown_link
from reader.core.tags import fold_tag, has_tag

ExportFormat = Literal["md", "bibtex", "json", "csljson", "ris"]
FORMATS: tuple[ExportFormat, ...] = ("md", "bibtex", "json", "csljson", "ris")
FORMAT_NAMES: dict[ExportFormat, str] = {
    "md": "Markdown",
    "bibtex": "BibTeX",
    "json": "JSON",
    "csljson": "CSL-JSON",
    "ris": "RIS",
}
"""Each format as a person names it."""
SUFFIXES: dict[ExportFormat, str] = {"md": "md", "bibtex": "bib", "json": "json", "csljson": "csl.json", "ris": "ris"}
"""The file name suffix of each format."""
UNTAGGED = "Untagged"
"""The Markdown heading of the papers without a tag."""


def export_file_name(fmt: ExportFormat, tag: str | None = None) -> str:
    """The name of the bookmarks export in ``fmt``: ``bookmarks.bib``, ``bookmarks-agents.ris`` ..."""
    part = f"-{''.join(c if c.isalnum() or c in '-_' else '_' for c in fold_tag(tag))}" if tag else ""
    return f"bookmarks{part}.{SUFFIXES[fmt]}"


def default_export_path(fmt: ExportFormat, tag: str | None = None) -> Path:
    """Where the reader writes the bookmarks export in ``fmt``: ``exports/`` in the user data dir."""
    return paths.data_dir() / "exports" / export_file_name(fmt, tag)


def bookmarked_citations(library: Library, tag: str | None = None) -> list[tuple[Citation, Bookmark | None]]:
    """The bookmarked papers (only those tagged ``tag`` when given), newest bookmark first,
    each with its tags and note, and its bookmark."""
    keys = library.bookmark_keys(None if tag is None else (lambda bookmark: has_tag(bookmark.tags, tag)))
    found = library.papers(keys)
    citations = []
    for key in keys:
        paper = found.get(key)
        if paper is None:
            continue
        bookmark = library.bookmarks.find(paper)
        if bookmark is not None and paper.missing:
            paper = bookmark.as_paper()  # (the key may be the catalog's, the record the bookmark's)
        tags, note = (bookmark.tags, bookmark.note) if bookmark is not None else ((), "")
        citations.append((Citation(paper, tags, note), bookmark))
    return citations


def export_bookmarks(library: Library, fmt: ExportFormat, tag: str | None = None) -> str:
    """The library's bookmarks (those tagged ``tag`` when given), newest first, as text in ``fmt``."""
    marked = bookmarked_citations(library, tag)
    citations = [citation for citation, _ in marked]
    keys = unique_keys(citations)
    if fmt == "md":
        return markdown(citations, tag)
    if fmt == "bibtex":
        return "\n\n".join(bibtex(c, key) for c, key in zip(citations, keys, strict=True)) + ("\n" if marked else "")
    if fmt == "ris":
        return "\n".join(ris(c, key) for c, key in zip(citations, keys, strict=True))
    if fmt == "csljson":
        items = [csl_item(c, key) for c, key in zip(citations, keys, strict=True)]
        return json.dumps(items, indent=2, ensure_ascii=False) + "\n"
    records = [_record(citation, bookmark, key) for (citation, bookmark), key in zip(marked, keys, strict=True)]
    return json.dumps(records, indent=2, ensure_ascii=False) + "\n"


def _record(citation: Citation, bookmark: Bookmark | None, key: str) -> dict[str, Any]:
    paper = citation.paper
    return {
        "key": paper.key,
        "cite_key": key,
        "title": paper.title,
        "authors": list(paper.authors),
        "published": paper.published.isoformat() if paper.published else None,
        "year": citation.year,
        "url": paper.url,
        "arxiv_id": paper.arxiv_id,
        "doi": citation.doi,
        "tags": list(citation.tags),
        "note": citation.note,
        "missing": paper.missing,
        "added": bookmark.added if bookmark is not None else None,
    }


def markdown(citations: list[Citation], tag: str | None = None) -> str:
    """``# Bookmarks`` then a section per tag (a paper under each of its tags; the untagged
    last, and no section at all when no paper has a tag), each paper a link with its
    authors and year, its note quoted below it."""
    groups: dict[str, tuple[str, list[Citation]]] = {}
    for citation in citations:
        for name in [t for t in citation.tags if tag is None or fold_tag(t) == fold_tag(tag)] or [UNTAGGED]:
            groups.setdefault(fold_tag(name) if name != UNTAGGED else "", (name, []))[1].append(citation)
    title = f"# Bookmarks tagged {tag}" if tag else "# Bookmarks"
    lines = [title]
    for folded in sorted(groups, key=lambda name: (name == "", name)):
        name, members = groups[folded]
        lines += ["", f"## {name} ({len(members)})", ""] if list(groups) != [""] else [""]  # no tag at all: no heading
        for citation in members:
            lines.append(f"- {_markdown_entry(citation)}")
            lines += [f"  > {line}".rstrip() for line in citation.note.split("\n")] if citation.note else []
    return "\n".join(lines) + "\n"


def _markdown_entry(citation: Citation) -> str:
    paper = citation.paper
    parts = [markdown_link(paper) if paper.url else paper.title.replace("[", "\\[").replace("]", "\\]")]
    details = " · ".join(part for part in (byline(paper.authors), str(citation.year or "")) if part)
    if details:
        parts.append(f"— {details}")
    return " ".join(parts)
