"""One lot of remains: summary, specimens and analyses, custody history, ceremony rolls, audit
history and source rows; its status changes only along the state machine."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import Static, TabbedContent

from records.database import Database
from records.errors import Invalid
from records.models import RemainsLot
from records.services.base import get
from records.status import allowed_after, moves_after, verdicts_after
from tui.i18n import N_, _, said_alone
from tui.labels import field_label, status_label
from tui.record_queries import LotRecord, agreeing_moves, lot_record
from tui.screens.record_view import (
    TABS,
    VALUE_BINDINGS,
    RecordView,
    analysis_titles,
    audit_rows,
    audit_titles,
    custody_titles,
    roll_titles,
    source_titles,
)
from tui.widgets.record_table import RecordTable

SPECIMEN_KEYS = Binding.Group(N_("Specimen"), compact=True)


class LotScreen(RecordView):
    HEADING = N_("Lot of remains")
    SHOWN_TABS = tuple(t for t in TABS if t != "forms")  # a lot has no name forms
    # Short words in the key bar, the tooltips' longer ones in the help and the palette: the
    # corrections (+ - w) fit beside the everyday keys at 100 columns, before the value keys.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", N_("Edit")),
        Binding("s", "change_status", N_("Status"), tooltip=N_("Change status")),
        Binding("a", "decide_affiliation", N_("Affiliation"), tooltip=N_("Decide affiliation")),
        Binding("n", "new_analysis", N_("Analysis"), tooltip=N_("New analysis")),
        Binding("plus", "add_specimens", N_("Add specimens"), key_display="+", group=SPECIMEN_KEYS),
        Binding(
            "minus",
            "remove_specimen",
            N_("Remove specimen"),
            key_display="-",
            group=SPECIMEN_KEYS,
        ),
        Binding("w", "withdraw_event", N_("Withdraw"), tooltip=N_("Withdraw event")),
        *VALUE_BINDINGS,
        # The rarest correction: in the help, not the key bar, which has no room left for it
        # at 120 columns without dropping a key used daily.
        Binding(
            "x",
            "withdraw_analysis",
            N_("Withdraw test"),
            tooltip=N_("Withdraw the test under the cursor on the Specimens tab"),
            show=False,
        ),
    ]

    def __init__(self, database: Database, actor: str, lot_id: int) -> None:
        super().__init__(database, actor)
        self.lot_id = lot_id
        self.record: LotRecord | None = None

    def reopened(self) -> LotScreen:
        return LotScreen(self.database, self.actor, self.lot_id)

    def load(self) -> None:
        record = self.record = lot_record(self.database, self.lot_id)
        lot = record.lot
        which = _("(v{version})").format(version=lot.version)
        self.query_one("#heading", Static).update(
            Text(f" {lot.lot_number}  {status_label(lot.status)}  {which}", style="bold")
        )
        summary = [
            (_("Lot number"), lot.lot_number),
            (field_label("status"), status_label(lot.status)),
            (_("Affiliation decided"), record.decided),
            (field_label("fiscal_year"), lot.fiscal_year_text or str(lot.fiscal_year or "")),
            (field_label("country"), lot.country),
            (field_label("region"), lot.region),
            (field_label("burial_site_id"), record.site),
            (_("Recovered"), lot.recovered_text or (lot.recovered_on or "")),
            (field_label("count"), str(lot.count)),
            (field_label("handed_over_by"), lot.handed_over_by),
            (field_label("location"), record.location),
            (field_label("remarks"), lot.remarks),
            (field_label("version"), str(lot.version)),
        ]
        self.query_one("#summary-table", RecordTable).show([_("Field"), _("Value")], summary)
        self.query_one("#analyses-table", RecordTable).show(analysis_titles(), record.analyses)
        self.query_one("#custody-table", RecordTable).show(custody_titles(), record.custody)
        self.query_one("#rolls-table", RecordTable).show(roll_titles(), record.rolls)
        audit = audit_rows(record.audit, record.named)
        self.query_one("#audit-table", RecordTable).show(audit_titles(), audit)
        self.query_one("#sources-table", RecordTable).show(source_titles(), record.sources)

    def reopen(self, changed: bool | None) -> None:
        if changed:
            self.load()

    def action_edit(self) -> None:
        from tui.screens.lot_edit import LotEditScreen

        if self.record is not None:
            self.app.push_screen(
                LotEditScreen(self.database, self.actor, self.record.lot), self.reopen
            )

    def action_change_status(self) -> None:
        from tui.screens.status_change import StatusChangeScreen

        if self.record is None:
            return
        lot = self.record.lot
        if not moves_after(lot.status):
            refusal = (
                _(
                    "Lot {lot} is {status}: its next step is the affiliation verdict; press a "
                    "(Decide affiliation) to record it with its evidence."
                )
                if verdicts_after(lot.status)
                else _("Lot {lot} is {status}: a final state, no status can follow.")
            )
            self.notify(
                refusal.format(lot=lot.lot_number, status=status_label(lot.status)),
                severity="warning",
            )
            return
        if not agreeing_moves(self.database, lot):
            self.notify(
                _(
                    "Lot {lot} is decided {decided}: no status change agrees with that verdict; "
                    "press a (Decide affiliation) to record a new decision, or w to withdraw it "
                    "if it was recorded in error."
                ).format(lot=lot.lot_number, decided=self.record.decided),
                severity="warning",
            )
            return
        self.app.push_screen(StatusChangeScreen(self.database, self.actor, lot), self.reopen)

    def action_decide_affiliation(self) -> None:
        from tui.screens.affiliation import AffiliationScreen

        if self.record is None:
            return
        lot = self.record.lot
        if not verdicts_after(lot.status):
            allowed = ", ".join(status_label(s) for s in allowed_after(lot.status))
            self.notify(
                _(
                    "Lot {lot} is {status}: no affiliation verdict can follow (next: {allowed})."
                ).format(
                    lot=lot.lot_number,
                    status=status_label(lot.status),
                    allowed=allowed or _("none"),
                ),
                severity="warning",
            )
            return
        self.app.push_screen(AffiliationScreen(self.database, self.actor, lot), self.reopen)

    def action_new_analysis(self) -> None:
        from tui.screens.analysis import AnalysisScreen

        if self.record is None:
            return
        lot = self.record.lot
        specimens = sorted({row[0] for row in self.record.analyses})
        if not specimens:
            refusal = _("Lot {lot} has no specimen to test: add its specimens with + first.")
            self.notify(refusal.format(lot=lot.lot_number), severity="warning")
            return
        table = self.query_one("#analyses-table", RecordTable)
        under_cursor = table.full[table.cursor_coordinate.row][0] if table.full else None

        def recorded(done: bool | None) -> None:
            if done:
                self.load()
                self.action_tab("analyses")  # where the new test is listed

        self.app.push_screen(
            AnalysisScreen(self.database, self.actor, lot, specimens, under_cursor), recorded
        )

    def action_add_specimens(self) -> None:
        from tui.screens.specimens import AddSpecimensScreen

        if self.record is None:
            return

        def added(done: bool | None) -> None:
            if done:
                self.load()
                # Where the new specimens are listed, as a new name form is shown in its tab:
                # the summary the form was opened from says nothing of them.
                self.action_tab("analyses")

        self.app.push_screen(AddSpecimensScreen(self.database, self.actor, self.record.lot), added)

    def action_remove_specimen(self) -> None:
        from tui.screens.specimens import RemoveSpecimenScreen

        if self.record is None:
            return
        if not self.record.untested:
            self.notify(
                _(
                    "Lot {lot} has no specimen to remove: a specimen with a test recorded is "
                    "evidence and stays."
                ).format(lot=self.record.lot.lot_number),
                severity="warning",
            )
            return
        self.app.push_screen(
            RemoveSpecimenScreen(self.database, self.actor, self.record.lot, self.record.untested),
            self.reopen,
        )

    def action_withdraw_event(self) -> None:
        from records.models import CustodyEvent
        from records.services.custody import check_withdrawable, status_before
        from tui.screens.withdraw_event import WithdrawEventScreen

        if self.record is None:
            return
        lot = self.record.lot
        # The event meant is the latest this screen shows, read again: another registrar may
        # have withdrawn it, or recorded one after it, since. The latest standing now would
        # be one nobody asked to withdraw.
        try:
            with self.database.reading() as session:
                latest = session.get(CustodyEvent, self.record.latest or 0)
                if latest is None or latest.kind == "recovered":
                    refusal = _(
                        "Lot {lot} has no event to withdraw: its recovery is where its record "
                        "begins."
                    )
                    self.notify(refusal.format(lot=lot.lot_number), severity="warning")
                    return
                lot = get(session, RemainsLot, self.lot_id)  # the version the form expects
                check_withdrawable(session, lot, latest)
                before = status_before(session, latest)
        except Invalid as refused:
            self.refused_since(refused)
            return

        def withdrawn(done: bool | None) -> None:
            self.load()  # also after a refusal: the lot as it now stands, not as it was
            if done:
                self.action_tab("custody")  # where the event now shows withdrawn

        self.app.push_screen(
            WithdrawEventScreen(self.database, self.actor, lot, latest, before), withdrawn
        )

    def action_withdraw_analysis(self) -> None:
        from records.models import Analysis, Specimen
        from records.services.analysis_withdrawal import check_not_withdrawn
        from tui.screens.withdraw_analysis import WithdrawAnalysisScreen

        if self.record is None:
            return
        lot = self.record.lot
        table = self.query_one("#analyses-table", RecordTable)
        row = table.cursor_coordinate.row
        # Only the test the registrar put the cursor on: a withdrawal is never guessed.
        if self.query_one(TabbedContent).active != "analyses" or row >= len(self.record.tests):
            refusal = _(
                "Lot {lot}: put the cursor on the test to withdraw in the Specimens tab (2), "
                "then press x."
            )
            self.notify(refusal.format(lot=lot.lot_number), severity="warning")
            self.action_tab("analyses")
            return
        # Read again: another registrar may have withdrawn the test since this screen showed it.
        try:
            with self.database.reading() as session:
                analysis = get(session, Analysis, self.record.tests[row])
                check_not_withdrawn(analysis, get(session, Specimen, analysis.specimen_id))
                lot = get(session, RemainsLot, self.lot_id)
        except Invalid as refused:
            self.refused_since(refused)
            return

        def withdrawn(done: bool | None) -> None:
            self.load()  # also after a refusal: the lot as it now stands, not as it was
            if done:
                self.action_tab("analyses")  # where the test now shows withdrawn

        self.app.push_screen(
            WithdrawAnalysisScreen(self.database, self.actor, lot, analysis, table.full[row][0]),
            withdrawn,
        )

    def refused_since(self, refused: Invalid) -> None:
        """A withdrawal refused before its form opens, for what the record became after this
        screen read it (another registrar withdrew it first): said as the service says it,
        and the lot shown as it now stands."""
        self.load()
        self.notify(said_alone(refused.reason), severity="warning")
