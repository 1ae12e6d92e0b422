"""The general extractor behind the exact readers, on small invented dumps of the shapes
people keep: digests in other languages, link tables, ``Key: value`` text, scraper JSON,
HTML fragments, feeds with labelled descriptions; and the reasons it gives for refusing."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.dumps import read_dump
from reader.core.errors import ParseError
from reader.core.models import Day, DaySource, LooseDate, ParsedDump, opening_day
from reader.core.parsers import PARSERS, DumpSource, format_priority, parse_source
from reader.core.parsers.hf_api import entries_from_json

MTIME = dt.datetime(2026, 3, 9, 12, 0).timestamp()


def parse(text: str, name: str = "dump") -> ParsedDump:
    """Parse in-memory content as a file would be."""
    return parse_source(DumpSource(Path(name), text.encode()))


def titles(parsed: ParsedDump) -> list[tuple[str, str | None]]:
    """(title, arXiv id) of every entry."""
    return [(entry.title, entry.arxiv_id) for entry in parsed.entries]


LINK_TABLE_DIGEST = """# Digest - 2024-01-02

## Summary of Papers

---

## 1. Folding Widgets at Scale

**Tác giả:** Ada Example, Bo Sample

**Xuất bản lúc:** 2023-12-30

### Main Problem:
Văn bản tiếng Việt.

### Liên kết

| Nền tảng | Đường dẫn |
| :--- | :--- |
| Hugging Face | [https://huggingface.co/papers/2401.00001](https://huggingface.co/papers/2401.00001) |
| PDF Download | [https://arxiv.org/pdf/2401.00001.pdf](https://arxiv.org/pdf/2401.00001.pdf) |
| Github Repository | N/A |

---

## 2. Unfolding Gadgets

**Tác giả:** Cy Person

### Main Problem:
Văn bản.

### Liên kết

| Nền tảng | Đường dẫn |
| :--- | :--- |
| ArXiv Abstract | [https://arxiv.org/abs/2401.00002](https://arxiv.org/abs/2401.00002) |
"""


def test_a_link_table_is_the_links_of_its_paper() -> None:
    parsed = parse(LINK_TABLE_DIGEST)
    assert titles(parsed) == [("Folding Widgets at Scale", "2401.00001"), ("Unfolding Gadgets", "2401.00002")]
    first = parsed.entries[0]
    assert first.authors == ("Ada Example", "Bo Sample") and first.published == LooseDate(12, 30, 2023)
    assert first.day == dt.date(2024, 1, 2) and first.abstract == ""
    assert "https://arxiv.org/pdf/2401.00001.pdf" in first.urls


NEWSLETTER = """# Daily 2024-01-02 论文日报

## 📊 今日论文统计
- 总论文数：2

### 1. 折叠小部件

**原文标题：** Folding Widgets
  at Scale

**摘要：**
我们折叠小部件。

**论文链接：** [HuggingFace](https://huggingface.co/papers/2401.00001) | [arXiv](https://arxiv.org/abs/2401.00001)

---

### 2. Unfolding Gadgets

**论文链接：** [arXiv](https://arxiv.org/abs/2401.00002)

## 🔍 关键词云图
![词云](images/cloud.png)
"""


def test_the_english_title_wins_and_the_translation_is_kept() -> None:
    parsed = parse(NEWSLETTER)
    assert titles(parsed) == [("Folding Widgets at Scale", "2401.00001"), ("Unfolding Gadgets", "2401.00002")]
    assert parsed.entries[0].other_titles == ("折叠小部件",)
    assert parsed.entries[0].abstract == ""  # the abstract is only given in translation
    assert {entry.day for entry in parsed.entries} == {dt.date(2024, 1, 2)}


def test_the_html_rendering_gives_the_same_papers() -> None:
    html = (
        "<h1>Daily 2024-01-02 论文日报</h1><h3>1. 折叠小部件</h3>"
        "<p><strong>原文标题：</strong> Folding Widgets\n  at Scale</p>"
        '<p><strong>论文链接：</strong> <a href="https://arxiv.org/abs/2401.00001">arXiv</a></p>'
        '<h3>2. Unfolding Gadgets</h3><p><a href="https://arxiv.org/abs/2401.00002">arXiv</a></p>'
    )
    parsed = parse(html)
    assert titles(parsed) == [("Folding Widgets at Scale", "2401.00001"), ("Unfolding Gadgets", "2401.00002")]
    assert parsed.entries[0].other_titles == ("折叠小部件",)


def test_key_value_records_between_separators() -> None:
    text = (
        "Title: Folding Widgets at Scale\nPDF: https://arxiv.org/pdf/2401.00001\nSummary: We fold widgets.\n---\n"
        "Title: Unfolding Gadgets\nPDF: https://arxiv.org/pdf/2401.00002\nSummary: We unfold.\n---\n"
    )
    parsed = parse(text)
    assert titles(parsed) == [("Folding Widgets at Scale", "2401.00001"), ("Unfolding Gadgets", "2401.00002")]
    assert [entry.abstract for entry in parsed.entries] == ["We fold widgets.", "We unfold."]
    assert [entry.day for entry in parsed.entries] == [None, None]


def test_front_matter_dates_a_post_and_topics_are_not_papers() -> None:
    text = (
        "---\nlayout: default\ntitle: 2024-01-02\n---\n\n# 2024-01-02\n\n## Robotics\n\n"
        "### Folding Widgets at Scale\n\n**Relevance:** Not an abstract.\n\n"
        "💡 **[Summary](2401.00001/)** 📄 **[Full paper](https://arxiv.org/pdf/2401.00001)**\n"
    )
    (entry,) = parse(text).entries
    assert (entry.title, entry.arxiv_id, entry.day, entry.abstract) == (
        "Folding Widgets at Scale",
        "2401.00001",
        dt.date(2024, 1, 2),
        "",
    )


def test_scraper_records_at_any_depth_and_stars_are_not_upvotes() -> None:
    records = [
        {
            "title": "Folding Widgets at Scale",
            "paper_url": "https://huggingface.co/papers/2401.00001",
            "authors": ["ada"],
            "stars": "12",
            "details": {"abstract": "We fold.", "github_links": ["https://github.com/ex/widgets"]},
            "scraped_date": "2024-01-02",
        }
    ]
    (entry,) = parse(json.dumps({"data": {"items": records}})).entries
    assert (entry.title, entry.arxiv_id, entry.upvotes, entry.github_stars) == (
        "Folding Widgets at Scale",
        "2401.00001",
        None,
        12,
    )
    assert (entry.abstract, entry.day, entry.github_repo) == (
        "We fold.",
        dt.date(2024, 1, 2),
        "https://github.com/ex/widgets",
    )


def test_a_feed_description_in_escaped_html_is_read_by_its_labels() -> None:
    description = (
        "&lt;p&gt;&lt;b&gt;Authors:&lt;/b&gt; Ada Example, Bo Sample&lt;/p&gt;"
        "&lt;p&gt;&lt;b&gt;Upvotes:&lt;/b&gt; 52&lt;/p&gt;"
        "&lt;p&gt;&lt;b&gt;Summary:&lt;/b&gt; We fold widgets.&lt;/p&gt;"
    )
    rss = (
        '<rss version="2.0"><channel><lastBuildDate>Sat, 06 Jan 2024 00:40:03 +0000</lastBuildDate>'
        "<item><title>Folding Widgets</title><link>https://arxiv.org/abs/2401.00001</link>"
        f"<description>{description}</description><pubDate>Tue, 02 Jan 2024 00:00:00 +0000</pubDate></item>"
        "</channel></rss>"
    )
    (entry,) = parse(rss).entries
    assert (entry.abstract, entry.upvotes, entry.author_count) == ("We fold widgets.", 52, 2)
    assert entry.published == LooseDate(1, 2, 2024)
    assert entry.day is None  # a feed dated by its papers' publication: the build date lists nothing


def test_a_title_is_never_a_label_a_date_or_a_section() -> None:
    text = (
        "## Papers for 2024-01-02\n\n### Dec 99\n[x](https://arxiv.org/abs/2401.00001)\n\n### Table of Contents\n\n"
        "### Folding Widgets\n[arXiv](https://arxiv.org/abs/2401.00002)\n\n### Hugging Face\n"
        "[PDF](https://arxiv.org/pdf/2401.00003)\n"
    )
    assert titles(parse(text)) == [("Folding Widgets", "2401.00002")]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (
            "<!doctype html><html><head><title>Hugging Face</title></head><body><main><h1>404</h1>"
            "<p>Sorry, we can't find the page you are looking for.</p></main></body></html>",
            "an HF error page: Sorry, we can't find the page you are looking for.",
        ),
        ('{"error": "Invalid date"}', "an error answer saved in place of the data: Invalid date"),
        ("2401.00001\n2401.00002\n2401.00003\n", "only arXiv ids, no titles (3 ids)"),
        ('["2401.00001", "2401.00002"]', "only arXiv ids, no titles (2 ids)"),
        ("name: digest\nschedule:\n  - daily\nmodel: x\n", "a YAML file without papers"),
        ('{"config": {"model": "x"}}', "JSON without papers"),
        ("Just some notes.\nNothing here.\n", "not a Daily Papers dump in any format papers knows"),
    ],
)
def test_a_refusal_says_why_in_its_own_words(text: str, reason: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse(text)
    assert str(caught.value).startswith(reason) and "\n" not in str(caught.value)


def test_index_reports_each_refusal_with_its_reason(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "digest-2024-01-02.md").write_text(LINK_TABLE_DIGEST, encoding="utf-8")
    (folder / "error.json").write_text('{"error": "Invalid date"}', encoding="utf-8")
    (folder / "ids.txt").write_text("2401.00001\n2401.00002\n", encoding="utf-8")
    (folder / "config.yaml").write_text("name: digest\nmodel: x\n", encoding="utf-8")
    code = main(["index", "--dumps", str(folder), "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and report["papers"] == 2
    reasons = {Path(item["path"]).name: item["reason"] for item in report["files"]["failed"]}
    assert reasons == {
        "error.json": "an error answer saved in place of the data: Invalid date",
        "ids.txt": "only arXiv ids, no titles (2 ids)",
        "config.yaml": "a YAML file without papers (no entry has a title and a paper link)",
    }


def _api_item(arxiv_id: str, submitted: str) -> dict[str, object]:
    return {"paper": {"id": arxiv_id, "title": f"Paper {arxiv_id}", "submittedOnDailyAt": submitted}}


def test_the_day_of_a_list_is_the_day_of_most_of_its_items() -> None:
    items = [_api_item(f"2401.0000{n}", f"2024-01-02T{10 + n}:00:00.000Z") for n in range(4)]
    items.append(_api_item("2401.00009", "2024-01-03T02:30:00.000Z"))  # still Jan 2 in US time
    assert {entry.day for entry in entries_from_json(items)} == {dt.date(2024, 1, 2)}
    spread = [_api_item("2401.00001", "2024-01-02T10:00:00Z"), _api_item("2401.00002", "2024-01-03T02:00:00Z")]
    assert [entry.day for entry in entries_from_json(spread)] == [dt.date(2024, 1, 2), dt.date(2024, 1, 3)]


def test_an_undated_file_is_a_guess_and_never_the_opening_day(tmp_path: Path) -> None:
    path = tmp_path / "feed.txt"
    text = "Title: Folding Widgets at Scale\nPDF: https://arxiv.org/pdf/2401.00001\n"
    (record,) = read_dump(path, text.encode(), MTIME).records
    assert record.day_source is DaySource.MTIME
    newest_guess = Day(dt.date(2026, 3, 9), 1, guessed=True)
    dated = Day(dt.date(2024, 1, 2), 3)
    assert opening_day([newest_guess, dated]) == dated
    assert opening_day([newest_guess]) == newest_guess and opening_day([]) is None


def test_the_merge_priority_comes_from_the_registry() -> None:
    priority = format_priority()
    assert set(priority) == {parser.NAME for parser in PARSERS} | {"general"}
    assert priority["hf api json"] == 0 and max(priority.values()) == priority["general"]


def test_an_object_holding_a_list_of_records_is_their_container() -> None:
    papers = [
        {"title": "Folding Widgets", "link": "https://arxiv.org/abs/2401.00001"},
        {"title": "Unfolding Gadgets", "link": "https://arxiv.org/abs/2401.00002"},
    ]
    digest = {"title": "Weekly digest", "url": "https://arxiv.org/abs/2401.00009", "items": papers}
    assert titles(parse(json.dumps(digest))) == [("Folding Widgets", "2401.00001"), ("Unfolding Gadgets", "2401.00002")]
