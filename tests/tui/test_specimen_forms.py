"""A lot's specimens corrected in the app: added by number or range, one entered in error
removed, a tested one never offered; each shown in the lot and its audit history."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import col
from textual.widgets import Input, Select, TabbedContent

from records.database import Database
from records.models import BurialSite, RemainsLot, Specimen
from records.status import LotStatus
from tests.tui.helpers import settle, synchronously
from tests.tui.test_record_forms import lot_with_analyses, shown
from tests.tui.test_workflows import lot_in
from tui.app import IreiApp
from tui.screens.lot import LotScreen
from tui.screens.specimens import AddSpecimensScreen, RemoveSpecimenScreen
from tui.widgets.record_table import RecordTable


def numbers(database: Database, lot_id: int) -> list[str]:
    with database.reading() as session:
        found = select(Specimen.number).where(col(Specimen.lot_id) == lot_id)
        return sorted(session.execute(found).scalars())


def site_of(database: Database, lot: RemainsLot) -> str:
    """The code of the lot's burial site (HB-012), with which its specimen numbers begin."""
    with database.reading() as session:
        site = session.get(BurialSite, lot.burial_site_id)
        assert site is not None
        return site.code


@synchronously
async def test_specimens_added_by_range_show_in_the_lot_and_its_audit(demo_db: Database) -> None:
    lot = lot_in(demo_db, LotStatus.RECOVERED)
    site = site_of(demo_db, lot)
    before = numbers(demo_db, lot.id or 0)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(LotScreen(demo_db, "tanaka", lot.id or 0))
        await settle(app, pilot)
        await pilot.press("plus")
        form = app.screen
        assert isinstance(form, AddSpecimensScreen)
        form.query_one("#field-specimens", Input).value = f"{site}-20-9001"
        await pilot.press("ctrl+s")
        assert app.screen is form and "say why" in shown(form, "reason")
        # Typed in full-width letters, as a Japanese input method gives them.
        wide = site[:2].translate({c: c + 0xFEE0 for c in range(0x41, 0x5B)})
        form.query_one("#field-specimens", Input).value = f"{wide}{site[2:]}-20-9009～9011"
        form.query_one("#field-reason", Input).value = "missed when the lot was recorded"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, LotScreen)
        added = [f"{site}-20-9009", f"{site}-20-9010", f"{site}-20-9011"]
        assert numbers(demo_db, lot.id or 0) == sorted([*before, *added])
        specimens = [row[0] for row in app.screen.query_one("#analyses-table", RecordTable).full]
        assert set(added) <= set(specimens)
        audit = app.screen.query_one("#audit-table", RecordTable).full
        assert audit[0][2:] == (
            "specimens added",
            f"Specimen numbers: (blank) → {', '.join(added)}",
            "missed when the lot was recorded",
        )


@synchronously
async def test_specimens_added_from_the_summary_are_shown_in_their_tab(demo_db: Database) -> None:
    lot = lot_in(demo_db, LotStatus.RECOVERED)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(LotScreen(demo_db, "tanaka", lot.id or 0))
        await settle(app, pilot)
        await pilot.press("plus")
        form = app.screen
        assert isinstance(form, AddSpecimensScreen)
        form.query_one("#field-specimens", Input).value = f"{site_of(demo_db, lot)}-20-9001"
        form.query_one("#field-reason", Input).value = "missed when the lot was recorded"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, LotScreen)
        # The summary stayed in front, and said nothing of the specimen just added.
        assert app.screen.query_one(TabbedContent).active == "analyses"
        assert app.focused is app.screen.query_one("#analyses-table", RecordTable)


@synchronously
async def test_a_number_that_is_no_specimen_or_another_lots_is_said_at_the_field(
    demo_db: Database,
) -> None:
    lot = lot_in(demo_db, LotStatus.RECOVERED)
    taken = lot_with_analyses(demo_db, LotStatus.AFFILIATION_PENDING)
    theirs = numbers(demo_db, taken.id or 0)[0]
    before = numbers(demo_db, lot.id or 0)
    app = IreiApp(demo_db, actor="tanaka", lang="ja")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(LotScreen(demo_db, "tanaka", lot.id or 0))
        await settle(app, pilot)
        await pilot.press("plus")
        form = app.screen
        form.query_one("#field-reason", Input).value = "追加"
        owned = f"すでに遺骨「{taken.lot_number}」に"
        elsewhere = f"は埋葬地「{site_of(demo_db, lot)}」のものではありません"
        cases = (
            ("骨", "検体番号ではありません"),
            ("ｈｂ-1～3", "「ｈｂ-1～3」は検体番号ではありません"),  # as typed, not HB-1~3
            (theirs, owned),
            ("ZZ-001-20-0001", elsewhere),
        )
        for typed, said in cases:
            form.query_one("#field-specimens", Input).value = typed
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            assert app.screen is form
            assert said in shown(form, "specimens"), shown(form, "specimens")
    assert numbers(demo_db, lot.id or 0) == before


@synchronously
async def test_a_specimen_entered_in_error_is_removed_and_a_tested_one_is_not_offered(
    demo_db: Database,
) -> None:
    lot = lot_with_analyses(demo_db, LotStatus.AFFILIATION_PENDING)
    mistyped = f"{site_of(demo_db, lot)}-20-9031"
    tested = numbers(demo_db, lot.id or 0)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(LotScreen(demo_db, "tanaka", lot.id or 0))
        await settle(app, pilot)
        record = app.screen.record  # type: ignore[attr-defined]
        assert record.untested == []
        await pilot.press("minus")  # every specimen of it is tested: nothing to offer
        await settle(app, pilot)
        assert isinstance(app.screen, LotScreen)
        await pilot.press("plus")
        app.screen.query_one("#field-specimens", Input).value = mistyped
        app.screen.query_one("#field-reason", Input).value = "mistyped"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.press("minus")
        form = app.screen
        assert isinstance(form, RemoveSpecimenScreen)
        choice = form.query_one("#field-specimen", Select)
        assert [option for _label, option in choice._options if isinstance(option, str)] == [
            mistyped
        ]
        choice.value = mistyped
        form.query_one("#field-reason", Input).value = "typed for another lot"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, LotScreen)
        audit = app.screen.query_one("#audit-table", RecordTable).full
        assert audit[0][2:] == (
            "specimen removed",
            f"Specimen numbers: {mistyped} → (blank)",
            "typed for another lot",
        )
    assert numbers(demo_db, lot.id or 0) == tested
