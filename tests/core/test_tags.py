"""Tags and notes on bookmarks: how they are typed, kept, merged between readers and searched."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.bookmarks import BookmarkStore
from reader.core.errors import QueryError, TagError
from reader.core.library import Library
from reader.core.tags import MAX_NOTE_LENGTH, clean_note, parse_tags
from tests.core.test_bookmarks import paper
from tests.factories import FakePaper, write_page_copy


def test_tags_are_split_on_commas_and_spaces_and_compared_case_folded() -> None:
    assert parse_tags("Agents, rl  agents,,RL planning") == ("Agents", "rl", "planning")
    # A tag already in use is written as it is spelled there.
    assert parse_tags("agents LLM", in_use=["Agents"]) == ("Agents", "LLM")
    assert parse_tags("  , ") == ()


@pytest.mark.parametrize(("typed", "reason"), [('"quoted"', "quote"), ("x(y)", "parenthesis"), ("a" * 41, "longer")])
def test_a_tag_that_could_not_be_searched_is_refused_in_one_line(typed: str, reason: str) -> None:
    with pytest.raises(TagError, match=reason):
        parse_tags(typed)


@given(st.text(max_size=60))
def test_parsed_tags_hold_no_separator_and_no_two_fold_alike(text: str) -> None:
    try:
        tags = parse_tags(text)
    except TagError:
        return
    assert all(tag and not any(c in tag for c in ' ,\n\t"()') for tag in tags)
    assert len({tag.casefold() for tag in tags}) == len(tags)
    assert parse_tags(" ".join(tags)) == tags


def test_a_note_loses_controls_but_keeps_its_lines() -> None:
    assert clean_note("line one\r\n\x1b[31mred\x1b[0m\tand\n\n") == "line one\nred\tand"
    with pytest.raises(TagError, match="at most"):
        clean_note("x" * (MAX_NOTE_LENGTH + 1))


def test_tagging_bookmarks_and_the_last_tag_removed_keeps_the_bookmark(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.json"
    store = BookmarkStore(path)
    first = paper("Lattice Transformers", "2405.01234")
    assert not store.is_bookmarked(first)
    saved = store.set_tags(first, "Agents, rl")
    assert saved is not None and saved.tags == ("Agents", "rl")
    assert store.is_bookmarked(first)
    item = json.loads(path.read_text())["bookmarks"][0]
    assert item["tags"] == ["Agents", "rl"] and item["key"] == "2405.01234"
    store.set_tags(first, "")
    assert store.is_bookmarked(first) and store.find(first).tags == ()  # type: ignore[union-attr]
    # No tag and no note on a paper that is not bookmarked: nothing is written.
    assert store.set_tags(paper("Untouched"), "") is None
    assert len(BookmarkStore(path)) == 1


def test_a_note_bookmarks_the_paper_and_survives_a_reread(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.json"
    store = BookmarkStore(path)
    quiet = paper("Quiet Agents")
    store.set_note(quiet, "Why it matters:\n[bold]not markup[/bold]")
    again = BookmarkStore(path).find(quiet)
    assert again is not None and again.note == "Why it matters:\n[bold]not markup[/bold]"
    store.set_note(quiet, "")
    assert BookmarkStore(path).find(quiet).note == ""  # type: ignore[union-attr]


def test_changing_a_bookmark_keeps_its_place_and_the_fields_this_papers_does_not_know(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.json"
    first, second = paper("First Paper"), paper("Second Paper")
    store = BookmarkStore(path)
    store.toggle(first)
    store.toggle(second)
    data = json.loads(path.read_text())
    data["bookmarks"][0]["colour"] = "teal"  # written by a newer papers, or by hand
    data["bookmarks"][0]["tags"] = "old, Tags"  # a hand-typed string is read as typed tags
    path.write_text(json.dumps(data))
    store.reload()
    store.set_note(first, "a note")
    items = json.loads(path.read_text())["bookmarks"]
    assert [item["title"] for item in items] == ["First Paper", "Second Paper"]
    assert items[0]["colour"] == "teal" and items[0]["note"] == "a note" and items[0]["tags"] == ["old", "Tags"]


def test_two_readers_tagging_different_papers_keep_both(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.json"
    papers = [paper(f"Paper number {n}") for n in range(12)]
    stores = [BookmarkStore(path), BookmarkStore(path)]  # two readers, each with its own view

    def tag(index: int) -> None:
        for item in papers[index::2]:
            stores[index].set_tags(item, f"reader{index}")

    threads = [threading.Thread(target=tag, args=(index,)) for index in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    final = BookmarkStore(path)
    assert [count.tag for count in final.tag_counts()] == ["reader0", "reader1"]
    assert [count.count for count in final.tag_counts()] == [6, 6]


def test_a_damaged_store_is_backed_up_and_tags_still_work(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.json"
    path.write_text('{"version": 1, "bookmarks": [{"key": "a", "title": "Kept", "tags": ["x"]}, {"key": ')
    store = BookmarkStore(path)
    assert store.problem is not None and "damaged" in store.problem
    assert [count.tag for count in store.tag_counts()] == ["x"]
    store.set_tags(paper("Another"), "y")
    backups = list(tmp_path.glob("bookmarks.json.bad-*"))
    assert len(backups) == 1 and backups[0].read_text().endswith('{"key": ')
    assert [count.tag for count in BookmarkStore(path).tag_counts()] == ["x", "y"]


def test_bad_fields_cost_only_themselves(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.json"
    item = {"key": "k", "title": "T", "tags": ["ok", 7, 'bad"one'], "note": 3, "authors": "Ada", "published": "soon"}
    path.write_text(json.dumps({"version": 1, "bookmarks": [item]}))
    store = BookmarkStore(path)
    (bookmark,) = store.items
    assert bookmark.tags == ("ok",) and bookmark.note == "" and bookmark.authors == () and bookmark.published is None
    assert store.problem is not None and "(and" in store.problem  # every reason, summed up in one line


@pytest.fixture
def library(tmp_path: Path) -> Library:
    papers = [FakePaper(f"Video model number {n}", "A video model.") for n in range(1, 6)]
    write_page_copy(tmp_path / "dumps" / "2024-01-05-daily-papers.txt", "Jan 5", papers)
    library = Library(
        [tmp_path / "dumps"],
        index_dir=tmp_path / "index",
        bookmarks_path=tmp_path / "b.json",
        searches_path=tmp_path / "s.toml",
    )
    library.sync()
    return library


def test_tag_note_and_has_terms_narrow_a_search_and_list_alone(library: Library) -> None:
    found = library.papers(library.keys())
    by_title = {p.title: p for p in found.values()}
    library.bookmarks.set_tags(by_title["Video model number 1"], "Agents")
    library.bookmarks.set_tags(by_title["Video model number 2"], "agents rl")
    library.bookmarks.set_note(by_title["Video model number 3"], "A strong BENCHMARK suite")
    library.toggle_bookmark(by_title["Video model number 4"])

    def titles(query: str) -> set[str]:
        return {found[key].title[-1] for key in library.search(query).keys}

    assert titles("tag:agents") == {"1", "2"} == titles("tag:AGENTS video")
    assert titles("tag:rl") == {"2"}
    assert titles("note:benchmark") == {"3"} == titles('note:"strong bench"')
    assert titles("has:note") == {"3"}
    assert titles("has:tags") == {"1", "2"}
    assert titles("is:bookmarked -has:tags -has:note") == {"4"}
    assert titles("video -tag:agents") == {"3", "4", "5"}
    assert library.search("tag:nothing").total == 0
    with pytest.raises(QueryError, match="has:nothing is not known"):
        library.search("has:nothing")


def test_a_tag_follows_its_paper_when_the_key_changes(library: Library, tmp_path: Path) -> None:
    (key,) = [k for k, p in library.papers(library.keys()).items() if p.title.endswith("5")]
    library.bookmarks.set_tags(library.papers([key])[key], "later")
    data = json.loads((tmp_path / "b.json").read_text())
    data["bookmarks"][0]["key"] = "title:stale"  # the key it had before its arXiv id was known
    (tmp_path / "b.json").write_text(json.dumps(data))
    library.bookmarks.reload()
    assert list(library.search("tag:later").keys) == [key]
