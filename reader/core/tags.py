"""Tags and notes on bookmarked papers: how typed tags are read, how a note is kept, and
what the library counts and searches of them.

Tags are typed comma- or space-separated and compared case-folded (``Agents`` and ``agents``
are one tag); a tag keeps the spelling it was first given, so a tag already in use is
written as it is written elsewhere. A note is any text: control characters go (newlines and
tabs stay), and it is never read as markup anywhere it is shown.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from reader.core.errors import TagError
from reader.core.text import clean
from reader.core.user_query import KeyPredicate, UserTerms

MAX_TAG_LENGTH = 40
"""The longest tag, in characters."""
MAX_TAGS = 32
"""The most tags one paper keeps."""
MAX_NOTE_LENGTH = 100_000
"""The longest note, in characters (a longer one is refused, never cut)."""

_SEPARATORS = re.compile(r"[\s,]+")
_FORBIDDEN = re.compile(r'["()]')


@dataclass(frozen=True, slots=True)
class TagCount:
    """A tag in use, as first spelled, and how many bookmarks carry it."""

    tag: str
    count: int

    @property
    def folded(self) -> str:
        """The tag's comparison form (what ``tag:`` searches and the left pane's entry name)."""
        return fold_tag(self.tag)


def fold_tag(tag: str) -> str:
    """The comparison form of a tag: case-folded."""
    return tag.casefold()


def parse_tags(text: str, in_use: Iterable[str] = ()) -> tuple[str, ...]:
    """The tags typed in ``text`` (comma- or space-separated), each once, in the order typed;
    a tag already in use takes that spelling. ``TagError`` for a tag that cannot be searched
    (quotes, parentheses) or is too long, and for too many tags."""
    spelled = {fold_tag(tag): tag for tag in in_use}
    tags: dict[str, str] = {}
    for word in _SEPARATORS.split(clean(text)):
        word = word.strip()
        if not word:
            continue
        if _FORBIDDEN.search(word):
            raise TagError(f"the tag {word!r} holds a quote or a parenthesis: tags cannot (tag:… could not find it)")
        if len(word) > MAX_TAG_LENGTH:
            raise TagError(f"the tag {word[:20]!r}… is longer than {MAX_TAG_LENGTH} characters")
        tags.setdefault(fold_tag(word), spelled.get(fold_tag(word), word))
    if len(tags) > MAX_TAGS:
        raise TagError(f"{len(tags)} tags: a paper keeps at most {MAX_TAGS}")
    return tuple(tags.values())


def read_tags(value: object) -> tuple[tuple[str, ...], list[str]]:
    """Tags as a user file holds them (a list of text, or one text as typed), and what in
    them could not be used."""
    problems: list[str] = []
    words: list[str] = []
    if isinstance(value, str):
        words = [value]
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, str):
                words.append(item)
            else:
                problems.append(f"a tag is not text ({item!r:.30}): not used")
    elif value is not None:
        problems.append(f"'tags' is not a list ({value!r:.30}): not used")
    tags: dict[str, str] = {}
    for word in words:
        try:
            for tag in parse_tags(word):
                tags.setdefault(fold_tag(tag), tag)
        except TagError as error:
            problems.append(f"{error}: not used")
    return tuple(tags.values())[:MAX_TAGS], problems


def clean_note(text: str) -> str:
    """A note as kept: control characters removed (newlines and tabs stay), trailing white
    space of the whole note dropped; ``TagError`` when it is too long."""
    note = clean(text.replace("\r\n", "\n").replace("\r", "\n")).rstrip()
    if len(note) > MAX_NOTE_LENGTH:
        raise TagError(f"the note has {len(note):,} characters: at most {MAX_NOTE_LENGTH:,} are kept")
    return note


def count_tags(tag_lists: Iterable[Sequence[str]]) -> list[TagCount]:
    """Every tag in use with its number of papers, in alphabetical order (case-folded); a
    tag spelled two ways in a hand-edited file is shown as first met."""
    spelled: dict[str, str] = {}
    counts: Counter[str] = Counter()
    for tags in tag_lists:
        for folded in dict.fromkeys(fold_tag(tag) for tag in tags):
            counts[folded] += 1
        for tag in tags:
            spelled.setdefault(fold_tag(tag), tag)
    return [TagCount(spelled[folded], counts[folded]) for folded in sorted(counts)]


def has_tag(tags: Sequence[str], tag: str) -> bool:
    """True when ``tags`` hold ``tag`` (case-folded)."""
    folded = fold_tag(tag)
    return any(fold_tag(candidate) == folded for candidate in tags)


def note_has(note: str, words: str) -> bool:
    """True when the note holds ``words`` (case-folded, anywhere: ``bench`` finds ``benchmarks``)."""
    return fold_tag(words) in fold_tag(note)


class Annotated(Protocol):
    """What the search terms read of a bookmark: its tags and its note."""

    @property
    def tags(self) -> tuple[str, ...]:
        """The paper's tags."""

    @property
    def note(self) -> str:
        """The paper's note ("" for none)."""


KeysWhere = Callable[[Callable[[Annotated], bool]], Sequence[str]]
"""The current keys of the bookmarked papers whose bookmark passes a test (``Library.bookmark_keys``)."""


def register_terms(terms: UserTerms, keys_where: KeysWhere) -> None:
    """Answer ``tag:X``, ``note:word`` and ``has:note`` / ``has:tags`` from the bookmarks."""

    def admitted(test: Callable[[Annotated], bool]) -> KeyPredicate:
        return set(keys_where(test)).__contains__

    terms.add("tag", lambda value: admitted(lambda mark: has_tag(mark.tags, value)))
    terms.add("note", lambda value: admitted(lambda mark: note_has(mark.note, value)))
    terms.add("has", lambda value: admitted(lambda mark: bool(mark.note if value == "note" else mark.tags)), HAS_VALUES)


HAS_VALUES = ("note", "tags")
"""What ``has:`` takes."""
