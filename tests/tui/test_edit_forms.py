"""The edit forms as a registrar meets them: Esc asks before it throws away what was typed,
an untouched form closes at once, a save that changes nothing says so, a yes/no field says
its state in words, and a space of any width (the ideographic space between a family and a
given name above all) is kept as typed."""

from __future__ import annotations

import ast

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from textual import events
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Checkbox, DataTable, Input, Static
from textual.widgets.input import Selection

from records.database import Database, make_engine
from records.models import AuditEvent, Person
from records.names import name_parts
from tests.records.conftest import create_person
from tests.tui.catalog import ROOT
from tests.tui.helpers import press_at_once, settle, synchronously
from tests.tui.test_workflows import first_person
from tui.app import IreiApp
from tui.screens.ceremony_forms import CeremonyForm
from tui.screens.edit_form import EditForm
from tui.screens.form import DiscardScreen
from tui.screens.person import PersonScreen
from tui.screens.person_edit import PersonEditScreen


def not_a_home(typed: str) -> str:
    return f"{typed!r} is not a prefecture or former territory"


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


async def press_as_a_terminal(pilot: Pilot[None], character: str, key: str) -> None:
    """A key as a terminal's input reaches the app: its name and its character. Pilot.press
    sends a key whose name is not a Unicode name (ideographic_space) without its character,
    unlike any terminal."""
    pilot.app.post_message(events.Key(key, character))
    await pilot.pause()


@synchronously
async def test_a_name_typed_with_an_ideographic_space_is_stored_as_typed(
    demo_db: Database,
) -> None:
    person = first_person(demo_db)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        form = await person_edit(app, pilot, person)
        name = form.query_one("#field-name", Input)
        name.focus()
        name.value = ""
        await pilot.press(*"髙﨑")  # as a Japanese input method sends the name
        await press_as_a_terminal(pilot, "\u3000", "ideographic_space")
        await pilot.press(*"寅之助")
        form.query_one("#field-reason", Input).value = "register checked"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, PersonScreen)
    with demo_db.reading() as session:
        stored = session.get(Person, person.id)
    assert stored is not None and stored.name == "髙﨑\u3000寅之助"
    assert name_parts(stored.name) == ("髙﨑", "寅之助")


@synchronously
async def test_a_space_of_any_width_typed_or_pasted_stays_as_it_is(demo_db: Database) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        form = await person_edit(app, pilot, first_person(demo_db))
        remarks = form.query_one("#field-remarks", Input)
        remarks.focus()
        remarks.value = "第7-収容所"
        await pilot.pause()  # focused, the field selects all it holds
        remarks.selection = Selection(2, 3)  # the hyphen: typed over, as any character is
        await press_as_a_terminal(pilot, "\u3000", "ideographic_space")
        await pilot.press("end")
        await press_as_a_terminal(pilot, "\u00a0", "no_break_space")
        app.post_message(events.Paste("佐藤\u3000一郎"))
        await pilot.pause()

        assert remarks.value == "第7\u3000収容所\u00a0佐藤\u3000一郎"


def test_every_text_field_the_app_builds_keeps_a_typed_space() -> None:
    # A plain Input would drop the ideographic space again.
    plain = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in sorted((ROOT / "tui").rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "Input"
    ]
    assert plain == []


def in_sight(widget: Widget) -> bool:
    """Whether all of the widget is within the part of its scrolling form on screen."""
    box = next(a for a in widget.ancestors if isinstance(a, VerticalScroll))
    return box.content_region.contains_region(widget.region)


@synchronously
async def test_at_80_by_30_the_form_opens_on_its_first_field(demo_db: Database) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 30)) as pilot:
        form = await person_edit(app, pilot, first_person(demo_db))
        assert app.focused is form.query_one("#field-name", Input)


@synchronously
async def test_at_80_by_30_a_refused_save_brings_its_error_into_sight(demo_db: Database) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 30)) as pilot:
        form = await person_edit(app, pilot, first_person(demo_db))
        form.query_one("#field-remarks", Input).value = "letter from the family"
        await pilot.press("ctrl+s")  # no reason given, and it is the last field
        await settle(app, pilot)
        error = form.query_one("#error-reason", Static)
        assert str(error.render()) == "say why the record is changed"
        assert in_sight(error) and in_sight(form.query_one("#field-reason"))
        assert app.focused is form.query_one("#field-reason", Input)

        form.query_one("#field-reason", Input).value = "letter from the family"
        form.query_one("#field-home", Input).value = "48"  # far above, out of sight
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        error = form.query_one("#error-home", Static)
        assert str(error.render()) == not_a_home("48")
        assert in_sight(error) and app.focused is form.query_one("#field-home")


@synchronously
async def test_a_home_typed_as_a_code_in_full_width_figures_or_by_name_is_saved_as_its_code(
    demo_db: Database,
) -> None:
    person = first_person(demo_db)
    app = IreiApp(demo_db, actor="tanaka", lang="ja")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await person_edit(app, pilot, person)
        field = form.query_one("#field-home", Input)
        field.value = "１３"  # as a Japanese input method gives the figures
        await settle(app, pilot)
        assert str(form.query_one("#error-home", Static).render()) == ""
        field.value = "大阪府"
        form.query_one("#field-reason", Input).value = "遺族の申出"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, PersonScreen)
    with demo_db.reading() as session:
        assert session.get(Person, person.id).prefecture_code == "27"  # type: ignore[union-attr]


@synchronously
async def test_at_80_by_30_an_error_said_while_typing_comes_into_sight(demo_db: Database) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 30)) as pilot:
        form = await person_edit(app, pilot, first_person(demo_db))
        box = form.query_one(VerticalScroll)
        field = form.query_one("#field-home", Input)
        error = form.query_one("#error-home", Static)
        field.value = ""
        # Scrolled with the wheel until the field sits on the form's bottom edge: all of it in
        # sight, so a click on it scrolls nothing, and its error line just below.
        box.scroll_relative(y=field.region.bottom - box.content_region.bottom, animate=False)
        await pilot.pause()
        assert in_sight(field) and not in_sight(error)

        await pilot.click(field)
        await pilot.press("4", "8")  # no prefecture has that code
        await settle(app, pilot)
        assert app.focused is field
        assert str(error.render()) == not_a_home("48")
        assert in_sight(error) and in_sight(field)


@synchronously
async def test_a_corrected_year_of_birth_is_the_one_shown(demo_db: Database) -> None:
    """The summary shows the year as written (birth_year_text): a correction of the year
    must reach it, or the record goes on showing the year the correction replaced."""
    person = first_person(demo_db)
    corrected = (person.birth_year or 1900) + 1
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        form = await person_edit(app, pilot, person)
        year = form.query_one("#field-birth_year", Input)
        year.value = str(corrected)
        form.query_one("#field-reason", Input).value = "koseki extract"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, PersonScreen)
        summary = app.screen.query_one(DataTable)
        rows = [tuple(map(str, summary.get_row_at(i))) for i in range(summary.row_count)]
        assert ("Year of birth", str(corrected)) in rows
    with demo_db.reading() as session:
        stored = session.get(Person, person.id)
        assert stored is not None
        assert (stored.birth_year, stored.birth_year_text) == (corrected, str(corrected))


@synchronously
async def test_a_year_of_birth_in_an_era_is_saved_as_its_year_and_kept_as_written(
    demo_db: Database,
) -> None:
    """Registrars copy 大正11年 from a card, as the import reads it from a register; the form
    refused it, asking for Western figures."""
    person = first_person(demo_db)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        form = await person_edit(app, pilot, person)
        form.query_one("#field-birth_year", Input).value = "大正11年"
        form.query_one("#field-reason", Input).value = "koseki extract"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, PersonScreen)
        summary = app.screen.query_one(DataTable)
        rows = [tuple(map(str, summary.get_row_at(i))) for i in range(summary.row_count)]
        assert ("Year of birth", "大正11年") in rows
        await pilot.press("e")  # opened again, the form shows the year as written, unchanged
        await settle(app, pilot)
        assert app.screen.query_one("#field-birth_year", Input).value == "大正11年"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, EditForm)  # nothing was changed: not saved, not refused
        assert str(app.screen.query_one("#error-birth_year", Static).render()) == ""
    with demo_db.reading() as session:
        stored = session.get(Person, person.id)
        assert stored is not None
        assert (stored.birth_year, stored.birth_year_text) == (1922, "大正11年")


@synchronously
async def test_a_year_of_birth_that_reads_as_no_year_is_refused_saying_both_spellings(
    demo_db: Database,
) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        form = await person_edit(app, pilot, first_person(demo_db))
        form.query_one("#field-birth_year", Input).value = "大正16年"  # Taishō ended in its 15th
        form.query_one("#field-reason", Input).value = "koseki extract"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        error = str(form.query_one("#error-birth_year", Static).render())
        assert error == "write the year in figures or in an era (e.g. 1921 or 大正10年)"


@synchronously
async def test_an_identified_persons_name_cleared_is_refused_under_the_name(
    demo_db: Database,
) -> None:
    person = first_person(demo_db)
    assert person.identified
    events = audit_events(demo_db)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 30)) as pilot:
        form = await person_edit(app, pilot, person)
        form.query_one("#field-name", Input).value = ""
        form.query_one("#field-reason", Input).value = "register checked"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        error = str(form.query_one("#error-name", Static).render())
        assert error == (
            "Name: a person recorded as identified keeps a name: to clear it, "
            "record the person as not identified too"
        )
        assert app.focused is form.query_one("#field-name", Input)

        form.query_one("#field-identified", Checkbox).value = False  # the identification withdrawn
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, PersonScreen)
    with demo_db.reading() as session:
        stored = session.get(Person, person.id)
        assert stored is not None and (stored.name, stored.identified) == ("", False)
    assert audit_events(demo_db) == events + 1


@synchronously
async def test_tab_and_a_year_typed_at_once_go_to_the_year_of_birth(demo_db: Database) -> None:
    # As tmux sent them to a form just opened: Tab moved the cursor only once the name had
    # passed it up, so 1924 replaced the name and Ctrl+U, acting last, erased the year.
    person = first_person(demo_db)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await person_edit(app, pilot, person)

        press_at_once(app, "tab", "tab", "ctrl+u", *"1924")
        await settle(app, pilot)

        assert form.query_one("#field-name", Input).value == person.name
        assert form.query_one("#field-birth_year", Input).value == "1924"
        assert app.focused is form.query_one("#field-birth_year")


@pytest.mark.postgres
@synchronously
async def test_a_save_the_database_server_does_not_answer_keeps_the_form_to_try_again(
    pg_database: Database,
) -> None:
    person_id = create_person(pg_database, "tanaka", name="佐藤　太郎")
    with pg_database.reading() as session:
        person = session.get(Person, person_id)
    assert person is not None
    running = pg_database.url, pg_database.engine
    stopped = make_url(pg_database.url).set(port=1).render_as_string(hide_password=False)
    app = IreiApp(pg_database, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(PersonEditScreen(pg_database, "tanaka", person, "佐藤　太郎"))
        app.screen.query_one("#field-remarks", Input).value = "抑留者名簿と照合"
        app.screen.query_one("#field-reason", Input).value = "letter"
        pg_database.url, pg_database.engine = stopped, make_engine(stopped)
        await pilot.press("ctrl+s")
        await pilot.pause()

        assert isinstance(app.screen, PersonEditScreen)
        assert str(app.screen.query_one("#error-reason", Static).render()) == (
            "the database server localhost:1 cannot be reached; nothing was saved: try again "
            "once it is back"
        )
        assert app.screen.query_one("#field-remarks", Input).value == "抑留者名簿と照合"
        pg_database.engine.dispose()
        pg_database.url, pg_database.engine = running
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, PersonEditScreen)
    with pg_database.reading() as session:
        saved = session.get(Person, person_id)
        assert saved is not None and saved.remarks == "抑留者名簿と照合"
