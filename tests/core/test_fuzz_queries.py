"""A fuzz test of search at 10,000 papers: any query the user can type is answered or refused
with one line, within the reader's time limit, and never reported as index damage.

The library is the benchmarks' deterministic archive of 10,000 papers (built once per run).
``PAPERS_FUZZ_QUERIES`` sets how many random queries (150 by default).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.corpus import DOMAIN_WORDS, generate
from reader.core.errors import QueryError
from reader.core.library import SEARCH_SECONDS, Library
from reader.core.models import Sort
from tests.conftest import shared_path

PAPERS = 10_000
QUERIES = int(os.environ.get("PAPERS_FUZZ_QUERIES", "150"))
SLACK_SECONDS = 1.0
"""How long past the time limit a refused search may take to unwind (it checks the clock in
batches of documents)."""


@pytest.fixture(scope="module")
def big_library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    """A synced library of 10,000 papers."""
    work = tmp_path_factory.mktemp("fuzz-10k")
    seeds = shared_path("seeds") if shared_path("seeds").is_dir() else None
    corpus = generate(work, PAPERS, seeds)
    library = Library([corpus.directory], index_dir=work / "index", bookmarks_path=work / "bookmarks.json")
    library.sync()
    assert library.counts()[0] == PAPERS
    yield library
    library.close()


word = st.sampled_from(DOMAIN_WORDS[:60])
part = st.one_of(
    word,
    word.map(lambda text: text[: max(1, len(text) // 2)] + "*"),
    st.builds("{}~{}".format, word, st.integers(0, 9) | st.just(99_999_999_999)),
    st.lists(word, min_size=2, max_size=40).map(lambda words: '"' + " ".join(words) + '"'),
    st.sampled_from(["OR", "AND", "NOT", "-", "(", ")", '"', "*", "**", "*a*", "?", "~", "^2", "[a TO z]"]),
    st.sampled_from(["title:", "author:", "abstract:", "day:2020-01-0", "year:>2019", "upvotes:>5", "is:bookmarked"]),
    st.text(st.characters(codec=None, categories=None), max_size=6),
)
queries = st.lists(part, min_size=1, max_size=25).map(" ".join)


@settings(max_examples=QUERIES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=queries, sort=st.sampled_from(list(Sort)))
def test_any_query_is_answered_or_refused_within_the_time_limit(big_library: Library, query: str, sort: Sort) -> None:
    started = time.monotonic()
    try:
        found = big_library.search(query, limit=1000, sort=sort, time_limit=SEARCH_SECONDS)
    except QueryError as error:
        reason = str(error)
        assert reason and "\n" not in reason
    else:
        assert len(found.keys) <= min(found.total, 1000) or not found.total_exact
        assert len(set(found.keys)) == len(found.keys)
    elapsed = time.monotonic() - started
    assert elapsed < SEARCH_SECONDS + SLACK_SECONDS, f"{query!r} took {elapsed:.1f} s"


def test_the_library_under_fuzz_is_the_one_asked_for(big_library: Library) -> None:
    """The fuzzed library really holds 10,000 searchable papers (a guard against an empty index
    making every query fast)."""
    assert big_library.search("model").total > 1_000
    assert Path(big_library.roots[0]).is_dir()
