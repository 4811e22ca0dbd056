"""the lots of a place are found through an index on the place they lie in

A place's count takes in the lots of the places under it, and Enter on a place lists them: each
read every lot of the table, 240,000 at the national scale, to find the few in one section.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-23 06:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_remains_lot_location_id", "remains_lot", ["location_id"])


def downgrade() -> None:
    op.drop_index("ix_remains_lot_location_id", table_name="remains_lot")
