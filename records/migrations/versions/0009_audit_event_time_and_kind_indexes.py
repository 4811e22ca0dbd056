"""the audit log is read since a date, and by kind of record, through an index

`irei audit log --since` read the log newest first until it had a page: since this morning, on
a million events, that was every one of them. An index on the time finds the events since a
date and so the lowest event number the page can hold. `--entity lot` sorted every lot event by
number; an index on the kind and the event number reads them in the log's order.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-22 14:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_audit_event_at", "audit_event", ["at"])
    op.create_index("ix_audit_event_kind", "audit_event", ["entity", "id"])


def downgrade() -> None:
    op.drop_index("ix_audit_event_kind", table_name="audit_event")
    op.drop_index("ix_audit_event_at", table_name="audit_event")
