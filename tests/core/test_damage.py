"""A damaged or interrupted index is detected and rebuilt from the dumps; nothing else is lost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.core.library import Library
from tests.factories import FakePaper, write_page_copy

WORDS = [
    "graph",
    "sparse",
    "neural",
    "kernel",
    "robust",
    "latent",
    "policy",
    "vision",
    "speech",
    "token",
    "prompt",
    "agent",
]


def make_dumps(root: Path, days: int, per_day: int) -> None:
    """``days`` page copies of ``per_day`` invented papers each."""
    for day in range(days):
        papers = [
            FakePaper(f"{WORDS[(day + n) % len(WORDS)].title()} study {day}-{n}", abstract=" ".join(WORDS) * 8)
            for n in range(per_day)
        ]
        write_page_copy(root / f"2024-{1 + day // 28:02d}-{1 + day % 28:02d}.txt", "Jan 1", papers)


def library_of(root: Path, state: Path) -> Library:
    """A library over ``root`` with its index and bookmarks under ``state``."""
    return Library([root], index_dir=state / "index", bookmarks_path=state / "bookmarks.json")


def truncate_segments(index: Path) -> None:
    for path in index.glob("*.seg"):
        path.write_bytes(path.read_bytes()[:40])


def garbage_segments(index: Path) -> None:
    for path in index.glob("*.seg"):
        path.write_bytes(os.urandom(path.stat().st_size))


def remove_toc(index: Path) -> None:
    for path in index.glob("_papers_*.toc"):
        path.unlink()


def garbage_catalog(index: Path) -> None:
    (index.parent / "catalog.sqlite").write_bytes(b"this is not a database" * 100)
    for suffix in ("-wal", "-shm"):
        Path(f"{index.parent / 'catalog.sqlite'}{suffix}").unlink(missing_ok=True)


@pytest.mark.parametrize("damage", [truncate_segments, garbage_segments, remove_toc, garbage_catalog])
def test_a_damaged_index_is_rebuilt_with_a_notice(tmp_path: Path, damage: Callable[[Path], None]) -> None:
    root = tmp_path / "dumps"
    make_dumps(root, days=3, per_day=5)
    library = library_of(root, tmp_path / "state")
    library.sync()
    expected = library.search("graph").keys
    bookmarked = library.paper(expected[0])
    assert bookmarked is not None
    library.toggle_bookmark(bookmarked)
    library.close()

    damage(tmp_path / "state" / "index" / "whoosh")

    reopened = library_of(root, tmp_path / "state")
    report = reopened.sync()
    assert report.notices, "the user is told the index was rebuilt"
    assert report.papers == 15
    assert reopened.search("graph").keys == expected
    assert reopened.bookmark_keys() == [bookmarked.key]


def test_an_index_that_fails_only_at_search_is_rebuilt_then(tmp_path: Path) -> None:
    root = tmp_path / "dumps"
    make_dumps(root, days=2, per_day=4)
    library = library_of(root, tmp_path / "state")
    library.sync()
    expected = library.search("sparse").keys
    for path in (tmp_path / "state" / "index" / "whoosh").glob("*.seg"):
        path.write_bytes(b"")
    library.index.close()  # the next search reopens the damaged files
    assert library.search("sparse").keys == expected
    assert library.notices


def run_papers(*args: str, env: dict[str, str], **kwargs: object) -> subprocess.Popen[str]:
    """Start ``papers ARGS`` in a subprocess."""
    return subprocess.Popen(
        [sys.executable, "-m", "reader", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,  # type: ignore[call-overload]
    )


def test_kill_9_during_papers_index_then_the_next_run_recovers(tmp_path: Path) -> None:
    root = tmp_path / "dumps"
    make_dumps(root, days=60, per_day=50)
    env = {**os.environ, "PAPERS_CACHE_DIR": str(tmp_path / "cache"), "PAPERS_DATA_DIR": str(tmp_path / "data")}
    process = run_papers("index", "--dumps", str(root), env=env)
    deadline = time.monotonic() + 60
    while not list((tmp_path / "cache").glob("index/*/whoosh")) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)
    assert process.poll() is None, "the build ended before it could be interrupted"
    process.send_signal(signal.SIGKILL)
    process.wait()
    finished = run_papers("index", "--json", "--dumps", str(root), env=env)
    out, err = finished.communicate(timeout=300)
    assert finished.returncode == 0, err
    assert '"papers": 3000' in out
    assert "Traceback" not in err
    search = run_papers("search", "--json", "--limit", "5", "title:graph", "--dumps", str(root), env=env)
    out, err = search.communicate(timeout=60)
    assert search.returncode == 0 and out.count('"key"') == 5, err


def test_two_indexers_at_once_both_succeed(tmp_path: Path) -> None:
    root = tmp_path / "dumps"
    make_dumps(root, days=10, per_day=20)
    env = {**os.environ, "PAPERS_CACHE_DIR": str(tmp_path / "cache"), "PAPERS_DATA_DIR": str(tmp_path / "data")}
    processes = [run_papers("index", "--json", "--dumps", str(root), env=env) for _ in range(2)]
    results = [process.communicate(timeout=300) for process in processes]
    assert [process.returncode for process in processes] == [0, 0], results
    assert all('"papers": 200' in out for out, _ in results)


def test_a_running_reader_sees_what_papers_index_added(tmp_path: Path) -> None:
    root = tmp_path / "dumps"
    make_dumps(root, days=2, per_day=3)
    env = dict(os.environ)  # the same isolated user dirs as this process
    reader = Library([root])
    reader.sync()
    assert reader.search("zeppelin").keys == ()
    write_page_copy(root / "2024-09-09.txt", "Sep 9", [FakePaper("Zeppelin Routing")])
    indexer = run_papers("index", "--dumps", str(root), env=env)
    assert indexer.wait(timeout=120) == 0
    assert len(reader.search("zeppelin").keys) == 1
    assert reader.counts() == (7, 7)
