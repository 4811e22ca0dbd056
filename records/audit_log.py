"""Reading the audit log back for a registrar: its events newest first, of one record, by one
person, of one import or since a date, a page at a time by event number so that it stays fast
on millions; and a lot's or a person's history together with that of the tests bearing on it."""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select
from sqlmodel import Session, col, func, select

from records.audit import ImportCreation, import_creation, record_history
from records.dates import DateUnreadable, parse_date
from records.errors import Invalid, NotFound
from records.messages import Message
from records.models import Analysis, AuditEvent, ImportBatch, Specimen

# The records the log speaks of, by the name a registrar asks for them and the name their
# events carry (written by the services, never renamed: the chain's hashes cover them).
ENTITIES: dict[str, str] = {
    "person": "Person",
    "lot": "RemainsLot",
    "analysis": "Analysis",
    "ceremony": "Ceremony",
    "roll_entry": "RollEntry",
    "place": "location",
    "import": "ImportBatch",
}
ASKED_AS = {stored: asked for asked, stored in ENTITIES.items()}
# Past this many events since the date asked, the log read newest first meets a page of them
# sooner than the time index is read through for the lowest event number (_events_since).
SINCE_READ_THROUGH = 10_000


@dataclass(frozen=True)
class AuditQuery:
    """Which events a registrar asks for; each criterion left out matches every event."""

    entity: str | None = None  # as ENTITIES names it: "person", "roll_entry" …
    # Only with an entity: its records' events (one, or each analysis of a specimen).
    entity_ids: tuple[int, ...] | None = None
    actor: str | None = None
    since: str | None = None  # a date in any spelling the app reads: 2026-04-01, 令和8年4月
    before_id: int | None = None  # the page after the one that ended at this event
    batch: int | None = None  # the events one import wrote: its corrections and its summary


def audit_events(session: Session, query: AuditQuery, limit: int = 50) -> list[AuditEvent]:
    """The events that match, newest first, at most ``limit``."""
    statement = select(AuditEvent).order_by(col(AuditEvent.id).desc()).limit(limit)
    if query.entity is not None:
        statement = statement.where(col(AuditEvent.entity) == _stored_entity(query.entity))
    if query.entity_ids is not None:
        if query.entity is None:
            raise Invalid("id", Message("say which kind of record the id is of"))
        statement = statement.where(col(AuditEvent.entity_id).in_(query.entity_ids))
    if query.actor:
        statement = statement.where(col(AuditEvent.actor) == query.actor)
    if query.since:
        # Times are ISO text in UTC: a day, month or year compares as the prefix it is.
        since = _since(query.since)
        statement = statement.where(col(AuditEvent.at) >= since)
        count, lowest = _events_since(session, since)
        if count == 0:
            return []
        if count <= SINCE_READ_THROUGH:
            statement = statement.where(col(AuditEvent.id) >= lowest)
    if query.before_id is not None:
        statement = statement.where(col(AuditEvent.id) < query.before_id)
    if query.batch is not None:
        reason, lowest, highest = _batch_events(session, query.batch)
        statement = statement.where(
            col(AuditEvent.reason) == reason, col(AuditEvent.id).between(lowest, highest)
        )
    return list(session.execute(statement).scalars())


def _batch_events(session: Session, batch_id: int) -> tuple[str, int, int]:
    """The reason every event of an import carries ("import batch 3 (名簿.xlsx)") and the
    numbers its events lie between, for the log to be read newest first within them alone.

    The batch's summary event is written last, after its finish time; each correction it made
    was written between its start and finish, by the clock of the same process, so the lowest
    event number of that time is found through the time index, among that time's events
    only. Rows created in bulk have no event of their own: the summary counts them."""
    found = session.execute(
        select(AuditEvent.id, AuditEvent.reason, ImportBatch.started_at, ImportBatch.finished_at)
        .join(ImportBatch, col(ImportBatch.id) == col(AuditEvent.entity_id))
        .where(col(AuditEvent.entity) == "ImportBatch", col(AuditEvent.entity_id) == batch_id)
        .order_by(col(AuditEvent.id))
        .limit(1)
    ).first()
    if found is None:
        raise NotFound("ImportBatch", batch_id)
    summary, reason, started, finished = found
    assert summary is not None
    times = (t.isoformat(timespec="microseconds") for t in (started, finished or started))
    first, last = times
    # id + 0: SQLite would otherwise take min(id) along the table, not the time index.
    lowest = session.execute(
        select(func.min(col(AuditEvent.id) + 0)).where(col(AuditEvent.at).between(first, last))
    ).scalar_one()
    return reason, min(lowest or summary, summary), summary


def _events_since(session: Session, since: str) -> tuple[int, int | None]:
    """How many events there are since ``since``, up to one past SINCE_READ_THROUGH, and the
    lowest number among them, found by the time index: the log is then read newest first down
    to it and no further.

    Events are appended in time order, but their times come from the clock of the machine that
    wrote them, which can be set back or lag a server's: so the lowest number is looked for
    among every event since then, not taken from the first in time, and the page stays exact."""
    # id + 0: SQLite would otherwise take min(id) along the table, not the time index.
    since_then = (
        select((col(AuditEvent.id) + 0).label("id"))
        .where(col(AuditEvent.at) >= since)
        .limit(SINCE_READ_THROUGH + 1)
        .subquery()
    )
    count, lowest = session.execute(select(func.count(), func.min(since_then.c.id))).one()
    return count, lowest


def _stored_entity(entity: str) -> str:
    if entity not in ENTITIES:
        raise Invalid(
            "entity",
            Message(
                "{entity!r} is not a kind of record; choose one of {kinds}",
                entity=entity,
                kinds=", ".join(ENTITIES),
            ),
        )
    return ENTITIES[entity]


def _since(text: str) -> str:
    try:
        parsed = parse_date(text.strip(), today=date.max)
    except DateUnreadable as exc:
        raise Invalid(
            "since", Message("{text!r} is not a date ({reason})", text=text, reason=exc.reason)
        ) from None
    if parsed.value is None:
        raise Invalid("since", Message("{text!r} is not a date", text=text))
    return parsed.value


def lot_history(session: Session, lot_id: int) -> list[ImportCreation | AuditEvent]:
    """A lot's history with that of the tests of its specimens (a specimen's own changes, its
    addition or removal, are the lot's events already), in the order they happened."""
    tests = (
        select(col(Analysis.id))
        .join(Specimen, col(Specimen.id) == col(Analysis.specimen_id))
        .where(col(Specimen.lot_id) == lot_id)
    )
    return _with_tests(session, record_history(session, "RemainsLot", lot_id), tests)


def person_history(session: Session, person_id: int) -> list[ImportCreation | AuditEvent]:
    """A person's history with that of the tests naming them as their match: who linked a
    family to which remains, when and why, reads on the person as on the lot."""
    tests = select(col(Analysis.id)).where(col(Analysis.matched_person_id) == person_id)
    return _with_tests(session, record_history(session, "Person", person_id), tests)


def _with_tests(
    session: Session, own: list[ImportCreation | AuditEvent], tests: Select[Any]
) -> list[ImportCreation | AuditEvent]:
    """``own`` merged with the creation and the events of the analyses ``tests`` selects, each
    found by its key (analysis id, then the events' entity index): no scan of either table."""
    test_ids = list(session.execute(tests).scalars())
    created: list[ImportCreation] = [c for c in own if isinstance(c, ImportCreation)]
    created += [c for i in test_ids if (c := import_creation(session, "Analysis", i))]
    events: list[AuditEvent] = [e for e in own if isinstance(e, AuditEvent)]
    events += session.execute(
        select(AuditEvent).where(
            col(AuditEvent.entity) == "Analysis", col(AuditEvent.entity_id).in_(tests)
        )
    ).scalars()
    # The log's own order stands among events (a machine's clock may lag another's); an
    # import's creation, which has no event of its own, goes where its batch began.
    created.sort(key=lambda c: c.at)
    events.sort(key=lambda e: e.id or 0)
    begun: list[ImportCreation | AuditEvent] = [*created]
    return list(heapq.merge(begun, events, key=lambda item: item.at))
