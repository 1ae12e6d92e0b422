"""Similar papers, "For you", the watch and hide lists and the hidden papers, in the core."""

from __future__ import annotations

import datetime as dt
import json
import math
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from whoosh.reading import TermNotFound

from reader.core import index_terms
from reader.core.errors import PaperNotFound, QueryError
from reader.core.hidden import HiddenStore
from reader.core.index_similar import SimilarMethod, centroid
from reader.core.index_terms import SegmentTerms
from reader.core.library import Library
from reader.core.likeness import Nearest
from reader.core.picks import NO_BOOKMARKS
from reader.core.settings import parse_settings
from tests.factories import FakePaper, write_page_copy

GRAPHS = [
    FakePaper(
        "Graph neural networks for molecule property prediction",
        "Message passing over molecular graphs predicts molecule properties; graph networks learn atom embeddings.",
    ),
    FakePaper(
        "Equivariant graph networks for molecules",
        "An equivariant message passing graph network predicts molecular energies from atom graphs.",
    ),
    FakePaper(
        "Molecular graph pretraining at scale",
        "Pretraining graph neural networks on millions of molecular graphs improves molecule property prediction.",
    ),
]
OTHERS = [
    FakePaper(
        "Speech recognition with streaming transducers",
        "A streaming transducer recognises speech with low latency on phones.",
    ),
    FakePaper(
        "Robot grasping from single images", "A robot learns grasping of household objects from one camera image."
    ),
    FakePaper(
        "A survey of vision transformers", "We survey vision transformers for image classification and detection."
    ),
]


def library_at(tmp_path: Path, **lists: list[str]) -> Library:
    """Dec 16: the first graph paper and the speech paper; Dec 17: the rest."""
    root = tmp_path / "dumps"
    write_page_copy(root / "2025-12-16.txt", "Dec 16", [GRAPHS[0], OTHERS[0]])
    write_page_copy(root / "2025-12-17.txt", "Dec 17", [*GRAPHS[1:], *OTHERS[1:]])
    library = Library(
        [root],
        index_dir=tmp_path / "index",
        bookmarks_path=tmp_path / "bookmarks.json",
        hidden_path=tmp_path / "hidden.json",
        watch=lists.get("watch", []),
        hide=lists.get("hide", []),
    )
    library.sync()
    return library


def key_of(library: Library, title: str) -> str:
    return next(key for key, paper in library.papers(library.keys()).items() if paper.title == title)


@pytest.mark.parametrize("method", list(SimilarMethod))
def test_the_papers_on_the_same_subject_come_first_and_never_the_paper_itself(
    tmp_path: Path, method: SimilarMethod
) -> None:
    library = library_at(tmp_path)
    paper = key_of(library, GRAPHS[0].title)
    similar = library.similar(paper, method=method)
    assert paper not in similar.keys
    assert set(similar.keys[:2]) == {key_of(library, GRAPHS[1].title), key_of(library, GRAPHS[2].title)}


def test_a_paper_is_named_by_key_or_any_form_of_its_arxiv_id(tmp_path: Path) -> None:
    root = tmp_path / "dumps"
    root.mkdir()
    item = {
        "paper": {"id": "2512.00001", "title": "Scaling laws", "summary": "Laws of scale."},
        "title": "Scaling laws",
    }
    (root / "2025-12-15-api.json").write_text(json.dumps([item]), encoding="utf-8")
    library = Library([root], index_dir=tmp_path / "index", bookmarks_path=tmp_path / "b.json")
    library.sync()
    for reference in ("2512.00001", " arXiv:2512.00001v3 ", "https://arxiv.org/abs/2512.00001v2"):
        assert library.find_paper(reference).title == "Scaling laws"
    for reference in ("2512.99999", "", "nothing at all"):
        with pytest.raises(PaperNotFound):
            library.find_paper(reference)


def test_for_you_ranks_papers_like_a_bookmark_first_and_says_which(tmp_path: Path) -> None:
    library = library_at(tmp_path)
    bookmark = library.paper(key_of(library, GRAPHS[0].title))
    assert bookmark is not None
    library.toggle_bookmark(bookmark)
    chosen = library.for_you(days=7)
    keys = [suggestion.key for suggestion in chosen.suggestions]
    assert bookmark.key not in keys  # kept already
    assert set(keys[:2]) == {key_of(library, GRAPHS[1].title), key_of(library, GRAPHS[2].title)}
    assert chosen.suggestions[0].like == bookmark.title
    assert chosen.suggestions[-1].like == ""  # nothing in common
    assert chosen.hint is None


def test_for_you_without_bookmarks_says_how_to_start(tmp_path: Path) -> None:
    chosen = library_at(tmp_path).for_you()
    assert chosen.hint == NO_BOOKMARKS and "bookmark" in chosen.hint


def test_for_you_looks_back_the_days_it_is_given_from_the_newest_day(tmp_path: Path) -> None:
    library = library_at(tmp_path)
    library.toggle_bookmark(library.papers([key_of(library, OTHERS[1].title)])[key_of(library, OTHERS[1].title)])
    assert {suggestion.key for suggestion in library.for_you(days=1).suggestions} == {
        key_of(library, title) for title in (GRAPHS[1].title, GRAPHS[2].title, OTHERS[2].title)
    }
    assert library.for_you(days=1).since == dt.date(2025, 12, 17)
    assert len(library.for_you(days=2).suggestions) == 5


def test_for_you_leaves_out_a_day_guessed_from_a_file_date(tmp_path: Path) -> None:
    undated = write_page_copy(tmp_path / "dumps" / "saved-page.txt", "", [GRAPHS[0], *OTHERS])
    later = dt.datetime(2025, 12, 20, 12).timestamp()
    os.utime(undated, (later, later))  # a newer guess than every day listed
    library = library_at(tmp_path)
    assert any(day.guessed and day.date > dt.date(2025, 12, 17) for day in library.days())
    library.toggle_bookmark(library.papers([key_of(library, GRAPHS[1].title)])[key_of(library, GRAPHS[1].title)])
    for_you = library.for_you(days=1)
    assert for_you.since == dt.date(2025, 12, 17)
    assert {suggestion.key for suggestion in for_you.suggestions} == {
        key_of(library, title) for title in (GRAPHS[2].title, OTHERS[1].title, OTHERS[2].title)
    }


def test_a_hidden_paper_leaves_for_you_and_lowers_the_papers_like_it(tmp_path: Path) -> None:
    library = library_at(tmp_path)
    papers = library.papers(library.keys())
    by_title = {paper.title: paper for paper in papers.values()}
    library.toggle_bookmark(by_title[GRAPHS[0].title])
    before = {s.key: s.score for s in library.for_you().suggestions}
    assert library.toggle_hidden(by_title[GRAPHS[1].title]) is True
    after = {s.key: s.score for s in library.for_you().suggestions}
    assert by_title[GRAPHS[1].title].key not in after
    assert after[by_title[GRAPHS[2].title].key] < before[by_title[GRAPHS[2].title].key]
    assert after[by_title[OTHERS[0].title].key] == before[by_title[OTHERS[0].title].key]


def test_for_you_lists_only_the_unread_papers(tmp_path: Path) -> None:
    library = library_at(tmp_path)
    papers = {paper.title: paper for paper in library.papers(library.keys()).values()}
    library.toggle_bookmark(papers[GRAPHS[0].title])
    before = [suggestion.key for suggestion in library.for_you().suggestions]
    assert papers[GRAPHS[1].title].key in before and papers[OTHERS[1].title].key in before
    assert library.mark_read([papers[GRAPHS[1].title].key, papers[OTHERS[1].title].key]) == 2
    after = [suggestion.key for suggestion in library.for_you().suggestions]
    assert after == [key for key in before if key not in {papers[GRAPHS[1].title].key, papers[OTHERS[1].title].key}]
    library.mark_read([papers[GRAPHS[1].title].key], read=False)
    assert papers[GRAPHS[1].title].key in [suggestion.key for suggestion in library.for_you().suggestions]


ROBOTS_THAT_LISTEN = [
    FakePaper("Robot grasping of cluttered objects", "A robot arm learns grasping of objects in clutter."),
    FakePaper("Speech commands on phones", "Spoken commands are recognised by a small speech model on phones."),
    FakePaper(
        "Robots that grasp what speech asks for",
        "Spoken commands tell a robot arm which objects to grasp; speech and grasping are learned together.",
    ),
    FakePaper("Protein folding with diffusion", "A diffusion model folds protein chains."),
    FakePaper("Weather forecasts from satellites", "Satellite images give rainfall forecasts."),
]


def test_for_you_ranks_by_a_tag_s_papers_together_and_names_the_tag(tmp_path: Path) -> None:
    root = tmp_path / "dumps"
    write_page_copy(root / "2025-12-16.txt", "Dec 16", ROBOTS_THAT_LISTEN[:2])
    write_page_copy(root / "2025-12-17.txt", "Dec 17", ROBOTS_THAT_LISTEN[2:])
    library = Library([root], index_dir=tmp_path / "index", bookmarks_path=tmp_path / "bookmarks.json")
    library.sync()
    papers = {paper.title: paper for paper in library.papers(library.keys()).values()}
    for paper in ROBOTS_THAT_LISTEN[:2]:  # two bookmarks on two subjects, one tag for both
        library.bookmarks.set_tags(papers[paper.title], "Assistants")
    chosen = library.for_you()
    assert chosen.suggestions[0].key == papers[ROBOTS_THAT_LISTEN[2].title].key
    assert chosen.suggestions[0].like == "tag: Assistants"  # like the two together more than either
    assert {suggestion.like for suggestion in chosen.suggestions[1:]} == {""}
    assert chosen.suggestions[0].score > max(suggestion.score for suggestion in chosen.suggestions[1:])
    library.bookmarks.set_tags(papers[ROBOTS_THAT_LISTEN[1].title], "")  # a tag of one paper is its bookmark
    assert library.for_you().suggestions[0].like in {paper.title for paper in ROBOTS_THAT_LISTEN[:2]}


def test_watch_and_hide_queries_mark_count_and_answer_searches(tmp_path: Path) -> None:
    library = library_at(tmp_path, watch=["molecule OR molecular", "title:robot"], hide=["survey"])
    lists = library.lists()
    assert {library.paper(key).title for key in lists.watched} == {*(p.title for p in GRAPHS), OTHERS[1].title}  # type: ignore[union-attr]
    assert lists.watched_per_day == {dt.date(2025, 12, 16): 1, dt.date(2025, 12, 17): 3}
    assert lists.hidden == {key_of(library, OTHERS[2].title)}
    assert "robot" in lists.terms and lists.problems == ()
    assert set(library.search("is:watched").keys) == lists.watched
    assert set(library.search("is:hidden").keys) == lists.hidden
    assert library.search("-is:watched -is:hidden").keys == (key_of(library, OTHERS[0].title),)


def test_a_bad_watch_query_costs_only_itself(tmp_path: Path) -> None:
    library = library_at(tmp_path, watch=["title:", "is:watched", "speech"], hide=["is:hidden"])
    lists = library.lists()
    assert lists.watched == {key_of(library, OTHERS[0].title)}
    assert len(lists.problems) == 3
    assert all(problem.startswith("config.toml: the ") for problem in lists.problems)
    assert any("is:watched cannot be part of a watch or hide query" in problem for problem in lists.problems)


def test_the_lists_are_worked_out_again_after_a_sync(tmp_path: Path) -> None:
    library = library_at(tmp_path, watch=["speech"])
    assert len(library.lists().watched) == 1
    write_page_copy(tmp_path / "dumps" / "2025-12-18.txt", "Dec 18", [FakePaper("Speech tokens for everyone")])
    library.sync()
    assert len(library.lists().watched) == 2
    assert library.lists().watched_per_day[dt.date(2025, 12, 18)] == 1


def test_hidden_papers_are_kept_in_their_own_file_and_follow_the_paper(tmp_path: Path) -> None:
    library = library_at(tmp_path)
    paper = library.paper(key_of(library, OTHERS[0].title))
    assert paper is not None
    assert library.toggle_hidden(paper) is True
    again = HiddenStore(tmp_path / "hidden.json")
    assert len(again) == 1 and again.is_hidden(paper)
    assert library.hidden_keys() == [paper.key]
    assert library.toggle_hidden(paper) is False
    assert library.hidden_keys() == [] and not HiddenStore(tmp_path / "hidden.json").is_hidden(paper)


def test_a_damaged_hidden_file_is_kept_and_said(tmp_path: Path) -> None:
    path = tmp_path / "hidden.json"
    path.write_text('{"version": 1, "hidden": [{"key": "a", "title": 5}, {"nokey": 1}', encoding="utf-8")
    store = HiddenStore(path)
    assert [mark.key for mark in store.marks] == ["a"]
    assert store.problem is not None


def test_settings_read_watch_hide_and_for_you_days_one_value_at_a_time() -> None:
    good = parse_settings({"watch": ["diffusion", " ", "author:hinton"], "hide": "survey", "for_you_days": 3})
    assert good.watch == ("diffusion", "author:hinton") and good.hide == ("survey",) and good.for_you_days == 3
    assert good.problems == ()
    bad = parse_settings({"watch": [1, 2], "hide": {"a": 1}, "for_you_days": 0})
    assert (bad.watch, bad.hide, bad.for_you_days) == ((), (), 7)
    assert len(bad.problems) == 3 and all("the default is used" in problem for problem in bad.problems)


def test_user_terms_about_the_lists_refuse_other_values(tmp_path: Path) -> None:
    library = library_at(tmp_path)
    with pytest.raises(QueryError):
        library.search("is:watching")


def test_papers_similar_prints_the_papers_like_one_or_says_why_not(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reader.cli import main

    library = library_at(tmp_path)
    key = key_of(library, GRAPHS[0].title)
    library.close()
    root = str(tmp_path / "dumps")
    assert main(["similar", key, "--limit", "2", "--dumps", root]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"most like {GRAPHS[0].title!r}") and "1. " in out and "2. " in out and "3. " not in out
    assert main(["similar", key, "--json", "--dumps", root]) == 0
    titles = [paper["title"] for paper in json.loads(capsys.readouterr().out)]
    assert set(titles[:2]) == {GRAPHS[1].title, GRAPHS[2].title} and GRAPHS[0].title not in titles
    assert main(["similar", "2599.00001", "--dumps", root]) == 1
    assert capsys.readouterr().err.strip() == "papers: no paper with the key or arXiv id '2599.00001' in the library"
    assert main(["similar", key, "--limit", "0", "--dumps", root]) == 2


vectors = st.dictionaries(st.sampled_from("abcdefghij"), st.floats(0.01, 10), min_size=1, max_size=10)


def unit(vector: dict[str, float]) -> dict[str, float]:
    length = math.sqrt(sum(weight**2 for weight in vector.values()))
    return {word: weight / length for word, weight in vector.items()}


def cosine(first: dict[str, float], second: dict[str, float]) -> float:
    return sum(weight * second.get(word, 0.0) for word, weight in first.items())


@given(st.lists(vectors, min_size=1, max_size=6), vectors)
def test_the_nearest_vector_is_the_one_of_highest_cosine_and_a_centroid_is_like_its_papers(
    papers: list[dict[str, float]], other: dict[str, float]
) -> None:
    members = [unit(vector) for vector in papers]
    probe = unit(other)
    best, place = Nearest(members).best(probe)
    cosines = [cosine(probe, vector) for vector in members]
    assert math.isclose(best, max(cosines), abs_tol=1e-9)
    assert place != -1 or max(cosines) == 0
    assert place == -1 or math.isclose(cosines[place], best, abs_tol=1e-9)
    assert -1e-9 <= best <= 1 + 1e-9
    middle = centroid(members)
    assert math.isclose(sum(weight**2 for weight in middle.values()), 1.0)
    assert all(cosine(vector, middle) > 0 for vector in members)


def test_document_frequencies_are_whoosh_s_own_in_every_segment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = library_at(tmp_path)
    write_page_copy(
        tmp_path / "dumps" / "2025-12-18.txt",
        "Dec 18",
        [FakePaper("Graph networks for café molecules", "Graph networks, again: molecules and naïve atoms.")],
    )
    library.sync()  # a second segment
    with library.index.reading() as searcher:
        reader = searcher.reader()
        assert len(reader.leaf_readers()) > 1
        quick = SegmentTerms(reader)
        words = ["graph", "network", "molecul", "café", "naïv", "speech", "absent", "", "x" * 300]
        for field in ("abstract", "title"):
            counted = {word: quick.doc_frequency(field, word) for word in words}
            assert counted == {word: reader.doc_frequency(field, word) for word in words}
            assert counted["graph"] >= 2 and counted["absent"] == 0
        assert quick.doc_frequency("no such field", "graph") == 0
        for place, (segment, _) in enumerate(quick.segments):
            for field in ("abstract", "title", "no such field"):
                for word in words:
                    opened = quick.postings(place, field, word)
                    try:
                        expected = list(segment.postings(field, word).items_as("weight"))
                    except TermNotFound:
                        expected = []
                    assert (list(opened.items_as("weight")) if opened else []) == expected
        monkeypatch.setattr(index_terms, "_table", lambda segment: None)  # a layout it does not know
        asked = SegmentTerms(reader)
        assert {word: asked.doc_frequency("abstract", word) for word in words} == {
            word: reader.doc_frequency("abstract", word) for word in words
        }
    library.close()
