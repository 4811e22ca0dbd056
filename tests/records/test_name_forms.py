"""Adding a form of a person's name: kept exactly as written, tagged by script and source,
audited with its reason; an empty, mistagged or repeated form is refused and nothing written."""

from __future__ import annotations

import json

import pytest
from sqlmodel import col, select

from records import audit
from records.database import Database
from records.errors import Invalid
from records.models import NameForm
from records.names import Script
from records.services.persons import NameFormFields, add_name_form
from tests.records.conftest import MakePerson


def _forms(db: Database, person_id: int) -> list[tuple[str, str, str]]:
    with db.reading() as session:
        return [
            (f.text, f.script, f.source)
            for f in session.exec(
                select(NameForm)
                .where(col(NameForm.person_id) == person_id)
                .order_by(col(NameForm.id))
            )
        ]


def _add(
    db: Database, person_id: int, form: NameFormFields, reason: str = "Russian record"
) -> None:
    with db.session() as session:
        add_name_form(session, "tanaka", person_id, form, reason)


def test_a_cyrillic_form_is_added_as_written_and_audited(
    database: Database, make_person: MakePerson
) -> None:
    person_id = make_person(name="髙橋　正", reading="タカハシ タダシ")

    _add(database, person_id, NameFormFields("Такахаси Тадаси", "russian-record"), " GARF card\n")

    assert _forms(database, person_id)[-1] == ("Такахаси Тадаси", "cyrillic", "russian-record")
    with database.reading() as session:
        last = audit.history(session, "Person", person_id)[-1]
    assert (last.actor, last.action, last.reason) == ("tanaka", "add_name_form", "GARF card")
    assert json.loads(last.after)["text"] == "Такахаси Тадаси"


@pytest.mark.parametrize(
    ("form", "reason", "field"),
    [
        (NameFormFields("  ", "entered"), "letter", "text"),
        (NameFormFields("Сато", ""), "letter", "source"),
        (NameFormFields("Сато", "entered", "greek"), "letter", "script"),
        (NameFormFields("佐藤", "entered", Script.CYRILLIC), "letter", "script"),
        (NameFormFields("さとう", "reading", Script.KANA), " ", "reason"),
        (NameFormFields("タカハシ タダシ", "reading"), "letter", "text"),  # already there
    ],
    ids=["empty", "no-source", "unknown-script", "wrong-script", "no-reason", "repeated"],
)
def test_a_form_that_cannot_be_accepted_is_refused_and_nothing_written(
    database: Database, make_person: MakePerson, form: NameFormFields, reason: str, field: str
) -> None:
    person_id = make_person(name="髙橋　正", reading="タカハシ タダシ")
    before = _forms(database, person_id)

    with pytest.raises(Invalid) as caught:
        _add(database, person_id, form, reason)

    assert caught.value.field == field
    assert _forms(database, person_id) == before
