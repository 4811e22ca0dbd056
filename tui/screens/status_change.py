"""A lot's status change through ``change_status``: only the statuses the state machine allows
after the current one and its standing verdict agrees with are offered, verdicts aside (they
are decided, citing evidence, in the affiliation form), a reason is required, and an interment
asks where."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Select, Static

from records.dates import DateUnreadable, parse_date
from records.services.lot_status import NEEDS_LOCATION, change_status
from tui.i18n import _, said
from tui.labels import status_label
from tui.record_queries import agreeing_moves, locations
from tui.screens.action_form import LotActionForm
from tui.widgets.key_bar import key_bar
from tui.widgets.text_input import TextInput


class StatusChangeScreen(LotActionForm):
    FIELDS: ClassVar[tuple[str, ...]] = ("status", "location", "date", "reason")

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(
                Text(
                    _("Lot {lot}: now {status}").format(
                        lot=self.lot.lot_number, status=status_label(self.lot.status)
                    )
                ),
                classes="heading",
            )
            yield from self.field_row(
                "status",
                Select[str](
                    [(status_label(s), s.value) for s in agreeing_moves(self.database, self.lot)],
                    prompt=_("Choose the new status"),
                    id="field-status",
                ),
            )
            yield from self.field_row(
                "location",
                Select[int](
                    [], prompt=_("Where (for an interment)"), id="field-location", disabled=True
                ),
            )
            when = _("When (optional), e.g. 令和7年3月20日")
            yield from self.field_row("date", TextInput(placeholder=when, id="field-date"))
            yield from self.reason_row(_("Why? (required)"))
            yield from self.buttons()
        yield key_bar()

    def on_mount(self) -> None:
        self.sections = locations(self.database)
        self.query_one("#field-location", Select).set_options(
            (label, i) for i, label in self.sections
        )
        self.query_one("#field-status", Select).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "field-status":
            needed = event.value in NEEDS_LOCATION
            self.query_one("#field-location", Select).disabled = not needed
            if needed and not self.sections:
                note = _(
                    "No section to inter in yet: add the cemetery's places with F3 Places on "
                    "the Remains screen"
                )
                self.error("location", note, note=True)
            else:
                self.error("location", "")

    def action_save(self) -> None:
        self.clear_errors()
        status = self.query_one("#field-status", Select).value
        location = self.query_one("#field-location", Select).value
        date_text = self.query_one("#field-date", Input).value
        valid = True
        if not isinstance(status, str):
            self.error("status", _("choose the new status"))
            valid = False
        try:
            on = parse_date(date_text) if date_text.strip() else None
        except DateUnreadable as unreadable:
            self.error("date", said(unreadable.reason))
            valid = False
        reason = self.reason()
        if not (valid and reason and isinstance(status, str)):
            return
        written = self.written(
            "status",
            lambda session: change_status(
                session,
                self.actor,
                self.lot.id or 0,
                status,
                reason,
                expected_version=self.lot.version,
                location_id=location if isinstance(location, int) else None,
                on=on,
            ),
        )
        if written:
            self.notify(_("Status changed"))
            self.dismiss(True)
