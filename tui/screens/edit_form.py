"""A modal form that edits one versioned record through its service: each field validated
where it is typed, a reason required, and a stale save turned into a choice (reload or
re-apply) instead of a lost change."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Label, Static

from records.database import Database
from records.dates import parse_year
from records.errors import Invalid, IreiError, StaleEdit
from tui.i18n import N_, _, said
from tui.labels import field_label, value_label, yes_or_no
from tui.screens.form import RecordForm
from tui.widgets.key_bar import key_bar
from tui.widgets.text_input import TextInput
from tui.widgets.tick_box import TickBox


@dataclass(frozen=True)
class Field:
    name: str
    kind: str = "text"  # text | int | year | era_year | bool
    check: Callable[[Any], str | None] | None = None  # returns an error message
    # The value a text field compares with what is stored, for what was typed (福島 → 福島県).
    parse: Callable[[str], object] | None = None
    label: str | None = None  # an N_() msgid, when the form says it otherwise than the audit


def form_label(field: Field) -> str:
    return _(field.label) if field.label else field_label(field.name)


def int_between(low: int, high: int) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if value is None or low <= value <= high:
            return None
        return _("must be between {low} and {high}").format(low=low, high=high)

    return check


def not_read(kind: str) -> str:
    """What a numeric field wants, said when its text is no number: a year field (a lot's
    収集年度, whose text the form does not keep) is read as Western figures only, and a registrar
    copying 平成16年度 needs to be told so; an era year (a year of birth, kept as written) is
    read in an era too."""
    if kind == "year":
        return _("write the year in Western figures, not in an era (e.g. 1945, not 昭和20年)")
    if kind == "era_year":
        return _("write the year in figures or in an era (e.g. 1921 or 大正10年)")
    return _("write a whole number")


def number(kind: str, text: str) -> int | None:
    """A numeric field's value: an era year is read as the import reads it (大正10年, T10), its
    text kept by the form's save; parse_year's refusal is a ValueError, as int's is."""
    if kind == "era_year":
        return parse_year(text)
    return int(text) if text else None


class EditForm(RecordForm):
    """Subclasses name their fields and how to read and save the record."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Save")),
        Binding("escape", "cancel", N_("Cancel")),
    ]
    DEFAULT_CSS = """
    EditForm { align: center middle; }
    EditForm > Vertical { width: 90%; max-width: 100; height: 90%; border: round $accent; }
    EditForm .row { height: auto; }
    EditForm .row > Label { width: 18; padding: 1 1 0 0; }
    EditForm .row > Input { width: 1fr; }
    EditForm .error { color: $error; padding-left: 18; height: auto; }
    EditForm #buttons { height: 3; align-horizontal: right; }
    """
    FIELDS: ClassVar[tuple[Field, ...]] = ()
    # Fields the form does not correct but another user may change (a lot's status, by a
    # withdrawal or a decision): a refused save lists them too, so that the registrar knows
    # what happened before re-applying.
    ALSO_SHOWN: ClassVar[tuple[str, ...]] = ()

    def __init__(self, database: Database, actor: str, record: Any) -> None:
        super().__init__()
        self.database = database
        self.actor = actor
        self.record = record
        self.version: int = record.version

    # What a subclass provides ------------------------------------------------------------

    def heading(self) -> str:
        raise NotImplementedError

    def save(self, changes: dict[str, object], reason: str, version: int) -> None:
        raise NotImplementedError

    def current(self) -> Any:
        raise NotImplementedError

    # The form -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.heading(), style="bold"))
            with VerticalScroll():
                for field in self.FIELDS:
                    with Horizontal(classes="row"):
                        yield Label(form_label(field))
                        if field.kind == "bool":
                            value = bool(getattr(self.record, field.name))
                            yield TickBox(yes_or_no(value), value, id=f"field-{field.name}")
                        else:
                            yield TextInput(self.shown(field), id=f"field-{field.name}")
                    yield Static("", classes="error", id=f"error-{field.name}")
                with Horizontal(classes="row"):
                    yield Label(field_label("reason"))
                    yield TextInput(
                        placeholder=_("Why is the record changed? (required)"), id="field-reason"
                    )
                yield Static("", classes="error", id="error-reason")
            with Horizontal(id="buttons"):
                yield Button(_("Save"), variant="primary", id="save")
                yield Button(_("Cancel"), id="cancel")
        yield key_bar()

    def on_mount(self) -> None:
        # Textual would focus the first focusable widget: the scrolling box around the fields,
        # where what the registrar types goes nowhere.
        self.query_one(f"#field-{self.FIELDS[0].name}").focus()

    def shown(self, field: Field) -> str:
        value = self.stored(self.record, field)
        return "" if value is None else str(value)

    def stored(self, record: Any, field: Field) -> object:
        """The field's value in ``record``, as the form compares what was typed with it."""
        return getattr(record, field.name)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        # The box alone is a few cells that some terminals barely colour: say it in words.
        event.checkbox.label = yes_or_no(event.value)

    def on_input_changed(self, event: Input.Changed) -> None:
        name = (event.input.id or "").removeprefix("field-")
        for field in self.FIELDS:
            if field.name == name:
                valid, _value = self.read(field)
                if not valid and event.input.has_focus:
                    # Typed: a field wholly in sight gets the focus without a scroll, and its
                    # error line can be just below the form's bottom edge. The values the form
                    # fills in itself (as it opens, on a reload) leave the view where it is.
                    error = self.query_one(f"#error-{name}", Static)
                    self.call_after_refresh(error.scroll_visible, animate=False)

    def read(self, field: Field) -> tuple[bool, object]:
        """The field's value, after showing or clearing its error."""
        error = self.query_one(f"#error-{field.name}", Static)
        widget = self.query_one(f"#field-{field.name}")
        if isinstance(widget, Checkbox):
            return True, widget.value
        assert isinstance(widget, Input)
        numeric = field.kind in ("int", "year", "era_year")
        text = widget.value.strip() if numeric else widget.value
        value: object = field.parse(text) if field.parse else text
        if numeric:
            try:
                value = number(field.kind, text)
            except ValueError:
                error.update(not_read(field.kind))
                return False, None
        message = field.check(value) if field.check else None
        error.update(message or "")
        return message is None, value

    def changes(self) -> dict[str, object] | None:
        changes: dict[str, object] = {}
        valid = True
        for field in self.FIELDS:
            ok, value = self.read(field)
            valid = valid and ok
            if ok and value != self.stored(self.record, field):
                changes[field.name] = value
        return changes if valid else None

    def action_save(self) -> None:
        changes = self.changes()
        if changes == {}:
            self.notify(_("Nothing was changed"))
            return
        reason = self.query_one("#field-reason", Input).value
        reason_error = self.query_one("#error-reason", Static)
        reason_error.update("" if reason.strip() else _("say why the record is changed"))
        if changes is None or not reason.strip():
            self.reveal_error()
            return
        self.commit(changes, reason, self.version)

    def reveal_error(self) -> None:
        """Focus the first field refused, which brings it to the middle of the form with its
        error under it: at 80×30 most of the form is below its edge, where a refusal would
        pass unseen and Save seem to do nothing."""
        for name in [*(field.name for field in self.FIELDS), "reason"]:
            if str(self.query_one(f"#error-{name}", Static).render()):
                self.refused_at(self.query_one(f"#field-{name}"))
                return

    def commit(self, changes: dict[str, object], reason: str, version: int) -> None:
        try:
            self.save(changes, reason, version)
        except StaleEdit as stale:
            self.show_stale(stale, changes, reason)
            return
        except Invalid as invalid:
            self.show_invalid(invalid)
            return
        except IreiError as refused:  # the database busy with an import: try again later
            self.query_one("#error-reason", Static).update(Text(said(refused)))
            self.reveal_error()
            return
        self.notify(_("Saved"))
        self.dismiss(True)

    def show_invalid(self, invalid: Invalid) -> None:
        target = f"#error-{invalid.field}"
        found = self.query(target)
        shown = found.first(Static) if found else self.query_one("#error-reason", Static)
        shown.update(Text(f"{field_label(invalid.field)}: {said(invalid.reason)}"))
        self.reveal_error()

    def show_stale(self, stale: StaleEdit, mine: dict[str, object], reason: str) -> None:
        from tui.screens.stale_edit import StaleEditScreen

        now = self.current()
        self.outdated = True
        theirs = [
            (form_label(field), self.stored(self.record, field), self.stored(now, field))
            for field in self.FIELDS
            if self.stored(self.record, field) != self.stored(now, field)
        ] + [
            (
                field_label(name),
                value_label(name, getattr(self.record, name)),
                value_label(name, value),
            )
            for name in self.ALSO_SHOWN
            if (value := getattr(now, name)) != getattr(self.record, name)
        ]
        mine_said = [
            (form_label(field), mine[field.name]) for field in self.FIELDS if field.name in mine
        ]

        def chosen(choice: str | None) -> None:
            if choice == "reload":
                self.reload(now)
            elif choice == "reapply":
                # Only the fields this user changed are written; the other user's changes
                # to the rest of the record stay.
                self.record, self.version = now, now.version
                self.commit(mine, reason, now.version)

        self.app.push_screen(StaleEditScreen(stale, theirs, mine_said), chosen)

    def reload(self, now: Any) -> None:
        """Show the record as it is now; the user's own edits are dropped on purpose."""
        self.record, self.version = now, now.version
        for field in self.FIELDS:
            widget = self.query_one(f"#field-{field.name}")
            if isinstance(widget, Checkbox):
                widget.value = bool(getattr(now, field.name))
            elif isinstance(widget, Input):
                widget.value = self.shown(field)
        self.mark_untouched()
        self.notify(_("Reloaded: the form shows the record as it is now"))
