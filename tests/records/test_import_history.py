"""A record an import created in bulk has no creation event of its own (the batch has one for
all its rows), yet its history begins with its creation: who imported it, when, from which
file, sheet and row, in which batch. Later corrections, by import or by hand, follow it."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import col, select

from records import audit
from records.audit import ImportCreation
from records.database import Database
from records.models import AuditEvent, Person, RemainsLot, Specimen
from records.services import persons
from tests.importers.test_csv_rows import lots_csv
from tests.importers.test_import_pipeline import ROW, register, run


def _person_numbered(db: Database, register_no: int) -> int:
    with db.reading() as session:
        person_id = session.execute(
            select(Person.id).where(col(Person.register_no) == register_no)
        ).scalar_one()
    assert person_id is not None
    return person_id


def _history(db: Database, entity: str, entity_id: int) -> list[ImportCreation | AuditEvent]:
    with db.reading() as session:
        return audit.record_history(session, entity, entity_id)


def test_an_imported_persons_history_begins_with_who_imported_it_from_which_file_and_row(
    any_database: Database, tmp_path: Path
) -> None:
    report = run(any_database, register(tmp_path / "名簿.xlsx", [ROW, [2, *ROW[1:]]]))
    assert report.batch_id is not None

    history = _history(any_database, "Person", _person_numbered(any_database, 2))

    [created] = history
    assert isinstance(created, ImportCreation)
    assert (created.actor, created.action) == ("tester", "import")
    assert created.batch_id == report.batch_id
    assert (created.file, created.sheet, created.row) == ("名簿.xlsx", "Sheet", 3)
    assert created.reason == f"import batch {report.batch_id} (名簿.xlsx)"
    assert created.at.endswith("+00:00")


def test_an_imported_lot_and_its_specimen_begin_with_the_recovery_file_row(
    any_database: Database, tmp_path: Path
) -> None:
    report = run(any_database, lots_csv(tmp_path / "recovery.csv", 3, {}))
    with any_database.reading() as session:
        lot = session.execute(
            select(RemainsLot).where(col(RemainsLot.lot_number) == "2004-ZB-022-00002")
        ).scalar_one()
        specimen = session.execute(
            select(Specimen).where(col(Specimen.lot_id) == lot.id)
        ).scalar_one()
    assert lot.id is not None and specimen.id is not None

    for entity, entity_id in (("RemainsLot", lot.id), ("Specimen", specimen.id)):
        [created] = _history(any_database, entity, entity_id)
        assert isinstance(created, ImportCreation)
        assert (created.file, created.sheet, created.row) == ("recovery.csv", "recovery.csv", 3)
        assert created.batch_id == report.batch_id


def test_corrections_by_a_later_import_and_by_hand_follow_the_import_in_time_order(
    any_database: Database, tmp_path: Path, actor: str
) -> None:
    first = run(any_database, register(tmp_path / "a.xlsx", [ROW]))
    corrected = [*ROW[:10], "遺族確認済"]
    second = run(any_database, register(tmp_path / "b.xlsx", [corrected]))
    person_id = _person_numbered(any_database, 1)
    with any_database.session() as session:
        persons.update_person(
            session, actor, person_id, {"death_place": "ハバロフスク"}, "family letter",
            expected_version=2,
        )  # fmt: skip

    history = _history(any_database, "Person", person_id)

    assert [(e.action, e.actor) for e in history] == [
        ("import", "tester"),
        ("update", "tester"),
        ("update", actor),
    ]
    created = history[0]
    assert isinstance(created, ImportCreation)
    assert (created.file, created.batch_id) == ("a.xlsx", first.batch_id)
    assert history[1].reason == f"import batch {second.batch_id} (b.xlsx)"
    assert [e.at for e in history] == sorted(e.at for e in history)


def test_a_person_created_by_hand_has_only_its_own_creation_event(
    any_database: Database, actor: str
) -> None:
    with any_database.session() as session:
        person = persons.create_person(
            session, actor, persons.PersonFields(name="佐藤　正", reading="サトウ タダシ"), "letter"
        )
    assert person.id is not None

    history = _history(any_database, "Person", person.id)

    assert [(type(e), e.action) for e in history] == [(AuditEvent, "create")]


@pytest.mark.postgres
def test_on_a_server_keeping_tokyo_time_the_import_is_shown_at_its_utc_time(
    pg_database_in_tokyo: Database, tmp_path: Path
) -> None:
    before = audit.now_utc().isoformat(timespec="microseconds")
    run(pg_database_in_tokyo, register(tmp_path / "名簿.xlsx", [ROW]))
    after = audit.now_utc().isoformat(timespec="microseconds")

    person_id = _person_numbered(pg_database_in_tokyo, 1)
    [created] = _history(pg_database_in_tokyo, "Person", person_id)

    # Read back in the server's zone, or shifted by its nine hours, it would fall outside.
    assert before <= created.at <= after
