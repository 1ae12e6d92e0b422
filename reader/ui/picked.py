"""The lists the reader picks for the user, read off the UI thread like the others: the
papers like one paper, "For you", the watched papers, and day lists without hidden papers.

Plain functions of the library and plain values (see ``reading``), so they are tested
without an app.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reader.core.library import Library
from reader.core.models import Sort
from reader.core.picks import FOR_YOU_DAYS
from reader.ui.days import HIDING, Section

PICKED = frozenset({"similar", "foryou", "watched"})
"""The kinds of section read here."""


@dataclass(frozen=True)
class ListChoice:
    """What the user chose about lists: hidden papers shown (``X``), "For you"'s days."""

    show_hidden: bool = False
    for_you_days: int = FOR_YOU_DAYS


@dataclass(frozen=True)
class Picked:
    """A section's keys in order, and what the list says about them."""

    keys: list[str]
    terms: tuple[str, ...] = ()
    total: int = 0
    exact: bool = True
    hidden: int = 0
    notes: dict[str, str] = field(default_factory=dict)
    hint: str | None = None


def without_hidden(library: Library, keys: list[str], choice: ListChoice) -> tuple[list[str], int]:
    """``keys`` without the hidden papers (all of them when ``choice`` shows hidden papers),
    and how many were left out."""
    hidden = library.lists().hidden
    if choice.show_hidden or not hidden:
        return keys, 0
    kept = [key for key in keys if key not in hidden]
    return kept, len(keys) - len(kept)


def read_picked(library: Library, section: Section, sort: Sort, reverse: bool, choice: ListChoice) -> Picked:
    """The keys of a "similar", "For you" or "watched" section (relevance first unless another
    sort is chosen)."""
    notes: dict[str, str] = {}
    hint = None
    if section.kind == "similar":
        keys = list(library.similar(section.query).keys)
    elif section.kind == "foryou":
        chosen = library.for_you(choice.for_you_days)
        keys = [suggestion.key for suggestion in chosen.suggestions]
        notes = {suggestion.key: suggestion.like for suggestion in chosen.suggestions if suggestion.like}
        hint = chosen.hint
        if hint:
            keys = []
    else:
        keys = list(library.search("is:watched", limit=None, sort=sort).keys)
        sort = Sort.PAGE  # already in order
    if sort is not Sort.PAGE:
        keys = library.sort_keys(keys, sort)
    if reverse:
        keys.reverse()
    hidden = 0
    if section.kind in HIDING:
        keys, hidden = without_hidden(library, keys, choice)
    return Picked(keys, hidden=hidden, notes=notes, hint=hint)
