"""The registrar's workflows, driven through the keyboard with Textual's Pilot."""

from __future__ import annotations

import sqlite3
from typing import Any

from sqlalchemy import event, select
from sqlmodel import col
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static

from records.database import Database
from records.dates import UNDATED
from records.models import Person, RemainsLot
from records.services.lot_status import change_status, decide_affiliation
from records.services.persons import update_person
from records.status import LotStatus
from tests.tui.helpers import screen_lines, settle, synchronously
from tui.app import IreiApp
from tui.labels import status_label
from tui.screens.edit_form import EditForm
from tui.screens.help import HelpScreen
from tui.screens.lot import LotScreen
from tui.screens.lot_edit import LotEditScreen
from tui.screens.person import PersonScreen
from tui.screens.stale_edit import StaleEditScreen
from tui.screens.status_change import StatusChangeScreen
from tui.widgets.paged_table import PagedTable
from tui.widgets.record_table import RecordTable


def first_person(database: Database) -> Person:
    with database.reading() as session:
        person = session.execute(select(Person).where(col(Person.name) != "").limit(1)).scalar()
        assert person is not None
        return person


def lot_in(database: Database, status: LotStatus) -> RemainsLot:
    with database.reading() as session:
        lot = session.execute(
            select(RemainsLot).where(col(RemainsLot.status) == status).limit(1)
        ).scalar()
        assert lot is not None
        return lot


@synchronously
async def test_search_open_edit_save_shows_in_audit_history(demo_db: Database) -> None:
    person = first_person(demo_db)
    reading = person.reading.split()[0]
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("p")
        await settle(app, pilot)
        await pilot.press(*reading)
        await settle(app, pilot)
        table = app.screen.query_one(PagedTable)
        assert table.total > 0
        rows = [table.row(i) for i in range(table.total)]
        index = next(i for i, row in enumerate(rows) if row and row[0] == person.id)
        await pilot.press("down")  # from the search box to the table
        table.cursor = index
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, PersonScreen)
        await pilot.press("e")
        await settle(app, pilot)
        assert isinstance(app.screen, EditForm)
        app.screen.query_one("#field-remarks").value = "see [bold]letter[/bold] of 1956"  # type: ignore[attr-defined]
        app.screen.query_one("#field-death_date_text").value = "1945/8/15"  # type: ignore[attr-defined]
        app.screen.query_one("#field-reason").value = "family letter"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, PersonScreen)
        summary = dict(app.screen.query_one("#summary-table", RecordTable).full)
        assert summary["Date of death"] == "1945/8/15 (1945-08-15)"  # as typed, and as read
        await pilot.press("6")
        audit = app.screen.query_one("#audit-table", RecordTable)
        assert audit.full[0][1:3] == ("tanaka", "corrected")
        assert "see [bold]letter[/bold] of 1956" in audit.full[0][3]
        assert audit.full[0][4] == "family letter"


@synchronously
async def test_edit_form_shows_errors_at_the_field(demo_db: Database) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(PersonScreen(demo_db, "tanaka", first_person(demo_db).id or 0))
        await pilot.press("e")
        await settle(app, pilot)
        app.screen.query_one("#field-birth_year").value = "19x0"  # type: ignore[attr-defined]
        app.screen.query_one("#field-home").value = "99"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EditForm)
        shown = {
            name: str(app.screen.query_one(f"#error-{name}").render())
            for name in ("birth_year", "home", "reason")
        }
        assert "write the year in figures or in an era" in shown["birth_year"]
        assert "'99' is not a prefecture" in shown["home"]
        assert "say why" in shown["reason"]


@synchronously
async def test_a_fiscal_year_in_an_era_is_asked_for_in_western_figures(demo_db: Database) -> None:
    lot = lot_in(demo_db, LotStatus.RECOVERED)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(LotEditScreen(demo_db, "tanaka", lot))
        app.screen.query_one("#field-fiscal_year").value = "平成16年度"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, LotEditScreen)
        error = str(app.screen.query_one("#error-fiscal_year").render())
        assert error.startswith("write the year in Western figures")


def committee_finds_undeterminable(database: Database, lot: RemainsLot) -> None:
    """Another registrar (suzuki) records the lot's verdict, undeterminable."""
    with database.session() as session:
        decide_affiliation(
            session, "suzuki", lot.id or 0, LotStatus.UNDETERMINABLE, [], "committee", on=UNDATED
        )


def status_error(form: StatusChangeScreen) -> str:
    return str(form.query_one("#error-status").render())


async def status_change_of(app: IreiApp, pilot: Pilot[None], lot: RemainsLot) -> StatusChangeScreen:
    """The lot's page, then its status change (key s)."""
    await app.push_screen(LotScreen(app.database, app.actor, lot.id or 0))
    await pilot.press("s")
    await settle(app, pilot)
    assert isinstance(app.screen, StatusChangeScreen)
    return app.screen


async def save_status(
    pilot: Pilot[None], form: StatusChangeScreen, status: str, reason: str
) -> None:
    form.query_one("#field-status", Select).value = status
    form.query_one("#field-reason", Input).value = reason
    await pilot.press("ctrl+s")
    await pilot.pause()


@synchronously
async def test_status_change_offers_only_allowed_transitions(demo_db: Database) -> None:
    lot = lot_in(demo_db, LotStatus.JAPANESE)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        form = await status_change_of(app, pilot, lot)
        select_widget = form.query_one("#field-status", Select)
        offered = [value for _label, value in select_widget._options if isinstance(value, str)]
        # Allowed after Japanese, the other verdicts aside: those are decided with evidence.
        # Nor is "affiliation pending": only a new decision or its withdrawal reopens it.
        assert offered == ["handed_to_family", "interred"]
        await pilot.press("ctrl+s")
        assert "choose the new status" in status_error(form)
        await save_status(pilot, form, LotStatus.INTERRED.value, "")
        assert "say why" in str(form.query_one("#error-reason").render())
        form.query_one("#field-location", Select).value = form.sections[0][0]
        await save_status(pilot, form, LotStatus.INTERRED.value, "spring ceremony")
        await settle(app, pilot)
        assert isinstance(app.screen, LotScreen)
    with demo_db.reading() as session:
        assert session.get(RemainsLot, lot.id).status == LotStatus.INTERRED  # type: ignore[union-attr]


@synchronously
async def test_disinterred_remains_decided_japanese_are_not_offered_repatriation(
    demo_db: Database,
) -> None:
    lot = lot_in(demo_db, LotStatus.INTERRED)
    with demo_db.session() as session:
        change_status(session, "tanaka", lot.id or 0, LotStatus.DISINTERRED, "vault renovation")
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        form = await status_change_of(app, pilot, lot)
        select_widget = form.query_one("#field-status", Select)
        offered = [value for _label, value in select_widget._options if isinstance(value, str)]
        assert offered == ["reinterred", "handed_to_family"]


@synchronously
async def test_an_undeterminable_lot_is_sent_to_a_new_decision_or_its_withdrawal(
    demo_db: Database,
) -> None:
    lot = lot_in(demo_db, LotStatus.UNDETERMINABLE)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(LotScreen(demo_db, "tanaka", lot.id or 0))
        await pilot.press("s")
        await settle(app, pilot)
        assert isinstance(app.screen, LotScreen)
        messages = [n.message for n in app._notifications]
        assert any(
            "is decided undeterminable, " in m and "press a" in m and "w to withdraw" in m
            for m in messages
        ), messages


@synchronously
async def test_a_lot_awaiting_its_verdict_is_sent_to_the_affiliation_decision(
    demo_db: Database,
) -> None:
    lot = lot_in(demo_db, LotStatus.AFFILIATION_PENDING)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(LotScreen(demo_db, "tanaka", lot.id or 0))
        await pilot.press("s")
        await settle(app, pilot)
        assert isinstance(app.screen, LotScreen)
        messages = [n.message for n in app._notifications]
        assert any("next step is the affiliation verdict" in m and "press a" in m for m in messages)


@synchronously
async def test_a_lot_in_a_final_state_refuses_a_status_change(demo_db: Database) -> None:
    lot = lot_in(demo_db, LotStatus.REPATRIATED)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(LotScreen(demo_db, "tanaka", lot.id or 0))
        await pilot.press("s")
        await settle(app, pilot)
        assert isinstance(app.screen, LotScreen)
        messages = [n.message for n in app._notifications]
        assert any(status_label(LotStatus.REPATRIATED) in m and "final" in m for m in messages)


@synchronously
async def test_a_refused_transition_is_shown_at_the_field_in_the_registrars_language(
    demo_db: Database,
) -> None:
    lot = lot_in(demo_db, LotStatus.RECOVERED)
    app = IreiApp(demo_db, actor="tanaka", lang="ja")
    async with app.run_test(size=(120, 40)) as pilot:
        form = await status_change_of(app, pilot, lot)
        # The state machine is checked again on save: a status the form never offers (a lot
        # just recovered cannot be interred) is refused, in Japanese as the app is.
        form.query_one("#field-status", Select).set_options([("埋葬", LotStatus.INTERRED.value)])
        await save_status(pilot, form, LotStatus.INTERRED.value, "式典")
        assert isinstance(app.screen, StatusChangeScreen)
        refusal = f"遺骨「{lot.lot_number}」は「{status_label(LotStatus.RECOVERED)}」"
        assert refusal in status_error(form)
        assert f"「{status_label(LotStatus.INTERRED)}」にはできません" in status_error(form)
    with demo_db.reading() as session:
        assert session.get(RemainsLot, lot.id).status == LotStatus.RECOVERED  # type: ignore[union-attr]


@synchronously
async def test_an_interment_without_its_place_is_refused_naming_the_status_in_japanese(
    demo_db: Database,
) -> None:
    lot = lot_in(demo_db, LotStatus.JAPANESE)
    app = IreiApp(demo_db, actor="tanaka", lang="ja")
    async with app.run_test(size=(120, 40)) as pilot:
        form = await status_change_of(app, pilot, lot)
        await save_status(pilot, form, LotStatus.INTERRED.value, "春季納骨式")
        assert isinstance(app.screen, StatusChangeScreen)
        refusal = str(form.query_one("#error-location").render())
        # The status as the registrar reads it, never the database's code (interred).
        assert status_label(LotStatus.INTERRED) in refusal
        assert "interred" not in refusal
    with demo_db.reading() as session:
        assert session.get(RemainsLot, lot.id).status == LotStatus.JAPANESE  # type: ignore[union-attr]


@synchronously
async def test_a_hand_over_with_no_dna_match_is_refused_at_the_status_saying_what_is_missing(
    demo_db: Database,
) -> None:
    """As a tester did at 80×24: a lot judged Japanese, none of its tests matched to anyone,
    handed to the family. The form still offers the status, and says on save why not."""
    lot = lot_in(demo_db, LotStatus.JAPANESE)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await status_change_of(app, pilot, lot)
        form.query_one("#field-date", Input).value = "令和8年4月1日"
        await save_status(pilot, form, LotStatus.HANDED_TO_FAMILY.value, "遺族へ返還")
        await settle(app, pilot)
        assert isinstance(app.screen, StatusChangeScreen)
        assert status_error(form) == (
            f"no analysis of lot {lot.lot_number} matches a person: record the DNA match "
            "before the remains are handed to the family"
        )
        shown = " ".join(line.strip(" │") for line in screen_lines(app))
        assert "record the DNA match" in shown, shown
    with demo_db.reading() as session:
        after = session.get(RemainsLot, lot.id)
        assert after is not None and (after.status, after.version) == (lot.status, lot.version)


@synchronously
async def test_a_status_change_on_a_lot_changed_meanwhile_names_who_changed_it(
    demo_db: Database,
) -> None:
    """The form says to close it and open it again: once closed, the lot's page behind it
    shows the verdict the other registrar recorded, not the status the form was opened on."""
    lot = lot_in(demo_db, LotStatus.JAPANESE)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        form = await status_change_of(app, pilot, lot)
        committee_finds_undeterminable(demo_db, lot)  # another registrar, first
        await save_status(pilot, form, LotStatus.HANDED_TO_FAMILY.value, "identified")
        assert isinstance(app.screen, StatusChangeScreen)
        assert "suzuki changed this lot at" in status_error(form)
        assert "version" not in status_error(form)  # the registrar's words, not the service's
        await pilot.press("escape", "y")  # what was typed is discarded
        await settle(app, pilot)
        shown = app.screen
        assert isinstance(shown, LotScreen) and shown.record is not None
        assert (shown.record.lot.status, shown.record.lot.version) == (
            LotStatus.UNDETERMINABLE,
            lot.version + 1,
        )
    with demo_db.reading() as session:
        assert session.get(RemainsLot, lot.id).status == LotStatus.UNDETERMINABLE  # type: ignore[union-attr]


@synchronously
async def test_a_stale_edit_shows_the_other_change_and_can_be_reapplied(
    demo_db: Database,
) -> None:
    person = first_person(demo_db)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(PersonScreen(demo_db, "tanaka", person.id or 0))
        await pilot.press("e")
        await settle(app, pilot)
        with demo_db.session() as session:  # another registrar saves first
            update_person(
                session,
                "suzuki",
                person.id or 0,
                {"camp": "第7収容所"},
                "register checked",
                expected_version=person.version,
            )
        app.screen.query_one("#field-remarks").value = "my note"  # type: ignore[attr-defined]
        app.screen.query_one("#field-reason").value = "note"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        stale = app.screen
        assert isinstance(stale, StaleEditScreen)
        assert stale.stale.changed_by == "suzuki"
        assert ("Camp", person.camp, "第7収容所") in stale.theirs
        await pilot.press("a")
        await settle(app, pilot)
        assert isinstance(app.screen, PersonScreen)
    with demo_db.reading() as session:
        now = session.get(Person, person.id)
        assert now is not None
        assert (now.camp, now.remarks, now.version) == ("第7収容所", "my note", person.version + 2)


@synchronously
async def test_a_stale_edit_can_be_reloaded(demo_db: Database) -> None:
    lot = lot_in(demo_db, LotStatus.INTERRED)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(LotScreen(demo_db, "tanaka", lot.id or 0))
        await pilot.press("e")
        await settle(app, pilot)
        with demo_db.session() as session:
            change_status(session, "suzuki", lot.id or 0, LotStatus.DISINTERRED, "renovation")
        app.screen.query_one("#field-remarks").value = "mine"  # type: ignore[attr-defined]
        app.screen.query_one("#field-reason").value = "note"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, StaleEditScreen)
        await pilot.press("r")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, EditForm)
        assert form.version == lot.version + 1
        assert form.query_one("#field-remarks").value == lot.remarks  # type: ignore[attr-defined]


@synchronously
async def test_a_stale_lot_edit_lists_the_status_another_user_changed(demo_db: Database) -> None:
    lot = lot_in(demo_db, LotStatus.INTERRED)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(LotScreen(demo_db, "tanaka", lot.id or 0))
        await pilot.press("e")
        await settle(app, pilot)
        with demo_db.session() as session:
            change_status(session, "suzuki", lot.id or 0, LotStatus.DISINTERRED, "renovation")
        app.screen.query_one("#field-remarks").value = "mine"  # type: ignore[attr-defined]
        app.screen.query_one("#field-reason").value = "note"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        stale = app.screen
        assert isinstance(stale, StaleEditScreen)
        assert stale.theirs == [("Status", "interred", "disinterred")]
        assert any("interred" in line and "disinterred" in line for line in screen_lines(app))


@synchronously
async def test_a_status_change_cancelled_untried_leaves_the_lot_page_as_it_was(
    demo_db: Database,
) -> None:
    """Nothing refused: the page is not read again, and its tables keep their cursors."""
    lot = lot_in(demo_db, LotStatus.JAPANESE)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await status_change_of(app, pilot, lot)
        page = app.screen_stack[-2]
        assert isinstance(page, LotScreen)
        before = page.record
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is page and page.record is before


@synchronously
async def test_a_discarded_stale_edit_leaves_the_person_shown_as_it_now_is(
    demo_db: Database,
) -> None:
    person = first_person(demo_db)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(PersonScreen(demo_db, "tanaka", person.id or 0))
        await pilot.press("e")
        await settle(app, pilot)
        with demo_db.session() as session:
            update_person(
                session,
                "suzuki",
                person.id or 0,
                {"camp": "第7収容所"},
                "register checked",
                expected_version=person.version,
            )
        app.screen.query_one("#field-remarks").value = "my note"  # type: ignore[attr-defined]
        app.screen.query_one("#field-reason").value = "note"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.press("escape", "escape", "y")  # back to the form, which is discarded
        await settle(app, pilot)
        shown = app.screen
        assert isinstance(shown, PersonScreen)
        assert shown.record is not None
        assert (shown.record.person.camp, shown.record.person.version) == (
            "第7収容所",
            person.version + 1,
        )


@synchronously
async def test_a_reloaded_stale_edit_closed_unsaved_leaves_the_lot_as_it_now_is(
    demo_db: Database,
) -> None:
    lot = lot_in(demo_db, LotStatus.INTERRED)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(LotScreen(demo_db, "tanaka", lot.id or 0))
        await pilot.press("e")
        await settle(app, pilot)
        with demo_db.session() as session:
            change_status(session, "suzuki", lot.id or 0, LotStatus.DISINTERRED, "renovation")
        app.screen.query_one("#field-remarks").value = "mine"  # type: ignore[attr-defined]
        app.screen.query_one("#field-reason").value = "note"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.press("r", "escape")
        await settle(app, pilot)
        shown = app.screen
        assert isinstance(shown, LotScreen)
        assert shown.record is not None
        assert shown.record.lot.status == LotStatus.DISINTERRED


@synchronously
async def test_help_lists_the_keys_of_the_screen(demo_db: Database) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("p")
        await settle(app, pilot)
        await pilot.press("down")  # leave the search box: ? would be typed into it
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        described = dict(app.screen.rows)
        assert described["/"] == "Search"
        assert described["^p"] == "palette" or "palette" in " ".join(described.values()).lower()
        assert "Filters" in described.values()


@synchronously
async def test_long_values_open_in_full_and_copy(demo_db: Database) -> None:
    person = first_person(demo_db)
    long_remark = "[red]" + "長い備考" * 40
    with demo_db.session() as session:
        update_person(
            session,
            "tanaka",
            person.id or 0,
            {"remarks": long_remark},
            "test",
            expected_version=person.version,
        )
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(PersonScreen(demo_db, "tanaka", person.id or 0))
        table = app.screen.query_one("#summary-table", RecordTable)
        remarks = [row[0] for row in table.full].index("Remarks")
        table.move_cursor(row=remarks, column=1)
        await pilot.press("v")
        assert app.screen.value == long_remark  # type: ignore[attr-defined]
        await pilot.press("y")
        assert app.clipboard == long_remark


@synchronously
async def test_the_command_palette_runs_the_screen_keys(demo_db: Database) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"Remains")
        await pilot.pause(0.5)
        await pilot.press("down", "enter")
        await settle(app, pilot)
        assert app.current_mode == "remains"


@synchronously
async def test_a_date_the_records_layer_refuses_is_said_in_the_registrars_language(
    demo_db: Database,
) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang="ja")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(PersonScreen(demo_db, "tanaka", first_person(demo_db).id or 0))
        await pilot.press("e")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, EditForm)
        form.query_one("#field-reason", Input).value = "遺族の手紙"
        for typed, said in (("昭和21年13月", "13月はありません"), ("1850", "生年")):
            form.query_one("#field-death_date_text", Input).value = typed
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen is form
            assert said in str(form.query_one("#error-death_date_text").render())


@synchronously
async def test_a_persons_summary_names_the_prefecture_as_the_people_list_does(
    demo_db: Database,
) -> None:
    with demo_db.reading() as session:
        person = session.execute(
            select(Person).where(col(Person.prefecture_code) == "31").limit(1)
        ).scalar_one()
    app = IreiApp(demo_db, actor="tanaka", lang="ja")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(PersonScreen(demo_db, "tanaka", person.id or 0))
        await settle(app, pilot)
        summary = app.screen.query_one("#summary-table", RecordTable)
        assert ("都道府県", "鳥取県 (31)") in summary.full


@synchronously
async def test_a_persons_summary_shows_the_registers_number_apart_from_the_records(
    demo_db: Database,
) -> None:
    with demo_db.reading() as session:
        person = session.execute(
            select(Person).where(col(Person.register_no) != col(Person.id)).limit(1)
        ).scalar_one()
    app = IreiApp(demo_db, actor="tanaka", lang="ja")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(PersonScreen(demo_db, "tanaka", person.id or 0))
        await settle(app, pilot)
        summary = app.screen.query_one("#summary-table", RecordTable)
        assert ("名簿の番号", str(person.register_no)) in summary.full
        heading = str(app.screen.query_one("#heading", Static).render())
        assert heading.endswith(f"（番号 {person.register_no}・第{person.version}版）")


@synchronously
async def test_a_lot_whose_sets_of_remains_are_cleared_is_refused_and_kept(
    demo_db: Database,
) -> None:
    lot = lot_in(demo_db, LotStatus.RECOVERED)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(LotEditScreen(demo_db, "tanaka", lot))
        app.screen.query_one("#field-count").value = ""  # type: ignore[attr-defined]
        app.screen.query_one("#field-reason").value = "recount"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, LotEditScreen)
        error = str(app.screen.query_one("#error-count").render())
        assert "at least one set of remains" in error
    with demo_db.reading() as session:
        kept = session.get(RemainsLot, lot.id)
        assert kept is not None
        assert (kept.count, kept.version) == (lot.count, lot.version)


def _short_busy_timeout(database: Database) -> None:
    """Wait 50 ms, not 10 s, for another writer's lock: the test needs the timeout, not the
    wait."""

    def shorter(connection: Any, _record: Any) -> None:
        connection.execute("PRAGMA busy_timeout=50")

    event.listen(database.engine, "connect", shorter)
    database.engine.dispose()


@synchronously
async def test_a_save_while_an_import_holds_the_database_is_refused_and_kept_to_try_again(
    demo_db: Database,
) -> None:
    lot = lot_in(demo_db, LotStatus.RECOVERED)
    _short_busy_timeout(demo_db)
    path = demo_db.engine.url.database
    assert path is not None
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(LotEditScreen(demo_db, "tanaka", lot))
        app.screen.query_one("#field-remarks").value = "追記"  # type: ignore[attr-defined]
        app.screen.query_one("#field-reason").value = "letter"  # type: ignore[attr-defined]
        importing = sqlite3.connect(path, isolation_level=None)
        importing.execute("BEGIN IMMEDIATE")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, LotEditScreen)
        assert "busy" in str(app.screen.query_one("#error-reason").render())
        importing.execute("ROLLBACK")
        importing.close()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, LotEditScreen)
    with demo_db.reading() as session:
        saved = session.get(RemainsLot, lot.id)
        assert saved is not None
        assert (saved.remarks, saved.version) == ("追記", lot.version + 1)
