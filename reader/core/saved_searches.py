"""Saved searches: ``searches.toml`` in the user data dir, a file a person edits by hand.

Each ``[[search]]`` table has a ``name`` and a ``query`` (the reader's search syntax); the
left pane lists them in the file's order, each with its match count. Reading is field by
field: a table without a usable name or query is skipped with a one-line reason and the
others are used; a second search of the same name replaces the first. Saving takes the
file lock (threads and processes alike), reads the file again, applies the change and
writes the whole file atomically, keeping the keys it does not know (a search's own extra
keys, the file's other keys). A file that cannot be read as TOML is copied, and the copy
verified, before it is replaced.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.core.errors import StoreError
from reader.core.storage import atomic_write_text, file_lock
from reader.core.text import has_control, one_line
from reader.core.userstore import keep_verified_copy, summary

MAX_NAME_LENGTH = 60
"""The longest name of a saved search."""
HEADER = """\
# papers: saved searches. Edit by hand as you like: each [[search]] has a name and a query
# in the search syntax of the reader's / box (tag:agents, has:note, is:bookmarked ...);
# the reader lists them under the bookmarks in this order, with their match counts.
"""


@dataclass(frozen=True, slots=True)
class SavedSearch:
    """A search kept under a name."""

    name: str
    query: str


def check_name(name: str) -> str:
    """The name as kept (white space folded); ``StoreError`` for an empty or too long one."""
    name = one_line(name)
    if not name:
        raise StoreError("a saved search needs a name")
    if len(name) > MAX_NAME_LENGTH:
        raise StoreError(f"the name is longer than {MAX_NAME_LENGTH} characters")
    return name


class SavedSearchStore:
    """The saved searches of one file; ``problem`` says in one line what was wrong with it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock_path = path.with_name(path.name + ".lock")
        self.items: list[SavedSearch] = []
        self.problem: str | None = None
        self.reload()

    def reload(self) -> None:
        """Read the file again (hand edits become visible)."""
        data, problems, _ = self._read()
        self.items = _searches(data, problems)
        self.problem = summary(problems)

    def find(self, name: str) -> SavedSearch | None:
        """The saved search of this name."""
        return next((search for search in self.items if search.name == name), None)

    def save(self, name: str, query: str) -> SavedSearch:
        """Keep ``query`` under ``name`` (replacing a search of that name, in its place)."""
        saved = SavedSearch(check_name(name), query.strip())
        if not saved.query or has_control(saved.query):
            raise StoreError("there is no query to save")

        def change(tables: list[Any]) -> list[Any]:
            for table in tables:
                if isinstance(table, dict) and table.get("name") == saved.name:
                    table["query"] = saved.query
                    return tables
            return [*tables, {"name": saved.name, "query": saved.query}]

        self._update(change)
        return saved

    def remove(self, name: str) -> None:
        """Forget the saved search of this name."""
        self._update(lambda tables: [t for t in tables if not (isinstance(t, dict) and t.get("name") == name)])

    def _read(self) -> tuple[dict[str, Any], list[str], bytes | None]:
        """The decoded file, what was wrong with it, and its bytes when it could not be decoded
        (a file that could not be read at all: a problem and no bytes)."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return {}, [], None
        except OSError as error:
            return {}, [f"cannot read {self.path.name}: {error.strerror or error}"], None
        try:
            return tomllib.loads(raw.decode("utf-8-sig")), [], None
        except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            return {}, [f"{self.path.name} cannot be read as TOML ({error}): no saved search is used"], raw

    def _update(self, change: Callable[[list[Any]], list[Any]]) -> None:
        try:
            with file_lock(self._lock_path):
                data, problems, damaged = self._read()
                if problems and damaged is None:
                    raise StoreError(problems[0])  # unreadable: never replaced
                if damaged is not None:
                    keep_verified_copy(self.path, damaged)
                tables = data.get("search", [])
                tables = list(tables) if isinstance(tables, list) else []
                data["search"] = change(tables)
                atomic_write_text(self.path, _dump(data))
        except StoreError as error:
            raise StoreError(f"search not saved: {error}") from None
        self.reload()


def _searches(data: dict[str, Any], problems: list[str]) -> list[SavedSearch]:
    tables = data.get("search", [])
    if not isinstance(tables, list):
        problems.append("searches.toml: 'search' must be [[search]] tables: no saved search is used")
        return []
    found: dict[str, SavedSearch] = {}
    for number, table in enumerate(tables, start=1):
        label = f"searches.toml: search {number}"
        if not isinstance(table, dict):
            problems.append(f"{label} is not a table: not used")
            continue
        name, query = table.get("name"), table.get("query")
        if not isinstance(name, str) or not isinstance(query, str) or not one_line(query):
            problems.append(f"{label} needs a name and a query, both text: not used")
            continue
        try:
            name = check_name(name)
        except StoreError as error:
            problems.append(f"{label}: {error}: not used")
            continue
        found[name] = SavedSearch(name, one_line(query))  # a later one of the same name wins
    return list(found.values())


def _dump(data: dict[str, Any]) -> str:
    """The file as TOML: the header, the file's other keys, then every search."""
    lines = [HEADER.rstrip("\n")]
    tables = data.get("search", [])
    others = {key: value for key, value in data.items() if key != "search"}
    lines += [f"{_key(key)} = {_value(value)}" for key, value in others.items()]
    for table in tables if isinstance(tables, list) else []:
        if isinstance(table, dict):
            lines += ["", "[[search]]"] + [f"{_key(key)} = {_value(value)}" for key, value in table.items()]
    return "\n".join(lines).rstrip("\n") + "\n"


def _key(key: str) -> str:
    return key if key.replace("_", "").replace("-", "").isalnum() and key.isascii() else _string(key)


def _string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _value(value: object) -> str:
    """A TOML value for what ``tomllib`` reads (strings, numbers, booleans, dates, arrays, tables)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return (
            repr(value) if math.isfinite(value) else ("nan" if math.isnan(value) else ("inf" if value > 0 else "-inf"))
        )
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(key)} = {_value(item)}" for key, item in value.items()) + " }"
    raise StoreError(f"cannot write {type(value).__name__} to TOML")
