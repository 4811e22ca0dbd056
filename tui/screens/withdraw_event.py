"""A lot's latest custody event withdrawn as recorded in error, through ``withdraw_event``: the
form names the event and the status the lot goes back to, and asks why."""

from __future__ import annotations

from typing import ClassVar

from sqlmodel import Session

from records.database import Database
from records.models import CustodyEvent, RemainsLot
from records.services.custody import withdraw_event
from tui.i18n import _
from tui.labels import custody_label, status_label
from tui.roll_warnings import still_on_rolls
from tui.screens.action_form import WithdrawForm


class WithdrawEventScreen(WithdrawForm):
    FIELDS: ClassVar[tuple[str, ...]] = ("event", "reason")

    def __init__(
        self,
        database: Database,
        actor: str,
        lot: RemainsLot,
        event: CustodyEvent,
        status_before: str,
    ) -> None:
        super().__init__(database, actor, lot)
        self.event = event
        self.status_before = status_before  # what the lot goes back to

    def heading(self) -> str:
        heading = _("Lot {lot}: withdraw its latest event, recorded in error")
        return heading.format(lot=self.lot.lot_number)

    def named(self) -> tuple[str, str]:
        event = self.event
        return _("Event"), _("{event}, {date}, recorded by {who}: {why}").format(
            event=custody_label(event.kind),
            date=event.happened_text or event.happened_on or _("date not recorded"),
            who=event.actor,
            why=event.reason,
        )

    def hint(self) -> str:
        back = _("The lot goes back to {status}; the event stays in its history, withdrawn.")
        return back.format(status=status_label(self.status_before))

    def act(self, session: Session, reason: str) -> object:
        return withdraw_event(
            session, self.actor, self.event.id or 0, reason, expected_version=self.lot.version
        )

    def done(self) -> None:
        self.notify(_("Event withdrawn"))
        with self.database.reading() as session:
            on_rolls = still_on_rolls(session, self.lot.id or 0, self.lot.lot_number)
        if on_rolls:
            self.notify(on_rolls, severity="warning")
