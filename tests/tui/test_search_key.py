"""The `/` key: from anywhere on a screen it puts the cursor in the search box; pressed in the
search box it leaves the cursor there and types nothing (no name, lot or specimen number holds
a slash). Where a slash belongs, the import's path box, it is typed."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlmodel import col
from textual.widgets import Input

from records.database import Database
from records.models import Person, RemainsLot
from tests.tui.helpers import press_at_once, settle, synchronously
from tui.app import IreiApp
from tui.screens.dashboard import DashboardScreen
from tui.screens.help import key_rows
from tui.screens.lot import LotScreen
from tui.screens.people import PeopleScreen
from tui.screens.person import PersonScreen
from tui.widgets.paged_table import PagedTable


@pytest.mark.parametrize("screen_key", ["p", "r"])
@synchronously
async def test_slash_in_the_focused_search_box_keeps_the_cursor_there_and_types_nothing(
    demo_db: Database, screen_key: str
) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(screen_key)
        await settle(app, pilot)
        search = app.screen.query_one("#search", Input)
        assert app.focused is search

        await pilot.press("a", "slash", "b")

        assert search.value == "ab"
        assert app.focused is search


@synchronously
async def test_slash_from_the_table_puts_the_cursor_in_the_search_box(demo_db: Database) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("p")
        await settle(app, pilot)
        await pilot.press("down")
        assert isinstance(app.focused, PagedTable)

        await pilot.press("slash")

        search = app.screen.query_one("#search", Input)
        assert app.focused is search
        assert search.value == ""


@synchronously
async def test_a_path_with_slashes_can_be_typed_in_the_import_path_box(
    demo_db: Database, tmp_path: Path
) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang="en", import_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("i")
        await settle(app, pilot)
        path_box = app.screen.query_one("#path", Input)
        assert app.focused is path_box  # the cursor starts there
        await pilot.press("down", "slash")  # to the file picker and back
        assert app.focused is path_box

        await pilot.press(*"/srv/incoming/a.xlsx")

        assert path_box.value == "/srv/incoming/a.xlsx"


def last_lot_and_person(database: Database) -> tuple[RemainsLot, Person]:
    """Records far from the first row of their list, which Enter opens when a search is lost."""
    with database.reading() as session:
        lot = session.execute(
            select(RemainsLot).order_by(col(RemainsLot.lot_number).desc()).limit(1)
        ).scalar_one()
        person = session.execute(
            select(Person).order_by(col(Person.register_no).desc()).limit(1)
        ).scalar_one()
        return lot, person


@pytest.mark.parametrize("screen_key", ["p", "r"])
@synchronously
async def test_a_search_typed_at_once_behind_slash_after_a_record_opens_the_record_searched(
    demo_db: Database, screen_key: str
) -> None:
    # As tmux sent it: a record opened from the list, Esc back, then `/`, Ctrl+U and the number
    # in one go. The keys behind `/` went to the table and were lost, and Enter opened the
    # table's first row.
    lot, person = last_lot_and_person(demo_db)
    typed = lot.lot_number if screen_key == "r" else str(person.register_no)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(screen_key)
        await settle(app, pilot)
        await pilot.press("down", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, LotScreen | PersonScreen)
        await pilot.press("escape")
        await settle(app, pilot)

        press_at_once(app, "/", "ctrl+u", *typed)
        await settle(app, pilot)

        assert app.screen.query_one("#search", Input).value == typed
        await pilot.press("enter", "enter")
        await settle(app, pilot)
        opened = app.screen
        if screen_key == "r":
            assert isinstance(opened, LotScreen) and opened.lot_id == lot.id
        else:
            assert isinstance(opened, PersonScreen) and opened.person_id == person.id


@synchronously
async def test_enter_on_rows_the_search_typed_no_longer_answers_opens_nothing(
    demo_db: Database,
) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await settle(app, pilot)
        screen = app.screen
        table = screen.query_one(PagedTable)
        assert table.current_id is not None
        # A search typed whose rows are not asked for yet: its Changed still on the way.
        with screen.prevent(Input.Changed):
            screen.query_one("#search", Input).value = "1999-AM-007-00011"

        table.action_choose()
        await settle(app, pilot)

        assert app.screen is screen


@synchronously
async def test_the_import_screen_offers_slash_for_the_file_path_not_for_a_search(
    demo_db: Database, tmp_path: Path
) -> None:
    # The key bar said "/ Search" where there is nothing to search; `/` went to the path box.
    app = IreiApp(demo_db, actor="tanaka", lang="en", import_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("i")
        await settle(app, pilot)

        described = dict(key_rows(app.screen))

        assert described["/"] == "File path"
        assert "Search" not in described.values()


@synchronously
async def test_a_record_does_not_offer_a_search_it_does_not_have(demo_db: Database) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await settle(app, pilot)
        app.screen.query_one(PagedTable).focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, LotScreen)

        assert "/" not in dict(key_rows(app.screen))


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 40)])
@synchronously
async def test_slash_on_the_dashboard_opens_the_people_search_with_what_is_typed_behind_it(
    demo_db: Database, size: tuple[int, int]
) -> None:
    # The key bar offered "/ Search", but the dashboard has no search box: `/` only moved the
    # cursor to the lots waiting, and a name typed behind it went nowhere.
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)

        press_at_once(app, "/", "佐", "藤")
        await settle(app, pilot)

        assert isinstance(app.screen, PeopleScreen)
        search = app.screen.query_one("#search", Input)
        assert app.focused is search
        assert search.value == "佐藤"
