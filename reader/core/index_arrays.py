"""Posting arrays beside each segment: a common word's postings stored as raw arrays.

Part of the index (the Whoosh code). Whoosh keeps a word's postings in blocks of 128, each
a pickled (ids, weights, positions) tuple, often compressed: a search for a common word
spends most of its time unpickling them (``model`` at 100,000 papers: 98,000 postings, 60 ms
of zlib, pickle and list building before a single score). After each commit the writer
also stores, beside every segment that has none yet, the postings of each word of the text
fields found in at least ``MIN_POSTINGS`` documents as two plain arrays (document numbers
in two or four bytes, weights as counts in one or two bytes, or doubles), which a search
reads with one ``os.pread`` and turns into arrays without a Python loop.

The file is ``<segment id>.arrays``, so Whoosh deletes it with its segment (its clean-up
takes every file named after a segment no longer in the index; one written for a segment a
concurrent merge just removed waits for the next commit's clean-up). It is only ever a copy:
a file that is missing, of another version, truncated or damaged (every word's bytes carry
a CRC-32, the directory too) is ignored and the postings are decoded from the segment, as
before. The layout is: the words' arrays one after another, then the directory (JSON:
field -> word -> [offset, count, ids kind, weights kind, crc]), its length and CRC, and
``MAGIC``.
"""

from __future__ import annotations

import json
import os
import struct
import time
import weakref
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import numpy as np
from whoosh.reading import IndexReader

from reader.core.index_terms import Floats, Ints, read_postings, segment_id
from reader.core.storage import atomic_write_bytes

MIN_POSTINGS = 128
"""Words in fewer documents (one block or less) are decoded as fast as they are read."""
MAGIC = b"papers-postings-1\n"
SUFFIX = ".arrays"
RETRY_SECONDS = 2.0
"""How long a segment found without its file is searched without it before looking again
(the writer stores it right after the commit that a reader may already have opened)."""
_TRAILER = struct.Struct("<QI")
"""After the directory: its length in bytes and its CRC-32."""
_IDS = {"u2": 2, "u4": 4}
"""How document numbers are kept (below 65,536: two bytes), and the bytes each takes."""
_WEIGHTS = {"1": 0, "u1": 1, "u2": 2, "f8": 8}
"""How weights are kept: all 1 (not stored), counts below 256 or 65,536, or doubles."""

PostingReader = Callable[[IndexReader, str, bytes], tuple[Ints, Floats] | None]
"""A word's postings in one segment, as ``index_terms.read_postings`` gives them."""


def write_segment_arrays(directory: Path, readers: Iterable[IndexReader], fields: Iterable[str]) -> int:
    """Store the posting arrays of every segment of ``readers`` that has none yet; the
    number of files written."""
    written = 0
    fields = tuple(fields)
    readers = list(readers)
    current = {name for name in map(segment_id, readers) if name is not None}
    for left in directory.glob(f".*{SUFFIX}.*.tmp"):  # a write cut short, its segment gone
        if not any(left.name.startswith(f".{name}.") for name in current):
            left.unlink(missing_ok=True)
    for reader in readers:
        name = segment_id(reader)
        if name is not None and not (directory / f"{name}{SUFFIX}").exists():
            try:
                write_arrays(directory / f"{name}{SUFFIX}", _common_postings(reader, fields))
            except Exception:
                continue  # only a copy (StoreError: a full disk): the segment is searched without it
            written += 1
    return written


def _common_postings(reader: IndexReader, fields: tuple[str, ...]) -> Iterator[tuple[str, bytes, Ints, Floats]]:
    """Each word of ``fields`` in at least ``MIN_POSTINGS`` documents, with its postings."""
    for field in fields:
        for btext, info in reader.iter_field(field) if field in reader.schema else ():
            if info.doc_frequency() >= MIN_POSTINGS:
                found = read_postings(reader, field, btext)
                if found is not None:
                    yield field, btext, *found


def write_arrays(path: Path, postings: Iterable[tuple[str, bytes, Ints, Floats]]) -> None:
    """A posting arrays file of (field, word, document numbers, weights), written whole to a
    temporary file of its own (a dot first: Whoosh's clean-up skips it) and renamed."""
    parts: list[bytes] = []
    catalog: dict[str, dict[str, list[object]]] = {}
    offset = 0
    for field, btext, docnums, weights in postings:
        data, ids, kind = _encode(docnums, weights)
        parts.append(data)
        word = btext.decode("utf-8", "surrogateescape")
        catalog.setdefault(field, {})[word] = [offset, len(docnums), ids, kind, zlib.crc32(data)]
        offset += len(data)
    listing = json.dumps(catalog, separators=(",", ":")).encode("utf-8")
    parts.append(listing + _TRAILER.pack(len(listing), zlib.crc32(listing)) + MAGIC)
    atomic_write_bytes(path, b"".join(parts))


def _encode(docnums: Ints, weights: Floats) -> tuple[bytes, str, str]:
    """A word's postings as bytes, and how its document numbers and weights are kept."""
    ids = "u2" if not len(docnums) or int(docnums.max()) < 65_536 else "u4"
    data = docnums.astype(f"<{ids}").tobytes()
    if bool((weights == 1.0).all()):
        return data, ids, "1"
    if bool(((weights >= 0) & (weights < 65_536) & (weights == np.floor(weights))).all()):
        kind = "u1" if float(weights.max()) < 256 else "u2"
        return data + weights.astype(f"<{kind}").tobytes(), ids, kind
    return data + weights.astype("<f8").tobytes(), ids, "f8"


class SegmentArrays:
    """One segment's posting arrays file, open for reading."""

    def __init__(self, descriptor: int, catalog: dict[str, object]) -> None:
        self._descriptor = descriptor
        self._catalog = catalog
        self._closing = weakref.finalize(self, os.close, descriptor)
        """Closes the file when this is dropped without ``close`` (an index never closed)."""

    @classmethod
    def open(cls, path: Path) -> SegmentArrays | None:
        """The file at ``path``, or None when it is missing, of another layout or damaged
        (or the system reads no file at an offset: there is no ``os.pread`` on Windows)."""
        if not hasattr(os, "pread"):
            return None
        try:
            descriptor = os.open(path, os.O_RDONLY)
        except OSError:
            return None
        try:
            size = os.fstat(descriptor).st_size
            tail = _TRAILER.size + len(MAGIC)
            if size < tail:
                raise ValueError("too short")
            end = os.pread(descriptor, tail, size - tail)
            length, crc = _TRAILER.unpack(end[: _TRAILER.size])
            if end[_TRAILER.size :] != MAGIC or length > size - tail:
                raise ValueError("another layout")
            listing = os.pread(descriptor, length, size - tail - length)
            if zlib.crc32(listing) != crc:
                raise ValueError("a damaged directory")
            catalog = json.loads(listing)
            if not isinstance(catalog, dict):
                raise ValueError("a damaged directory")
            return cls(descriptor, catalog)
        except (OSError, ValueError):  # json.JSONDecodeError and UnicodeDecodeError are ValueErrors
            os.close(descriptor)
            return None

    def postings(self, field: str, btext: bytes) -> tuple[Ints, Floats] | None:
        """A word's document numbers and weights, or None when the file does not hold it
        (or its bytes are damaged)."""
        words = self._catalog.get(field)
        entry = words.get(btext.decode("utf-8", "surrogateescape")) if isinstance(words, dict) else None
        if not (isinstance(entry, list) and len(entry) == 5):
            return None
        offset, count, ids, weights, crc = entry
        if not (isinstance(offset, int) and isinstance(count, int) and isinstance(crc, int)):
            return None
        if ids not in _IDS or weights not in _WEIGHTS:
            return None
        size = count * (_IDS[ids] + _WEIGHTS[weights])
        try:
            data = os.pread(self._descriptor, size, offset)
        except (OSError, ValueError, OverflowError):
            return None
        if len(data) != size or zlib.crc32(data) != crc:
            return None
        docnums = np.frombuffer(data, f"<{ids}", count).astype(np.int64)
        if weights == "1":
            return docnums, np.ones(count, np.float64)
        return docnums, np.frombuffer(data, f"<{weights}", count, _IDS[ids] * count).astype(np.float64)

    def close(self) -> None:
        """Close the file."""
        self._closing()


class PostingArrays:
    """The posting arrays files of an index's segments, each opened once and kept while its
    segment is searched; a word they do not hold is decoded from the segment."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._open: dict[str, SegmentArrays] = {}
        self._missing: dict[str, float] = {}
        """Segment id -> when its file was last looked for and not found."""

    def read(self, reader: IndexReader, field: str, btext: bytes) -> tuple[Ints, Floats] | None:
        """A word's postings in ``reader``'s segment (a ``PostingReader``)."""
        name = segment_id(reader)
        arrays = self._segment(name) if name is not None else None
        found = arrays.postings(field, btext) if arrays is not None else None
        return found if found is not None else read_postings(reader, field, btext)

    def _segment(self, name: str) -> SegmentArrays | None:
        if name in self._open:
            return self._open[name]
        now = time.monotonic()
        if now - self._missing.get(name, -RETRY_SECONDS) < RETRY_SECONDS:
            return None
        arrays = SegmentArrays.open(self.directory / f"{name}{SUFFIX}")
        if arrays is None:
            self._missing[name] = now
            return None
        self._missing.pop(name, None)
        self._open[name] = arrays
        return arrays

    def keep(self, current: set[str]) -> None:
        """Close the files of segments no longer searched (merged away or rebuilt)."""
        for name in set(self._open) - current:
            self._open.pop(name).close()
        for name in set(self._missing) - current:
            del self._missing[name]

    def close(self) -> None:
        """Close every file."""
        self.keep(set())
