"""The bookmark store: persistence, damage, concurrency, and papers whose key changes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from reader.core.bookmarks import BookmarkStore
from reader.core.errors import StoreError
from reader.core.links import build_links
from reader.core.models import Paper


def paper(title: str, arxiv_id: str | None = None) -> Paper:
    """A paper keyed as the catalog would key it."""
    from reader.core.text import title_key

    return Paper(key=arxiv_id or title_key(title), title=title, arxiv_id=arxiv_id, links=build_links(arxiv_id, title))


def test_toggle_persists_atomically(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.json"
    store = BookmarkStore(path)
    first, second = paper("Lattice Transformers", "2405.01234"), paper("Quiet Agents")
    assert store.toggle(first) is True
    assert store.toggle(second) is True
    saved = json.loads(path.read_text())
    assert saved["version"] == 1
    assert {item["title"] for item in saved["bookmarks"]} == {"Lattice Transformers", "Quiet Agents"}
    assert saved["bookmarks"][0]["url"] == "https://huggingface.co/papers/2405.01234"
    assert BookmarkStore(path).is_bookmarked(second)
    assert store.toggle(first) is False
    assert not BookmarkStore(path).is_bookmarked(first)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_a_bookmark_follows_its_paper_when_the_arxiv_id_becomes_known(tmp_path: Path) -> None:
    store = BookmarkStore(tmp_path / "bookmarks.json")
    store.toggle(paper("Quiet Agents"))
    later = paper("Quiet agents", "2405.09999")  # the same title, now from an API dump
    assert store.is_bookmarked(later)
    assert store.toggle(later) is False
    assert len(store) == 0


def test_a_crash_mid_write_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "bookmarks.json"
    store = BookmarkStore(path)
    store.toggle(paper("Kept Paper"))
    before = path.read_text()

    def crash(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(StoreError, match=r"bookmark not saved: .*No space left"):
        store.toggle(paper("Lost Paper"))
    assert path.read_text() == before
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{not json", "damaged"),
        ('{"version": 1, "bookmarks": [{"nonsense": 1}]}', "damaged"),
        ('{"version": 7, "bookmarks": []}', "newer papers"),
    ],
)
def test_a_bad_file_is_kept_as_a_backup_and_never_overwritten_silently(
    tmp_path: Path, content: str, problem: str
) -> None:
    path = tmp_path / "bookmarks.json"
    path.write_text(content)
    store = BookmarkStore(path)
    assert store.problem is not None and problem in store.problem
    assert len(store) == 0
    backups = list(tmp_path.glob("bookmarks.json.bad-*"))
    assert [backup.read_text() for backup in backups] == [content]
    assert backups[0].name in store.problem
    assert path.read_text() == content  # untouched until the user bookmarks something
    store.toggle(paper("A New Start"))
    assert json.loads(path.read_text())["bookmarks"][0]["title"] == "A New Start"
    assert [backup.read_text() for backup in tmp_path.glob("bookmarks.json.bad-*")] == [content]


def test_two_readers_toggling_at_once_keep_every_bookmark(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.json"
    left, right = BookmarkStore(path), BookmarkStore(path)
    left.toggle(paper("From the left"))
    right.toggle(paper("From the right"))  # right never re-read the file, yet keeps left's
    left.toggle(paper("Left again"))
    titles = {item["title"] for item in json.loads(path.read_text())["bookmarks"]}
    assert titles == {"From the left", "From the right", "Left again"}
    right.reload()
    assert len(right) == 3


def test_an_unwritable_data_dir_gives_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the data dir should be")
    store = BookmarkStore(blocker / "bookmarks.json")
    assert len(store) == 0 and store.problem is not None and "Not a directory" in store.problem
    with pytest.raises(StoreError, match="bookmark not saved: cannot lock"):
        store.toggle(paper("Anything"))


def test_bookmarks_added_in_the_same_second_are_listed_newest_first(tmp_path: Path) -> None:
    store = BookmarkStore(tmp_path / "bookmarks.json")
    titles = ["Lattice Transformers", "Quiet Agents", "Sparse Routers", "Tiny Critics"]
    for title in titles:
        store.toggle(paper(title))
    stamps = json.loads((tmp_path / "bookmarks.json").read_text())["bookmarks"]
    for item in stamps:  # as when they are added within one second
        item["added"] = "2026-12-02T00:00:00+00:00"
    (tmp_path / "bookmarks.json").write_text(json.dumps({"version": 1, "bookmarks": stamps}))
    assert [bookmark.title for bookmark in BookmarkStore(tmp_path / "bookmarks.json").items] == titles[::-1]
