"""Where papers keeps things: platformdirs user dirs, each overridable by an env variable.

``PAPERS_DATA_DIR`` (bookmarks, default dump folder), ``PAPERS_CONFIG_DIR`` (config.toml),
``PAPERS_CACHE_DIR`` (the index: losing it loses nothing) and ``PAPERS_STATE_DIR`` (what
the reader remembers between runs). The XDG variables work too, through platformdirs.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

import platformdirs

APP_NAME = "papers"


def _dir(kind: str) -> Path:
    override = os.environ.get(f"PAPERS_{kind.upper()}_DIR")
    if override:
        return Path(override)
    finder = {
        "data": platformdirs.user_data_dir,
        "config": platformdirs.user_config_dir,
        "cache": platformdirs.user_cache_dir,
        "state": platformdirs.user_state_dir,
    }[kind]
    return Path(finder(APP_NAME, appauthor=False))


def data_dir() -> Path:
    """The user data dir: bookmarks and the default dump folder."""
    return _dir("data")


def config_dir() -> Path:
    """The user config dir, home of ``config.toml``."""
    return _dir("config")


def cache_dir() -> Path:
    """The user cache dir, home of the indexes."""
    return _dir("cache")


def state_dir() -> Path:
    """The user state dir: the reader's remembered selection and sort."""
    return _dir("state")


def default_dump_dir() -> Path:
    """The default library folder, where ``papers add`` copies dumps."""
    return data_dir() / "dumps"


def bookmarks_file() -> Path:
    """The bookmarks file."""
    return data_dir() / "bookmarks.json"


def saved_searches_file() -> Path:
    """The saved searches (``searches.toml``, edited by hand as well)."""
    return data_dir() / "searches.toml"


def hidden_file() -> Path:
    """The file of the papers the user hid."""
    return data_dir() / "hidden.json"


def read_state_file() -> Path:
    """The file of the papers the user has read."""
    return data_dir() / "read.json"


def index_dir(roots: Sequence[Path]) -> Path:
    """The cache folder of the index for one set of dump roots."""
    joined = "\n".join(sorted(str(root.resolve()) for root in roots))
    digest = hashlib.sha1(joined.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return cache_dir() / "index" / digest


def demo_dumps_dir() -> Path:
    """The demo dumps shipped with the package (``papers --demo``)."""
    return Path(__file__).resolve().parents[1] / "demo"
