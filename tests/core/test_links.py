"""Links: arXiv ids in URLs, the links a paper offers, what may be opened, citations."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from reader.core.citations import Citation, bibtex
from reader.core.library import Library
from reader.core.links import arxiv_id_from_url, build_links, code_urls, is_openable, markdown_link
from reader.core.models import Paper


@pytest.mark.parametrize(
    ("url", "arxiv_id"),
    [
        ("https://huggingface.co/papers/2509.24002", "2509.24002"),
        ("https://arxiv.org/abs/2405.01234v3", "2405.01234"),
        ("http://arxiv.org/pdf/2405.01234v2.pdf", "2405.01234"),
        ("https://arxiv.org/pdf/1706.03762", "1706.03762"),
        ("https://example.com/papers/2405.01234", None),
        ("https://github.com/org/repo", None),
    ],
)
def test_arxiv_ids_in_links(url: str, arxiv_id: str | None) -> None:
    assert arxiv_id_from_url(url) == arxiv_id


def test_a_paper_with_an_id_links_to_hf_arxiv_pdf_then_code_and_project() -> None:
    links = build_links(
        "2405.01234",
        "T",
        ["https://github.com/acme/lattice", "https://arxiv.org/abs/2405.01234", "javascript:alert(1)"],
        "https://acme.example/lattice",
    )
    assert [(link.kind, link.url) for link in links] == [
        ("hf", "https://huggingface.co/papers/2405.01234"),
        ("arxiv", "https://arxiv.org/abs/2405.01234"),
        ("pdf", "https://arxiv.org/pdf/2405.01234"),
        ("code", "https://github.com/acme/lattice"),
        ("project", "https://acme.example/lattice"),
    ]


def test_a_paper_without_an_id_links_to_an_hf_search_for_its_exact_title() -> None:
    (link,) = build_links(None, "Pre-train, Prompt & Predict")
    assert link.url == "https://huggingface.co/papers?q=Pre-train%2C+Prompt+%26+Predict"


def test_code_links_inside_an_abstract() -> None:
    text = "Code: https://github.com/acme/lattice. Also (https://gitlab.com/x/y-z) and https://example.com."
    assert code_urls(text) == ["https://github.com/acme/lattice", "https://gitlab.com/x/y-z"]


@pytest.mark.parametrize(
    ("url", "openable"),
    [
        ("https://huggingface.co/papers/1", True),
        ("http://example.com", True),
        ("javascript:alert(1)", False),
        ("file:///etc/passwd", False),
        ("https:///nohost", False),
        ("data:text/html,hi", False),
        ("", False),
    ],
)
def test_only_http_links_may_be_opened(url: str, openable: bool) -> None:
    assert is_openable(url) is openable


def test_markdown_and_bibtex() -> None:
    paper = Paper(
        key="2405.01234",
        title="Beyond the [CLS] Token",
        authors=("Ada Lovelace", "Alan Turing"),
        published=dt.date(2024, 5, 2),
        arxiv_id="2405.01234",
        links=build_links("2405.01234", "Beyond the [CLS] Token"),
    )
    assert markdown_link(paper) == "[Beyond the \\[CLS\\] Token](https://huggingface.co/papers/2405.01234)"
    entry = bibtex(Citation(paper))
    assert entry.startswith("@misc{lovelace2024beyond,\n")
    assert "  author = {Ada Lovelace and Alan Turing}," in entry
    assert "  eprint = {2405.01234}," in entry and "  year = {2024}," in entry
    assert entry.endswith("}")


def test_a_project_page_listed_among_the_urls_is_kept() -> None:
    page = "https://evoarena.github.io/"
    links = build_links("2606.00001", "EvoArena", extra_urls=[page, "https://github.com/x/evoarena"], project_page=page)
    assert [link.kind for link in links] == ["hf", "arxiv", "pdf", "code", "project"]
    assert links[-1].url == page


def test_every_project_page_of_the_real_api_json_reaches_the_paper(tmp_path: Path) -> None:
    source = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "real"
    dump = source / "hf-api-daily_papers-2026-06-12-limit30.json"
    if not dump.exists():
        pytest.skip("../shared/corpus/real is not beside the checkout")
    items = json.loads(dump.read_text(encoding="utf-8"))
    expected = {item["paper"]["id"] for item in items if item["paper"].get("projectPage")}
    library = Library([dump])
    try:
        library.sync()
        papers = library.papers(library.keys())
        found = {paper.arxiv_id for paper in papers.values() if paper.link("project") is not None}
    finally:
        library.close()
    assert expected and found == expected
