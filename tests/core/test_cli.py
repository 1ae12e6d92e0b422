"""The ``papers`` command line, driven in-process as a user would type it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli import main
from reader.core import paths
from tests.factories import FakePaper, write_page_copy


@pytest.fixture
def dumps(tmp_path: Path) -> Path:
    """Two days of invented papers; one paper is listed on both."""
    root = tmp_path / "dumps"
    write_page_copy(
        root / "2024-05-01.txt",
        "May 1",
        [
            FakePaper("Sparse Mixture Routing", "Routing tokens to experts.", "  • 4 authors", "Apr 30 7"),
            FakePaper("Dense Retrieval at Scale", "We retrieve passages.", "acme Acme Lab", "Apr 2, 2023"),
        ],
    )
    write_page_copy(root / "2024-05-02.txt", "May 2", [FakePaper("Sparse Mixture Routing")])
    (root / "broken.txt").write_bytes(b"\x00\x01binary")
    return root


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``papers ARGV``; returns (exit code, stdout, stderr)."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_version_and_help_document_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("papers 0.")
    assert main(["--help"]) == 0
    text = capsys.readouterr().out
    for command in ("index", "--watch", "search", "stats", "add", "fetch", "bookmarks", "--demo", "upvotes:>10"):
        assert command in text


def test_index_reports_files_and_failures(capsys: pytest.CaptureFixture[str], dumps: Path) -> None:
    code, out, _ = run(capsys, "index", "--dumps", str(dumps), "--json")
    assert code == 0
    report = json.loads(out)
    assert report["files"] | {"failed": None} == {"new": 3, "changed": 0, "unchanged": 0, "removed": 0, "failed": None}
    assert report["files"]["failed"] == [{"path": str(dumps / "broken.txt"), "reason": "binary file, not text"}]
    assert (report["listings"], report["papers"]) == (3, 2)
    assert isinstance(report["seconds"], float)
    code, out, _ = run(capsys, "index", "--dumps", str(dumps))
    assert code == 0
    assert "0 new, 0 changed, 3 unchanged, 0 removed, 1 failed" in out
    assert f"could not use {dumps / 'broken.txt'}: binary file, not text" in out


def test_search_json_has_every_field(capsys: pytest.CaptureFixture[str], dumps: Path) -> None:
    code, out, _ = run(capsys, "search", "sparse", "routing", "--json", "--dumps", str(dumps))
    assert code == 0
    (paper,) = json.loads(out)
    assert paper["title"] == "Sparse Mixture Routing"
    assert paper["days"] == ["2024-05-01", "2024-05-02"]
    assert (paper["published"], paper["author_count"], paper["comments"], paper["upvotes"]) == (
        "2024-04-30",
        4,
        7,
        None,
    )
    assert paper["url"].startswith("https://huggingface.co/papers?q=Sparse")
    required = {"key", "abstract", "authors", "organization", "arxiv_id", "links"}
    assert required <= set(paper)


def test_search_text_output_and_limits(capsys: pytest.CaptureFixture[str], dumps: Path) -> None:
    code, out, _ = run(capsys, "search", "org:acme", "--dumps", str(dumps))
    assert code == 0
    assert "1. Dense Retrieval at Scale" in out and "Acme Lab" in out
    code, out, _ = run(capsys, "search", "nothingmatches", "--dumps", str(dumps))
    assert (code, out.strip()) == (0, "no papers match 'nothingmatches'")
    code, _, err = run(capsys, "search", "x", "--limit", "0", "--dumps", str(dumps))
    assert code == 2 and "--limit" in err


def test_the_sorts_go_by_the_readers_words(capsys: pytest.CaptureFixture[str], dumps: Path) -> None:
    by_title = run(capsys, "search", "routing OR retrieve", "--sort", "title", "--json", "--dumps", str(dumps))[1]
    titles = [paper["title"] for paper in json.loads(by_title)]
    assert titles == sorted(titles) and len(titles) == 2
    for name in ("upvotes", "comments", "popular", "relevance", "page", "published", "Title"):
        code, out, _ = run(capsys, "search", "routing OR retrieve", "--sort", name, "--json", "--dumps", str(dumps))
        assert code == 0 and len(json.loads(out)) == 2, name
    assert main(["search", "routing", "--sort", "sideways", "--dumps", str(dumps)]) == 2
    assert "sideways" in capsys.readouterr().err


def test_a_query_word_that_starts_with_a_dash_is_part_of_the_query(
    capsys: pytest.CaptureFixture[str], dumps: Path
) -> None:
    code, out, _ = run(capsys, "search", "routing", "--json", "--dumps", str(dumps))
    assert code == 0 and len(json.loads(out)) == 1
    code, out, _ = run(capsys, "search", "-is:bookmarked", "routing", "--json", "--dumps", str(dumps))
    assert code == 0 and len(json.loads(out)) == 1, "NOT bookmarked: the same paper"
    code, out, _ = run(capsys, "search", "-\x1bw", "--json", "--dumps", str(dumps))  # no option, no exit
    assert code in (0, 2) and "Traceback" not in out
    code, _, err = run(capsys, "search", "--dumps", str(dumps))
    assert code == 2 and "needs a query" in err
    assert run(capsys, "stats", "--bogus")[0] == 2


def test_a_bad_query_is_a_usage_error_without_traceback(capsys: pytest.CaptureFixture[str], dumps: Path) -> None:
    code, _, err = run(capsys, "search", "((", "--dumps", str(dumps))
    assert code == 2
    assert err.startswith("papers: ") and "Traceback" not in err and err.count("\n") == 1


def test_stats(capsys: pytest.CaptureFixture[str], dumps: Path) -> None:
    code, out, _ = run(capsys, "stats", "--json", "--dumps", str(dumps))
    assert code == 0
    stats = json.loads(out)
    assert (stats["papers"], stats["listings"]) == (2, 3)
    assert [(day["date"], day["papers"]) for day in stats["days"]] == [("2024-05-02", 1), ("2024-05-01", 2)]


def test_nothing_indexable_exits_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "index", "--dumps", str(tmp_path / "missing"))
    assert code == 1 and "nothing could be indexed" in err


def test_add_copies_into_the_library_folder_without_overwriting(
    capsys: pytest.CaptureFixture[str], dumps: Path
) -> None:
    source = dumps / "2024-05-01.txt"
    assert run(capsys, "add", str(source))[0] == 0
    assert run(capsys, "add", str(source))[0] == 0
    library = paths.default_dump_dir()
    assert sorted(path.name for path in library.iterdir()) == ["2024-05-01-2.txt", "2024-05-01.txt"]
    code, out, _ = run(capsys, "stats", "--json")  # the default library is that folder
    assert code == 0 and json.loads(out)["listings"] == 4
    assert run(capsys, "add", str(dumps / "absent.txt"))[0] == 1


def test_bookmarks_list_and_export(capsys: pytest.CaptureFixture[str], dumps: Path) -> None:
    from reader.core.library import Library

    library = Library([dumps])
    library.sync()
    (paper,) = [p for p in library.papers(library.keys()).values() if p.title.startswith("Dense")]
    library.toggle_bookmark(paper)
    code, out, _ = run(capsys, "bookmarks", "--dumps", str(dumps))
    assert code == 0 and "★ Dense Retrieval at Scale" in out
    code, out, _ = run(capsys, "bookmarks", "export", "--format", "md", "--dumps", str(dumps))
    assert code == 0 and out.splitlines()[2].startswith("- [Dense Retrieval at Scale](https://huggingface.co/papers?q=")
    code, out, _ = run(capsys, "bookmarks", "export", "--format", "json", "--dumps", str(dumps))
    assert code == 0 and json.loads(out)[0]["title"] == "Dense Retrieval at Scale"
    target = dumps.parent / "refs.bib"
    code, out, _ = run(capsys, "bookmarks", "export", "--format", "bibtex", "-o", str(target), "--dumps", str(dumps))
    assert code == 0 and target.read_text().startswith("@misc{")
    folder = dumps.parent / "exports"
    folder.mkdir()
    code, out, _ = run(capsys, "bookmarks", "export", "--format", "bibtex", "-o", str(folder), "--dumps", str(dumps))
    assert code == 0 and (folder / "bookmarks.bib").read_text() == target.read_text()


def test_usage_errors_exit_2() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "reader", "search"], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_output_cut_short_by_a_pipe_ends_quietly(dumps: Path) -> None:
    """``papers search x | head -0``: the reader of the output is gone before it is written."""
    process = subprocess.Popen(
        [sys.executable, "-m", "reader", "search", "routing", "--dumps", str(dumps)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=60) == 141
    assert stderr == ""
