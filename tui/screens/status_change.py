"""A lot's status change: only the statuses the state machine allows after the current one
are offered, a reason is required, and an interment asks where."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Footer, Input, Label, Select, Static

from records.database import Database
from records.dates import DateUnreadable, parse_date
from records.errors import Invalid, StaleEdit, TransitionRefused
from records.models import RemainsLot
from records.services.lots import NEEDS_LOCATION, change_status
from records.status import allowed_after
from tui.i18n import N_, _
from tui.labels import field_label, status_label
from tui.record_queries import locations
from tui.screens.base import Modal


class StatusChangeScreen(Modal[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Save")),
        Binding("escape", "cancel", N_("Cancel")),
    ]
    DEFAULT_CSS = """
    StatusChangeScreen { align: center middle; }
    StatusChangeScreen > Vertical { width: 90%; max-width: 90; height: auto;
                                    border: round $accent; padding: 0 1; }
    StatusChangeScreen .error { color: $error; height: auto; }
    StatusChangeScreen #buttons { height: 3; align-horizontal: right; }
    """

    def __init__(self, database: Database, actor: str, lot: RemainsLot) -> None:
        super().__init__()
        self.database = database
        self.actor = actor
        self.lot = lot

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                Text(
                    _("Lot {lot}: now {status}").format(
                        lot=self.lot.lot_number, status=status_label(self.lot.status)
                    ),
                    style="bold",
                )
            )
            yield Label(_("New status"))
            yield Select[str](
                [(status_label(s), s.value) for s in allowed_after(self.lot.status)],
                prompt=_("Choose the new status"),
                id="status",
            )
            yield Static("", classes="error", id="error-status")
            yield Label(field_label("location"))
            yield Select[int](
                [], prompt=_("Where (for an interment)"), id="location", disabled=True
            )
            yield Static("", classes="error", id="error-location")
            yield Label(_("Date (optional)"))
            yield Input(id="date")
            yield Static("", classes="error", id="error-date")
            yield Label(field_label("reason"))
            yield Input(placeholder=_("Why? (required)"), id="reason")
            yield Static("", classes="error", id="error-reason")
            with Horizontal(id="buttons"):
                yield Button(_("Save"), variant="primary", id="save")
                yield Button(_("Cancel"), id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#location", Select).set_options(
            (label, i) for i, label in locations(self.database)
        )
        self.query_one("#status", Select).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "status":
            self.query_one("#location", Select).disabled = event.value not in NEEDS_LOCATION

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def error(self, field: str, message: str) -> None:
        self.query_one(f"#error-{field}", Static).update(Text(message))

    def action_save(self) -> None:
        for field in ("status", "location", "date", "reason"):
            self.error(field, "")
        status = self.query_one("#status", Select).value
        reason = self.query_one("#reason", Input).value
        location = self.query_one("#location", Select).value
        if status == Select.NULL:
            self.error("status", _("choose the new status"))
            return
        if not reason.strip():
            self.error("reason", _("say why the status changes"))
            return
        try:
            date_text = self.query_one("#date", Input).value
            on = parse_date(date_text) if date_text.strip() else None
        except DateUnreadable as exc:
            self.error("date", exc.reason)
            return
        try:
            with self.database.session() as session:
                change_status(
                    session,
                    self.actor,
                    self.lot.id or 0,
                    str(status),
                    reason,
                    expected_version=self.lot.version,
                    location_id=location if isinstance(location, int) else None,
                    on=on,
                )
        except Invalid as invalid:
            field = invalid.field if invalid.field in ("location", "reason") else "status"
            self.error(field, invalid.reason)
            return
        except (TransitionRefused, StaleEdit) as refused:
            self.error("status", str(refused))
            return
        self.notify(_("Status changed"))
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
