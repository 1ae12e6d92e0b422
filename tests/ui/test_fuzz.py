"""A fuzz test of the whole reader: random dumps (every field of several formats, escapes, lone
surrogates, odd types), a random hand-edited bookmarks.json and random keys and queries drive
the reader, then the CLI over the same files.

Asserted after every run: the app never raised (Pilot re-raises anything the app did), the
bytes the screen would write hold no control character but Textual's own colour and cursor
sequences, the CLI printed no traceback and no control byte, and no bookmark was lost: a
bookmark survives unless its own paper was toggled, and a toggled paper ends bookmarked when
toggled an odd number of times from unbookmarked (or an even number from bookmarked).

``PAPERS_FUZZ_EXAMPLES`` sets how many runs (12 by default, to keep CI short).
"""

from __future__ import annotations

import io
import json
import os
import re
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from textual.widgets import Input

from reader import cli
from reader.core.bookmarks import Bookmark, BookmarkStore
from reader.core.library import Library
from reader.core.models import Paper
from reader.ui.annotate_dialogs import ConfirmDialog
from reader.ui.app import PapersApp, create_app
from tests.core.test_terminal import ESCAPES
from tests.factories import FakePaper, page_copy
from tests.ui.conftest import settle

EXAMPLES = int(os.environ.get("PAPERS_FUZZ_EXAMPLES", "12"))
TEXTUAL_SEQUENCES = re.compile(r"\x1b\[[0-9;]*[mH]")
"""What Textual itself writes: colours and cursor moves (a dump's ``ESC[2J`` is not one)."""
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
WORDS = ["diffusion", "video", "agents", "model", "Quantization", "retrieval", "graph", "language"]

MARKUP = ["[b]", "[/]", "[@click=app.quit]"]
hostile_text = st.lists(
    st.characters(codec=None, categories=None) | st.sampled_from([ESCAPES, *ESCAPES, *MARKUP]), max_size=8
).map("".join)
"""Anything at all, with escapes and markup-looking text more often than chance gives."""
field_text = st.lists(st.sampled_from(WORDS) | hostile_text, min_size=1, max_size=6).map(" ".join)
odd_value = st.one_of(field_text, st.integers(), st.none(), st.booleans(), st.lists(st.integers(), max_size=2))
arxiv_ids = st.builds("{:04d}.{:05d}".format, st.integers(2301, 2312), st.integers(1, 40))


@st.composite
def api_items(draw: st.DrawFn) -> list[dict[str, object]]:
    """An HF API listing: mostly well formed, with odd values in random fields."""
    items = []
    for _ in range(draw(st.integers(1, 4))):
        paper: dict[str, object] = {
            "id": draw(arxiv_ids),
            "title": draw(field_text),
            "summary": draw(field_text),
            "authors": [{"name": draw(field_text)}],
            "upvotes": draw(st.integers(-5, 10**6)),
            "githubRepo": "https://github.com/a/" + draw(hostile_text),
            "submittedOnDailyAt": "2024-05-0" + draw(st.sampled_from("12")) + "T00:00:00.000Z",
        }
        for name in draw(st.lists(st.sampled_from(sorted(paper)), max_size=2)):
            paper[name] = draw(odd_value)
        items.append({"paper": paper, "title": paper["title"]})
    return items


@st.composite
def dump_files(draw: st.DrawFn) -> dict[str, bytes]:
    """One to three dumps: a page copy, an API JSON and (sometimes) bytes that are no dump."""
    files = {}
    papers = [FakePaper(draw(field_text), draw(field_text)) for _ in range(draw(st.integers(1, 4)))]
    files["2024-05-01.txt"] = page_copy("May 1", papers).encode("utf-8", "surrogatepass")
    if draw(st.booleans()):
        files["2024-05-02.json"] = json.dumps(draw(api_items())).encode()
    if draw(st.booleans()):
        files["notes.md"] = draw(st.binary(max_size=200))
    return files


@st.composite
def bookmark_files(draw: st.DrawFn) -> bytes:
    """A hand-edited bookmarks.json: good items, odd fields, unknown fields, maybe cut short."""
    items = []
    for number in range(draw(st.integers(0, 5))):
        item: dict[str, object] = {
            "key": draw(arxiv_ids | st.just(f"gone-{number}")),
            "title": draw(field_text),
            "url": "https://huggingface.co/papers/" + draw(hostile_text),
            "added": f"2024-05-0{number % 9 + 1}T00:00:00+00:00",
        }
        for name in draw(st.lists(st.sampled_from(["title", "added", "url", "note", "arxiv_id"]), max_size=2)):
            item[name] = draw(odd_value)
        items.append(item)
    version = draw(st.sampled_from([1, "1", 1.0, 0, 2]))
    data = json.dumps({"version": version, "bookmarks": items}).encode()
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    return data[: draw(st.integers(len(data) // 2, len(data)))] if draw(st.booleans()) else data


queries = st.lists(
    st.sampled_from([*WORDS, "OR", "NOT", "(", ")", '"', "*", "~", "title:", "is:bookmarked", "[a TO z]", "**"])
    | hostile_text,
    max_size=5,
).map(" ".join)
keys = st.lists(
    st.sampled_from(["j", "k", "g", "G", "tab", "shift+tab", "b", "B", "s", "S", "[", "]", "enter", "h", "l"])
    | st.sampled_from(["escape", "pagedown", "ctrl+r", "question_mark", "ctrl+l", "Y"])
    | queries.map(lambda query: f"/{query}"),
    min_size=1,
    max_size=14,
)


def screen_text(app: PapersApp) -> str:
    """What the screen would write to the terminal now, without Textual's own sequences."""
    update = app.screen._compositor.render_update(full=True)
    assert update is not None
    return TEXTUAL_SEQUENCES.sub("", update.render_segments(app.console))


def selected_paper(app: PapersApp) -> Paper | None:
    """The paper ``b`` would toggle now, if any."""
    reader = app.reader
    if app.screen is not reader or not reader.check_action("bookmark", ()):
        return None
    return reader.current_paper()


async def drive(library: Library, presses: list[str], toggled: list[Paper], state: Path) -> list[str]:
    """Open the reader on ``library`` and press ``presses`` (``/query`` types a search and runs
    it), noting each of the library's papers that ``b`` toggled; what the screen showed."""
    app = create_app(library, state_path=state)
    shown = []
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for press in presses:
            if press.startswith("/"):
                await pilot.press("slash", *press[1:], "enter")
            else:
                # A b typed into the search box (left open by an empty query) is text, not a bookmark.
                typing = isinstance(app.focused, Input)
                paper = selected_paper(app) if press == "b" and not typing else None
                # Enter on the welcome screen of an empty library opens the demo, whose
                # bookmarks are the user's own file, not the one under test.
                mine = app.reader.library is library
                await pilot.press(press)
                if paper is not None and mine:
                    await pilot.pause()
                    if isinstance(app.screen, ConfirmDialog):
                        await pilot.press("y")  # a bookmark with a note (or tags) asks before it goes
                    toggled.append(paper)
            await settle(pilot)
            shown.append(screen_text(app))
        shown.append("\n".join(f"{entry.title}: {entry.message}" for entry in app.log_entries))
    return shown


def run_cli(*argv: str) -> tuple[int, str]:
    """``papers argv`` in this process: the exit code and everything it printed."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli.main(list(argv))
    return code, out.getvalue() + err.getvalue()


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # one run takes seconds: shrinking would take hours
)
@given(files=dump_files(), bookmarks=bookmark_files(), presses=keys, query=queries)
async def test_random_dumps_user_files_and_keys_never_break_the_reader(
    tmp_path_factory: pytest.TempPathFactory, files: dict[str, bytes], bookmarks: bytes, presses: list[str], query: str
) -> None:
    base = tmp_path_factory.mktemp("fuzz")
    for name, data in files.items():
        (base / "dumps").mkdir(exist_ok=True)
        (base / "dumps" / name).write_bytes(data)
    bookmarks_path = base / "bookmarks.json"
    bookmarks_path.write_bytes(bookmarks)
    before = BookmarkStore(bookmarks_path).items
    library = Library([base / "dumps"], index_dir=base / "index", bookmarks_path=bookmarks_path)
    toggled: list[Paper] = []
    try:
        shown = await drive(library, presses, toggled, base / "state.json")
    finally:
        library.close()
    assert [text for text in shown if CONTROL.search(text)] == []

    after = BookmarkStore(bookmarks_path).items
    assert_no_bookmark_lost(before, after, toggled, shown[-1])

    for argv in (["search", query, "--json"], ["search", query], ["bookmarks"], ["stats", "--json"]):
        code, printed = run_cli(*argv, "--dumps", str(base / "dumps"))
        assert code in (0, 1, 2), (argv, printed)
        assert "Traceback" not in printed and CONTROL.search(printed.replace("\n", "")) is None, (argv, printed)


def assert_no_bookmark_lost(before: list[Bookmark], after: list[Bookmark], toggled: list[Paper], log: str) -> None:
    """Untouched bookmarks stay; each toggled paper ends as its toggles say."""
    after_keys = {bookmark.key for bookmark in after}
    for bookmark in before:
        if not any(bookmark.matches(paper) for paper in toggled):
            assert bookmark.key in after_keys, f"lost {bookmark.key}; {log}"
    for paper in {paper.key: paper for paper in toggled}.values():
        flips = sum(other.key == paper.key for other in toggled)
        was = any(bookmark.matches(paper) for bookmark in before)
        assert any(bookmark.matches(paper) for bookmark in after) == (was != (flips % 2 == 1)), f"{paper.key}; {log}"
