"""A lot's standing affiliation verdict, and the statuses a plain status change may set
without contradicting it: remains decided Japanese are not repatriated nor reopened, and
remains decided not Japanese are not interred, unless the committee decides anew or the
decision is withdrawn as recorded in error."""

from __future__ import annotations

from sqlmodel import Session, col, select

from records.errors import Invalid
from records.messages import Message
from records.models import CustodyEvent, RemainsLot
from records.status import LABELS_EN, LotStatus, moves_after

S = LotStatus

# What each verdict leads to: the cemetery inters only remains decided Japanese, and returns
# to their country only those decided not Japanese. An undeterminable lot waits for a new
# decision; none of these is a step back to "affiliation pending", which only a withdrawal
# of the decision or a new one may reopen.
AGREES_WITH: dict[LotStatus, tuple[LotStatus, ...]] = {
    S.JAPANESE: (S.HANDED_TO_FAMILY, S.INTERRED, S.DISINTERRED, S.REINTERRED),
    S.NOT_JAPANESE: (S.HELD, S.REPATRIATED),
    S.UNDETERMINABLE: (),
}


def standing_verdict(session: Session, lot_id: int) -> LotStatus | None:
    """The verdict of the lot's latest affiliation decision not withdrawn; None when none."""
    kind = session.execute(
        select(CustodyEvent.kind)
        .where(
            col(CustodyEvent.lot_id) == lot_id,
            col(CustodyEvent.kind).startswith("decided_", autoescape=True),
            col(CustodyEvent.withdrawn_at).is_(None),
        )
        .order_by(col(CustodyEvent.id).desc())
        .limit(1)
    ).scalar()
    return None if kind is None else LotStatus(kind.removeprefix("decided_"))


def moves_agreeing(session: Session, lot: RemainsLot) -> tuple[LotStatus, ...]:
    """The statuses a plain status change may set on ``lot``: those the state machine allows
    after its status that agree with its standing verdict (all of them, with none)."""
    verdict = standing_verdict(session, lot.id or 0)
    allowed = moves_after(lot.status)
    if verdict is None:
        return allowed
    return tuple(s for s in allowed if s in AGREES_WITH[verdict])


def refuse_against_verdict(session: Session, lot: RemainsLot, requested: LotStatus) -> None:
    """Refuse a plain status change to ``requested`` that contradicts the lot's standing
    verdict, naming the verdict and how it is changed."""
    verdict = standing_verdict(session, lot.id or 0)
    if verdict is None or requested in AGREES_WITH[verdict]:
        return
    raise Invalid(
        "status",
        Message(
            "lot {lot} is decided {verdict}, so it cannot become {status}: record a new "
            "affiliation decision, or withdraw the decision if it was recorded in error",
            lot=lot.lot_number,
            verdict=Message(LABELS_EN[verdict]),
            status=Message(LABELS_EN[requested]),
        ),
    )
