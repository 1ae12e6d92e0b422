"""Finding the dump files under the library's folders, and naming files for the user."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Sequence
from pathlib import Path

from reader.core.models import FileFailure

__all__ = ["discover", "display_path"]


def display_path(path: Path) -> str:
    """A file name as text, even when it is not valid UTF-8: odd bytes and control
    characters (an escape sequence in a name) are shown escaped, as ``\\xff``, ``\\x1b``."""
    text = os.fsencode(path).decode("utf-8", "backslashreplace")
    return _NAME_CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


def discover(roots: Sequence[Path]) -> tuple[list[Path], list[FileFailure]]:
    """Every candidate dump file under ``roots`` and the entries that cannot be dumps.

    Hidden files are skipped; symbolic links to folders are not followed (no loops);
    FIFOs, sockets and devices are reported and never opened.
    """
    found: list[Path] = []
    failures: list[FileFailure] = []

    def consider(path: Path) -> None:
        try:
            mode = path.stat().st_mode
        except OSError as error:
            reason = "symbolic link loop" if error.errno == 40 else (error.strerror or str(error))
            if path.is_symlink() and error.errno == 2:
                reason = "broken symbolic link"
            failures.append(FileFailure(display_path(path), reason))
            return
        if stat.S_ISREG(mode):
            found.append(path)
        elif not stat.S_ISDIR(mode):
            failures.append(FileFailure(display_path(path), "not a regular file (FIFO, socket or device)"))

    for root in roots:
        if not root.exists() and not root.is_symlink():
            failures.append(FileFailure(display_path(root), "no such file or folder"))
        elif root.is_dir():

            def unreadable(error: OSError) -> None:
                failures.append(FileFailure(display_path(Path(error.filename)), error.strerror or str(error)))

            for folder, folders, files in os.walk(root, onerror=unreadable):
                folders[:] = sorted(name for name in folders if not name.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        consider(Path(folder, name))
        else:
            consider(root)
    return found, failures


_NAME_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
