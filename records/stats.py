"""Counts for the dashboard and ``irei stats``."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, SQLModel, col

from records.models import (
    Analysis,
    AuditEvent,
    Ceremony,
    CustodyEvent,
    ImportBatch,
    Person,
    RemainsLot,
    RollEntry,
    Specimen,
)
from records.status import LotStatus


def _count(session: Session, model: type[SQLModel]) -> int:
    return int(session.execute(select(func.count()).select_from(model)).scalar_one())


def _grouped(session: Session, column: Any) -> dict[str, int]:
    rows = session.execute(select(column, func.count()).group_by(column).order_by(column))
    return {str(key): count for key, count in rows}


def statistics(session: Session) -> dict[str, Any]:
    identified = session.execute(
        select(func.count()).select_from(Person).where(col(Person.identified))
    ).scalar_one()
    persons = _count(session, Person)
    by_status = {status.value: 0 for status in LotStatus}
    by_status.update(_grouped(session, RemainsLot.status))
    return {
        "persons": {
            "total": persons,
            "identified": identified,
            "unidentified": persons - identified,
            "by_country": _grouped(session, Person.country),
        },
        "lots": {
            "total": _count(session, RemainsLot),
            "by_status": by_status,
            "by_country": _grouped(session, RemainsLot.country),
        },
        "specimens": {"total": _count(session, Specimen)},
        "analyses": {"total": _count(session, Analysis)},
        "custody_events": _custody_events(session),
        "ceremonies": {
            "total": _count(session, Ceremony),
            "roll_entries": _count(session, RollEntry),
        },
        "imports": {"total": _count(session, ImportBatch)},
        "audit_events": {"total": _count(session, AuditEvent)},
    }


def _custody_events(session: Session) -> dict[str, int]:
    """The events that stand, and apart those withdrawn as recorded in error: kept, but they
    never happened."""
    withdrawn = int(
        session.execute(
            select(func.count())
            .select_from(CustodyEvent)
            .where(col(CustodyEvent.withdrawn_at).is_not(None))
        ).scalar_one()
    )
    return {"total": _count(session, CustodyEvent) - withdrawn, "withdrawn": withdrawn}
