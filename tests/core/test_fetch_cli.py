"""``papers fetch`` as a user types it, against the local server; and the settings it reads."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from reader.core import paths, settings
from reader.core.errors import ConfigError
from reader.core.fetch import utc_today
from reader.core.settings import DEFAULT_ENDPOINT, FetchSettings, load_settings, parse_settings
from tests.core.fake_api import FakeApi, api, fake_items, local_server
from tests.core.test_cli import run
from tests.core.test_fetch import REAL_DAY, real_items, real_old_items

__all__ = ["api", "local_server"]  # fixtures


@pytest.fixture
def endpoint(api: FakeApi, monkeypatch: pytest.MonkeyPatch) -> FakeApi:
    """The fake API, with ``HF_ENDPOINT`` pointing at it."""
    monkeypatch.setenv("HF_ENDPOINT", api.endpoint)
    return api


def write_config(text: str) -> Path:
    config = paths.config_dir() / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(text, encoding="utf-8")
    return config


def test_fetched_days_are_what_index_and_stats_then_report(
    capsys: pytest.CaptureFixture[str], endpoint: FakeApi, tmp_path: Path
) -> None:
    endpoint.days[REAL_DAY.isoformat()] = real_items()
    endpoint.days["2024-05-29"] = real_old_items()
    library = tmp_path / "library"
    code, out, err = run(capsys, "fetch", "2026-06-12", "2024-05-29", "--json", "--dumps", str(library))
    assert (code, err) == (0, "")
    report = json.loads(out)
    assert report["folder"] == str(library / "hf-api")
    assert [(day["date"], day["status"], day["papers"]) for day in report["days"]] == [
        ("2024-05-29", "new", 8),
        ("2026-06-12", "new", 30),
    ]
    code, out, _ = run(capsys, "index", "--json", "--dumps", str(library))
    assert code == 0 and json.loads(out)["files"]["new"] == 2 and json.loads(out)["papers"] == 38
    code, out, _ = run(capsys, "stats", "--json", "--dumps", str(library))
    assert [(day["date"], day["papers"]) for day in json.loads(out)["days"]] == [("2026-06-12", 30), ("2024-05-29", 8)]
    code, out, _ = run(capsys, "fetch", "2024-05-29", "--dumps", str(library))
    assert (code, out.splitlines()) == (
        0,
        ["2024-05-29  skipped    8 papers (final)", f"1 day in 0 calls: 1 skipped; files in {library / 'hf-api'}"],
    )


def test_fetch_days_goes_into_the_configured_library(
    capsys: pytest.CaptureFixture[str], endpoint: FakeApi, tmp_path: Path
) -> None:
    library = tmp_path / "papers"
    write_config(f'dumps = ["{library}"]\n')
    today = utc_today()
    yesterday = today - dt.timedelta(days=1)
    endpoint.days[yesterday.isoformat()] = fake_items(yesterday, 3)
    code, out, _ = run(capsys, "fetch", "--days", "2")
    assert code == 0
    assert out.splitlines() == [
        f"{yesterday.isoformat()}  new        3 papers",
        f"{today.isoformat()}  empty      no papers listed (yet)",
        f"2 days in 2 calls: 1 new, 1 empty; files in {library / 'hf-api'}",
    ]
    assert sorted(path.name for path in (library / "hf-api").glob("*.json")) == [f"{yesterday.isoformat()}.json"]
    code, out, _ = run(capsys, "stats", "--json")
    assert json.loads(out)["days"] == [{"date": yesterday.isoformat(), "papers": 3, "unread": 3, "guessed": False}]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["2025-13-45"], "papers: '2025-13-45' is not a date: use YYYY-MM-DD"),
        (["yesterday"], "papers: 'yesterday' is not a date: use YYYY-MM-DD"),
        (["--since", "12/18/2025"], "papers: '12/18/2025' is not a date: use YYYY-MM-DD"),
        (["2999-01-01"], "papers: 2999-01-01 is in the future (today is {today} in UTC)"),
        (["--days", "0"], "papers: --days must be at least 1"),
        (["2025-12-18", "--days", "2"], "papers: give DATEs, --since or --days: one of them"),
    ],
)
def test_a_date_it_cannot_fetch_is_one_line_and_nothing_is_asked(
    capsys: pytest.CaptureFixture[str], endpoint: FakeApi, tmp_path: Path, argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, "fetch", *argv, "--dumps", str(tmp_path / "library"))
    assert (code, out, err) == (2, "", message.format(today=utc_today().isoformat()) + "\n")
    assert endpoint.calls == [] and not (tmp_path / "library").exists()


def test_a_failed_day_is_its_reason_and_exit_1(
    capsys: pytest.CaptureFixture[str], endpoint: FakeApi, tmp_path: Path
) -> None:
    endpoint.json_answer({"error": "Paper list not found"}, 404)
    code, out, _ = run(capsys, "fetch", "2025-12-18", "--dumps", str(tmp_path))
    assert code == 1
    assert out.splitlines()[0] == "2025-12-18  failed     HTTP 404 NOT FOUND: Paper list not found"
    assert list((tmp_path / "hf-api").glob("*.json")) == []


def test_a_library_that_is_a_file_cannot_be_fetched_into(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    code, _, err = run(capsys, "fetch", "--dumps", str(tmp_path / "notes.txt"))
    assert (code, err) == (1, f"papers: {tmp_path / 'notes.txt'} is a file, not a library folder to fetch into\n")


def test_bad_settings_are_one_line_each_and_the_defaults_are_used(
    capsys: pytest.CaptureFixture[str], endpoint: FakeApi, tmp_path: Path
) -> None:
    config = write_config('[fetch]\ncatch_up_days = "many"\nsettle_days = -1\ncolour = "red"\n')
    code, _, err = run(capsys, "fetch", "2025-12-18", "--dumps", str(tmp_path))
    assert code == 0
    assert err.splitlines() == [
        f"papers: {config}: 'fetch.catch_up_days' must be a whole number from 1 to 366; the default is used",
        f"papers: {config}: 'fetch.settle_days' must be a whole number from 0 to 366; the default is used",
    ]
    assert endpoint.calls == [("2025-12-18", 100, 0)]


def test_settings_are_read_field_by_field() -> None:
    loaded = parse_settings({"fetch": {"endpoint": "https://mirror.example/hf/", "timeout": 5, "catch_up_days": 0}})
    assert loaded.fetch == FetchSettings(endpoint="https://mirror.example/hf", timeout=5.0)
    assert loaded.problems == (
        "config.toml: 'fetch.catch_up_days' must be a whole number from 1 to 366; the default is used",
    )
    not_a_table = parse_settings({"fetch": "fast"})
    assert not_a_table.fetch == FetchSettings()
    assert not_a_table.problems == ("config.toml: [fetch] must be a table of settings; its defaults are used",)
    assert parse_settings({"fetch": {"timeout": True, "endpoint": "ftp://x"}}).problems == (
        "config.toml: 'fetch.endpoint' must be an http(s) address like 'https://huggingface.co'; the default is used",
        "config.toml: 'fetch.timeout' must be a number of seconds from 1 to 600; the default is used",
    )


def test_the_endpoint_comes_from_hf_endpoint_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HF_ENDPOINT", raising=False)
    assert load_settings().fetch.endpoint == DEFAULT_ENDPOINT
    write_config('[fetch]\nendpoint = "http://127.0.0.1:9/"\n')
    assert load_settings().fetch.endpoint == "http://127.0.0.1:9"
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:8")
    assert load_settings().fetch.endpoint == "http://127.0.0.1:8"
    monkeypatch.setenv("HF_ENDPOINT", "mirror")
    loaded = load_settings()
    assert loaded.fetch.endpoint == "http://127.0.0.1:9"
    assert loaded.problems == ("HF_ENDPOINT must be an http(s) address like 'https://huggingface.co'; it is ignored",)


def test_an_unreadable_config_is_a_problem_for_settings_and_an_error_for_dumps() -> None:
    config = write_config("dumps = [\n")
    problems = load_settings().problems
    assert len(problems) == 1 and problems[0].startswith(f"{config}: ")
    with pytest.raises(ConfigError):
        settings.configured_roots()
    write_config("dumps = 3\n")
    with pytest.raises(ConfigError, match="'dumps' must be a list of folder paths"):
        settings.configured_roots()
    write_config('dumps = "~/papers"\n[fetch]\nsettle_days = 3\n')
    assert settings.configured_roots() == [Path("~/papers").expanduser()]
    assert load_settings().fetch.settle_days == 3
