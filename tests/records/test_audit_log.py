"""Reading the audit log back (records.audit_log): one user's events found through an index in
the log's order, newest first, so that a user with few events among millions is found at once."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect

from records.audit_log import AuditQuery, audit_events
from records.database import Database
from tests.records.conftest import create_person, migrate


def _plan(db: Database, query: AuditQuery) -> list[str]:
    """How SQLite reads the log for ``query``: each step of its plan."""
    statements: list[tuple[str, Any]] = []

    def record(conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        statements.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        with db.reading() as session:
            audit_events(session, query)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    [(statement, parameters)] = [s for s in statements if "audit_event" in s[0]]
    with db.engine.connect() as connection:
        plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
        return [row[-1] for row in plan]


def test_one_users_events_are_read_by_index_newest_first_without_a_sort(
    database: Database,
) -> None:
    create_person(database, "clerk", name="佐藤　正")
    for query in (AuditQuery(actor="clerk"), AuditQuery(actor="clerk", before_id=2)):
        steps = _plan(database, query)
        assert any("ix_audit_event_actor" in step for step in steps), steps
        assert not any(step.startswith("SCAN audit_event") for step in steps), steps
        assert not any("TEMP B-TREE" in step for step in steps), steps


def _indexes(db: Database) -> set[str]:
    return {index["name"] or "" for index in inspect(db.engine).get_indexes("audit_event")}


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
