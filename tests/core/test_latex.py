"""LaTeX in titles and abstracts: shown as readable text, found by the source and the text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.index import FORMAT_FILE, SearchIndex
from reader.core.latex import readable, searchable
from reader.core.library import Library
from reader.core.models import Paper


@pytest.mark.parametrize(
    ("source", "text"),
    [
        (r"$\nabla^2$DFT: a dataset of molecules", "∇²DFT: a dataset of molecules"),
        (r"$τ$-bench: tools and users", "τ-bench: tools and users"),
        (r"\underline{N}on-local attention", "Non-local attention"),
        (r"M$^{2}$UGen: music", "M²UGen: music"),
        (r"A simple $L_2$ norm", "A simple L₂ norm"),
        (r"LLM$\times$MapReduce", "LLM×MapReduce"),
        (r"in $\sim$20 seconds", "in ∼20 seconds"),
        (r"$\textbf{Only-IF}$: instructions", "Only-IF: instructions"),
        (r"$\mathcal{O}(n \log n)$ sorting", "𝒪(n log n) sorting"),
        (r"$\bm{\theta}$ and $\texttt{code}$", "θ and code"),
    ],
)
def test_latex_reads_as_text(source: str, text: str) -> None:
    assert readable(source) == text


@pytest.mark.parametrize(
    "plain",
    [
        "Earn $1 million as a freelancer",  # a lone dollar is money
        "50% of the tokens & 3 experts ~ 2B #1",  # percent, and, tilde, number: not LaTeX
        r"Paths like C:\Users\me stay",  # a backslash word LaTeX does not know
        "x^2 and a_b with no math at all",
        r"\href{broken",
        r"see \url and more",  # a macro without its argument
        "",
    ],
)
def test_text_that_only_looks_like_latex_is_left_alone(plain: str) -> None:
    assert readable(plain) == plain


def test_the_percent_sign_and_ampersand_survive_beside_math() -> None:
    assert readable(r"50% of $x$ & $y$") == "50% of x & y"


PIECES = st.sampled_from([*"ab $\\{}^_%&~#1\n", "\\frac", "\\alpha", "\\textbf", "\\href"])


@given(st.lists(PIECES, max_size=30).map("".join))
def test_readable_never_fails_and_searchable_keeps_the_source(text: str) -> None:
    plain = readable(text)
    assert isinstance(plain, str)
    assert searchable(text).startswith(text)
    if "$" not in text and "\\" not in text:
        assert plain == text


def _api_dump(root: Path) -> Path:
    root.mkdir()
    item = {
        "paper": {
            "id": "2406.00001",
            "title": r"$\nabla^2$DFT: a universal quantum chemistry dataset",
            "summary": r"Energies with $\alpha$-entmax and $\mathcal{O}(1)$ memory.",
            "authors": [{"name": "Ada Lovelace"}],
            "publishedAt": "2024-06-20T08:00:00.000Z",
            "upvotes": 3,
        },
        "title": r"$\nabla^2$DFT: a universal quantum chemistry dataset",
    }
    (root / "2024-06-21-api.json").write_text(json.dumps([item]), encoding="utf-8")
    return root


@pytest.mark.parametrize(
    "query",
    ["nabla", "∇²DFT", '"∇²DFT: a universal"', "α-entmax", "alpha", "title:∇²DFT", "abstract:𝒪(1)", "quantum"],
)
def test_a_paper_is_found_by_its_latex_and_by_its_text(tmp_path: Path, query: str) -> None:
    library = Library([_api_dump(tmp_path / "dumps")], index_dir=tmp_path / "index")
    try:
        library.sync()
        assert library.search(query).keys == ("2406.00001",)
    finally:
        library.close()


def test_an_index_of_an_older_format_is_rebuilt_not_read(tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "index")
    index.write([Paper(key="2406.00001", title="A title")], fresh=True)
    index.close()
    assert index.open()
    (tmp_path / "index" / FORMAT_FILE).unlink()  # written before titles held their text too
    assert not index.open()
