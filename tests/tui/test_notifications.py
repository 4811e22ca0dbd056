"""A notification in Japanese reads as Japanese at 80×24: Textual's toast is narrow, and Rich
wraps it at a space, so a space the message puts before a particle would start a line with
に or は, away from the name or the lot it belongs to."""

from __future__ import annotations

from textual.widgets._toast import Toast

from records.database import Database
from records.models import RemainsLot
from records.status import LotStatus
from tests.tui.helpers import settle, synchronously
from tests.tui.test_workflows import lot_in
from tui.app import IreiApp
from tui.screens.lot import LotScreen

PARTICLES = tuple("にはをがのへとで")


def toast_lines(app: IreiApp) -> list[str]:
    """The lines of the toasts shown, as on the screen, without the toast's edge and padding."""
    return [
        strip.text.lstrip("▌").strip()
        for toast in app.screen.query(Toast)
        for strip in toast.render_lines(toast.region.reset_offset)
    ]


async def refusal_lines(database: Database, lot: RemainsLot, key: str) -> list[str]:
    """The lines of the toast a key on the lot's screen shows, at 80×24 in Japanese."""
    app = IreiApp(database, actor="tanaka", lang="ja")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await app.push_screen(LotScreen(database, "tanaka", lot.id or 0))
        await settle(app, pilot)
        await pilot.press(key)
        await settle(app, pilot)
        return [line for line in toast_lines(app) if line]


@synchronously
async def test_a_refused_status_change_starts_no_line_with_a_particle(demo_db: Database) -> None:
    lot = lot_in(demo_db, LotStatus.AFFILIATION_PENDING)
    lines = await refusal_lines(demo_db, lot, "s")
    assert lines[0].startswith(f"遺骨「{lot.lot_number}」は"), lines
    assert not [line for line in lines if line.startswith(PARTICLES)], lines


@synchronously
async def test_a_refused_decision_starts_no_line_with_a_closing_bracket(
    demo_db: Database,
) -> None:
    """Kinsoku: 「再納骨」 wraps as 「再納 / 骨」, never 「再納骨 / 」, and 「（」 goes down with
    what it opens."""
    lines = await refusal_lines(demo_db, lot_in(demo_db, LotStatus.REINTERRED), "a")
    assert len(lines) > 1, lines
    assert not [line for line in lines if line.startswith(tuple("」）、。"))], lines
    assert not [line for line in lines if line.endswith(tuple("「（"))], lines
