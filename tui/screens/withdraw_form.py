"""The form of a withdrawal of something recorded in error on a lot: it names the record, says
what follows, asks why, and withdraws through the record's service."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from sqlmodel import Session
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.i18n import N_, _
from tui.screens.action_form import LotActionForm
from tui.widgets.key_bar import key_bar


class WithdrawForm(LotActionForm):
    # The button and its key say what they do: in Japanese, a save button beside Cancel
    # read 保存 for a withdrawal.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Withdraw")),
        Binding("escape", "cancel", N_("Cancel")),
    ]
    # The record is read, not typed: level with its label, which sits one line down to face
    # an input's text.
    DEFAULT_CSS = """
    WithdrawForm .withdrawn { width: 1fr; padding-top: 1; }
    WithdrawForm .hint { padding: 1 0 0 16; height: auto; }
    """

    def heading(self) -> str:
        raise NotImplementedError

    def named(self) -> tuple[str, str]:
        """The record withdrawn, as its label and its line."""
        raise NotImplementedError

    def hint(self) -> str:
        raise NotImplementedError

    def withdraw(self, session: Session, reason: str) -> object:
        raise NotImplementedError

    def withdrawn(self) -> None:
        """Said once the withdrawal is written, before the form closes."""
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        field = self.FIELDS[0]
        with VerticalScroll():
            yield Static(Text(self.heading()), classes="heading")
            label, line = self.named()
            record = Static(Text(line), id=f"field-{field}", classes="withdrawn")
            yield from self.field_row(field, record, label)
            yield Static(Text(self.hint()), classes="hint")
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
        if self.written(self.FIELDS[0], lambda session: self.withdraw(session, reason)):
            self.withdrawn()
            self.dismiss(True)
