"""The bookmark store: ``bookmarks.json`` in the user data dir, a ``UserFile``.

Each bookmark keeps the paper's key, title, best link, arXiv id, authors, dates and when it
was added, so it survives its dump being deleted (the list and the exports need no dumps)
and a key that changes once the arXiv id is known. The user's tags and note ride on the
bookmark: tagging a paper or writing a note bookmarks it.

The format stays version 1: tags, notes, authors and dates are fields a papers that does not
know them keeps as they are (a ``UserFile`` keeps unknown fields), so an older reader loses
nothing of them.
Every change re-reads the file under a lock (threads and processes alike), applies itself,
and writes atomically, so readers and threads toggling bookmarks at once keep all of them.
The file is read field by field (see ``reader.core.userstore``): what cannot be used is
kept and reported, a damaged file or one from a newer papers is copied (and the copy
verified) before it is ever replaced.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from reader.core.errors import StoreError
from reader.core.marks import MarkIndex, matches, read_identity
from reader.core.models import Link, Paper
from reader.core.tags import TagCount, clean_note, count_tags, parse_tags, read_tags
from reader.core.text import clean, has_control, one_line, title_key
from reader.core.userstore import Snapshot, UserFile, summary

FORMAT_VERSION = 1


@dataclass(frozen=True, slots=True)
class Bookmark:
    """A bookmarked paper, as remembered independently of the dumps, with the user's tags
    and note."""

    key: str
    title: str
    url: str
    added: str
    arxiv_id: str | None = None
    tags: tuple[str, ...] = ()
    note: str = ""
    authors: tuple[str, ...] = ()
    published: dt.date | None = None
    listed: dt.date | None = None
    """The earliest day a dump listed the paper (the year of a citation without a published date)."""

    def matches(self, paper: Paper) -> bool:
        """True when ``paper`` is this bookmark's paper (same key, arXiv id or title)."""
        return matches(self, paper)

    @property
    def annotated(self) -> bool:
        """True when the bookmark carries tags or a note (removing it asks first)."""
        return bool(self.tags or self.note)

    @classmethod
    def of(cls, paper: Paper) -> Bookmark:
        """A new bookmark for ``paper``, added now."""
        added = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        return cls(paper.key, paper.title, paper.url, added, paper.arxiv_id).refreshed(paper)

    def refreshed(self, paper: Paper) -> Bookmark:
        """The bookmark with what the dumps now say of its paper (its key stays: it names the
        bookmark in the file); what the paper lacks is kept from before."""
        if paper.missing:
            return self
        listed = min(paper.days) if paper.days else self.listed
        return replace(
            self,
            title=paper.title or self.title,
            url=paper.url or self.url,
            arxiv_id=paper.arxiv_id or self.arxiv_id,
            authors=paper.authors or self.authors,
            published=paper.published or self.published,
            listed=listed,
        )

    def as_paper(self) -> Paper:
        """The paper as the bookmark remembers it, for a paper no dump lists (``missing``)."""
        # A url with control characters was never read (see read_bookmark); any other is
        # kept to be shown and copied, and opened only if ``is_openable``.
        links = (Link("bookmark", "Saved link", self.url),) if self.url else ()
        return Paper(
            key=self.key,
            title=self.title,
            arxiv_id=self.arxiv_id,
            links=links,
            authors=self.authors,
            published=self.published,
            days=(self.listed,) if self.listed else (),
        )


def read_bookmark(raw: dict[str, Any], warn: Callable[[str], None]) -> Bookmark | None:
    """A bookmark from its JSON object, field by field; None without a key, title or arXiv id."""
    title = raw.get("title")
    if title is not None and not isinstance(title, str):
        warn(f"'title' is not text ({title!r:.40}): not used")
    title = clean(title).strip() if isinstance(title, str) else ""
    key, arxiv_id = read_identity(raw)
    if not key:
        if not title:
            return None
        key = title_key(title)
        warn("has no 'key': its title's is used")
    url = raw.get("url")
    if not isinstance(url, str) or has_control(url):
        if url not in (None, ""):
            warn("its 'url' holds control characters or is not text: not used")
        url = ""
    tags, problems = read_tags(raw.get("tags"))
    for problem in problems:
        warn(problem)
    return Bookmark(
        key,
        title or key,
        url,
        _added(raw.get("added"), warn),
        arxiv_id,
        tags=tags,
        note=_text(raw, "note", warn),
        authors=_authors(raw.get("authors"), warn),
        published=_date(raw, "published", warn),
        listed=_date(raw, "listed", warn),
    )


def _text(raw: dict[str, Any], name: str, warn: Callable[[str], None]) -> str:
    value = raw.get(name)
    if value is None or isinstance(value, str):
        return clean(value or "").rstrip()
    warn(f"{name!r} is not text ({value!r:.40}): not used")
    return ""


def _authors(value: object, warn: Callable[[str], None]) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        warn(f"'authors' is not a list ({value!r:.40}): not used")
        return ()
    authors = tuple(one_line(name) for name in value if isinstance(name, str) and one_line(name))
    if len(authors) != len(value):
        warn("an author is not text: not used")
    return authors


def _date(raw: dict[str, Any], name: str, warn: Callable[[str], None]) -> dt.date | None:
    value = raw.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    warn(f"{name!r} is not a date ({value!r:.40}): not used")
    return None


def _added(value: object, warn: Callable[[str], None]) -> str:
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        try:
            return dt.datetime.fromtimestamp(value, dt.UTC).isoformat(timespec="seconds")
        except (OverflowError, ValueError, OSError):
            pass
    if value is not None:
        warn(f"'added' is not a date ({value!r:.40}): not used")
    return ""


def write_bookmark(bookmark: Bookmark) -> dict[str, Any]:
    """The JSON object of a bookmark (every field, so that a change replaces each one)."""
    return {
        "key": bookmark.key,
        "title": bookmark.title,
        "url": bookmark.url,
        "added": bookmark.added,
        "arxiv_id": bookmark.arxiv_id,
        "tags": list(bookmark.tags),
        "note": bookmark.note,
        "authors": list(bookmark.authors),
        "published": bookmark.published.isoformat() if bookmark.published else None,
        "listed": bookmark.listed.isoformat() if bookmark.listed else None,
    }


class BookmarkStore:
    """Bookmarks kept in one JSON file; ``problem`` says in one line what was wrong with it
    (``warnings`` has every line)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.file = UserFile(
            path,
            items_key="bookmarks",
            version=FORMAT_VERSION,
            read_item=read_bookmark,
            write_item=write_bookmark,
            identity=_identity,
        )
        self.problem: str | None = None
        self.warnings: tuple[str, ...] = ()
        self._bookmarks: list[Bookmark] = []
        self._index: MarkIndex[Bookmark] = MarkIndex(())
        self.reload()

    @property
    def items(self) -> list[Bookmark]:
        """The bookmarks, newest first (of two added in the same second, the later in the file,
        which is the later added)."""
        order = sorted(enumerate(self._bookmarks), key=lambda item: (item[1].added, item[0]), reverse=True)
        return [bookmark for _, bookmark in order]

    def __len__(self) -> int:
        return len(self._bookmarks)

    def find(self, paper: Paper) -> Bookmark | None:
        """The bookmark of ``paper``, if it has one."""
        return self._index.find(paper)

    def is_bookmarked(self, paper: Paper) -> bool:
        """True when ``paper`` is bookmarked."""
        return self.find(paper) is not None

    def reload(self) -> None:
        """Read the file again (what another reader wrote becomes visible)."""
        self._set(self.file.read())

    def toggle(self, paper: Paper) -> bool:
        """Bookmark ``paper`` or remove its bookmark; returns True when it is now bookmarked."""
        added: list[bool] = []

        def change(bookmarks: list[Bookmark]) -> list[Bookmark]:
            kept = [bookmark for bookmark in bookmarks if not bookmark.matches(paper)]
            added.append(len(kept) == len(bookmarks))
            return [*kept, Bookmark.of(paper)] if added[0] else kept

        self._update(change)
        return added[0]

    def annotate(
        self, paper: Paper, *, tags: tuple[str, ...] | None = None, note: str | None = None
    ) -> Bookmark | None:
        """Give ``paper`` these tags and/or this note (None: left as they are), bookmarking it;
        the bookmark as saved, or None when there is none to keep (an unbookmarked paper given
        no tag and no note)."""
        saved: list[Bookmark] = []

        def change(bookmarks: list[Bookmark]) -> list[Bookmark]:
            old = next((bookmark for bookmark in bookmarks if bookmark.matches(paper)), None)
            if old is None and not tags and not note:
                return bookmarks
            base = old.refreshed(paper) if old is not None else Bookmark.of(paper)
            new = replace(base, tags=base.tags if tags is None else tags, note=base.note if note is None else note)
            saved.append(new)
            if old is None:
                return [*bookmarks, new]
            return [new if bookmark is old else bookmark for bookmark in bookmarks]

        self._update(change)
        return saved[0] if saved else None

    def set_tags(self, paper: Paper, text: str) -> Bookmark | None:
        """Give ``paper`` the tags typed in ``text`` (bookmarking it); ``TagError`` for tags
        that cannot be kept. Removing the last tag keeps the bookmark."""
        return self.annotate(paper, tags=parse_tags(text, (count.tag for count in self.tag_counts())))

    def set_note(self, paper: Paper, text: str) -> Bookmark | None:
        """Give ``paper`` this note ("" removes it; a note bookmarks the paper)."""
        return self.annotate(paper, note=clean_note(text))

    def tag_counts(self) -> list[TagCount]:
        """Every tag in use with its number of bookmarked papers, alphabetically."""
        return count_tags(bookmark.tags for bookmark in self._bookmarks)

    def remove(self, bookmark: Bookmark) -> None:
        """Remove one bookmark (for bookmarks whose paper is gone from the dumps)."""
        self._update(lambda bookmarks: [b for b in bookmarks if b.key != bookmark.key])

    def _update(self, change: Callable[[list[Bookmark]], list[Bookmark]]) -> None:
        try:
            snapshot = self.file.update(change)
        except StoreError as error:
            raise StoreError(f"bookmark not saved: {error}") from None
        self._set(snapshot)

    def _set(self, snapshot: Snapshot[Bookmark]) -> None:
        self._bookmarks = list(snapshot.items)
        self._index = MarkIndex(self._bookmarks)
        self.warnings = snapshot.warnings
        self.problem = summary(snapshot.warnings)


def _identity(bookmark: Bookmark) -> str:
    """A changed bookmark keeps its key (see ``Bookmark.refreshed``): it takes the old one's place."""
    return bookmark.key
