"""Alembic runs this to migrate the schema; irei always hands it an open connection."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import records.models  # noqa: F401  (registers the tables on SQLModel.metadata)

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("irei runs its migrations through records.database.upgrade()")

context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
