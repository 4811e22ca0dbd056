"""A test entered in error withdrawn from the lot's screen: on the Specimens tab, `x` names
the test under the cursor and asks why; the tab then shows it withdrawn and the test before it
standing again. A test a standing decision rests on is refused in the form, naming it."""

from __future__ import annotations

from textual.widgets import Input

from records.database import Database
from records.services.analysis_withdrawal import withdraw_analysis
from records.services.lot_status import change_status, decide_affiliation
from records.status import LotStatus
from tests.records.conftest import DECIDED, analyse, register_lot
from tests.tui.helpers import screen_lines, settle, synchronously
from tests.tui.test_record_forms import shown
from tui.app import IreiApp
from tui.screens.help import key_rows
from tui.screens.lot import LotScreen
from tui.screens.withdraw_analysis import WithdrawAnalysisScreen
from tui.widgets.record_table import RecordTable


@synchronously
async def test_the_test_under_the_cursor_is_withdrawn_and_shown_withdrawn(
    database: Database, actor: str
) -> None:
    lot_id = register_lot(database, actor)
    analyse(database, actor, lot_id, "pending")
    analyse(database, actor, lot_id, "japanese")
    app = IreiApp(database, actor="tanaka", lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(LotScreen(database, "tanaka", lot_id))
        await settle(app, pilot)
        assert dict(key_rows(app.screen))["x"] == (
            "Withdraw the test under the cursor on the Specimens tab"
        )
        await pilot.press("x")  # on the summary: no test under the cursor
        await settle(app, pilot)
        assert isinstance(app.screen, LotScreen)
        await pilot.press("down", "x")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, WithdrawAnalysisScreen)
        assert "DNA(STR), date not recorded: Japanese" in "\n".join(screen_lines(app))
        form.query_one("#field-reason", Input).value = "entered on the wrong specimen"
        await pilot.press("ctrl+s")
        await settle(app, pilot)

        screen = app.screen
        assert isinstance(screen, LotScreen)
        tests = screen.query_one("#analyses-table", RecordTable).full
        assert [row[2] for row in tests] == ["DNA(STR)", "DNA(STR) (withdrawn)"]
        assert tests[1][7].endswith(": entered on the wrong specimen")


@synchronously
async def test_a_test_a_standing_verdict_cites_is_refused_in_the_form(
    database: Database, actor: str
) -> None:
    lot_id = register_lot(database, actor)
    cited = analyse(database, actor, lot_id, "japanese")
    with database.session() as session:
        change_status(session, actor, lot_id, LotStatus.AFFILIATION_PENDING, "sent to the lab")
    with database.session() as session:
        decide_affiliation(
            session, actor, lot_id, LotStatus.JAPANESE, [cited], "committee", on=DECIDED
        )
    app = IreiApp(database, actor="tanaka", lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(LotScreen(database, "tanaka", lot_id))
        await settle(app, pilot)
        await pilot.press("2", "x")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, WithdrawAnalysisScreen)
        form.query_one("#field-reason", Input).value = "entered on the wrong specimen"
        await pilot.press("ctrl+s")
        await settle(app, pilot)

        assert app.screen is form
        assert "withdraw that decision first" in shown(form, "analysis")


def colleague_withdraws(database: Database, analysis_id: int) -> None:
    """Another registrar, from the command line, on the same database."""
    with database.writing() as session:
        withdraw_analysis(session, "suzuki", analysis_id, "entered on the wrong specimen")


@synchronously
async def test_a_test_a_colleague_withdrew_meanwhile_is_said_so_not_offered_again(
    database: Database, actor: str
) -> None:
    lot_id = register_lot(database, actor)
    analyse(database, actor, lot_id, "pending")
    mistaken = analyse(database, actor, lot_id, "japanese")
    app = IreiApp(database, actor="tanaka", lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(LotScreen(database, "tanaka", lot_id))
        await settle(app, pilot)
        await pilot.press("2", "down")
        await settle(app, pilot)
        colleague_withdraws(database, mistaken)

        await pilot.press("x")
        await settle(app, pilot)

        screen = app.screen
        assert isinstance(screen, LotScreen)
        specimen = screen.query_one("#analyses-table", RecordTable).full[1][0]
        assert [n.message for n in app._notifications] == [
            f"The DNA(STR) test of specimen {specimen} is already withdrawn"
        ]
        tests = screen.query_one("#analyses-table", RecordTable).full
        assert [row[2] for row in tests] == ["DNA(STR)", "DNA(STR) (withdrawn)"]


@synchronously
async def test_the_tests_are_shown_as_they_now_stand_after_a_refused_withdrawal_is_cancelled(
    database: Database, actor: str
) -> None:
    lot_id = register_lot(database, actor)
    analyse(database, actor, lot_id, "pending")
    mistaken = analyse(database, actor, lot_id, "japanese")
    app = IreiApp(database, actor="tanaka", lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(LotScreen(database, "tanaka", lot_id))
        await settle(app, pilot)
        await pilot.press("2", "down", "x")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, WithdrawAnalysisScreen)
        colleague_withdraws(database, mistaken)
        form.query_one("#field-reason", Input).value = "entered on the wrong specimen"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form and "is already withdrawn" in shown(form, "analysis")

        await pilot.press("escape", "y")  # the reason typed is discarded
        await settle(app, pilot)

        screen = app.screen
        assert isinstance(screen, LotScreen)
        tests = screen.query_one("#analyses-table", RecordTable).full
        assert [row[2] for row in tests] == ["DNA(STR)", "DNA(STR) (withdrawn)"]
        assert tests[1][7].startswith("withdrawn by suzuki at ")
