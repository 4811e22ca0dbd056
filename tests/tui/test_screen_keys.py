"""The keys that name a screen go to that screen from anywhere, and the language key switches
the language where the user is: on the same record, on the same tab."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input, Static, TabbedContent

from records.database import Database
from records.status import LotStatus
from tests.tui.helpers import press_at_once, settle, synchronously
from tests.tui.test_workflows import first_person, lot_in
from tui import i18n
from tui.app import IreiApp
from tui.screens.dashboard import DashboardScreen
from tui.screens.help import key_rows
from tui.screens.lot import LotScreen
from tui.screens.people import PeopleScreen
from tui.screens.person import PersonScreen
from tui.screens.remains import RemainsScreen
from tui.widgets.paged_table import PagedTable


async def open_from_the_search(app: IreiApp, pilot: Pilot[None], text: str) -> None:
    """Type ``text`` in the People search and open the first person found."""
    await app.run_action("go('people')")
    await settle(app, pilot)
    app.screen.query_one("#search", Input).value = text
    await settle(app, pilot)
    table = app.screen.query_one(PagedTable)
    table.focus()
    await pilot.press("enter")
    await settle(app, pilot)
    assert isinstance(app.screen, PersonScreen)


@synchronously
async def test_p_on_a_persons_record_goes_to_the_people_search(demo_db: Database) -> None:
    surname = first_person(demo_db).reading.split()[0]
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_from_the_search(app, pilot, surname)

        await pilot.press("p")
        await settle(app, pilot)

        assert isinstance(app.screen, PeopleScreen)
        assert app.screen.query_one("#search", Input).value == surname


@synchronously
async def test_p_from_the_dashboard_goes_to_the_search_not_the_last_person(
    demo_db: Database,
) -> None:
    surname = first_person(demo_db).reading.split()[0]
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_from_the_search(app, pilot, surname)
        await pilot.press("d")
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)

        await pilot.press("p")
        await settle(app, pilot)

        assert isinstance(app.screen, PeopleScreen)


@synchronously
async def test_l_on_a_persons_record_shows_the_same_record_in_the_other_language(
    demo_db: Database,
) -> None:
    person = first_person(demo_db)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await open_from_the_search(app, pilot, person.reading.split()[0])
            opened = app.screen
            assert isinstance(opened, PersonScreen)
            await pilot.press("2")  # the name forms
            await settle(app, pilot)

            await pilot.press("L")
            await settle(app, pilot)

            assert i18n.current_language() == "ja"
            shown = app.screen
            assert isinstance(shown, PersonScreen) and shown is not opened
            assert shown.person_id == opened.person_id
            assert shown.title == "戦没者"
            assert shown.query_one(TabbedContent).active == "forms"
            heading = str(shown.query_one("#heading", Static).render())
            assert "版）" in heading  # the heading's words are Japanese too

            # Back from the record: the People search, in Japanese.
            await pilot.press("escape")
            await settle(app, pilot)
            assert isinstance(app.screen, PeopleScreen) and app.screen.title == "戦没者"
    finally:
        i18n.set_language("en")


@synchronously
async def test_l_on_a_lot_opened_from_the_dashboard_keeps_the_lot(demo_db: Database) -> None:
    lot = lot_in(demo_db, LotStatus.AFFILIATION_PENDING)
    app = IreiApp(demo_db, actor="tanaka", lang="ja")
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(app, pilot)
            await app.push_screen(LotScreen(demo_db, "tanaka", lot.id or 0))
            await settle(app, pilot)

            await pilot.press("L")
            await settle(app, pilot)

            assert i18n.current_language() == "en"
            assert isinstance(app.screen, LotScreen) and app.screen.lot_id == lot.id
            assert app.screen.title == "Lot of remains"
            await pilot.press("escape")
            await settle(app, pilot)
            assert isinstance(app.screen, DashboardScreen)
    finally:
        i18n.set_language("en")


@synchronously
async def test_the_dashboard_key_and_the_summary_tab_have_different_names_in_japanese(
    demo_db: Database,
) -> None:
    # The help listed "d 概要" and "1 概要": two keys, one name, two different places.
    lot = lot_in(demo_db, LotStatus.AFFILIATION_PENDING)
    app = IreiApp(demo_db, actor="tanaka", lang="ja")
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(app, pilot)
            await app.push_screen(LotScreen(demo_db, "tanaka", lot.id or 0))
            await settle(app, pilot)

            described = dict(key_rows(app.screen))

            assert described["d"] != described["1"]
            await pilot.press("d")
            await settle(app, pilot)
            assert app.screen.title == described["d"]  # the key names the screen it shows
    finally:
        i18n.set_language("en")


@synchronously
async def test_r_after_a_lot_and_another_screen_shows_the_remains_list_not_the_lot(
    demo_db: Database,
) -> None:
    # A tester saw `r` bring back the lot last opened, and the keys typed behind it (`-`
    # removes a specimen there, digits switch tabs) act on it.
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await settle(app, pilot)
        app.screen.query_one(PagedTable).focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, LotScreen)
        await pilot.press("d")
        await settle(app, pilot)

        press_at_once(app, "r", "minus", "2")
        await settle(app, pilot)

        assert isinstance(app.screen, RemainsScreen)
        assert [type(screen) for screen in app.screen_stack] == [RemainsScreen]
