"""A person's home prefecture is shown as read and, when the register wrote it otherwise than
by its plain name, as written; the person form corrects it, audited old to new."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from textual.pilot import Pilot
from textual.widgets import Input, Static

from records.database import Database
from records.models import Person
from records.services.persons import update_person
from tests.importers.test_home_prefecture import with_home
from tests.importers.test_import_pipeline import register, run
from tests.tui.helpers import screen_lines, settle, synchronously
from tui.app import IreiApp
from tui.screens.person import PersonScreen
from tui.screens.person_edit import PersonEditScreen
from tui.screens.stale_edit import StaleEditScreen


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("福島縣石城郡", "福島県 (07), as written 福島縣石城郡"),
        ("樺太", "樺太"),
        ("福島", "福島県 (07)"),
    ],
)
@synchronously
async def test_the_person_shows_the_prefecture_and_the_home_as_written(
    database: Database, tmp_path: Path, written: str, shown: str
) -> None:
    run(database, register(tmp_path / "register.xlsx", [with_home(1, written)]))
    with database.reading() as s:
        person_id = s.execute(select(Person.id)).scalar_one()
    app = IreiApp(database, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(PersonScreen(database, "tanaka", person_id))
        await settle(app, pilot)
        [line] = [line for line in screen_lines(app) if "Prefecture" in line]
    assert line.split("Prefecture", 1)[1].strip(" │┃") == shown


def _imported_with_home(database: Database, tmp_path: Path, written: str) -> int:
    run(database, register(tmp_path / "register.xlsx", [with_home(1, written)]))
    with database.reading() as s:
        return s.execute(select(Person.id)).scalar_one()


async def _corrected(app: IreiApp, pilot: Pilot[object], typed: str) -> PersonEditScreen:
    await pilot.press("e")
    await settle(app, pilot)
    form = app.screen
    assert isinstance(form, PersonEditScreen)
    form.query_one("#field-home", Input).value = typed
    form.query_one("#field-reason", Input).value = "family letter"
    await pilot.press("ctrl+s")
    await settle(app, pilot)
    return form


@synchronously
async def test_a_home_corrected_in_the_form_is_shown_and_audited_old_to_new(
    database: Database, tmp_path: Path
) -> None:
    person_id = _imported_with_home(database, tmp_path, "福島縣")
    app = IreiApp(database, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(PersonScreen(database, "tanaka", person_id))
        await settle(app, pilot)
        await pilot.press("e")
        await settle(app, pilot)
        assert app.screen.query_one("#field-home", Input).value == "福島縣"  # as stored
        await pilot.press("escape")
        await settle(app, pilot)
        await _corrected(app, pilot, "樺太")
        assert isinstance(app.screen, PersonScreen)
        [line] = [line for line in screen_lines(app) if "Prefecture" in line]
        assert line.split("Prefecture", 1)[1].strip(" │┃") == "樺太"
        app.screen.action_tab("audit")
        await settle(app, pilot)
        await pilot.press("v")  # the change in full: the table cuts it
        await settle(app, pilot)
        # Wrapped in the box: compared without the spaces a wrap leaves or takes.
        shown = "".join("".join(line.strip(" │┃") for line in screen_lines(app)).split())
    changed = "Prefecture code: 福島県 (07) → (blank); Home prefecture (as written): 福島縣 → 樺太"
    assert "".join(changed.split()) in shown
    with database.reading() as s:
        person = s.get(Person, person_id)
        assert person is not None
        assert (person.prefecture_code, person.home) == ("", "樺太")


@synchronously
async def test_a_home_that_is_no_place_is_refused_at_the_field_and_nothing_saved(
    database: Database, tmp_path: Path
) -> None:
    person_id = _imported_with_home(database, tmp_path, "福島")
    app = IreiApp(database, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(PersonScreen(database, "tanaka", person_id))
        await settle(app, pilot)
        form = await _corrected(app, pilot, "満州国")
        assert app.screen is form
        error = form.query_one("#error-home", Static)
        assert str(error.render()) == "'満州国' is not a prefecture or former territory"
    with database.reading() as s:
        person = s.get(Person, person_id)
        assert person is not None
        assert (person.prefecture_code, person.home, person.version) == ("07", "", 1)


@synchronously
async def test_a_home_changed_meanwhile_is_shown_as_theirs_on_a_stale_save(
    database: Database, tmp_path: Path
) -> None:
    person_id = _imported_with_home(database, tmp_path, "福島")
    app = IreiApp(database, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(PersonScreen(database, "tanaka", person_id))
        await settle(app, pilot)
        await pilot.press("e")
        await settle(app, pilot)
        with database.writing() as session:  # another registrar saves first
            update_person(
                session, "suzuki", person_id, {"home": "福島縣"}, "register", expected_version=1
            )
        app.screen.query_one("#field-remarks", Input).value = "my note"
        app.screen.query_one("#field-reason", Input).value = "note"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        stale = app.screen
        assert isinstance(stale, StaleEditScreen)
        # Labelled as the form labels the field, not as the audit does ("(as written)").
        assert stale.theirs == [("Home prefecture", "福島県", "福島縣")]
        assert stale.mine == [("Remarks", "my note")]
