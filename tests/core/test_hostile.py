"""Hostile dump folders and damaged state: a one-line reason, the rest still works, nothing lost."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core import dumps
from reader.core.errors import ParseError
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
        patch.setattr("reader.core.library.read_bytes", read_then_change)
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
