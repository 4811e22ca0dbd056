"""A test entered by hand in error (on the wrong specimen, of the wrong kind, dated wrongly),
withdrawn: it stays, marked, and is no longer evidence; refused while a standing decision
rests on it."""

from __future__ import annotations

import json

from sqlmodel import Session, col, select

from records import audit
from records.errors import Invalid
from records.messages import Message
from records.models import Analysis, AuditEvent, CustodyEvent, RemainsLot, Specimen
from records.services.analyses import named_analysis, supersede_older
from records.services.base import get, get_for_update, require_reason, transaction
from records.services.lot_status import CUSTODY_KINDS
from records.services.lots import ENTITY
from records.status import LABELS_EN, LotStatus

# The withdrawal marks the test itself (migration 0011), as a custody event's does: a reader
# of the evidence skips it by one condition on its own row. It also leaves the chain of its
# kind, the test it superseded being superseded by the one that superseded it, so that the
# chain holds only tests that stand or were replaced by one that does.


def withdraw_analysis(session: Session, actor: str, analysis_id: int, reason: str) -> Analysis:
    """Withdraw a test recorded in error: the test before it of its kind stands again, unless
    a later one supersedes it. Refused when already withdrawn, or cited by a decision that
    stands, which would be left resting on nothing: that decision is withdrawn first."""
    reason = require_reason(reason, Message("an analysis"))
    with transaction(session):
        analysis = get_for_update(session, Analysis, analysis_id)
        specimen = get(session, Specimen, analysis.specimen_id)
        _withdrawable(session, analysis, specimen)
        before = {"supersedes_id": analysis.supersedes_id}
        _leave_the_chain(session, actor, analysis, reason)
        analysis.supersedes_id = None
        analysis.withdrawn_at = audit.now_utc()
        analysis.withdrawn_by = actor
        analysis.withdrawn_reason = reason
        session.add(analysis)
        session.flush()
        audit.record(
            session,
            actor,
            "withdraw_analysis",
            "Analysis",
            analysis.id,
            before=before,
            after={"supersedes_id": None, "withdrawn_at": analysis.withdrawn_at.isoformat()},
            reason=reason,
        )
        return analysis


def _leave_the_chain(session: Session, actor: str, analysis: Analysis, reason: str) -> None:
    """The test superseding the one withdrawn now supersedes what that one superseded."""
    later = session.execute(
        select(Analysis).where(col(Analysis.supersedes_id) == analysis.id)
    ).scalar()
    if later is not None and later.id is not None:
        supersede_older(session, actor, later.id, analysis.supersedes_id, reason)


def check_not_withdrawn(analysis: Analysis, specimen: Specimen) -> None:
    """Refuse a test withdrawn already: also asked before a form is opened on a test read
    earlier, which another user may have withdrawn since."""
    if analysis.withdrawn_at is not None:
        raise Invalid(
            "analysis",
            Message(
                "the {kind} test of specimen {number} is already withdrawn",
                kind=analysis.kind_text or analysis.kind,
                number=specimen.number,
            ),
        )


def _withdrawable(session: Session, analysis: Analysis, specimen: Specimen) -> None:
    check_not_withdrawn(analysis, specimen)
    kind = analysis.kind_text or analysis.kind
    decision = standing_decision_citing(session, specimen, analysis)
    if decision is not None:
        lot = get(session, RemainsLot, specimen.lot_id)
        raise Invalid(
            "analysis",
            Message(
                "the {kind} test of specimen {number} is evidence for the standing decision of "
                "lot {lot} ({decision}, {date}): withdraw that decision first",
                kind=kind,
                number=specimen.number,
                decision=Message(LABELS_EN[_status_after(decision.kind)]),
                date=decision.happened_text or decision.happened_on or Message("date not recorded"),
                lot=lot.lot_number,
            ),
        )


def standing_decision_citing(
    session: Session, specimen: Specimen, analysis: Analysis
) -> CustodyEvent | None:
    """The decision that stands and cites the test: the lot's standing affiliation decision
    (a later one overturns an earlier) or its hand-over to the family, whichever names the
    test among its evidence as a registrar names it (named_analysis). A decision recorded
    before its evidence was kept apart (migration 0004) names it only in its reason."""
    named = named_analysis(
        specimen.number, analysis.kind, analysis.decided_text or analysis.decided_on or ""
    )
    naming = [
        event
        for event in _standing_decisions(session, specimen.lot_id)
        if named in event.evidence.split("; ")
    ]
    if not naming:
        return None
    # Undated tests of one kind on one specimen share a name: the decisions' audit events,
    # which keep the ids cited, tell which one was (the demo writes none).
    cited = _cited_ids(session, specimen.lot_id)
    return naming[0] if cited is None or analysis.id in cited else None


def _cited_ids(session: Session, lot_id: int) -> set[int] | None:
    """The ids of the analyses the lot's decisions and hand-overs cited, as their audit events
    keep them; None when no event kept any."""
    noted = session.execute(
        select(col(AuditEvent.after)).where(
            col(AuditEvent.entity) == ENTITY,
            col(AuditEvent.entity_id) == lot_id,
            col(AuditEvent.action).in_(("decide_affiliation", "status")),
        )
    ).scalars()
    cited = [json.loads(after).get("analysis_ids") for after in noted if after]
    kept = [ids for ids in cited if ids is not None]
    return {i for ids in kept for i in ids} if kept else None


def _standing_decisions(session: Session, lot_id: int) -> list[CustodyEvent]:
    standing = (
        select(CustodyEvent)
        .where(col(CustodyEvent.lot_id) == lot_id, col(CustodyEvent.withdrawn_at).is_(None))
        .order_by(col(CustodyEvent.id).desc())
    )
    decided = standing.where(col(CustodyEvent.kind).startswith("decided_", autoescape=True))
    handed = standing.where(col(CustodyEvent.kind) == CUSTODY_KINDS[LotStatus.HANDED_TO_FAMILY])
    # The hand-over first: a test cited by both is named by the decision that is final.
    return [*session.execute(handed).scalars(), *session.execute(decided.limit(1)).scalars()]


def _status_after(kind: str) -> LotStatus:
    if kind == CUSTODY_KINDS[LotStatus.HANDED_TO_FAMILY]:
        return LotStatus.HANDED_TO_FAMILY
    return LotStatus(kind.removeprefix("decided_"))
