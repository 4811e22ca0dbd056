"""The key bar at 80×24, the classic terminal: the keys that do not fit are cut at the
palette's key, which stays whole at the right edge, in English and in Japanese."""

from __future__ import annotations

import pytest

from records.database import Database
from records.status import LotStatus
from tests.tui.helpers import screen_lines, settle, synchronously
from tests.tui.test_workflows import lot_in
from tui.app import IreiApp
from tui.screens.lot import LotScreen


@synchronously
async def test_on_the_ceremonies_screen_nothing_follows_the_palettes_key(
    demo_db: Database,
) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await settle(app, pilot)
        # A letter of the Dashboard key, laid out under the palette's key, showed after it.
        assert screen_lines(app)[-1].endswith("▏^p palette")


@pytest.mark.parametrize("lang", ["en", "ja"])
@synchronously
async def test_on_a_lot_the_palettes_key_reads_whole(demo_db: Database, lang: str) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        lot = lot_in(demo_db, LotStatus.AFFILIATION_PENDING)
        await app.push_screen(LotScreen(demo_db, "tanaka", lot.id or 0))
        await settle(app, pilot)
        # The edge of a key laid out under it blanked the ン of コマンド.
        palette = "▏^p palette" if lang == "en" else "▏^p コマンド"
        assert screen_lines(app)[-1].rstrip().endswith(palette)
