"""A lot's specimens corrected by hand: numbers its record lacks added through
``add_specimens`` (written as a recovery file writes them, ranges included), and one entered in
error removed through ``remove_specimen``, each with the reason it is done."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Select, Static

from importers.cells import expand_specimens
from importers.errors import CellUnreadable
from records.database import Database
from records.models import RemainsLot
from records.services.lots import add_specimens, remove_specimen
from tui.i18n import _, said
from tui.screens.action_form import LotActionForm
from tui.widgets.key_bar import key_bar
from tui.widgets.text_input import TextInput


class AddSpecimensScreen(LotActionForm):
    FIELDS: ClassVar[tuple[str, ...]] = ("specimens", "reason")

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(
                Text(_("Lot {lot}: add specimens").format(lot=self.lot.lot_number)),
                classes="heading",
            )
            yield from self.field_row(
                "specimens",
                TextInput(
                    placeholder=_("e.g. HB-012-20-0009, HB-012-20-0012～0014"),
                    id="field-specimens",
                ),
            )
            yield from self.reason_row(_("Why? (required)"))
            yield from self.buttons()
        yield key_bar()

    def on_mount(self) -> None:
        self.query_one("#field-specimens", Input).focus()

    def action_save(self) -> None:
        self.clear_errors()
        numbers: list[str] = []
        try:
            numbers = expand_specimens(self.query_one("#field-specimens", Input).value)
        except CellUnreadable as unreadable:
            self.error("specimens", said(unreadable.reason))
        else:
            if not numbers:
                self.error("specimens", _("write the specimen numbers to add"))
        reason = self.reason()
        if not (numbers and reason):
            return
        written = self.written(
            "specimens",
            lambda session: add_specimens(session, self.actor, self.lot.id or 0, numbers, reason),
        )
        if written:
            self.notify(_("Specimens added"))
            self.dismiss(True)


class RemoveSpecimenScreen(LotActionForm):
    FIELDS: ClassVar[tuple[str, ...]] = ("specimen", "reason")
    DEFAULT_CSS = "RemoveSpecimenScreen .hint { color: $text-muted; padding-left: 16; }"

    def __init__(
        self, database: Database, actor: str, lot: RemainsLot, untested: list[str]
    ) -> None:
        super().__init__(database, actor, lot)
        self.untested = untested  # only a specimen with no test recorded may be removed

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            heading = _("Lot {lot}: remove a specimen entered in error")
            yield Static(Text(heading.format(lot=self.lot.lot_number)), classes="heading")
            yield from self.field_row(
                "specimen",
                Select[str](
                    [(number, number) for number in self.untested],
                    prompt=_("Choose the specimen"),
                    id="field-specimen",
                ),
            )
            yield Static(
                Text(_("A specimen with a test recorded is evidence and is not offered.")),
                classes="hint",
            )
            yield from self.reason_row(_("Why? (required)"))
            yield from self.buttons()
        yield key_bar()

    def on_mount(self) -> None:
        self.query_one("#field-specimen", Select).focus()

    def action_save(self) -> None:
        self.clear_errors()
        number = self.query_one("#field-specimen", Select).value
        if not isinstance(number, str):
            self.error("specimen", _("choose the specimen to remove"))
        reason = self.reason()
        if not (reason and isinstance(number, str)):
            return
        written = self.written(
            "specimen",
            lambda session: remove_specimen(session, self.actor, self.lot.id or 0, number, reason),
        )
        if written:
            self.notify(_("Specimen {number} removed").format(number=number))
            self.dismiss(True)
