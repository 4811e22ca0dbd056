"""Keys typed at once, as tmux or ssh hands them over in one read, act as if the registrar had
waited after each: those behind `e` or `n` land in the form it opens, in order; those behind
Ctrl+S act on the screen shown once the save is done, or are dropped when the save is refused
and the form stays, the cursor in the field refused."""

from __future__ import annotations

from textual.widgets import Input, TabbedContent

from records.database import Database
from records.models import Person
from records.status import LotStatus
from tests.tui.helpers import press_at_once, settle, synchronously
from tests.tui.test_workflows import first_person, lot_in
from tui.app import IreiApp
from tui.screens.edit_form import EditForm
from tui.screens.lot import LotScreen
from tui.screens.lot_edit import LotEditScreen
from tui.screens.name_form import NameFormScreen
from tui.screens.person import PersonScreen
from tui.screens.person_edit import PersonEditScreen


def stored_person(database: Database, person: Person) -> Person:
    with database.reading() as session:
        stored = session.get(Person, person.id)
        assert stored is not None
        return stored


@synchronously
async def test_a_year_typed_behind_e_goes_to_the_persons_edit_form(demo_db: Database) -> None:
    person = first_person(demo_db)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(PersonScreen(demo_db, "tanaka", person.id or 0))
        await settle(app, pilot)

        press_at_once(app, "e", "tab", "tab", "ctrl+u", *"1924")
        await settle(app, pilot)

        form = app.screen
        assert isinstance(form, PersonEditScreen)
        assert form.query_one("#field-name", Input).value == person.name
        assert form.query_one("#field-birth_year", Input).value == "1924"
        assert app.focused is form.query_one("#field-birth_year")


@synchronously
async def test_a_country_typed_behind_e_goes_to_the_lots_edit_form_not_to_the_lots_keys(
    demo_db: Database,
) -> None:
    # `a` and `s` are keys of the lot's screen (affiliation, status): typed ahead of the form
    # they opened those forms over the lot instead of being written.
    lot = lot_in(demo_db, LotStatus.RECOVERED)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(LotScreen(demo_db, "tanaka", lot.id or 0))
        await settle(app, pilot)

        press_at_once(app, "e", "tab", "ctrl+u", *"Asia")
        await settle(app, pilot)

        form = app.screen
        assert isinstance(form, LotEditScreen)
        assert form.query_one("#field-country", Input).value == "Asia"
        assert app.focused is form.query_one("#field-country")
        assert len(app.screen_stack) == 3  # the lists, the lot, its form; nothing else opened


@synchronously
async def test_a_name_typed_behind_n_goes_to_the_name_form(demo_db: Database) -> None:
    person = first_person(demo_db)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(PersonScreen(demo_db, "tanaka", person.id or 0))
        await settle(app, pilot)

        press_at_once(app, "n", *"Sato")
        await settle(app, pilot)

        form = app.screen
        assert isinstance(form, NameFormScreen)
        assert form.query_one("#field-text", Input).value == "Sato"


async def opened_edit_form(app: IreiApp, pilot: object, person: Person) -> EditForm:
    await app.push_screen(PersonScreen(app.database, "tanaka", person.id or 0))
    press_at_once(app, "e")
    await settle(app, pilot)  # type: ignore[arg-type]
    assert isinstance(app.screen, EditForm)
    return app.screen


@synchronously
async def test_a_key_typed_behind_ctrl_s_acts_on_the_record_once_saved(demo_db: Database) -> None:
    # The cursor is in the name, selected as the form opens: `6` typed ahead of the save
    # replaced the name, and the save wrote it.
    person = first_person(demo_db)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await opened_edit_form(app, pilot, person)
        form.query_one("#field-remarks", Input).value = "letter from the family"
        form.query_one("#field-reason", Input).value = "family letter 2024"

        press_at_once(app, "ctrl+s", "6")
        await settle(app, pilot)

        assert isinstance(app.screen, PersonScreen)
        assert app.screen.query_one(TabbedContent).active == "audit"
    stored = stored_person(demo_db, person)
    assert (stored.name, stored.remarks) == (person.name, "letter from the family")


@synchronously
async def test_a_key_typed_behind_ctrl_s_acts_on_the_person_once_a_name_form_is_added(
    demo_db: Database,
) -> None:
    person = first_person(demo_db)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(PersonScreen(demo_db, "tanaka", person.id or 0))
        press_at_once(app, "n")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, NameFormScreen)
        form.query_one("#field-text", Input).value = "Sato Ichiro"
        form.query_one("#field-reason", Input).value = "GARF card 1947"

        press_at_once(app, "ctrl+s", "6")
        await settle(app, pilot)

        assert isinstance(app.screen, PersonScreen)
        assert app.screen.query_one(TabbedContent).active == "audit"
        assert app.screen.record is not None
        assert "Sato Ichiro" in [text for text, *_rest in app.screen.record.forms]


@synchronously
async def test_keys_typed_behind_a_refused_save_are_dropped_in_the_edit_form(
    demo_db: Database,
) -> None:
    person = first_person(demo_db)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await opened_edit_form(app, pilot, person)
        form.query_one("#field-remarks", Input).value = "letter from the family"

        press_at_once(app, "ctrl+s", "j", "j")  # no reason given: refused
        await settle(app, pilot)

        assert app.screen is form
        reason = form.query_one("#field-reason", Input)
        assert app.focused is reason
        assert reason.value == ""
        assert form.query_one("#field-name", Input).value == person.name
    assert stored_person(demo_db, person).remarks == person.remarks


@synchronously
async def test_keys_typed_behind_a_refused_save_are_dropped_in_the_name_form(
    demo_db: Database,
) -> None:
    person = first_person(demo_db)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(PersonScreen(demo_db, "tanaka", person.id or 0))
        press_at_once(app, "n")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, NameFormScreen)
        form.query_one("#field-text", Input).value = "Sato Ichiro"

        press_at_once(app, "ctrl+s", "j", "j")  # no reason given: refused
        await settle(app, pilot)

        assert app.screen is form
        reason = form.query_one("#field-reason", Input)
        assert app.focused is reason
        assert reason.value == ""
        assert form.query_one("#field-text", Input).value == "Sato Ichiro"
