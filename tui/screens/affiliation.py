"""The form that records the affiliation committee's verdict on a lot through
``decide_affiliation``: only the verdicts the state machine allows after the lot's status are
offered, the decision is dated by the committee's meeting (as precise as known: a year will
do) and cites the analyses of the lot's specimens it rests on."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, Select, SelectionList, Static
from textual.widgets.selection_list import Selection

from records.database import Database
from records.dates import DateUnreadable, PartialDate, parse_date
from records.models import RemainsLot
from records.services.lot_status import decide_affiliation
from records.status import NEEDS_EVIDENCE, verdicts_after
from tui.i18n import _, said
from tui.labels import affiliation_label, status_label
from tui.record_queries import CitableAnalysis, citable_analyses
from tui.screens.action_form import LotActionForm
from tui.widgets.key_bar import key_bar
from tui.widgets.text_input import TextInput
from tui.widgets.tick_list import TickList


def evidence_line(analysis: CitableAnalysis) -> Text:
    # Named as the registrar knows a test: its specimen, kind and date, never the app's id.
    parts = [
        analysis.specimen,
        analysis.kind,
        affiliation_label(analysis.affiliation),
        analysis.decided,
    ]
    if analysis.superseded:
        parts.append(_("(superseded)"))
    # A superseded result is dimmed, as its marker may be cut off in a narrow terminal.
    return Text("  ".join(p for p in parts if p), style="dim" if analysis.superseded else "")


class AffiliationScreen(LotActionForm):
    FIELDS: ClassVar[tuple[str, ...]] = ("verdict", "date", "evidence", "reason")
    DEFAULT_CSS = """
    AffiliationScreen #field-evidence { height: auto; max-height: 8; }
    AffiliationScreen #evidence-title { padding: 1 0 0 0; }
    """

    def __init__(self, database: Database, actor: str, lot: RemainsLot) -> None:
        super().__init__(database, actor, lot)
        self.analyses = citable_analyses(database, lot.id or 0)
        self.filled = ""  # the date the form took from the evidence, until the registrar's own

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(
                Text(
                    _("Affiliation decision for lot {lot} (now {status})").format(
                        lot=self.lot.lot_number, status=status_label(self.lot.status)
                    )
                ),
                classes="heading",
            )
            yield from self.field_row(
                "verdict",
                Select[str](
                    [(status_label(s), s.value) for s in verdicts_after(self.lot.status)],
                    prompt=_("Choose the committee's verdict"),
                    id="field-verdict",
                ),
            )
            # The label says what the date is; the example, whole at 80 columns, how to write it.
            when = _("e.g. 令和7年3月20日 or 2025")
            yield from self.field_row(
                "date", TextInput(placeholder=when, id="field-date"), _("Decided on")
            )
            yield Label(
                _("Evidence: the analyses the decision rests on (space to choose)"),
                id="evidence-title",
            )
            if self.analyses:
                yield TickList[int](
                    *(Selection(evidence_line(a), a.id) for a in self.analyses),
                    id="field-evidence",
                )
            else:
                yield Static(Text(_("No analysis of this lot's specimens is recorded.")))
            yield Static("", classes="error under-field", id="error-evidence")
            yield from self.reason_row(_("The committee's meeting and why (required)"))
            yield from self.buttons()
        yield key_bar()

    def on_mount(self) -> None:
        self.query_one("#field-verdict", Select).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        # What was said about the evidence was said of the verdict chosen then.
        self.error("evidence", "")

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged[int]) -> None:
        self.error("evidence", "")
        self.fill_date()

    def fill_date(self) -> None:
        """Date the decision by the meeting the cited results were decided at, as a starting
        value: a date the registrar typed is theirs and stays."""
        date = self.query_one("#field-date", Input)
        if date.value not in ("", self.filled):
            return
        self.filled = self.meeting()
        if date.value != self.filled:
            date.value = self.filled
            self.error("date", "")

    def meeting(self) -> str:
        """The committee's meeting every cited analysis carries, as the results wrote it; empty
        when none is cited, one has no meeting date, or they name different meetings."""
        cited = set(self.cited())
        met = [a for a in self.analyses if a.id in cited]
        first = met[0].meeting if met else None
        if first is None or first.value is None:
            return ""
        if any(
            (a.meeting.value, a.meeting.precision) != (first.value, first.precision) for a in met
        ):
            return ""
        return met[0].decided

    def cited(self) -> list[int]:
        found = self.query("#field-evidence")
        if not found:
            return []
        chosen = found.first(SelectionList).selected
        return [analysis_id for analysis_id in chosen if isinstance(analysis_id, int)]

    def decided_on(self) -> PartialDate | None:
        """The meeting's date as typed, or None after saying what is wrong with it: the
        decision is dated, so that no move of the remains is dated before it."""
        try:
            on = parse_date(self.query_one("#field-date", Input).value)
        except DateUnreadable as unreadable:
            self.error("date", said(unreadable.reason))
            return None
        if on.value is None:
            self.error("date", _("say when the committee decided: a year will do"))
            return None
        return on

    def action_save(self) -> None:
        self.clear_errors()
        verdict = self.query_one("#field-verdict", Select).value
        evidence = self.cited()
        valid = True
        if not isinstance(verdict, str):
            self.error("verdict", _("choose the committee's verdict"))
            valid = False
        elif verdict in NEEDS_EVIDENCE and not evidence:
            self.error(
                "evidence",
                _("cite at least one analysis: a verdict of {verdict} rests on a test").format(
                    verdict=status_label(verdict)
                ),
            )
            valid = False
        on = self.decided_on()
        reason = self.reason()
        if not (valid and on and reason and isinstance(verdict, str)):
            return
        written = self.written(
            "verdict",
            lambda session: decide_affiliation(
                session,
                self.actor,
                self.lot.id or 0,
                verdict,
                evidence,
                reason,
                on=on,
                expected_version=self.lot.version,
            ),
        )
        if written:
            self.notify(_("Decision recorded: {verdict}").format(verdict=status_label(verdict)))
            self.dismiss(True)
