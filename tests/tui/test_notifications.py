"""A notification in Japanese reads as Japanese at 80×24: Textual's toast is narrow, and Rich
wraps it at a space, so a space the message puts before a particle would start a line with
に or は, away from the name or the lot it belongs to. A notification goes with the screen it
was shown on, but for an error."""

from __future__ import annotations

from textual.widgets import Input
from textual.widgets._toast import Toast

from records.database import Database
from records.models import RemainsLot
from records.status import LotStatus
from tests.tui.helpers import screen_lines, settle, synchronously
from tests.tui.test_workflows import first_person, lot_in
from tui.app import IreiApp
from tui.screens.ceremonies import CeremoniesScreen
from tui.screens.lot import LotScreen
from tui.screens.person import PersonScreen

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


def shown(app: IreiApp, text: str) -> bool:
    """Whether ``text`` is on the terminal, on the screen shown or a screen behind a modal."""
    return any(text in line for line in screen_lines(app))


@synchronously
async def test_a_notification_goes_once_the_screen_it_was_shown_on_is_left(
    demo_db: Database,
) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await app.push_screen(PersonScreen(demo_db, "tanaka", first_person(demo_db).id or 0))
        await settle(app, pilot)
        await pilot.press("y")  # the cell's value copied
        await settle(app, pilot)
        assert shown(app, "Copied to the clipboard")
        await pilot.press("e")  # a form over the record
        await settle(app, pilot)
        assert not shown(app, "Copied to the clipboard")
        await pilot.press("escape", "escape")  # the form, then the record, left
        await settle(app, pilot)
        assert not app.query(Toast) and not app.screen.query(Toast)


@synchronously
async def test_a_notification_a_form_gives_as_it_closes_shows_on_the_screen_behind(
    demo_db: Database,
) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("c", "n")
        await settle(app, pilot)
        form = app.screen
        for field, value in (("name", "拝礼式"), ("date", "2026-05-25"), ("reason", "spring")):
            form.query_one(f"#{field}", Input).value = value
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, CeremoniesScreen)
        assert "Ceremony created" in toast_lines(app)


@synchronously
async def test_an_error_stays_on_the_next_screen_until_its_time_is_out(
    demo_db: Database,
) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(app, pilot)
        app.notify("The counts could not be read", severity="error")
        await settle(app, pilot)
        await pilot.press("p")
        await settle(app, pilot)
        assert "The counts could not be read" in toast_lines(app)
