"""A record's tabs. Two tab keys arriving in one read of the terminal (a fast typist, `tmux
send-keys 2 1`) leave the last key's tab shown with its table focused, and the screen idle:
they used to swap the two tabs for ever, at full CPU, until Esc. And what the tabs show reads
in the registrar's words."""

from __future__ import annotations

import asyncio

from textual import events
from textual.widgets import TabbedContent

from records.database import Database
from records.status import LotStatus
from tests.records.conftest import add_section, path_to, register_lot, walk
from tests.tui.helpers import settle, synchronously
from tests.tui.test_workflows import first_person
from tui.app import IreiApp
from tui.screens.lot import LotScreen
from tui.screens.person import PersonScreen
from tui.widgets.record_table import RecordTable


@synchronously
async def test_tab_keys_in_one_burst_settle_on_the_last(demo_db: Database) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = PersonScreen(demo_db, "tanaka", first_person(demo_db).id or 0)
        await app.push_screen(screen)
        await pilot.pause()
        tabs = screen.query_one(TabbedContent)
        switches: list[str] = []
        screen.watch(tabs, "active", lambda tab: switches.append(tab), init=False)
        # pilot.press lets the app settle between keys, which hides the race: post both.
        app.post_message(events.Key("2", "2"))
        app.post_message(events.Key("1", "1"))
        # A busy machine may take a while over both keys; wait for the last key's tab (the
        # bug swapped the tabs for ever, so it never settled there), then watch it stay.
        for _ in range(100):
            await asyncio.sleep(0.05)
            await pilot.pause()
            if tabs.active == "summary" and screen.focused is screen.query_one("#summary-table"):
                break
        settled = len(switches)
        await asyncio.sleep(0.3)
        assert len(switches) == settled, f"tabs still switching: {switches[-6:]}"
        assert tabs.active == "summary"
        assert screen.focused is screen.query_one("#summary-table")
        await pilot.press("1")  # the tab already shown: its table keeps the focus
        assert screen.focused is screen.query_one("#summary-table")


@synchronously
async def test_a_lots_tabs_name_results_events_and_places_in_the_registrars_words(
    database: Database, actor: str
) -> None:
    """An analysis's affiliation, a custody event and the place a status change moved the
    remains to read as the registrar says them, not as the codes and ids stored."""
    section = add_section(database)
    lot_id = register_lot(database, actor)
    walk(database, actor, lot_id, path_to(LotStatus.INTERRED), section)
    app = IreiApp(database, actor="tanaka", lang="ja")
    async with app.run_test(size=(160, 40)) as pilot:
        screen = LotScreen(database, "tanaka", lot_id)
        await app.push_screen(screen)
        await settle(app, pilot)
        analyses = screen.query_one("#analyses-table", RecordTable).full
        assert [row[3] for row in analyses] == ["日本人"]  # the test's affiliation
        custody = screen.query_one("#custody-table", RecordTable).full
        assert [row[1] for row in custody] == ["収容", "納骨済み"]
        audit = screen.query_one("#audit-table", RecordTable).full
        assert "安置場所:  → 第1納骨室 第1区画" in audit[0][3], audit[0][3]
