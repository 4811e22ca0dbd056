"""A person recorded as identified keeps a name: clearing it, or marking a nameless person
identified, is refused at the name (or the identified field) and nothing is written; both
changed together, as when an identification is withdrawn, are accepted."""

from __future__ import annotations

import pytest

from records import audit
from records.database import Database
from records.errors import Invalid
from records.models import Person
from records.services.persons import update_person
from tests.records.conftest import MakePerson


def _update(db: Database, person_id: int, changes: dict[str, object]) -> None:
    with db.session() as session:
        update_person(session, "tanaka", person_id, changes, "letter", expected_version=1)


@pytest.mark.parametrize("name", ["", "\u3000 "], ids=["empty", "blank"])
def test_an_identified_persons_name_cannot_be_cleared(
    database: Database, make_person: MakePerson, name: str
) -> None:
    person_id = make_person(name="髙橋　正", reading="タカハシ タダシ")

    with pytest.raises(Invalid) as refused:
        _update(database, person_id, {"name": name})

    assert refused.value.field == "name"
    assert "identified" in str(refused.value.reason)
    with database.reading() as session:
        person = session.get(Person, person_id)
        assert person is not None and (person.name, person.version) == ("髙橋　正", 1)
        assert len(audit.history(session, "Person", person_id)) == 1


def test_a_nameless_person_cannot_be_marked_identified(
    database: Database, make_person: MakePerson
) -> None:
    person_id = make_person(reading="タカハシ タダシ")

    with pytest.raises(Invalid) as refused:
        _update(database, person_id, {"identified": True})

    assert refused.value.field == "identified"
    with database.reading() as session:
        person = session.get(Person, person_id)
        assert person is not None and not person.identified and person.version == 1


def test_an_identification_withdrawn_with_its_name_is_accepted(
    database: Database, make_person: MakePerson
) -> None:
    person_id = make_person(name="髙橋　正", reading="タカハシ タダシ")

    _update(database, person_id, {"name": "", "identified": False})

    with database.reading() as session:
        person = session.get(Person, person_id)
        assert person is not None and (person.name, person.identified) == ("", False)


def test_a_person_is_created_identified_only_with_a_name(
    database: Database, make_person: MakePerson
) -> None:
    named_id = make_person(name="髙橋　正")
    nameless_id = make_person(name="\u3000", reading="タカハシ")
    with database.reading() as session:
        named, nameless = session.get(Person, named_id), session.get(Person, nameless_id)
    assert named is not None and named.identified
    assert nameless is not None and not nameless.identified
