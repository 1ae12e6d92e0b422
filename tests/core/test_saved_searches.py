"""Saved searches: a hand-editable TOML file, read field by field and written safely."""

from __future__ import annotations

import threading
import tomllib
from pathlib import Path

import pytest

from reader.core.errors import StoreError
from reader.core.saved_searches import SavedSearch, SavedSearchStore


def test_saving_writes_a_file_a_person_can_read_and_edit(tmp_path: Path) -> None:
    path = tmp_path / "searches.toml"
    store = SavedSearchStore(path)
    store.save("Agents to read", "tag:agents is:bookmarked")
    store.save('odd "name" \\ here', 'title:"video diffusion"')
    text = path.read_text()
    assert text.startswith("# papers: saved searches.")
    assert tomllib.loads(text)["search"][0] == {"name": "Agents to read", "query": "tag:agents is:bookmarked"}
    # A hand edit: a search of its own, a comment, a key papers does not know.
    path.write_text(text + '\n# mine\n[[search]]\nname = "By hand"\nquery = "has:note"\nsort = "title"\n')
    store.reload()
    assert [search.name for search in store.items] == ["Agents to read", 'odd "name" \\ here', "By hand"]
    store.save("Agents to read", "tag:agents")  # replaced in its place
    data = tomllib.loads(path.read_text())
    assert [table["name"] for table in data["search"]] == ["Agents to read", 'odd "name" \\ here', "By hand"]
    assert data["search"][0]["query"] == "tag:agents" and data["search"][2]["sort"] == "title"
    store.remove("By hand")
    assert store.find("By hand") is None and SavedSearchStore(path).find("Agents to read") == SavedSearch(
        "Agents to read", "tag:agents"
    )


def test_bad_searches_cost_only_themselves(tmp_path: Path) -> None:
    path = tmp_path / "searches.toml"
    path.write_text('[[search]]\nname = "good"\nquery = "x"\n[[search]]\nname = 3\n[[search]]\nquery = "y"\n')
    store = SavedSearchStore(path)
    assert store.items == [SavedSearch("good", "x")]
    assert store.problem is not None and "search 2 needs a name and a query" in store.problem


def test_a_file_that_is_not_toml_is_kept_as_a_copy_before_it_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "searches.toml"
    path.write_text("[[search]\nname = broken")
    store = SavedSearchStore(path)
    assert store.items == [] and store.problem is not None and "cannot be read as TOML" in store.problem
    store.save("new", "video")
    (backup,) = tmp_path.glob("searches.toml.bad-*")
    assert backup.read_text() == "[[search]\nname = broken"
    assert SavedSearchStore(path).items == [SavedSearch("new", "video")]


@pytest.mark.parametrize(
    ("name", "query", "reason"), [("", "x", "needs a name"), ("n", " ", "no query"), ("x" * 61, "q", "longer")]
)
def test_a_search_that_cannot_be_saved_says_why(tmp_path: Path, name: str, query: str, reason: str) -> None:
    with pytest.raises(StoreError, match=reason):
        SavedSearchStore(tmp_path / "searches.toml").save(name, query)


def test_two_readers_saving_at_once_keep_both(tmp_path: Path) -> None:
    path = tmp_path / "searches.toml"
    stores = [SavedSearchStore(path), SavedSearchStore(path)]
    threads = [
        threading.Thread(target=lambda i=i: [stores[i].save(f"s{i}-{n}", f"q{n}") for n in range(5)]) for i in (0, 1)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(SavedSearchStore(path).items) == 10


def test_a_file_that_cannot_be_read_is_one_line_and_never_replaced(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    store = SavedSearchStore(blocker / "searches.toml")
    assert store.items == [] and store.problem is not None and "cannot read searches.toml" in store.problem
    with pytest.raises(StoreError, match="search not saved: cannot"):
        store.save("x", "y")
