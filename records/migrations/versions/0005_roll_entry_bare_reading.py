"""a roll entry's bare name keeps its reading, which the roll's gojūon order goes by

A bare name in kana is read as written, but one in kanji (山田太郎, sent on a roll file with no
person to link it to) had no reading at all: it sorted after everybody on every roll and its
フリガナ was printed empty. The reading now has a column of its own, entered by a registrar or
taken from the file's reading column.

Entries recorded before have no reading: nothing but a registrar can read a name in kanji.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 06:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # With a default, SQLite adds the column in place (see 0003); the model declares it too.
    op.add_column(
        "roll_entry",
        sa.Column(
            "bare_reading", sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=""
        ),
    )


def downgrade() -> None:
    # Not a batch, which would copy the table (see 0003).
    op.drop_column("roll_entry", "bare_reading")
