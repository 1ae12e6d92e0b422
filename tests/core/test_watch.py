"""Watching library folders: changes reported once they settle, bursts as one batch, a clean stop."""

from __future__ import annotations

import datetime as dt
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest

from reader.core.models import Day
from reader.core.storage import atomic_write_text
from reader.core.watch import DayChange, day_changes, watch
from tests.core.fake_api import fake_items


class Watching:
    """``watch`` running in a thread, as the reader's worker runs it; batches land in a queue."""

    def __init__(self, roots: list[Path]) -> None:
        self.batches: queue.Queue[set[Path]] = queue.Queue()
        self.stop = threading.Event()
        ready = threading.Event()
        arguments = (roots, self.batches.put, self.stop)
        self.thread = threading.Thread(target=watch, args=arguments, kwargs={"on_ready": ready.set}, daemon=True)
        self.thread.start()
        assert ready.wait(10)

    def next_batch(self, within: float) -> set[Path] | None:
        try:
            return self.batches.get(timeout=within)
        except queue.Empty:
            return None


@pytest.fixture
def watching(tmp_path: Path) -> Iterator[Watching]:
    folder = tmp_path / "dumps"
    folder.mkdir()
    watcher = Watching([folder])
    yield watcher
    watcher.stop.set()
    watcher.thread.join(5)


def test_a_file_written_into_a_watched_folder_is_reported_within_2_s(watching: Watching, tmp_path: Path) -> None:
    dump = tmp_path / "dumps" / "sub" / "2025-12-18.json"
    dump.parent.mkdir()
    atomic_write_text(dump, json.dumps(fake_items(dt.date(2025, 12, 18), 2)))  # a hidden temp file, then a rename
    batch = watching.next_batch(2.0)
    assert batch is not None and dump.resolve() in batch
    assert all(not part.startswith(".") for path in batch for part in path.relative_to(tmp_path).parts)


def all_batches(watching: Watching) -> list[set[Path]]:
    """Every batch until none has come for 2 s."""
    batches = []
    while (batch := watching.next_batch(2.0)) is not None:
        batches.append(batch)
    return batches


def test_a_burst_of_500_files_is_one_batch(watching: Watching, tmp_path: Path) -> None:
    folder = tmp_path / "dumps"
    for number in range(500):
        (folder / f".{number}.txt.tmp").write_text("partial")  # the temp files of a copy are ignored
        os.replace(folder / f".{number}.txt.tmp", folder / f"{number}.txt")
    assert all_batches(watching) == [{(folder / f"{number}.txt").resolve() for number in range(500)}]


def test_a_folder_of_500_files_copied_in_is_one_batch(watching: Watching, tmp_path: Path) -> None:
    source = tmp_path / "elsewhere"
    source.mkdir()
    for number in range(500):
        (source / f"{number}.txt").write_text("x")
    shutil.copytree(source, tmp_path / "dumps" / "copied")
    (batch,) = all_batches(watching)
    # The folder itself, and the files the native watch saw once it had the new folder:
    # a sync walks the folder anyway.
    assert (tmp_path / "dumps" / "copied").resolve() in batch


def test_stop_ends_the_watch_at_once(watching: Watching) -> None:
    watching.stop.set()
    watching.thread.join(2)
    assert not watching.thread.is_alive()


def test_a_missing_folder_is_not_watched(tmp_path: Path) -> None:
    watch([tmp_path / "absent"], lambda batch: None, threading.Event())  # returns at once


def test_day_changes_name_the_days_that_moved() -> None:
    before = [Day(dt.date(2025, 12, 17), 10), Day(dt.date(2025, 12, 16), 4)]
    after = [Day(dt.date(2025, 12, 18), 31), Day(dt.date(2025, 12, 17), 12), Day(dt.date(2025, 12, 16), 4)]
    changes = day_changes(before, after)
    assert [change.describe() for change in changes] == ["Dec 18, 2025: 31 new papers", "Dec 17, 2025: 2 new papers"]
    assert DayChange(dt.date(2025, 12, 1), 3, 0).describe() == "Dec 1, 2025: gone (3 papers no longer in the dumps)"
    assert DayChange(dt.date(2025, 12, 1), 3, 1).describe() == "Dec 1, 2025: 2 papers fewer (1 left)"
    assert DayChange(dt.date(2025, 12, 1), 0, 1).describe() == "Dec 1, 2025: 1 new paper"


def lines_of(stream: IO[str]) -> queue.Queue[str]:
    """The lines of a subprocess's output as they come."""
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        for line in stream:
            lines.put(line.rstrip("\n"))

    threading.Thread(target=pump, daemon=True).start()
    return lines


def _as_from_a_terminal() -> None:
    """Run in the child before it starts: Ctrl-C as a terminal's foreground program gets it.

    A job a non-interactive shell starts in the background (``cmd &``, as CI may run the
    suite) has SIGINT ignored, and a program inherits that: Python then installs no Ctrl-C
    handler, so ``papers index --watch`` rightly ignores SIGINT there, as ``sleep`` would."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_index_watch_prints_a_line_for_a_dropped_file(tmp_path: Path, stop: signal.Signals) -> None:
    folder = tmp_path / "dumps"
    atomic_write_text(folder / "2025-12-17.json", json.dumps(fake_items(dt.date(2025, 12, 17), 2)))
    process = subprocess.Popen(
        [sys.executable, "-m", "reader", "index", "--watch", "--dumps", str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_as_from_a_terminal,
    )
    assert process.stdout is not None and process.stderr is not None
    out, err = lines_of(process.stdout), lines_of(process.stderr)
    try:
        assert out.get(timeout=30).startswith("files: 1 new, 0 changed, 0 unchanged, 0 removed, 0 failed")
        assert out.get(timeout=30).startswith("2 listings of 2 papers in ")
        assert err.get(timeout=30) == f"papers: watching {folder} (Ctrl-C stops)"
        atomic_write_text(folder / "2025-12-18.json", json.dumps(fake_items(dt.date(2025, 12, 18), 31)))
        assert out.get(timeout=30) == "Dec 18, 2025: 31 new papers"
        assert out.get(timeout=30) == "files: 1 new, 0 changed, 0 removed"
        process.send_signal(stop)
        assert process.wait(timeout=30) == 0
        assert err.get(timeout=10) == "papers: stopped watching"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
    assert err.empty() and out.empty()  # no traceback, nothing else
