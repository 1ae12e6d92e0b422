"""The reference search engine of the benchmarks: tantivy, over the same papers.

tantivy (a Rust search library, ``pip install -e '.[bench]'``) is a benchmark-only extra: it
gives the speed a compiled engine reaches on the same papers and the same 20 queries, so the
ratio to it says how far the pure-Python search is from that. Each query is asked the way
``papers`` asks it: every text field (title boosted 4, authors and organisation 1.5), all
words required, the top 20 and the count of matches.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from benchmarks.run import Query

FIELDS = ("title", "abstract", "authors", "organization")
BOOSTS = {"title": 4.0, "abstract": 1.0, "authors": 1.5, "organization": 1.5}


def available() -> bool:
    """True when tantivy is installed."""
    try:
        import tantivy  # noqa: F401
    except ImportError:
        return False
    return True


class Tantivy:
    """A tantivy index of the papers, in a temporary folder, and the 20 queries asked of it."""

    def __init__(self, papers: Iterable[Any]) -> None:
        import tantivy

        self.tantivy = tantivy
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("key", stored=True, tokenizer_name="raw")
        for field in FIELDS:
            builder.add_text_field(field, tokenizer_name="en_stem")
        builder.add_text_field("day", tokenizer_name="raw")
        for field in ("year", "upvotes", "comments"):
            builder.add_integer_field(field, indexed=True, fast=True)
        self.schema = builder.build()
        self.folder = tempfile.TemporaryDirectory(prefix="papers-tantivy-")
        self.index = tantivy.Index(self.schema, path=self.folder.name)
        writer = self.index.writer(heap_size=256_000_000, num_threads=2)
        count = 0
        for paper in papers:
            writer.add_document(
                tantivy.Document(
                    key=paper.key,
                    title=paper.title,
                    abstract=paper.abstract,
                    authors=" ".join(paper.authors),
                    organization=paper.organization or "",
                    day=[day.isoformat() for day in paper.days],
                    year=paper.published.year if paper.published else 0,
                    upvotes=paper.upvotes if paper.upvotes is not None else -1,
                    comments=paper.comments if paper.comments is not None else -1,
                )
            )
            count += 1
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self.papers = count
        self.searcher = self.index.searcher()

    def size_mb(self) -> float:
        """The index's size on disk."""
        return sum(path.stat().st_size for path in Path(self.folder.name).rglob("*") if path.is_file()) / 1e6

    def query(self, query: Query) -> object:
        """The tantivy query standing for a benchmark query."""
        tantivy, text = self.tantivy, query.text
        if match := re.fullmatch(r"(\w+)~", text):
            parts = [
                (tantivy.Occur.Should, tantivy.Query.boost_query(self._fuzzy(field, match.group(1)), BOOSTS[field]))
                for field in FIELDS
            ]
            return tantivy.Query.boolean_query(parts)
        if match := re.fullmatch(r"(\w+)\*", text):
            parts = [
                (
                    tantivy.Occur.Should,
                    tantivy.Query.boost_query(
                        tantivy.Query.regex_query(self.schema, field, f"{match.group(1)}.*"), BOOSTS[field]
                    ),
                )
                for field in FIELDS
            ]
            return tantivy.Query.boolean_query(parts)
        if match := re.fullmatch(r"day:(\S+)", text):
            return tantivy.Query.term_query(self.schema, "day", match.group(1))
        if match := re.fullmatch(r"year:(\d+)", text):
            year = int(match.group(1))
            return tantivy.Query.range_query(self.schema, "year", tantivy.FieldType.Integer, year, year)
        if match := re.fullmatch(r"upvotes:>(\d+)", text):
            low = int(match.group(1)) + 1
            return tantivy.Query.range_query(self.schema, "upvotes", tantivy.FieldType.Integer, low, 2**62)
        text = text.replace("author:", "authors:")
        return self.index.parse_query(text, list(FIELDS), field_boosts=BOOSTS, conjunction_by_default=True)

    def _fuzzy(self, field: str, word: str) -> object:
        term = word.lower()
        return self.tantivy.Query.fuzzy_term_query(self.schema, field, term, distance=1, transposition_cost_one=False)

    def search(self, query: object, limit: int, by_upvotes: bool) -> tuple[int, list[str]]:
        """The count of matches and the keys of the top ``limit``."""
        if by_upvotes:
            result = self.searcher.search(query, limit, count=True, order_by_field="upvotes")
        else:
            result = self.searcher.search(query, limit, count=True)
        keys = [self.searcher.doc(address)["key"][0] for _score, address in result.hits]
        return int(result.count or 0), keys

    def close(self) -> None:
        """Remove the index."""
        self.folder.cleanup()
