"""Similar papers (``m``), "For you", the watch list and hiding (``x``, ``X``) in the reader."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reader.core.library import Library
from reader.core.settings import parse_settings
from reader.ui.app import PapersApp, create_app
from reader.ui.footer import KeysFooter
from reader.ui.paper_list import HIDDEN_SIGN, WATCHED_SIGN
from reader.ui.render import WATCH_STYLE
from tests.factories import FakePaper, write_page_copy
from tests.ui.conftest import settle

SIZE = (120, 36)
MakeApp = Callable[..., PapersApp]


def titles(app: PapersApp) -> list[str]:
    listed = app.reader.paper_list
    found = app.library.papers(listed.keys)
    return [found[key].title for key in listed.keys]


def row_of(app: PapersApp, title: str) -> str:
    listed = app.reader.paper_list
    return listed.render_line(titles(app).index(title) - round(listed.scroll_y)).text


async def test_m_lists_the_papers_like_the_selected_one_and_escape_returns(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("right_square_bracket")  # Dec 16 is older: [ goes there
        await pilot.press("left_square_bracket")
        await settle(pilot)
        reader = app.reader
        assert reader.section is not None and reader.section.ref == "day:2025-12-16"
        await pilot.press("j")
        await settle(pilot)
        liked = reader.paper_list.current_paper
        assert liked is not None
        await pilot.press("m")
        await settle(pilot)
        assert reader.section.kind == "similar" and reader.section.query == liked.key
        assert str(reader.paper_list.border_title).startswith(f"Like: {liked.title}")
        assert reader.day_list.sections[0].kind == "similar"
        assert liked.key not in reader.paper_list.keys and reader.paper_list.keys
        assert reader.day_list.sections[0].count == len(reader.paper_list.keys)
        await pilot.press("escape")
        await settle(pilot)
        assert reader.section.ref == "day:2025-12-16" and reader.paper_list.current_key == liked.key
        assert all(not section.transient for section in reader.day_list.sections)


async def test_the_footer_says_escape_goes_back_from_the_papers_like_one(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)

        def escape_says() -> list[str]:
            return [key.description for key in app.reader.query_one(KeysFooter).keys if key.key == "escape"]

        assert escape_says() == []
        await pilot.press("m")
        await settle(pilot)
        assert app.reader.section is not None and app.reader.section.kind == "similar"
        assert escape_says() == ["Back"]
        await pilot.press("slash", *"agents", "enter")  # a search from there
        await settle(pilot)
        assert escape_says() == ["Leave search"]
        await pilot.press("escape")
        await settle(pilot)
        assert escape_says() == []


def graph_library(tmp_path: Path, **lists: list[str]) -> Library:
    root = tmp_path / "graphs"
    write_page_copy(
        root / "2025-12-10.txt",
        "Dec 10",
        [FakePaper("Graph networks for molecules", "Message passing graph networks predict molecule properties.")],
    )
    write_page_copy(
        root / "2025-12-16.txt",
        "Dec 16",
        [
            FakePaper("Speech transducers that stream", "A streaming transducer recognises speech on phones."),
            FakePaper("Robot grasping from one image", "A robot learns to grasp objects from a single image."),
            FakePaper(
                "Molecule graph pretraining", "Pretraining graph networks on molecule graphs helps property prediction."
            ),
            FakePaper("A survey of grasping", "We survey robot grasping."),
        ],
    )
    library = Library([root], watch=lists.get("watch", []), hide=lists.get("hide", []))
    library.sync()
    return library


async def test_for_you_ranks_a_paper_like_a_bookmark_first_and_says_what_it_is_like(
    tmp_path: Path, state_path: Path
) -> None:
    library = graph_library(tmp_path)
    app = create_app(library, state_path=state_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        reader = app.reader
        reader.day_list.select("foryou")
        await settle(pilot)
        assert reader.paper_list.keys == [] and "bookmark" in reader.paper_list.empty_message
        reader.day_list.select("day:2025-12-10")
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        reader.day_list.select("foryou")
        await settle(pilot)
        assert titles(app)[0] == "Molecule graph pretraining" and len(titles(app)) == 4
        assert "≈ Graph networks" in row_of(app, "Molecule graph pretraining")  # the bookmark it is like
        assert "For you: like Graph networks for molecules" in reader.detail.text
    library.close()


async def test_a_paper_drops_out_of_for_you_once_it_is_read(tmp_path: Path, state_path: Path) -> None:
    library = graph_library(tmp_path)
    papers = {paper.title: paper for paper in library.papers(library.keys()).values()}
    library.toggle_bookmark(papers["Graph networks for molecules"])
    app = create_app(library, state_path=state_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        reader = app.reader
        reader.day_list.select("foryou")
        await settle(pilot)
        assert titles(app)[0] == "Molecule graph pretraining" and len(titles(app)) == 4
        library.mark_read([papers["Molecule graph pretraining"].key])  # read (papers mark-read, or in the reader)
        reader.day_list.select("day:2025-12-16")
        await settle(pilot)
        reader.day_list.select("foryou")
        await settle(pilot)
        assert "Molecule graph pretraining" not in titles(app) and len(titles(app)) == 3
    library.close()


async def test_watch_marks_and_hide_counts_are_right_after_a_sync(tmp_path: Path, state_path: Path) -> None:
    library = graph_library(tmp_path, watch=["robot"], hide=["survey"])
    app = create_app(library, state_path=state_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        reader = app.reader
        reader.day_list.select("day:2025-12-16")
        await settle(pilot)
        day = reader.day_list.sections[reader.day_list.index_of("day:2025-12-16") or 0]
        rows = [reader.day_list.render_line(row).text for row in range(reader.day_list.size.height)]
        assert day.watched == 1 and any("16" in row and "◆1 " in row for row in rows)
        assert "A survey of grasping" not in titles(app) and len(titles(app)) == 3
        assert "1 hidden (X shows them)" in str(reader.paper_list.border_title)
        assert row_of(app, "Robot grasping from one image").startswith(f" {WATCHED_SIGN} Robot")
        watched = reader.day_list.sections[reader.day_list.index_of("watched") or 0]
        assert watched.count == 1
        write_page_copy(
            tmp_path / "graphs" / "2025-12-16b.txt",
            "Dec 16",
            [FakePaper("Robot hands that fold", "A robot folds cloth."), FakePaper("Another survey of speech")],
        )
        robot = FakePaper("Robot grasping from one image", "A robot learns to grasp objects from a single image.")
        write_page_copy(tmp_path / "graphs" / "2025-12-17.txt", "Dec 17", [robot])  # listed on two days
        await pilot.press("ctrl+r")
        await settle(pilot)
        day = reader.day_list.sections[reader.day_list.index_of("day:2025-12-16") or 0]
        assert day.watched == 2
        assert reader.day_list.sections[reader.day_list.index_of("day:2025-12-17") or 0].watched == 1
        assert reader.day_list.sections[reader.day_list.index_of("watched") or 0].count == 2  # papers, not listings
        assert "2 hidden (X shows them)" in str(reader.paper_list.border_title)
        assert "Robot hands that fold" in titles(app) and "Another survey of speech" not in titles(app)
        reader.day_list.select("watched")
        await settle(pilot)
        assert sorted(titles(app)) == ["Robot grasping from one image", "Robot hands that fold"]
    library.close()


async def test_x_hides_a_paper_and_shift_x_shows_the_hidden_ones(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        reader = app.reader
        before = list(reader.paper_list.keys)
        hidden = reader.paper_list.current_key
        await pilot.press("x")
        await settle(pilot)
        assert reader.paper_list.keys == before[1:] and reader.paper_list.current_key == before[1]
        assert "1 hidden (X shows them)" in str(reader.paper_list.border_title)
        assert app.library.hidden_keys() == [hidden]
        await pilot.press("X")
        await settle(pilot)
        assert reader.paper_list.keys == before
        assert reader.paper_list.render_line(0).text.startswith(f" {HIDDEN_SIGN} ")
        assert "⊘ hidden" not in reader.detail.text or reader.paper_list.current_key == hidden
        reader.paper_list.set_cursor(0)
        await settle(pilot)
        await pilot.press("x")  # shown again
        await settle(pilot)
        assert app.library.hidden_keys() == []
        await pilot.press("X")
        await settle(pilot)
        assert reader.paper_list.keys == before and "hidden" not in str(reader.paper_list.border_title)


async def test_watch_words_are_highlighted_and_bad_settings_said_once(tmp_path: Path, state_path: Path) -> None:
    library = graph_library(tmp_path, watch=["title:", "robot"])
    app = create_app(library, state_path=state_path, settings=parse_settings({"for_you_days": "many"}))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        reader = app.reader
        reader.day_list.select("day:2025-12-16")
        await settle(pilot)
        reader.paper_list.set_cursor(titles(app).index("Robot grasping from one image"))
        await settle(pilot)
        title = reader.detail.blocks[0].content
        assert [title.plain[span.start : span.end] for span in title.spans if span.style == WATCH_STYLE] == ["Robot"]
        assert "◆ watched" in reader.detail.text
        messages = [n.message for n in app._notifications if n.severity == "warning"]
        assert sum("for_you_days" in message for message in messages) == 1
        assert sum("the watch query 'title:'" in message for message in messages) == 1
        await pilot.press("ctrl+r")
        await settle(pilot)
        messages = [n.message for n in app._notifications if n.severity == "warning"]
        assert sum("the watch query 'title:'" in message for message in messages) == 1
    library.close()


async def test_m_on_a_bookmark_no_dump_lists_any_more_says_why_nothing_is_listed(
    make_app: MakeApp, dumps: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        (dumps / "2025-12-17-daily-papers.txt").unlink()
        await pilot.press("ctrl+r")
        await settle(pilot)
        await pilot.press("B")
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        reader = app.reader
        assert reader.section is not None and reader.section.ref == "bookmarks"
        assert any("in no dump any more" in n.message for n in app._notifications)


async def test_x_on_the_last_row_keeps_the_cursor_beside_it_and_X_keeps_the_paper_selected(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        listed = app.reader.paper_list
        keys = list(listed.keys)
        await pilot.press("G", "x")  # the last paper of the day is hidden
        await settle(pilot)
        assert listed.keys == keys[:-1] and listed.current_key == keys[-2], "the row before it, not the first"
        await pilot.press("k", "k")
        selected = listed.current_key
        await pilot.press("X")  # the hidden paper is shown again: the selection stays
        await settle(pilot)
        assert listed.keys == keys and listed.current_key == selected
        await pilot.press("X")
        await settle(pilot)
        assert listed.current_key == selected


async def test_escape_from_the_papers_like_a_search_result_goes_back_to_the_search(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        reader = app.reader
        await pilot.press("slash", *"diffusion", "enter")
        await settle(pilot)
        await pilot.press("j")
        results, selected = list(reader.paper_list.keys), reader.paper_list.current_key
        await pilot.press("m")
        await settle(pilot)
        assert reader.section is not None and reader.section.kind == "similar"
        await pilot.press("escape")
        await settle(pilot)
        assert reader.section is not None and reader.section.kind == "search"
        assert reader.section.query == "diffusion" and reader.day_list.sections[0].kind == "search"
        assert reader.paper_list.keys == results and reader.paper_list.current_key == selected
        await pilot.press("escape")  # and from the search, back to the day
        await settle(pilot)
        assert reader.section is not None and reader.section.kind == "day"
