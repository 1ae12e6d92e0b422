"""How many documents hold a word: Whoosh's document frequency, looked up in fewer reads.

Part of the index (the Whoosh code). A word's rarity in similar papers and "For you" needs
its document frequency in every segment of the index, and "For you" asks it of some 9,000
words on its first run (ten segments at 100,000 papers: 90,000 lookups). Whoosh finds each
one through a stack of file objects, four seeks and reads of a few bytes each (about 14 µs);
``DocumentFrequencies`` reads the same hash table of terms (whoosh-reloaded 2.7.5's
layout: ``filetables.HashReader``) with two ``os.pread`` calls, a third of the time, and
gives the same numbers. A segment in any other layout (or a system without ``pread``) is
asked the usual way.
"""

from __future__ import annotations

import os
import struct

from whoosh.codec.whoosh3 import W3TermsReader
from whoosh.filedb.compound import SubFile
from whoosh.filedb.filetables import md5_hash
from whoosh.reading import IndexReader

_FIELD = struct.Struct("!H")
_POINTER = struct.Struct("!Iq")
"""A hash table slot: the key's hash and where the key is (0: an empty slot)."""
_LENGTHS = struct.Struct("!ii")
"""Before each key: its length and its value's length."""
_UINT = struct.Struct("!I")
_DOC_FREQUENCY_AT = 1 + 4
"""Where a term's document frequency is in its ``W3TermInfo`` bytes (after a flag byte and a float)."""


class _SegmentTerms:
    """The hash table of one segment's terms file, read with ``os.pread`` (no file position
    is moved, so it does not disturb Whoosh's own reads of the same file)."""

    def __init__(self, terms: W3TermsReader, file: SubFile) -> None:
        self._fields: dict[str, int] = terms._fieldmap
        self._tables: list[tuple[int, int]] = terms._tindex.tables
        self._descriptor: int = file._file.fileno()
        self._base: int = file._offset

    def field_number(self, field: str) -> int | None:
        """The number that stands for ``field`` in this segment's keys (None: no such field)."""
        return self._fields.get(field)

    def doc_frequency(self, key: bytes, keyhash: int) -> int:
        """How many documents of the segment hold the term of ``key`` (field number and
        word), whose hash is ``keyhash``."""
        start, slots = self._tables[keyhash & 255]
        slot = (keyhash >> 8) % slots if slots else 0
        for _ in range(slots):
            slothash, position = _POINTER.unpack(
                os.pread(self._descriptor, _POINTER.size, self._base + start + slot * _POINTER.size)
            )
            if not position:
                return 0
            if slothash == keyhash:
                wanted = _LENGTHS.size + len(key) + _DOC_FREQUENCY_AT + _UINT.size
                item = os.pread(self._descriptor, wanted, self._base + position)
                length, _ = _LENGTHS.unpack_from(item)
                if length == len(key) and item[_LENGTHS.size : _LENGTHS.size + length] == key:
                    return int(_UINT.unpack_from(item, _LENGTHS.size + length + _DOC_FREQUENCY_AT)[0])
            slot = slot + 1 if slot + 1 < slots else 0
        return 0


def _quick(reader: IndexReader) -> _SegmentTerms | None:
    """The quick lookup for a segment's reader in the known layout (None: another layout)."""
    terms = getattr(reader, "_terms", None)
    if not isinstance(terms, W3TermsReader):
        return None
    file = getattr(terms._dbfile, "file", None)
    index = terms._tindex
    known = isinstance(file, SubFile) and hasattr(file._file, "fileno") and hasattr(os, "pread")  # not on Windows
    if not known or index.hashfn is not md5_hash or index.startoffset != 0:
        return None
    return _SegmentTerms(terms, file)


class DocumentFrequencies:
    """Document frequencies over every segment of one reader (what ``doc_frequency`` says)."""

    def __init__(self, reader: IndexReader) -> None:
        self._quick: list[_SegmentTerms] = []
        self._slow: list[IndexReader] = []
        for segment, _ in reader.leaf_readers():
            quick = _quick(segment)
            if quick is None:
                self._slow.append(segment)
            else:
                self._quick.append(quick)

    def of(self, field: str, word: str) -> int:
        """How many documents hold ``word`` in ``field``, deleted ones included (as Whoosh counts)."""
        encoded = word.encode("utf-8")
        keys: dict[int, tuple[bytes, int]] = {}  # the segments mostly number the fields alike
        total = 0
        for segment in self._quick:
            number = segment.field_number(field)
            if number is None:
                continue
            key = keys.get(number)
            if key is None:
                packed = _FIELD.pack(number) + encoded
                key = keys[number] = (packed, md5_hash(packed))
            total += segment.doc_frequency(*key)
        return total + sum(int(segment.doc_frequency(field, word)) for segment in self._slow)
