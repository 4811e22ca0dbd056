"""an analysis entered in error is withdrawn, never deleted

A test entered by hand on the wrong specimen, of the wrong kind or dated wrongly stayed
evidence for ever. It can now be withdrawn: it stays, marked with when, by whom and why, and
every reader of the evidence (the matches, the affiliation form, the order in which tests of a
kind supersede each other) treats it as absent.

Analyses recorded before stand: withdrawn_at is NULL.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-23 06:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # With a default, or nullable, SQLite adds a column in place (see 0003); the model
    # declares the same.
    text = sqlmodel.sql.sqltypes.AutoString()
    op.add_column(
        "analysis",
        sa.Column("withdrawn_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    )
    op.add_column("analysis", sa.Column("withdrawn_by", text, nullable=False, server_default=""))
    op.add_column(
        "analysis", sa.Column("withdrawn_reason", text, nullable=False, server_default="")
    )


def downgrade() -> None:
    # Not a batch, which would copy the table (see 0003). A withdrawn test would read as
    # evidence again below this revision: refuse rather than silently bring it back.
    bind = op.get_bind()
    withdrawn = bind.execute(
        sa.text("SELECT count(*) FROM analysis WHERE withdrawn_at IS NOT NULL")
    ).scalar_one()
    if withdrawn:
        raise RuntimeError(
            f"{withdrawn} analysis(es) are withdrawn: below revision 0011 they would read as "
            "evidence again"
        )
    for column in ("withdrawn_reason", "withdrawn_by", "withdrawn_at"):
        op.drop_column("analysis", column)
