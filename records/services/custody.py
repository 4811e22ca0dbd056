"""A lot's custody event recorded in error (a status on the wrong lot, a mistaken move or
verdict), withdrawn: the lot goes back to what it was before it, and the event stays."""

from __future__ import annotations

from sqlmodel import Session, col, select

from records import audit
from records.errors import Invalid
from records.messages import Message
from records.models import CustodyEvent, RemainsLot
from records.search import lot_numbered
from records.services.base import check_version, get, get_for_update, require_reason, transaction
from records.services.lot_status import CUSTODY_KINDS, DECIDED_KINDS
from records.services.lots import ENTITY
from records.status import LABELS_EN, LotStatus, is_allowed

# The withdrawal marks the mistaken event itself (withdrawn_at, withdrawn_by, withdrawn_reason:
# migration 0006) rather than adding a withdrawing event that points at it: every reader of the
# history skips a withdrawn event by one condition on its own row, and a lot's latest standing
# event is always something that happened, never a withdrawal to be looked through.

# The status each kind of event leaves the lot in.
STATUS_AFTER: dict[str, LotStatus] = (
    {"recovered": LotStatus.RECOVERED}
    | {kind: status for status, kind in CUSTODY_KINDS.items()}
    | {kind: status for status, kind in DECIDED_KINDS.items()}
)
# The statuses a lot takes with no event (nothing moves, nobody decides): one of them may lie
# between an event and the next.
UNRECORDED = (LotStatus.AFFILIATION_PENDING, LotStatus.HELD)


def latest_event(session: Session, lot_id: int) -> CustodyEvent | None:
    """The lot's latest event that stands (not withdrawn)."""
    return session.execute(
        select(CustodyEvent)
        .where(col(CustodyEvent.lot_id) == lot_id, col(CustodyEvent.withdrawn_at).is_(None))
        .order_by(col(CustodyEvent.id).desc())
        .limit(1)
    ).scalar()


def withdraw_event(
    session: Session,
    actor: str,
    event_id: int,
    reason: str,
    *,
    expected_version: int | None = None,
) -> RemainsLot:
    """Withdraw the lot's latest standing event, recorded in error: the lot's status (and its
    place, when the event moved the remains) goes back to what it was before it. Only the
    latest: one withdrawn from the middle would leave a history that contradicts itself. The
    lot's recovery, where its record begins, is never withdrawn."""
    reason = require_reason(reason, Message("a lot"))
    with transaction(session):
        lot = get_for_update(session, RemainsLot, get(session, CustodyEvent, event_id).lot_id)
        # Read again under the lot's lock: the event as first read may predate a withdrawal
        # another user committed while this one waited for the lock.
        event = get_for_update(session, CustodyEvent, event_id)
        check_version(session, lot, ENTITY, expected_version)
        check_withdrawable(session, lot, event)
        before = {"status": lot.status, "location_id": lot.location_id, "version": lot.version}
        lot.status = status_before(session, event).value
        if event.kind in CUSTODY_KINDS.values():
            lot.location_id = event.from_location_id
        lot.version += 1
        event.withdrawn_at = audit.now_utc()
        event.withdrawn_by = actor
        event.withdrawn_reason = reason
        session.add_all([lot, event])
        session.flush()
        # Always audited, also when the status was already back (a lot set pending again
        # after its decision): the withdrawal itself is a change to the lot's history.
        audit.record(
            session,
            actor,
            "withdraw_event",
            ENTITY,
            lot.id,
            before=before,
            after={"status": lot.status, "location_id": lot.location_id, "version": lot.version}
            | {"withdrawn_event": _described(event)},
            reason=reason,
        )
        return lot


def latest_to_withdraw(session: Session, lot_number: str) -> CustodyEvent:
    """The latest standing event of the lot numbered ``lot_number`` (typed on a Japanese
    keyboard or not): the one a withdrawal asked for now means, and names to
    ``withdraw_event``, so that it is refused if another user withdraws it first rather than
    taking the event before it, which nobody asked to withdraw."""
    lot = lot_numbered(session, lot_number)
    latest = latest_event(session, lot.id or 0)
    if latest is None or latest.kind == "recovered":
        raise Invalid(
            "lot",
            Message(
                "lot {lot} has no event to withdraw: its recovery is where its record begins",
                lot=lot.lot_number,
            ),
        )
    return latest


def check_withdrawable(session: Session, lot: RemainsLot, event: CustodyEvent) -> None:
    """Refuse ``event`` as ``withdraw_event`` would: withdrawn already, no longer the lot's
    latest, or its recovery. Also asked before a form is opened on an event read earlier,
    which another user may have withdrawn or followed with a new one since."""
    if event.withdrawn_at is not None:
        raise Invalid(
            "event",
            Message(
                "this event of lot {lot} ({status}, {date}) was withdrawn by {who} at {when}",
                lot=lot.lot_number,
                **_named(event),
                who=event.withdrawn_by,
                when=f"{event.withdrawn_at:%Y-%m-%d %H:%M:%S}",
            ),
        )
    latest = latest_event(session, lot.id or 0)
    if latest is not None and latest.id != event.id:
        raise Invalid(
            "event",
            Message(
                "only the latest event of lot {lot} can be withdrawn: {status}, {date}",
                lot=lot.lot_number,
                **_named(latest),
            ),
        )
    if event.kind == "recovered":
        raise Invalid(
            "event",
            Message(
                "the recovery of lot {lot} is where its record begins: it is not withdrawn",
                lot=lot.lot_number,
            ),
        )


def _named(event: CustodyEvent) -> dict[str, str]:
    """An event as every refusal names it, by the status it left the lot in and the date it
    happened: one wording, so that two refusals never name the same event apart."""
    return {
        "status": Message(LABELS_EN[STATUS_AFTER[event.kind]]),
        "date": event.happened_text or event.happened_on or Message("date not recorded"),
    }


def status_before(session: Session, event: CustodyEvent) -> LotStatus:
    """The lot's status before ``event``: as the event kept it, or, for an event recorded
    before it did (migration 0006), the status its previous standing event left, through the
    status no event records (pending, held) when only that one leads to ``event``."""
    if event.status_before is not None:
        return LotStatus(event.status_before)
    earlier = session.execute(
        select(CustodyEvent.kind)
        .where(
            col(CustodyEvent.lot_id) == event.lot_id,
            col(CustodyEvent.id) < (event.id or 0),
            col(CustodyEvent.withdrawn_at).is_(None),
        )
        .order_by(col(CustodyEvent.id).desc())
        .limit(1)
    ).scalar()
    # With no event before, the status a lot is registered with.
    previous = STATUS_AFTER[earlier] if earlier else LotStatus.RECOVERED
    after = STATUS_AFTER[event.kind]
    if is_allowed(previous, after):
        return previous
    between = [s for s in UNRECORDED if is_allowed(previous, s) and is_allowed(s, after)]
    return between[0] if between else previous


def _described(event: CustodyEvent) -> dict[str, object]:
    """The withdrawn event as the audit event keeps it: which, what, when, why."""
    return {
        "id": event.id,
        "kind": event.kind,
        "happened": event.happened_text or event.happened_on or "",
        "reason": event.reason,
    }
