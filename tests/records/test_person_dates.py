"""A death date corrected through ``update_person`` is kept as typed and, beside it, read as
far as it goes; a death before the year of birth, or a date that cannot be read, is refused
at the field and changes nothing. A year of birth is shown as written until it is corrected."""

from __future__ import annotations

import pytest

from records.database import Database
from records.dates import parse_date
from records.errors import Invalid
from records.models import Person
from records.services import persons


def _person(db: Database, actor: str) -> Person:
    with db.session() as session:
        fields = persons.PersonFields(name="佐藤　正", reading="サトウ タダシ", birth_year=1921)
        return persons.create_person(session, actor, fields, "death register")


def _stored(db: Database, person_id: int | None) -> Person:
    with db.reading() as session:
        person = session.get(Person, person_id)
        assert person is not None
        return person


@pytest.mark.parametrize(
    ("typed", "value", "precision"),
    [
        ("1945/8/15", "1945-08-15", "day"),
        ("昭和２１年２月", "1946-02", "month"),
        ("", None, None),
    ],
)
def test_a_typed_death_date_is_kept_as_typed_and_read_beside_it(
    database: Database, actor: str, typed: str, value: str | None, precision: str | None
) -> None:
    person = _person(database, actor)
    with database.session() as session:
        persons.update_person(
            session, actor, person.id or 0, {"death_date_text": typed}, "family letter",
            expected_version=person.version,
        )  # fmt: skip
    stored = _stored(database, person.id)
    assert (stored.death_date_text, stored.death_date, stored.death_precision) == (
        typed, value, precision,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"death_date_text": "1919年3月"}, "before the year of birth (1921)"),
        ({"birth_year": 1950, "death_date_text": "1946"}, "before the year of birth (1950)"),
        ({"death_date_text": "昭和21年13月"}, "no month 13"),
    ],
)
def test_an_impossible_death_date_is_refused_at_its_field(
    database: Database, actor: str, changes: dict[str, object], reason: str
) -> None:
    person = _person(database, actor)
    with database.session() as session, pytest.raises(Invalid) as refused:
        persons.update_person(
            session, actor, person.id or 0, changes, "typo", expected_version=person.version
        )
    assert refused.value.field == "death_date_text"
    assert reason in refused.value.reason
    assert _stored(database, person.id).version == person.version


def test_a_new_person_cannot_die_before_being_born(database: Database, actor: str) -> None:
    with database.session() as session, pytest.raises(Invalid, match="before the year of birth"):
        persons.create_person(
            session, actor,
            persons.PersonFields(name="佐藤　正", birth_year=1921, death=parse_date("1920")),
            "death register",
        )  # fmt: skip


def test_the_same_year_of_birth_given_again_keeps_its_text_as_written(
    database: Database, actor: str
) -> None:
    with database.session() as session:
        fields = persons.PersonFields(name="佐藤　正", birth_year=1921, birth_year_text="大正10年")
        person = persons.create_person(session, actor, fields, "death register")

    with database.session() as session:
        persons.update_person(
            session, actor, person.id or 0, {"birth_year": 1921, "remarks": "確認"}, "再読",
            expected_version=person.version,
        )  # fmt: skip

    stored = _stored(database, person.id)
    assert (stored.birth_year, stored.birth_year_text, stored.remarks) == (1921, "大正10年", "確認")


def test_a_corrected_year_of_birth_is_shown_as_corrected_not_as_first_written(
    database: Database, actor: str
) -> None:
    with database.session() as session:
        fields = persons.PersonFields(name="佐藤　正", birth_year=1921, birth_year_text="大正10年")
        person = persons.create_person(session, actor, fields, "death register")

    with database.session() as session:
        persons.update_person(
            session, actor, person.id or 0, {"birth_year": 1922}, "誤記",
            expected_version=person.version,
        )  # fmt: skip

    stored = _stored(database, person.id)
    assert (stored.birth_year, stored.birth_year_text) == (1922, "1922")


@pytest.mark.parametrize(
    ("changes", "year"),
    [
        ({"birth_year_text": "大正11年"}, 1922),
        ({"birth_year": 1922, "birth_year_text": "大正11年"}, 1922),
        ({"birth_year": 1930, "birth_year_text": "大正11年"}, 1922),  # the text is what was read
    ],
)
def test_a_year_of_birth_given_as_written_is_read_and_kept_as_written(
    database: Database, actor: str, changes: dict[str, object], year: int
) -> None:
    person = _person(database, actor)
    with database.session() as session:
        persons.update_person(
            session, actor, person.id or 0, changes, "戸籍", expected_version=person.version
        )

    stored = _stored(database, person.id)
    assert (stored.birth_year, stored.birth_year_text) == (year, "大正11年")


def test_a_year_of_birth_written_as_no_year_is_refused_at_its_field(
    database: Database, actor: str
) -> None:
    person = _person(database, actor)
    with database.session() as session, pytest.raises(Invalid) as refused:
        persons.update_person(
            session, actor, person.id or 0, {"birth_year_text": "大正16年"}, "戸籍",
            expected_version=person.version,
        )  # fmt: skip
    assert refused.value.field == "birth_year"
    assert "outside the 大正 era" in refused.value.reason
    assert _stored(database, person.id).version == person.version
