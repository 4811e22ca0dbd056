"""a person keeps their home prefecture (出身地) as written when it is not a plain name

The registers are wartime documents: they write 福島縣 for 福島県, an address beginning with
the prefecture (福島県石城郡草野村), or a former territory with no JIS code (樺太, 朝鮮). Such a
row was rejected; it now imports with the prefecture's code (none for a territory) and keeps
the text as written in this column.

Persons imported before were all written as a prefecture's plain name, which leaves the column
empty: they keep '' and a re-import of their file changes nothing.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23 01:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # With a default, SQLite adds the column in place (see 0003); the model declares it too.
    op.add_column(
        "person",
        sa.Column("home", sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=""),
    )


def downgrade() -> None:
    # Not a batch, which would copy the table (see 0003).
    op.drop_column("person", "home")
