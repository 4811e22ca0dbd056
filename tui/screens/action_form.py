"""What the modal forms for one business action share (a name form added, an affiliation
decided): a label and an error line per field, a required reason, ctrl+s and escape."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static

from tui.i18n import N_, _
from tui.labels import field_label
from tui.screens.base import Modal


class ActionForm(Modal[bool]):
    """Subclasses compose their rows with ``field_row`` and write through their service in
    ``action_save``; the form is dismissed with True once something was written."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Save")),
        Binding("escape", "cancel", N_("Cancel")),
    ]
    DEFAULT_CSS = """
    ActionForm { align: center middle; }
    ActionForm > VerticalScroll { width: 90%; max-width: 100; height: auto; max-height: 100%;
                            border: round $accent; padding: 0 1; }
    ActionForm .heading { text-style: bold; height: auto; }
    ActionForm .row { height: auto; }
    ActionForm .row > Label { width: 16; padding: 1 1 0 0; }
    ActionForm .row > Input, ActionForm .row > Select { width: 1fr; }
    ActionForm .error { color: $error; padding-left: 16; height: auto; display: none; }
    ActionForm .error.shown { display: block; }
    ActionForm .error.note { color: $text-muted; }
    ActionForm #buttons { height: 3; align-horizontal: right; }
    """
    FIELDS: ClassVar[tuple[str, ...]] = ()  # every field with an error line, reason included

    def field_row(self, name: str, widget: Widget) -> ComposeResult:
        yield Horizontal(Label(field_label(name)), widget, classes="row")
        yield Static("", classes="error", id=f"error-{name}")

    def reason_row(self, placeholder: str) -> ComposeResult:
        yield from self.field_row("reason", Input(placeholder=placeholder, id="field-reason"))

    def buttons(self) -> ComposeResult:
        yield Horizontal(
            Button(_("Save"), variant="primary", id="save"),
            Button(_("Cancel"), id="cancel"),
            id="buttons",
        )

    def error(self, field: str, message: str, *, note: bool = False) -> None:
        """Show ``message`` under ``field`` (record data in it is never read as markup); a
        note is a hint in muted colour rather than a refusal."""
        shown = self.query_one(f"#error-{field}", Static)
        shown.update(Text(message))
        shown.set_class(bool(message), "shown")
        shown.set_class(note and bool(message), "note")

    def clear_errors(self) -> None:
        for field in self.FIELDS:
            self.error(field, "")

    def reason(self) -> str | None:
        """The reason typed, or None after asking for one."""
        reason = self.query_one("#field-reason", Input).value
        if reason.strip():
            return reason.strip()
        self.error("reason", _("say why: every change is recorded with its reason"))
        return None

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        raise NotImplementedError

    def action_cancel(self) -> None:
        self.dismiss(False)
