"""Escapes in every field of every format and in a hand-edited bookmarks.json never reach the
reader's screen: every row, every detail, every title and every notice is checked."""

from __future__ import annotations

import re
from pathlib import Path

from reader.core import paths
from reader.core.library import Library
from reader.ui.app import create_app
from tests.core.test_terminal import hostile_bookmarks, write_hostile_dumps
from tests.ui.conftest import settle

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


async def test_no_control_character_reaches_the_screen(tmp_path: Path, state_path: Path) -> None:
    write_hostile_dumps(tmp_path / "hostile")
    hostile_bookmarks(paths.bookmarks_file())
    library = Library([tmp_path / "hostile"])
    app = create_app(library, state_path=state_path)
    shown: list[str] = []
    try:
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(pilot)
            reader = app.reader
            sections = list(reader.day_list.sections)
            assert any(section.kind == "day" for section in sections)
            for index in range(len(sections)):
                shown.append(reader.day_list.render_row(index, 30).plain)
                reader.day_list.select_index(index)
                await settle(pilot)
                shown += [str(reader.paper_list.border_title), str(reader.paper_list.border_subtitle)]
                for row in range(len(reader.paper_list.keys)):
                    shown.append(reader.paper_list.render_row(row, 80).plain)
                    reader.paper_list.set_cursor(row)
                    await settle(pilot)
                    shown.append(reader.detail.text)
            app.notify("a notice \x1b]52;c;cHduZWQ=\x07 with \x9b2J escapes", title="\x1b]2;title\x07", markup=False)
            await pilot.pause()
            shown += [f"{note.title} {note.message}" for note in app._notifications]
            shown += [f"{entry.title} {entry.message}" for entry in app.log_entries]
    finally:
        library.close()
    assert len(shown) > 20
    assert [text for text in shown if CONTROL.search(text)] == []
    assert not any("cHduZWQ" in text for text in shown), "an escape goes with its payload"
