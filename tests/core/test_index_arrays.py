"""Posting arrays beside each segment: the same postings as the segment holds, one file per
live segment, and searches that never depend on them (missing, damaged, written later)."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core import index_arrays
from reader.core.index import TEXT_FIELDS, SearchIndex
from reader.core.index_arrays import SUFFIX, SegmentArrays, segment_id, write_arrays
from reader.core.index_terms import read_postings
from reader.core.models import Paper

WORDS = ["model", "video", "diffusion", "agent", "graph"]


def papers(start: int, count: int) -> list[Paper]:
    """Invented papers: "model" in every one, the other words in some, repeated a few times."""
    return [
        Paper(
            key=f"2501.{number:05d}",
            title=f"model {WORDS[number % 5]}",
            abstract=" ".join(WORDS[: 1 + number % 5] * (1 + number % 3)),
            authors=(f"Author{number % 4}",),
        )
        for number in range(start, start + count)
    ]


@pytest.fixture
def common_at_two(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every word in two papers or more is stored as arrays."""
    monkeypatch.setattr(index_arrays, "MIN_POSTINGS", 2)


def answers(index: SearchIndex) -> list[object]:
    return [index.search(query, limit=10) for query in ("model", "video agent", "diffusion OR graph", "author:author1")]


@pytest.mark.usefixtures("common_at_two")
def test_each_segment_has_arrays_holding_its_common_words_postings(tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "index")
    index.write(papers(0, 30), fresh=True)
    index.write(papers(30, 12), removed=["2501.00003"])
    with index.reading() as searcher:
        readers = [leaf.reader() for leaf, _ in searcher.leaf_searchers()]
        assert sorted(path.name for path in (tmp_path / "index").glob(f"*{SUFFIX}")) == sorted(
            f"{segment_id(reader)}{SUFFIX}" for reader in readers
        )
        held = 0
        for reader in readers:
            arrays = SegmentArrays.open(tmp_path / "index" / f"{segment_id(reader)}{SUFFIX}")
            assert arrays is not None
            for field in TEXT_FIELDS:
                for btext, info in reader.iter_field(field):
                    found = arrays.postings(field, btext)
                    if info.doc_frequency() < 2:
                        assert found is None
                        continue
                    expected = read_postings(reader, field, btext)
                    assert found is not None and expected is not None
                    assert np.array_equal(found[0], expected[0]) and np.array_equal(found[1], expected[1])
                    assert found[1].dtype == np.float64
                    held += 1
            arrays.close()
        assert held > 10


postings = st.lists(st.integers(0, 2**32 - 1), unique=True, max_size=40).flatmap(
    lambda ids: st.tuples(
        st.just(sorted(ids)),
        st.one_of(
            st.lists(st.just(1.0), min_size=len(ids), max_size=len(ids)),
            st.lists(st.integers(0, 70_000).map(float), min_size=len(ids), max_size=len(ids)),
            st.lists(st.floats(allow_nan=False), min_size=len(ids), max_size=len(ids)),
        ),
    )
)


@given(words=st.dictionaries(st.text(min_size=1, max_size=8), postings, max_size=6))
def test_any_postings_are_read_back_as_written(
    tmp_path_factory: pytest.TempPathFactory, words: dict[str, tuple[list[int], list[float]]]
) -> None:
    path = tmp_path_factory.mktemp("arrays") / f"papers_x{SUFFIX}"
    rows = [
        ("abstract", word.encode("utf-8", "surrogateescape"), np.array(ids, np.int64), np.array(weights, np.float64))
        for word, (ids, weights) in words.items()
    ]
    write_arrays(path, rows)
    arrays = SegmentArrays.open(path)
    assert arrays is not None
    try:
        for field, btext, ids, weights in rows:
            found = arrays.postings(field, btext)
            assert found is not None
            assert found[0].tolist() == ids.tolist() and found[1].tolist() == weights.tolist()
        assert arrays.postings("title", b"model") is None
    finally:
        arrays.close()


@pytest.mark.usefixtures("common_at_two")
@pytest.mark.parametrize("damage", ["flip a byte of a word", "cut the end", "another file", "empty"])
def test_a_damaged_arrays_file_is_ignored_and_searches_stay_the_same(tmp_path: Path, damage: str) -> None:
    index = SearchIndex(tmp_path / "index")
    index.write(papers(0, 40), fresh=True)
    before = answers(index)
    index.close()
    (path,) = (tmp_path / "index").glob(f"*{SUFFIX}")
    data = path.read_bytes()
    if damage == "flip a byte of a word":
        data = bytes([data[0] ^ 0xFF]) + data[1:]  # the first word's first document number
    elif damage == "cut the end":
        data = data[:-5]
    elif damage == "another file":
        data = b"\x00hello" * 100
    else:
        data = b""
    path.write_bytes(data)
    reopened = SearchIndex(tmp_path / "index")
    assert answers(reopened) == before
    reopened.close()


@pytest.mark.usefixtures("common_at_two")
def test_an_index_without_arrays_gets_them_at_the_next_sync_and_a_reader_finds_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_arrays, "RETRY_SECONDS", 0.0)
    writer, reader = SearchIndex(tmp_path / "index"), SearchIndex(tmp_path / "index")
    writer.write(papers(0, 40), fresh=True)
    before = answers(writer)
    for path in (tmp_path / "index").glob(f"*{SUFFIX}"):
        path.unlink()  # an index written before the arrays existed
    assert answers(reader) == before
    assert not reader._arrays._open
    writer.write([])  # a sync that changed nothing
    assert len(list((tmp_path / "index").glob(f"*{SUFFIX}"))) == 1
    assert answers(reader) == before
    assert len(reader._arrays._open) == 1


@pytest.mark.usefixtures("common_at_two")
def test_merged_segments_leave_their_arrays_and_the_merged_one_gets_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("reader.core.index.MAX_SEGMENTS", 2)
    index = SearchIndex(tmp_path / "index")
    index.write(papers(0, 10), fresh=True)
    for start in range(10, 40, 10):
        index.write(papers(start, 10))
    assert len(list((tmp_path / "index").glob(f"*{SUFFIX}"))) == 4
    before = answers(index)
    assert index.tidy()
    with index.reading() as searcher:
        current = {f"{segment_id(leaf.reader())}{SUFFIX}" for leaf, _ in searcher.leaf_searchers()}
    assert {path.name for path in (tmp_path / "index").glob(f"*{SUFFIX}")} == current
    assert answers(index) == before
    assert not list((tmp_path / "index").glob(".*.tmp"))


@pytest.mark.usefixtures("common_at_two")
def test_a_system_without_pread_searches_without_the_arrays(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    index = SearchIndex(tmp_path / "index")
    index.write(papers(0, 40), fresh=True)
    before = answers(index)
    index.close()
    monkeypatch.delattr(os, "pread")
    reopened = SearchIndex(tmp_path / "index")
    assert answers(reopened) == before
    reopened.close()


@pytest.mark.usefixtures("common_at_two")
def test_a_write_cut_short_is_cleared_once_its_segment_is_gone_and_another_writers_file_is_kept(
    tmp_path: Path,
) -> None:
    index = SearchIndex(tmp_path / "index")
    index.write(papers(0, 20), fresh=True)
    with index.reading() as searcher:
        (live,) = {segment_id(leaf.reader()) for leaf, _ in searcher.leaf_searchers()}
    gone = tmp_path / "index" / f".papers_gone0000000000{SUFFIX}.x1.tmp"
    writing = tmp_path / "index" / f".{live}{SUFFIX}.x2.tmp"
    gone.write_bytes(b"half")
    writing.write_bytes(b"half")
    index.write(papers(20, 5))
    assert not gone.exists() and writing.exists()
    index.close()


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts open files through /proc")
@pytest.mark.usefixtures("common_at_two")
def test_an_index_dropped_without_closing_leaves_no_arrays_file_open(tmp_path: Path) -> None:
    writer = SearchIndex(tmp_path / "index")
    writer.write(papers(0, 40), fresh=True)
    writer.close()

    def open_arrays() -> int:
        return sum(os.readlink(fd).endswith(SUFFIX) for fd in Path("/proc/self/fd").iterdir() if fd.is_symlink())

    for _ in range(5):
        dropped = SearchIndex(tmp_path / "index")
        answers(dropped)
        del dropped
    gc.collect()
    assert open_arrays() == 0
