"""Safe file writes and inter-process locks for user data and the index.

Every write of user data goes through ``atomic_write_text``: a temp file in the same
folder, fsync, then ``os.replace``, so a crash leaves the old file or the new one, never
a torn one. ``file_lock`` serialises writers across processes with a POSIX record lock (``lockf``):
unlike ``flock``, it is not inherited by forked worker processes, so it is released the
moment its process dies, even by ``kill -9``.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from reader.core.errors import StoreError


def atomic_write_text(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` atomically; ``StoreError`` with the reason on failure."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise StoreError(f"cannot write {path}: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as temp:
            temp.write(text)
            temp.flush()
            os.fsync(temp.fileno())
        os.replace(temp_name, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise StoreError(f"cannot write {path}: {error.strerror or error}") from None


@contextlib.contextmanager
def file_lock(path: Path, timeout: float = 10.0) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (created if needed), waiting up to ``timeout`` s.

    Raises ``StoreError`` when the lock cannot be taken in time or the file cannot be made.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as error:
        raise StoreError(f"cannot lock {path}: {error.strerror or error}") from None
    try:
        deadline = time.monotonic() + timeout
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
