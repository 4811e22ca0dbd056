"""A form of a person's name entered in error removed on the person (-): chosen among the
forms that may go, with a reason, gone from the name forms and the search, and named in the
audit history; the name, the reading and a person's only form are never offered."""

from __future__ import annotations

from textual.widgets import Input, Select

from records.database import Database
from records.search import search
from records.services.persons import NameFormFields, add_name_form, remove_name_form
from tests.records.conftest import create_person
from tests.tui.helpers import settle, synchronously
from tests.tui.test_record_forms import shown
from tui.app import IreiApp
from tui.screens.name_form import RemoveNameFormScreen
from tui.screens.person import PersonScreen
from tui.widgets.record_table import RecordTable

MISTYPED = "Сидоров Иван"  # another prisoner's card, filed under this person


def offered(form: RemoveNameFormScreen) -> list[str]:
    choice = form.query_one("#field-form", Select)
    return [str(label) for label, value in choice._options if isinstance(value, int)]


@synchronously
async def test_a_form_entered_in_error_is_removed_and_named_in_the_audit_history(
    database: Database, actor: str
) -> None:
    person_id = create_person(database, actor, name="髙橋　正", reading="タカハシ タダシ")
    with database.session() as session:
        form = NameFormFields(MISTYPED, "russian-record", "cyrillic")
        add_name_form(session, actor, person_id, form, "GARF card")
    with database.reading() as session:
        assert [hit.id for hit in search(session, "Сидоров")] == [person_id]
    app = IreiApp(database, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(PersonScreen(database, "tanaka", person_id))
        await settle(app, pilot)
        await pilot.press("minus")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, RemoveNameFormScreen)
        assert offered(form) == [f"{MISTYPED}  (Cyrillic, Russian record)"]
        await pilot.press("ctrl+s")
        assert "choose the form" in shown(form, "form") and "say why" in shown(form, "reason")
        choice = form.query_one("#field-form", Select)
        choice.value = next(v for _label, v in choice._options if isinstance(v, int))
        form.query_one("#field-reason", Input).value = "a letter typed for another"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, PersonScreen)
        names = app.screen.query_one("#forms-table", RecordTable).full
        assert [row[0] for row in names] == ["髙橋　正", "タカハシ タダシ"]
        audit = app.screen.query_one("#audit-table", RecordTable).full
        assert audit[0][1:] == (
            "tanaka",
            "name form removed",
            f"Name form: {MISTYPED} → (blank); Script: Cyrillic → (blank); "
            "Source: Russian record → (blank)",
            "a letter typed for another",
        )
    with database.reading() as session:
        assert search(session, "Сидоров") == []


@synchronously
async def test_a_person_whose_forms_all_stay_is_told_so_and_no_form_opens(
    database: Database, actor: str
) -> None:
    person_id = create_person(database, actor, name="髙橋　正", reading="タカハシ タダシ")
    app = IreiApp(database, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(PersonScreen(database, "tanaka", person_id))
        await settle(app, pilot)
        await pilot.press("minus")
        await settle(app, pilot)
        assert isinstance(app.screen, PersonScreen)
        (said,) = [str(n.message) for n in app._notifications]
        assert said.startswith("髙橋　正 has no form of the name to remove")


@synchronously
async def test_a_removal_after_another_registrars_edit_is_refused_at_the_form(
    database: Database, actor: str
) -> None:
    person_id = create_person(
        database, actor, name="", reading="",
        forms=[NameFormFields("ヤマモト", "register-kana"), NameFormFields(MISTYPED, "entered")],
    )  # fmt: skip
    app = IreiApp(database, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(PersonScreen(database, "tanaka", person_id))
        await settle(app, pilot)
        await pilot.press("minus")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, RemoveNameFormScreen)
        assert len(offered(form)) == 2  # an unidentified person's forms, neither the only one
        with database.session() as session:
            form_id = form.removable[0][0]
            remove_name_form(session, "suzuki", person_id, form_id, "dup", expected_version=1)
        choice = form.query_one("#field-form", Select)
        choice.value = form.removable[1][0]
        form.query_one("#field-reason", Input).value = "mistyped"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        assert shown(form, "form").startswith("suzuki changed this person at ")


@synchronously
async def test_the_form_the_cursor_is_on_is_the_one_offered_for_removal(
    database: Database, actor: str
) -> None:
    person_id = create_person(database, actor, name="髙橋　正", reading="タカハシ タダシ")
    with database.session() as session:
        form = NameFormFields(MISTYPED, "russian-record", "cyrillic")
        add_name_form(session, actor, person_id, form, "GARF card")
    app = IreiApp(database, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(PersonScreen(database, "tanaka", person_id))
        await settle(app, pilot)
        await pilot.press("2", "down", "down")  # the name forms; the cursor on the Cyrillic one
        await settle(app, pilot)
        await pilot.press("minus")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, RemoveNameFormScreen)
        # The form asked again which form to remove, whatever the cursor was on.
        assert form.query_one("#field-form", Select).value == form.removable[0][0]
        await pilot.press(*"a letter typed for another", "ctrl+s")  # the reason has the cursor
        await settle(app, pilot)
        assert isinstance(app.screen, PersonScreen)
        names = app.screen.query_one("#forms-table", RecordTable).full
        assert [row[0] for row in names] == ["髙橋　正", "タカハシ タダシ"]


@synchronously
async def test_a_form_that_stays_under_the_cursor_is_not_offered_chosen(
    database: Database, actor: str
) -> None:
    person_id = create_person(database, actor, name="髙橋　正", reading="タカハシ タダシ")
    with database.session() as session:
        form = NameFormFields(MISTYPED, "russian-record", "cyrillic")
        add_name_form(session, actor, person_id, form, "GARF card")
    app = IreiApp(database, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(PersonScreen(database, "tanaka", person_id))
        await settle(app, pilot)
        await pilot.press("2", "minus")  # the cursor on the name as recorded, which stays
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, RemoveNameFormScreen)
        assert form.query_one("#field-form", Select).value == Select.NULL
        await pilot.press("escape")  # nothing typed: closed without a question
        await settle(app, pilot)
        assert isinstance(app.screen, PersonScreen)
