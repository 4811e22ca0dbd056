"""A test of one of a lot's specimens withdrawn as entered in error, through
``withdraw_analysis``: the form names the test and asks why."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from records.database import Database
from records.models import Analysis, RemainsLot
from records.services.analysis_withdrawal import withdraw_analysis
from tui.i18n import N_, _
from tui.labels import affiliation_label
from tui.screens.action_form import LotActionForm
from tui.widgets.key_bar import key_bar


class WithdrawAnalysisScreen(LotActionForm):
    # As the event's withdrawal: the button and its key say what they do.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Withdraw")),
        Binding("escape", "cancel", N_("Cancel")),
    ]
    FIELDS: ClassVar[tuple[str, ...]] = ("analysis", "reason")
    DEFAULT_CSS = """
    WithdrawAnalysisScreen #field-analysis { width: 1fr; padding-top: 1; }
    WithdrawAnalysisScreen .hint { padding: 1 0 0 16; height: auto; }
    """

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

    def compose(self) -> ComposeResult:
        test = self.analysis
        with VerticalScroll():
            heading = _("Lot {lot}: withdraw a test entered in error")
            yield Static(Text(heading.format(lot=self.lot.lot_number)), classes="heading")
            named = _("{specimen} {kind}, {date}: {affiliation}").format(
                specimen=self.specimen,
                kind=test.kind_text or test.kind,
                date=test.decided_text or test.decided_on or _("date not recorded"),
                affiliation=affiliation_label(test.affiliation),
            )
            field = Static(Text(named), id="field-analysis")
            yield from self.field_row("analysis", field, _("Test"))
            hint = _(
                "The test stays in the Specimens tab, withdrawn, and is no longer evidence; "
                "the test before it of its kind stands again."
            )
            yield Static(Text(hint), classes="hint")
            yield from self.reason_row(_("Why? (required)"))
            yield from self.buttons(_("Withdraw"))
        yield key_bar()

    def on_mount(self) -> None:
        self.query_one("#field-reason").focus()

    def action_save(self) -> None:
        self.clear_errors()
        reason = self.reason()
        if not reason:
            return
        written = self.written(
            "analysis",
            lambda session: withdraw_analysis(session, self.actor, self.analysis.id or 0, reason),
        )
        if written:
            self.notify(_("Test withdrawn"))
            self.dismiss(True)
