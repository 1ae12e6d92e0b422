"""What the reader's workers read from the library: plain functions, run off the UI thread.

``read_sections`` reads the left pane (and at start the first list), ``read_keys`` the keys
of one section. They take the library and plain values and return a message to post, so
they are tested without an app. A new kind of section gets its keys in ``read_keys``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reader.core.errors import IndexBuilding, QueryError, ReaderError, SearchCancelled
from reader.core.library import SEARCH_SECONDS, Library
from reader.core.models import Sort
from reader.core.saved_searches import SavedSearch
from reader.core.tags import has_tag
from reader.ui.days import Section
from reader.ui.messages import KeysRead, SavedCounted, SectionsRead
from reader.ui.picked import PICKED, ListChoice, Picked, read_picked, without_hidden
from reader.ui.reading_order import Opening, morning_ref

SEARCH_LIMIT = 1000
"""The most papers a search lists (its title says how many match in all)."""
FIRST_UNREAD = "\x00first-unread"
"""As the paper wanted: the cursor goes to the list's first unread paper (no key has a NUL)."""
LAST_UNREAD = "\x00last-unread"
"""As the paper wanted: the cursor goes to the list's last unread paper."""


@dataclass(frozen=True)
class StartRead:
    """The section, paper and sort the reader starts on (remembered from the last run)."""

    section: str | None
    paper: str | None
    sort: Sort
    reverse: bool


def start_ref(sections: Sequence[Section], ref: str | None) -> str:
    """``ref`` when it is one of ``sections``, else the newest day a dump dates (a day guessed
    from a file's date only when there is no other), else all papers."""
    if ref is not None and any(section.ref == ref for section in sections):
        return ref
    days = [section for section in sections if section.kind == "day"]
    dated = next((section for section in days if not section.guessed), days[0] if days else None)
    return dated.ref if dated is not None else "all"


def read_sections(
    library: Library, *, reload: bool, start: StartRead | None = None, opening: Opening | None = None
) -> SectionsRead:
    """The days and counts of the left pane; with ``start``, also the keys of the section
    the reader opens on (``generation`` 0: the screen gives the read its own); with
    ``opening``, the day a morning's reading starts on (``morning``), when it is not the
    entry remembered."""
    days = library.days()
    papers, _ = library.counts()
    bookmarks = len(library.bookmark_keys())
    tags = library.bookmarks.tag_counts()
    library.saved_searches.reload()  # (edited by hand while the reader runs)
    saved = list(library.saved_searches.items)
    lists, watching = library.lists(), bool(library.watch_queries)
    read = SectionsRead(days, papers, bookmarks, reload, None, lists, watching, tags=tags, saved=saved)
    if opening is not None:
        read.morning = morning_ref(library, read.sections(), opening)
    if start is not None:
        sections = read.sections()
        ref = read.morning or start_ref(sections, start.section)
        section = next(section for section in sections if section.ref == ref)
        want = FIRST_UNREAD if read.morning else start.paper
        read.keys = read_keys(library, section, start.sort, start.reverse, want, 0)  # never a search
    return read


def count_saved(library: Library, searches: Sequence[SavedSearch]) -> SavedCounted:
    """The match and unread counts of the saved searches (0 for a query that cannot be run;
    no unread count where ``is:unread`` is not answered or cannot join the query)."""
    counts: dict[str, tuple[int, bool, int | None]] = {}
    for search in searches:
        try:
            result = library.search(search.query, limit=1, time_limit=SEARCH_SECONDS)
        except ReaderError:
            counts[search.name] = (0, True, None)
            continue
        try:
            unread: int | None = library.search(f"{search.query} is:unread", limit=1, time_limit=SEARCH_SECONDS).total
        except ReaderError:
            unread = None
        counts[search.name] = (result.total, result.total_exact, unread)
    return SavedCounted(counts)


def read_keys(
    library: Library,
    section: Section,
    sort: Sort,
    reverse: bool,
    want: str | None,
    generation: int,
    cancel: Callable[[], bool] | None = None,
    choice: ListChoice | None = None,
) -> KeysRead | None:
    """The keys of ``section`` in ``sort`` order, the cursor on ``want`` when it is listed;
    None for a search abandoned through ``cancel`` (a newer one replaced it). ``choice``
    says whether hidden papers are shown and how far back "For you" looks."""
    choice = choice or ListChoice()
    try:
        if section.searches:
            result = library.search(
                section.query, limit=SEARCH_LIMIT, sort=sort, cancel=cancel, time_limit=SEARCH_SECONDS
            )
            keys = list(result.keys)
            if reverse:
                keys.reverse()
            picked = Picked(keys, result.terms, result.total, result.total_exact)
        elif section.kind == "unread":
            picked = Picked(library.unread_keys(sort, reverse))
        elif section.kind == "bookmarks":
            picked = Picked(library.sorted_bookmark_keys(sort, reverse))
        elif section.kind == "tag":
            picked = Picked(library.sorted_bookmark_keys(sort, reverse, lambda mark: has_tag(mark.tags, section.name)))
        elif section.kind in PICKED:
            picked = read_picked(library, section, sort, reverse, choice)
        else:
            keys, hidden = without_hidden(library, library.keys(section.day, sort, reverse), choice)
            picked = Picked(keys, hidden=hidden)
    except SearchCancelled:
        return None
    except IndexBuilding as error:
        return KeysRead(section, [], 0, generation, error=str(error), waiting=True)
    except QueryError as error:
        return KeysRead(section, [], 0, generation, error=str(error))
    except ReaderError as error:
        return KeysRead(section, [], 0, generation, error=f"cannot read the papers: {error}")
    keys = picked.keys
    if want in (FIRST_UNREAD, LAST_UNREAD):
        last = want == LAST_UNREAD
        found = library.first_unread(keys, len(keys) - 1 if last else 0, -1 if last else 1)
        cursor = found if found is not None else (len(keys) - 1 if last else 0)
    else:
        cursor = keys.index(want) if want in keys else 0
    total = picked.total or len(keys)
    return KeysRead(
        section,
        keys,
        cursor,
        generation,
        picked.terms,
        total,
        picked.exact,
        None,
        picked.hidden,
        picked.notes,
        picked.hint,
    )
