"""The catalog: a compact SQLite side store of files, listings and merged papers.

It answers every list and metadata read (days, a day's papers in page order, sorting,
a paper by key) so that the Whoosh index is used only for search. It lives beside the
index in the cache dir: it can always be rebuilt from the dumps.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from reader.core.catalog_rows import entry_from_json, entry_to_json, paper_from_json, paper_row
from reader.core.dumps import Record
from reader.core.errors import IndexUnavailable
from reader.core.merge import StoredListing, merge_paper, paper_key_for
from reader.core.models import Day, DaySource, Paper, Sort
from reader.core.text import title_key

SCHEMA_VERSION = 2
_BATCH = 500
_INT64 = (-(2**63), 2**63 - 1)
_FINDABLE = ("key", "arxiv_id", "title_fold")
_DAMAGED = ("not a database", "malformed", "schema")
"""Words of SQLite's (and our) messages that mean the catalog file is damaged, not unwritable."""


def storable_ns(nanoseconds: int) -> int:
    """A file time in ns as SQLite can store it (a time after 2262 does not fit in 64 bits)."""
    return min(max(nanoseconds, _INT64[0]), _INT64[1])


def is_damage(error: Exception) -> bool:
    """True when a failure to open the catalog means its file is damaged (rebuild it), not
    that its folder cannot be written (a read-only or full disk)."""
    return any(word in str(error) for word in _DAMAGED)


_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, digest TEXT, parser TEXT, error TEXT
);
CREATE TABLE IF NOT EXISTS listings (
    id INTEGER PRIMARY KEY, path TEXT, rank INTEGER, day TEXT, day_source TEXT, parser TEXT,
    title_key TEXT, arxiv_id TEXT, paper_key TEXT, published TEXT, entry TEXT
);
CREATE INDEX IF NOT EXISTS listings_path ON listings(path);
CREATE INDEX IF NOT EXISTS listings_title ON listings(title_key);
CREATE INDEX IF NOT EXISTS listings_paper ON listings(paper_key);
CREATE INDEX IF NOT EXISTS listings_day ON listings(day, path, rank);
CREATE INDEX IF NOT EXISTS listings_days ON listings(day, paper_key, day_source);
CREATE TABLE IF NOT EXISTS papers (
    key TEXT PRIMARY KEY, title_fold TEXT, arxiv_id TEXT, published TEXT, upvotes INTEGER,
    comments INTEGER, last_day TEXT, last_rank INTEGER, data TEXT
);
DROP INDEX IF EXISTS papers_title;
DROP INDEX IF EXISTS papers_order;
CREATE INDEX IF NOT EXISTS papers_page ON papers(last_day DESC, last_rank, key);
CREATE INDEX IF NOT EXISTS papers_popular ON papers(COALESCE(upvotes, -1) DESC, COALESCE(comments, -1) DESC, key);
CREATE INDEX IF NOT EXISTS papers_published ON papers(published, key);
CREATE INDEX IF NOT EXISTS papers_titles ON papers(title_fold, key);
CREATE INDEX IF NOT EXISTS papers_arxiv ON papers(arxiv_id);
"""
# Rows are large (a listing's entry and a paper's merged record as JSON), so every list read
# is answered from a covering index: ``days()`` and ``keys()`` for 100,000 papers then read a
# few MB of index instead of every row (hundreds of MB).


_ORDER_BY = {
    Sort.PAGE: "p.last_day DESC, p.last_rank ASC, p.key",
    Sort.POPULAR: "COALESCE(p.upvotes, -1) DESC, COALESCE(p.comments, -1) DESC, p.key",
    Sort.PUBLISHED: "p.published DESC NULLS LAST, p.key",
    Sort.TITLE: "p.title_fold ASC, p.key",
}
_REVERSED = {
    Sort.PAGE: "p.last_day ASC, p.last_rank DESC, p.key DESC",
    Sort.POPULAR: "COALESCE(p.upvotes, -1) ASC, COALESCE(p.comments, -1) ASC, p.key DESC",
    Sort.PUBLISHED: "p.published ASC NULLS LAST, p.key DESC",
    Sort.TITLE: "p.title_fold DESC, p.key DESC",
}


@dataclass(frozen=True, slots=True)
class FileState:
    """What the catalog remembers of a dump file."""

    size: int
    mtime_ns: int
    digest: str
    parser: str | None
    error: str | None


class Catalog:
    """The SQLite store: a write connection for syncs, a read connection for everything else.

    Each is guarded by its own lock, so UI workers and a sync may share one ``Catalog``.
    ``read_only`` opens an existing catalog in a folder that cannot be written: every read
    works, a write fails.
    """

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._read_lock = threading.RLock()
        if read_only:
            self._db = self._reads = self._open_read_only(path)
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
            row = self._db.execute("SELECT value FROM meta WHERE name='schema'").fetchone()
            if row is None:
                self._db.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
            elif row[0] != str(SCHEMA_VERSION):
                raise IndexUnavailable(f"catalog schema {row[0]} is not {SCHEMA_VERSION}")
            self._db.execute("SELECT COUNT(*) FROM papers").fetchone()
            # Reads use their own connection: in WAL mode they see the last commit and never
            # wait for a sync's open transaction, so the reader stays responsive meanwhile.
            self._reads = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
        except (sqlite3.Error, OSError) as error:
            raise IndexUnavailable(f"catalog {path} cannot be opened: {error}") from None

    @staticmethod
    def _open_read_only(path: Path) -> sqlite3.Connection:
        """A read-only connection: with the WAL when SQLite can use it read-only, else the
        file as it is (``immutable``: nobody can write a folder we cannot)."""
        failure: Exception | None = None
        for mode in ("mode=ro", "immutable=1"):
            try:
                uri = f"{path.absolute().as_uri()}?{mode}"
                db = sqlite3.connect(uri, uri=True, check_same_thread=False, isolation_level=None)
                db.execute("SELECT COUNT(*) FROM papers").fetchone()
                return db
            except (sqlite3.Error, OSError, ValueError) as error:
                failure = error
        raise IndexUnavailable(f"catalog {path} cannot be read: {failure}")

    def close(self) -> None:
        """Close the connection."""
        with self._lock, self._read_lock:
            self._db.close()
            self._reads.close()

    @contextlib.contextmanager
    def savepoint(self) -> Iterator[None]:
        """Inside the write transaction: what the block writes is undone if it raises."""
        with self._lock:
            self._db.execute("SAVEPOINT one_file")
            try:
                yield
            except BaseException:
                self._db.execute("ROLLBACK TO one_file")
                self._db.execute("RELEASE one_file")
                raise
            self._db.execute("RELEASE one_file")

    # -- writing -------------------------------------------------------------------------

    def begin(self) -> None:
        """Start a write transaction (one writer at a time across processes)."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")

    def commit(self) -> None:
        """Commit the write transaction."""
        with self._lock:
            self._db.execute("COMMIT")

    def rollback(self) -> None:
        """Abandon the write transaction."""
        with self._lock:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")

    def files(self) -> dict[str, FileState]:
        """Every file the catalog knows, by path."""
        with self._lock:
            rows = self._db.execute("SELECT path, size, mtime_ns, digest, parser, error FROM files").fetchall()
        return {row[0]: FileState(*row[1:]) for row in rows}

    def touch_file(self, path: str, size: int, mtime_ns: int) -> None:
        """Remember a new size/mtime for a file whose content did not change."""
        with self._lock:
            self._db.execute(
                "UPDATE files SET size=?, mtime_ns=? WHERE path=?",
                (size, mtime_ns, path),
            )

    def replace_file(
        self,
        path: str,
        state: FileState,
        records: Sequence[Record],
        affected: set[str],
        titles: set[str],
    ) -> None:
        """Replace a file's listings with ``records``; collect the paper keys and title keys touched."""
        with self._lock:
            self._forget_listings(path, affected, titles)
            self._db.execute(
                "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?)",
                (path, state.size, state.mtime_ns, state.digest, state.parser, state.error),
            )
            rows = []
            for record in records:
                key = title_key(record.entry.title)
                titles.add(key)
                rows.append(
                    (
                        path,
                        record.rank,
                        record.day.isoformat(),
                        record.day_source.value,
                        state.parser,
                        key,
                        record.entry.arxiv_id,
                        record.published.isoformat() if record.published else None,
                        entry_to_json(record.entry),
                    )
                )
            self._db.executemany(
                "INSERT INTO listings (path, rank, day, day_source, parser, title_key, arxiv_id, published, entry)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )

    def remove_file(self, path: str, affected: set[str], titles: set[str]) -> None:
        """Forget a file and its listings."""
        with self._lock:
            self._forget_listings(path, affected, titles)
            self._db.execute("DELETE FROM files WHERE path=?", (path,))

    def _forget_listings(self, path: str, affected: set[str], titles: set[str]) -> None:
        for paper_key, key in self._db.execute("SELECT paper_key, title_key FROM listings WHERE path=?", (path,)):
            if paper_key:
                affected.add(paper_key)
            titles.add(key)
        self._db.execute("DELETE FROM listings WHERE path=?", (path,))

    def settle(self, affected: set[str], titles: set[str]) -> tuple[list[Paper], set[str]]:
        """Re-key the listings of ``titles`` and re-merge every touched paper.

        Returns the papers to (re)index and the keys of papers that no longer exist.
        """
        with self._lock:
            self._rekey(affected, titles)
            papers: list[Paper] = []
            rows: list[tuple[object, ...]] = []
            for key, listings in self._listings_by_paper(affected):
                paper = merge_paper(key, listings)
                papers.append(paper)
                rows.append(paper_row(paper, listings))
            gone = affected - {paper.key for paper in papers}
            self._db.executemany("DELETE FROM papers WHERE key=?", ((key,) for key in gone))
            self._db.executemany("INSERT OR REPLACE INTO papers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        return papers, gone

    def _rekey(self, affected: set[str], titles: set[str]) -> None:
        ordered = sorted(titles)
        for start in range(0, len(ordered), _BATCH):
            batch = ordered[start : start + _BATCH]
            marks = ",".join("?" * len(batch))
            rows = self._db.execute(
                f"SELECT id, title_key, arxiv_id, paper_key FROM listings WHERE title_key IN ({marks})",
                batch,
            ).fetchall()
            ids_by_title: dict[str, set[str]] = {}
            for _, key, arxiv_id, _ in rows:
                if arxiv_id:
                    ids_by_title.setdefault(key, set()).add(arxiv_id)
            updates = []
            for row_id, key, arxiv_id, old in rows:
                new = paper_key_for(arxiv_id, key, ids_by_title.get(key, ()))
                affected.add(new)
                if old != new:
                    if old:
                        affected.add(old)
                    updates.append((new, row_id))
            self._db.executemany("UPDATE listings SET paper_key=? WHERE id=?", updates)

    def _listings_by_paper(self, keys: set[str]) -> Iterator[tuple[str, list[StoredListing]]]:
        columns = "paper_key, path, rank, day, day_source, parser, entry, published"
        if len(keys) > 20 * _BATCH:
            cursors: Iterable[sqlite3.Cursor] = [
                self._db.execute(f"SELECT {columns} FROM listings ORDER BY paper_key, path, rank")
            ]
        else:
            ordered = sorted(keys)
            cursors = (
                self._db.execute(
                    f"SELECT {columns} FROM listings WHERE paper_key IN ({','.join('?' * len(batch))})"
                    " ORDER BY paper_key, path, rank",
                    batch,
                )
                for batch in (ordered[start : start + _BATCH] for start in range(0, len(ordered), _BATCH))
            )
        current: str | None = None
        group: list[StoredListing] = []
        for cursor in cursors:
            for key, path, rank, day, day_source, parser, entry, published in cursor.fetchall():
                if key != current:
                    if current is not None and group:
                        yield current, group
                    current, group = key, []
                group.append(
                    StoredListing(
                        path,
                        rank,
                        dt.date.fromisoformat(day),
                        DaySource(day_source),
                        parser,
                        entry_from_json(entry),
                        dt.date.fromisoformat(published) if published else None,
                    )
                )
        if current is not None and group:
            yield current, group

    def pending_paper_count(self) -> int:
        """Papers as the open write transaction sees them."""
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM papers").fetchone()[0])

    def all_papers(self) -> Iterator[Paper]:
        """Every paper (to rebuild the search index without parsing the dumps again)."""
        with self._lock:
            rows = self._db.execute("SELECT data FROM papers ORDER BY key").fetchall()
        for (data,) in rows:
            yield paper_from_json(data)

    # -- reading -------------------------------------------------------------------------

    def counts(self) -> tuple[int, int]:
        """(papers, listings)."""
        with self._read_lock:
            papers = self._reads.execute("SELECT COUNT(*) FROM papers").fetchone()[0]
            listings = self._reads.execute("SELECT COUNT(*) FROM listings").fetchone()[0]
        return int(papers), int(listings)

    def days(self) -> list[Day]:
        """Every day with its number of distinct papers, newest first."""
        with self._read_lock:
            rows = self._reads.execute(
                "SELECT day, COUNT(DISTINCT paper_key), MIN(day_source = 'mtime') FROM listings"
                " GROUP BY day ORDER BY day DESC"
            ).fetchall()
        return [Day(dt.date.fromisoformat(day), count, bool(guessed)) for day, count, guessed in rows]

    def day_keys(self) -> list[tuple[str, str]]:
        """Every (day, paper key) pair, once each: what per-day counts of a set of papers are
        worked out from (read from a covering index)."""
        with self._read_lock:
            rows = self._reads.execute("SELECT DISTINCT day, paper_key FROM listings").fetchall()
        return [(day, key) for day, key in rows]

    def keys(self, day: dt.date | None = None, sort: Sort = Sort.PAGE, reverse: bool = False) -> list[str]:
        """Paper keys of one day (page order = rank on that day) or of the whole library."""
        order = (_REVERSED if reverse else _ORDER_BY)[sort]
        with self._read_lock:
            if day is None:
                rows = self._reads.execute(f"SELECT p.key FROM papers p ORDER BY {order}").fetchall()
            else:
                if sort is Sort.PAGE:
                    order = "first DESC, p.key DESC" if reverse else "first, p.key"
                rows = self._reads.execute(
                    "SELECT p.key, MIN(printf('%s %09d', l.path, l.rank)) AS first FROM listings l"
                    f" JOIN papers p ON p.key = l.paper_key WHERE l.day = ? GROUP BY p.key ORDER BY {order}",
                    (day.isoformat(),),
                ).fetchall()
        return [row[0] for row in rows]

    def sort_keys(self, keys: Sequence[str], sort: Sort, reverse: bool = False) -> list[str]:
        """``keys`` in ``sort`` order (page order keeps the order given, e.g. relevance).

        Only the given papers are read: the keys go to SQLite as one JSON array.
        """
        if sort is Sort.PAGE:
            return list(reversed(keys)) if reverse else list(keys)
        order = (_REVERSED if reverse else _ORDER_BY)[sort]
        with self._read_lock:
            rows = self._reads.execute(
                f"SELECT p.key FROM papers p WHERE p.key IN (SELECT value FROM json_each(?)) ORDER BY {order}",
                (json.dumps(list(dict.fromkeys(keys))),),
            ).fetchall()
        return [row[0] for row in rows]

    def papers(self, keys: Sequence[str]) -> dict[str, Paper]:
        """The papers with these keys (absent keys are left out)."""
        found: dict[str, Paper] = {}
        with self._read_lock:
            for start in range(0, len(keys), _BATCH):
                batch = list(keys[start : start + _BATCH])
                marks = ",".join("?" * len(batch))
                for key, data in self._reads.execute(f"SELECT key, data FROM papers WHERE key IN ({marks})", batch):
                    found[key] = paper_from_json(data)
        return found

    def days_of(self, keys: Sequence[str]) -> dict[str, list[dt.date]]:
        """The days each of these papers is listed on (absent keys are left out)."""
        found: dict[str, list[dt.date]] = {}
        with self._read_lock:
            rows = self._reads.execute(
                "SELECT DISTINCT paper_key, day FROM listings WHERE paper_key IN (SELECT value FROM json_each(?))",
                (json.dumps(list(keys)),),
            ).fetchall()
        for key, day in rows:
            found.setdefault(key, []).append(dt.date.fromisoformat(day))
        return found

    def texts(self, keys: Sequence[str]) -> dict[str, tuple[str, str, str]]:
        """(title, abstract, authors joined by spaces) of the papers with these keys: what a
        quoted phrase is checked against, read without building whole papers."""
        found: dict[str, tuple[str, str, str]] = {}
        with self._read_lock:
            for start in range(0, len(keys), _BATCH):
                batch = list(keys[start : start + _BATCH])
                marks = ",".join("?" * len(batch))
                rows = self._reads.execute(
                    "SELECT key, json_extract(data, '$.title'), json_extract(data, '$.abstract'),"
                    " json_extract(data, '$.authors') FROM papers"
                    f" WHERE key IN ({marks})",
                    batch,
                )
                for key, title, abstract, authors in rows:
                    found[key] = (title or "", abstract or "", " ".join(json.loads(authors or "[]")))
        return found

    def find_keys(self, column: str, values: Iterable[str]) -> dict[str, str]:
        """The paper key for each of ``values`` of ``column`` (``key``, ``arxiv_id`` or
        ``title_fold``) that some paper has; of two papers with one title, the lower key.

        One query for any number of values (they go to SQLite as one JSON array), answered
        from the column's index: the lookup of 100,000 remembered papers stays cheap.
        """
        if column not in _FINDABLE:
            raise ValueError(f"papers cannot be found by {column!r}")
        with self._read_lock:
            rows = self._reads.execute(
                f"SELECT {column}, MIN(key) FROM papers WHERE {column} IN (SELECT value FROM json_each(?))"
                f" GROUP BY {column}",
                (json.dumps(list(dict.fromkeys(values))),),
            ).fetchall()
        return {value: key for value, key in rows}
