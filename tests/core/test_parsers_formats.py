"""The structured dump formats: HF API JSON, saved HTML, Markdown, RSS, JSON Feed, CSV and
scraper JSON, on the real files in ``../shared/corpus/real`` and on tiny invented ones."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.dumps import ReadDump, read_dump
from reader.core.errors import ParseError
from reader.core.models import DaySource, LooseDate, ParsedDump
from reader.core.parsers import PARSERS, DumpSource, parse_source
from reader.core.parsers._common import split_ai_summary
from reader.core.parsers.jsonfeed import unrepr
from tests.conftest import shared_path

MTIME = dt.datetime(2026, 3, 9, 12, 0).timestamp()
"""A modification date that no real file's day should ever come from."""

API = "hf-api-daily_papers-2026-06-12-limit30.json"
LIST_PAGE = "hf-papers-page-2024-08-01.html"
PAPER_PAGE = "hf-paper-page-2509.24002-2025-10-02.bs4-prettified.html"
RSS = "hf-papers-rss-scraped-2025-12-22.xml"
JSON_FEED = "hf-papers-jsonfeed-scraped-2025-12-22.json"
KO_DIGEST = "md-digest-ko-2024-04-16.md"
TABLE_DIGEST = "md-digest-table-2024-12-16.md"
CSV = "csv-papers-list-2023-11-20_to_2025-05-09.csv"
SCRAPER = "json-digest-scraped-2024-05-13.json"


def real(name: str) -> Path:
    """A real sample file (the test is skipped when ../shared is absent)."""
    return shared_path("corpus", "real", name)


def read(path: Path, data: bytes | None = None) -> ReadDump:
    """Read a dump as the index does."""
    return read_dump(path, path.read_bytes() if data is None else data, MTIME)


def parse_bytes(data: bytes | str, name: str = "dump") -> ParsedDump:
    """Parse in-memory content, as ``parse_source`` sees a file."""
    return parse_source(DumpSource(Path(name), data.encode() if isinstance(data, str) else data))


# --- every real file: parser, number of papers, days ---------------------------------------

REAL_FILES = {
    API: ("hf api json", 30, {dt.date(2026, 6, 12)}, DaySource.DUMP),
    LIST_PAGE: ("hf html", 13, {dt.date(2024, 8, 1)}, DaySource.DUMP),
    PAPER_PAGE: ("hf html", 1, {dt.date(2025, 10, 1)}, DaySource.DUMP),
    RSS: ("rss", 18, {dt.date(2025, 12, 22)}, DaySource.FILENAME),
    JSON_FEED: ("json feed", 18, {dt.date(2025, 12, 22)}, DaySource.FILENAME),
    KO_DIGEST: ("markdown", 12, {dt.date(2024, 4, 16)}, DaySource.DUMP),
    TABLE_DIGEST: ("markdown", 14, {dt.date(2024, 12, 16)}, DaySource.DUMP),
    CSV: ("csv", 5518, None, DaySource.DUMP),  # 357 days: checked below
    SCRAPER: ("scraper json", 8, {dt.date(2024, 5, 13)}, DaySource.DUMP),
}


def test_every_real_file_is_covered() -> None:
    folder = shared_path("corpus", "real")
    assert {path.name for path in folder.iterdir() if path.name != "SOURCES.md"} == set(REAL_FILES)


def test_notes_about_the_formats_are_not_dumps() -> None:
    """A README describing the pages (``div[data-target="DailyPapers"]`` in a table) holds no papers."""
    note = (
        "# Where these files come from\n\n| File | What it is |\n| --- | --- |\n"
        '| `page.html` | `div[data-target="DailyPapers"][data-props]` holds the items |\n'
    )
    with pytest.raises(ParseError, match="not a Daily Papers dump"):
        parse_source(DumpSource(Path("NOTES.md"), note.encode()))
    with pytest.raises(ParseError, match="not a Daily Papers dump"):
        read(shared_path("corpus", "real") / "SOURCES.md")


@pytest.mark.parametrize("name", sorted(REAL_FILES))
def test_real_file_papers_and_days(name: str) -> None:
    parser, count, days, source = REAL_FILES[name]
    dump = read(real(name))
    assert dump.parser == parser
    assert len(dump.records) == count
    if days is not None:
        assert {record.day for record in dump.records} == days
    assert {record.day_source for record in dump.records} == {source}
    for record in dump.records:
        entry = record.entry
        assert entry.title and entry.title == entry.title.strip() and "\n" not in entry.title
        assert "\n" not in entry.abstract and "  " not in entry.abstract
        assert entry.arxiv_id and re.fullmatch(r"\d{4}\.\d{4,5}", entry.arxiv_id)
        assert entry.urls and all(url.startswith("https://") for url in entry.urls)


def test_real_api_json() -> None:
    records = read(real(API)).records
    first, minimax, robust = records[0].entry, records[21].entry, records[24].entry
    assert first.title == (
        "On the Limits of LLM Adaptability: Impact of Model-Internalized Priors on Annotation Task Performance"
    )
    assert (first.arxiv_id, first.upvotes, first.comments) == ("2606.00467", 0, 2)
    assert first.authors == ("Etienne Casanova", "Rafal Kocielnik", "R. Michael Alvarez")
    assert first.author_count == 3
    assert first.organization == "California institute of technology"
    assert first.published == LooseDate(5, 30, 2026) and records[0].published == dt.date(2026, 5, 30)
    assert first.summary is not None and first.summary.startswith("Large language models exhibit limited ability")
    assert first.abstract.startswith("Large Language Models (LLMs) are increasingly used for zero-shot annotation")
    assert len(first.keywords) == 14 and first.keywords[:2] == ("zero-shot annotation", "LLM-as-a-judge")
    assert first.urls == ("https://huggingface.co/papers/2606.00467",)
    assert first.github_repo is None and first.project_page is None

    assert minimax.title == "MiniMax Sparse Attention"
    assert (minimax.arxiv_id, minimax.upvotes, minimax.comments, minimax.author_count) == ("2606.13392", 103, 4, 11)
    assert minimax.organization == "MiniMax"
    assert (minimax.github_repo, minimax.github_stars) == ("https://github.com/MiniMax-AI/MSA", 251)
    assert "https://github.com/MiniMax-AI/MSA" in minimax.urls
    assert minimax.published == LooseDate(6, 11, 2026)

    assert robust.project_page == "https://huggingface.co/spaces/Jiaqi-hkust/Robust-U1"
    assert robust.github_stars == 86 and robust.organization is None
    assert [record.rank for record in records] == list(range(1, 31))


def test_real_list_page_reads_the_embedded_json() -> None:
    records = read(real(LIST_PAGE)).records
    llama, moma, nerf = records[0].entry, records[2].entry, records[12].entry
    assert llama.title == "The Llama 3 Herd of Models"
    assert (llama.arxiv_id, llama.upvotes, llama.comments, llama.author_count) == ("2407.21783", 94, 5, 533)
    assert len(llama.authors) == 533 and llama.authors[0] == "Abhimanyu Dubey"
    assert llama.published == LooseDate(7, 31, 2024)
    # A hard-wrapped title in the JSON ("...Modality-Aware\n  Experts") is folded to one line.
    assert moma.title == "MoMa: Efficient Early-Fusion Pre-training with Mixture of Modality-Aware Experts"
    assert (moma.upvotes, moma.comments, moma.author_count) == (19, 5, 8)
    assert moma.abstract.startswith("We introduce MoMa, a novel modality-aware mixture-of-experts (MoE) architecture")
    assert nerf.arxiv_id == "2404.01300" and records[12].published == dt.date(2024, 4, 1)
    assert (nerf.upvotes, nerf.comments, nerf.author_count) == (3, 2, 6)


def test_real_paper_page() -> None:
    (record,) = read(real(PAPER_PAGE)).records
    paper = record.entry
    assert paper.title == "MCPMark: A Benchmark for Stress-Testing Realistic and Comprehensive MCP Use"
    assert (paper.arxiv_id, paper.upvotes, paper.comments, paper.author_count) == ("2509.24002", 118, 2, 15)
    assert (paper.authors[0], paper.authors[-1]) == ("Zijian Wu", "Michael Qizhe Shieh")
    assert paper.organization == "National University of Singapore"  # the submitter's organisation
    assert (paper.github_repo, paper.github_stars) == ("https://github.com/eval-sys/mcpmark", 182)
    assert paper.project_page == "https://mcpmark.ai/"
    assert paper.published == LooseDate(9, 28, 2025)
    assert record.day == dt.date(2025, 10, 1)  # submittedOnDailyAt beats the file name's 2025-10-02
    assert paper.summary is not None and paper.summary.startswith("MCPMark is a comprehensive benchmark")
    assert paper.abstract.startswith("MCP standardizes how LLMs interact with external systems")
    assert len(paper.keywords) == 21


@pytest.mark.parametrize("name", [RSS, JSON_FEED])
def test_real_feeds_split_summary_and_abstract(name: str) -> None:
    records = read(real(name)).records
    first, last = records[0].entry, records[17].entry
    assert first.title == (
        "PhysBrain: Human Egocentric Data as a Bridge from Vision Language Models to Physical Intelligence"
    )
    assert first.arxiv_id == "2512.16793" and first.urls == ("https://huggingface.co/papers/2512.16793",)
    assert first.summary is not None and first.summary.startswith("Proposed Egocentric2Embodiment pipeline")
    assert first.abstract.startswith("Robotic generalization relies on physical intelligence")
    assert (len(first.summary), len(first.abstract)) == (179, 1420)
    assert last.title == "3D-RE-GEN: 3D Reconstruction of Indoor Scenes with a Generative Framework"
    assert last.arxiv_id == "2512.17459"
    for record in records:
        entry = record.entry
        assert entry.summary and "AI-generated summary" not in entry.abstract + entry.summary
        assert entry.day is None and entry.published is None and entry.upvotes is None


def test_real_feeds_agree() -> None:
    rss, feed = read(real(RSS)).records, read(real(JSON_FEED)).records
    assert [r.entry for r in rss] == [r.entry for r in feed]


def test_real_korean_digest() -> None:
    records = read(real(KO_DIGEST)).records
    first, last = records[0].entry, records[11].entry
    assert first.title == "Learn Your Reference Model for Real Good Alignment"
    assert (first.arxiv_id, first.upvotes, first.author_count) == ("2404.09656", 54, 8)
    assert (first.authors[0], first.authors[-1]) == ("Alexey Gorbatovski", "Ian Maksimov")
    assert first.summary is not None and not first.summary.startswith("-") and "\n" not in first.summary
    assert first.abstract == "" and first.urls == ("https://arxiv.org/abs/2404.09656",)
    assert last.title == "Taming Latent Diffusion Model for Neural Radiance Field Inpainting"
    assert (last.arxiv_id, last.upvotes, last.author_count) == ("2404.09995", 5, 8)
    # A link inside the summary is kept with the paper's links.
    assert records[1].entry.urls == ("https://arxiv.org/abs/2404.08801", "https://github.com/XuezheMax/megalodon")
    assert [record.entry.upvotes for record in records] == [54, 29, 26, 18, 16, 12, 9, 8, 7, 6, 5, 5]


def test_real_table_digest() -> None:
    records = read(real(TABLE_DIGEST)).records
    first, last = records[0].entry, records[13].entry
    assert first.title == "GenEx: Generating an Explorable World"
    assert first.arxiv_id == "2412.09624"
    assert first.urls == ("https://arxiv.org/abs/2412.09624", "https://huggingface.co/papers/2412.09624")
    assert first.authors == ("danyaljj", "jiahaoplus", "lambertxiao", "tshu", "TaiMingLu")
    assert first.summary is not None and first.summary.startswith("Here's a summary of the research paper")
    assert "**" not in first.summary and first.upvotes is None
    assert last.title == (
        "Prompt2Perturb (P2P): Text-Guided Diffusion-Based Adversarial Attacks on Breast Ultrasound Images"
    )
    assert last.arxiv_id == "2412.09910" and last.authors[0] == "Ilker Hacihaliloglu"


def test_real_csv_archive() -> None:
    records = read(real(CSV)).records
    first, last = records[0], records[-1]
    assert first.entry.title == "Video-LLaVA: Learning United Visual Representation by Alignment Before Projection"
    assert (first.entry.arxiv_id, first.day) == ("2311.10122", dt.date(2023, 11, 20))
    assert last.entry.title == "Chain-of-Thought Tokens are Computer Program Variables"
    assert (last.entry.arxiv_id, last.day, last.rank) == ("2505.04955", dt.date(2025, 5, 9), 20)
    days = {record.day for record in records}
    assert (len(days), min(days), max(days)) == (357, dt.date(2023, 11, 20), dt.date(2025, 5, 9))
    assert sum(record.day == dt.date(2025, 2, 19) for record in records) == 68
    quoted = [record.entry.title for record in records if "," in record.entry.title]
    assert len(quoted) == 202
    assert "Vision-Language-Action Models: Concepts, Progress, Applications and Challenges" in quoted


def test_real_scraper_json() -> None:
    records = read(real(SCRAPER)).records
    first, seventh = records[0].entry, records[6].entry
    assert first.title == "LoRA Land: 310 Fine-tuned LLMs that Rival GPT-4, A Technical Report"
    assert (first.arxiv_id, first.upvotes, first.authors) == ("2405.00732", 118, ("Devvret Rishi",))
    assert first.author_count is None  # the page showed only some of the authors
    assert first.urls == ("https://huggingface.co/papers/2405.00732", "https://arxiv.org/pdf/2405.00732.pdf")
    assert first.abstract.startswith("Low Rank Adaptation (LoRA) has emerged as one of the most widely adopted methods")
    assert seventh.title == "Customizing Text-to-Image Models with a Single Image Pair"
    assert (seventh.arxiv_id, seventh.upvotes, seventh.authors) == ("2405.01536", 18, ())


# --- HTML: the embedded JSON and the markdownify fallback agree -----------------------------


def _without_props(data: bytes) -> bytes:
    stripped = re.sub(rb"""\sdata-props=("[^"]*"|'[^']*')""", b"", data)
    assert b"data-props" not in stripped
    return stripped


def test_list_page_markdown_path_gives_the_same_papers(tmp_path: Path) -> None:
    data = real(LIST_PAGE).read_bytes()
    copy = tmp_path / "saved page.html"  # no date in the name: the page's own dates must do
    copy.write_bytes(_without_props(data))
    from_json, from_markdown = read(copy, data), read(copy)
    assert from_json.parser == from_markdown.parser == "hf html"
    assert all(record.entry.abstract == "" for record in from_markdown.records)  # really the fallback

    def facts(dump: ReadDump) -> list[tuple[object, ...]]:
        return [
            (r.entry.title, r.entry.arxiv_id, r.entry.upvotes, r.entry.comments, r.entry.author_count, r.day, r.rank)
            for r in dump.records
        ]

    assert facts(from_markdown) == facts(from_json)
    assert {record.day_source for record in from_markdown.records} == {DaySource.DUMP}


def test_paper_page_markdown_path(tmp_path: Path) -> None:
    data = real(PAPER_PAGE).read_bytes()
    (from_json,) = read(real(PAPER_PAGE)).records
    (from_markdown,) = read(real(PAPER_PAGE), _without_props(data)).records
    same = ("title", "arxiv_id", "upvotes", "author_count", "authors", "organization", "summary")
    same += ("github_repo", "github_stars", "project_page")
    assert {name: getattr(from_markdown.entry, name) for name in same} == {
        name: getattr(from_json.entry, name) for name in same
    }
    assert from_markdown.day == from_json.day == dt.date(2025, 10, 1)
    assert from_markdown.published == from_json.published == dt.date(2025, 9, 28)
    # The page prints LaTeX "\%" the JSON also has; otherwise the abstracts are the same text.
    assert from_markdown.entry.abstract.replace("\\%", "%") == from_json.entry.abstract.replace("\\%", "%")


def test_derived_markdown_files_parse_as_markdown() -> None:
    listing = parse_source(
        DumpSource(Path("x"), shared_path("corpus", "derived", "hf-papers-page-2024-08-01.markdownify.md").read_bytes())
    )
    assert (listing.parser, len(listing.entries)) == ("markdown", 13)
    assert listing.entries[0].day == dt.date(2024, 8, 1)
    page_path = shared_path("corpus", "derived", "hf-paper-page-2509.24002-2025-10-02.markdownify.md")
    (paper,) = parse_source(DumpSource(page_path, page_path.read_bytes())).entries
    assert (paper.arxiv_id, paper.upvotes, paper.author_count) == ("2509.24002", 118, 15)


# --- content detection ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "disguise"),
    [(API, "notes.txt"), (CSV, "papers.json"), (RSS, "feed.html"), (KO_DIGEST, "digest.csv"), (LIST_PAGE, "x.md")],
)
def test_a_misleading_extension_does_not_matter(tmp_path: Path, name: str, disguise: str) -> None:
    copy = tmp_path / disguise
    shutil.copyfile(real(name), copy)
    assert read(copy).parser == REAL_FILES[name][0]
    assert len(read(copy).records) == REAL_FILES[name][1]


def test_registry_order() -> None:
    names = [parser.NAME for parser in PARSERS]
    assert names[-2:] == ["page copy", "dense copy"]
    assert set(names) == {
        "hf api json",
        "hf html",
        "markdown",
        "rss",
        "json feed",
        "csv",
        "scraper json",
        "page copy",
        "dense copy",
    }


# --- tiny invented dumps, one per format ---------------------------------------------------

FAKE_API_ITEM = {
    "paper": {
        "id": "2401.00001",
        "authors": [{"_id": "a1", "name": "Ada Example", "hidden": False}, {"_id": "a2", "name": "Bo Sample"}],
        "publishedAt": "2023-12-30T10:00:00.000Z",
        "submittedOnDailyAt": "2024-01-02T08:00:00.000Z",
        "title": "Folding Widgets\n  at Scale",
        "summary": "We fold widgets.\nWidgets fold back.",
        "upvotes": 42,
        "githubRepo": "https://github.com/example/widgets",
        "githubStars": 7,
        "projectPage": "https://widgets.example.org",
        "ai_summary": "Widgets are folded.",
        "ai_keywords": ["widgets", "folding"],
        "organization": {"name": "wl", "fullname": "Widget Lab"},
    },
    "publishedAt": "2023-12-31T00:00:00.000Z",
    "title": "Folding Widgets at Scale",
    "numComments": 3,
    "submittedBy": {"name": "someone"},
}


def test_fake_api_list_single_paper_and_props() -> None:
    (entry,) = parse_bytes(json.dumps([FAKE_API_ITEM])).entries
    assert entry.title == "Folding Widgets at Scale" and entry.abstract == "We fold widgets. Widgets fold back."
    assert (entry.arxiv_id, entry.upvotes, entry.comments, entry.author_count) == ("2401.00001", 42, 3, 2)
    assert entry.authors == ("Ada Example", "Bo Sample") and entry.organization == "Widget Lab"
    assert entry.day == dt.date(2024, 1, 2) and entry.published == LooseDate(12, 30, 2023)
    assert (entry.summary, entry.keywords) == ("Widgets are folded.", ("widgets", "folding"))
    assert entry.urls == (
        "https://huggingface.co/papers/2401.00001",
        "https://github.com/example/widgets",
        "https://widgets.example.org",
    )
    assert (entry.github_repo, entry.github_stars, entry.project_page) == (
        "https://github.com/example/widgets",
        7,
        "https://widgets.example.org",
    )
    # Without submittedOnDailyAt, the item's publishedAt is the listing day.
    older = json.loads(json.dumps(FAKE_API_ITEM))
    del older["paper"]["submittedOnDailyAt"]
    assert parse_bytes(json.dumps([older])).entries[0].day == dt.date(2023, 12, 31)
    # The single paper object (/api/papers/<id>): no item, so no listing day from publishedAt.
    (single,) = parse_bytes(json.dumps(older["paper"])).entries
    assert (single.arxiv_id, single.day, single.comments) == ("2401.00001", None, None)
    # The page props: the page's date is the last resort for the day.
    del older["publishedAt"]
    props = {"dailyPapers": [older], "date": "2024-01-05T00:00:00.000Z"}
    assert parse_bytes(json.dumps(props)).entries[0].day == dt.date(2024, 1, 5)


def test_fake_api_values_of_the_wrong_type_are_ignored() -> None:
    item = {"paper": {"id": 5, "title": "Odd Types", "authors": "nobody", "upvotes": True, "ai_keywords": [1, "k"]}}
    (entry,) = parse_bytes(json.dumps([item, {"paper": {"title": None}}, "junk", 3])).entries
    assert (entry.title, entry.arxiv_id, entry.upvotes, entry.authors, entry.keywords) == (
        "Odd Types",
        None,
        None,
        (),
        ("k",),
    )


FAKE_LIST_HTML = """<!doctype html>
<html><head><title>Daily Papers</title><script>var x = "<h3>not a paper</h3>";</script></head>
<body><main>
<div>Jan</div><div>2</div>
<article>
 <a href="/login?next=%2Fpapers%2F2401.00001">12</a>
 <h3><a href="/papers/2401.00001">Folding Widgets at Scale</a></h3>
 <a href="/papers/2401.00001"><ul><li>&middot;</li></ul> 3 authors</a>
 <a href="/papers/2401.00001#community">4</a>
</article>
<article>
 <a href="/login?next=%2Fpapers%2F2401.00002">5</a>
 <h3><a href="/papers/2401.00002">Unfolding *Gadgets* &amp; Things</a></h3>
</article>
<a href="/papers?date=2024-01-01">Previous</a> <a href="/papers?date=2024-01-03">Next</a>
</main></body></html>
"""


def test_fake_html_without_props_goes_through_markdown() -> None:
    dump = parse_bytes(FAKE_LIST_HTML)
    assert dump.parser == "hf html"
    widgets, gadgets = dump.entries
    assert (widgets.title, widgets.arxiv_id, widgets.upvotes, widgets.author_count, widgets.comments) == (
        "Folding Widgets at Scale",
        "2401.00001",
        12,
        3,
        4,
    )
    assert widgets.day == dt.date(2024, 1, 2) and widgets.header_day == LooseDate(1, 2)
    assert (gadgets.title, gadgets.upvotes, gadgets.comments) == ("Unfolding *Gadgets* & Things", 5, None)


def test_fake_html_props_win_over_the_markup() -> None:
    props = json.dumps({"dailyPapers": [FAKE_API_ITEM], "date": "2024-01-02T00:00:00.000Z"})
    escaped = props.replace("&", "&amp;").replace('"', "&quot;")
    page = FAKE_LIST_HTML.replace("<main>", f'<main><div data-target="DailyPapers" data-props="{escaped}"></div>')
    (entry,) = parse_bytes(page).entries
    assert (entry.title, entry.upvotes, entry.abstract) == (
        "Folding Widgets at Scale",
        42,
        "We fold widgets. Widgets fold back.",
    )


FAKE_DIGEST = """## Daily Papers (2024-02-03)

### [Folding Widgets at Scale](https://arxiv.org/abs/2401.00001v2)

![](https://example.org/thumb.png)

Vote: 9

Authors: Ada Example, Bo Sample

- Widgets are folded.
- The code is [here](https://github.com/example/widgets).

### [A Plain Abstract](https://huggingface.co/papers/2401.00002)

This paper has an abstract,
wrapped over two lines.

## Papers for 2024-02-04

| Title | Authors | Summary |
|-------|---------|---------|
| Tables, Too (Read more on [arXiv](https://arxiv.org/abs/2401.00003) or {hf})| cy, Dee Person | {summary} |
""".format(
    hf="[HuggingFace](https://huggingface.co/papers/2401.00003)", summary="A **bold** summary with a pipe \\| inside."
)


def test_fake_markdown_digest_and_table() -> None:
    folding, plain, table = parse_bytes(FAKE_DIGEST, "notes.txt").entries
    assert (folding.title, folding.arxiv_id, folding.upvotes, folding.day) == (
        "Folding Widgets at Scale",
        "2401.00001",
        9,
        dt.date(2024, 2, 3),
    )
    assert folding.authors == ("Ada Example", "Bo Sample") and folding.author_count == 2
    assert folding.summary == "Widgets are folded. The code is here." and folding.abstract == ""
    assert folding.urls == ("https://arxiv.org/abs/2401.00001v2", "https://github.com/example/widgets")
    assert (plain.abstract, plain.summary) == ("This paper has an abstract, wrapped over two lines.", None)
    assert (table.title, table.arxiv_id, table.day) == ("Tables, Too", "2401.00003", dt.date(2024, 2, 4))
    assert table.authors == ("cy", "Dee Person")
    assert table.summary == "A bold summary with a pipe | inside."


FAKE_RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Papers</title><link>https://huggingface.co/</link>
<lastBuildDate>Tue, 02 Jan 2024 06:00:00 GMT</lastBuildDate>
<item><title>Folding Widgets at Scale</title><link>https://huggingface.co/papers/2401.00001</link>
<description>Widgets are folded.  \t\t\tAI-generated summary \t\t We fold widgets &amp; gadgets.</description>
<pubDate>Mon, 01 Jan 2024 03:00:00 GMT</pubDate><guid>https://huggingface.co/papers/2401.00001</guid></item>
<item><title>No Label Here</title><link>https://arxiv.org/abs/2401.00002</link>
<description>Only an abstract.</description></item>
</channel></rss>
"""


def test_fake_rss_uses_the_channel_date() -> None:
    first, second = parse_bytes(FAKE_RSS).entries
    assert (first.title, first.arxiv_id, first.summary, first.abstract) == (
        "Folding Widgets at Scale",
        "2401.00001",
        "Widgets are folded.",
        "We fold widgets & gadgets.",
    )
    assert first.day == dt.date(2024, 1, 2) and first.urls == ("https://huggingface.co/papers/2401.00001",)
    assert (second.summary, second.abstract, second.arxiv_id) == (None, "Only an abstract.", "2401.00002")
    undated = parse_bytes(FAKE_RSS.replace("<lastBuildDate>Tue, 02 Jan 2024 06:00:00 GMT</lastBuildDate>", ""))
    assert undated.entries[0].day is None  # the item's pubDate is not the listing day


def test_fake_json_feed() -> None:
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Papers",
        "items": [
            {
                "id": "https://huggingface.co/papers/2401.00001",
                "url": "https://huggingface.co/papers/2401.00001",
                "title": "Folding Widgets at Scale",
                "content_text": repr("Widgets are folded.  \t\t\tAI-generated summary \t\t We fold widgets."),
                "date_published": "2024-01-01T03:00:00",
                "authors": [{"name": "Ada Example"}],
            },
            {"id": "x", "title": "Html Only", "content_html": "<p>An <b>abstract</b>.</p>"},
        ],
    }
    first, second = parse_bytes(json.dumps(feed)).entries
    assert (first.summary, first.abstract, first.arxiv_id, first.day) == (
        "Widgets are folded.",
        "We fold widgets.",
        "2401.00001",
        None,
    )
    assert first.authors == ("Ada Example",)
    assert (second.abstract, second.urls, second.arxiv_id) == ("An abstract .", (), None)


def test_unrepr_and_split_ai_summary() -> None:
    assert unrepr("'a\\tb'") == "a\tb" and unrepr('"it\'s"') == "it's"
    assert unrepr("'unbalanced") == "'unbalanced" and unrepr("'a' + __import__('os')") == "'a' + __import__('os')"
    assert split_ai_summary("S.\tAI-generated summary\n A.") == ("A.", "S.")
    assert split_ai_summary("Just text.") == ("Just text.", None)


def test_fake_csv() -> None:
    text = 'date,title,url\n2024-01-02,"Widgets, Folded",https://arxiv.org/abs/2401.00001\n\nnot-a-date,Odd,x\n'
    first, second = parse_bytes(text).entries
    assert (first.title, first.arxiv_id, first.day, first.urls) == (
        "Widgets, Folded",
        "2401.00001",
        dt.date(2024, 1, 2),
        ("https://arxiv.org/abs/2401.00001",),
    )
    assert (second.title, second.day, second.arxiv_id, second.urls) == ("Odd", None, None, ())
    # Column order does not matter; extra columns are ignored.
    (moved,) = parse_bytes("url,extra,title,date\nhttps://huggingface.co/papers/2401.00009,z,T,2024-01-03\n").entries
    assert (moved.title, moved.arxiv_id, moved.day) == ("T", "2401.00009", dt.date(2024, 1, 3))


def test_fake_scraper_json() -> None:
    data = {
        "date": "2024-01-02",
        "papers": [
            {
                "title": "Folding Widgets at Scale",
                "url": "https://huggingface.co/papers/2401.00001",
                "authors": ["Ada Example"],
                "pdf_url": "https://arxiv.org/pdf/2401.00001.pdf",
                "abstract": "We fold\nwidgets.",
                "upvotes": "7",
            },
            {"title": "", "url": "https://huggingface.co/papers/2401.00002"},
        ],
    }
    (entry,) = parse_bytes(json.dumps(data)).entries
    assert (entry.title, entry.arxiv_id, entry.upvotes, entry.abstract, entry.day) == (
        "Folding Widgets at Scale",
        "2401.00001",
        7,
        "We fold widgets.",
        dt.date(2024, 1, 2),
    )
    assert entry.authors == ("Ada Example",) and entry.author_count is None


# --- broken files: a one-line reason naming the format -------------------------------------

DEEP = "[" * 10_000 + "]" * 10_000

BROKEN = [
    ('[{"paper": {"id": "2401.00001", "title": "Cut', "looks like HF API JSON but is truncated (line 1, column 42)"),
    ('[{"paper": {"id": "2401.00001"}}, nope]', "looks like HF API JSON but is not valid JSON: Expecting value"),
    ('{"dailyPapers": ' + DEEP + "}", "looks like HF API JSON but is nested too deeply to read"),
    ('{"dailyPapers": []}', "looks like hf api json but holds no papers"),
    (
        '{"version": "https://jsonfeed.org/version/1", "items": [{"title": "x"',
        "looks like a JSON Feed but is truncated",
    ),
    ('{"date": "2024-01-01", "papers": ' + DEEP + "}", "looks like scraper JSON but is nested too deeply to read"),
    ("<!doctype html><html><body><p>Hello</p></body></html>", "HTML page without any papers"),
    (
        '<html><div data-target="DailyPapers" data-props="{&quot;dailyPapers&quot;: ["></div></html>',
        "HTML page without any papers (its DailyPapers data-props JSON is broken)",
    ),
    ("<!doctype html>" + "<div>" * 5_000 + "x", "looks like HTML but is nested too deeply to read"),
    ('<rss version="2.0"><channel><item><title>Cut', "looks like RSS but is truncated (line 1, column 44)"),
    ('<rss version="2.0"><channel><item><title>A &nbsp;</title></item></channel></rss>', "undefined entity"),
    (
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><rss><channel></channel></rss>',
        "looks like RSS but declares XML entities, which papers does not expand",
    ),
    ('<rss version="2.0"></rss>', "looks like RSS but has no <channel>"),
    (
        "day,name,link\n2024-01-01,A paper,https://arxiv.org/abs/2401.00001\n",
        "looks like a CSV paper list but the header is 'day,name,link', not 'date,title,url'",
    ),
    ('date,title,url\n2024-01-01,"' + "a" * 200_000 + '",x\n', "looks like a CSV paper list but line 2 is broken"),
    ("## Papers for 2024-01-01\n\n| Title |\n|---|\n", "looks like markdown but holds no papers"),
]


@pytest.mark.parametrize(("text", "reason"), BROKEN, ids=[reason[:40] for _, reason in BROKEN])
def test_broken_files_give_a_one_line_reason(text: str, reason: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_bytes(text)
    assert reason in str(caught.value) and "\n" not in str(caught.value)


def test_a_truncated_real_api_file() -> None:
    data = real(API).read_bytes()
    with pytest.raises(ParseError, match=r"^looks like HF API JSON but is truncated \(line 1, column \d+\)$"):
        parse_bytes(data[: len(data) // 2])


def test_any_json_nesting_is_a_parse_error() -> None:
    for text in (DEEP, "{" + '"a":{' * 10_000, '[{"paper": ' * 10_000):
        with pytest.raises(ParseError):
            parse_bytes(text)


PREFIXES = [
    '<rss version="2.0"><channel>',
    "<!doctype html><html><main>",
    '<div data-target="DailyPapers" data-props="',
    "### [T](/papers/2401.00001)\n",
    "arxiv:2401.00001\n\n# T\n",
    "## Papers for 2024-01-01\n\n| Title | Authors |\n|---|---|\n",
    "date,title,url\n",
    '{"papers": [',
    '{"version": "https://jsonfeed.org/version/1", "items": [',
    '[{"paper": {',
    '{"dailyPapers": [',
]
PIECES = st.sampled_from(
    [
        *'{}[]":,<>/|#\n ()!*-_\\a1',
        *('"title"', '"paper"', "<item>", "</item>", "<title>", "</title>", "&quot;", "<h3>"),
        *("](/papers/2401.00002)", "### [", "Vote: 3", "Authors: a, b", "AI-generated summary", "Aug\n1\n"),
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(prefix=st.sampled_from(PREFIXES), body=st.lists(PIECES, max_size=40).map("".join))
def test_format_shaped_garbage_raises_nothing_but_parse_error(prefix: str, body: str) -> None:
    try:
        parse_bytes(prefix + body)
    except ParseError as error:
        assert "\n" not in str(error)


HEAD = "### [T](/papers/2401.00001)\n"
PATHOLOGICAL = {
    "heading link": HEAD + "### [" + "](a" * 30_000 + "\n",
    "links": HEAD + "[](a" * 25_000 + "\n",
    "autolinks": HEAD + "<http://a" * 10_000 + "\n",
    "bold": HEAD + "**a " * 25_000 + "\n",
    "table title": "| Title |\n|---|\n| T " + "(read more on " * 7_000 + "x |\n",
    "paper page": "arxiv:2401.00001\n\n# T\n" + "Authors:\n" * 10_000 + "## Abstract\n" + "\n" * 100_000,
    "rss label": '<rss version="2.0"><channel><item><title>T</title><description>'
    + " " * 100_000
    + "x</description></item></channel></rss>",
    "rss tags": '<rss version="2.0"><channel><item><title>T</title><description>'
    + "&lt;a" * 20_000
    + "</description></item></channel></rss>",
    "html comments": "<!-- -->" * 500 + "x",
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_input_takes_linear_time(name: str) -> None:
    start = time.perf_counter()
    with contextlib.suppress(ParseError):
        parse_bytes(PATHOLOGICAL[name])
    assert time.perf_counter() - start < 3  # each of these took minutes with a backtracking regex


def test_a_digest_entry_s_summary_label_is_not_part_of_its_abstract() -> None:
    digest = (
        "## Daily Papers (2024-02-03)\n\n### [Zebra Attention](https://arxiv.org/abs/2401.00009)\n\n"
        "Authors: Ada Example\n\nSummary: We introduce zebra attention.\n\n"
        "### [Labels In Bold](https://arxiv.org/abs/2401.00010)\n\n**Abstract:**\nStripes all the way.\n\n"
        "### [No Label](https://arxiv.org/abs/2401.00011)\n\nSummarizing long texts is hard.\n"
    )
    zebra, bold, plain = parse_bytes(digest, "digest.md").entries
    assert zebra.authors == ("Ada Example",) and zebra.abstract == "We introduce zebra attention."
    assert bold.abstract == "Stripes all the way."
    assert plain.abstract == "Summarizing long texts is hard."
