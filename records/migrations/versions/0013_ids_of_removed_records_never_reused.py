"""the ids of removed places and roll lines are never handed out again

A place added in error and a line of a roll can be removed; their audit events keep their
ids. SQLite, without AUTOINCREMENT, gives the next row the highest id in use plus one, so a
place added after the last one was removed took its id, and its history showed the removed
place's events as its own. PostgreSQL's sequences never hand out an id twice: nothing to do
there.

Each table is rebuilt with AUTOINCREMENT, and its counter starts past every id its audit
events name, so that an id reused before this migration is not reused once more.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-23 09:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Each table and the entity its audit events name it by.
TABLES = {"location": "location", "roll_entry": "RollEntry"}


def upgrade() -> None:
    _rebuild(autoincrement=True)
    if op.get_bind().dialect.name != "sqlite":
        return
    for table, entity in TABLES.items():
        op.execute(
            f"INSERT INTO sqlite_sequence (name, seq) SELECT '{table}', 0 "
            f"WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = '{table}')"
        )
        op.execute(
            "UPDATE sqlite_sequence SET seq = max(seq, "
            f"(SELECT coalesce(max(id), 0) FROM {table}), "
            "(SELECT coalesce(max(entity_id), 0) FROM audit_event "
            f"WHERE entity = '{entity}')) WHERE name = '{table}'"
        )


def downgrade() -> None:
    _rebuild(autoincrement=False)


def _rebuild(autoincrement: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    # Other tables' foreign keys point at these: records.database.migrating checks them once
    # the rebuilt table holds every row again, and not as the old one is dropped.
    for table in TABLES:
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}
        ):
            pass
