"""``config.toml`` for the reader: remapped keys, the theme, the browser and the link ``y``
copies; a bad value is one line and its default is used."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.core import paths
from reader.core.settings import load_settings, parse_settings
from reader.ui import system
from reader.ui.app import PapersApp
from reader.ui.dialogs import HelpScreen
from reader.ui.keymap import all_bindings, normal_key, reader_keymap
from reader.ui.reader_screen import ReaderScreen
from tests.ui.conftest import settle

MakeApp = Callable[..., PapersApp]
SIZE = (120, 36)


def write_config(text: str) -> Path:
    path = paths.config_dir() / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_reader_settings_are_read_and_a_bad_value_is_one_line() -> None:
    settings = parse_settings(
        tomllib.loads(
            '[reader]\ntheme = "nord"\nbrowser = "firefox --new-tab %s"\ncopy_link = "pdf"\n'
            '[keys]\nbookmark = "ctrl+b"\nsearch = ["/", "ctrl+f"]\n'
        )
    )
    assert settings.problems == ()
    reader = settings.reader
    assert (reader.theme, reader.browser, reader.copy_link) == ("nord", "firefox --new-tab %s", "pdf")
    assert reader.keys == (("bookmark", "ctrl+b"), ("search", "/,ctrl+f"))
    bad = parse_settings(
        tomllib.loads('[reader]\ntheme = 3\nbrowser = "firefox \'unclosed"\ncopy_link = "gopher"\n[keys]\nquit = 5\n')
    )
    assert bad.reader.theme == "" and bad.reader.browser == "" and bad.reader.copy_link == "best"
    assert bad.reader.keys == ()
    assert len(bad.problems) == 4 and all("\n" not in line and "default" in line for line in bad.problems)


def test_keys_are_named_as_typed_or_as_textual_names_them() -> None:
    assert [normal_key(key) for key in ("/", "?", "Ctrl+B", "f2", "pageup", "vertical_line", "B")] == [
        "slash",
        "question_mark",
        "ctrl+b",
        "f2",
        "pageup",
        "vertical_line",
        "B",
    ]
    assert normal_key("ctrl+bb") is None and normal_key("nokey") is None


def test_remaps_go_by_action_and_refuse_unknown_actions_bad_keys_and_clashes() -> None:
    bindings = all_bindings(PapersApp.BINDINGS, ReaderScreen.BINDINGS)
    wanted = [("bookmark", "ctrl+b"), ("copy_link", "b"), ("nothing", "x"), ("open_link", "o2"), ("cycle_sort", "y")]
    keymap, made, problems = reader_keymap(bindings, wanted)
    assert keymap["reader.bookmark"] == "ctrl+b"
    assert keymap["reader.copy_link"] == "b", "b is free once bookmark has left it"
    assert keymap["reader.sort"] == "y", "and y once copy_link has left it"
    assert [remap.action for remap in made] == ["bookmark", "copy_link", "cycle_sort"]
    assert len(problems) == 2
    assert "'keys.nothing' is not an action" in problems[0]
    assert "'o2' is not a key" in problems[1]
    _, _, clash = reader_keymap(bindings, [("bookmark", "s")])
    assert clash and "already the key of cycle_sort" in clash[0]


def test_a_remapped_key_keeps_the_other_actions_of_its_old_key() -> None:
    bindings = all_bindings(PapersApp.BINDINGS, ReaderScreen.BINDINGS)
    keymap, _, problems = reader_keymap(bindings, [("leave_search", "backspace")])
    assert not problems
    assert keymap["reader.leave_search"] == "backspace"
    assert keymap["reader.clear_filter"] == "escape", "escape still clears a filter"


async def test_remapped_keys_work_and_the_help_lists_them(make_app: MakeApp) -> None:
    write_config('[keys]\nbookmark = "ctrl+b"\nfilter = "j"\n')
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        paper = app.reader.paper_list.current_paper
        assert paper is not None
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert app.library.is_bookmarked(paper)
        await pilot.press("b")
        await settle(pilot)
        assert app.library.is_bookmarked(paper), "b is no longer the bookmark key"
        messages = [n.message for n in app._notifications]
        assert any("'keys.filter'" in m and "already the key of down" in m for m in messages)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "Your keys (config.toml)" in str(app.screen.query_one("#help-text").render())


async def test_the_moves_inside_the_panes_can_be_remapped_in_every_pane_at_once(make_app: MakeApp) -> None:
    write_config('[keys]\ndown = "ctrl+n"\nup = ["ctrl+p", "up"]\n')
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        papers = app.reader.paper_list
        assert papers.cursor == 0 and not app.config_problems
        await pilot.press("ctrl+n")
        assert papers.cursor == 1
        await pilot.press("j")
        assert papers.cursor == 1, "j is no longer a move"
        await pilot.press("up")
        assert papers.cursor == 0
        await pilot.press("h")  # the days pane moves the same way
        days = app.reader.day_list
        before = days.cursor
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert days.cursor != before
        await pilot.press("question_mark")
        await pilot.pause()
        assert "ctrl+n" in str(app.screen.query_one("#help-text").render())


async def test_the_theme_is_set_and_a_theme_that_does_not_exist_is_one_line(make_app: MakeApp) -> None:
    write_config('[reader]\ntheme = "nord"\n')
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "nord"
    write_config('[reader]\ntheme = "no-such-theme"\n')
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"
        assert any("'no-such-theme' is not a theme" in n.message for n in app._notifications)


async def test_o_uses_the_browser_setting_before_BROWSER(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch, browser_opens: list[str]
) -> None:
    runs: list[tuple[str, str]] = []
    monkeypatch.setattr(system, "run_browser", lambda command, url: runs.append((command, url)))
    monkeypatch.setenv("BROWSER", "/bin/true")
    write_config('[reader]\nbrowser = "my-browser --tab %s"\n')
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        paper = app.reader.paper_list.current_paper
        assert paper is not None and runs == [("my-browser --tab %s", paper.url)]
    assert load_settings().reader.browser == "my-browser --tab %s"


async def test_y_copies_the_kind_of_link_the_settings_name(make_app: MakeApp) -> None:
    write_config('[reader]\ncopy_link = "pdf"\n')
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("left_square_bracket", "left_square_bracket")  # the API day: papers with arXiv ids
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.clipboard == "https://arxiv.org/pdf/2512.00001"
        await pilot.press("right_square_bracket")  # page copies: no PDF link, the best link instead
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        paper = app.reader.paper_list.current_paper
        assert paper is not None and paper.link("pdf") is None and app.clipboard == paper.url
