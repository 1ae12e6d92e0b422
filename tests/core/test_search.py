"""Search semantics over a tiny index of invented papers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.errors import QueryError, SearchCancelled
from reader.core.index import SearchIndex, highlight_spans
from reader.core.index_query import ANALYZER, stemmed_words
from reader.core.models import Paper

PAPERS = [
    Paper(
        key="2401.00001",
        title="Diffusion Models for Video",
        abstract="We train a video diffusion model with temporal attention.",
        authors=("Ada Lovelace", "Grace Hopper"),
        upvotes=42,
        comments=3,
        published=dt.date(2024, 1, 3),
        days=(dt.date(2024, 1, 5),),
    ),
    Paper(
        key="2402.00002",
        title="Retrieval Augmented Agents",
        abstract="Agents that retrieve documents; a diffusion of ideas across language models.",
        authors=("Alan Turing",),
        organization="Acme Lab",
        upvotes=7,
        published=dt.date(2023, 2, 1),
        days=(dt.date(2024, 1, 5), dt.date(2024, 1, 6)),
    ),
    Paper(
        key="title:0000000000000003",
        title="Language Model Calibration",
        abstract="Calibrating a language model is hard; language models are overconfident.",
        upvotes=None,
        published=None,
        days=(dt.date(2024, 1, 6),),
    ),
]


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    """The three papers, indexed."""
    search_index = SearchIndex(tmp_path_factory.mktemp("index"))
    search_index.write(PAPERS, fresh=True)
    return search_index


def texts(keys: list[str]) -> dict[str, tuple[str, str, str]]:
    """Stored text by key, as the library supplies it for phrase checks."""
    by_key = {paper.key: paper for paper in PAPERS}
    return {key: (by_key[key].title, by_key[key].abstract, " ".join(by_key[key].authors)) for key in keys}


def keys(index: SearchIndex, query: str, **options: object) -> list[str]:
    """The keys a query finds."""
    return list(index.search(query, texts=texts, **options).keys)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("diffusion", ["2401.00001", "2402.00002"]),  # the title match ranks first
        ("diffusions", ["2401.00001", "2402.00002"]),  # stemmed
        ("diffusion agents", ["2402.00002"]),  # all words must match
        ("diffusion OR calibration", ["2401.00001", "title:0000000000000003", "2402.00002"]),
        ("diffusion NOT video", ["2402.00002"]),
        ("title:diffusion", ["2401.00001"]),
        ("author:turing", ["2402.00002"]),
        ("org:acme", ["2402.00002"]),
        ("day:2024-01-06", ["2402.00002", "title:0000000000000003"]),
        ("year:2023", ["2402.00002"]),
        ("upvotes:>10", ["2401.00001"]),
        ("upvotes:>=7 agents", ["2402.00002"]),
        ("retriev*", ["2402.00002"]),
        ("difusion~", ["2401.00001", "2402.00002"]),
        ('"language models"', ["2402.00002", "title:0000000000000003"]),
        ('"language model calibration"', ["title:0000000000000003"]),
        ('"models language"', []),
        # A phrase in an OR is one way to match, checked as written where it matches.
        ('calibration OR "video diffusion"', ["2401.00001", "title:0000000000000003"]),
        ('agents OR "language model"', ["2402.00002", "title:0000000000000003"]),
        ('"language model" OR "video diffusion"', ["2401.00001", "title:0000000000000003"]),
        ('"diffusion model" OR title:"video"', ["2401.00001"]),
    ],
)
def test_query_syntax(index: SearchIndex, query: str, expected: list[str]) -> None:
    assert sorted(keys(index, query)) == sorted(expected)
    if query in ("diffusion", "diffusions"):
        assert keys(index, query) == expected


def test_quoted_phrases_match_as_written_not_as_stemmed(index: SearchIndex) -> None:
    assert keys(index, '"language model is"') == ["title:0000000000000003"]
    assert keys(index, '"language models is"') == []


def test_sorting_by_upvotes(index: SearchIndex) -> None:
    assert keys(index, "diffusion OR calibration", sort_by="popular") == [
        "2401.00001",
        "2402.00002",
        "title:0000000000000003",
    ]


@pytest.mark.parametrize("query", ["", "   ", '""', "((("])
def test_queries_without_words_are_rejected_with_a_reason(index: SearchIndex, query: str) -> None:
    with pytest.raises(QueryError, match="no words"):
        index.search(query)


def test_limit_and_total(index: SearchIndex) -> None:
    hits = index.search("diffusion OR calibration", limit=1)
    assert len(hits.keys) == 1 and hits.total == 3


def test_highlight_spans_follow_the_stemmed_terms(index: SearchIndex) -> None:
    hits = index.search("models")
    text = "A model of models, remodelled."
    assert [text[start:end] for start, end in highlight_spans(text, hits.terms)] == ["model", "models"]


WORDLIKE = "aeiou sntrlMODELS.-_'\u00e9\u00df\u0130\u4e2d1\n"
"""Letters that make words, dots inside them, and letters whose lowercase is longer."""


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(WORDLIKE)), max_size=60) | st.text(max_size=40))
def test_the_words_highlighted_are_the_words_the_index_holds(text: str) -> None:
    tokens = [(token.text, token.startchar, token.endchar) for token in ANALYZER(text, chars=True)]
    assert list(stemmed_words(text)) == tokens


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(list(WORDLIKE)), max_size=60) | st.text(max_size=40),
    words=st.lists(st.text(alphabet=st.sampled_from(list(WORDLIKE)), min_size=1, max_size=6), max_size=4),
)
def test_the_words_highlighted_are_those_whose_stem_is_a_term(text: str, words: list[str]) -> None:
    tokens = [(token.text, token.startchar, token.endchar) for token in ANALYZER(text, chars=True)]
    terms = {token.text for word in words for token in ANALYZER(word)} | {stem for stem, _, _ in tokens[::2]}
    assert highlight_spans(text, terms) == [(start, end) for stem, start, end in tokens if stem in terms]


def test_the_index_survives_reopening(index: SearchIndex, tmp_path: Path) -> None:
    again = SearchIndex(index.directory)
    assert again.open() is True
    assert again.doc_count() == 3
    assert SearchIndex(tmp_path / "absent").open() is False


def test_a_phrase_page_is_checked_as_written_and_a_large_total_says_it_is_an_upper_bound(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("reader.core.index._PHRASE_WINDOW", 20)  # a "large" library: 180 candidates
    written = [Paper(key=f"w{n:03}", title=f"Paper {n}", abstract="We study large language models.") for n in range(90)]
    stemmed = [Paper(key=f"s{n:03}", title=f"Paper {n}", abstract="A large language model here.") for n in range(90)]
    by_key = {paper.key: paper for paper in written + stemmed}
    search_index = SearchIndex(tmp_path / "index")
    search_index.write(written + stemmed, fresh=True)

    def stored(keys: list[str]) -> dict[str, tuple[str, str, str]]:
        return {key: (by_key[key].title, by_key[key].abstract, "") for key in keys}

    page = search_index.search('"large language models"', limit=5, texts=stored)
    assert len(page.keys) == 5 and all(key.startswith("w") for key in page.keys)
    assert not page.total_exact and 90 <= page.total <= 180
    everything = search_index.search('"large language models"', limit=None, texts=stored)
    assert everything.total_exact and everything.total == 90
    assert sorted(everything.keys) == sorted(paper.key for paper in written)
    monkeypatch.undo()
    small = search_index.search('"large language models"', limit=5, texts=stored)
    assert small.total_exact and small.total == 90, "a library this size is checked whole"


def _ranged_paper(number: int, upvotes: int | None) -> Paper:
    return Paper(
        key=f"2501.{number:05d}",
        title=f"Paper {number} on {'diffusion' if number % 2 else 'retrieval'}",
        abstract="An abstract.",
        upvotes=upvotes,
        comments=None if number % 4 == 0 else number % 7,
        published=None if number % 5 == 0 else dt.date(2020 + number % 6, 1 + number % 12, 1),
        days=(dt.date(2025, 1, 1 + number % 28),),
    )


RANGE_QUERIES = {
    "upvotes:>10": lambda paper: paper.upvotes is not None and paper.upvotes > 10,
    "upvotes:>=10": lambda paper: paper.upvotes is not None and paper.upvotes >= 10,
    "upvotes:<5": lambda paper: paper.upvotes is not None and paper.upvotes < 5,
    "upvotes:[5 TO 100]": lambda paper: paper.upvotes is not None and 5 <= paper.upvotes <= 100,
    "upvotes:{5 TO 100}": lambda paper: paper.upvotes is not None and 5 < paper.upvotes < 100,
    "comments:>=3": lambda paper: paper.comments is not None and paper.comments >= 3,
    "year:>=2024": lambda paper: paper.published is not None and paper.published.year >= 2024,
    "year:<2022": lambda paper: paper.published is not None and paper.published.year < 2022,
    "upvotes:>10 diffusion": lambda paper: (
        paper.upvotes is not None and paper.upvotes > 10 and "diffusion" in paper.title
    ),
    "NOT upvotes:>10": lambda paper: not (paper.upvotes is not None and paper.upvotes > 10),
}


def _updated_index(directory: Path) -> tuple[SearchIndex, dict[int, Paper]]:
    """60 papers written in two segments, then a third of them updated and one removed
    (which leaves deleted documents in both segments); the index and the papers it holds."""
    upvotes = [None, 0, 4, 5, 6, 10, 11, 99, 100, 101, 250, 1_000]
    papers = {number: _ranged_paper(number, upvotes[number % len(upvotes)]) for number in range(60)}
    search_index = SearchIndex(directory)
    search_index.write(list(papers.values())[:30], fresh=True)
    search_index.write(list(papers.values())[30:])
    for number in range(0, 60, 3):
        papers[number] = _ranged_paper(number, upvotes[(number + 5) % len(upvotes)])
    search_index.write([papers[number] for number in range(0, 60, 3)], removed=[papers.pop(59).key])
    return search_index, papers


@pytest.mark.parametrize("query", RANGE_QUERIES)
def test_numeric_ranges_find_the_papers_in_range_across_segments_and_updates(tmp_path: Path, query: str) -> None:
    search_index, papers = _updated_index(tmp_path)
    expected = sorted(paper.key for paper in papers.values() if RANGE_QUERIES[query](paper))
    assert expected, "the query should find something"
    found = search_index.search(query, limit=None)
    assert sorted(found.keys) == expected
    assert found.total == len(expected)
    popular = search_index.search(query, limit=None, sort_by="popular")
    assert sorted(popular.keys) == expected and popular.total == len(expected)


def test_not_never_lists_a_removed_paper_or_the_old_copy_of_an_updated_one(tmp_path: Path) -> None:
    search_index, papers = _updated_index(tmp_path)
    expected = sorted(paper.key for paper in papers.values() if "retrieval" not in paper.title)
    found = search_index.search("NOT retrieval", limit=None)
    assert sorted(found.keys) == expected
    assert found.total == len(expected)


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("**", "cannot start with"),
        ("*a*", "cannot start with"),
        ("?odel", "cannot start with"),
        ("model~5", "at most 2 edits"),
        ("a~99999999999", "at most 2 edits"),
        ("[a TO z]", "ranges work on upvotes"),
        ("title:[a TO zzzz]", "ranges work on upvotes"),
        ("title:(", "no words"),
        ("title:", "no words"),
        ("author:", "no words"),
        ("abstract:", "no words"),
        ("title:()", "no words"),
        ("diffusion title:", "no words"),
        ("upvotes:[a TO b]", "needs a number"),
        ("x " * 501, "too long"),
        ('"' + " ".join(["word"] * 40) + '"', "at most 32 words"),
        (" OR ".join(f"w{n}~" for n in range(5)), "at most 4 fuzzy"),
        (" ".join(f"w{n}" for n in range(101)), "too many words"),
    ],
)
def test_queries_that_cannot_be_answered_or_cost_too_much_are_refused_in_one_line(
    index: SearchIndex, query: str, reason: str
) -> None:
    with pytest.raises(QueryError, match=reason) as refused:
        index.search(query)
    assert "\n" not in str(refused.value)


@pytest.mark.parametrize(
    "query", ["title:(diffusion", "title:( diffusion )", "model~2", "diffus*", "mod?l", "*", 'upvotes:""']
)
def test_queries_within_the_limits_are_answered(index: SearchIndex, query: str) -> None:
    index.search(query)


def test_a_prefix_standing_for_too_many_words_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    search_index = SearchIndex(tmp_path)
    search_index.write([Paper(key=f"k{n}", title=f"word{n} paper") for n in range(20)], fresh=True)
    assert search_index.search("word1*").total == 11
    monkeypatch.setattr("reader.core.index_rewrite.MAX_EXPANSIONS", 5)
    with pytest.raises(QueryError, match="'word' stands for too many words"):
        search_index.search("word*")


def test_star_finds_every_paper_even_after_updates_and_removals(tmp_path: Path) -> None:
    search_index, papers = _updated_index(tmp_path)
    everything = search_index.search("*", limit=None)
    assert sorted(everything.keys) == sorted(paper.key for paper in papers.values())
    assert everything.total == len(papers) == search_index.doc_count()
    assert search_index.search("*", limit=5).total == len(papers)
    assert search_index.search("title:*", limit=None).total == len(papers)


def test_a_running_search_can_be_abandoned(index: SearchIndex) -> None:
    with pytest.raises(SearchCancelled):
        index.search("diffusion", cancel=lambda: True)
    asked: list[bool] = []
    index.search("diffusion", cancel=lambda: asked.append(True) or False)
    assert asked, "the search asks while it runs"


def tied(count: int) -> list[Paper]:
    """Papers that all score the same for "tied"."""
    return [Paper(key=f"2501.{number:05d}", title="Tied words here", abstract="Same.") for number in range(count)]


def test_ties_at_the_cut_go_by_key_whatever_the_order_papers_were_written_in(tmp_path: Path) -> None:
    papers = tied(60)
    forward, backward = SearchIndex(tmp_path / "forward"), SearchIndex(tmp_path / "backward")
    forward.write(papers, fresh=True)
    backward.write(papers[::-1][:30], fresh=True)
    backward.write(papers[::-1][30:])
    for limit in (1, 7, 30):
        expected = [paper.key for paper in papers][:limit]
        assert list(forward.search("tied", limit=limit).keys) == expected
        assert list(backward.search("tied", limit=limit).keys) == expected


def test_two_parallel_clean_builds_list_the_same_papers_in_the_same_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("reader.core.index.PARALLEL_BUILD_MIN", 100)
    monkeypatch.setattr("reader.core.index.SEGMENT_PAPERS", 60)
    papers = tied(300)
    answers = []
    for build in range(2):
        search_index = SearchIndex(tmp_path / str(build))
        search_index.write(papers if build else papers[::-1], fresh=True)
        answers.append(search_index.search("tied", limit=25).keys)
    assert answers[0] == answers[1] == tuple(paper.key for paper in papers[:25])


query_parts = st.sampled_from(
    [
        "diffusion",
        "model",
        "video",
        "a",
        "*",
        "?",
        "~",
        "~2",
        "~5",
        ":",
        "title:",
        "author:",
        "upvotes:",
        ">",
        "<=",
        "[",
        "]",
        " TO ",
        "(",
        ")",
        '"',
        " OR ",
        " AND ",
        " NOT ",
        "-",
        "^2",
        " ",
        "\x1b",
        "\ud800",
        "9999999999",
        "{",
        "}",
    ]
)


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(query_parts, max_size=12))
def test_any_query_is_answered_or_refused_in_one_line_never_taken_for_damage(
    index: SearchIndex, parts: list[str]
) -> None:
    try:
        hits = index.search("".join(parts), limit=5, texts=texts)
    except QueryError as error:
        assert "\n" not in str(error)
    else:
        assert len(hits.keys) <= 5 and hits.total >= len(hits.keys)


def test_many_small_syncs_are_merged_into_few_segments_and_rank_as_a_rebuild(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("reader.core.index.MAX_SEGMENTS", 3)
    papers = [
        Paper(key=f"2501.{number:05d}", title=f"Tied words {'video ' * (number % 3)}", abstract="Same.")
        for number in range(40)
    ]
    synced, rebuilt = SearchIndex(tmp_path / "synced"), SearchIndex(tmp_path / "rebuilt")
    synced.write(papers[:5], fresh=True)
    for start in range(5, 40, 5):
        synced.write(papers[start : start + 5], removed=[papers[start - 1].key])
        synced.tidy()
    rebuilt.write(
        [paper for paper in papers if paper.key not in {papers[n - 1].key for n in range(5, 40, 5)}], fresh=True
    )
    assert len(synced._ix()._segments()) <= 3
    for query in ("tied", "video", "tied NOT video"):
        assert synced.search(query, limit=12) == rebuilt.search(query, limit=12)


def test_a_commit_by_another_writer_during_a_search_does_not_break_it(tmp_path: Path) -> None:
    writer, searching = SearchIndex(tmp_path / "index"), SearchIndex(tmp_path / "index")
    writer.write([Paper(key=f"2501.{n:05d}", title=f"model {n}", abstract="Models.") for n in range(20)], fresh=True)
    assert searching.search("model").total == 20
    vocabulary = searching._vocabulary

    def committed_meanwhile() -> object:  # another process commits before the first prefix word is expanded
        writer.write([Paper(key="2501.99999", title="model new", abstract="Models.")])
        return vocabulary()

    searching._vocabulary = committed_meanwhile  # type: ignore[method-assign]
    assert searching.search("mod* model").total == 20, "the search answers from the generation it began with"
    searching._vocabulary = vocabulary  # type: ignore[method-assign]
    assert searching.search("mod* model").total == 21
    writer.close()
    searching.close()
