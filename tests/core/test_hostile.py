"""Hostile dump folders and damaged state: a one-line reason, the rest still works, nothing lost."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import tempfile
import threading
from pathlib import Path
from typing import BinaryIO

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.cli import main
from reader.core import dumps
from reader.core.catalog import Catalog
from reader.core.errors import IndexUnavailable, ParseError
from reader.core.library import Library
from reader.core.parsers import PARSERS, DumpParser, DumpSource, parse_source
from tests.factories import FakePaper, write_page_copy


def library_of(root: Path, state: Path) -> Library:
    """A library over ``root`` with its index and bookmarks under ``state``."""
    return Library([root], index_dir=state / "index", bookmarks_path=state / "bookmarks.json")


def failures(library: Library) -> dict[str, str]:
    """File name -> reason for every file the sync could not use."""
    return {Path(failure.path).name: failure.reason for failure in library.sync().failed}


@pytest.fixture
def good_root(tmp_path: Path) -> Path:
    """A dump folder with one good page copy of two papers."""
    root = tmp_path / "dumps"
    write_page_copy(root / "2024-05-01.txt", "May 1", [FakePaper("Robust Paper One"), FakePaper("Robust Paper Two")])
    return root


def test_special_files_are_reported_and_never_opened(tmp_path: Path, good_root: Path) -> None:
    os.mkfifo(good_root / "pipe.txt")
    (good_root / "loop-a").symlink_to(good_root / "loop-b")
    (good_root / "loop-b").symlink_to(good_root / "loop-a")
    (good_root / "gone.txt").symlink_to(tmp_path / "nowhere")
    (good_root / "sub").mkdir()
    (good_root / "sub" / "up").symlink_to(good_root, target_is_directory=True)  # a folder loop
    library = library_of(good_root, tmp_path / "state")
    assert failures(library) == {
        "pipe.txt": "not a regular file (FIFO, socket or device)",
        "loop-a": "symbolic link loop",
        "loop-b": "symbolic link loop",
        "gone.txt": "broken symbolic link",
    }
    assert library.counts() == (2, 2)


def test_file_names_that_are_not_utf8(tmp_path: Path, good_root: Path) -> None:
    odd = os.fsencode(good_root) + b"/caf\xe9-\xff.txt"
    shutil.copyfile(good_root / "2024-05-01.txt", odd)
    library = library_of(good_root, tmp_path / "state")
    report = library.sync()
    assert report.failed == () and report.listings == 4
    os.unlink(odd)
    assert library.sync().removed == 1


def test_huge_inputs_get_a_reason_or_are_cut(tmp_path: Path, good_root: Path) -> None:
    (good_root / "one-line.txt").write_bytes(b"word " * (10 * 1024 * 1024))  # 50 MB, one line
    write_page_copy(good_root / "2024-05-02.txt", "May 2", [FakePaper("Long Abstract", abstract="long " * 200_000)])
    library = library_of(good_root, tmp_path / "state")
    assert failures(library) == {"one-line.txt": "not a Daily Papers dump in any format papers knows"}
    (key,) = library.search("title:long").keys
    paper = library.paper(key)
    assert paper is not None and len(paper.abstract) == dumps.MAX_ABSTRACT_CHARS and paper.abstract.endswith("…")


def test_unreadable_and_vanishing_files(tmp_path: Path, good_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_page_copy(good_root / "secret.txt", "May 3", [FakePaper("Secret")])
    write_page_copy(good_root / "fleeting.txt", "May 4", [FakePaper("Fleeting")])

    real_open = dumps.open_descriptor

    def hostile_open(path: Path) -> int:
        if path.name == "secret.txt":
            raise PermissionError(13, "Permission denied")  # tests may run as root: chmod would not stop it
        if path.name == "fleeting.txt":
            raise FileNotFoundError(2, "No such file or directory")
        return real_open(path)

    monkeypatch.setattr(dumps, "open_descriptor", hostile_open)
    library = library_of(good_root, tmp_path / "state")
    assert failures(library) == {"fleeting.txt": "file vanished while being read", "secret.txt": "permission denied"}
    assert library.counts() == (2, 2)


def test_a_file_changed_while_being_read_is_read_again_next_time(
    tmp_path: Path, good_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = good_root / "2024-05-01.txt"
    real_read = dumps.read_bytes

    def read_then_change(target: Path) -> bytes:
        data = real_read(target)
        write_page_copy(path, "May 1", [FakePaper("Robust Paper One"), FakePaper("A Third Paper")])
        os.utime(path, (10, 10))
        return data

    library = library_of(good_root, tmp_path / "state")
    with monkeypatch.context() as patch:
        patch.setattr("reader.core.sync_files.read_bytes", read_then_change)
        library.sync()
    assert library.search("third").keys == ()
    assert library.sync().changed == 1
    assert len(library.search("third").keys) == 1


@settings(max_examples=300, deadline=None)
@given(data=st.one_of(st.binary(max_size=3000), st.text(max_size=3000).map(lambda text: text.encode("utf-8"))))
def test_any_bytes_raise_nothing_but_parse_error_and_parse_the_same_twice(data: bytes) -> None:
    outcomes = []
    for _ in range(2):
        try:
            outcomes.append(parse_source(DumpSource(Path("x.txt"), data)))
        except ParseError as error:
            outcomes.append(str(error))
    assert outcomes[0] == outcomes[1]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=25,
)
keys = st.sampled_from(["paper", "title", "summary", "id", "dailyPapers", "papers", "date", "items", "authors"])


@settings(max_examples=300, deadline=None)
@given(value=st.dictionaries(keys, json_values, max_size=5) | st.lists(st.dictionaries(keys, json_values), max_size=3))
def test_json_shaped_input_raises_nothing_but_parse_error(value: object) -> None:

    with contextlib.suppress(ParseError):
        parse_source(DumpSource(Path("x.json"), json.dumps(value).encode()))


def test_deeply_nested_json_is_a_parse_error(tmp_path: Path) -> None:
    with pytest.raises(ParseError):
        parse_source(DumpSource(Path("deep.json"), b"[" * 100_000 + b"]" * 100_000))


@pytest.mark.parametrize("parser", PARSERS, ids=lambda parser: parser.NAME)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=2000), st.text(max_size=2000).map(lambda text: text.encode("utf-8"))))
def test_every_parser_on_any_input_raises_nothing_but_parse_error_and_is_deterministic(
    parser: DumpParser, data: bytes
) -> None:
    """Each parser's ``parse``, even on content its ``can_parse`` would refuse."""
    outcomes = []
    for _ in range(2):
        try:
            outcomes.append(parser.parse(DumpSource(Path("x.txt"), data)))
        except ParseError as error:
            outcomes.append(str(error))
    assert outcomes[0] == outcomes[1]


def api_dump(arxiv_id: str, **paper: object) -> str:
    """An HF API dump of one paper listed on 2024-05-09, with ``paper``'s fields."""
    fields = {"id": arxiv_id, "title": f"Paper {arxiv_id}", "submittedOnDailyAt": "2024-05-09T00:00:00Z", **paper}
    return json.dumps([{"paper": fields}])


@pytest.mark.parametrize(
    "fields",
    [
        {"title": "Lone \ud800 surrogate"},
        {"summary": "An abstract \udfff"},
        {"authors": [{"name": "Eve \ud83d"}]},
        {"ai_keywords": ["\udc00"]},
        {"githubRepo": "https://github.com/acme/x\ud800"},
        {"upvotes": 10**11},
        {"upvotes": 2**31},
        {"githubStars": 10**11},
        {"upvotes": float("nan")},
        {"upvotes": -5},
        {"publishedAt": "99999-01-01T00:00:00Z"},
        {"publishedAt": "0000-01-01"},
    ],
    ids=repr,
)
def test_one_odd_value_costs_nothing_else(tmp_path: Path, good_root: Path, fields: dict[str, object]) -> None:
    (good_root / "odd.json").write_text(api_dump("2405.00009", **fields))
    library = library_of(good_root, tmp_path / "state")
    report = library.sync()
    assert report.papers == 3, report.failed
    assert report.failed == ()
    (key,) = library.search("2405.00009 OR title:paper").keys[:1] or ("",)
    assert library.paper("2405.00009") is not None
    json.dumps([library.paper(key) is not None])


def test_a_file_modified_after_2262_is_indexed(tmp_path: Path, good_root: Path) -> None:
    late = good_root / "late.json"
    late.write_text(api_dump("2405.00010"))
    try:
        os.utime(late, ns=(2**63 + 10**18, 2**63 + 10**18))  # the year 2310: no 64-bit ns
    except OSError:
        pytest.skip("this file system cannot hold such a time")
    undated = good_root / "undated.txt"
    write_page_copy(undated, "May 1", [FakePaper("Undated Paper")])
    library = library_of(good_root, tmp_path / "state")
    report = library.sync()
    assert report.papers >= 3 and report.failed == ()
    assert library.sync().unchanged == 3, "the clamped time compares equal next time"


def test_a_file_with_a_time_that_is_no_date_fails_alone(tmp_path: Path, good_root: Path) -> None:
    """A dump with no date of its own, modified in the year 10000 or more: one reason."""
    path = good_root / "undated.txt"
    write_page_copy(path, "", [FakePaper("Undated Paper")])
    path.write_text(path.read_text().replace("\n\n\n", "\n\n"))
    try:
        os.utime(path, (300_000_000_000, 300_000_000_000))
    except (OSError, OverflowError):
        pytest.skip("this file system cannot hold such a time")
    library = library_of(good_root, tmp_path / "state")
    report = library.sync()
    assert report.papers >= 2
    assert all("Traceback" not in failure.reason for failure in report.failed)


def test_a_file_that_blocks_on_read_is_given_up_and_the_rest_indexed(
    tmp_path: Path, good_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A symlink to ``/proc/kmsg``-like file: a regular file whose read never returns."""
    blocking = good_root / "kmsg.txt"
    blocking.write_text("never read")
    release = threading.Event()
    real_read = dumps.read_all

    def read_all(handle: BinaryIO, limit: int) -> bytes:
        if handle.name == blocking or Path(f"/proc/self/fd/{handle.fileno()}").resolve() == blocking:
            release.wait(30)
        return real_read(handle, limit)

    monkeypatch.setattr(dumps, "read_all", read_all)
    monkeypatch.setattr(dumps, "READ_SECONDS", 0.5)
    library = library_of(good_root, tmp_path / "state")
    try:
        assert failures(library) == {"kmsg.txt": "gave up reading after 0.5 s (a device or special file?)"}
        assert library.counts() == (2, 2)
    finally:
        release.set()


def test_a_fifo_swapped_in_after_the_scan_is_never_waited_for(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(ParseError, match="not a regular file"):
        dumps.read_bytes(fifo)


def test_a_full_disk_during_index_is_one_line(tmp_path: Path, good_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    library = library_of(good_root, tmp_path / "state")
    library.sync()
    write_page_copy(good_root / "2024-05-07.txt", "May 7", [FakePaper("Written to a full disk")])
    real_replace = Catalog.replace_file

    def full(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Catalog, "replace_file", full)
    with pytest.raises(IndexUnavailable, match=r"^the index was not updated: database or disk is full$"):
        library.sync()
    monkeypatch.setattr(Catalog, "replace_file", real_replace)
    assert library.counts() == (2, 2), "the index keeps what it had"
    assert library.sync().papers == 3


def test_a_full_disk_in_papers_index_prints_one_line(
    tmp_path: Path, good_root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def full(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Catalog, "replace_file", full)
    assert main(["index", "--dumps", str(good_root)]) == 1
    err = capsys.readouterr().err
    assert err == "papers: the index was not updated: database or disk is full\n"


def test_a_read_only_cache_that_holds_an_index_is_read_as_it_is(
    tmp_path: Path, good_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = tmp_path / "state"
    writer = library_of(good_root, state)
    writer.sync()
    expected = writer.search("robust").keys
    writer.close()
    assert len(expected) == 2
    real_init = Catalog.__init__

    def read_only_folder(self: Catalog, path: Path, *, read_only: bool = False) -> None:
        if not read_only:  # what SQLite says in a folder that cannot be written (tests may run as root)
            raise IndexUnavailable(f"catalog {path} cannot be opened: attempt to write a readonly database")
        real_init(self, path, read_only=True)

    def no_unlink(self: Path, missing_ok: bool = False) -> None:
        raise AssertionError(f"tried to delete {self}")

    monkeypatch.setattr(Catalog, "__init__", read_only_folder)
    monkeypatch.setattr(Path, "unlink", no_unlink)
    library = library_of(good_root, state)
    assert library.read_only and library.index_dir == state / "index"
    report = library.sync()
    assert report.papers == 2 and any("read-only" in notice for notice in report.notices)
    assert library.search("robust").keys == expected
    assert library.counts() == (2, 2)


def test_a_temporary_index_folder_is_removed_on_close_and_after_a_kill(tmp_path: Path, good_root: Path) -> None:
    blocker = tmp_path / "cache-is-a-file"
    blocker.write_text("not a folder")
    orphan = Path(tempfile.gettempdir()) / "papers-index-999999999-orphan"
    orphan.mkdir(exist_ok=True)
    library = Library([good_root], index_dir=blocker / "index", bookmarks_path=tmp_path / "bookmarks.json")
    temporary = library.index_dir
    assert temporary.is_dir() and temporary.name.startswith(f"papers-index-{os.getpid()}-")
    assert not orphan.exists(), "the folder of a process that is gone is removed"
    assert library.sync().papers == 2
    library.close()
    assert not temporary.exists()
