"""Two registrars open the same record; the one who saves second, from a stale copy, is
refused and told who changed it and when — never a silent overwrite."""

from __future__ import annotations

import pytest

from records.database import Database
from records.errors import StaleEdit
from records.models import Person, RemainsLot
from records.services import lot_status, lots, persons


def _person(db: Database, actor: str) -> int:
    with db.session() as session:
        person = persons.create_person(
            session,
            actor,
            persons.PersonFields(name="佐藤　正", reading="サトウ タダシ"),
            "death register",
        )
    assert person.id is not None
    return person.id


def _opened(db: Database, person_id: int) -> Person:
    """What a screen holds after reading the record."""
    with db.reading() as session:
        person = session.get(Person, person_id)
        assert person is not None
        session.expunge(person)
        return person


def test_second_save_from_a_stale_copy_is_refused_naming_who_and_when(
    any_database: Database,
) -> None:
    person_id = _person(any_database, "registrar-a")
    first_copy = _opened(any_database, person_id)
    second_copy = _opened(any_database, person_id)
    assert first_copy.version == second_copy.version == 1

    with any_database.session() as first:
        persons.update_person(
            first,
            "registrar-a",
            person_id,
            {"death_place": "ハバロフスク"},
            "record from Russia",
            expected_version=first_copy.version,
        )
    with any_database.session() as second, pytest.raises(StaleEdit) as caught:
        persons.update_person(
            second,
            "registrar-b",
            person_id,
            {"death_place": "チタ"},
            "family letter",
            expected_version=second_copy.version,
        )

    refused = caught.value
    assert refused.record == f"Person {person_id}"
    assert (refused.read_version, refused.current_version) == (1, 2)
    assert refused.changed_by == "registrar-a"
    assert refused.changed_at.startswith("20")
    assert "changed by registrar-a at " in str(refused)
    assert "version 1, now 2" in str(refused)
    saved = _opened(any_database, person_id)
    assert (saved.death_place, saved.version) == ("ハバロフスク", 2)


def test_a_save_from_the_current_copy_goes_through(any_database: Database, actor: str) -> None:
    person_id = _person(any_database, actor)
    for version, place in ((1, "ハバロフスク"), (2, "チタ")):
        with any_database.session() as session:
            persons.update_person(
                session, actor, person_id, {"death_place": place}, "fix", expected_version=version
            )

    assert _opened(any_database, person_id).version == 3


def test_a_stale_status_change_of_a_lot_is_refused(any_database: Database, actor: str) -> None:
    with any_database.session() as session:
        lot = lots.register_lot(
            session, "registrar-a", lots.LotFields(lot_number="2019-HB-012-00001"), ["S-1"], "r"
        )
    assert lot.id is not None
    with any_database.session() as session:
        lot_status.change_status(
            session, "registrar-a", lot.id, "affiliation_pending", "sent", expected_version=1
        )

    with any_database.session() as session, pytest.raises(StaleEdit) as caught:
        lots.update_lot(session, actor, lot.id, {"remarks": "fragile"}, "note", expected_version=1)

    assert caught.value.changed_by == "registrar-a"
    with any_database.reading() as session:
        current = session.get(RemainsLot, lot.id)
        assert current is not None
        assert (current.remarks, current.version) == ("", 2)
