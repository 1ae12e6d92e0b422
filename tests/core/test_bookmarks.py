"""The bookmark store: persistence, damage, concurrency, and papers whose key changes."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from reader.core import storage
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


def test_toggles_from_many_threads_at_once_keep_every_bookmark(tmp_path: Path) -> None:
    """``b j b j ...`` sent at once: the toggle workers run together in one process."""
    path = tmp_path / "bookmarks.json"
    store = BookmarkStore(path)
    papers = [paper(f"Threaded paper {n}") for n in range(24)]
    barrier = threading.Barrier(len(papers))

    def toggle(target: Paper) -> None:
        barrier.wait()
        store.toggle(target)

    threads = [threading.Thread(target=toggle, args=(target,)) for target in papers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(BookmarkStore(path)) == len(papers) == len(store)


def test_b_b_from_two_threads_ends_where_it_started(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.json"
    store, other = BookmarkStore(path), BookmarkStore(path)
    kept = paper("Kept all along")
    store.toggle(kept)
    flipped = paper("Flipped twice")
    for _ in range(5):
        threads = [threading.Thread(target=s.toggle, args=(flipped,)) for s in (store, other)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        again = BookmarkStore(path)
        assert again.is_bookmarked(kept) and not again.is_bookmarked(flipped)


def test_a_backup_cut_short_by_a_full_disk_is_refused_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "bookmarks.json"
    full = {
        "version": 1,
        "bookmarks": [{"key": f"k{n}", "title": f"Paper {n}", "url": "", "added": ""} for n in range(1500)],
    }
    damaged = json.dumps(full, indent=2)[:-4000]  # truncated on a nearly full disk
    path.write_text(damaged)
    real_write = storage.write_all

    def short_write(descriptor: int, data: bytes) -> None:
        real_write(descriptor, data[: len(data) // 2])  # the disk fills up without an error

    monkeypatch.setattr(storage, "write_all", short_write)
    store = BookmarkStore(path)
    assert store.problem is not None and "cannot keep a copy" in store.problem
    assert list(tmp_path.glob("bookmarks.json.bad-*")) == [], "a copy that is not whole is never kept"
    with pytest.raises(StoreError, match=r"bookmark not saved: cannot keep a copy of bookmarks\.json"):
        store.toggle(paper("One more"))
    assert path.read_text() == damaged
    monkeypatch.undo()
    store.toggle(paper("One more"))
    (backup,) = tmp_path.glob("bookmarks.json.bad-*")
    assert backup.read_text() == damaged
    saved = json.loads(path.read_text())["bookmarks"]
    assert len(saved) > 1400, "what the cut file held is read item by item and kept"
    assert saved[-1]["title"] == "One more"


def test_no_room_for_a_backup_refuses_to_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "bookmarks.json"
    path.write_text('{"version": 1, "bookmarks": [')

    def no_space(descriptor: int, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(storage, "write_all", no_space)
    store = BookmarkStore(path)
    with pytest.raises(StoreError, match="No space left on device"):
        store.toggle(paper("Anything"))
    assert path.read_text() == '{"version": 1, "bookmarks": ['


def test_fields_are_read_one_by_one_and_unknown_ones_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.json"
    text = (
        '\ufeff{"version": 1, "theme": "kept", "bookmarks": ['
        '{"key": "2405.00001", "title": 7, "url": "https://huggingface.co/papers/2405.00001", "added": 12345,'
        ' "arxiv_id": "2405.00001", "note": "my note"},'
        '{"key": "a", "title": "First copy", "url": "", "added": "2024-01-01"},'
        '"not an object",'
        '{"no key": true}'
        '], "bookmarks": [{"key": "b", "title": "Second copy", "url": "", "added": "2024-01-02"}]}'
    )
    path.write_text(text, encoding="utf-8")
    store = BookmarkStore(path)
    assert {bookmark.key for bookmark in store.items} == {"2405.00001", "a", "b"}
    numbered = next(b for b in store.items if b.key == "2405.00001")
    assert numbered.title == "2405.00001" and numbered.added == "1970-01-01T03:25:45+00:00"
    warnings = "\n".join(store.warnings)
    for expected in ("'title' is not text", "'bookmarks' more than once", "item 3 is not an object", "item 4"):
        assert expected in warnings
    assert list(tmp_path.glob("bookmarks.json.bad-*")) == [], "nothing was lost: no copy needed"
    store.toggle(paper("New one"))
    saved = json.loads(path.read_text())
    assert saved["theme"] == "kept"
    items = saved["bookmarks"]
    assert items[0] == {
        "key": "2405.00001",
        "title": 7,
        "url": "https://huggingface.co/papers/2405.00001",
        "added": 12345,
        "arxiv_id": "2405.00001",
        "note": "my note",
    }
    assert "not an object" in items and {"no key": True} in items
    assert [item["title"] for item in items if isinstance(item, dict) and "key" in item][1:] == [
        "First copy",
        "Second copy",
        "New one",
    ]
    store.toggle(paper("New one"))
    assert len(BookmarkStore(path)) == 3


@pytest.mark.parametrize(("version", "newer"), [("0", False), ('"2"', True), ("2.0", True), ('"x"', False)])
def test_odd_versions_still_read_every_bookmark(tmp_path: Path, version: str, newer: bool) -> None:
    path = tmp_path / "bookmarks.json"
    original = f'{{"version": {version}, "bookmarks": [{{"key": "k", "title": "Old one", "url": "", "added": ""}}]}}'
    path.write_text(original)
    store = BookmarkStore(path)
    assert [bookmark.title for bookmark in store.items] == ["Old one"]
    assert bool(list(tmp_path.glob("bookmarks.json.bad-*"))) is newer
    store.toggle(paper("New one"))
    assert {item["title"] for item in json.loads(path.read_text())["bookmarks"]} == {"Old one", "New one"}


def test_a_stale_temp_file_from_a_killed_writer_is_removed(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.json"
    (tmp_path / ".bookmarks.json.abc123.tmp").write_text("half a write")
    store = BookmarkStore(path)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == [], "removed at the next start"
    (tmp_path / ".bookmarks.json.def456.tmp").write_text("half a write")
    store.toggle(paper("After the crash"))
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == [], "and at the next save"


def test_a_url_with_control_characters_is_never_a_link(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.json"
    item = {"key": "k", "title": "T\x1b]2;x\x07", "url": "https://x.example/\x1b[2J", "added": ""}
    path.write_text(json.dumps({"version": 1, "bookmarks": [item]}))
    (bookmark,) = BookmarkStore(path).items
    assert (bookmark.title, bookmark.url) == ("T", "")
