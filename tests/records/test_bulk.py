"""Bulk inserts: many rows to a statement, every row written exactly as given."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from records.bulk import BATCH, MAX_PARAMETERS, insert_rows
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
