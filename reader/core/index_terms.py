"""A word's entry in the index's terms, found in fewer reads: its document frequency, and
its postings opened for similar papers.

Part of the index (the Whoosh code). A word's rarity in similar papers and "For you" needs
its document frequency in every segment of the index, and "For you" asks it of some 9,000
words on its first run (ten segments at 100,000 papers: 90,000 lookups); similar papers
open 50 terms in each segment. Whoosh finds a term through a stack of file objects, four
seeks and reads of a few bytes each (about 14 µs, 25 µs with its postings opened);
``SegmentTerms`` reads the same hash table of terms (whoosh-reloaded 2.7.5's layout:
``filetables.HashReader``) with two ``os.pread`` calls and gives the same answers. A
segment in any other layout (or a system without ``pread``) is asked the usual way.
"""

from __future__ import annotations

import io
import os
import pickle
import struct
import zlib
from itertools import accumulate, repeat

import numpy as np
from numpy.typing import NDArray
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo, W3TermsReader
from whoosh.filedb.compound import SubFile
from whoosh.filedb.filetables import md5_hash
from whoosh.matching import Matcher
from whoosh.reading import IndexReader, TermNotFound

Ints = NDArray[np.int64]
Floats = NDArray[np.float64]

_FIELD = struct.Struct("!H")
_POINTER = struct.Struct("!Iq")
"""A hash table slot: the key's hash and where the key is (0: an empty slot)."""
_LENGTHS = struct.Struct("!ii")
"""Before each key: its length and its value's length."""
_UINT = struct.Struct("!I")
_DOC_FREQUENCY_AT = 1 + 4
"""Where a term's document frequency is in its ``W3TermInfo`` bytes (after a flag byte and a float)."""
_VALUE_GUESS = 64
"""Bytes read after a key at once: a term's info, unless its postings are inlined in it."""
_BLOCK_SIZE = struct.Struct("!i")
"""Before each block of postings: its size in bytes, negative for the last block."""


class _Table:
    """The hash table of one segment's terms file, read with ``os.pread`` (no file position
    is moved, so it does not disturb Whoosh's own reads of the same file)."""

    def __init__(self, terms: W3TermsReader, file: SubFile) -> None:
        self.fields: dict[str, int] = terms._fieldmap
        self.terms = terms
        self._tables: list[tuple[int, int]] = terms._tindex.tables
        self._descriptor: int = file._file.fileno()
        self._base: int = file._offset

    def value(self, key: bytes, keyhash: int, wanted: int = _VALUE_GUESS) -> bytes | None:
        """The value stored for ``key`` (field number and word, hashed to ``keyhash``): at
        least its first ``wanted`` bytes, all of it when ``wanted`` is the guess; None
        when the segment has no such term."""
        start, slots = self._tables[keyhash & 255]
        slot = (keyhash >> 8) % slots if slots else 0
        for _ in range(slots):
            slothash, position = _POINTER.unpack(
                os.pread(self._descriptor, _POINTER.size, self._base + start + slot * _POINTER.size)
            )
            if not position:
                return None
            if slothash == keyhash:
                head = _LENGTHS.size + len(key)
                item = os.pread(self._descriptor, head + wanted, self._base + position)
                length, size = _LENGTHS.unpack_from(item)
                if length == len(key) and item[_LENGTHS.size : head] == key:
                    value = item[head : head + size]
                    if len(value) < size and wanted == _VALUE_GUESS:
                        value += os.pread(self._descriptor, size - len(value), self._base + position + len(item))
                    return value
            slot = slot + 1 if slot + 1 < slots else 0
        return None


def _table(reader: IndexReader) -> _Table | None:
    """The quick lookup for a segment's reader in the known layout (None: another layout)."""
    terms = getattr(reader, "_terms", None)
    if not isinstance(terms, W3TermsReader):
        return None
    file = getattr(terms._dbfile, "file", None)
    index = terms._tindex
    known = isinstance(file, SubFile) and hasattr(file._file, "fileno") and hasattr(os, "pread")  # not on Windows
    if not known or index.hashfn is not md5_hash or index.startoffset != 0:
        return None
    return _Table(terms, file)


class SegmentTerms:
    """The terms of every segment of one reader: what ``doc_frequency`` and ``postings``
    say, in fewer reads."""

    def __init__(self, reader: IndexReader) -> None:
        self.segments: list[tuple[IndexReader, int]] = list(reader.leaf_readers())
        """Each segment's reader and the number of its first document, in Whoosh's order."""
        self._tables = [_table(segment) for segment, _ in self.segments]

    def doc_frequency(self, field: str, word: str) -> int:
        """How many documents hold ``word`` in ``field``, deleted ones included (as Whoosh counts)."""
        encoded = word.encode("utf-8")
        keys: dict[int, tuple[bytes, int]] = {}  # the segments mostly number the fields alike
        total = 0
        for (segment, _), table in zip(self.segments, self._tables, strict=True):
            if table is None:
                total += int(segment.doc_frequency(field, word))
                continue
            number = table.fields.get(field)
            if number is None:
                continue
            key = keys.get(number)
            if key is None:
                packed = _FIELD.pack(number) + encoded
                key = keys[number] = (packed, md5_hash(packed))
            value = table.value(*key, wanted=_DOC_FREQUENCY_AT + _UINT.size)
            if value is not None:
                total += int(_UINT.unpack_from(value, _DOC_FREQUENCY_AT)[0])
        return total

    def postings(self, place: int, field: str, word: str) -> Matcher | None:
        """The postings of ``word`` in ``field`` in the segment at ``place`` of ``segments``
        (None: it has none), as ``reader.postings`` gives them."""
        segment, _ = self.segments[place]
        table = self._tables[place]
        if table is None or segment.has_deletions() or field not in segment.schema:
            try:
                return segment.postings(field, word)
            except TermNotFound:
                return None
        number = table.fields.get(field)
        if number is None:
            return None
        encoded = word.encode("utf-8")
        key = _FIELD.pack(number) + encoded
        value = table.value(key, md5_hash(key))
        if value is None:
            return None
        terminfo = W3TermInfo.from_bytes(value)
        format_ = segment.schema[field].format
        matcher: Matcher = table.terms._codec.postings_reader(
            table.terms._postfile, terminfo, format_, term=(field, encoded)
        )
        return matcher


def segment_id(reader: IndexReader) -> str | None:
    """The id of the segment ``reader`` reads (None when it is not one segment's reader: an
    empty index's)."""
    segment = getattr(reader, "segment", None)
    segment = segment() if segment is not None else None
    return None if segment is None else str(segment.segment_id())


def read_postings(reader: IndexReader, field: str, btext: bytes) -> tuple[Ints, Floats] | None:
    """Every posting of a word in one segment: document numbers and weights (deleted
    documents included), or None for a segment in another layout. The word is found in the
    segment's terms with ``_Table``'s reads, as ``SegmentTerms`` finds it.

    Whoosh's matcher reads a posting list a block at a time, and the head of each block
    (a pickled tuple) through ``pickle.load`` on its stack of file objects: twenty small
    seeks and reads a block, most of the time of a search for a common word. Here the whole
    list is read at once (whoosh-reloaded 2.7.5's ``W3PostingsWriter`` layout: a magic
    tag, then blocks of size, pickled head and pickled, maybe compressed, data) and the
    blocks are decoded in memory, as Whoosh decodes them, into two arrays.
    """
    table = _table(reader)
    if table is None:
        return None
    number = table.fields.get(field)
    key = _FIELD.pack(number) + btext if number is not None else None
    value = table.value(key, md5_hash(key)) if key is not None else None
    if value is None:
        return np.zeros(0, np.int64), np.zeros(0, np.float64)
    terms = table.terms
    info = W3TermInfo.from_bytes(value)
    if info.is_inlined():
        ids, weights, _values = info.inlined_postings()
        return np.asarray(ids, np.int64), np.asarray(weights, np.float64)
    offset, length = info.extent()
    if isinstance(length, tuple):  # W3TermInfo.from_bytes keeps the unpacked tuple
        (length,) = length
    raw = _read(terms._postfile, offset, length)
    if raw[:4] != WHOOSH3_HEADER_MAGIC:
        return None
    docnums: list[int] = []
    found: list[float] = []
    stream = io.BytesIO(raw)
    position = len(WHOOSH3_HEADER_MAGIC)
    while position < len(raw):
        (size,) = _BLOCK_SIZE.unpack_from(raw, position)
        start, end = position + _BLOCK_SIZE.size, position + _BLOCK_SIZE.size + abs(size)
        stream.seek(start)
        count, _last_id, _top_weight, compression, _shortest, _longest = pickle.load(stream)
        data = raw[stream.tell() : end]
        stored_ids, stored_weights, _values = pickle.loads(zlib.decompress(data) if compression else data)
        docnums.extend(accumulate(stored_ids))  # deltas (the codec never stores byte ids here)
        if stored_weights is None or isinstance(stored_weights, float):  # all 1, or one for all
            found.extend(repeat(1.0 if stored_weights is None else stored_weights, count))
        else:
            found.extend(stored_weights)
        if size < 0:
            break
        position = end
    return np.array(docnums, np.int64), np.array(found, np.float64)  # one conversion, not one a block


def _read(postfile: object, offset: int, length: int) -> bytes:
    """``length`` bytes at ``offset`` of a segment's postings file, with ``os.pread`` where
    it can (no file position moved: searches in other threads read the same file)."""
    file = getattr(postfile, "file", None)
    if isinstance(file, SubFile) and hasattr(file._file, "fileno"):  # pread: known by ``_table``
        return os.pread(file._file.fileno(), length, file._offset + offset)
    data: bytes = postfile.get(offset, length)  # type: ignore[attr-defined]
    return data
