"""Exporting bookmarks as Markdown, BibTeX or JSON."""

from __future__ import annotations

import json
from typing import Literal

from reader.core.library import Library
from reader.core.links import bibtex, markdown_link

ExportFormat = Literal["md", "bibtex", "json"]
FORMATS: tuple[ExportFormat, ...] = ("md", "bibtex", "json")


def export_bookmarks(library: Library, fmt: ExportFormat) -> str:
    """The library's bookmarks, newest first, as text in ``fmt``."""
    keys = library.bookmark_keys()
    found = library.papers(keys)
    papers = [found[key] for key in keys if key in found]
    if fmt == "md":
        lines = ["# Bookmarks", ""]
        for paper in papers:
            note = " (no longer in the dumps)" if paper.missing else ""
            lines.append(f"- {markdown_link(paper)}{note}")
        return "\n".join(lines) + "\n"
    if fmt == "bibtex":
        return "\n\n".join(bibtex(paper) for paper in papers) + ("\n" if papers else "")
    items = [
        {
            "key": paper.key,
            "title": paper.title,
            "url": paper.url,
            "arxiv_id": paper.arxiv_id,
            "missing": paper.missing,
            "added": bookmark.added if (bookmark := library.bookmarks.find(paper)) else None,
        }
        for paper in papers
    ]
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"
