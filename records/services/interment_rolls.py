"""Interment rolls against the custody of their lots. A roll is a record of its own, so a lot
whose interment was withdrawn as recorded in error, or that was disinterred since, stays on
it until the registrar removes the line (audited, with a reason): these say which lines and
rolls those are, for the withdrawal and the roll's preview and export to name them."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session, col

from records.models import Ceremony, RemainsLot, RollEntry
from records.services.base import get
from records.status import LotStatus

INTERRED_NOW = (LotStatus.INTERRED, LotStatus.REINTERRED)


def lines_not_interred(session: Session, ceremony_id: int) -> list[tuple[str, str]]:
    """The lot number and status of each lot on an interment ceremony's roll that is not
    interred now; none for a memorial, whose roll lists no interment."""
    return [
        (number, status)
        for number, status in session.execute(
            select(col(RemainsLot.lot_number), col(RemainsLot.status))
            .join(RollEntry, col(RollEntry.lot_id) == col(RemainsLot.id))
            .join(Ceremony, col(Ceremony.id) == col(RollEntry.ceremony_id))
            .where(
                col(RollEntry.ceremony_id) == ceremony_id,
                col(Ceremony.kind) == "interment",
                col(RemainsLot.status).not_in(INTERRED_NOW),
            )
            .order_by(col(RemainsLot.lot_number))
        )
    ]


def interment_rolls_listing(session: Session, lot_id: int) -> list[Ceremony]:
    """The interment ceremonies whose roll lists the lot while it is not interred, by date."""
    if get(session, RemainsLot, lot_id).status in INTERRED_NOW:
        return []
    return list(
        session.execute(
            select(Ceremony)
            .join(RollEntry, col(RollEntry.ceremony_id) == col(Ceremony.id))
            .where(col(RollEntry.lot_id) == lot_id, col(Ceremony.kind) == "interment")
            .distinct()
            .order_by(col(Ceremony.date), col(Ceremony.id))
        ).scalars()
    )
