"""How the command line prints papers: a ranked list (``papers search``, ``papers similar``)
or JSON. Plain ``print``: the CLI's output boundary cleans every string (``core.terminal``)."""

from __future__ import annotations

import json
import shutil
import textwrap
from collections.abc import Sequence

from reader.core.latex import readable
from reader.core.library import Library
from reader.core.models import Paper, paper_to_dict


def meta_line(paper: Paper) -> str:
    """Published date, the first authors, organisation, upvotes, comments, days listed."""
    parts = []
    if paper.published:
        parts.append(f"published {paper.published.isoformat()}")
    if paper.authors:
        parts.append(", ".join(paper.authors[:3]) + (" et al." if len(paper.authors) > 3 else ""))
    elif paper.author_count:
        parts.append(f"{paper.author_count} authors")
    if paper.organization:
        parts.append(paper.organization)
    if paper.upvotes is not None:
        parts.append(f"▲ {paper.upvotes}")
    if paper.comments is not None:
        parts.append(f"{paper.comments} comments")
    if paper.days:
        parts.append("listed " + ", ".join(day.isoformat() for day in paper.days))
    return " · ".join(parts)


def papers_in_order(library: Library, keys: Sequence[str]) -> list[Paper]:
    """The papers of ``keys`` in that order (keys no dump lists left out)."""
    found = library.papers(list(keys))
    return [found[key] for key in keys if key in found]


def print_json(papers: Sequence[Paper]) -> None:
    """A JSON array of the papers, in order."""
    print(json.dumps([paper_to_dict(paper) for paper in papers], indent=2, ensure_ascii=False))


def print_ranked(papers: Sequence[Paper]) -> None:
    """``  1. title`` with its metadata and link under it, for each paper in order."""
    width = min(shutil.get_terminal_size((100, 24)).columns, 120)
    for rank, paper in enumerate(papers, start=1):
        print(textwrap.fill(readable(paper.title), width, initial_indent=f"{rank:>3}. ", subsequent_indent="     "))
        print(textwrap.fill(meta_line(paper), width, initial_indent="     ", subsequent_indent="     "))
        print(f"     {paper.url}\n")
