"""JSON read by meaning: records at any depth whose keys say title, abstract, authors, link...

A JSON object is a record when, with the objects nested in it (``details``, ``paper``...),
it has a title and makes a paper (see ``fields``) and holds no list of records itself; the
keys are matched over the synonym table in ``labels``. A record's own keys win over its
nested objects'. A date on an object that holds records (``{"date": ..., "papers": [...]}``)
is the day of those records.
Strings that hold JSON are read as JSON; a ``translation`` string's ``Title:`` label (in
any language) is a translated title.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

from reader.core.models import Entry
from reader.core.parsers.general.fields import Fields
from reader.core.parsers.general.labels import JSON_KEY_RANK, Meaning, json_meaning, label_line, read_day

_MAX_DEPTH = 40
_NESTED_DEPTH = 2


def records(value: object, day: dt.date | None = None, depth: int = 0) -> Iterator[Entry]:
    """The papers found in a decoded JSON value, in document order."""
    if depth > _MAX_DEPTH:
        return
    if isinstance(value, str):
        inner = _json_in_string(value)
        if inner is not None:
            yield from records(inner, day, depth + 1)
        return
    if isinstance(value, list):
        for item in value:
            yield from records(item, day, depth + 1)
        return
    if not isinstance(value, dict):
        return
    entry = _record(value, day)
    if entry is not None:
        yield entry
        return
    own_day = _own_day(value) or day
    for item in value.values():
        if isinstance(item, list | dict | str):
            yield from records(item, own_day, depth + 1)


def _record(data: dict[str, object], day: dt.date | None) -> Entry | None:
    if any(_holds_records(value) for value in data.values()):
        return None  # a container of records ({"date", "papers": [...]}), not one
    pairs = list(_pairs(data, 0))
    if not any(meaning is Meaning.TITLE and isinstance(value, str) for meaning, value, _ in pairs):
        return None
    fields = Fields()
    for meaning, value, _ in sorted(pairs, key=lambda pair: pair[2]):
        if meaning is Meaning.TRANSLATION and isinstance(value, str):
            _translation(value, fields)
        else:
            fields.add(meaning, value)
    return fields.entry(day)


def _holds_records(value: object) -> bool:
    """True for a list with an object that has a title key: a list of records."""
    return isinstance(value, list) and any(
        isinstance(item, dict) and any(json_meaning(key) is Meaning.TITLE for key in item) for item in value[:50]
    )


def _pairs(data: dict[str, object], level: int) -> Iterator[tuple[Meaning, object, tuple[int, int]]]:
    """(meaning, value, rank) of the keys of ``data`` and of the objects nested in it."""
    for key, value in data.items():
        meaning = json_meaning(key)
        if isinstance(value, dict) and meaning is None and level < _NESTED_DEPTH:
            yield from _pairs(value, level + 1)
        elif meaning is not None and not isinstance(value, dict):
            if meaning is Meaning.COMMENTS and isinstance(value, list):
                value = len(value)
            yield meaning, value, (level, JSON_KEY_RANK.get("".join(ch for ch in key.casefold() if ch.isalnum()), 0))


def _own_day(data: dict[str, object]) -> dt.date | None:
    for key, value in data.items():
        if json_meaning(key) is Meaning.DAY:
            found = read_day(value)
            if found is not None:
                return found
    return None


def _translation(text: str, fields: Fields) -> None:
    for title in translated_titles(text):
        fields.add_title(title)


def translated_titles(text: str) -> tuple[str, ...]:
    """The ``Title:`` values (in any language) of a translation string."""
    found = (label_line(line) for line in text.split("\n"))
    return tuple(value for item in found if item is not None and item[0] is Meaning.TITLE and (value := item[1]))


def _json_in_string(text: str) -> object | None:
    stripped = text.strip()
    if len(stripped) < 2 or stripped[0] not in "[{" or stripped[-1] not in "]}":
        return None
    try:
        value: object = json.loads(stripped)
        return value
    except (ValueError, RecursionError):
        return None
