"""Per-paper marks: a mark finds its paper by key, arXiv id or title, also after the key
changed, and the catalog lookup answers many marks at once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from reader.core.catalog import Catalog, FileState
from reader.core.dumps import Record
from reader.core.marks import MarkIndex, current_keys, matches
from reader.core.models import DaySource, Entry, Paper
from reader.core.text import title_key


@dataclass(frozen=True)
class Mark:
    key: str
    arxiv_id: str | None = None
    title: str = ""


def catalog_with(tmp_path: Path, papers: list[tuple[str, str | None]]) -> Catalog:
    """A catalog holding one listing per (title, arXiv id)."""
    catalog = Catalog(tmp_path / "catalog.sqlite")
    affected: set[str] = set()
    titles: set[str] = set()
    records = [
        Record(Entry(title=title, arxiv_id=arxiv_id), dt.date(2024, 5, 1), DaySource.DUMP, rank, None)
        for rank, (title, arxiv_id) in enumerate(papers, start=1)
    ]
    catalog.begin()
    catalog.replace_file("a.json", FileState(1, 1, "x", "hf api json", None), records, affected, titles)
    catalog.settle(affected, titles)
    catalog.commit()
    return catalog


def test_a_mark_made_before_the_arxiv_id_was_known_finds_the_paper_under_its_new_key(tmp_path: Path) -> None:
    catalog = catalog_with(tmp_path, [("Sparse Experts, Dense Gains", "2405.00001"), ("Quiet Agents", None)])
    before = Mark(title_key("Sparse Experts, Dense Gains"), None, "sparse experts dense gains")
    by_id = Mark("title:0000000000000000", "2405.00001")
    same = Mark(title_key("Quiet Agents"))
    gone = Mark("2401.99999", "2401.99999", "A Paper No Dump Lists")
    assert current_keys([before, by_id, same, gone], catalog) == ["2405.00001", "2405.00001", same.key, gone.key]


def test_an_index_of_marks_finds_a_paper_by_key_then_arxiv_id_then_title() -> None:
    first = Mark("2405.00001", "2405.00001", "Lattice Transformers")
    titled = Mark(title_key("Quiet Agents"), None, "Quiet Agents")
    index = MarkIndex([first, titled])
    assert index.find(Paper(key="2405.00001", title="Other")) is first
    assert index.find(Paper(key="x", title="", arxiv_id="2405.00001")) is first
    assert index.find(Paper(key="2407.00002", title="quiet  agents!", arxiv_id="2407.00002")) is titled
    assert index.find(Paper(key="2407.00003", title="Loud Agents")) is None


@given(
    st.lists(st.tuples(st.sampled_from("abcde"), st.none() | st.sampled_from(["1", "2", "3"]), st.sampled_from("xyz")))
)
def test_the_index_finds_a_mark_exactly_when_some_mark_matches(marks: list[tuple[str, str | None, str]]) -> None:
    remembered = [Mark(key, arxiv_id, title) for key, arxiv_id, title in marks]
    index = MarkIndex(remembered)
    for key in "abcdef":
        for arxiv_id in (None, "1", "4"):
            for title in "xw":
                paper = Paper(key=key, title=title, arxiv_id=arxiv_id)
                found = index.find(paper)
                assert (found is not None) == any(matches(mark, paper) for mark in remembered)
                assert found is None or matches(found, paper)


def test_the_lookup_of_many_marks_is_answered_at_once(tmp_path: Path) -> None:
    papers: list[tuple[str, str | None]] = [(f"Paper {number}", f"2405.{number:05d}") for number in range(2000)]
    catalog = catalog_with(tmp_path, papers)
    marks = [Mark(f"2405.{number:05d}") for number in range(0, 2000, 2)]
    marks += [Mark(f"title:{number}", None, f"paper {number}") for number in range(1, 2000, 2)]
    assert current_keys(marks, catalog) == [f"2405.{n:05d}" for n in range(0, 2000, 2)] + [
        f"2405.{n:05d}" for n in range(1, 2000, 2)
    ]
