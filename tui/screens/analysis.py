"""A test of one of a lot's specimens entered by hand through ``record_analysis`` (a
laboratory's letter before the ministry's file arrives): its kind, what it found, the match
and the person it names, chosen by searching a name or a number, and when it was decided."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Select, Static

from records.database import Database
from records.dates import DateUnreadable, parse_date
from records.models import RemainsLot
from records.search import find_by_number, find_person_ids, persons_by_id, quoted_number
from records.services.analyses import AFFILIATIONS, AnalysisFields, record_analysis
from tui.i18n import _, said
from tui.labels import affiliation_label, match_label, person_told_apart
from tui.screens.action_form import LotActionForm
from tui.widgets.key_bar import key_bar
from tui.widgets.text_input import TextInput

# How many persons a search offers: enough for a common name, few enough to read.
OFFERED = 20


class AnalysisScreen(LotActionForm):
    FIELDS: ClassVar[tuple[str, ...]] = (
        "specimen", "kind", "affiliation", "match_result", "person", "date", "remarks", "reason",
    )  # fmt: skip

    def __init__(
        self,
        database: Database,
        actor: str,
        lot: RemainsLot,
        specimens: list[str],
        specimen: str | None,
    ) -> None:
        super().__init__(database, actor, lot)
        self.specimens = specimens
        self.specimen = specimen  # the one under the cursor, offered first

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            heading = _("Lot {lot}: record a test of a specimen")
            yield Static(Text(heading.format(lot=self.lot.lot_number)), classes="heading")
            yield from self.field_row(
                "specimen",
                Select[str](
                    [(number, number) for number in self.specimens],
                    prompt=_("Choose the specimen"),
                    id="field-specimen",
                ),
                _("Specimen"),
            )
            kinds = _("e.g. DNA(STR), DNA(Y-STR), DNA(mtDNA), 安定同位体")
            yield from self.field_row(
                "kind", TextInput(placeholder=kinds, id="field-kind"), _("Test")
            )
            yield from self.field_row(
                "affiliation",
                Select[str](
                    [(affiliation_label(a), a) for a in AFFILIATIONS],
                    prompt=_("What the test found"),
                    id="field-affiliation",
                ),
                _("Affiliation"),
            )
            yield from self.field_row(
                "match_result",
                Select[str](
                    [(match_label(m), m) for m in ("match", "in_progress")],
                    prompt=_("No match"),
                    id="field-match_result",
                ),
                _("Match"),
            )
            yield from self.field_row(
                "person-query",
                TextInput(
                    placeholder=_("Name or number (番号 12) of the person matched"),
                    id="person-query",
                    classes="lookup",
                ),
                _("Search"),
            )
            yield from self.field_row(
                "person",
                Select[int]([], prompt=_("Choose the person found"), id="field-person"),
                _("Person"),
            )
            when = _("e.g. 令和3年3月4日 or 2021-03")
            yield from self.field_row(
                "date", TextInput(placeholder=when, id="field-date"), _("Decided on")
            )
            yield from self.field_row("remarks", TextInput(id="field-remarks"), _("Remarks"))
            yield from self.reason_row(_("The laboratory's report and why (required)"))
            yield from self.buttons()
        yield key_bar()

    def on_mount(self) -> None:
        if self.specimen:
            self.query_one("#field-specimen", Select).value = self.specimen
        self.query_one("#field-kind", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "person-query":
            self.offer_persons(event.value)

    def offer_persons(self, text: str) -> None:
        """The persons the text quotes by number, else whose name begins so; one found is
        chosen, more are offered to choose from."""
        with self.database.reading() as session:
            quoted = quoted_number(text)
            ids = (
                find_by_number(session, quoted, OFFERED)
                if quoted is not None
                else find_person_ids(session, text, OFFERED)
                if text.strip()
                else []
            )
            found = persons_by_id(session, ids)
        chosen = self.query_one("#field-person", Select)
        chosen.set_options((person_told_apart(hit), hit.id) for hit in found)
        if len(found) == 1:
            chosen.value = found[0].id
        self.error("person", "" if found or not text.strip() else _("no person found"))

    def action_save(self) -> None:
        self.clear_errors()
        specimen = self.query_one("#field-specimen", Select).value
        affiliation = self.query_one("#field-affiliation", Select).value
        match = self.query_one("#field-match_result", Select).value
        person = self.query_one("#field-person", Select).value
        valid = True
        if not isinstance(specimen, str):
            self.error("specimen", _("choose the specimen tested"))
            valid = False
        if not isinstance(affiliation, str):
            self.error("affiliation", _("choose what the test found"))
            valid = False
        try:
            decided = parse_date(self.query_one("#field-date", Input).value)
        except DateUnreadable as unreadable:
            self.error("date", said(unreadable.reason))
            valid = False
        reason = self.reason()
        if not (valid and reason and isinstance(specimen, str) and isinstance(affiliation, str)):
            return
        fields = AnalysisFields(
            kind=self.query_one("#field-kind", Input).value.strip(),
            affiliation=affiliation,
            match_result=match if isinstance(match, str) else "",
            decided=decided,
            remarks=self.query_one("#field-remarks", Input).value.strip(),
            matched_person_id=person if isinstance(person, int) else None,
        )
        written = self.written(
            "kind",
            lambda session: record_analysis(session, self.actor, specimen, fields, reason),
        )
        if written:
            self.notify(_("Test of specimen {number} recorded").format(number=specimen))
            self.dismiss(True)
