"""Property tests of the general extractor: the same papers written in the shapes real
dumps use (headings with labels in several languages, fields in any order, link tables,
``Key: value`` records, tables, lists, HTML, JSON records with synonym keys) read back as
the same papers, in order."""

from __future__ import annotations

import html
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.parsers import DumpSource, parse_source

WORDS = ["Sparse", "Routing", "Widgets", "Diffusion", "Agents", "Memory", "Vision", "Scaling", "Robust", "Tokens"]
TAILS = ["at Scale", "for Robots", "via Attention", "Made Simple", "in the Wild"]

AUTHOR_LABELS = ["Authors", "作者", "Tác giả", "저자", "Autores"]
ABSTRACT_LABELS = ["Summary", "Abstract", "Tóm tắt", "Résumé"]
LINK_LABELS = ["Links", "论文链接", "Đường dẫn", "링크"]


@st.composite
def papers(draw: st.DrawFn) -> list[tuple[str, str]]:
    """1-6 distinct (title, arXiv id) pairs."""
    count = draw(st.integers(1, 6))
    found: dict[str, str] = {}
    for number in range(count):
        words = draw(st.lists(st.sampled_from(WORDS), min_size=2, max_size=4, unique=True))
        title = " ".join(words) + " " + draw(st.sampled_from(TAILS)) + f" {number + 1}"
        found[title] = f"24{number:02d}.{draw(st.integers(10000, 99999))}"
    return list(found.items())


def _anchor(draw: st.DrawFn, arxiv_id: str) -> str:
    return draw(
        st.sampled_from(
            [
                f"https://arxiv.org/abs/{arxiv_id}",
                f"https://arxiv.org/pdf/{arxiv_id}",
                f"https://huggingface.co/papers/{arxiv_id}",
            ]
        )
    )


@st.composite
def heading_digest(draw: st.DrawFn, items: list[tuple[str, str]]) -> str:
    """``## N. Title`` blocks whose labelled fields come in any order, in any label language."""
    blocks = ["# Digest - 2024-01-02", "", "## Summary of Papers", ""]
    link_table = draw(st.booleans())
    for number, (title, arxiv_id) in enumerate(items, 1):
        fields = [
            f"**{draw(st.sampled_from(AUTHOR_LABELS))}:** Ada Example, Bo Sample",
            f"**{draw(st.sampled_from(ABSTRACT_LABELS))}:** We study {title.lower()}.",
            f"**{draw(st.sampled_from(LINK_LABELS))}:** [arXiv]({_anchor(draw, arxiv_id)})",
            "**Relevance:** An LLM's note.",
        ]
        fields = draw(st.permutations(fields))
        blocks += [f"## {number}. {title}", "", *(line for field in fields for line in (field, ""))]
        if link_table:
            blocks += [
                "### Các đường dẫn liên quan",
                "",
                "| Platform | Link |",
                "| :--- | :--- |",
                f"| Hugging Face | [link](https://huggingface.co/papers/{arxiv_id}) |",
                "| Github Repository | N/A |",
                "",
            ]
        blocks += ["---", ""]
    return "\n".join(blocks)


def records_text(draw: st.DrawFn, items: list[tuple[str, str]]) -> str:
    """``Title:`` / ``PDF:`` / ``Summary:`` records in any order between ``---`` lines."""
    parts = []
    for title, arxiv_id in items:
        lines = draw(st.permutations([f"Title: {title}", f"PDF: {_anchor(draw, arxiv_id)}", "Summary: We study it."]))
        parts.append("\n".join(lines))
    return "\n---\n".join(parts) + "\n"


def table_text(items: list[tuple[str, str]]) -> str:
    """A digest table, one paper per row, the title cell linking the paper."""
    rows = [
        f"| [{title}](https://arxiv.org/abs/{arxiv_id}) | Ada Example | We study it. |" for title, arxiv_id in items
    ]
    return "\n".join(["## Notes", "", "| Paper | Authors | Summary |", "|---|---|---|", *rows, ""])


def list_text(items: list[tuple[str, str]]) -> str:
    """A bulleted list of paper links."""
    return "\n".join(["Reading list:", "", *(f"- [{t}](https://arxiv.org/abs/{i}) - a note" for t, i in items), ""])


def html_text(items: list[tuple[str, str]]) -> str:
    """An HTML fragment: one ``<h3>`` per paper with labelled paragraphs."""
    parts = ["<h1>Digest 2024-01-02</h1>"]
    for title, arxiv_id in items:
        parts += [
            f"<h3>{html.escape(title)}</h3>",
            "<p><strong>作者：</strong> Ada Example</p>",
            f'<p><a href="https://arxiv.org/abs/{arxiv_id}">arXiv</a> | <a href="https://x.org/{arxiv_id}">PDF</a></p>',
        ]
    return "\n".join(parts)


@st.composite
def json_text(draw: st.DrawFn, items: list[tuple[str, str]]) -> str:
    """Scraper-like JSON records with synonym keys, maybe nested, maybe wrapped."""
    records = []
    for title, arxiv_id in items:
        record: dict[str, object] = {
            draw(st.sampled_from(["title", "paper_title"])): title,
            draw(st.sampled_from(["paper_url", "link", "arxiv_page_url", "url"])): _anchor(draw, arxiv_id),
            "stars": "5",
        }
        if draw(st.booleans()):
            record["details"] = {"abstract": "We study it.", "scraped_at": "2024-01-02T02:00:00"}
        keys = draw(st.permutations(list(record)))
        records.append({key: record[key] for key in keys})
    value: object = records if draw(st.booleans()) else {"date": "2024-01-02", "data": {"papers": records}}
    return json.dumps(value, ensure_ascii=False, indent=draw(st.sampled_from([None, 2])))


@st.composite
def documents(draw: st.DrawFn) -> tuple[list[tuple[str, str]], str]:
    """A random list of papers and one document holding them in a random shape."""
    items = draw(papers())
    shape = draw(st.sampled_from(["headings", "records", "table", "list", "html", "json"]))
    if shape == "headings":
        text = draw(heading_digest(items))
    elif shape == "records":
        text = records_text(draw, items)
    elif shape == "json":
        text = draw(json_text(items))
    else:
        text = {"table": table_text, "list": list_text, "html": html_text}[shape](items)
    return items, text


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(documents())
def test_every_shape_gives_the_same_papers(document: tuple[list[tuple[str, str]], str]) -> None:
    items, text = document
    parsed = parse_source(DumpSource(Path("dump"), text.encode()))
    assert [(entry.title, entry.arxiv_id) for entry in parsed.entries] == items
    for entry in parsed.entries:
        assert entry.upvotes is None  # stars are never upvotes; no label gave a vote count
