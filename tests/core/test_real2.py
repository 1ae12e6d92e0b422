"""The second real corpus (``../shared/corpus/real2``): each file gives exactly the papers,
listings, days and sampled fields its ``truth.json`` states (skipped when absent)."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from typing import Any

import pytest

from reader.core.dumps import ReadDump, Record, read_dump
from reader.core.errors import ParseError
from reader.core.models import DaySource
from reader.core.text import fold_title
from tests.conftest import SHARED, shared_path

MTIME = dt.datetime(2026, 3, 9, 12, 0).timestamp()
STATED = {DaySource.DUMP, DaySource.HEADER}
"""Day sources that mean the dump itself states the day."""

_TRUTH_FILE = SHARED / "corpus" / "real2" / "truth.json"
NAMES = sorted(json.loads(_TRUTH_FILE.read_text(encoding="utf-8"))) if _TRUTH_FILE.exists() else ["(absent)"]


def truth(name: str) -> dict[str, Any]:
    """The hand-checked facts about one file."""
    facts: dict[str, Any] = json.loads(shared_path("corpus", "real2", "truth.json").read_text(encoding="utf-8"))
    return facts[name]


def read(name: str) -> ReadDump:
    """Read a real2 file as the index does."""
    path = shared_path("corpus", "real2", name)
    return read_dump(path, path.read_bytes(), MTIME)


def key(record: Record) -> str:
    """The paper a listing is (arXiv id, else the folded title), as the merge decides."""
    return record.entry.arxiv_id or fold_title(record.entry.title)


def papers(dump: ReadDump) -> dict[str, list[Record]]:
    """Listings per paper, papers in order of first appearance."""
    found: dict[str, list[Record]] = {}
    for record in dump.records:
        found.setdefault(key(record), []).append(record)
    return found


def test_every_real2_file_has_a_truth() -> None:
    folder = shared_path("corpus", "real2")
    assert {path.name for path in folder.iterdir()} - {"SOURCES.md", "truth.json"} == set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_papers_listings_and_days(name: str) -> None:
    facts, dump = truth(name), read(name)
    assert len(dump.records) == facts["listings"]
    assert len(papers(dump)) == facts["papers"]
    if facts["days"] is None:
        assert not [record for record in dump.records if record.day_source in STATED]
    else:
        assert {record.day_source for record in dump.records} <= STATED
        days = Counter(record.day.isoformat() for record in dump.records)
        assert dict(days) == facts["days"]
    for record in dump.records:
        assert record.entry.title and "\n" not in record.entry.title


def _check(sample: dict[str, Any], listings: list[Record]) -> None:
    entry = listings[0].entry
    assert entry.title == sample["title"]
    assert entry.arxiv_id == sample["arxiv_id"]
    assert entry.upvotes == sample["upvotes"]
    assert entry.author_count == sample["author_count"]
    published = listings[0].published
    assert (published.isoformat() if published else None) == sample["published"]
    expected_day = sample["day"]
    if expected_day is None:
        assert {record.day_source for record in listings}.isdisjoint(STATED)
    else:
        days = [record.day.isoformat() for record in listings]
        assert days == (expected_day if isinstance(expected_day, list) else [expected_day])
    start = sample["abstract_start"]
    assert entry.abstract.startswith(start) if start is not None else entry.abstract == ""
    if "title_original" in sample:
        assert sample["title_original"] in entry.other_titles
    if "github_stars" in sample:
        assert entry.github_stars == sample["github_stars"]
    if "authors_listed" in sample:
        assert len(entry.authors) == sample["authors_listed"]
    if "comments" in sample:
        assert entry.comments == sample["comments"]


@pytest.mark.parametrize("name", NAMES)
def test_sampled_papers(name: str) -> None:
    facts, found = truth(name), papers(read(name))
    ordered = list(found.values())
    samples = [*facts["samples"], *([facts["repeated_example"]] if "repeated_example" in facts else [])]
    for sample in samples:
        position, total = (int(part) for part in sample["position"].split(" of "))
        assert total == len(ordered)
        _check(sample, ordered[position - 1])


@pytest.mark.parametrize("name", NAMES)
def test_repeated_papers(name: str) -> None:
    facts = truth(name)
    if "repeated_papers" not in facts:
        pytest.skip("no paper repeats in this file")
    per_paper = Counter(len({record.day for record in listings}) for listings in papers(read(name)).values())
    repeated = facts["repeated_papers"]
    assert (per_paper[2], per_paper[3]) == (repeated["on_2_days"], repeated["on_3_days"])
    assert sum(count for days, count in per_paper.items() if days > 1) == repeated["total"]


def test_stars_are_github_stars_never_upvotes() -> None:
    for record in read("scraper-json-crawl4ai-daily-2026-03-06.json").records:
        assert record.entry.upvotes is None


def test_the_notes_beside_the_files_are_not_a_dump() -> None:
    path = shared_path("corpus", "real2", "SOURCES.md")
    with pytest.raises(ParseError):
        read_dump(path, path.read_bytes(), MTIME)
