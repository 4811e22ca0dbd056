"""A test of one of a lot's specimens withdrawn as entered in error, through
``withdraw_analysis``: the form names the test and asks why."""

from __future__ import annotations

from typing import ClassVar

from sqlmodel import Session

from records.database import Database
from records.models import Analysis, RemainsLot
from records.services.analysis_withdrawal import withdraw_analysis
from tui.i18n import _
from tui.labels import affiliation_label
from tui.screens.action_form import WithdrawForm


class WithdrawAnalysisScreen(WithdrawForm):
    FIELDS: ClassVar[tuple[str, ...]] = ("analysis", "reason")

    def __init__(
        self,
        database: Database,
        actor: str,
        lot: RemainsLot,
        analysis: Analysis,
        specimen: str,
    ) -> None:
        super().__init__(database, actor, lot)
        self.analysis = analysis
        self.specimen = specimen

    def heading(self) -> str:
        return _("Lot {lot}: withdraw a test entered in error").format(lot=self.lot.lot_number)

    def named(self) -> tuple[str, str]:
        test = self.analysis
        return _("Test"), _("{specimen} {kind}, {date}: {affiliation}").format(
            specimen=self.specimen,
            kind=test.kind_text or test.kind,
            date=test.decided_text or test.decided_on or _("date not recorded"),
            affiliation=affiliation_label(test.affiliation),
        )

    def hint(self) -> str:
        return _(
            "The test stays in the Specimens tab, withdrawn, and is no longer evidence; "
            "the test before it of its kind stands again."
        )

    def act(self, session: Session, reason: str) -> object:
        return withdraw_analysis(session, self.actor, self.analysis.id or 0, reason)

    def done(self) -> None:
        self.notify(_("Test withdrawn"))
