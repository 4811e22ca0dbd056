"""A lot's and a person's history hold the tests bearing on them: the tests of the lot's
specimens, and the DNA matches naming the person, entered by hand or imported, each in its
place in time, read by index however many tests the database holds."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import col, select

from records.audit import ImportCreation
from records.audit_log import lot_history, person_history
from records.database import Database
from records.models import AuditEvent, Specimen
from tests.importers.conftest import SAMPLES
from tests.importers.test_import_pipeline import results, run
from tests.records.conftest import analyse, identify, query_plan, register_lot


def _kinds(history: list[ImportCreation | AuditEvent]) -> list[tuple[str, str]]:
    return [(item.entity, item.action) for item in history]


def test_a_lots_history_holds_the_tests_of_its_specimens_after_its_registration(
    database: Database, actor: str
) -> None:
    lot_id = register_lot(database, actor, ("HB-012-19-0201", "HB-012-19-0202"))
    other_lot = register_lot(database, actor, ("HB-012-19-0301",))
    test_id = analyse(database, actor, lot_id, "japanese")
    analyse(database, actor, other_lot, "not_japanese")

    with database.reading() as session:
        history = lot_history(session, lot_id)

    assert _kinds(history) == [("RemainsLot", "register"), ("Analysis", "analysis")]
    assert history[1].entity_id == test_id
    assert history[1].reason == "laboratory report"


def test_a_persons_history_holds_the_matches_naming_them_and_no_other(
    database: Database, actor: str
) -> None:
    lot_id = register_lot(database, actor)
    person_id = identify(database, actor, lot_id)
    other = identify(database, actor, register_lot(database, actor))

    with database.reading() as session:
        history = person_history(session, person_id)
        others = person_history(session, other)

    assert _kinds(history) == [("Person", "create"), ("Analysis", "analysis")]
    assert history[1].entity_id not in {e.entity_id for e in others}


def test_an_imported_test_shows_on_its_lot_from_its_file_and_row_after_the_lot(
    database: Database, tmp_path: Path
) -> None:
    """An import creates its tests without an event each: their creation is read from the
    batch and shown where the batch began, after the lot's own import."""
    run(database, SAMPLES / "recovery_messy.xlsx")
    run(database, results(tmp_path / "a.csv", "ZB-027-01-0000,DNA(STR),日本人以外,,,2025-05-01,"))
    with database.reading() as session:
        lot_id = session.execute(
            select(Specimen.lot_id).where(col(Specimen.number) == "ZB-027-01-0000")
        ).scalar_one()
        history = lot_history(session, lot_id)

    test = history[-1]
    assert isinstance(test, ImportCreation)
    assert (test.entity, test.file, test.row) == ("Analysis", "a.csv", 2)
    assert all(item.at <= test.at for item in history)


def test_the_tests_bearing_on_a_record_are_found_by_index_without_a_scan(
    database: Database, actor: str
) -> None:
    lot_id = register_lot(database, actor)
    person_id = identify(database, actor, lot_id)
    for read in (
        lambda session: lot_history(session, lot_id),
        lambda session: person_history(session, person_id),
    ):
        steps = query_plan(database, read)
        assert any("ix_audit_event_entity" in step for step in steps), steps
        assert not any(step.startswith("SCAN") for step in steps), steps
