"""Builders of small dump files for tests (the project's own invented papers)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

HEADER = (
    "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\n"
    "Daily Papers\n\nbyAK and the research community\n\n"
)


@dataclass(frozen=True)
class FakePaper:
    """A paper as a page copy shows it; ``footer`` is the line(s) before the "·"."""

    title: str
    abstract: str = "We study a question and report an answer with experiments."
    footer: str | None = "  • 3 authors"
    date: str | None = "Mar 3, 2024"


def page_copy(day_line: str, papers: list[FakePaper]) -> str:
    """The text of a page copy of one day."""
    blocks = [HEADER + day_line + "\n"]
    for paper in papers:
        block = f"\n{paper.title}\n\n{paper.abstract}\n"
        if paper.footer is not None and paper.date is not None:
            block += f"\n{paper.footer}\n·\n{paper.date}\n"
        blocks.append(block)
    return "".join(blocks)


def write_page_copy(path: Path, day_line: str, papers: list[FakePaper]) -> Path:
    """Write a page copy to ``path`` (folders created) and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page_copy(day_line, papers), encoding="utf-8")
    return path
