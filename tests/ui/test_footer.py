"""The footer: the keys that work now, drawn in one line, a click presses one."""

from __future__ import annotations

from collections.abc import Callable

from textual.geometry import Offset

from reader.ui.app import PapersApp
from reader.ui.footer import KeysFooter
from tests.ui.conftest import settle

MakeApp = Callable[..., PapersApp]


def footer_text(app: PapersApp) -> str:
    """The footer's line as the terminal shows it."""
    footer = app.reader.query_one(KeysFooter)
    return "".join(footer.render_line(0).text)


async def test_the_footer_follows_the_keys_and_keeps_the_palette_at_the_right(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        line = footer_text(app)
        assert line.startswith(" q Quit  ? Help  / Search ") and "Leave search" not in line
        assert line.rstrip().endswith("▏^p palette") and len(line) == 120
        await pilot.press("slash", *"diffusion", "enter")
        await settle(pilot)
        assert "esc Leave search" in footer_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert "Leave search" not in footer_text(app)


async def test_a_narrow_footer_shows_whole_keys_only(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer = app.reader.query_one(KeysFooter)
        line = footer_text(app)
        assert len(line) == 80 and line.rstrip().endswith("▏^p palette")
        drawn = [key for key in footer.keys if f" {key.display} {key.description} " in line]
        assert drawn == list(footer.keys)[: len(drawn)] and 0 < len(drawn) < len(footer.keys)


async def test_a_click_on_a_key_presses_it(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        footer = app.reader.query_one(KeysFooter)
        search_at = footer_text(app).index("/ Search")
        assert (pressed := footer.key_at(search_at)) is not None and pressed.key == "slash"
        assert await pilot.click(KeysFooter, offset=Offset(search_at, 0))
        await settle(pilot)
        assert app.reader.search_shown and app.focused is not None and app.focused.id == "search"
