"""Bulk inserts: many rows to a statement, every row written exactly as given."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from records.bulk import BATCH, MAX_PARAMETERS, insert_rows, stored_value
from records.database import Database
from records.models import SEARCH_FILTERS, ImportBatch, NameForm
from tests.records.conftest import create_person

COLUMNS = ("id", "person_id", "text", "script", "source", "key", "given_key", *SEARCH_FILTERS)
PER_STATEMENT = MAX_PARAMETERS // len(COLUMNS)


@pytest.mark.parametrize(
    "count", [1, PER_STATEMENT - 1, PER_STATEMENT, PER_STATEMENT + 1, BATCH + PER_STATEMENT + 7]
)
def test_every_row_is_written_once_and_as_given(
    any_database: Database, actor: str, count: int
) -> None:
    person_id = create_person(any_database, actor, reading="サトウ タロウ")
    # The person's search filters as they are, unknown burial site (None) included.
    filters = (False, "", "", None)
    rows = [
        (1000 + n, person_id, f"佐藤　{n}", "kanji", "entered", f"サトウ{n}", "", *filters)
        for n in range(count)
    ]
    rows[-1] = (rows[-1][0], person_id, "O'Brien'); DROP TABLE person; --", *rows[-1][3:])
    with any_database.session() as session, session.begin():
        assert insert_rows(session.connection(), NameForm.__table__, COLUMNS, rows) == count  # type: ignore[attr-defined]
    with any_database.reading() as session:
        stored = session.execute(
            select(*(getattr(NameForm, c) for c in COLUMNS))
            .where(NameForm.id >= 1000)  # type: ignore[operator]
            .order_by(NameForm.id)  # type: ignore[arg-type]
        ).all()
        assert [tuple(r) for r in stored] == rows


def test_an_empty_iterable_writes_nothing(database: Database) -> None:
    with database.session() as session, session.begin():
        assert insert_rows(session.connection(), ImportBatch.__table__, ("id",), iter([])) == 0  # type: ignore[attr-defined]


def test_a_time_written_in_bulk_is_stored_as_the_orm_stores_it(
    any_database: Database, actor: str
) -> None:
    at = datetime(2026, 11, 21, 20, 28, 42, 104507, tzinfo=UTC)
    table = ImportBatch.__table__  # type: ignore[attr-defined]
    columns = ("id", "file_name", "file_sha256", "profile", "actor", "started_at", "created",
               "updated", "unchanged", "rejected")  # fmt: skip
    with any_database.session() as session, session.begin():
        session.add(
            ImportBatch(
                file_name="orm.xlsx", file_sha256="", profile="p", actor=actor, started_at=at
            )
        )
        conn = session.connection()
        row = (
            1000,
            "bulk.xlsx",
            "",
            "p",
            actor,
            stored_value(conn, table.c.started_at, at),
            0,
            0,
            0,
            0,
        )
        insert_rows(conn, table, columns, [row])
    with any_database.reading() as session:
        read = session.execute(
            select(ImportBatch.file_name, ImportBatch.started_at).order_by(ImportBatch.file_name)  # type: ignore[arg-type]
        ).all()
        assert [tuple(r) for r in read] == [("bulk.xlsx", at), ("orm.xlsx", at)]
        stored = (
            session.connection()
            .exec_driver_sql("SELECT started_at FROM import_batch ORDER BY file_name")
            .scalars()
            .all()
        )
        assert stored[0] == stored[1]  # the same text in SQLite, the same time in PostgreSQL
