"""Read state: marks that follow the paper, unread counts, search terms, arrivals, safety."""

from __future__ import annotations

import datetime as dt
import json
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.library import Library
from reader.core.models import Paper, Sort
from reader.core.readstate import ReadStore, read_export
from reader.core.settings import parse_settings
from reader.core.storage import atomic_write_text
from tests.core.fake_api import fake_items
from tests.factories import FakePaper, write_page_copy

DAY1, DAY2, DAY3 = dt.date(2025, 12, 15), dt.date(2025, 12, 16), dt.date(2025, 12, 17)


def write_day(folder: Path, day: dt.date, count: int) -> None:
    """An API dump of ``count`` invented papers listed on ``day``."""
    atomic_write_text(folder / f"{day.isoformat()}.json", json.dumps(fake_items(day, count)))


def library_of(tmp_path: Path, days: dict[dt.date, int]) -> Library:
    folder = tmp_path / "dumps"
    for day, count in days.items():
        write_day(folder, day, count)
    library = Library([folder], index_dir=tmp_path / "index")
    library.sync()
    return library


def test_a_paper_marked_read_is_read_in_the_file_and_after_a_restart(tmp_path: Path) -> None:
    library = library_of(tmp_path, {DAY1: 3})
    keys = library.keys(DAY1)
    assert library.mark_read(keys[:2]) == 2
    assert library.mark_read(keys[:2]) == 0  # already read: nothing changes
    saved = json.loads(library.read_state.path.read_text(encoding="utf-8"))
    assert saved["version"] == 1
    assert {item["key"] for item in saved["read"]} == set(keys[:2])
    assert all(item["at"].endswith("+00:00") and "title" not in item for item in saved["read"])
    again = Library(library.roots, index_dir=tmp_path / "index")
    assert again.read_keys() == frozenset(keys[:2])
    assert again.mark_read([keys[0]], read=False) == 1
    assert again.read_keys() == frozenset(keys[1:2])


def test_unread_counts_per_day_leave_out_read_and_hidden_papers(tmp_path: Path) -> None:
    library = library_of(tmp_path, {DAY1: 4, DAY2: 50})
    assert library.unread_counts().by_day == {DAY1: 4, DAY2: 50}
    library.mark_read(library.keys(DAY2))  # "A" on a day of 50
    counts = library.unread_counts()
    assert counts.by_day == {DAY1: 4} and counts.total == 4
    paper = library.paper(library.keys(DAY1)[0])
    assert paper is not None
    library.toggle_hidden(paper)
    assert library.unread_counts().by_day == {DAY1: 3}
    assert library.unread_keys() == [key for key in library.keys(DAY1) if key != paper.key]


def test_unread_keys_come_newest_day_first(tmp_path: Path) -> None:
    library = library_of(tmp_path, {DAY1: 2, DAY2: 2, DAY3: 2})
    library.mark_read(library.keys(DAY2)[:1])
    expected = library.keys(DAY3) + library.keys(DAY2)[1:] + library.keys(DAY1)
    assert library.unread_keys() == expected
    assert library.unread_keys(Sort.PAGE, reverse=True) == expected[::-1]


def test_is_unread_and_is_read_combine_with_the_rest_of_a_search(tmp_path: Path) -> None:
    library = library_of(tmp_path, {DAY1: 5})
    keys = library.keys(DAY1)
    library.mark_read(keys[:2])
    assert set(library.search("is:read").keys) == set(keys[:2])
    assert set(library.search("is:unread").keys) == set(keys[2:])
    assert set(library.search("is:unread invented").keys) == set(keys[2:])
    assert set(library.search("-is:read invented").keys) == set(keys[2:])
    assert library.search('is:unread "topic 1"').keys == ()  # paper 1 is read


def test_read_state_follows_a_paper_whose_key_changes_once_its_arxiv_id_is_known(tmp_path: Path) -> None:
    folder = tmp_path / "dumps"
    write_page_copy(folder / "copy.txt", "Dec 15, 2025", [FakePaper("Sparse Attention Without Tears")])
    library = Library([folder], index_dir=tmp_path / "index")
    library.sync()
    (key,) = library.keys()
    assert key.startswith("title:")
    library.mark_read([key])
    item = fake_items(DAY1, 1)[0]
    item["title"] = item["paper"]["title"] = "Sparse Attention Without Tears"  # type: ignore[index]
    atomic_write_text(folder / "api.json", json.dumps([item]))
    library.sync()
    (new_key,) = library.keys()
    assert new_key != key and library.read_keys() == frozenset({new_key})
    assert library.unread_counts().total == 0


def test_two_readers_marking_different_papers_keep_both(tmp_path: Path) -> None:
    path = tmp_path / "read.json"
    first, second = ReadStore(path), ReadStore(path)
    papers = [Paper(key=f"2512.{n:05d}", title=f"P{n}", arxiv_id=f"2512.{n:05d}") for n in range(40)]

    def mark(store: ReadStore, part: list[Paper]) -> None:
        for paper in part:
            store.set_read([paper])

    threads = [threading.Thread(target=mark, args=(store, papers[i::2])) for i, store in enumerate((first, second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {mark.key for mark in ReadStore(path).marks} == {paper.key for paper in papers}


def test_a_damaged_file_is_kept_as_a_copy_and_what_can_be_read_is_used(tmp_path: Path) -> None:
    path = tmp_path / "read.json"
    damaged = '{"version": 1, "read": [{"key": "2512.00001", "future": 7}, {"key": "2512.0'
    path.write_text(damaged, encoding="utf-8")
    store = ReadStore(path)
    assert [mark.key for mark in store.marks] == ["2512.00001"]
    assert store.problem is not None and "damaged" in store.problem
    store.set_read([Paper(key="2512.00002", title="Two", arxiv_id="2512.00002")])
    (backup,) = tmp_path.glob("read.json.bad-*")
    assert backup.read_text(encoding="utf-8") == damaged
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["read"][0] == {"key": "2512.00001", "future": 7}  # the unknown field is kept
    assert [item["key"] for item in saved["read"]] == ["2512.00001", "2512.00002"]


def test_export_then_import_on_another_machine_adds_the_read_papers(tmp_path: Path) -> None:
    library = library_of(tmp_path, {DAY1: 4})
    keys = library.keys(DAY1)
    library.mark_read(keys[:3])
    exported = library.read_state.export()
    other = ReadStore(tmp_path / "other" / "read.json")
    other.set_read([Paper(key="x", title="Elsewhere")])
    assert other.merge(read_export(exported.encode(), "export.json")) == 3
    assert other.merge(read_export(exported.encode(), "export.json")) == 0
    assert {mark.key for mark in other.marks} == {"x", *keys[:3]}
    with pytest.raises(Exception, match="is not a read-state file"):
        read_export(b"[1, 2", "bad.json")


def test_only_papers_that_arrived_since_a_moment_are_new(tmp_path: Path) -> None:
    library = library_of(tmp_path, {DAY1: 3})
    assert library.new_keys(0.0) == frozenset()  # the first sync: nothing is new
    assert library.new_keys(None) == frozenset()
    moment = library.arrivals.items[-1].at if library.arrivals.items else 0.0
    write_day(tmp_path / "dumps", DAY2, 2)
    # A paper already in the library, listed again by the new dump, is not new.
    again = fake_items(DAY1, 1)
    atomic_write_text(tmp_path / "dumps" / "again.json", json.dumps(again))
    library.sync()
    assert library.new_keys(moment) == frozenset(library.keys(DAY2))
    later = max(item.at for item in library.arrivals.items)
    assert library.new_keys(later) == frozenset()
    # Arrivals are in the cache: another library object over the same index reads them.
    assert Library(library.roots, index_dir=tmp_path / "index").new_keys(moment) == frozenset(library.keys(DAY2))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.booleans(), st.sets(st.integers(0, 9), max_size=5)), max_size=8))
def test_marking_any_papers_read_and_unread_leaves_exactly_what_was_asked(
    tmp_path: Path, steps: list[tuple[bool, set[int]]]
) -> None:
    path = tmp_path / f"read-{len(list(tmp_path.iterdir()))}.json"
    store = ReadStore(path)
    papers = [Paper(key=f"k{n}", title=f"Title {n}", arxiv_id=f"2501.{n:05d}" if n % 2 else None) for n in range(10)]
    expected: set[int] = set()
    for read, numbers in steps:
        changed = store.set_read([papers[n] for n in sorted(numbers)], read)
        before = set(expected)
        expected = expected | numbers if read else expected - numbers
        assert changed == len(expected ^ before)
    reopened = ReadStore(path)
    assert {n for n, paper in enumerate(papers) if reopened.is_read(paper)} == expected


def test_auto_read_is_a_delay_in_seconds_or_off() -> None:
    assert parse_settings({}).reader.auto_read == 1.5
    assert parse_settings({"reader": {"auto_read": 3}}).reader.auto_read == 3.0
    assert parse_settings({"reader": {"auto_read": False}}).reader.auto_read is None
    assert parse_settings({"reader": {"auto_read": 0}}).reader.auto_read is None
    bad = parse_settings({"reader": {"auto_read": "soon"}})
    assert bad.reader.auto_read == 1.5 and "auto_read" in bad.problems[0]


def test_an_item_kept_unused_is_still_told_after_a_write_and_each_item_has_its_line(tmp_path: Path) -> None:
    path = tmp_path / "read.json"
    path.write_text('{"version": 1, "read": [7, {"key": "2512.00001"}]}', encoding="utf-8")
    store = ReadStore(path)
    store.set_read([Paper(key="2512.00002", title="Two", arxiv_id="2512.00002")])
    assert store.problem == "read.json: item 1 is not an object: kept as it is, not used"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[1:] == ["7,", '{"key": "2512.00001"},', lines[3], "]}"] and '"2512.00002"' in lines[3]
    assert [mark.key for mark in ReadStore(path).marks] == ["2512.00001", "2512.00002"]


def test_marks_in_a_row_parse_the_file_once_and_an_edit_by_hand_is_still_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "read.json"
    store = ReadStore(path)
    parses: list[int] = []
    parse = store.file._parse
    monkeypatch.setattr(store.file, "_parse", lambda: parses.append(1) or parse())
    papers = [Paper(key=f"2512.{n:05d}", title=f"P{n}", arxiv_id=f"2512.{n:05d}") for n in range(5)]
    for paper in papers[:3]:
        store.set_read([paper])
    assert len(parses) <= 1  # the file as written is what the next mark starts from
    # Someone edits the file in place (the same inode): the next mark reads it again.
    saved = json.loads(path.read_text(encoding="utf-8"))
    saved["read"].append({"key": "2512.99999", "by": "hand"})
    path.write_text(json.dumps(saved), encoding="utf-8")
    store.set_read([papers[3]])
    keys = [item["key"] for item in json.loads(path.read_text(encoding="utf-8"))["read"]]
    assert keys == [*(paper.key for paper in papers[:3]), "2512.99999", papers[3].key]
