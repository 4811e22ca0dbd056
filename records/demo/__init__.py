"""A synthetic database at any scale, shaped like the real records: kanji names with readings,
katakana garbled by Russian clerks, Cyrillic, sites in Russia, Mongolia and Kazakhstan, lots
in every status, custody, an ossuary with vaults, and the two yearly ceremonies.

It is written through the bulk path (tuples, executemany, indexes built once afterwards) in
one transaction and recorded as one import batch with one audit event."""

from __future__ import annotations

import random

from sqlalchemy import func
from sqlmodel import Session, select

from records import audit
from records.bulk import widened_cache
from records.database import Database
from records.demo.pools import FAMILY, GIVEN
from records.demo.shape import COMMITTEE, DEMO_FILE, DEMO_PROFILE, Progress
from records.demo.writer import DemoSummary, DemoWriter
from records.errors import IreiError
from records.models import ImportBatch, Person, RemainsLot

__all__ = [
    "COMMITTEE",
    "DEMO_FILE",
    "DEMO_PROFILE",
    "FAMILY",
    "GIVEN",
    "DemoSummary",
    "build_demo",
    "existing_demo_size",
    "is_empty",
]


def existing_demo_size(database: Database) -> int | None:
    """The number of people the demo generator made in a demo database, or None if this is
    not one. Only theirs: people imported into the demo afterwards (a sample file, tried out)
    do not make it a demo of another size, to be built again in its place."""
    with database.reading() as session:
        batch = session.execute(
            select(ImportBatch.id).where(ImportBatch.profile == DEMO_PROFILE).limit(1)
        ).first()
        if batch is None:
            return None
        made = select(func.count()).where(Person.import_batch_id == batch.id)
        return int(session.execute(made).scalar_one())


def is_empty(database: Database) -> bool:
    with database.reading() as session:
        return session.execute(select(Person.id).limit(1)).first() is None and (
            session.execute(select(RemainsLot.id).limit(1)).first() is None
        )


def build_demo(
    database: Database, actor: str, size: int, seed: int = 1945, progress: Progress | None = None
) -> DemoSummary:
    """Fill an empty database with ``size`` people and lots in proportion."""
    if size < 10:
        raise IreiError("a demo needs at least 10 persons")
    if not is_empty(database):
        raise IreiError(
            f"{database.display_url()} already holds records; a demo is built only into an "
            "empty database"
        )
    report = progress or (lambda _stage, _done, _total: None)
    with Session(database.engine) as session, session.begin():
        conn = session.connection()
        with widened_cache(conn):
            writer = DemoWriter(conn, random.Random(seed), actor, report)
            summary = writer.write(size)
        audit.record(
            session,
            actor,
            "demo",
            "ImportBatch",
            writer.batch_id,
            after=vars(summary),
            reason=f"demo database of {size} persons",
        )
    return summary
