"""The page-copy and dense-copy text layouts, on small invented dumps."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reader.core.dumps import read_dump
from reader.core.errors import ParseError
from reader.core.models import DaySource
from tests.factories import HEADER, FakePaper, page_copy, write_page_copy

MTIME = dt.datetime(2026, 3, 9, 12, 0).timestamp()


def read(path: Path, mtime: float = MTIME):  # type: ignore[no-untyped-def]
    """Read a dump as the index does."""
    return read_dump(path, path.read_bytes(), mtime)


def test_footers_give_author_count_organisation_date_and_comments(tmp_path: Path) -> None:
    path = write_page_copy(
        tmp_path / "copy.txt",
        "Dec 16",
        [
            FakePaper("Alpha Paper", footer="  • 9 authors", date="Feb 27"),
            FakePaper("Beta Paper", footer="acmelab Acme Research Lab", date="Sep 30 21"),
            FakePaper("Gamma Paper", footer="  • 1 authors", date="Mar 13, 2024 1"),
            FakePaper("Delta Paper", footer=None),
        ],
    )
    dump = read(path)
    assert dump.parser == "page copy"
    alpha, beta, gamma, delta = (record for record in dump.records)
    assert (alpha.entry.author_count, alpha.published, alpha.entry.comments) == (9, dt.date(2025, 2, 27), None)
    assert beta.entry.organization == "Acme Research Lab"
    assert (beta.published, beta.entry.comments) == (dt.date(2025, 9, 30), 21)
    assert (gamma.published, gamma.entry.comments, gamma.entry.upvotes) == (dt.date(2024, 3, 13), 1, None)
    assert delta.published is None and delta.entry.abstract.startswith("We study")
    assert [record.rank for record in dump.records] == [1, 2, 3, 4]
    assert {record.day for record in dump.records} == {dt.date(2025, 12, 16)}
    assert {record.day_source for record in dump.records} == {DaySource.HEADER}


def test_capture_year_follows_the_dates_printed_with_a_year(tmp_path: Path) -> None:
    papers = [FakePaper("Old", date="Jan 2, 2021"), FakePaper("This year", date="Jan 5")]
    dump = read(write_page_copy(tmp_path / "copy.txt", "Feb 1", papers))
    assert [record.published for record in dump.records] == [dt.date(2021, 1, 2), dt.date(2022, 1, 5)]
    assert dump.records[0].day == dt.date(2022, 2, 1)


def test_without_any_printed_year_the_file_date_gives_the_year(tmp_path: Path) -> None:
    dump = read(write_page_copy(tmp_path / "copy.txt", "Feb 1", [FakePaper("A", date="Jan 5")]))
    assert dump.records[0].day == dt.date(2026, 2, 1)
    assert dump.records[0].published == dt.date(2026, 1, 5)


def test_a_date_in_the_file_name_beats_the_header_day(tmp_path: Path) -> None:
    dump = read(write_page_copy(tmp_path / "papers-20240507.txt", "Feb 1", [FakePaper("A")]))
    assert (dump.records[0].day, dump.records[0].day_source) == (dt.date(2024, 5, 7), DaySource.FILENAME)


def test_pages_pasted_one_after_another_are_separate_days(tmp_path: Path) -> None:
    text = page_copy("Dec 16", [FakePaper("One"), FakePaper("Two")]) + page_copy("Dec 17", [FakePaper("Three")])
    path = tmp_path / "two-pages.txt"
    path.write_text(text, encoding="utf-8")
    dump = read(path)
    assert [(r.entry.title, r.day.day, r.rank) for r in dump.records] == [
        ("One", 16, 1),
        ("Two", 16, 2),
        ("Three", 17, 1),
    ]


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-8"),
        lambda text: text.replace("\n", "\r\n").encode("utf-8"),
        lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),
        lambda text: text.replace("\n", "\r").encode("utf-8"),
        lambda text: text.encode("cp1252"),
        lambda text: text.encode("latin-1"),
    ],
    ids=["utf8", "crlf", "bom", "cr", "cp1252", "latin1"],
)
def test_line_endings_bom_and_legacy_encodings_parse_the_same(tmp_path: Path, encode) -> None:  # type: ignore[no-untyped-def]
    text = page_copy("Dec 16", [FakePaper("Café models: naïve résumé", footer="acme Acme Lab", date="Feb 3 4")])
    path = tmp_path / "copy.txt"
    path.write_bytes(encode(text))
    records = read(path).records
    assert len(records) == 1
    assert (records[0].entry.organization, records[0].entry.comments) == ("Acme Lab", 4)
    assert records[0].published == dt.date(2026, 2, 3)
    assert records[0].entry.title == "Café models: naïve résumé"


def test_escape_sequences_and_control_characters_are_removed(tmp_path: Path) -> None:
    path = write_page_copy(tmp_path / "copy.txt", "Dec 16", [FakePaper("Bold \x1b[1mclaims\x1b[0m\x07 here")])
    assert read(path).records[0].entry.title == "Bold claims here"


def test_a_leaked_escaped_newline_reads_as_a_space_but_latex_stays(tmp_path: Path) -> None:
    abstract = r"A network of \n locally-interacting particles with \nabla fields."
    path = write_page_copy(tmp_path / "copy.txt", "Dec 16", [FakePaper("Particles", abstract)])
    assert read(path).records[0].entry.abstract == r"A network of locally-interacting particles with \nabla fields."


def test_dense_copy_pairs_titles_and_abstracts_and_takes_the_file_date(tmp_path: Path) -> None:
    path = tmp_path / "dense.txt"
    path.write_text(
        "Get trending papers in your email inbox once a day!\nGet trending papers in your email inbox!\n"
        "SubscribeFirst Title\nFirst abstract.\nSecond Title\nSecond abstract.",
        encoding="utf-8",
    )
    dump = read(path)
    assert dump.parser == "dense copy"
    assert [(r.entry.title, r.entry.abstract) for r in dump.records] == [
        ("First Title", "First abstract."),
        ("Second Title", "Second abstract."),
    ]
    assert {(r.day, r.day_source) for r in dump.records} == {(dt.date(2026, 3, 9), DaySource.MTIME)}


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "empty file"), (b"   \n\n", "empty file"), (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"), (b"hello", "not a")],
)
def test_files_that_are_not_dumps_get_a_one_line_reason(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "odd.txt"
    path.write_bytes(content)
    with pytest.raises(ParseError, match=reason) as caught:
        read(path)
    assert "\n" not in str(caught.value)


def test_header_only_page_has_no_papers(tmp_path: Path) -> None:
    path = tmp_path / "empty-page.txt"
    path.write_text(HEADER + "Dec 16\n", encoding="utf-8")
    with pytest.raises(ParseError, match="no papers"):
        read(path)
