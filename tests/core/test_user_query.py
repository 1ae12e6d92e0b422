"""User-state search terms: split from the query, answered from the user's files, combined by AND."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.errors import QueryError
from reader.core.library import Library
from reader.core.models import Sort
from reader.core.user_query import UserTerm, UserTerms
from tests.factories import FakePaper, write_page_copy


def terms_of(*flags: str) -> UserTerms:
    """A registry with ``is:`` taking ``flags``, each admitting keys that start with it."""
    terms = UserTerms()
    terms.add("is", lambda value: lambda key: key.startswith(value), flags)
    terms.add("tag", lambda value: lambda key: value in key)
    return terms


def test_user_terms_are_split_from_the_index_query() -> None:
    terms = terms_of("read", "bookmarked")
    assert terms.split("is:read diffusion -is:bookmarked tag:Agents") == (
        "diffusion",
        (UserTerm("is", "read"), UserTerm("is", "bookmarked", negated=True), UserTerm("tag", "agents")),
    )
    assert terms.split('NOT tag:"Long Name" model') == ("model", (UserTerm("tag", "long name", negated=True),))
    # Other fields and words that merely contain a colon stay in the index query.
    assert terms.split("title:is:x author:hinton http://a.b") == ("title:is:x author:hinton http://a.b", ())


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("is:", "is: needs a value (read, bookmarked)"),
        ("is:sleepy", "is:sleepy is not known (read, bookmarked)"),
        ("model OR is:read", "cannot be inside OR"),
        ("is:read OR model", "cannot be inside OR"),
        ("(is:read model)", "cannot be inside OR or parentheses"),
        ("tag:", "tag: needs a value"),
    ],
)
def test_a_user_term_that_cannot_be_answered_is_one_clear_error(query: str, reason: str) -> None:
    with pytest.raises(QueryError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        terms_of("read", "bookmarked").split(query)


def test_added_values_extend_a_field_and_the_predicate_is_an_and() -> None:
    terms = terms_of("read")
    terms.add("is", lambda _value: lambda key: key.endswith("!"), ["loud"])
    _text, found = terms.split("is:read is:loud")
    admits = terms.predicate(found)
    assert admits is not None
    assert [admits(key) for key in ("read!", "read", "x!")] == [True, False, False]
    assert terms.predicate(()) is None


@given(st.lists(st.sampled_from(["model", "video", "is:read", "-is:read", "tag:x", '"a b"', "day:2024-01-05"])))
def test_splitting_keeps_every_other_word_in_order(words: list[str]) -> None:
    text, found = terms_of("read").split(" ".join(words))
    others = [part for part in words if not part.lstrip("-").startswith(("is:", "tag:"))]
    assert text.split() == " ".join(others).split()
    assert [str(term) for term in found] == [word for word in words if word.lstrip("-").startswith(("is:", "tag:"))]


def test_is_bookmarked_narrows_a_search_and_lists_alone(tmp_path: Path) -> None:
    papers = [FakePaper(f"Video model number {n}", "A video model.") for n in range(1, 6)]
    write_page_copy(tmp_path / "dumps" / "day.txt", "Daily Papers — Jan 5, 2024", papers)
    library = Library([tmp_path / "dumps"], index_dir=tmp_path / "index", bookmarks_path=tmp_path / "b.json")
    library.sync()
    everything = library.search("video")
    chosen = library.papers(list(everything.keys[:2]))
    for paper in chosen.values():
        library.toggle_bookmark(paper)
    assert set(library.search("is:bookmarked video").keys) == set(chosen)
    assert library.search("is:bookmarked video").total == 2
    assert set(library.search("-is:bookmarked video").keys) == set(everything.keys) - set(chosen)
    alone = library.search("is:bookmarked", sort=Sort.TITLE)
    assert list(alone.keys) == library.sort_keys(list(chosen), Sort.TITLE) and alone.total == 2
    assert library.search("is:bookmarked", limit=1).total == 2
