"""The library: incremental sync, merging across dumps, and sync == rebuild."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core import dumps
from reader.core.catalog import Catalog, FileState
from reader.core.dumps import Record
from reader.core.errors import IndexBuilding, QueryError, SearchCancelled
from reader.core.library import Library
from reader.core.models import DaySource, Entry, Sort
from tests.factories import FakePaper, write_page_copy

TITLES = [f"Paper number {word}" for word in ("one", "two", "three", "four", "five", "six", "seven", "eight")]


def library_of(root: Path, state: Path) -> Library:
    """A library over ``root`` with its index and bookmarks under ``state``."""
    return Library([root], index_dir=state / "index", bookmarks_path=state / "bookmarks.json")


def snapshot(library: Library) -> dict[str, object]:
    """Everything a user can see of a library, to compare two of them."""
    keys = library.keys()
    queries = ["paper", "number one", '"number two"', "thr*", "day:2024-05-02", "nmber~"]
    return {
        "counts": library.counts(),
        "days": library.days(),
        "per_day": {day.date: library.keys(day.date) for day in library.days()},
        "papers": library.papers(keys),
        "sorted": [library.keys(sort=sort) for sort in Sort],
        "search": {query: (found.keys, found.total) for query in queries for found in [library.search(query)]},
        # The same papers in the same order when the list is cut inside a run of tied scores.
        "cut": {query: library.search(query, limit=limit).keys for query in queries for limit in (1, 2, 3)},
        "popular cut": [library.search("paper", limit=limit, sort=Sort.POPULAR).keys for limit in (1, 2)],
    }


def test_sync_reads_only_what_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "dumps"
    write_page_copy(root / "2024-05-01.txt", "May 1", [FakePaper(TITLES[0]), FakePaper(TITLES[1])])
    write_page_copy(root / "2024-05-02.txt", "May 2", [FakePaper(TITLES[2])])
    library = library_of(root, tmp_path / "state")
    first = library.sync()
    assert (first.new, first.papers, first.listings) == (2, 3, 3)

    reads: list[str] = []
    real_read = dumps.read_dump
    monkeypatch.setattr("reader.core.sync_files.read_dump", lambda p, *a: reads.append(p.name) or real_read(p, *a))
    again = library.sync()
    assert (again.new, again.changed, again.unchanged, again.removed) == (0, 0, 2, 0)
    assert reads == []

    # Same content, new mtime: hashed, not parsed.
    os.utime(root / "2024-05-02.txt", (1, 1))
    assert library.sync().unchanged == 2
    assert reads == []

    write_page_copy(root / "2024-05-02.txt", "May 2", [FakePaper(TITLES[2]), FakePaper(TITLES[3])])
    changed = library.sync()
    assert (changed.changed, changed.unchanged, changed.papers) == (1, 1, 4)
    assert reads == ["2024-05-02.txt"]

    (root / "2024-05-01.txt").unlink()
    removed = library.sync()
    assert (removed.removed, removed.papers) == (1, 2)
    assert library.search("one").keys == ()
    assert [day.date for day in library.days()] == [dt.date(2024, 5, 2)]


def test_a_removed_file_keeps_papers_listed_elsewhere(tmp_path: Path) -> None:
    root = tmp_path / "dumps"
    write_page_copy(root / "2024-05-01.txt", "May 1", [FakePaper(TITLES[0])])
    write_page_copy(root / "2024-05-02.txt", "May 2", [FakePaper(TITLES[0].upper() + "!")])
    library = library_of(root, tmp_path / "state")
    assert library.sync().papers == 1
    (paper,) = library.papers(library.keys()).values()
    assert paper.days == (dt.date(2024, 5, 1), dt.date(2024, 5, 2))
    (root / "2024-05-02.txt").unlink()
    library.sync()
    (paper,) = library.papers(library.keys()).values()
    assert paper.days == (dt.date(2024, 5, 1),)


def record(title: str, arxiv_id: str | None, rank: int = 1) -> Record:
    """A listing on 2024-05-01 as a parser would produce it."""
    return Record(Entry(title=title, arxiv_id=arxiv_id), dt.date(2024, 5, 1), DaySource.DUMP, rank, None)


def test_a_title_keyed_paper_merges_with_the_same_title_carrying_an_arxiv_id(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path / "catalog.sqlite")
    affected: set[str] = set()
    titles: set[str] = set()
    state = FileState(1, 1, "x", "page copy", None)
    catalog.begin()
    catalog.replace_file("a.txt", state, [record("Sparse Experts, Dense Gains", None)], affected, titles)
    catalog.settle(affected, titles)
    catalog.commit()
    assert [key.startswith("title:") for key in catalog.keys()] == [True]

    affected, titles = set(), set()
    catalog.begin()
    api = FileState(1, 1, "y", "hf api json", None)
    catalog.replace_file("b.json", api, [record("sparse experts dense gains", "2405.00001")], affected, titles)
    _papers, gone = catalog.settle(affected, titles)
    catalog.commit()
    assert catalog.keys() == ["2405.00001"]
    assert len(gone) == 1 and next(iter(gone)).startswith("title:")
    merged = catalog.papers(["2405.00001"])["2405.00001"]
    assert merged.title == "sparse experts dense gains"  # the richer format's title wins
    assert merged.sources == ("a.txt", "b.json")
    assert merged.url == "https://huggingface.co/papers/2405.00001"


operation = st.tuples(
    st.sampled_from(["write", "delete", "touch"]), st.integers(0, 3), st.lists(st.integers(0, 7), max_size=4)
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(operation, min_size=1, max_size=6))
def test_a_synced_index_equals_a_rebuild(tmp_path_factory: pytest.TempPathFactory, steps: list) -> None:  # type: ignore[type-arg]
    base = tmp_path_factory.mktemp("sync")
    root = base / "dumps"
    root.mkdir()
    synced = library_of(root, base / "synced")
    for action, file_number, picks in steps:
        path = root / f"2024-05-0{file_number + 1}.txt"
        if action == "write":
            papers = [FakePaper(TITLES[pick], abstract=f"About {TITLES[pick]} on day {file_number}.") for pick in picks]
            write_page_copy(path, "May 1", papers or [FakePaper(TITLES[file_number])])
        elif action == "delete":
            path.unlink(missing_ok=True)
        elif path.exists():
            os.utime(path, (file_number, file_number))
        synced.sync()
    rebuilt = library_of(root, base / "rebuilt")
    rebuilt.sync()
    assert snapshot(synced) == snapshot(rebuilt)
    forced = synced.sync(rebuild=True)
    assert snapshot(synced) == snapshot(rebuilt)
    assert forced.new == len(list(root.iterdir()))


def test_failed_files_are_reported_every_sync_and_the_rest_indexes(tmp_path: Path) -> None:
    root = tmp_path / "dumps"
    write_page_copy(root / "good.txt", "May 1", [FakePaper(TITLES[0])])
    (root / "empty.txt").write_text("")
    (root / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    library = library_of(root, tmp_path / "state")
    for _ in range(2):
        report = library.sync()
        assert report.papers == 1
        assert {(Path(f.path).name, f.reason) for f in report.failed} == {
            ("empty.txt", "empty file"),
            ("image.txt", "binary file, not text"),
        }


@pytest.mark.parametrize("query", ["[a TO z]", "title:[a TO zzzz]", "**", "model~5", "title:("])
def test_a_bad_query_is_never_index_damage(tmp_path: Path, query: str, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "dumps"
    write_page_copy(root / "2024-05-01.txt", "May 1", [FakePaper(TITLES[0])])
    library = library_of(root, tmp_path / "state")
    library.sync()
    rebuilt: list[bool] = []
    monkeypatch.setattr(library.index, "write", lambda *a, **k: rebuilt.append(True))
    with pytest.raises(QueryError):
        library.search(query)
    assert rebuilt == [] and library.notices == []
    assert library.search("paper").total == 1


def test_a_search_past_its_time_limit_is_refused_and_one_cancelled_just_stops(tmp_path: Path) -> None:
    root = tmp_path / "dumps"
    write_page_copy(root / "2024-05-01.txt", "May 1", [FakePaper(TITLES[0]), FakePaper(TITLES[1])])
    library = library_of(root, tmp_path / "state")
    library.sync()
    with pytest.raises(QueryError, match=r"takes too long \(over -1 s\)"):
        library.search("paper", time_limit=-1)  # already past: the first check refuses it
    with pytest.raises(SearchCancelled):
        library.search("paper", cancel=lambda: True)
    assert library.search("paper", time_limit=None).total == 2
    assert library.notices == []


def test_the_same_folder_typed_another_way_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "dumps"
    write_page_copy(root / "2024-05-01.txt", "May 1", [FakePaper("Sparse Mixture Routing")])
    write_page_copy(root / "2024-05-02.txt", "May 2", [FakePaper("Dense Retrieval at Scale")])
    monkeypatch.chdir(tmp_path)
    for number, typed in enumerate((Path("dumps"), root, Path("."), Path("dumps/../dumps"))):
        library = Library([typed / "dumps" if typed == Path(".") else typed])
        try:
            report = library.sync()
        finally:
            library.close()
        if number == 0:
            assert report.new == 2
        else:
            assert (report.new, report.removed, report.unchanged) == (0, 0, 2), typed


def test_a_first_sync_can_list_the_papers_before_the_index_is_built(tmp_path: Path) -> None:
    root = tmp_path / "dumps"
    write_page_copy(root / "2024-05-01.txt", "May 1", [FakePaper(TITLES[0]), FakePaper(TITLES[1])])
    library = library_of(root, tmp_path / "state")
    report = library.sync(defer_index=True)
    assert report.index_pending and report.papers == 2
    assert [day.date for day in library.days()] == [dt.date(2024, 5, 1)]
    assert len(library.keys()) == 2  # browsable: days, lists, sorts
    with pytest.raises(IndexBuilding, match=r"indexing, 0%"):
        library.search("paper")
    seen: list[tuple[str, int, int]] = []
    library.build_index(lambda phase, done, total: seen.append((phase, done, total)))
    assert library.search("paper").total == 2
    assert not library.sync(defer_index=True).index_pending  # built: later syncs update it in place


def test_an_index_build_cut_short_is_built_at_the_next_start(tmp_path: Path) -> None:
    root = tmp_path / "dumps"
    write_page_copy(root / "2024-05-01.txt", "May 1", [FakePaper(TITLES[0]), FakePaper(TITLES[1])])
    library = library_of(root, tmp_path / "state")
    library.sync(defer_index=True)
    library.close()  # quit before ``build_index``
    again = library_of(root, tmp_path / "state")
    assert len(again.keys()) == 2
    report = again.sync(defer_index=True)
    assert report.index_pending
    again.build_index()
    assert again.search("number one").keys == again.search("one").keys and again.search("paper").total == 2
