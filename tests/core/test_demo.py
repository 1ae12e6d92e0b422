"""The bundled demo dumps (``papers --demo``): every file reads by content, and together they
make a small library of 45 papers over 5 days in four formats, three of them listed twice."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.core import paths
from reader.core.dumps import ReadDump, read_dump
from reader.core.library import Library
from reader.core.models import DaySource, Paper, SyncReport

DEMO = paths.demo_dumps_dir()
NOV = {day: dt.date(2026, 11, day) for day in range(16, 21)}

# file name -> (parser, number of papers, listing day)
FILES = {
    "2026-11-16-daily-papers.txt": ("page copy", 9, NOV[16]),
    "2026-11-17-api.json": ("hf api json", 10, NOV[17]),
    "2026-11-18-digest.md": ("markdown", 9, NOV[18]),
    "2026-11-19-daily-papers.txt": ("page copy", 9, NOV[19]),
    "2026-11-20-api.json": ("hf api json", 11, NOV[20]),
}
PAGE_COPIES = [name for name, (parser, _, _) in FILES.items() if parser == "page copy"]
LISTINGS = sum(count for _, count, _ in FILES.values())  # 48
PAPERS = 45  # three papers are listed on two days

# Listed twice: once with an arXiv id (API JSON or Markdown), once in a page copy without one.
MERGED = {
    "Sparse Speculation: Draft-Free Speculative Decoding with Early-Exit Heads": ("2611.09412", NOV[16], NOV[17]),
    "Long-Context Retrieval Heads Emerge Early in Pretraining": ("2611.11305", NOV[18], NOV[19]),
    "SceneWeaver: Compositional Audio Generation from Scene Graphs": ("2611.10642", NOV[19], NOV[20]),
}

# Titles that a terminal UI must show literally (no markup, no link syntax): file, a word to find it.
TRICKY = {
    "Beyond the [CLS] Token: Late-Interaction Pooling for Long-Document Retrieval": (
        "2026-11-16-daily-papers.txt",
        "cls",
    ),
    "Does x[/]y Mean Division? Notation Sensitivity in Small Language Model Math Reasoning": (
        "2026-11-19-daily-papers.txt",
        "notation",
    ),
    "Typed Decoding: Grammar-Constrained Generation of List[int] and Dict[str, Any] Signatures for Code LLMs": (
        "2026-11-17-api.json",
        "pushdown",
    ),
}

# A word planted in one paper only -> that paper's title.
PLANTED = {
    "magpie": "Grasp Anything Twice: Recovering from Failed Grasps with Tactile World Models",
    "toolretriever": "ToolRetriever: Dense Retrieval over 20,000 APIs for Language Agents",
    "radiologists": "Measuring Hallucination in Radiology Report Generation",
}


def read(name: str, as_name: str | None = None) -> ReadDump:
    """Read a demo file the way a sync does, optionally as if it had another name."""
    path = DEMO / name
    return read_dump(Path(as_name) if as_name else path, path.read_bytes(), path.stat().st_mtime)


def by_title(library: Library) -> dict[str, Paper]:
    """Every paper of the library by its title."""
    return {paper.title: paper for paper in library.papers(library.keys()).values()}


# -- the files ---------------------------------------------------------------------------


def test_the_demo_folder_holds_the_demo_files_and_nothing_else() -> None:
    assert sorted(path.name for path in DEMO.iterdir()) == sorted(FILES)


@pytest.mark.parametrize("name", FILES)
def test_each_demo_file_reads_with_its_parser_papers_and_day(name: str) -> None:
    parser, count, day = FILES[name]
    dump = read(name)
    assert dump.parser == parser
    assert len(dump.records) == count
    assert {record.day for record in dump.records} == {day}
    assert [record.rank for record in dump.records] == list(range(1, count + 1))
    assert all(record.entry.title and (record.entry.abstract or record.entry.summary) for record in dump.records)


@pytest.mark.parametrize("name", FILES)
def test_each_demo_file_is_detected_by_content_not_by_name(name: str) -> None:
    parser, count, day = FILES[name]
    dump = read(name, as_name="renamed-dump")
    assert (dump.parser, len(dump.records)) == (parser, count)
    assert {record.day for record in dump.records} == {day}
    assert {record.day_source for record in dump.records} <= {DaySource.DUMP, DaySource.HEADER}


def test_the_page_copies_show_each_kind_of_footer() -> None:
    entries = {record.entry.title: record for record in read("2026-11-19-daily-papers.txt").records}
    bare = entries["A Note on Warmup-Free Adam for Transformer Pretraining"]
    assert (bare.entry.author_count, bare.entry.organization, bare.published, bare.entry.comments) == (
        None,
        None,
        None,
        None,
    )
    org = entries["Compact Video Tokenizers for Action-Conditioned World Models"].entry
    assert (org.organization, org.author_count) == ("Harborline AI", None)
    debate = entries["Multi-Agent Debate Improves Calibration, Not Accuracy"]
    assert (debate.entry.author_count, debate.entry.comments, debate.published) == (4, 12, dt.date(2026, 11, 17))
    older = entries["Offline-to-Online Reinforcement Learning with Uncertainty-Gated Replay"]
    assert older.published == dt.date(2025, 12, 4)


def test_the_digest_has_abstracts_and_one_bulleted_summary() -> None:
    entries = {record.entry.title: record.entry for record in read("2026-11-18-digest.md").records}
    bulleted = entries.pop("Long-Context Retrieval Heads Emerge Early in Pretraining")
    assert (bulleted.abstract, bulleted.arxiv_id, bulleted.upvotes) == ("", "2611.11305", 96)
    assert bulleted.summary is not None and "retrieval heads" in bulleted.summary.lower()
    assert all(entry.abstract and entry.authors and entry.upvotes for entry in entries.values())


@pytest.mark.parametrize("title", TRICKY)
def test_tricky_titles_read_literally(title: str) -> None:
    assert title in [record.entry.title for record in read(TRICKY[title][0]).records]


# -- the library -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Library, SyncReport]]:
    state = tmp_path_factory.mktemp("demo-state")
    library = Library([DEMO], index_dir=state / "idx", bookmarks_path=state / "b.json")
    report = library.sync()
    yield library, report
    library.close()


def test_the_demo_library_syncs_every_file(demo_library: tuple[Library, SyncReport]) -> None:
    library, report = demo_library
    assert report.failed == ()
    assert (report.new, report.papers, report.listings) == (len(FILES), PAPERS, LISTINGS)
    assert [(day.date, day.paper_count, day.guessed) for day in library.days()] == [
        (day, count, False) for _, count, day in sorted(FILES.values(), key=lambda value: value[2], reverse=True)
    ]
    assert library.counts() == (PAPERS, LISTINGS)


@pytest.mark.parametrize("title", MERGED)
def test_a_paper_listed_on_two_days_in_two_formats_is_one_paper(
    demo_library: tuple[Library, SyncReport], title: str
) -> None:
    library, _ = demo_library
    arxiv_id, first, second = MERGED[title]
    paper = by_title(library)[title]
    assert (paper.key, paper.arxiv_id, paper.days) == (arxiv_id, arxiv_id, (first, second))
    assert len(paper.sources) == 2
    assert paper.url == f"https://huggingface.co/papers/{arxiv_id}"
    assert library.search(title.split(":")[0]).keys[0] == arxiv_id


def test_a_merged_paper_takes_its_abstract_and_summary_from_different_dumps(
    demo_library: tuple[Library, SyncReport],
) -> None:
    library, _ = demo_library
    paper = by_title(library)["Long-Context Retrieval Heads Emerge Early in Pretraining"]
    assert paper.abstract.startswith("Retrieval heads, the small set of attention heads")  # the page copy
    assert paper.summary is not None and paper.summary != paper.abstract  # the digest's bullets
    assert (paper.upvotes, paper.comments, paper.author_count) == (96, 4, 7)


@pytest.mark.parametrize("word", PLANTED)
def test_a_planted_word_finds_its_paper(demo_library: tuple[Library, SyncReport], word: str) -> None:
    library, _ = demo_library
    found = library.search(word)
    assert [paper.title for paper in library.papers(list(found.keys)).values()] == [PLANTED[word]]


@pytest.mark.parametrize("title", TRICKY)
def test_tricky_titles_survive_the_library(demo_library: tuple[Library, SyncReport], title: str) -> None:
    library, _ = demo_library
    found = library.search(TRICKY[title][1])
    assert [paper.title for paper in library.papers(list(found.keys)).values()] == [title]


def test_a_github_link_in_an_abstract_becomes_a_code_link(demo_library: tuple[Library, SyncReport]) -> None:
    library, _ = demo_library
    paper = by_title(library)["Quantized KV Caches Forget Selectively: Token-Aware 2-Bit Compression for Long Contexts"]
    code = paper.link("code")
    assert code is not None
    assert code.url == "https://github.com/tallgrass-ml/selective-kv"


def test_the_page_copies_alone_make_a_library(tmp_path: Path) -> None:
    root = tmp_path / "dumps"
    root.mkdir()
    for name in PAGE_COPIES:
        shutil.copy(DEMO / name, root / name)
    library = Library([root], index_dir=tmp_path / "idx", bookmarks_path=tmp_path / "b.json")
    try:
        report = library.sync()
        assert report.failed == ()
        assert (report.papers, report.listings) == (18, 18)
        assert [(day.date, day.paper_count) for day in library.days()] == [(NOV[19], 9), (NOV[16], 9)]
        found = library.search("magpie")
        assert [paper.title for paper in library.papers(list(found.keys)).values()] == [PLANTED["magpie"]]
        assert library.search("diffusion").total >= 3
    finally:
        library.close()
