"""Escapes never reach the terminal: every field of every format, file names and user files,
through every command, checked on the real bytes the ``papers`` process writes."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.links import build_links, is_openable
from reader.core.text import terminal_safe
from tests.factories import FakePaper, page_copy

ESCAPES = (
    "\x1b]52;c;SGFja2Vk\x1b\\"  # OSC 52: write the clipboard (through tmux too)
    "\x1b]2;pwned\x07"  # OSC 2: the window / pane title
    "\x1b[2J\x1b[31m"  # CSI: clear the screen, colours
    "\x9b2J\x9d0;t\x9c"  # the 8-bit CSI and OSC
    "\x07\x08\x7f\r"
)
"""What a hostile dump writes into every field it can."""

CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]")
C1_CHARACTERS = re.compile(r"[\x80-\x9f]")


def hostile(text: str) -> str:
    """``text`` with the escapes inside it."""
    return f"{text} {ESCAPES}end"


def api_paper(arxiv_id: str, word: str) -> dict[str, object]:
    """One paper of the HF API with escapes in every string it has."""
    return {
        "id": arxiv_id,
        "title": hostile(f"Hostile {word} title"),
        "summary": hostile(f"An abstract about {word}."),
        "ai_summary": hostile("A summary"),
        "ai_keywords": [hostile("keyword")],
        "authors": [{"name": hostile("Eve Mallory")}],
        "githubRepo": f"https://github.com/acme/{word}{ESCAPES}",
        "projectPage": f"https://{word}.example/{ESCAPES}",
        "upvotes": 5,
        "submittedOnDailyAt": "2024-05-01T00:00:00.000Z",
        "publishedAt": "2024-04-30T00:00:00.000Z",
    }


def write_hostile_dumps(root: Path) -> None:
    """One dump of every structured format, escapes in every field, and file names with escapes."""
    root.mkdir(parents=True)
    items = [{"paper": api_paper("2405.01231", "apijson"), "organization": {"fullname": hostile("Org\x00")}}]
    (root / "api.json").write_text(json.dumps(items))
    props = json.dumps({"dailyPapers": [{"paper": api_paper("2405.01232", "htmlprops")}], "date": "2024-05-02"})
    attribute = html.escape(props, quote=True).replace("pwned", "&#27;]2;entity&#7;pwned")
    (root / "page.html").write_text(f'<html><body><div data-target="DailyPapers" data-props="{attribute}"></div>')
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "items": [
            {
                "id": "https://huggingface.co/papers/2405.01233",
                "url": f"https://huggingface.co/papers/2405.01233{ESCAPES}",
                "external_url": f"https://github.com/acme/jsonfeed{ESCAPES}",
                "title": hostile("Hostile jsonfeed title"),
                "content_text": hostile("A summary") + " AI-generated summary " + hostile("An abstract"),
                "authors": [{"name": hostile("Eve")}],
            }
        ],
    }
    (root / "2024-05-03-feed.json").write_text(json.dumps(feed))
    scraper = {
        "date": "2024-05-04",
        "papers": [
            {
                "title": hostile("Hostile scraper title"),
                "url": "https://huggingface.co/papers/2405.01234",
                "pdf_url": f"https://arxiv.org/pdf/2405.01234{ESCAPES}",
                "github_url": f"https://github.com/acme/scraper{ESCAPES}",
                "project_url": f"https://scraper.example/{ESCAPES}",
                "authors": [hostile("Eve")],
                "abstract": hostile("An abstract on scraper"),
                "upvotes": 3,
            }
        ],
    }
    (root / "scraper.json").write_text(json.dumps(scraper))
    rss = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Daily Papers</title>'
        "<item><title>Hostile rss &#x9b;2J title &#x9d;0;t&#x9c;</title>"
        "<link>https://huggingface.co/papers/2405.01235&#x9b;31m</link>"
        "<description>An abstract &#x9b;2J on rss</description><author>Eve &#x85;Mallory</author></item>"
        "</channel></rss>"
    )
    (root / "2024-05-05-rss.xml").write_text(rss)
    inline = ESCAPES.replace("\r", "")  # a CR in a page copy is a line break: the paper would be cut in two
    copy = page_copy("May 6", [FakePaper(f"Hostile copy title {inline}", f"An abstract {inline} on copy")])
    (root / f"2024-05-06 {ESCAPES}.txt").write_text(copy)
    (root / f"broken {ESCAPES}.txt").write_bytes(b"\x00\x01 binary")


def hostile_bookmarks(path: Path) -> None:
    """A hand-edited bookmarks.json with escapes (and a lone surrogate) in its titles and urls."""
    path.parent.mkdir(parents=True, exist_ok=True)
    items = [
        {
            "key": "2405.01231",
            "title": hostile("Bookmarked"),
            "url": f"https://huggingface.co/papers/2405.01231{ESCAPES}",
            "added": "2024-05-01T00:00:00+00:00",
            "arxiv_id": "2405.01231",
        },
        {
            "key": "gone",
            "title": hostile("Gone from the dumps \ud800"),
            "url": f"https://gone.example/{ESCAPES}",
            "added": "2024-05-02T00:00:00+00:00",
        },
    ]
    path.write_text(json.dumps({"version": 1, "bookmarks": items}))


COMMANDS = [
    ["index"],
    ["index", "--json"],
    ["index", "--rebuild"],
    ["search", "hostile"],
    ["search", "hostile", "--json", "--limit", "50"],
    ["search", "hostile", "--sort", "title"],
    ["search", "end", "--sort", "popular"],
    ["search", f"title:( {ESCAPES}"],
    ["search", "\x1b]2;query\x07 AND ("],
    ["stats"],
    ["stats", "--json"],
    ["bookmarks"],
    ["bookmarks", "export", "--format", "md"],
    ["bookmarks", "export", "--format", "json"],
    ["bookmarks", "export", "--format", "bibtex"],
    ["search", "x", "--limit", ESCAPES],  # argparse repeats the bad value
]


@pytest.fixture(scope="module")
def hostile_env(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A dump folder of hostile dumps and user dirs with a hostile bookmarks.json."""
    base = tmp_path_factory.mktemp("hostile")
    write_hostile_dumps(base / "dumps")
    env = {**os.environ}
    for name in ("DATA", "CACHE", "CONFIG", "STATE"):
        env[f"PAPERS_{name}_DIR"] = str(base / name.lower())
    hostile_bookmarks(base / "data" / "bookmarks.json")
    return base / "dumps", env


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: " ".join(command)[:30].encode().hex()[:12])
def test_no_control_byte_reaches_the_terminal_from_any_command(
    hostile_env: tuple[Path, dict[str, str]], command: list[str]
) -> None:
    root, env = hostile_env
    result = subprocess.run(
        [sys.executable, "-m", "reader", *command, "--dumps", str(root)],
        env=env,
        capture_output=True,
        timeout=120,
        check=False,
    )
    for stream in (result.stdout, result.stderr):
        assert CONTROL_BYTES.search(stream) is None, stream[:2000]
        text = stream.decode("utf-8")  # and valid UTF-8: no lone surrogate made it out either
        assert C1_CHARACTERS.search(text) is None, text[:2000]
        assert "\\u001b" not in text and "\\u009b" not in text, "cleaned at the source, not only escaped"
        assert "Traceback" not in text
    if command[0] == "search" and "--json" in command:
        papers = json.loads(result.stdout)
        assert len(papers) == 6, "every format's hostile paper is indexed"
        for paper in papers:
            assert all(is_openable(link["url"]) for link in paper["links"])
            assert "pwned" not in json.dumps(paper["links"]), "a link that held an escape is refused, not cleaned"


def test_file_names_with_escapes_are_shown_escaped(hostile_env: tuple[Path, dict[str, str]]) -> None:
    root, env = hostile_env
    result = subprocess.run(
        [sys.executable, "-m", "reader", "index", "--dumps", str(root)], env=env, capture_output=True, text=True
    )
    assert "could not use" in result.stdout and "broken \\x1b]52;c;" in result.stdout


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.characters(codec=None, categories=None), max_size=60))
def test_terminal_safe_leaves_no_control_and_no_surrogate(text: str) -> None:
    safe = terminal_safe(text)
    assert re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]", safe) is None
    assert terminal_safe(safe) == safe
    assert "\n" not in terminal_safe(text, multiline=False)
    safe.encode("utf-8")


@pytest.mark.parametrize("control", ["\x1b", "\x9b", "\x9d", "\x07", "\n", "\t", "\x00", "\x7f", "\x85"])
def test_a_url_holding_a_control_character_is_never_a_link(control: str) -> None:
    url = f"https://github.com/acme/repo{control}]52;c;x"
    assert not is_openable(url)
    links = build_links("2405.01234", "T", [url], f"https://acme.example/{control}")
    assert [link.kind for link in links] == ["hf", "arxiv", "pdf"]
