"""An unidentified person, with neither name nor reading, is named wherever the app names a
person by the first form of the name a record wrote, never by a blank."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from records.database import Database
from records.errors import Invalid
from records.matching import MatchScore
from records.messages import Message
from records.search import persons_by_id
from records.services import ceremonies, roll_entries
from records.services.persons import NameFormFields
from tests.records.conftest import create_person
from tests.tui.helpers import settle, synchronously
from tui.app import IreiApp
from tui.i18n import said
from tui.screens.edit_form import EditForm
from tui.screens.name_form import NameFormScreen
from tui.screens.person import PersonScreen
from tui.widgets.candidate_table import Candidate

KANA = "ヤマモト ゴンベエ"
CYRILLIC = "Ямамото Гомбэ"
REASON = "from the association's list"


@pytest.fixture
def unidentified(database: Database, actor: str) -> int:
    forms = (
        NameFormFields(KANA, "register-kana", "kana"),
        NameFormFields(CYRILLIC, "russian-record", "cyrillic"),
    )
    return create_person(database, actor, name="", reading="", forms=forms)


def test_a_candidate_is_named_by_its_first_form(database: Database, unidentified: int) -> None:
    with database.reading() as session:
        (hit,) = persons_by_id(session, [unidentified])
    candidate = Candidate(hit, MatchScore(100, Message("exact match of the reading")))
    assert candidate.name == KANA
    assert candidate.said().splitlines() == [
        f"No. {unidentified} {KANA}: exact match of the reading",
        f"Other forms: {CYRILLIC}",
    ]


def test_a_person_already_on_the_roll_is_named_by_their_first_form(
    database: Database, actor: str, unidentified: int
) -> None:
    with database.session() as session:
        made = ceremonies.create_ceremony(
            session, actor, "追悼の集い", "memorial", "2026-08-23", "千鳥ヶ淵", REASON
        )
    assert made.id is not None
    with database.session() as session:
        roll_entries.add_entry(session, actor, made.id, person_id=unidentified, reason=REASON)
    with pytest.raises(Invalid) as refused, database.session() as session:
        roll_entries.add_entry(session, actor, made.id, person_id=unidentified, reason=REASON)
    assert said(refused.value.reason) == f"{KANA} (person {unidentified}) is already on this roll"


@synchronously
async def test_the_add_name_form_heading_names_the_person_by_their_first_form(
    database: Database, unidentified: int
) -> None:
    app = IreiApp(database, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(PersonScreen(database, "tanaka", unidentified))
        await pilot.press("n")
        await settle(app, pilot)
        assert isinstance(app.screen, NameFormScreen)
        heading = str(app.screen.query_one(".heading", Static).render())
        assert heading == f"Add a form of the name of {KANA} (No. {unidentified})"


@synchronously
async def test_the_correction_form_heading_names_the_person_by_their_first_form(
    database: Database, unidentified: int
) -> None:
    app = IreiApp(database, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(PersonScreen(database, "tanaka", unidentified))
        await pilot.press("e")
        await settle(app, pilot)
        assert isinstance(app.screen, EditForm)
        heading = str(app.screen.query_one(Static).render())
        assert heading == f"Correct the record of {KANA} (No. {unidentified})"
