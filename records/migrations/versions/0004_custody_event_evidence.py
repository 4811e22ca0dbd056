"""a decision's custody event keeps the analyses it cites beside the reason

The custody event of an affiliation decision had no place but its reason for the analyses the
decision cites, so the lot's history showed the registrar's Japanese reason followed by
"(evidence: …)" in English. The analyses, each named, now have their own column, which the
history shows under its label in the registrar's language.

Events recorded before keep their reason as it was written, evidence and all: nothing tells a
registrar's own parenthesis from the one the app appended, and a record is never silently
altered. Downgrading appends the evidence to the reason again, as it was kept then.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 06:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # With a default, SQLite adds the column in place (see 0003); the model declares it too.
    op.add_column(
        "custody_event",
        sa.Column(
            "evidence", sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=""
        ),
    )


def downgrade() -> None:
    # records.services.lots' reason before this revision: "<reason> (evidence: <evidence>)".
    op.execute(
        "UPDATE custody_event SET reason = reason || ' (evidence: ' || evidence || ')' "
        "WHERE evidence <> ''"
    )
    # Not a batch, which would copy the table (see 0003).
    op.drop_column("custody_event", "evidence")
