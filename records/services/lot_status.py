"""A lot's status changed: the remains moved (interred, disinterred, reinterred, handed to
the family, repatriated) or the affiliation committee's verdict recorded, each kept as a custody
event and refused when dated before what the lot already went through or the evidence it
rests on. Each function is one business action in one audited transaction."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from records import audit
from records.dates import UNDATED, PartialDate, surely_before
from records.errors import Invalid, TransitionRefused
from records.messages import Message
from records.models import Analysis, CustodyEvent, Location, RemainsLot
from records.services.analyses import (
    any_found,
    cited_analyses,
    cited_evidence,
    current_matches,
    named_analysis,
    standing_matches,
)
from records.services.base import (
    apply_changes,
    check_version,
    get,
    get_for_update,
    require_reason,
    transaction,
)
from records.services.lots import ENTITY
from records.services.verdicts import refuse_against_verdict
from records.status import (
    LABELS_EN,
    NEEDS_EVIDENCE,
    VERDICTS,
    LotStatus,
    allowed_after,
    is_allowed,
)

# Transitions that move the remains physically, and so leave a custody event.
CUSTODY_KINDS: dict[LotStatus, str] = {
    LotStatus.INTERRED: "interred",
    LotStatus.DISINTERRED: "disinterred",
    LotStatus.REINTERRED: "reinterred",
    LotStatus.HANDED_TO_FAMILY: "handed_to_family",
    LotStatus.REPATRIATED: "repatriated",
}
NEEDS_LOCATION = (LotStatus.INTERRED, LotStatus.REINTERRED)
# The affiliation committee's decision is kept as an event of the lot too, dated by its
# meeting, so that no move of the remains is dated before the verdict that allowed it.
DECIDED_KINDS: dict[LotStatus, str] = {
    LotStatus.JAPANESE: "decided_japanese",
    LotStatus.NOT_JAPANESE: "decided_not_japanese",
    LotStatus.UNDETERMINABLE: "decided_undeterminable",
}


def change_status(
    session: Session,
    actor: str,
    lot_id: int,
    to: LotStatus | str,
    reason: str,
    *,
    expected_version: int | None = None,
    location_id: int | None = None,
    on: PartialDate | None = None,
) -> RemainsLot:
    """Move a lot to a new status if the state machine allows it, with a custody event when
    the remains physically move. A verdict (Japanese, not Japanese, undeterminable) is refused
    here, recorded by ``decide_affiliation`` citing its analyses; so is a status the standing
    verdict contradicts. A hand-over needs a DNA match naming the person (_identification)."""
    requested = LotStatus(to)
    if requested in VERDICTS:
        raise Invalid(
            "status",
            Message(
                "a verdict of {status} is recorded by deciding the lot's affiliation, citing its "
                "evidence",
                status=Message(LABELS_EN[requested]),
            ),
        )
    return _move(
        session,
        actor,
        lot_id,
        requested,
        reason,
        expected_version=expected_version,
        location_id=location_id,
        on=on,
    )


def _move(
    session: Session,
    actor: str,
    lot_id: int,
    requested: LotStatus,
    reason: str,
    *,
    expected_version: int | None = None,
    location_id: int | None = None,
    on: PartialDate | None = None,
    action: str = "status",
    cited: Sequence[str] = (),
    noted: dict[str, object] | None = None,
) -> RemainsLot:
    """change_status's work, for a status of any kind, verdicts included. ``noted``: what the
    audit event records beside the change (a decision's date and the analyses it cites, a
    hand-over's person and the matches naming them); ``cited``: those analyses as named,
    which the custody event keeps beside the reason."""
    reason = require_reason(reason, Message("a lot"))
    with transaction(session):
        lot = get_for_update(session, RemainsLot, lot_id)
        check_version(session, lot, ENTITY, expected_version)
        if not is_allowed(lot.status, requested):
            raise TransitionRefused(
                lot.lot_number, lot.status, requested, tuple(allowed_after(lot.status))
            )
        if requested not in VERDICTS:
            refuse_against_verdict(session, lot, requested)
        handed_to = None  # the person whose family a hand-over gives the remains to
        if requested == LotStatus.HANDED_TO_FAMILY:
            cited, noted, handed_to = _identification(session, lot, on or UNDATED)
        if requested in NEEDS_LOCATION:
            if location_id is None:
                raise Invalid(
                    "location",
                    Message(
                        "say where the remains are {status}",
                        status=Message(LABELS_EN[requested]),
                    ),
                )
            get(session, Location, location_id)
        previous_location, previous_status = lot.location_id, lot.status
        new_location = location_id if requested in NEEDS_LOCATION else None
        date = on or UNDATED
        changes: dict[str, object] = {"status": requested.value}
        if requested in CUSTODY_KINDS:
            changes["location_id"] = new_location
            # The move's date in the audit event too, as a decision's is: the hash chain covers
            # the event, not the custody table.
            noted = (noted or {}) | {
                "happened_text": date.text or date.value or "",
                "happened_on": date.value,
            }
        apply_changes(session, actor, lot, ENTITY, changes, reason, action=action, noted=noted)
        # A move of the remains, or the committee's decision (which moves nothing: no place).
        moved = requested in CUSTODY_KINDS
        if moved or requested in DECIDED_KINDS:
            _not_before_the_last_event(session, lot_id, date, deciding=not moved)
            session.add(
                CustodyEvent(
                    lot_id=lot_id,
                    kind=CUSTODY_KINDS[requested] if moved else DECIDED_KINDS[requested],
                    from_location_id=previous_location if moved else None,
                    to_location_id=new_location,
                    happened_text=date.text,
                    happened_on=date.value,
                    actor=actor,
                    reason=reason,
                    evidence=cited_evidence(cited),
                    recorded_at=audit.now_utc(),
                    status_before=previous_status,
                    person_id=handed_to,
                )
            )
            session.flush()
        return lot


def _identification(
    session: Session, lot: RemainsLot, on: PartialDate
) -> tuple[list[str], dict[str, object], int | None]:
    """What a hand-over to the family ``on`` that date rests on: the lot's standing DNA
    matches, which must name one person and be decided by then. Returned as a decision's
    evidence is, named for the custody event and with the person and the analyses' ids for
    the audit event; then the person, whom the custody event keeps. Refused with no match,
    or with matches naming different persons: the status is final, and nothing takes the
    remains back from a family given them in error."""
    matches = current_matches(session, lot.id or 0)
    persons = list({person.id: person for _a, _n, person in matches}.values())
    if not persons:
        raise Invalid("status", _no_identification(session, lot))
    if len(persons) > 1:
        raise Invalid(
            "status",
            Message(
                "the analyses of lot {lot} match different persons ({persons}): the remains are "
                "handed to a family only when the evidence names one person",
                lot=lot.lot_number,
                persons=", ".join(person.name for person in persons),
            ),
        )
    _not_before_its_evidence(on, [(a, n) for a, n, _p in matches], deciding=False)
    named = [
        named_analysis(n, a.kind, a.decided_text or a.decided_on or "") for a, n, _p in matches
    ]
    person_id = persons[0].id
    noted: dict[str, object] = {
        "person_id": person_id,
        "analysis_ids": [a.id for a, _n, _p in matches],
        "evidence": named,
    }
    return named, noted, person_id


def _no_identification(session: Session, lot: RemainsLot) -> Message:
    """Why no analysis of the lot identifies a person: none matched one, or only a test of a
    kind that cannot identify anyone did (a stable-isotope test), named so."""
    for analysis, number, person in standing_matches(session, lot.id or 0):
        return Message(
            "the {kind} test of specimen {number} matched {person}, but only a DNA test "
            "identifies a person: record the DNA match before the remains are handed to the "
            "family",
            kind=analysis.kind_text or analysis.kind,
            number=number,
            person=person.name,
        )
    return Message(
        "no analysis of lot {lot} matches a person: record the DNA match before the remains "
        "are handed to the family",
        lot=lot.lot_number,
    )


def _not_before_the_last_event(
    session: Session, lot_id: int, date: PartialDate, *, deciding: bool = False
) -> None:
    """Refuse an event dated before a dated one the lot already has (its recovery, the
    affiliation decision, its interment): the remains cannot be interred before they were
    recovered, nor before the committee decided, nor decided on before they were recovered.
    Dates known to different precision are compared as far as both go (1995 is not before
    1995-06-13). The refusal names the latest event the date is before, and both dates. A
    withdrawn event never happened: a date before it is no contradiction."""
    if date.value is None:
        return
    dated = session.execute(
        select(CustodyEvent.kind, CustodyEvent.happened_text, CustodyEvent.happened_on)
        .where(
            CustodyEvent.lot_id == lot_id,
            col(CustodyEvent.happened_on).is_not(None),
            col(CustodyEvent.withdrawn_at).is_(None),
        )
        .order_by(col(CustodyEvent.happened_on).desc(), col(CustodyEvent.id).desc())
    ).all()
    for kind, text, on in dated:
        if surely_before(date.value, on):
            raise Invalid(
                "date", _out_of_order(kind, date.text or date.value, text or on, deciding)
            )


def _out_of_order(kind: str, date: str, when: str, deciding: bool) -> Message:
    """Why ``date`` cannot follow the lot's event of ``kind`` on ``when``."""
    decided = kind in DECIDED_KINDS.values()
    if deciding and kind == "recovered":
        return Message(
            "the decision of {date} is before the lot's recovery, on {when}", date=date, when=when
        )
    if deciding and decided:
        return Message(
            "the decision of {date} is before the lot's earlier affiliation decision, on {when}",
            date=date,
            when=when,
        )
    if decided:
        return Message(
            "{date} is before the affiliation decision of {when}: the remains are moved only "
            "after the committee has decided",
            date=date,
            when=when,
        )
    return Message("{date} is before the lot's last recorded move, on {when}", date=date, when=when)


def _not_before_its_evidence(
    date: PartialDate, evidence: Sequence[tuple[Analysis, str]], *, deciding: bool
) -> None:
    """Refuse a decision or a hand-over dated before an analysis it rests on was decided: the
    committee cannot cite, nor a family receive remains on, a result not yet known. Compared
    as far as both dates go, as _not_before_the_last_event compares them."""
    for analysis, number in evidence:
        if not surely_before(date.value, analysis.decided_on):
            continue
        named = {
            "date": date.text or date.value,
            "kind": analysis.kind_text or analysis.kind,
            "number": number,
            "when": analysis.decided_text or analysis.decided_on,
        }
        if deciding:
            raise Invalid(
                "date",
                Message(
                    "the decision of {date} is before the {kind} test of specimen {number} it "
                    "cites, decided on {when}",
                    **named,
                ),
            )
        raise Invalid(
            "date",
            Message(
                "the hand-over of {date} is before the {kind} match of specimen {number} it "
                "rests on, decided on {when}",
                **named,
            ),
        )


def inter(
    session: Session, actor: str, lot_id: int, location_id: int, on: PartialDate, reason: str
) -> RemainsLot:
    return change_status(
        session, actor, lot_id, LotStatus.INTERRED, reason, location_id=location_id, on=on
    )


def disinter(session: Session, actor: str, lot_id: int, on: PartialDate, reason: str) -> RemainsLot:
    return change_status(session, actor, lot_id, LotStatus.DISINTERRED, reason, on=on)


def reinter(
    session: Session, actor: str, lot_id: int, location_id: int, on: PartialDate, reason: str
) -> RemainsLot:
    return change_status(
        session, actor, lot_id, LotStatus.REINTERRED, reason, location_id=location_id, on=on
    )


def decide_affiliation(
    session: Session,
    actor: str,
    lot_id: int,
    verdict: LotStatus | str,
    evidence: Sequence[int],
    reason: str,
    *,
    on: PartialDate,
    expected_version: int | None = None,
) -> RemainsLot:
    """Record the affiliation committee's verdict, dated ``on`` its meeting (as precise as
    known), citing the analyses it rests on. The decision is kept as an event of the lot, so
    that no move of the remains is dated before it; it is dated neither before the lot's
    recovery nor before an earlier decision it overturns."""
    # A blank reason is refused before the verdict and the evidence are looked at.
    reason = require_reason(reason, Message("a lot"))
    requested = LotStatus(verdict)
    if requested not in VERDICTS:
        raise Invalid("verdict", Message("a verdict is japanese, not_japanese or undeterminable"))
    evidence = list(dict.fromkeys(evidence))
    if requested in NEEDS_EVIDENCE and not evidence:
        raise Invalid(
            "evidence",
            Message(
                "a verdict of {status} cites at least one analysis",
                status=Message(LABELS_EN[requested]),
            ),
        )
    with transaction(session):
        cited = cited_analyses(session, lot_id, evidence)
        if requested in NEEDS_EVIDENCE and not any_found(
            session, [a for a, _n in cited], requested
        ):
            raise Invalid(
                "evidence",
                Message(
                    "none of the analyses cited found {status}: a result still pending, or one "
                    "a later test of the same kind replaced, is no evidence for a verdict",
                    status=Message(LABELS_EN[requested]),
                ),
            )
        _not_before_its_evidence(on, cited, deciding=True)
        # Each analysis as a registrar names it, in the event's data: the history shows it
        # under its label in the registrar's language, and the reason stays theirs.
        named = [named_analysis(n, a.kind, a.decided_text or a.decided_on or "") for a, n in cited]
        return _move(
            session,
            actor,
            lot_id,
            requested,
            reason,
            expected_version=expected_version,
            on=on,
            action="decide_affiliation",
            cited=named,
            noted={
                "decided_text": on.text or on.value or "",
                "decided_on": on.value,
                "analysis_ids": evidence,
            }
            | ({"evidence": named} if named else {}),
        )
