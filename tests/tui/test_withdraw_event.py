"""A custody event recorded in error withdrawn from the lot's screen: `w` names the latest
event and the status the lot goes back to, asks why, and the custody history then shows the
event withdrawn, with who and why, and the lot back in its status."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import col
from textual.widgets import Input

from records.database import Database
from records.models import Ceremony, RemainsLot, RollEntry
from records.services.custody import latest_event, withdraw_event
from records.status import LotStatus
from tests.tui.helpers import screen_lines, settle, synchronously
from tests.tui.test_record_forms import shown
from tests.tui.test_workflows import lot_in
from tui.app import IreiApp
from tui.screens.lot import LotScreen
from tui.screens.withdraw_event import WithdrawEventScreen
from tui.widgets.record_table import RecordTable


@synchronously
async def test_a_mistaken_interment_is_withdrawn_and_shown_withdrawn(demo_db: Database) -> None:
    lot = lot_in(demo_db, LotStatus.INTERRED)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    # Wide enough for the key bar to show the rare corrections, after the keys used daily.
    async with app.run_test(size=(180, 40)) as pilot:
        await app.push_screen(LotScreen(demo_db, "tanaka", lot.id or 0))
        await settle(app, pilot)
        assert " w Withdraw " in screen_lines(app)[-1]
        await pilot.press("w")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, WithdrawEventScreen)
        lines = "\n".join(screen_lines(app))
        assert "interred, " in lines
        assert "The lot goes back to Japanese" in lines
        await pilot.press("ctrl+s")
        assert app.screen is form and "say why" in shown(form, "reason")
        form.query_one("#field-reason", Input).value = "recorded on the wrong lot"
        await pilot.press("ctrl+s")
        await settle(app, pilot)

        screen = app.screen
        assert isinstance(screen, LotScreen)
        with demo_db.reading() as session:
            now = session.get(RemainsLot, lot.id)
            assert now is not None
            assert (now.status, now.location_id) == ("japanese", None)
        custody = screen.query_one("#custody-table", RecordTable).full
        event, why = custody[-1][1], custody[-1][6]
        assert event == "interred (withdrawn)"
        assert "withdrawn by tanaka at " in why and why.endswith(": recorded on the wrong lot")
        assert any("Japanese" in line for line in screen_lines(app))
        audit = screen.query_one("#audit-table", RecordTable).full
        assert audit[0][1:3] == ("tanaka", "event withdrawn")
        assert audit[0][4] == "recorded on the wrong lot"


@synchronously
async def test_a_lot_with_only_its_recovery_has_nothing_to_withdraw(demo_db: Database) -> None:
    lot = lot_in(demo_db, LotStatus.RECOVERED)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(LotScreen(demo_db, "tanaka", lot.id or 0))
        await settle(app, pilot)
        await pilot.press("w")
        await settle(app, pilot)
        assert isinstance(app.screen, LotScreen)
        assert [n.message for n in app._notifications] == [
            f"Lot {lot.lot_number} has no event to withdraw: its recovery is where its record "
            "begins."
        ]


@synchronously
async def test_the_withdrawal_is_named_apart_from_cancel_in_japanese(demo_db: Database) -> None:
    """Its button and key said 保存 (save) beside 取消 (cancel), which is also the word for the
    withdrawal itself: a registrar meaning to withdraw could press the one that cancels."""
    lot = lot_in(demo_db, LotStatus.INTERRED)
    app = IreiApp(demo_db, actor="tanaka", lang="ja")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(LotScreen(demo_db, "tanaka", lot.id or 0))
        await settle(app, pilot)
        await pilot.press("w")
        await settle(app, pilot)
        assert isinstance(app.screen, WithdrawEventScreen)
        lines = screen_lines(app)
    assert lines[-1].startswith("^s 取り消す esc キャンセル"), lines[-1]
    assert any("取り消す" in line and "キャンセル" in line for line in lines[:-1])


@synchronously
async def test_a_withdrawn_interment_names_the_roll_still_listing_the_lot(
    demo_db: Database,
) -> None:
    with demo_db.reading() as session:
        lot, ceremony = session.execute(
            select(RemainsLot, Ceremony)
            .join(RollEntry, col(RollEntry.lot_id) == col(RemainsLot.id))
            .join(Ceremony, col(Ceremony.id) == col(RollEntry.ceremony_id))
            .where(col(RemainsLot.status) == LotStatus.INTERRED)
            .limit(1)
        ).one()
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(LotScreen(demo_db, "tanaka", lot.id or 0))
        await settle(app, pilot)
        await pilot.press("w")
        await settle(app, pilot)
        app.screen.query_one("#field-reason", Input).value = "recorded on the wrong lot"
        await pilot.press("ctrl+s")
        await settle(app, pilot)

        assert isinstance(app.screen, LotScreen)
        warned = [n.message for n in app._notifications if n.severity == "warning"]
        assert warned == [
            f"Lot {lot.lot_number} is not interred but is still on the roll of "
            f"「{ceremony.name}」 ({ceremony.date}): remove its line there if the remains were "
            "not interred at it."
        ]


def colleague_withdraws_the_latest_event(database: Database, lot: RemainsLot) -> None:
    """Another registrar, from the command line, on the same database."""
    with database.writing() as session:
        latest = latest_event(session, lot.id or 0)
        assert latest is not None
        withdraw_event(session, "suzuki", latest.id or 0, "recorded on the wrong lot")


@synchronously
async def test_an_event_a_colleague_withdrew_meanwhile_is_said_so_not_offered_again(
    demo_db: Database,
) -> None:
    """The form opened on the event before it, one nobody asked to withdraw, under a status
    the screen no longer matched."""
    lot = lot_in(demo_db, LotStatus.INTERRED)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(LotScreen(demo_db, "tanaka", lot.id or 0))
        await settle(app, pilot)
        colleague_withdraws_the_latest_event(demo_db, lot)

        await pilot.press("w")
        await settle(app, pilot)

        screen = app.screen
        assert isinstance(screen, LotScreen)
        told = [n.message for n in app._notifications]
        assert len(told) == 1
        assert told[0].startswith(f"This event of lot {lot.lot_number} (interred, ")  # a sentence
        assert " was withdrawn by suzuki at " in told[0]
        custody = screen.query_one("#custody-table", RecordTable).full
        assert custody[-1][1] == "interred (withdrawn)"
        assert any(" Japanese " in line for line in screen_lines(app)[:3])


@synchronously
async def test_the_lot_is_shown_as_it_now_stands_after_a_refused_withdrawal_is_cancelled(
    demo_db: Database,
) -> None:
    lot = lot_in(demo_db, LotStatus.INTERRED)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(LotScreen(demo_db, "tanaka", lot.id or 0))
        await settle(app, pilot)
        await pilot.press("w")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, WithdrawEventScreen)
        colleague_withdraws_the_latest_event(demo_db, lot)
        form.query_one("#field-reason", Input).value = "recorded on the wrong lot"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form and "suzuki changed this lot at" in shown(form, "event")

        await pilot.press("escape", "y")  # the reason typed is discarded
        await settle(app, pilot)

        screen = app.screen
        assert isinstance(screen, LotScreen)
        custody = screen.query_one("#custody-table", RecordTable).full
        assert custody[-1][1] == "interred (withdrawn)"
        assert screen.query_one("#summary-table", RecordTable).full[1][1] == "Japanese"
