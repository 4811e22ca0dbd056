"""A person's 出身地 corrected through ``update_person`` is read as the import reads a register's:
the prefecture's code is set with the text as written, a blank clears both, and what names no
prefecture nor former territory is refused at the field and changes nothing."""

from __future__ import annotations

import json

import pytest
from sqlmodel import col, select

from records.database import Database
from records.errors import Invalid, StaleEdit
from records.models import AuditEvent, Person
from records.services import persons
from tests.records.conftest import MakePerson


def _correct(db: Database, actor: str, person_id: int, changes: dict[str, object]) -> None:
    with db.writing() as session:
        person = session.get(Person, person_id)
        assert person is not None
        persons.update_person(
            session, actor, person_id, changes, "family letter", expected_version=person.version
        )


def _home(db: Database, person_id: int) -> tuple[str, str, int]:
    with db.reading() as session:
        person = session.get(Person, person_id)
        assert person is not None
        return person.prefecture_code, person.home, person.version


def _updates(db: Database, person_id: int) -> list[AuditEvent]:
    with db.reading() as session:
        return list(
            session.execute(
                select(AuditEvent).where(
                    col(AuditEvent.entity) == "Person",
                    col(AuditEvent.entity_id) == person_id,
                    col(AuditEvent.action) == "update",
                )
            ).scalars()
        )


@pytest.mark.parametrize(
    ("typed", "code", "home"),
    [
        ("大阪府", "27", ""),
        ("ふくしま", "07", "ふくしま"),
        ("福島縣", "07", "福島縣"),
        ("福島県石城郡草野村", "07", "福島県石城郡草野村"),
        ("樺太", "", "樺太"),
        ("１３", "13", ""),
        ("  東京  ", "13", ""),
        ("", "", ""),
    ],
)
def test_a_typed_home_sets_the_prefecture_code_with_the_text_as_written(
    database: Database, actor: str, make_person: MakePerson, typed: str, code: str, home: str
) -> None:
    person_id = make_person(name="佐藤　正", prefecture_code="01")
    _correct(database, actor, person_id, {"home": typed})
    assert _home(database, person_id)[:2] == (code, home)


def test_a_corrected_home_is_audited_before_and_after(
    database: Database, actor: str, make_person: MakePerson
) -> None:
    person_id = make_person(name="佐藤　正", prefecture_code="07")
    _correct(database, actor, person_id, {"home": "樺太"})
    [event] = _updates(database, person_id)
    assert (event.actor, event.reason) == (actor, "family letter")
    assert json.loads(event.before or "{}") == {"prefecture_code": "07", "home": "", "version": 1}
    assert json.loads(event.after or "{}") == {"prefecture_code": "", "home": "樺太", "version": 2}


def test_a_home_retyped_as_stored_writes_nothing(
    database: Database, actor: str, make_person: MakePerson
) -> None:
    person_id = make_person(name="佐藤　正", prefecture_code="07")
    _correct(database, actor, person_id, {"home": "福島"})  # 福島県's plain name, as stored
    assert _home(database, person_id) == ("07", "", 1)
    assert _updates(database, person_id) == []


TWO = "names more than one prefecture (長崎県、佐賀県): give the one the record means"


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("48", "is not a prefecture or former territory"),
        ("満州国", "is not a prefecture or former territory"),
        ("東京市", "is not a prefecture or former territory"),
        # Two named: refused rather than read as the first; no one may choose for the record.
        ("長崎県、佐賀県", TWO),
        ("長崎県又は佐賀縣", TWO),
    ],
)
def test_a_home_that_names_no_prefecture_nor_territory_or_two_is_refused(
    database: Database, actor: str, make_person: MakePerson, typed: str, said: str
) -> None:
    person_id = make_person(name="佐藤　正", prefecture_code="07")
    with pytest.raises(Invalid) as refused:
        _correct(database, actor, person_id, {"home": typed})
    assert refused.value.field == "home"
    assert refused.value.reason == f"{typed!r} {said}"
    assert _home(database, person_id) == ("07", "", 1)


def test_a_home_and_a_prefecture_code_given_together_are_refused(
    database: Database, actor: str, make_person: MakePerson
) -> None:
    person_id = make_person(name="佐藤　正", prefecture_code="07")
    with pytest.raises(Invalid) as refused:
        _correct(database, actor, person_id, {"home": "樺太", "prefecture_code": "13"})
    assert refused.value.field == "home"
    assert _home(database, person_id) == ("07", "", 1)


def test_a_home_corrected_from_a_stale_copy_is_refused(
    database: Database, actor: str, make_person: MakePerson
) -> None:
    person_id = make_person(name="佐藤　正", prefecture_code="07")
    _correct(database, "registrar-a", person_id, {"home": "福島縣"})
    with database.session() as session, pytest.raises(StaleEdit):
        persons.update_person(
            session, actor, person_id, {"home": "樺太"}, "family letter", expected_version=1
        )
    assert _home(database, person_id) == ("07", "福島縣", 2)


def test_an_address_naming_one_prefecture_is_read_as_it(
    database: Database, actor: str, make_person: MakePerson
) -> None:
    person_id = make_person(name="佐藤　正", prefecture_code="07")
    _correct(database, actor, person_id, {"home": "長崎県北松浦郡佐々村"})
    assert _home(database, person_id)[:2] == ("42", "長崎県北松浦郡佐々村")
