"""Adding a form of a person's name and recording the affiliation committee's decision on a
lot, from their detail views, driven through the keyboard with Textual's Pilot."""

from __future__ import annotations

from sqlalchemy import func, select, text
from sqlmodel import col
from textual.pilot import Pilot
from textual.widgets import TabbedContent

from records.database import Database
from records.models import AuditEvent, NameForm, RemainsLot
from records.status import LotStatus
from tests.tui.helpers import screen_lines, settle, synchronously
from tests.tui.test_workflows import committee_finds_undeterminable, first_person, lot_in
from tui.app import IreiApp
from tui.record_queries import citable_analyses
from tui.screens.affiliation import AffiliationScreen
from tui.screens.lot import LotScreen
from tui.screens.name_form import NameFormScreen
from tui.screens.person import PersonScreen
from tui.widgets.record_table import RecordTable

RUSSIAN_SPELLING = "[red]Сато Итиро"  # brackets, so markup would show if it were read as such


def count(database: Database, model: type[NameForm] | type[AuditEvent]) -> int:
    with database.reading() as session:
        return session.execute(select(func.count()).select_from(model)).scalar_one()


def lot_with_analyses(database: Database, status: LotStatus, found: str = "") -> RemainsLot:
    """The first lot in ``status`` with analyses; with ``found``, the first of them found
    that (and still stands)."""
    with database.reading() as session:
        lots = session.execute(select(RemainsLot).where(col(RemainsLot.status) == status))
        for lot in lots.scalars():
            analyses = citable_analyses(database, lot.id or 0)
            if analyses and (not found or analyses[0].affiliation == found):
                return lot
    raise AssertionError(f"the demo has no {status} lot with analyses {found}")


async def affiliation_form(app: IreiApp, pilot: Pilot[None], lot: RemainsLot) -> AffiliationScreen:
    await app.push_screen(LotScreen(app.database, "tanaka", lot.id or 0))
    await pilot.press("a")
    await settle(app, pilot)
    form = app.screen
    assert isinstance(form, AffiliationScreen)
    return form


def shown(screen: object, field: str) -> str:
    return str(screen.query_one(f"#error-{field}").render())  # type: ignore[attr-defined]


@synchronously
async def test_a_name_form_added_shows_in_the_name_forms_and_audit_history(
    demo_db: Database,
) -> None:
    person = first_person(demo_db)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(PersonScreen(demo_db, "tanaka", person.id or 0))
        await pilot.press("n")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, NameFormScreen)
        await pilot.press(*RUSSIAN_SPELLING)
        assert "Cyrillic" in shown(form, "script")  # the script detected as it is typed
        form.query_one("#field-source").value = "russian-record"  # type: ignore[attr-defined]
        form.query_one("#field-reason").value = "GARF card 1947"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, PersonScreen)
        names = app.screen.query_one("#forms-table", RecordTable)
        assert names.has_focus
        assert names.full[-1] == (RUSSIAN_SPELLING, "Cyrillic", "Russian record")
        await pilot.press("6")
        assert app.screen.query_one(TabbedContent).active == "audit"
        audit = app.screen.query_one("#audit-table", RecordTable)
        assert audit.full[0][1:3] == ("tanaka", "name form added")
        assert RUSSIAN_SPELLING in audit.full[0][3]
        assert audit.full[0][4] == "GARF card 1947"


@synchronously
async def test_a_name_form_that_cannot_be_saved_is_shown_at_the_field_and_writes_nothing(
    demo_db: Database,
) -> None:
    person = first_person(demo_db)
    forms, events = count(demo_db, NameForm), count(demo_db, AuditEvent)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(PersonScreen(demo_db, "tanaka", person.id or 0))
        await pilot.press("n")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, NameFormScreen)
        await pilot.press("ctrl+s")
        assert "write the name" in shown(form, "text")
        assert "say why" in shown(form, "reason")
        form.query_one("#field-text").value = person.name  # type: ignore[attr-defined]
        form.query_one("#field-script").value = "cyrillic"  # type: ignore[attr-defined]
        form.query_one("#field-reason").value = "family letter"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NameFormScreen)
        assert "no Cyrillic letters" in shown(form, "script")
        form.query_one("#field-script").clear()  # type: ignore[attr-defined]
        form.query_one("#field-source").value = "register-kanji"  # as the register has it
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NameFormScreen)
        assert "already has this form" in shown(form, "text")
        await pilot.press("escape", "y")  # and discard what was typed
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen)
    assert (count(demo_db, NameForm), count(demo_db, AuditEvent)) == (forms, events)


@synchronously
async def test_a_registrar_typing_a_form_the_person_has_is_told_where_it_came_from(
    demo_db: Database,
) -> None:
    person = first_person(demo_db)
    forms, events = count(demo_db, NameForm), count(demo_db, AuditEvent)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(PersonScreen(demo_db, "tanaka", person.id or 0))
        await pilot.press("n")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, NameFormScreen)
        form.query_one("#field-text").value = person.name  # type: ignore[attr-defined]
        form.query_one("#field-reason").value = "same again"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NameFormScreen)
        assert "already has this form, from Death register (kanji)" in shown(form, "text")
    assert (count(demo_db, NameForm), count(demo_db, AuditEvent)) == (forms, events)


@synchronously
async def test_an_affiliation_decision_citing_analyses_shows_in_the_lot_and_its_audit(
    demo_db: Database,
) -> None:
    lot = lot_with_analyses(demo_db, LotStatus.AFFILIATION_PENDING, found="japanese")
    analyses = citable_analyses(demo_db, lot.id or 0)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(LotScreen(demo_db, "tanaka", lot.id or 0))
        await pilot.press("a")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, AffiliationScreen)
        verdicts = form.query_one("#field-verdict")
        offered = [value for _label, value in verdicts._options if isinstance(value, str)]  # type: ignore[attr-defined]
        assert offered == ["japanese", "not_japanese", "undeterminable"]
        verdicts.value = "japanese"  # type: ignore[attr-defined]
        form.query_one("#field-reason").value = "committee of 2025-03"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        assert "cite at least one analysis" in shown(form, "evidence")
        assert "say when the committee decided" in shown(form, "date")
        form.query_one("#field-date").value = "令和8年3月"  # type: ignore[attr-defined]
        form.query_one("#field-evidence").focus()
        await pilot.press("space")  # the first analysis of the list
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, LotScreen)
        summary = app.screen.query_one("#summary-table", RecordTable)
        assert ("Status", "Japanese") in summary.full
        assert ("Affiliation decided", "Japanese, 令和8年3月") in summary.full
        await pilot.press("2")  # a lot numbers its own tabs: it has no name forms
        assert app.screen.query_one(TabbedContent).active == "analyses"
        await pilot.press("5")
        assert app.screen.query_one(TabbedContent).active == "audit"
        audit = app.screen.query_one("#audit-table", RecordTable)
        assert audit.full[0][1:3] == ("tanaka", "affiliation decided")
        assert "Status: affiliation pending → Japanese" in audit.full[0][3]  # as the form says
        cited = f"{analyses[0].specimen} {analyses[0].kind} "  # and the result's date
        assert f"Evidence: (blank) → {cited}" in audit.full[0][3]
        assert audit.full[0][4] == "committee of 2025-03"
        assert "Decided on: (blank) → 令和8年3月" in audit.full[0][3]


@synchronously
async def test_a_verdict_citing_only_pending_results_is_refused_in_the_form(
    demo_db: Database,
) -> None:
    lot = lot_with_analyses(demo_db, LotStatus.AFFILIATION_PENDING, found="pending")
    events = count(demo_db, AuditEvent)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(LotScreen(demo_db, "tanaka", lot.id or 0))
        await pilot.press("a")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, AffiliationScreen)
        form.query_one("#field-verdict").value = "japanese"  # type: ignore[attr-defined]
        form.query_one("#field-date").value = "令和8年3月"  # type: ignore[attr-defined]
        form.query_one("#field-reason").value = "committee of 2025-03"  # type: ignore[attr-defined]
        form.query_one("#field-evidence").focus()
        await pilot.press("space")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, AffiliationScreen)
        assert "none of the analyses cited found Japanese" in shown(form, "evidence")
    assert count(demo_db, AuditEvent) == events


@synchronously
async def test_what_was_said_of_the_evidence_goes_once_the_verdict_or_evidence_changes(
    demo_db: Database,
) -> None:
    lot = lot_with_analyses(demo_db, LotStatus.AFFILIATION_PENDING, found="japanese")
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await affiliation_form(app, pilot, lot)
        verdicts = form.query_one("#field-verdict")
        verdicts.value = "japanese"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "a verdict of Japanese rests on a test" in shown(form, "evidence")
        verdicts.value = "undeterminable"  # type: ignore[attr-defined]  # which needs none
        await pilot.pause()
        assert shown(form, "evidence") == ""
        verdicts.value = "not_japanese"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "a verdict of not Japanese rests on a test" in shown(form, "evidence")
        form.query_one("#field-evidence").focus()
        await pilot.press("space")  # an analysis cited
        await pilot.pause()
        assert shown(form, "evidence") == ""
        assert not form.query_one("#error-evidence").has_class("shown")


@synchronously
async def test_the_decision_is_dated_by_the_meeting_of_the_cited_results_unless_typed(
    demo_db: Database,
) -> None:
    lot = lot_with_analyses(demo_db, LotStatus.AFFILIATION_PENDING, found="japanese")
    met = citable_analyses(demo_db, lot.id or 0)[0].meeting
    assert met.value  # the identification results carry the meeting's date (判定会議日)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(LotScreen(demo_db, "tanaka", lot.id or 0))
        await pilot.press("a")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, AffiliationScreen)
        date = form.query_one("#field-date")
        form.query_one("#field-evidence").focus()
        await pilot.press("space")  # the first analysis cited
        await pilot.pause()
        assert date.value == met.text  # type: ignore[attr-defined]  # as the results wrote it
        await pilot.press("space")  # and no longer cited: the date taken from it goes too
        await pilot.pause()
        assert date.value == ""  # type: ignore[attr-defined]
        date.value = "令和8年3月"  # type: ignore[attr-defined]  # the registrar's own
        await pilot.press("space")
        await pilot.pause()
        assert date.value == "令和8年3月"  # type: ignore[attr-defined]


@synchronously
async def test_the_evidence_and_the_lots_tabs_date_results_as_they_were_written(
    demo_db: Database,
) -> None:
    lot = lot_with_analyses(demo_db, LotStatus.AFFILIATION_PENDING, found="japanese")
    written, unwritten = citable_analyses(demo_db, lot.id or 0)[:2]
    assert written.meeting.text and written.meeting.text != written.meeting.value  # 平成21年…
    with demo_db.engine.begin() as conn:  # a result whose date was read, none written
        conn.execute(
            text("UPDATE analysis SET decided_text = '' WHERE id = :id"), {"id": unwritten.id}
        )
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(LotScreen(demo_db, "tanaka", lot.id or 0))
        await settle(app, pilot)
        tests = app.screen.query_one("#analyses-table", RecordTable).full
        assert [row[6] for row in tests[:2]] == [written.meeting.text, unwritten.meeting.value]
        custody = app.screen.query_one("#custody-table", RecordTable).full
        assert custody[0][2] == lot.recovered_text  # as the summary's Recovered says it
        await pilot.press("a")
        await settle(app, pilot)
        assert isinstance(app.screen, AffiliationScreen)
        lines = screen_lines(app)
        for cited, date in ((written, written.meeting.text), (unwritten, unwritten.meeting.value)):
            evidence = f"{cited.specimen}  {cited.kind}  Japanese  {date}"
            assert any(evidence in line for line in lines)


@synchronously
async def test_a_lot_that_no_verdict_can_follow_refuses_the_decision(demo_db: Database) -> None:
    lot = lot_in(demo_db, LotStatus.RECOVERED)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(LotScreen(demo_db, "tanaka", lot.id or 0))
        await pilot.press("a")
        await settle(app, pilot)
        assert isinstance(app.screen, LotScreen)
        messages = [n.message for n in app._notifications]
        assert any("no affiliation verdict can follow" in m for m in messages)
        assert any("affiliation pending" in m for m in messages)  # what must come first


@synchronously
async def test_a_verdict_the_state_machine_refuses_is_shown_at_the_field(
    demo_db: Database,
) -> None:
    lot = lot_with_analyses(demo_db, LotStatus.JAPANESE)
    events = count(demo_db, AuditEvent)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(LotScreen(demo_db, "tanaka", lot.id or 0))
        await pilot.press("a")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, AffiliationScreen)
        verdicts = form.query_one("#field-verdict")
        offered = [value for _label, value in verdicts._options if isinstance(value, str)]  # type: ignore[attr-defined]
        assert "japanese" not in offered  # a Japanese lot can only be decided otherwise
        # The state machine is checked again on save: forced onto the form, the same verdict
        # is refused with its reason, and nothing is written.
        verdicts.set_options([("Japanese", "japanese")])  # type: ignore[attr-defined]
        verdicts.value = "japanese"  # type: ignore[attr-defined]
        form.query_one("#field-evidence").select_all()  # type: ignore[attr-defined]
        form.query_one("#field-date").value = "令和8年3月"  # type: ignore[attr-defined]
        form.query_one("#field-reason").value = "committee"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, AffiliationScreen)
        assert "cannot become Japanese" in shown(form, "verdict")
    assert count(demo_db, AuditEvent) == events
    with demo_db.reading() as session:
        assert session.get(RemainsLot, lot.id).status == LotStatus.JAPANESE  # type: ignore[union-attr]


@synchronously
async def test_a_decision_on_a_lot_changed_meanwhile_is_refused(demo_db: Database) -> None:
    lot = lot_with_analyses(demo_db, LotStatus.AFFILIATION_PENDING)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(LotScreen(demo_db, "tanaka", lot.id or 0))
        await pilot.press("a")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, AffiliationScreen)
        committee_finds_undeterminable(demo_db, lot)  # another registrar, first
        form.query_one("#field-verdict").value = "undeterminable"  # type: ignore[attr-defined]
        form.query_one("#field-date").value = "令和8年3月"  # type: ignore[attr-defined]
        form.query_one("#field-reason").value = "committee"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, AffiliationScreen)
        assert "suzuki changed this lot" in shown(form, "verdict")


@synchronously
async def test_both_forms_open_from_the_command_palette(demo_db: Database) -> None:
    lot = lot_with_analyses(demo_db, LotStatus.AFFILIATION_PENDING)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        for screen, typed, opened in (
            (
                PersonScreen(demo_db, "tanaka", first_person(demo_db).id or 0),
                "name form",
                NameFormScreen,
            ),
            (LotScreen(demo_db, "tanaka", lot.id or 0), "affiliation", AffiliationScreen),
        ):
            await app.push_screen(screen)
            await pilot.press("ctrl+p")
            await pilot.press(*typed)
            await pilot.pause(0.5)
            await pilot.press("down", "enter")
            await settle(app, pilot)
            assert isinstance(app.screen, opened)
            await pilot.press("escape")


@synchronously
async def test_a_decision_dated_before_the_recovery_is_refused_at_its_date(
    demo_db: Database,
) -> None:
    lot = lot_in(demo_db, LotStatus.AFFILIATION_PENDING)
    events = count(demo_db, AuditEvent)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(LotScreen(demo_db, "tanaka", lot.id or 0))
        await pilot.press("a")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, AffiliationScreen)
        form.query_one("#field-verdict").value = "undeterminable"  # type: ignore[attr-defined]
        form.query_one("#field-date").value = "1990"  # type: ignore[attr-defined]
        form.query_one("#field-reason").value = "committee"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, AffiliationScreen)
        assert shown(form, "date") == (
            f"the decision of 1990 is before the lot's recovery, on {lot.recovered_text}"
        )
    assert count(demo_db, AuditEvent) == events


@synchronously
async def test_the_evidence_ticked_is_told_from_the_evidence_left_without_colour(
    demo_db: Database,
) -> None:
    lot = lot_with_analyses(demo_db, LotStatus.AFFILIATION_PENDING, found="japanese")
    first, second = citable_analyses(demo_db, lot.id or 0)[:2]
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(LotScreen(demo_db, "tanaka", lot.id or 0))
        await pilot.press("a")
        await settle(app, pilot)
        app.screen.query_one("#field-evidence").focus()
        await pilot.press("space")  # the first analysis cited, the second not
        await pilot.pause()
        lines = screen_lines(app)
        assert any(f"▐X▌ {first.specimen}  {first.kind}" in line for line in lines)
        assert any(f"▐ ▌ {second.specimen}  {second.kind}" in line for line in lines)


@synchronously
async def test_a_refused_date_takes_the_cursor_so_the_correction_goes_there(
    demo_db: Database,
) -> None:
    # The cursor stayed in the reason, typed last, and the corrected date went into it.
    lot = lot_with_analyses(demo_db, LotStatus.AFFILIATION_PENDING, found="japanese")
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await affiliation_form(app, pilot, lot)
        form.query_one("#field-verdict").value = "undeterminable"  # type: ignore[attr-defined]
        form.query_one("#field-date").value = "2999年3月"  # type: ignore[attr-defined]
        form.query_one("#field-reason").focus()
        await pilot.press(*"committee", "ctrl+s")
        await settle(app, pilot)
        assert shown(form, "date")

        await pilot.press("ctrl+u", *"2025")

        assert form.query_one("#field-date").value == "2025"  # type: ignore[attr-defined]
        assert form.query_one("#field-reason").value == "committee"  # type: ignore[attr-defined]


@synchronously
async def test_the_event_to_withdraw_is_named_level_with_its_label_and_the_hint_under_it(
    demo_db: Database,
) -> None:
    """A withdrawal form reads as the place removal form does: the event named at length on
    the line of its label, wrapping under itself, and what follows indented with the fields."""
    lot = lot_in(demo_db, LotStatus.JAPANESE)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.push_screen(LotScreen(demo_db, "tanaka", lot.id or 0))
        await settle(app, pilot)
        await pilot.press("w")
        await settle(app, pilot)
        lines = screen_lines(app)
        label = next(line for line in lines if "│ Event " in line)
        assert "decided: Japanese" in label
        hint = next(line for line in lines if "The lot goes back" in line)
        assert hint.index("The lot goes back") == label.index("decided: Japanese")
