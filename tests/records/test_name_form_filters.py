"""Each name form carries a copy of its person's search filters (identified, prefecture,
country, burial site) so that a filtered name search reads one index. The database keeps the
copies, whoever writes: the services, the import, the demo, or SQL typed by hand."""

from __future__ import annotations

from sqlalchemy import select, text
from sqlmodel import col

from records.database import Database
from records.models import BurialSite, NameForm
from records.services import persons
from records.services.persons import NameFormFields, add_name_form
from tests.records.conftest import create_person, name_forms_out_of_step


def _site(db: Database, code: str) -> int:
    with db.session() as session, session.begin():
        site = BurialSite(
            code=code, name=f"{code}埋葬地", region="ハバロフスク地方", country="ロシア", number=1
        )
        session.add(site)
        session.flush()
        assert site.id is not None
        return site.id


def _copies(db: Database, person_id: int) -> set[tuple[object, ...]]:
    with db.reading() as session:
        return set(
            session.execute(
                select(
                    col(NameForm.identified),
                    col(NameForm.prefecture_code),
                    col(NameForm.country),
                    col(NameForm.burial_site_id),
                ).where(col(NameForm.person_id) == person_id)
            ).all()
        )


def test_the_forms_of_a_new_person_carry_the_persons_filters(
    any_database: Database, actor: str
) -> None:
    site = _site(any_database, "HB-012")
    person_id = create_person(
        any_database,
        actor,
        name="佐藤　太郎",
        reading="サトウ タロウ",
        country="ロシア",
        burial_site_id=site,
        prefecture_code="13",
    )
    assert _copies(any_database, person_id) == {(True, "13", "ロシア", site)}


def test_the_copies_follow_every_change_of_the_person(any_database: Database, actor: str) -> None:
    first, second = _site(any_database, "HB-012"), _site(any_database, "HB-013")
    person_id = create_person(
        any_database, actor, reading="サトウ タロウ", country="ロシア", burial_site_id=first
    )
    with any_database.session() as session:
        add_name_form(
            session, actor, person_id, NameFormFields("Сато Таро", "russian-record"), "GARF"
        )
    with any_database.session() as session:
        persons.update_person(
            session,
            actor,
            person_id,
            {
                "name": "佐藤　太郎",
                "identified": True,
                "prefecture_code": "27",
                "burial_site_id": second,
            },
            "identified by DNA",
            expected_version=2,  # the form added above raised it
        )
    assert _copies(any_database, person_id) == {(True, "27", "ロシア", second)}
    assert name_forms_out_of_step(any_database) == []


def test_sql_written_by_hand_keeps_the_copies_too(any_database: Database, actor: str) -> None:
    person_id = create_person(any_database, actor, reading="サトウ タロウ", country="ロシア")
    with any_database.session() as session, session.begin():
        session.execute(
            text("UPDATE person SET country = 'カザフスタン' WHERE id = :id"), {"id": person_id}
        )
        session.execute(
            text(
                "INSERT INTO name_form (person_id, text, script, source, key, given_key) "
                "VALUES (:id, 'Сато', 'cyrillic', 'entered', 'サト', '')"
            ),
            {"id": person_id},
        )
    assert _copies(any_database, person_id) == {(False, "", "カザフスタン", None)}
