"""Facts about the five real seed dumps in ../shared/seeds (skipped when absent)."""

from __future__ import annotations

import datetime as dt
import os
import shutil

import pytest

from reader.core.library import Library
from reader.core.models import Paper
from tests.conftest import shared_path

FILE_DATE = dt.datetime(2026, 1, 20, 9, 30)


@pytest.fixture(scope="module")
def seeds_library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    """A library over a copy of the seeds, the dense copy dated by its file."""
    folder = tmp_path_factory.mktemp("seeds")
    for seed in sorted(shared_path("seeds").iterdir()):
        target = folder / seed.name
        shutil.copyfile(seed, target)
        os.utime(target, (FILE_DATE.timestamp(), FILE_DATE.timestamp()))
    root = tmp_path_factory.mktemp("seed-state")
    library = Library([folder], index_dir=root / "index", bookmarks_path=root / "bookmarks.json")
    library.sync()
    return library


def find(library: Library, title_start: str) -> Paper:
    """The one paper whose title starts with ``title_start``."""
    keys = library.keys()
    papers = [paper for paper in library.papers(keys).values() if paper.title.startswith(title_start)]
    assert len(papers) == 1, papers
    return papers[0]


def test_the_seeds_hold_537_listings_on_five_days(seeds_library: Library) -> None:
    papers, listings = seeds_library.counts()
    assert listings == 537
    days = {day.date: day.paper_count for day in seeds_library.days()}
    assert days == {
        dt.date(2025, 12, 16): 37,
        dt.date(2025, 12, 8): 34,
        dt.date(2025, 12, 17): 33,
        dt.date(2025, 10, 31): 171,
        FILE_DATE.date(): 262,
    }
    # 15 titles appear in two seeds, each exactly the same text (6 of them in the dense
    # copy 004); by the key rule (normalised title) they are one paper each: 537 - 15.
    assert papers == 522


def test_the_dense_copy_is_dated_by_its_file(seeds_library: Library) -> None:
    guessed = [day for day in seeds_library.days() if day.guessed]
    assert [day.date for day in guessed] == [FILE_DATE.date()]


def test_the_dragon_hatchling(seeds_library: Library) -> None:
    paper = find(seeds_library, "The Dragon Hatchling")
    assert paper.organization == "Pathway"
    assert paper.published == dt.date(2025, 9, 30)
    assert paper.comments == 21
    assert paper.upvotes is None
    assert paper.days == (dt.date(2025, 10, 31),)


def test_flexvar(seeds_library: Library) -> None:
    paper = find(seeds_library, "FlexVAR")
    assert paper.author_count == 9
    assert paper.published == dt.date(2025, 2, 27)
    assert paper.days == (dt.date(2025, 12, 16),)
    assert seeds_library.keys(dt.date(2025, 12, 16))[0] == paper.key


def test_pre_train_prompt_and_predict_is_one_paper_on_two_days(seeds_library: Library) -> None:
    paper = find(seeds_library, "Pre-train, Prompt, and Predict")
    assert paper.days == (dt.date(2025, 12, 16), dt.date(2025, 12, 17))
    assert len(paper.sources) == 2
    assert paper.key in seeds_library.keys(dt.date(2025, 12, 16))
    assert paper.key in seeds_library.keys(dt.date(2025, 12, 17))


def test_searching_the_seeds(seeds_library: Library) -> None:
    result = seeds_library.search('"Dragon Hatchling"')
    assert [seeds_library.paper(key).title[:20] for key in result.keys] == ["The Dragon Hatchling"]  # type: ignore[union-attr]
    assert seeds_library.search("org:pathway").keys == result.keys
