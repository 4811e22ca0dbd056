"""Reading the audit log back (records.audit_log): one user's events, one kind of record's, or
the events since a date found through an index in the log's order, newest first, so that a few
events among millions are found at once."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, update

from importers.pipeline import apply_import, prepare_import
from records import audit_log
from records.audit_log import AuditQuery, audit_events
from records.database import Database
from records.models import AuditEvent
from tests.importers.conftest import SAMPLES
from tests.records.conftest import create_person, migrate, query_plan


def _plan(db: Database, query: AuditQuery) -> list[str]:
    """How SQLite reads the log for ``query``: each step of the plans of its statements."""
    return query_plan(db, lambda session: audit_events(session, query), "audit_event")


def test_one_users_events_are_read_by_index_newest_first_without_a_sort(
    database: Database,
) -> None:
    create_person(database, "clerk", name="佐藤　正")
    for query in (AuditQuery(actor="clerk"), AuditQuery(actor="clerk", before_id=2)):
        steps = _plan(database, query)
        assert any("ix_audit_event_actor" in step for step in steps), steps
        assert not any(step.startswith("SCAN audit_event") for step in steps), steps
        assert not any("TEMP B-TREE" in step for step in steps), steps


def _read_without_a_scan_or_sort(steps: list[str]) -> bool:
    return not any(step.startswith("SCAN audit_event") or "TEMP B-TREE" in step for step in steps)


def test_the_events_since_a_date_are_read_by_the_time_index_and_no_further_back(
    database: Database,
) -> None:
    create_person(database, "clerk", name="佐藤　正")
    for query in (
        AuditQuery(since="2026-04-01"),
        AuditQuery(actor="clerk", since="2026-04-01"),
        AuditQuery(since="2099-01-01"),
    ):
        steps = _plan(database, query)
        assert any("ix_audit_event_at" in step for step in steps), steps
        assert _read_without_a_scan_or_sort(steps), steps


def test_one_kind_of_records_events_are_read_by_index_newest_first_without_a_sort(
    database: Database,
) -> None:
    create_person(database, "clerk", name="佐藤　正")
    steps = _plan(database, AuditQuery(entity="person"))
    assert any("ix_audit_event_kind" in step for step in steps), steps
    assert _read_without_a_scan_or_sort(steps), steps


def _set_back(db: Database, event_id: int, at: str) -> None:
    with db.engine.begin() as connection:
        connection.execute(update(AuditEvent).where(AuditEvent.id == event_id).values(at=at))


@pytest.mark.parametrize(
    "read_through", [1_000, 1], ids=["by the time index", "too many for the time index"]
)
def test_an_event_written_by_a_clock_set_back_is_still_found_in_its_place(
    database: Database, monkeypatch: pytest.MonkeyPatch, read_through: int
) -> None:
    """Times come from the writing machine's clock: the events since a date are all found, and
    in the log's order, even where a clock made the times run backwards."""
    monkeypatch.setattr(audit_log, "SINCE_READ_THROUGH", read_through)
    for _ in range(4):
        create_person(database, "clerk", name="佐藤　正")
    _set_back(database, 1, "2026-05-02T09:00:00.000000+00:00")
    _set_back(database, 2, "2026-05-01T09:00:00.000000+00:00")
    _set_back(database, 3, "2026-04-30T09:00:00.000000+00:00")
    _set_back(database, 4, "2026-04-30T10:00:00.000000+00:00")

    with database.reading() as session:
        found = audit_events(session, AuditQuery(since="2026-05-01"))

    assert [e.id for e in found] == [2, 1]


def _indexes(db: Database) -> set[str]:
    return {index["name"] or "" for index in inspect(db.engine).get_indexes("audit_event")}


def test_one_imports_events_are_read_by_number_within_its_time_without_a_scan_or_sort(
    database: Database,
) -> None:
    create_person(database, "clerk", name="佐藤　正")
    batch = apply_import(database, "clerk", prepare_import(SAMPLES / "soviet_deaths_clean.xlsx"))
    create_person(database, "clerk", name="鈴木　一郎")
    assert batch.batch_id is not None
    query = AuditQuery(batch=batch.batch_id)

    steps = _plan(database, query)

    assert any("ix_audit_event_at" in step for step in steps), steps
    assert _read_without_a_scan_or_sort(steps), steps
    with database.reading() as session:
        assert [e.action for e in audit_events(session, query)] == ["import"]


def test_migration_0008_adds_the_actor_index_and_takes_it_back(any_database: Database) -> None:
    for actor in ("clerk", "registrar", "clerk"):
        create_person(any_database, actor, name="佐藤　正")
    migrate(any_database, "0007")
    assert "ix_audit_event_actor" not in _indexes(any_database)

    migrate(any_database, "head")

    assert "ix_audit_event_actor" in _indexes(any_database)
    with any_database.reading() as session:
        found = audit_events(session, AuditQuery(actor="clerk"))
    assert [(e.actor, e.id) for e in found] == [("clerk", 3), ("clerk", 1)]


def test_migration_0009_adds_the_time_and_kind_indexes_and_takes_them_back(
    any_database: Database,
) -> None:
    for actor in ("clerk", "registrar", "clerk"):
        create_person(any_database, actor, name="佐藤　正")
    migrate(any_database, "0008")
    assert not {"ix_audit_event_at", "ix_audit_event_kind"} & _indexes(any_database)

    migrate(any_database, "head")

    assert {"ix_audit_event_at", "ix_audit_event_kind"} <= _indexes(any_database)
    with any_database.reading() as session:
        found = audit_events(session, AuditQuery(entity="person", since="2020-01-01"))
    assert [e.id for e in found] == [3, 2, 1]
