"""a hand-over keeps the person whose family received the remains

The custody history named the family a lot was handed to from the lot's DNA matches as they
stand today. A later test superseding them, or naming someone else, then rewrote a hand-over
that had already happened. The event now keeps its person, as the audit event of the
hand-over always noted it (its "person_id"); the hand-overs recorded before are filled in
from those audit events.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22 10:30:00
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nullable, so SQLite adds the column in place (see 0003), with its reference to the
    # person, which Alembic would add apart (and SQLite cannot); the model declares the same.
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("ALTER TABLE custody_event ADD COLUMN person_id INTEGER REFERENCES person (id)")
    else:
        op.add_column(
            "custody_event",
            sa.Column("person_id", sa.Integer(), sa.ForeignKey("person.id"), nullable=True),
        )
    _fill_in_the_hand_overs(bind)


def _fill_in_the_hand_overs(bind: sa.Connection) -> None:
    """Each hand-over's person, from the audit events that moved its lot to handed_to_family:
    the n-th hand-over of a lot (one withdrawn may have gone before) is its n-th such event."""
    events = bind.execute(
        sa.text("SELECT id, lot_id FROM custody_event WHERE kind = 'handed_to_family' ORDER BY id")
    ).all()
    if not events:
        return
    persons: dict[int, list[int | None]] = {}
    changes = bind.execute(
        sa.text(
            "SELECT entity_id, after FROM audit_event WHERE entity = 'RemainsLot' "
            "AND after LIKE '%handed_to_family%' ORDER BY id"
        )
    )
    for lot_id, after in changes:
        noted = json.loads(after or "{}")
        if noted.get("status") == "handed_to_family":
            persons.setdefault(lot_id, []).append(noted.get("person_id"))
    update = sa.text("UPDATE custody_event SET person_id = :person WHERE id = :id")
    for event_id, lot_id in events:
        found = persons.get(lot_id)
        if found:
            person = found.pop(0)
            if person is not None:
                bind.execute(update, {"person": person, "id": event_id})


def downgrade() -> None:
    # SQLite drops no column that references another table in place: the batch copies the
    # table without it. Nothing is lost: the audit event of each hand-over notes its person.
    with op.batch_alter_table("custody_event") as table:
        table.drop_column("person_id")
