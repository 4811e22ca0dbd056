"""The `/` key: from anywhere on a screen it puts the cursor in the search box; pressed in the
search box it leaves the cursor there and types nothing (no name, lot or specimen number holds
a slash). Where a slash belongs, the import's path box, it is typed."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from records.database import Database
from tests.tui.helpers import settle, synchronously
from tui.app import IreiApp
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
