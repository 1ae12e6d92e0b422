"""Exports of bookmarks with their tags and notes, read back by the parsers reference
managers use: bibtexparser (BibTeX), citeproc-py (CSL-JSON) and rispy (RIS)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import bibtexparser
import pytest
import rispy
from bibtexparser.middlewares import SeparateCoAuthors
from citeproc import Citation as CslCitation
from citeproc import CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from hypothesis import example, given, settings
from hypothesis import strategies as st

from reader.core.citations import Citation, bibtex, cite_key, unique_keys
from reader.core.export import FORMATS, export_bookmarks, export_file_name
from reader.core.library import Library
from reader.core.models import Paper

NOTE = "Why it matters:\n  {braces} & 100% [not markup]\n\nsee §3 # later"
TRICKY_TITLE = "Q&A at 100% {unbalanced: agents #1"


def _api_item(arxiv_id: str, title: str, authors: list[str], published: str) -> dict[str, object]:
    return {
        "paper": {
            "id": arxiv_id,
            "title": title,
            "summary": f"{title}: an abstract.",
            "authors": [{"name": name} for name in authors],
            "publishedAt": f"{published}T08:00:00.000Z",
            "upvotes": 3,
        },
        "title": title,
    }


@pytest.fixture
def library(tmp_path: Path) -> Library:
    items = [
        _api_item("2512.00001", TRICKY_TITLE, ["Zoë Ångström", "Alan Turing"], "2025-12-10"),
        _api_item("2512.00002", "Scaling laws for reward models", ["Ada Lovelace"], "2025-12-12"),
        _api_item("2512.00003", "Untagged but bookmarked", ["Grace Hopper"], "2025-11-02"),
    ]
    dumps = tmp_path / "dumps"
    dumps.mkdir()
    (dumps / "2025-12-15-api.json").write_text(json.dumps(items), encoding="utf-8")
    library = Library([dumps], index_dir=tmp_path / "index", bookmarks_path=tmp_path / "bookmarks.json")
    library.sync()
    papers = {paper.arxiv_id: paper for paper in library.papers(library.keys()).values()}
    library.bookmarks.set_tags(papers["2512.00001"], "agents, RL")
    library.bookmarks.set_note(papers["2512.00001"], NOTE)
    library.bookmarks.set_tags(papers["2512.00002"], "rl")
    library.toggle_bookmark(papers["2512.00003"])
    return library


def _unescape(text: str) -> str:
    return re.sub(r"\\([&%#])", r"\1", text)


def test_bibtex_round_trips_through_bibtexparser_with_every_field(library: Library) -> None:
    parsed = bibtexparser.parse_string(export_bookmarks(library, "bibtex"), append_middleware=[SeparateCoAuthors()])
    assert parsed.failed_blocks == []
    entries = {entry["eprint"]: entry for entry in parsed.entries}
    tricky = entries["2512.00001"]
    assert tricky.entry_type == "misc" and tricky.key == "angstrom2025unbalanced"
    assert _unescape(tricky["title"]) == "{" + TRICKY_TITLE.replace("{", "(") + "}"
    assert tricky["author"] == ["Zoë Ångström", "Alan Turing"]
    assert tricky["year"] == "2025" and tricky["archivePrefix"] == "arXiv"
    assert tricky["doi"] == "10.48550/arXiv.2512.00001"
    assert tricky["url"] == "https://huggingface.co/papers/2512.00001"
    assert tricky["keywords"] == "agents, RL"
    assert _unescape(tricky["annote"]) == NOTE
    assert entries["2512.00002"]["keywords"] == "RL"  # the tag as first spelled
    assert "keywords" not in entries["2512.00003"] and "annote" not in entries["2512.00003"]


def test_csl_json_is_read_and_cited_by_citeproc(library: Library) -> None:
    items = json.loads(export_bookmarks(library, "csljson"))
    source = CiteProcJSON(items)  # refuses any variable CSL does not define
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    for item in items:
        bibliography.register(CslCitation([CitationItem(item["id"])]))
    rendered = "\n".join(str(entry) for entry in bibliography.bibliography())
    assert "Ångström, Z. and Turing, A. (2025)" in rendered
    assert "Scaling laws for reward models" in rendered and "Hopper, G." in rendered
    tricky = next(item for item in items if item["number"] == "2512.00001")
    assert tricky["type"] == "article" and tricky["publisher"] == "arXiv"
    assert tricky["author"] == [{"family": "Ångström", "given": "Zoë"}, {"family": "Turing", "given": "Alan"}]
    assert tricky["issued"] == {"date-parts": [[2025, 12, 10]]}
    assert tricky["DOI"] == "10.48550/arXiv.2512.00001" and tricky["title"] == TRICKY_TITLE
    assert tricky["keyword"] == "agents, RL" and tricky["annote"] == NOTE


def test_ris_round_trips_through_rispy(library: Library) -> None:
    records = {record["id"]: record for record in rispy.loads(export_bookmarks(library, "ris"))}
    assert len(records) == 3
    tricky = records["angstrom2025unbalanced"]
    assert tricky["type_of_reference"] == "GEN" and tricky["title"] == TRICKY_TITLE
    assert tricky["authors"] == ["Ångström, Zoë", "Turing, Alan"]
    assert tricky["year"] == "2025" and tricky["date"] == "2025/12/10/"
    assert tricky["doi"] == "10.48550/arXiv.2512.00001" and tricky["urls"] == [
        "https://huggingface.co/papers/2512.00001"
    ]
    assert tricky["keywords"] == ["agents", "RL"]
    assert "\n".join(tricky["notes"]) == "\n".join(" ".join(line.split()) for line in NOTE.split("\n"))


def test_json_and_markdown_carry_tags_and_notes(library: Library) -> None:
    records = json.loads(export_bookmarks(library, "json"))
    tricky = next(record for record in records if record["arxiv_id"] == "2512.00001")
    assert tricky["tags"] == ["agents", "RL"] and tricky["note"] == NOTE and tricky["authors"][0] == "Zoë Ångström"
    markdown = export_bookmarks(library, "md")
    sections = re.findall(r"^## (.+)$", markdown, re.MULTILINE)
    assert sections == ["agents (1)", "RL (2)", "Untagged (1)"]
    assert "  > Why it matters:" in markdown and "[not markup]" in markdown
    assert markdown.count(TRICKY_TITLE.split(":")[0]) == 2  # under each of its tags


def test_an_export_of_one_tag_holds_only_its_papers(library: Library) -> None:
    parsed = bibtexparser.parse_string(export_bookmarks(library, "bibtex", tag="rl"))
    assert sorted(entry["eprint"] for entry in parsed.entries) == ["2512.00001", "2512.00002"]
    assert re.findall(r"^## (.+)$", export_bookmarks(library, "md", tag="RL"), re.MULTILINE) == ["RL (2)"]
    assert json.loads(export_bookmarks(library, "csljson", tag="nothing")) == []
    assert export_file_name("ris", "RL/x") == "bookmarks-rl_x.ris"


def test_every_format_exports_bookmarks_whose_dumps_are_gone(library: Library, tmp_path: Path) -> None:
    other = Library([tmp_path / "elsewhere"], index_dir=tmp_path / "other", bookmarks_path=tmp_path / "bookmarks.json")
    parsed = bibtexparser.parse_string(export_bookmarks(other, "bibtex"), append_middleware=[SeparateCoAuthors()])
    assert {entry["eprint"]: entry["author"] for entry in parsed.entries}["2512.00002"] == ["Ada Lovelace"]
    for fmt in FORMATS:
        assert "Scaling laws for reward models" in export_bookmarks(other, fmt)


def test_cite_keys_are_stable_and_unique() -> None:
    one = Citation(Paper(key="a", title="The same words", authors=("Ada Lovelace",)))
    two = Citation(Paper(key="b", title="The same words", authors=("Ada Lovelace",)))
    assert cite_key(one) == cite_key(two) == "lovelacesame"
    first, second = unique_keys([one, two])
    assert first != second and unique_keys([two, one]) == [second, first]
    assert bibtex(Citation(Paper(key="c", title="}{"))).startswith("@misc{paperpaper,")


def test_papers_bookmarks_lists_tags_and_notes_without_dumps(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reader.cli import main
    from reader.core import paths

    items = [_api_item("2512.00002", "Scaling laws for reward models", ["Ada Lovelace"], "2025-12-12")]
    dumps = tmp_path / "gone"
    dumps.mkdir()
    (dumps / "2025-12-15-api.json").write_text(json.dumps(items), encoding="utf-8")
    library = Library([dumps], bookmarks_path=paths.bookmarks_file())
    library.sync()
    (paper,) = library.papers(library.keys()).values()
    library.bookmarks.set_tags(paper, "rl, Agents")
    library.bookmarks.set_note(paper, "Read §4 first.\n[red]data[/red]")
    library.close()
    assert main(["bookmarks"]) == 0  # the configured library is empty: the bookmark carries it all
    out = capsys.readouterr().out
    assert "★ Scaling laws for reward models\n  Ada Lovelace · 2025\n" in out
    assert "  tags: rl, Agents\n  > Read §4 first.\n  > [red]data[/red]\n" in out
    assert "no longer" not in out
    assert main(["bookmarks", "export", "--format", "bibtex", "--tag", "AGENTS"]) == 0
    entry = bibtexparser.parse_string(capsys.readouterr().out).entries[0]
    assert entry["author"] == "Ada Lovelace" and entry["keywords"] == "rl, Agents"
    assert main(["bookmarks", "--tag", "nothing"]) == 0
    assert "no bookmark tagged 'nothing'" in capsys.readouterr().out
    assert main(["bookmarks", "--dumps", str(tmp_path / "empty")]) == 0
    assert "(no longer in these dumps)" in capsys.readouterr().out


_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(str.strip)


@settings(max_examples=60, deadline=None)
@example(title="ends in a backslash\\", note="a\\{b} and {x}\\", tags=["back\\slash"])
@given(
    title=_TEXT,
    note=st.text(st.characters(blacklist_categories=("Cs",)), max_size=80),
    tags=st.lists(_TEXT, max_size=3),
)
def test_any_title_note_and_tags_survive_bibtex_csl_and_ris(title: str, note: str, tags: list[str]) -> None:
    from reader.core.citations import csl_item, ris
    from reader.core.tags import TagError, clean_note, parse_tags

    try:
        kept_tags = parse_tags(" ".join(tags))
        kept_note = clean_note(note)
    except TagError:
        return
    paper = Paper(key="2501.00001", title=" ".join(title.split()), arxiv_id="2501.00001", authors=("Ada Lovelace",))
    citation = Citation(paper, kept_tags, kept_note)
    parsed = bibtexparser.parse_string(bibtex(citation))
    assert parsed.failed_blocks == [] and len(parsed.entries) == 1
    entry = parsed.entries[0]
    assert entry["eprint"] == "2501.00001" and entry["doi"] == "10.48550/arXiv.2501.00001"
    if kept_note:
        assert "annote" in entry and entry["annote"].count("textbackslash") == kept_note.count("\\")
    (record,) = rispy.loads(ris(citation))
    assert record["title"] == " ".join(paper.title.split()) and record.get("keywords", []) == list(kept_tags)
    item = csl_item(citation)
    CiteProcJSON([json.loads(json.dumps(item))])
    assert item["title"] == paper.title and item.get("annote", "") == kept_note
