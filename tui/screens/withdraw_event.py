"""A lot's latest custody event withdrawn as recorded in error, through ``withdraw_event``: the
form names the event and the status the lot goes back to, and asks why."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from records.database import Database
from records.models import CustodyEvent, RemainsLot
from records.services.custody import withdraw_event
from tui.i18n import N_, _
from tui.labels import custody_label, status_label
from tui.roll_warnings import still_on_rolls
from tui.screens.action_form import LotActionForm
from tui.widgets.key_bar import key_bar


class WithdrawEventScreen(LotActionForm):
    # The button and its key say what they do: in Japanese, a save button beside Cancel
    # read 保存 for a withdrawal.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Withdraw")),
        Binding("escape", "cancel", N_("Cancel")),
    ]
    FIELDS: ClassVar[tuple[str, ...]] = ("event", "reason")
    # The event is read, not typed: level with its label, which sits one line down to face
    # an input's text.
    DEFAULT_CSS = """
    WithdrawEventScreen #field-event { width: 1fr; padding-top: 1; }
    WithdrawEventScreen .hint { padding: 1 0 0 16; height: auto; }
    """

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

    def compose(self) -> ComposeResult:
        event = self.event
        with VerticalScroll():
            heading = _("Lot {lot}: withdraw its latest event, recorded in error")
            yield Static(Text(heading.format(lot=self.lot.lot_number)), classes="heading")
            named = _("{event}, {date}, recorded by {who}: {why}").format(
                event=custody_label(event.kind),
                date=event.happened_text or event.happened_on or _("date not recorded"),
                who=event.actor,
                why=event.reason,
            )
            yield from self.field_row("event", Static(Text(named), id="field-event"), _("Event"))
            back = _("The lot goes back to {status}; the event stays in its history, withdrawn.")
            yield Static(Text(back.format(status=status_label(self.status_before))), classes="hint")
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
            "event",
            lambda session: withdraw_event(
                session,
                self.actor,
                self.event.id or 0,
                reason,
                expected_version=self.lot.version,
            ),
        )
        if written:
            self.notify(_("Event withdrawn"))
            with self.database.reading() as session:
                on_rolls = still_on_rolls(session, self.lot.id or 0, self.lot.lot_number)
            if on_rolls:
                self.notify(on_rolls, severity="warning")
            self.dismiss(True)
