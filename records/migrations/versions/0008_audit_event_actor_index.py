"""the audit log is read by user through an index

`irei audit log --actor` read the whole audit log, newest first, to find one user's events:
on a million events a user with none read every one of them. An index on the user and the
event number finds a user's events in the order the log is read, newest first, with no sort.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22 12:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_audit_event_actor", "audit_event", ["actor", "id"])


def downgrade() -> None:
    op.drop_index("ix_audit_event_actor", table_name="audit_event")
