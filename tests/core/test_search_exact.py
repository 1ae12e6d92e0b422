"""The block scorer against Whoosh scoring every match: the same top 50, the same scores to
the last bit, the same totals, over random indexes (small segments, updates, removals) and
random queries of every shape."""

from __future__ import annotations

import datetime as dt
import tempfile
import tracemalloc
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core import index_arrays
from reader.core.errors import QueryError
from reader.core.index import SearchIndex
from reader.core.index_rewrite import _starting, near, rewrite
from reader.core.models import Paper

WORDS = ["diffusion", "model", "models", "video", "language", "large", "agent", "graph", "retrieval", "vision"]
AUTHORS = ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Edsger Dijkstra"]


def paper(number: int, title: list[int], abstract: list[int], upvotes: int | None, author: int) -> Paper:
    """An invented paper made of the words at the given places of ``WORDS``."""
    return Paper(
        key=f"2401.{number:05d}",
        title=" ".join(WORDS[place] for place in title) or "untitled",
        abstract=" ".join(WORDS[place] for place in abstract),
        authors=(AUTHORS[author],),
        organization="Acme Lab" if author == 1 else None,
        upvotes=upvotes,
        published=dt.date(2023 + author % 2, 1 + author, 1),
        days=(dt.date(2024, 1, 1 + number % 3),),
    )


papers = st.builds(
    paper,
    st.integers(0, 39),
    st.lists(st.integers(0, len(WORDS) - 1), max_size=6),
    st.lists(st.integers(0, len(WORDS) - 1), max_size=25),
    st.one_of(st.none(), st.integers(0, 5)),
    st.integers(0, len(AUTHORS) - 1),
)
batch = st.lists(papers, min_size=1, max_size=15, unique_by=lambda item: item.key)
"""Papers written in one commit (one segment)."""
word = st.sampled_from([*WORDS, "modl~", "vide~2", "lang*", "mod*", "author:turing", "org:acme", "title:video"])
phrase = st.lists(st.sampled_from(WORDS), min_size=2, max_size=3).map(lambda words: '"' + " ".join(words) + '"')
term = st.one_of(
    word,
    phrase,
    st.sampled_from(["day:2024-01-02", "upvotes:>2", "upvotes:[1 TO 3]", "upvotes:<=1"]),
    st.sampled_from(["year:2023", "year:>2023", "*"]),
    st.sampled_from(["upvotes:>2^0", "upvotes:<3^2", "year:2023^0", "day:2024-01-03^2", "video^0", "model^3"]),
)
queries = st.one_of(
    term,
    st.lists(term, min_size=2, max_size=3).map(" ".join),
    st.lists(term, min_size=2, max_size=3).map(" OR ".join),
    st.tuples(term, term).map(lambda pair: f"{pair[0]} NOT {pair[1]}"),
    st.tuples(term, term, term).map(lambda three: f"{three[0]} ({three[1]} OR {three[2]})"),
)


def every_match(index: SearchIndex, query: str) -> list[tuple[float, str]]:
    """Whoosh's own searcher scoring every match of the same query (no limit, no pruning),
    best first and ties by key."""
    searcher = index._search_with()
    rewritten = rewrite(
        index.parse(query), searcher, index._vocabulary, index._segment_column, index._weighting.field_lengths
    )
    results = searcher.search(rewritten, limit=None)
    found = [(hit.score, hit["key"]) for hit in results]
    return sorted(found, key=lambda item: (-item[0], item[1]))


def build(directory: Path, batches: list[list[Paper]], removed: list[int]) -> SearchIndex:
    """An index written in several commits (one segment or more each), some papers removed."""
    index = SearchIndex(directory)
    index.write(batches[0], fresh=True)
    for batch in batches[1:]:
        index.write(batch)
    index.write([], [f"2401.{number:05d}" for number in removed])
    return index


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    batches=st.lists(batch, min_size=1, max_size=4),
    removed=st.lists(st.integers(0, 39), max_size=6),
    query_list=st.lists(queries, min_size=1, max_size=6),
    arrays_from=st.sampled_from([1, 3, 10**9]),
)
def test_the_top_50_scores_and_totals_equal_whoosh_scoring_every_match(
    batches: list[list[Paper]], removed: list[int], query_list: list[str], arrays_from: int
) -> None:
    """``arrays_from``: words in that many papers are read from the posting arrays files."""
    with tempfile.TemporaryDirectory() as folder, mock.patch.object(index_arrays, "MIN_POSTINGS", arrays_from):
        index = build(Path(folder), batches, removed)
        try:
            for query in query_list:
                try:
                    hits = index.search(query, limit=50)
                except QueryError:
                    continue
                reference = every_match(index, query)
                assert hits.total == len(reference), query
                assert list(zip(hits.scores, hits.keys, strict=True)) == reference[:50], query
        finally:
            index.close()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    batches=st.lists(batch, min_size=1, max_size=3),
    query=queries,
    sort=st.sampled_from(["popular", "published"]),
)
def test_a_sorted_search_lists_every_match_by_its_field_then_key(
    batches: list[list[Paper]], query: str, sort: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        index = build(Path(folder), batches, [])
        try:
            try:
                hits = index.search(query, limit=10, sort_by=sort)
            except QueryError:
                return
            latest = {}
            for batch in batches:
                latest.update({item.key: item for item in batch})
            matched = {key for _, key in every_match(index, query)}

            def order(item: Paper) -> tuple[object, ...]:
                if sort == "popular":
                    return (-(item.upvotes if item.upvotes is not None else -1), 1, item.key)
                return (-int(item.published.strftime("%Y%m%d")) if item.published else 0, item.key)

            expected = [item.key for item in sorted((latest[key] for key in matched), key=order)]
            assert (list(hits.keys), hits.total) == (expected[:10], len(expected))
        finally:
            index.close()


@pytest.mark.parametrize(
    ("text", "word", "distance", "expected"),
    [
        ("model", "model", 0, True),
        ("modl", "model", 1, True),
        ("model", "mdoel", 1, False),  # a transposition is two edits, as in Whoosh
        ("model", "mdoel", 2, True),
        ("retrievl", "retrieval", 1, True),
        ("abc", "abcdef", 2, False),
    ],
)
def test_fuzzy_words_are_within_the_edits_whoosh_allows(text: str, word: str, distance: int, expected: bool) -> None:
    assert near(text, [word], distance) == ([word] if expected else [])


def edits(text: str, word: str) -> int:
    """The Levenshtein distance, one cell at a time (the textbook table)."""
    previous = list(range(len(word) + 1))
    for row, char in enumerate(text, start=1):
        current = [row]
        for column, other in enumerate(word, start=1):
            current.append(min(previous[column] + 1, current[column - 1] + 1, previous[column - 1] + (char != other)))
        previous = current
    return previous[-1]


letters = st.text(alphabet="abcé\u4e2d", max_size=9)


@given(text=letters, words=st.lists(letters, max_size=30), distance=st.integers(0, 2))
def test_the_words_near_a_fuzzy_word_are_those_few_enough_edits_away(
    text: str, words: list[str], distance: int
) -> None:
    assert near(text, words, distance) == [word for word in words if edits(text, word) <= distance]


def test_the_vocabulary_expands_fuzzy_and_prefix_words_as_whoosh_does(tmp_path: Path) -> None:
    index = build(tmp_path, [[paper(n, [n % 10], [(n * 3) % 10, (n * 7) % 10], None, n % 4) for n in range(30)]], [])
    searcher = index._search_with()
    for query in ["modl~", "vide~2", "lang*", "mod*", "r?trieval", "m*l"]:
        parsed = index.parse(query)
        for node in parsed.leaves():
            found = {word for leaf, _ in searcher.leaf_searchers() for word in node._btexts(leaf.reader())}
            whoosh_words = sorted(word.decode() if isinstance(word, bytes) else word for word in found)
            assert index._vocabulary().expand(node) == whoosh_words, query


def test_a_field_one_segment_has_no_text_of_scores_as_in_a_rebuild(tmp_path: Path) -> None:
    # A segment none of whose papers has an organisation writes no lengths for the field;
    # its papers still count in the field's average, as in one segment holding them all.
    with_org = [paper(number, [0], [1, 2], None, 1) for number in range(6)]
    without_org = [paper(number, [3], [4], None, 0) for number in range(6, 12)]
    synced = build(tmp_path / "synced", [with_org, without_org], removed=[0])
    rebuilt = build(tmp_path / "rebuilt", [with_org[1:] + without_org], removed=[])
    try:
        for query in ("org:acme", "acme diffusion", "org:acme OR video"):
            first, second = synced.search(query, limit=50), rebuilt.search(query, limit=50)
            assert (first.keys, first.scores) == (second.keys, second.scores), query
            assert first.scores and first.scores == tuple(score for score, _ in every_match(synced, query)[:50])
    finally:
        synced.close()
        rebuilt.close()


def test_a_prefix_standing_for_thousands_of_words_keeps_a_few_arrays_alive_not_one_a_word(tmp_path: Path) -> None:
    count = 3_000
    index = SearchIndex(tmp_path / "index")
    index.write(
        [
            Paper(key=f"2401.{n:05d}", title=f"Paper {n}", abstract=f"about zq{n:05d}x", sources=("x",))
            for n in range(count)
        ],
        fresh=True,
    )
    index.search("zq*", limit=10)  # the vocabulary read once
    tracemalloc.start()
    try:
        hits = index.search("zq*", limit=10)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert hits.total == count
    # 3,000 words with one array of 3,000 scores each alive at once would be 27 MB and more.
    assert peak < 8_000_000, f"{peak / 1e6:.1f} MB at the peak"


@given(
    words=st.lists(st.text(alphabet=f"ab\u00e9{chr(0x10FFFF)}", max_size=4), unique=True),
    head=st.text(alphabet=f"ab\u00e9{chr(0x10FFFF)}", max_size=3),
)
def test_the_words_starting_with_a_head_are_found_by_their_place_in_the_sorted_words(
    words: list[str], head: str
) -> None:
    ordered = sorted(words)
    assert _starting(ordered, head) == [word for word in ordered if word.startswith(head)]
