"""analyses store their kind in one form and keep it as written

The kind of a test (鑑定種別) arrives as DNA(Y-STR), ＤＮＡ（Ｙ-ＳＴＲ） or DNA (Y-STR): one
kind. What tells a specimen's tests apart is their kind, so it is now stored in one form
(NFKC, without whitespace: records.analysis_kinds) and compared in it, and the text as written
is kept in kind_text. Each stored analysis keeps what it said: its kind is copied to kind_text
first, then put in the one form.

Links an earlier import made from a test to one of another kind it did not correct
(supersedes_id) are history, and stay as they were recorded.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21 17:10:00
"""

import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _one_form(text: str) -> str:
    # records.analysis_kinds.kind_key as this revision knows it: a migration must not change
    # what it does when that code changes later.
    return "".join(unicodedata.normalize("NFKC", text).split())


def upgrade() -> None:
    # With a default, SQLite adds the column in place. Dropping the default afterwards would
    # copy the table in SQLite, and dropping the old copy breaks the links between superseded
    # analyses (foreign keys are on): the default stays, and the model declares it too.
    op.add_column(
        "analysis",
        sa.Column(
            "kind_text", sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=""
        ),
    )
    op.execute("UPDATE analysis SET kind_text = kind")
    bind = op.get_bind()
    # A handful of kinds among hundreds of thousands of analyses: one statement per kind.
    for (kind,) in bind.execute(sa.text("SELECT DISTINCT kind FROM analysis")).all():
        if _one_form(kind) != kind:
            bind.execute(
                sa.text("UPDATE analysis SET kind = :one WHERE kind = :written"),
                {"one": _one_form(kind), "written": kind},
            )


def downgrade() -> None:
    op.execute("UPDATE analysis SET kind = kind_text WHERE kind_text <> ''")
    # Not a batch, which would copy the table (see upgrade): SQLite drops a column itself
    # since 3.35.
    op.drop_column("analysis", "kind_text")
