"""Two tab keys arriving in one read of the terminal (a fast typist, `tmux send-keys 2 1`)
leave the last key's tab shown with its table focused, and the screen idle. They used to
swap the two tabs for ever, at full CPU, until Esc."""

from __future__ import annotations

import asyncio

from textual import events
from textual.widgets import TabbedContent

from records.database import Database
from tests.tui.helpers import synchronously
from tests.tui.test_workflows import first_person
from tui.app import IreiApp
from tui.screens.person import PersonScreen


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
