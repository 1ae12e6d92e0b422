"""Exporting bookmarks as Markdown, BibTeX or JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from reader.core import paths
from reader.core.library import Library
from reader.core.links import bibtex, markdown_link

ExportFormat = Literal["md", "bibtex", "json"]
FORMATS: tuple[ExportFormat, ...] = ("md", "bibtex", "json")
FORMAT_NAMES: dict[ExportFormat, str] = {"md": "Markdown", "bibtex": "BibTeX", "json": "JSON"}
"""Each format as a person names it."""
SUFFIXES: dict[ExportFormat, str] = {"md": "md", "bibtex": "bib", "json": "json"}
"""The file name suffix of each format."""


def export_file_name(fmt: ExportFormat) -> str:
    """The name of the bookmarks export in ``fmt``: ``bookmarks.bib`` ..."""
    return f"bookmarks.{SUFFIXES[fmt]}"


def default_export_path(fmt: ExportFormat) -> Path:
    """Where the reader writes the bookmarks export in ``fmt``: ``exports/`` in the user data dir."""
    return paths.data_dir() / "exports" / export_file_name(fmt)


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
