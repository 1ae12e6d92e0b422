"""``papers mark-read``, ``read-state export|import``, ``search --unread`` and unread counts in ``stats``."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from reader.cli import main
from reader.core import paths
from reader.core.storage import atomic_write_text
from tests.core.fake_api import fake_items

DAY1, DAY2 = dt.date(2025, 12, 16), dt.date(2025, 12, 17)


@pytest.fixture
def dumps(tmp_path: Path) -> Path:
    folder = tmp_path / "dumps"
    atomic_write_text(folder / "a.json", json.dumps(fake_items(DAY1, 3)))
    atomic_write_text(folder / "b.json", json.dumps(fake_items(DAY2, 4)))
    return folder


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def stats(capsys: pytest.CaptureFixture[str], dumps: Path) -> dict[str, object]:
    code, out, _ = run(capsys, "stats", "--json", "--dumps", str(dumps))
    assert code == 0
    payload: dict[str, object] = json.loads(out)
    return payload


def test_mark_read_a_day_then_stats_count_unread_per_day(capsys: pytest.CaptureFixture[str], dumps: Path) -> None:
    assert stats(capsys, dumps)["unread"] == 7
    code, out, _ = run(capsys, "mark-read", DAY2.isoformat(), "--dumps", str(dumps))
    assert code == 0 and out.startswith("4 of 4 papers marked read; 3 unread in all")
    payload = stats(capsys, dumps)
    assert payload["unread"] == 3 and payload["papers"] == 7
    assert [(d["date"], d["papers"], d["unread"]) for d in payload["days"]] == [  # type: ignore[attr-defined, index]
        (DAY2.isoformat(), 4, 0),
        (DAY1.isoformat(), 3, 3),
    ]
    code, out, _ = run(capsys, "stats", "--dumps", str(dumps))
    assert "7 papers (3 unread)" in out and f"{DAY2.isoformat()}      4      0 unread" in out


def test_mark_read_by_arxiv_id_all_and_unread_again(capsys: pytest.CaptureFixture[str], dumps: Path) -> None:
    arxiv_id = fake_items(DAY1, 1)[0]["paper"]["id"]  # type: ignore[index]
    assert run(capsys, "mark-read", f"arXiv:{arxiv_id}", "--dumps", str(dumps))[1].startswith("1 of 1 papers")
    code, out, _ = run(capsys, "search", "invented", "--unread", "--json", "--limit", "50", "--dumps", str(dumps))
    assert code == 0 and arxiv_id not in {paper["arxiv_id"] for paper in json.loads(out)} and len(json.loads(out)) == 6
    assert run(capsys, "mark-read", "--all", "--dumps", str(dumps))[1].startswith("6 of 7 papers marked read; 0 unread")
    code, out, _ = run(capsys, "mark-read", "--all", "--unread", "--dumps", str(dumps))
    assert out.startswith("7 of 7 papers marked unread")


def test_mark_read_says_in_one_line_what_it_cannot_mark(capsys: pytest.CaptureFixture[str], dumps: Path) -> None:
    code, _, err = run(capsys, "mark-read", "2020-01-01", "--dumps", str(dumps))
    assert code == 1 and err == "papers: no papers are listed on 2020-01-01\n"
    code, _, err = run(capsys, "mark-read", "nosuchpaper", "--dumps", str(dumps))
    assert code == 1 and err.count("\n") == 1 and "nosuchpaper" in err
    code, _, err = run(capsys, "mark-read", "--dumps", str(dumps))
    assert code == 1 and "--all" in err


def test_read_state_moves_between_machines(capsys: pytest.CaptureFixture[str], dumps: Path, tmp_path: Path) -> None:
    run(capsys, "mark-read", DAY1.isoformat(), "--dumps", str(dumps))
    code, exported, _ = run(capsys, "read-state", "export")
    assert code == 0 and len(json.loads(exported)["read"]) == 3
    assert run(capsys, "read-state", "export", "-o", str(tmp_path / "r.json"))[0] == 0
    paths.read_state_file().unlink()  # another machine: nothing read
    assert stats(capsys, dumps)["unread"] == 7
    code, out, _ = run(capsys, "read-state", "import", str(tmp_path / "r.json"))
    assert code == 0 and out.startswith("3 papers newly read, of 3")
    assert stats(capsys, dumps)["unread"] == 4
    (tmp_path / "bad.json").write_text("not json", encoding="utf-8")
    code, _, err = run(capsys, "read-state", "import", str(tmp_path / "bad.json"))
    assert code == 1 and "bad.json is not a read-state file" in err and err.count("\n") == 1
    code, _, err = run(capsys, "read-state", "import", str(tmp_path / "missing.json"))
    assert code == 1 and "cannot read" in err
