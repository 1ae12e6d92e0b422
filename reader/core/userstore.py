"""Per-paper user files (bookmarks today; read state, tags and notes next): one JSON file
each, ``{"version": N, "<items>": [{...}, ...], ...}``, read field by field, written safely.

Reading never loses anything and never gives up on a whole file for one bad part:

* a UTF-8 BOM is accepted; ``version`` may be an int, a float without a fraction or a string
  of digits; a duplicated items key gives the items of every copy;
* each item is read by the file's ``read_item``, which takes the fields it can use and says
  what it skipped; an item it cannot use at all is kept as it was and written back unchanged,
  and so are the fields nobody here knows (an item's ``"note"``, the file's own extras);
* a file cut short (a full disk) or otherwise not valid JSON is read item by item up to
  where it stops.

Every warning is one line, kept in ``Snapshot.warnings``. Writing (``UserFile.update``)
takes a lock that excludes the threads of this process and other processes, reads the file
again, applies the change to what it holds now and writes atomically. Before a file that
was not read whole (damaged, or from a newer papers) is replaced, a copy of it is written
and verified byte for byte; with no room for that copy, nothing is written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from reader.core.errors import StoreError
from reader.core.storage import atomic_write_bytes, atomic_write_text, file_lock, remove_stale_temporaries

T = TypeVar("T")

Raw = dict[str, Any]
ItemReader = Callable[[Raw, Callable[[str], None]], "T | None"]
"""Reads one item: the raw JSON object and a ``warn(reason)``; None when it cannot be used."""
ItemWriter = Callable[[T], Raw]
"""The JSON object of a new item."""
Identity = Callable[[T], Hashable]
"""What stays the same when an item is changed (a bookmark's key): the changed item takes
the old one's place in the file and keeps the fields nobody here knows."""

_VERSION = re.compile(r'"version"\s*:\s*("?)(\d+)(?:\.0*)?\1')
_WHITESPACE = re.compile(r"[\s,]*")


@dataclass(frozen=True, slots=True)
class Snapshot(Generic[T]):
    """What a user file holds: the usable items in file order and what was wrong with it."""

    items: tuple[T, ...] = ()
    warnings: tuple[str, ...] = ()
    backup: str | None = None
    """The name of the verified copy of a file that was not read whole, once made."""


@dataclass
class _Contents(Generic[T]):
    """A file as read: each item's value (None: unusable, kept raw) and raw object."""

    data: bytes | None = None
    entries: list[tuple[T | None, Raw | object]] = field(default_factory=list)
    extras: Raw = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    whole: bool = True
    """False when writing the file would lose part of it: a copy must be kept first."""
    unreadable: str | None = None
    """Why the file could not be read at all (then it is never written)."""

    def copy(self) -> _Contents[T]:
        """A copy whose lists and extras can be changed without changing this one."""
        return _Contents(self.data, list(self.entries), dict(self.extras), list(self.warnings), self.whole)


Signature = tuple[int, int, int, int, int]
"""What tells a file's versions apart without reading it: device, inode, size, mtime, ctime
(an atomic write is a new inode; an edit in place moves the times)."""


class UserFile(Generic[T]):
    """One per-paper user file: ``items_key`` holds the items, ``version`` is the format written."""

    def __init__(
        self,
        path: Path,
        *,
        items_key: str,
        version: int,
        read_item: ItemReader[T],
        write_item: ItemWriter[T],
        identity: Identity[T] | None = None,
        compact: bool = False,
    ) -> None:
        self.path = path
        self.items_key = items_key
        self.version = version
        self._read_item = read_item
        self._write_item = write_item
        self._identity = identity
        self._compact = compact
        """One item per line, no indent: for files of many small items (read state), written
        several times faster than indented JSON."""
        self._lock_path = path.with_name(path.name + ".lock")
        self._lines: LineCache = {}
        """The items' lines as last written (a compact file)."""
        self._known: tuple[Signature, _Contents[T]] | None = None
        """The file as last read or written whole, with its signature then: while the file
        keeps that signature it is not read and parsed again (100,000 read marks take a
        second to parse, and every mark would pay it)."""

    def read(self, *, keep_copy: bool = True) -> Snapshot[T]:
        """The file's items and warnings; a file not read whole gets its verified copy now
        (``keep_copy``), so the warning can name it."""
        if any(self.path.parent.glob(f".{self.path.name}.*.tmp")):
            # A writer killed mid-write left it (in a read-only folder it stays).
            with contextlib.suppress(StoreError), file_lock(self._lock_path, timeout=0.5):
                remove_stale_temporaries(self.path)
        contents = self._load()
        backup = None
        if keep_copy and not contents.whole and contents.data is not None:
            try:
                with file_lock(self._lock_path, timeout=2):
                    backup = self._keep_copy(contents.data)
            except StoreError as error:
                contents.warnings.append(f"{error}; nothing will be written to {self.path.name} until it can be")
        return self._snapshot(contents, backup)

    def update(self, change: Callable[[list[T]], list[T]]) -> Snapshot[T]:
        """Apply ``change`` to the items the file holds now and write the result.

        ``change`` gets the usable items and returns the new list (items it keeps are
        returned as the same objects). Raises ``StoreError`` when the file cannot be read,
        locked, copied first or written; then nothing changed.
        """
        with file_lock(self._lock_path):
            remove_stale_temporaries(self.path)
            contents = self._load()
            if contents.unreadable is not None:
                raise StoreError(contents.unreadable)
            backup = self._keep_copy(contents.data) if not contents.whole and contents.data is not None else None
            values = [value for value, _ in contents.entries if value is not None]
            updated = change(values)
            kept = {id(value) for value in updated}
            known = {id(value) for value in values}
            added = [value for value in updated if id(value) not in known]
            successors = self._successors(contents, kept, added)
            written: _Contents[T] = _Contents()
            placed: set[int] = set()
            for value, raw in contents.entries:
                if value is None or id(value) in kept:
                    written.entries.append((value, raw))
                elif isinstance(raw, dict) and (successor := self._successor(value, successors)) is not None:
                    written.entries.append((successor, {**raw, **self._write_item(successor)}))
                    placed.add(id(successor))
            written.entries += [(value, self._write_item(value)) for value in added if id(value) not in placed]
            items = [raw for _, raw in written.entries]
            payload = {**contents.extras, "version": self.version, self.items_key: items}
            text = _dumps_lines(payload, self.items_key, self._lines) if self._compact else _dumps(payload)
            atomic_write_text(self.path, text)
            # What the file holds now, without reading it again: the values just written, and
            # the same one-line reasons for the items kept unused as a new read would give.
            for number, (value, raw) in enumerate(written.entries, start=1):
                if value is None:
                    self._item(number, raw, written)
            written.extras = dict(contents.extras)
            self._remember(self._signature(), written)
            return self._snapshot(written, backup)

    def _successors(self, contents: _Contents[T], kept: set[int], added: list[T]) -> dict[Hashable, T]:
        """The new items that replace a removed one of the same identity, by that identity."""
        if self._identity is None:
            return {}
        removed = {
            self._identity(value) for value, _ in contents.entries if value is not None and id(value) not in kept
        }
        successors: dict[Hashable, T] = {}
        for value in added:
            identity = self._identity(value)
            if identity in removed:
                successors.setdefault(identity, value)
        return successors

    def _successor(self, value: T, successors: dict[Hashable, T]) -> T | None:
        return successors.pop(self._identity(value), None) if self._identity is not None else None

    def _snapshot(self, contents: _Contents[T], backup: str | None) -> Snapshot[T]:
        warnings = list(contents.warnings)
        if backup is not None:
            warnings.append(f"a copy of the file as it was is kept as {backup}")
        values = tuple(value for value, _ in contents.entries if value is not None)
        return Snapshot(values, tuple(warnings), backup)

    def _keep_copy(self, data: bytes) -> str:
        """A verified copy of ``data`` beside the file; ``StoreError`` when none can be made."""
        return keep_verified_copy(self.path, data)

    def _signature(self) -> Signature | None:
        try:
            stat = self.path.stat()
        except OSError:
            return None
        return (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)

    def _remember(self, signature: Signature | None, contents: _Contents[T]) -> None:
        whole = contents.whole and contents.unreadable is None
        self._known = (signature, contents.copy()) if signature is not None and whole else None

    def _load(self) -> _Contents[T]:
        signature = self._signature()
        known = self._known
        if signature is not None and known is not None and known[0] == signature:
            return known[1].copy()
        contents = self._parse()
        self._remember(signature, contents)
        return contents

    def _parse(self) -> _Contents[T]:
        contents: _Contents[T] = _Contents()
        name = self.path.name
        try:
            contents.data = self.path.read_bytes()
        except FileNotFoundError:
            return contents
        except OSError as error:
            contents.unreadable = f"cannot read {name}: {error.strerror or error}"
            contents.warnings.append(contents.unreadable)
            return contents
        try:
            text = contents.data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = contents.data.decode("utf-8-sig", errors="replace")
            contents.warnings.append(f"{name} is not valid UTF-8: the odd bytes are read as U+FFFD")
            contents.whole = False
        duplicated: list[str] = []
        try:
            payload: Any = json.loads(text, object_pairs_hook=lambda pairs: _merge_pairs(pairs, duplicated))
        except (ValueError, RecursionError):
            payload = self._salvage(text, contents)
        for key in dict.fromkeys(duplicated):
            contents.warnings.append(f"{name} has {key!r} more than once: every copy is read")
        if isinstance(payload, list):
            payload = {self.items_key: payload}
        if not isinstance(payload, dict):
            contents.warnings.append(f"{name} holds no object of {self.items_key}: it is damaged")
            contents.whole = False
            return contents
        self._check_version(payload.get("version", self.version), contents)
        items = payload.get(self.items_key, [])
        if not isinstance(items, list):
            contents.warnings.append(f"{name}: {self.items_key!r} is not a list: it is damaged")
            contents.whole = False
            items = []
        contents.extras = {key: value for key, value in payload.items() if key not in ("version", self.items_key)}
        for number, raw in enumerate(items, start=1):
            contents.entries.append((self._item(number, raw, contents), raw))
        return contents

    def _item(self, number: int, raw: object, contents: _Contents[T]) -> T | None:
        label = f"{self.path.name}: item {number}"
        if not isinstance(raw, dict):
            contents.warnings.append(f"{label} is not an object: kept as it is, not used")
            return None
        value = self._read_item(raw, lambda reason: contents.warnings.append(f"{label}: {reason}"))
        if value is None:
            contents.warnings.append(f"{label} cannot be used: kept as it is")
        return value

    def _check_version(self, value: object, contents: _Contents[T]) -> None:
        version: int | None = None
        if isinstance(value, int) and not isinstance(value, bool):
            version = value
        elif isinstance(value, float) and value.is_integer():
            version = int(value)
        elif isinstance(value, str) and value.strip().isdigit():
            version = int(value.strip())
        if version is None or version < 0:
            contents.warnings.append(f"{self.path.name}: version {value!r} is not a number: read as {self.version}")
        elif version > self.version:
            contents.warnings.append(
                f"{self.path.name} is from a newer papers (format {version}): what this one knows is read,"
                " the rest is kept"
            )
            contents.whole = False

    def _salvage(self, text: str, contents: _Contents[T]) -> object:
        """The items of a file that is not valid JSON (cut short by a full disk), read one
        by one from the start of its items list up to the first that cannot be read."""
        contents.whole = False
        decoder = json.JSONDecoder()
        payload: Raw = {}
        version = _VERSION.search(text)
        if version:
            payload["version"] = int(version.group(2))
        opening = re.search(rf'"{re.escape(self.items_key)}"\s*:\s*\[', text)
        items: list[object] = []
        if opening:
            position = opening.end()
            while True:
                position = _WHITESPACE.match(text, position).end()  # type: ignore[union-attr]
                if position >= len(text) or text[position] == "]":
                    break
                try:
                    item, position = decoder.raw_decode(text, position)
                except (ValueError, RecursionError):
                    break
                items.append(item)
        payload[self.items_key] = items
        contents.warnings.append(f"{self.path.name} is damaged (cut short?): {len(items)} items could be read")
        return payload


def keep_verified_copy(path: Path, data: bytes) -> str:
    """A verified copy of ``data`` (what ``path`` held) beside it, as ``<name>.bad-<time>``
    (an identical copy already there will do): its name; ``StoreError`` when none can be made."""
    for existing in sorted(path.parent.glob(path.name + ".bad-*")):
        try:
            if existing.read_bytes() == data:
                return existing.name
        except OSError:
            continue
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = path.with_name(f"{path.name}.bad-{stamp}")
    number = 1
    while backup.exists():
        number += 1
        backup = path.with_name(f"{path.name}.bad-{stamp}-{number}")
    try:
        atomic_write_bytes(backup, data, verify=True)
    except StoreError as error:
        raise StoreError(f"cannot keep a copy of {path.name} before changing it ({error})") from None
    return backup.name


def summary(warnings: Sequence[str]) -> str | None:
    """The warnings of a file in one line: the first two and how many more (None: no warning)."""
    if not warnings:
        return None
    more = f" (and {len(warnings) - 2} more)" if len(warnings) > 2 else ""
    return "; ".join(warnings[:2]) + more


def _merge_pairs(pairs: list[tuple[str, Any]], duplicated: list[str]) -> Raw:
    """A JSON object whose repeated keys keep every value: lists are joined, else the last wins."""
    merged: Raw = {}
    for key, value in pairs:
        if key in merged:
            duplicated.append(key)
            if isinstance(merged[key], list) and isinstance(value, list):
                value = merged[key] + value
        merged[key] = value
    return merged


LineCache = dict[int, tuple[object, str]]
"""Items' JSON lines as last written, by the item object's id (the object is kept with its
line, so the id stays its own): an item written again unchanged is not encoded again."""


def _dumps_lines(payload: Raw, items_key: str, known: LineCache | None = None) -> str:
    """``payload`` as JSON with each of its items on a line of its own (C-speed encoding;
    ``known``: the lines of the items written last time, updated with these)."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    items: list[object] = payload[items_key]
    cache: LineCache = known if known is not None else {}
    try:
        head = encode({key: value for key, value in payload.items() if key != items_key})
        lines: list[str] = []
        fresh: list[str] = [head]
        for item in items:
            hit = cache.get(id(item))
            if hit is not None and hit[0] is item:
                lines.append(hit[1])
            else:
                lines.append(encode(item))
                fresh.append(lines[-1])
        "".join(fresh).encode("utf-8")  # a line that was written once encodes again
    except UnicodeEncodeError:  # a lone surrogate kept from the file: escaped, never lost
        encode = json.JSONEncoder().encode
        head = encode({key: value for key, value in payload.items() if key != items_key})
        lines = [encode(item) for item in items]
    if known is not None:
        known.clear()
        known.update((id(item), (item, line)) for item, line in zip(items, lines, strict=True))
    body = ",\n".join(lines)
    opening = head[:-1] + (", " if len(head) > 2 else "")
    return f"{opening}{encode(items_key)}: [\n{body}\n]}}\n" if lines else f"{opening}{encode(items_key)}: []}}\n"


def _dumps(payload: Raw) -> str:
    text = json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate kept from the file: escaped, never lost
        text = json.dumps(payload, indent=2) + "\n"
    return text
