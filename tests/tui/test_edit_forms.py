"""The edit forms as a registrar meets them: Esc asks before it throws away what was typed,
an untouched form closes at once, a save that changes nothing says so, and a yes/no field
says its state in words."""

from __future__ import annotations

from sqlalchemy import func, select
from textual.widgets import Checkbox

from records.database import Database
from records.models import AuditEvent, Person
from tests.tui.helpers import settle, synchronously
from tests.tui.test_workflows import first_person
from tui.app import IreiApp
from tui.screens.ceremonies import CeremonyForm
from tui.screens.edit_form import EditForm
from tui.screens.form import DiscardScreen
from tui.screens.person import PersonScreen


def audit_events(database: Database) -> int:
    with database.reading() as session:
        return session.execute(select(func.count()).select_from(AuditEvent)).scalar_one()


async def person_edit(app: IreiApp, pilot: object, person: Person) -> EditForm:
    await app.push_screen(PersonScreen(app.database, "tanaka", person.id or 0))
    await pilot.press("e")  # type: ignore[attr-defined]
    await settle(app, pilot)  # type: ignore[arg-type]
    assert isinstance(app.screen, EditForm)
    return app.screen


@synchronously
async def test_escape_asks_before_discarding_typed_changes(demo_db: Database) -> None:
    person = first_person(demo_db)
    events = audit_events(demo_db)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        form = await person_edit(app, pilot, person)
        form.query_one("#field-reason").focus()
        await pilot.press(*"letter from the family")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DiscardScreen)
        await pilot.press("n")  # keep editing: the form is back with what was typed
        await pilot.pause()
        assert app.screen is form
        assert form.query_one("#field-reason").value == "letter from the family"  # type: ignore[attr-defined]
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen)
    assert audit_events(demo_db) == events


@synchronously
async def test_an_untouched_form_closes_at_once(demo_db: Database) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await person_edit(app, pilot, first_person(demo_db))
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen)
        await app.push_screen(CeremonyForm(demo_db, "tanaka"))
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CeremonyForm | DiscardScreen)


@synchronously
async def test_saving_an_unchanged_record_says_nothing_was_changed(demo_db: Database) -> None:
    events = audit_events(demo_db)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        form = await person_edit(app, pilot, first_person(demo_db))
        await pilot.press("ctrl+s")  # no change and no reason: the change is what is missing
        await pilot.pause()
        assert app.screen is form
        assert [n.message for n in app._notifications] == ["Nothing was changed"]
        assert str(form.query_one("#error-reason").render()) == ""
    assert audit_events(demo_db) == events


@synchronously
async def test_a_yes_no_field_says_its_state_in_words(demo_db: Database) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        form = await person_edit(app, pilot, first_person(demo_db))
        box = form.query_one("#field-identified", Checkbox)
        before = str(box.label)
        box.toggle()
        await pilot.pause()
        assert {before, str(box.label)} == {"yes", "no"}
