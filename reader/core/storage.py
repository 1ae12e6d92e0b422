"""Safe file writes and inter-process locks for user data and the index.

Every write of user data goes through ``atomic_write_text``: a temp file in the same
folder, fsync, then ``os.replace``, so a crash leaves the old file or the new one, never
a torn one. ``file_lock`` serialises writers across processes with a POSIX record lock (``lockf``):
unlike ``flock``, it is not inherited by forked worker processes, so it is released the
moment its process dies, even by ``kill -9``. A record lock does not exclude the threads of
one process (and closing any descriptor of the file drops it), so ``file_lock`` also takes
a per-path thread lock first: threads queue as other processes do.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from reader.core.errors import StoreError

_THREAD_LOCKS: dict[str, threading.Lock] = {}
_REGISTRY = threading.Lock()


def atomic_write_text(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8) atomically; ``StoreError`` with the reason on failure."""
    atomic_write_bytes(path, text.encode("utf-8", "replace"))


def atomic_write_bytes(path: Path, data: bytes, *, verify: bool = False) -> None:
    """Replace ``path`` with ``data`` atomically; ``StoreError`` with the reason on failure.

    ``verify`` reads the written file back before it replaces anything: a copy that is not
    byte for byte ``data`` (a disk that filled up) is removed and refused.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise StoreError(f"cannot write {path}: {error.strerror or error}") from None
    try:
        try:
            write_all(handle, data)
            os.fsync(handle)
        finally:
            os.close(handle)
        if verify and Path(temp_name).read_bytes() != data:
            raise OSError(28, "the copy written is not whole (is the disk full?)")
        os.replace(temp_name, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise StoreError(f"cannot write {path}: {error.strerror or error}") from None


def write_all(descriptor: int, data: bytes) -> None:
    """Write every byte of ``data`` to the descriptor (a seam for tests of full disks)."""
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


def remove_stale_temporaries(path: Path) -> None:
    """Remove temp files a killed writer left beside ``path`` (call it under ``path``'s lock)."""
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()


def _thread_lock(path: Path) -> threading.Lock:
    with _REGISTRY:
        return _THREAD_LOCKS.setdefault(str(path.absolute()), threading.Lock())


@contextlib.contextmanager
def file_lock(path: Path, timeout: float = 10.0) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (created if needed), waiting up to ``timeout`` s.

    Threads of this process wait for each other first (a per-path thread lock), then the
    process waits for other processes. Raises ``StoreError`` when the lock cannot be taken in
    time or the file cannot be made.
    """
    deadline = time.monotonic() + timeout
    in_process = _thread_lock(path)
    if not in_process.acquire(timeout=max(timeout, 0.0)):
        raise StoreError(f"{path.name} is locked by another task of this papers process")
    try:
        with _process_lock(path, deadline):
            yield
    finally:
        in_process.release()


@contextlib.contextmanager
def _process_lock(path: Path, deadline: float) -> Iterator[None]:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as error:
        raise StoreError(f"cannot lock {path}: {error.strerror or error}") from None
    try:
        while True:
            try:
                fcntl.lockf(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except (BlockingIOError, PermissionError):
                if time.monotonic() >= deadline:
                    raise StoreError(f"{path.name} is locked by another papers process") from None
                time.sleep(0.05)
        yield
    finally:
        os.close(descriptor)
