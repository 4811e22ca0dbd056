"""What the registrar is told when an interment roll lists lots that are not interred: after
a withdrawal, the rolls still holding the lot; on a roll's preview and export, its lines. A
warning, never a refusal nor a silent removal: the roll is a record of its own."""

from __future__ import annotations

from sqlmodel import Session

from records.services.interment_rolls import interment_rolls_listing, lines_not_interred
from tui.i18n import _
from tui.labels import status_label

# A roll may hold hundreds of such lines (a ceremony withdrawn whole): the first are named,
# the rest counted.
NAMED_LINES = 10


def still_on_rolls(session: Session, lot_id: int, lot_number: str) -> str:
    """The interment rolls listing the lot though it is not interred; "" when none."""
    ceremonies = interment_rolls_listing(session, lot_id)
    if not ceremonies:
        return ""
    named = _(", ").join(
        _("「{name}」 ({date})").format(name=c.name, date=c.date) for c in ceremonies
    )
    return _(
        "Lot {lot} is not interred but is still on the roll of {ceremonies}: remove its line "
        "there if the remains were not interred at it."
    ).format(lot=lot_number, ceremonies=named)


def lots_not_interred(session: Session, ceremony_id: int) -> str:
    """The lots an interment roll lists that are not interred now, with their status; ""
    when none (and for a memorial's roll)."""
    return said_not_interred(lines_not_interred(session, ceremony_id))


def said_not_interred(lines: list[tuple[str, str]]) -> str:
    """Those lots (lot number, status) as the registrar is told them; "" when none."""
    if not lines:
        return ""
    named = _(", ").join(
        _("{lot} ({status})").format(lot=number, status=status_label(status))
        for number, status in lines[:NAMED_LINES]
    )
    if len(lines) > NAMED_LINES:
        named += _(" and {count} more").format(count=f"{len(lines) - NAMED_LINES:,}")
    return _("On this interment roll, lots not interred now: {lots}").format(lots=named)
