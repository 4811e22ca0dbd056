"""What the modal forms for one business action share (a name form added, an affiliation
decided, a lot's status changed, a place added): a label and an error line per field, a
required reason, ctrl+s and escape, and the service's refusals said in the registrar's words
under the field they concern. Then the forms that ask nothing but why (a withdrawal of
something recorded in error, a place removed)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Input, Static

from records.database import Database
from records.errors import Invalid, IreiError, StaleEdit, TransitionRefused
from records.models import RemainsLot
from tui.i18n import N_, _, said
from tui.labels import field_label, moment, status_label
from tui.screens.form import RecordForm, labelled_field
from tui.widgets.key_bar import key_bar
from tui.widgets.text_input import TextInput

if TYPE_CHECKING:
    from sqlmodel import Session


class ActionForm(RecordForm):
    """Subclasses compose their rows with ``field_row`` and write through their service in
    ``action_save``; the form is dismissed with True once something was written, or once a
    save was refused because another registrar changed the record meanwhile: the screen
    behind then shows the record as it now stands, not as the form was opened on it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Save")),
        Binding("escape", "cancel", N_("Cancel")),
    ]
    DEFAULT_CSS = """
    ActionForm { align: center middle; }
    ActionForm > VerticalScroll { width: 90%; max-width: 100; height: auto; max-height: 100%;
                            border: round $accent; padding: 0 1; }
    ActionForm .heading { text-style: bold; height: auto; }
    ActionForm .error.shown { display: block; }
    ActionForm .error.note { color: $text-muted; }
    ActionForm #buttons { height: 3; align-horizontal: right; }
    """
    FIELDS: ClassVar[tuple[str, ...]] = ()  # every field with an error line, reason included
    # What the form says when another registrar saved the record after it was opened.
    STALE: ClassVar[str] = N_(
        "{who} changed this lot at {when} after you opened it; close the form and open it again"
    )
    database: Database

    def field_row(self, name: str, widget: Widget, label: str = "") -> ComposeResult:
        yield from labelled_field(label or field_label(name), widget, name)

    def reason_row(self, placeholder: str) -> ComposeResult:
        yield from self.field_row("reason", TextInput(placeholder=placeholder, id="field-reason"))

    def buttons(self, save: str = "") -> ComposeResult:
        """Save and Cancel; ``save``: the save button's own word, as the form's Ctrl+S says it
        (an action that is not a saving, as a withdrawal)."""
        yield Horizontal(
            Button(save or _("Save"), variant="primary", id="save"),
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
        if message and not note:
            self.reveal_error()

    def shows(self, field: str) -> bool:
        """Whether this form has ``field``'s error line: some of FIELDS are asked only at
        times (a place's kind when it is added, not when it is corrected)."""
        return bool(self.query(f"#error-{field}"))

    def reveal_error(self) -> None:
        """Put the cursor in the first field refused, at once: left where it was (the reason,
        typed last), the correction went into the reason."""
        for name in filter(self.shows, self.FIELDS):
            shown = self.query_one(f"#error-{name}", Static)
            if shown.has_class("shown") and not shown.has_class("note"):
                found = self.query(f"#field-{name}")
                if found:
                    self.refused_at(found.first())
                return

    def clear_errors(self) -> None:
        for shown in self.query(".error").results(Static):
            shown.update("")
            shown.remove_class("shown", "note")

    def reason(self) -> str | None:
        """The reason typed, or None after asking for one."""
        reason = self.query_one("#field-reason", Input).value
        if reason.strip():
            return reason.strip()
        self.error("reason", _("say why: every change is recorded with its reason"))
        return None

    def written(self, field: str, action: Callable[[Session], object]) -> bool:
        """Run ``action`` in one session; if it is refused, say why under ``field`` (or under
        the field a refused value belongs to) and return False."""
        try:
            with self.database.writing() as session:
                action(session)
        except Invalid as invalid:
            shown = invalid.field in self.FIELDS and self.shows(invalid.field)
            self.error(invalid.field if shown else field, said(invalid.reason))
            return False
        except StaleEdit as stale:
            self.outdated = True
            self.error(
                field, _(self.STALE).format(who=stale.changed_by, when=moment(stale.changed_at))
            )
            return False
        except IreiError as refused:
            if isinstance(refused, TransitionRefused):  # the record moved on meanwhile
                self.outdated = True
            self.error(field, self.refusal(refused))
            return False
        return True

    def refusal(self, refused: IreiError) -> str:
        return said(refused)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        raise NotImplementedError


class LotActionForm(ActionForm):
    """An action on one lot through its service, which the state machine or a newer save by
    another registrar may refuse."""

    def __init__(self, database: Database, actor: str, lot: RemainsLot) -> None:
        super().__init__()
        self.database = database
        self.actor = actor
        self.lot = lot

    def refusal(self, refused: IreiError) -> str:
        if not isinstance(refused, TransitionRefused):
            return super().refusal(refused)
        allowed = ", ".join(status_label(s) for s in refused.allowed) or _("none")
        return _(
            "Lot {lot} is {current}: it cannot become {requested} (allowed: {allowed})"
        ).format(
            lot=self.lot.lot_number,
            current=status_label(refused.current),
            requested=status_label(refused.requested),
            allowed=allowed,
        )


class ReasonOnlyForm(ActionForm):
    """An action on one record that asks nothing but why: a heading, the record named on a
    line that is read, not typed, what follows (if anything needs saying), the reason, and
    one button whose word says what it does, as its Ctrl+S does (subclasses bind it)."""

    VERB: ClassVar[str]  # the button's word (N_), the same as Ctrl+S's
    # The record is read, not typed: level with its label, which sits one line down to face
    # an input's text.
    DEFAULT_CSS = """
    ReasonOnlyForm .named { width: 1fr; padding-top: 1; }
    ReasonOnlyForm .hint { padding: 1 0 0 16; height: auto; }
    """

    def heading(self) -> str:
        raise NotImplementedError

    def named(self) -> tuple[str, str]:
        """The record acted on, as its label and its line."""
        raise NotImplementedError

    def hint(self) -> str:
        """What follows the action, said above the reason; "" when nothing needs saying."""
        return ""

    def act(self, session: Session, reason: str) -> object:
        raise NotImplementedError

    def done(self) -> None:
        """Said once the action is written, before the form closes."""
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        field = self.FIELDS[0]
        with VerticalScroll():
            yield Static(Text(self.heading()), classes="heading")
            label, line = self.named()
            record = Static(Text(line), id=f"field-{field}", classes="named")
            yield from self.field_row(field, record, label)
            if hint := self.hint():
                yield Static(Text(hint), classes="hint")
            yield from self.reason_row(_("Why? (required)"))
            yield from self.buttons(_(self.VERB))
        yield key_bar()

    def on_mount(self) -> None:
        self.query_one("#field-reason").focus()

    def action_save(self) -> None:
        self.clear_errors()
        reason = self.reason()
        if not reason:
            return
        if self.written(self.FIELDS[0], lambda session: self.act(session, reason)):
            self.done()
            self.dismiss(True)


class WithdrawForm(ReasonOnlyForm, LotActionForm):
    """Something recorded in error on a lot withdrawn, through the record's service.
    ReasonOnlyForm comes first: Textual takes a screen's CSS from its first base's line only,
    and the record's line and the hint would lose their places beside the labels."""

    # The button and its key say what they do: in Japanese, a save button beside Cancel
    # read 保存 for a withdrawal.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Withdraw")),
        Binding("escape", "cancel", N_("Cancel")),
    ]
    VERB = N_("Withdraw")
