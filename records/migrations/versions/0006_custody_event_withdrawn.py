"""a custody event recorded in error is withdrawn, never deleted

A status recorded on the wrong lot, or by mistake, stayed for ever, and the transitions allowed
after it could make the lot's real state impossible to record. The lot's latest event can now
be withdrawn: the event stays, marked with when, by whom and why, and every reader of the
history treats it as not having happened.

Each event also keeps the status the lot had before it, so that a withdrawal puts back exactly
that one. Events recorded before have none (NULL): their withdrawal derives it from the events
before them (records.services.custody).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 08:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # With a default, or nullable, SQLite adds a column in place (see 0003); the model
    # declares the same.
    text = sqlmodel.sql.sqltypes.AutoString()
    op.add_column(
        "custody_event",
        sa.Column("withdrawn_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    )
    op.add_column(
        "custody_event", sa.Column("withdrawn_by", text, nullable=False, server_default="")
    )
    op.add_column(
        "custody_event", sa.Column("withdrawn_reason", text, nullable=False, server_default="")
    )
    op.add_column("custody_event", sa.Column("status_before", text, nullable=True))


def downgrade() -> None:
    # Not a batch, which would copy the table (see 0003). A withdrawn event would read as
    # standing again below this revision: going down loses the withdrawals, so refuse it
    # rather than silently bring back events a registrar withdrew.
    bind = op.get_bind()
    withdrawn = bind.execute(
        sa.text("SELECT count(*) FROM custody_event WHERE withdrawn_at IS NOT NULL")
    ).scalar_one()
    if withdrawn:
        raise RuntimeError(
            f"{withdrawn} custody event(s) are withdrawn: below revision 0006 they would "
            "read as standing again"
        )
    for column in ("status_before", "withdrawn_reason", "withdrawn_by", "withdrawn_at"):
        op.drop_column("custody_event", column)
