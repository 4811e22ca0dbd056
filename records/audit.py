"""The audit log: every change with who, when, what, before, after and why, hash-chained so
that ``irei audit verify`` can prove nothing was altered behind the app's back."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from records.errors import AuditChainBroken, IreiError
from records.messages import Message, os_reason
from records.models import (
    Analysis,
    AuditEvent,
    AuditHead,
    ImportBatch,
    Person,
    RemainsLot,
    Specimen,
)

GENESIS = "0" * 64


def now_utc() -> datetime:
    return datetime.now(UTC)


def to_json(value: Mapping[str, Any] | None) -> str:
    if value is None:
        return ""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def event_hash(
    *,
    event_id: int,
    at: str,
    actor: str,
    action: str,
    entity: str,
    entity_id: int | None,
    before: str,
    after: str,
    reason: str,
    prev_hash: str,
) -> str:
    payload = json.dumps(
        [event_id, at, actor, action, entity, entity_id, before, after, reason, prev_hash],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _head(session: Session) -> AuditHead:
    # FOR UPDATE serialises appenders on PostgreSQL; SQLite's IMMEDIATE transaction already
    # holds the write lock.
    head = session.execute(
        select(AuditHead).where(col(AuditHead.id) == 1).with_for_update()
    ).scalar()
    if head is None:
        head = AuditHead(id=1, last_id=0, last_hash=GENESIS, count=0)
        session.add(head)
        session.flush()
    return head


def record(
    session: Session,
    actor: str,
    action: str,
    entity: str,
    entity_id: int | None,
    *,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    reason: str = "",
) -> AuditEvent:
    """Append one event inside the caller's transaction."""
    head = _head(session)
    event_id = head.last_id + 1
    at = now_utc().isoformat(timespec="microseconds")
    before_text, after_text = to_json(before), to_json(after)
    digest = event_hash(
        event_id=event_id,
        at=at,
        actor=actor,
        action=action,
        entity=entity,
        entity_id=entity_id,
        before=before_text,
        after=after_text,
        reason=reason,
        prev_hash=head.last_hash,
    )
    event = AuditEvent(
        id=event_id,
        at=at,
        actor=actor,
        action=action,
        entity=entity,
        entity_id=entity_id,
        before=before_text,
        after=after_text,
        reason=reason,
        prev_hash=head.last_hash,
        hash=digest,
    )
    session.add(event)
    head.last_id = event_id
    head.last_hash = digest
    head.count += 1
    session.flush()
    return event


@dataclass(frozen=True)
class Verification:
    events: int
    last_hash: str


def _events(session: Session, batch: int = 5000) -> Iterator[AuditEvent]:
    last = 0
    while True:
        rows = (
            session.execute(
                select(AuditEvent)
                .where(col(AuditEvent.id) > last)
                .order_by(col(AuditEvent.id))
                .limit(batch)
            )
            .scalars()
            .all()
        )
        if not rows:
            return
        yield from rows
        assert rows[-1].id is not None
        last = rows[-1].id
        session.expunge_all()


@dataclass(frozen=True)
class Anchor:
    """A chain head written down outside the database (``irei audit anchor FILE``). The
    chain alone cannot show that it was rewritten from its start together with its head;
    an anchor kept elsewhere can: event ``event_id`` must still carry ``hash``."""

    event_id: int
    hash: str


ANCHOR_TAG = "irei-audit-anchor"


def write_anchor(path: Path, head: Verification, database_file: Path | None) -> None:
    """Append the head to an anchor file (created if need be), refused, before anything is
    written, for the database's own file (``database_file``) and for any file that is not an
    anchor file: one holding neither an anchor already nor nothing at all. A line appended to
    the database or to a workbook is an anchor no one can read back, and a registrar told it
    was written believes the head is safe off the machine."""
    if database_file is not None and path.resolve() == database_file.resolve():
        raise IreiError(
            Message(
                "{path} is the database itself: an anchor is kept in a file of its own, off "
                "this machine; nothing was written",
                path=path,
            )
        )
    held = _anchor_file_text(path)
    line = f"{ANCHOR_TAG} {head.events} {head.last_hash} {now_utc().isoformat(timespec='seconds')}"
    # A last line left without its end (a note typed in an editor) is not run into.
    start = "\n" if held and not held.endswith("\n") else ""
    try:
        with path.open("a", encoding="utf-8") as f:
            f.write(start + line + "\n")
    except OSError as error:
        raise IreiError(
            Message(
                "{path}: cannot write the anchor ({reason})", path=path, reason=os_reason(error)
            )
        ) from None


def _anchor_file_text(path: Path) -> str:
    """What the anchor file at ``path`` holds: nothing when it is new or empty, else its
    text, which must hold an anchor readable as `irei audit verify --anchor` reads them."""
    if not path.exists() or (path.is_file() and path.stat().st_size == 0):
        return ""
    read_anchors(path)  # refuses a file that is not one, before anything is written
    return path.read_text(encoding="utf-8")


def read_anchors(path: Path) -> list[Anchor]:
    """The anchors of an anchor file; other lines (notes) are ignored, a damaged anchor line
    is refused naming the file and line, and a file holding no anchor as not an anchor file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise IreiError(Message("there is no anchor file {path}", path=path)) from None
    except IsADirectoryError:
        raise IreiError(Message("{path} is a folder, not an anchor file", path=path)) from None
    except OSError as error:
        raise IreiError(
            Message(
                "{path}: cannot read the anchor file ({reason})", path=path, reason=os_reason(error)
            )
        ) from None
    except UnicodeDecodeError:
        raise IreiError(
            Message("{path} is not an anchor file (not UTF-8 text)", path=path)
        ) from None
    anchors = []
    for number, line in enumerate(text.splitlines(), 1):
        parts = line.split()
        if not parts or parts[0] != ANCHOR_TAG:
            continue
        if len(parts) < 3 or not parts[1].isdigit() or len(parts[2]) != 64:
            raise IreiError(
                Message("{path} line {number}: not a readable anchor", path=path, number=number)
            )
        anchors.append(Anchor(int(parts[1]), parts[2]))
    if not anchors:  # a wrong file named: checking nothing must not read as "intact"
        raise IreiError(Message("{path} is not an anchor file (it holds no anchor)", path=path))
    return anchors


def verify(session: Session, anchors: Sequence[Anchor] = ()) -> Verification:
    """Recompute the whole chain; raise ``AuditChainBroken`` at the first event that does
    not fit, or whose hash differs from an anchor written down earlier."""
    wanted = {a.event_id: a.hash for a in anchors if a.event_id > 0}
    expected_id, prev_hash, count = 1, GENESIS, 0
    for event in _events(session):
        if event.id != expected_id:
            missing = "deleted" if (event.id or 0) > expected_id else "out of order"
            raise AuditChainBroken(expected_id, f"missing from the chain ({missing})")
        if event.prev_hash != prev_hash:
            raise AuditChainBroken(event.id, "does not follow the event before it")
        recomputed = event_hash(
            event_id=event.id,
            at=event.at,
            actor=event.actor,
            action=event.action,
            entity=event.entity,
            entity_id=event.entity_id,
            before=event.before,
            after=event.after,
            reason=event.reason,
            prev_hash=event.prev_hash,
        )
        if recomputed != event.hash:
            raise AuditChainBroken(event.id, "its contents were changed after it was written")
        if wanted.get(event.id, event.hash) != event.hash:
            raise AuditChainBroken(
                event.id, "differs from the anchor written down earlier: the log was rewritten"
            )
        prev_hash, expected_id, count = event.hash, expected_id + 1, count + 1
    head = session.get(AuditHead, 1)
    head_id, head_hash = (head.last_id, head.last_hash) if head else (0, GENESIS)
    if head_id != count or head_hash != prev_hash:
        if head_id > count:
            raise AuditChainBroken(count + 1, "missing from the chain (deleted)")
        raise AuditChainBroken(head_id + 1, "was added outside irei")
    if wanted and max(wanted) > count:
        raise AuditChainBroken(max(wanted), "is anchored but missing: the log was cut short")
    return Verification(events=count, last_hash=prev_hash)


def history(session: Session, entity: str, entity_id: int) -> list[AuditEvent]:
    return list(
        session.execute(
            select(AuditEvent)
            .where(col(AuditEvent.entity) == entity, col(AuditEvent.entity_id) == entity_id)
            .order_by(col(AuditEvent.id))
        ).scalars()
    )


@dataclass(frozen=True)
class ImportCreation:
    """A record's creation by an import, read from its source columns and its batch: the rows
    an import creates in bulk share the batch's one event instead of writing one each."""

    # When the import began, not its event's time (written as it ends): a later row of the
    # same file that corrects the record has its own event after the creation.
    at: str
    actor: str
    action: str  # the batch event's: "import", or "demo" for a generated database
    reason: str  # the batch event's, which names the batch and its file
    batch_id: int
    file: str
    sheet: str
    row: int | None
    entity: str  # the record created, as its events name its kind
    entity_id: int


# The records an import creates in bulk, by the entity name their events carry.
IMPORTED: dict[str, type[Person] | type[RemainsLot] | type[Specimen] | type[Analysis]] = {
    "Person": Person,
    "RemainsLot": RemainsLot,
    "Specimen": Specimen,
    "Analysis": Analysis,
}


def import_creation(session: Session, entity: str, entity_id: int) -> ImportCreation | None:
    """How an imported record came to exist; None for one created by hand, whose service
    wrote its own creation event."""
    model = IMPORTED.get(entity)
    if model is None:
        return None
    found = session.execute(
        select(ImportBatch, AuditEvent, model)
        .join(model, col(model.import_batch_id) == col(ImportBatch.id))
        .join(
            AuditEvent,
            (col(AuditEvent.entity) == "ImportBatch")
            & (col(AuditEvent.entity_id) == col(ImportBatch.id)),
        )
        .where(col(model.id) == entity_id)
        .order_by(col(AuditEvent.id))
        .limit(1)
    ).first()
    if found is None:
        return None
    batch, event, record = found
    assert batch.id is not None
    return ImportCreation(
        # In UTC like every audit time: its column type reads it back so on either database,
        # whatever zone a PostgreSQL server keeps.
        at=batch.started_at.isoformat(timespec="microseconds"),
        actor=batch.actor,
        action=event.action,
        reason=event.reason,
        batch_id=batch.id,
        file=record.source_file,
        sheet=record.source_sheet,
        row=record.source_row,
        entity=entity,
        entity_id=entity_id,
    )


def record_history(
    session: Session, entity: str, entity_id: int
) -> list[ImportCreation | AuditEvent]:
    """A record's history from its creation: an imported record's begins with its import,
    then its own events (later imports' corrections, registrars' edits) in order."""
    created = import_creation(session, entity, entity_id)
    events: list[ImportCreation | AuditEvent] = [*history(session, entity, entity_id)]
    return [created, *events] if created else events


def latest_change(session: Session, entity: str, entity_id: int) -> AuditEvent | None:
    return session.execute(
        select(AuditEvent)
        .where(col(AuditEvent.entity) == entity, col(AuditEvent.entity_id) == entity_id)
        .order_by(col(AuditEvent.id).desc())
        .limit(1)
    ).scalar()
