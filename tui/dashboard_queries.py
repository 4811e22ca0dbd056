"""The dashboard's figures, and the mark by which every screen sees that the records changed.
Plain SQLAlchemy reads, as in tui.queries."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlmodel import col

from records.database import Database
from records.models import AuditEvent, ImportBatch, Person, RemainsLot
from records.status import LotStatus


@dataclass(frozen=True)
class Dashboard:
    persons: int
    identified: int
    lots_by_status: dict[str, int]
    lots_by_region: list[tuple[str, str, int]]  # (country, region, lots)
    persons_by_country: list[tuple[str, int]]
    imports: list[ImportBatch]


def last_change(database: Database) -> tuple[int, int]:
    """A mark that moves whenever the records change: every change writes an audit event,
    and every import its batch. Two lookups of an indexed maximum, cheap on any size."""
    with database.reading() as session:
        event = session.execute(select(func.max(AuditEvent.id))).scalar_one()
        batch = session.execute(select(func.max(ImportBatch.id))).scalar_one()
    return int(event or 0), int(batch or 0)


def dashboard(database: Database) -> Dashboard:
    with database.reading() as session:
        persons = int(session.execute(select(func.count()).select_from(Person)).scalar_one())
        identified = int(
            session.execute(
                select(func.count()).select_from(Person).where(col(Person.identified))
            ).scalar_one()
        )
        by_status = {s.value: 0 for s in LotStatus}
        for status, count in session.execute(
            select(col(RemainsLot.status), func.count()).group_by(RemainsLot.status)
        ):
            by_status[status] = count
        regions = [
            (country, region, count)
            for country, region, count in session.execute(
                select(col(RemainsLot.country), col(RemainsLot.region), func.count())
                .group_by(RemainsLot.country, RemainsLot.region)
                .order_by(func.count().desc())
            )
        ]
        countries = [
            (country or "—", count)
            for country, count in session.execute(
                select(col(Person.country), func.count())
                .group_by(Person.country)
                .order_by(func.count().desc())
            )
        ]
        imports = list(
            session.execute(
                select(ImportBatch).order_by(col(ImportBatch.id).desc()).limit(8)
            ).scalars()
        )
    return Dashboard(persons, identified, by_status, regions, countries, imports)
