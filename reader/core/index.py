"""The search index: the only module that touches Whoosh.

One document per paper, keyed by the paper key. Title, abstract, authors and organisation
are searchable (stemmed, so "model" finds "models"); ``day``, ``year``, ``upvotes`` and
``comments`` are fields for filtering and sorting. Quoted phrases match exactly: Whoosh
finds the stemmed phrase, then the stored text is checked for the words as written.

Opened without mmap (a fraction of the memory), one writer at a time with a timeout,
rebuilt with two processes and one segment per process.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import re
import shutil
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import ID, KEYWORD, NUMERIC, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.index import LockError
from whoosh.qparser import (
    FieldAliasPlugin,
    FuzzyTermPlugin,
    GtLtPlugin,
    MultifieldParser,
)
from whoosh.query import NullQuery, Query, Term
from whoosh.searching import Searcher
from whoosh.sorting import FieldFacet

from reader.core.errors import IndexBusy, IndexUnavailable, QueryError
from reader.core.models import Paper
from reader.core.text import fold_title

INDEX_NAME = "papers"
TEXT_FIELDS = ("title", "abstract", "authors", "organization")
FIELD_BOOSTS = {"title": 4.0, "abstract": 1.0, "authors": 1.5, "organization": 1.5}
SORTS = {"popular": ("sort_upvotes", "sort_comments"), "published": ("sort_published",)}
"""Orders a search can have besides relevance: the sort fields, each descending."""
PARALLEL_BUILD_MIN = 2000
"""Fresh builds of at least this many papers use two writer processes."""
_ANALYZER = StemmingAnalyzer(stoplist=None, minsize=1)
_PHRASE = re.compile(r'(?:(\w+):)?"([^"]+)"')
_NEGATED = re.compile(r"(?:\bNOT\s+|-)$")


def _die_with_parent() -> None:
    """In a forked writer process: ask Linux to kill it when its parent dies.

    Whoosh's parallel writer forks workers that would otherwise wait forever on their job
    queue once the parent is gone (``kill -9`` during ``papers index``).
    """
    with contextlib.suppress(Exception):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


_PR_SET_PDEATHSIG = 1
if sys.platform.startswith("linux"):
    os.register_at_fork(after_in_child=_die_with_parent)


def _schema() -> Schema:
    return Schema(
        key=ID(stored=True, unique=True, sortable=True),
        title=TEXT(analyzer=_ANALYZER),
        abstract=TEXT(analyzer=_ANALYZER),
        authors=TEXT(analyzer=_ANALYZER),
        organization=TEXT(analyzer=_ANALYZER),
        day=KEYWORD(commas=True, lowercase=True),
        year=NUMERIC(int),
        upvotes=NUMERIC(int),
        comments=NUMERIC(int),
        # Sort keys: unknown values sort last (-1 / 0), unlike the query fields above.
        sort_upvotes=NUMERIC(int, sortable=True),
        sort_comments=NUMERIC(int, sortable=True),
        sort_published=NUMERIC(int, sortable=True),
    )


def _document(paper: Paper) -> dict[str, object]:
    document: dict[str, object] = {
        "key": paper.key,
        "title": paper.title,
        "abstract": paper.abstract,
        "authors": " ".join(paper.authors),
        "organization": paper.organization or "",
        "day": ",".join(day.isoformat() for day in paper.days),
    }
    document["sort_upvotes"] = -1 if paper.upvotes is None else paper.upvotes
    document["sort_comments"] = -1 if paper.comments is None else paper.comments
    document["sort_published"] = int(paper.published.strftime("%Y%m%d")) if paper.published else 0
    if paper.published:
        document["year"] = paper.published.year
    if paper.upvotes is not None:
        document["upvotes"] = paper.upvotes
    if paper.comments is not None:
        document["comments"] = paper.comments
    return document


@dataclass(frozen=True, slots=True)
class Phrase:
    """A quoted phrase of a query, to be matched as written."""

    field: str | None
    words: str


@dataclass(frozen=True, slots=True)
class Hits:
    """Keys of the papers matching a query, best first, and the terms to highlight."""

    keys: tuple[str, ...]
    total: int
    terms: tuple[str, ...]


class SearchIndex:
    """A Whoosh index in one folder."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._lock = threading.RLock()
        self._index: whoosh_index.Index | None = None
        self._searcher: Searcher | None = None
        self._parser = MultifieldParser(list(TEXT_FIELDS), _schema(), fieldboosts=FIELD_BOOSTS)
        self._parser.add_plugin(GtLtPlugin())
        self._parser.add_plugin(FuzzyTermPlugin())
        self._parser.add_plugin(
            FieldAliasPlugin(
                {
                    "authors": ["author"],
                    "organization": ["org", "organisation", "organization"],
                }
            )
        )

    # -- opening -------------------------------------------------------------------------

    def open(self) -> bool:
        """Open the index if it exists and is sound; False when it is absent or damaged.

        Never creates or deletes anything (that is ``write(fresh=True)``'s job, done under
        the sync lock). A damaged index can fail at open or only at its first search, so
        both are probed.
        """
        with self._lock:
            self.close()
            try:
                if not whoosh_index.exists_in(str(self.directory), INDEX_NAME):
                    return False
                index = FileStorage(str(self.directory), supports_mmap=False).open_index(INDEX_NAME)
                if sorted(index.schema.names()) != sorted(_schema().names()):
                    index.close()
                    return False  # written by another version of papers: rebuild
                with index.searcher() as probe:
                    probe.doc_count()
                    list(probe.search(Term("key", "probe"), limit=1))
                    list(probe.lexicon("title"))[:1]
            except Exception:
                return False  # any failure of a damaged index means "rebuild"
            self._index = index
            return True

    def _create(self) -> None:
        try:
            shutil.rmtree(self.directory, ignore_errors=True)
            self.directory.mkdir(parents=True, exist_ok=True)
            storage = FileStorage(str(self.directory), supports_mmap=False)
            self._index = storage.create_index(_schema(), indexname=INDEX_NAME)
        except OSError as error:
            raise IndexUnavailable(f"cannot create the index in {self.directory}: {error}") from None

    def close(self) -> None:
        """Release the searcher and the index."""
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None
            if self._index is not None:
                self._index.close()
                self._index = None

    def _ix(self) -> whoosh_index.Index:
        if self._index is None and not self.open():
            raise IndexUnavailable("the search index is missing or damaged")
        assert self._index is not None
        return self._index

    def doc_count(self) -> int:
        """How many papers the index holds (0 when there is no sound index)."""
        with self._lock:
            try:
                return int(self._search_with().doc_count())
            except IndexUnavailable:
                return 0

    def _search_with(self) -> Searcher:
        if self._searcher is not None and not self._searcher.up_to_date():
            # Not Searcher.refresh(): its reused segment readers miss new deletions.
            self._searcher.close()
            self._searcher = None
        if self._searcher is None:
            self._searcher = self._ix().searcher()
        return self._searcher

    # -- writing -------------------------------------------------------------------------

    def write(
        self,
        papers: Sequence[Paper],
        removed: Iterable[str] = (),
        *,
        fresh: bool = False,
        progress: Callable[[int], None] | None = None,
        timeout: float = 30.0,
    ) -> None:
        """Add or replace ``papers`` and delete ``removed`` keys in one commit.

        ``fresh`` empties the index first; a large fresh build writes with two processes.
        """
        with self._lock:
            if fresh:
                self.close()
                self._create()
            arguments: dict[str, object] = {"timeout": timeout, "limitmb": 128}
            if fresh and len(papers) >= PARALLEL_BUILD_MIN:
                arguments.update(procs=2, multisegment=True)
            try:
                writer = self._ix().writer(**arguments)
            except LockError:
                raise IndexBusy("another papers process is writing the index; try again shortly") from None
            try:
                for key in removed:
                    writer.delete_by_term("key", key)
                for count, paper in enumerate(papers, start=1):
                    if fresh:
                        writer.add_document(**_document(paper))
                    else:
                        writer.update_document(**_document(paper))
                    if progress is not None and count % 250 == 0:
                        progress(count)
                writer.commit()
            except BaseException:
                writer.cancel()
                raise

    # -- searching -----------------------------------------------------------------------

    def parse(self, query: str) -> Query:
        """The Whoosh query for the user's text; ``QueryError`` when it cannot be parsed."""
        try:
            parsed = self._parser.parse(query)
        except Exception as error:
            raise QueryError(f"cannot understand the query: {error}") from None
        if parsed is None or parsed is NullQuery or not list(parsed.leaves() or [parsed]):
            raise QueryError("the query has no words to search for")
        return parsed

    def search(
        self,
        query: str,
        *,
        limit: int | None = 1000,
        sort_by: str | None = None,
        texts: Callable[[list[str]], dict[str, tuple[str, str, str]]] | None = None,
    ) -> Hits:
        """The keys matching ``query``, best first, or by ``sort_by`` (a key of ``SORTS``).

        ``texts`` gives (title, abstract, authors) by key to check quoted phrases as written.
        """
        parsed = self.parse(query)
        phrases = self.phrases(query)
        with self._lock:
            try:
                searcher = self._search_with()
                fetch = None if phrases else limit
                if sort_by:
                    order = [FieldFacet(field, reverse=True) for field in SORTS[sort_by]] + [FieldFacet("key")]
                    results = searcher.search(parsed, limit=fetch, sortedby=order)
                    keys = [hit["key"] for hit in results]
                else:
                    results = searcher.search(parsed, limit=fetch)
                    # Ties in score go by key, so the order never depends on segment layout.
                    ranked = sorted(results, key=lambda hit: (-round(hit.score, 4), hit["key"]))
                    keys = [hit["key"] for hit in ranked]
                total = len(results) if not phrases else len(keys)
                terms = {
                    text.decode("utf-8") if isinstance(text, bytes) else str(text)
                    for field, text in parsed.existing_terms(searcher.reader(), expand=True)
                    if field in TEXT_FIELDS
                }
            except Exception as error:
                raise IndexUnavailable(f"the search index failed: {error}") from None
        if phrases and texts is not None:
            keys = self._verify_phrases(keys, phrases, texts)
            total = len(keys)
        if limit is not None:
            keys = keys[:limit]
        return Hits(tuple(keys), total, tuple(sorted(terms)))

    @staticmethod
    def phrases(query: str) -> list[Phrase]:
        """The quoted, non-negated phrases of a query."""
        return [
            Phrase(match.group(1), match.group(2))
            for match in _PHRASE.finditer(query)
            if not _NEGATED.search(query[: match.start()]) and fold_title(match.group(2))
        ]

    @staticmethod
    def _verify_phrases(
        keys: list[str],
        phrases: list[Phrase],
        texts: Callable[[list[str]], dict[str, tuple[str, str, str]]],
    ) -> list[str]:
        found = texts(keys)
        kept = []
        for key in keys:
            title, abstract, authors = found.get(key, ("", "", ""))
            fields = {
                "title": title,
                "abstract": abstract,
                "author": authors,
                "authors": authors,
            }
            if all(
                f" {fold_title(phrase.words)} "
                in f" {fold_title(fields.get(phrase.field or '', ' '.join((title, abstract, authors))))} "
                for phrase in phrases
            ):
                kept.append(key)
        return kept


def highlight_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Character spans of the words of ``text`` that match the (stemmed) search ``terms``."""
    wanted = set(terms)
    if not wanted or not text:
        return []
    return [
        (token.startchar, token.endchar)
        for token in _ANALYZER(text, chars=True, positions=False)
        if token.text in wanted
    ]
