"""The ceremonies screen's forms: what they share (their frame, their buttons, a refusal said
at its field), a new ceremony, and a roll's line given its reading, lines added in bulk, a
line removed, each with the registrar's reason."""

from __future__ import annotations

from typing import Any, ClassVar, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from records.database import Database
from records.errors import Invalid, IreiError, RemovedSince
from records.models import Ceremony, RollEntry
from records.services import ceremonies as service
from records.services import roll_bulk, roll_entries
from tui.i18n import N_, _, said
from tui.labels import ceremony_kind_label
from tui.screens.form import FormModal
from tui.widgets.key_bar import key_bar
from tui.widgets.text_input import TextInput
from tui.widgets.tick_box import TickBox

MODAL_CSS = """
{name} {{ align: center middle; }}
{name} > .frame {{ width: 90%; min-width: 76; max-width: 110; height: auto; max-height: 90%;
                  border: round $accent; padding: 0 1; }}
{name} VerticalScroll {{ height: auto; max-height: 100%; }}
{name} .error {{ color: $error; height: auto; }}
{name} DataTable {{ height: 10; }}
{name} #candidate {{ height: auto; color: $text-muted; }}
{name} #buttons {{ dock: bottom; height: 3; align-horizontal: right; }}
"""


class RollForm(FormModal[bool]):
    # A form whose button does something else than save says so on ctrl+s too: the key bar
    # read "^s Save" over an Export button.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Save")),
        Binding("escape", "cancel", N_("Cancel")),
    ]

    def error(self, field: str, message: str) -> None:
        show_error(self, field, message)

    def refused(self, refusal: IreiError) -> None:
        """Say why the service refused, under the field a refused value belongs to."""
        if isinstance(refusal, Invalid):
            self.error(refusal.field, said(refusal.reason))
        else:
            self.error("", said(refusal))

    def buttons(self, save: str) -> ComposeResult:
        with Horizontal(id="buttons"):
            yield Button(save, variant="primary", id="save")
            yield Button(_("Cancel"), id="cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        elif event.button.id == "cancel":
            self.action_cancel()

    def action_save(self) -> None:
        raise NotImplementedError

    def action_cancel(self) -> None:
        self.leave(False)

    def value(self, selector: str) -> str:
        return self.query_one(selector, Input).value


def show_error(form: FormModal[Any], field: str, message: str) -> None:
    """Show ``message`` under ``field`` (under the buttons if the form has no such field),
    every other error cleared, and bring it into sight once it is laid out, wrapped: a long
    refusal (a path on a share) at 80×30 runs past the form's bottom edge. The field gets
    the focus, as what the registrar types next goes there (the reason a save asked for)."""
    for widget in form.query(".error"):
        cast(Static, widget).update("")
    target = form.query(f"#error-{field}") if field else None
    shown = target.first() if target else form.query_one("#error")
    cast(Static, shown).update(Text(message))
    if message:
        form.refused_at(form.query_one(f"#{field}") if target else None)
    form.call_after_refresh(shown.scroll_visible, animate=False)


def form_field(label: str, name: str, placeholder: str = "", value: str = "") -> ComposeResult:
    yield Label(label)
    yield TextInput(value=value, placeholder=placeholder, id=name)
    yield Static("", classes="error", id=f"error-{name}")


class CeremonyForm(FormModal[int | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Create")),
        Binding("escape", "cancel", N_("Cancel")),
    ]
    DEFAULT_CSS = MODAL_CSS.format(name="CeremonyForm")

    def __init__(self, database: Database, actor: str) -> None:
        super().__init__()
        self.database, self.actor = database, actor

    def compose(self) -> ComposeResult:
        with Vertical(classes="frame"):
            with VerticalScroll():
                yield Static(Text(_("New ceremony"), style="bold"))
                yield from form_field(_("Ceremony name"), "name")
                yield Label(_("Kind"))
                yield Select[str](
                    [(ceremony_kind_label(k), k) for k in service.KINDS],
                    value="memorial", id="kind", allow_blank=False,
                )  # fmt: skip
                yield Static("", classes="error", id="error-kind")
                yield from form_field(_("Date"), "date", "2026-08-23 / 令和8年8月23日")
                yield from form_field(_("Place"), "place", value="千鳥ヶ淵戦没者墓苑")
                yield from form_field(_("Reason"), "reason", _("Why? (required)"))
                yield Static("", classes="error", id="error")
            with Horizontal(id="buttons"):
                yield Button(_("Create"), variant="primary", id="save")
                yield Button(_("Cancel"), id="cancel")
        yield key_bar()

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        self.leave(None)

    def action_save(self) -> None:
        kind = str(self.query_one("#kind", Select).value)
        try:
            with self.database.writing() as session:
                made: Ceremony = service.create_ceremony(
                    session, self.actor, self.query_one("#name", Input).value, kind,
                    self.query_one("#date", Input).value, self.query_one("#place", Input).value,
                    self.query_one("#reason", Input).value,
                )  # fmt: skip
        except Invalid as invalid:
            show_error(self, invalid.field, said(invalid.reason))
            return
        except IreiError as refused:  # the database busy with an import: try again later
            show_error(self, "", said(refused))
            return
        self.notify(_("Ceremony created"))
        self.dismiss(made.id)


class ReadEntryScreen(RollForm):
    """A bare name given its reading, or the reading corrected, with the registrar's reason:
    the roll's gojūon order goes by it, and a name in kanji has none the app could guess."""

    DEFAULT_CSS = MODAL_CSS.format(name="ReadEntryScreen")

    def __init__(self, database: Database, actor: str, entry: RollEntry) -> None:
        super().__init__()
        self.database, self.actor, self.entry = database, actor, entry

    def compose(self) -> ComposeResult:
        with Vertical(classes="frame"):
            with VerticalScroll():
                yield Static(
                    Text(_("Reading of “{name}”").format(name=self.entry.bare_name), style="bold")
                )
                yield from form_field(
                    _("Reading"), "bare_reading", _("In kana"), value=self.entry.bare_reading
                )
                yield from form_field(_("Reason"), "reason", _("Why? (required)"))
                yield Static("", classes="error", id="error")
            yield from self.buttons(_("Save"))
        yield key_bar()

    def on_mount(self) -> None:
        self.query_one("#bare_reading", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_save()

    def action_save(self) -> None:
        try:
            with self.database.writing() as session:
                roll_entries.read_bare_name(
                    session, self.actor, self.entry.id or 0, self.value("#bare_reading"),
                    self.value("#reason"), expected_version=self.entry.version,
                )  # fmt: skip
        except IreiError as refused:
            self.refused(refused)
            return
        self.notify(_("Reading saved"))
        self.dismiss(True)


class BulkAddScreen(RollForm):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+s", "save", N_("Add"))]
    DEFAULT_CSS = MODAL_CSS.format(name="BulkAddScreen") + (
        "BulkAddScreen .row { height: 3; } BulkAddScreen .row > * { width: 1fr; }"
    )

    def __init__(self, database: Database, actor: str, ceremony_id: int) -> None:
        super().__init__()
        self.database, self.actor, self.ceremony_id = database, actor, ceremony_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="frame"):
            with VerticalScroll():
                yield Static(Text(_("Bulk add"), style="bold"))
                yield Label(_("Lots interred at this ceremony (instead of persons)"))
                yield Select[str](
                    [(_("On the ceremony date"), "day"), (_("In its fiscal year"), "fiscal_year")],
                    prompt=_("No: add persons by the filter below"), id="interred",
                )  # fmt: skip
                yield Static("", classes="error", id="error-interred")
                # Three to a row, each placeholder short enough to be read whole at 80 columns.
                with Horizontal(classes="row"):
                    yield person_filter(_("Country (ロシア)"), "country")
                    yield person_filter(_("Region"), "region")
                    yield person_filter(_("Site (HB-012)"), "site")
                with Horizontal(classes="row"):
                    yield person_filter(_("Prefecture 01–47"), "prefecture")
                    yield person_filter(_("Died from"), "died_from")
                    yield person_filter(_("Died to"), "died_to")
                with Horizontal(classes="row"):
                    yield person_filter(_("Identified since (DNA match)"), "identified_since")
                    yield TickBox(_("Identified only"), id="identified", classes="person-filter")
                yield from form_field(_("Reason"), "reason", _("Why? (required)"))
                yield Static("", classes="error", id="error")
            yield from self.buttons(_("Add"))
        yield key_bar()

    def on_mount(self) -> None:
        self.query_one("#country", Input).focus()

    def action_save(self) -> None:
        interred = self.query_one("#interred", Select).value
        reason = self.value("#reason")
        if interred in ("day", "fiscal_year") and self.refuse_person_filter():
            return
        try:
            with self.database.writing() as session:
                if interred in ("day", "fiscal_year"):
                    result = roll_bulk.bulk_add_interred_lots(
                        session, self.actor, self.ceremony_id, reason,
                        window=cast(roll_bulk.InterredWindow, interred),
                    )  # fmt: skip
                else:
                    result = roll_bulk.bulk_add_persons(
                        session, self.actor, self.ceremony_id, self.criteria(), reason
                    )
        except IreiError as refused:
            self.refused(refused)
            return
        self.notify(
            _("{added} added, {skipped} already on the roll").format(
                added=f"{result.added:,}", skipped=f"{result.skipped:,}"
            )
        )
        self.dismiss(True)

    def refuse_person_filter(self) -> bool:
        """Refuse, under the choice of lots, the first person filter given with them: the lots
        are chosen by their interment alone, and a filter the roll did not follow would put
        on it lots the registrar meant to leave out."""
        given = next((f for f in self.query(".person-filter") if _filled(f)), None)
        if given is None:
            return False
        field = given.placeholder if isinstance(given, Input) else str(cast(Checkbox, given).label)
        refusal = _("{field} filters persons, not lots: clear it, or add persons")
        show_error(self, "interred", refusal.format(field=field))
        self.refused_at(given)
        return True

    def criteria(self) -> roll_bulk.PersonFilter:
        return roll_bulk.PersonFilter(
            country=self.value("#country").strip(),
            region=self.value("#region").strip(),
            site_code=self.value("#site").strip(),
            prefecture_code=self.value("#prefecture").strip(),
            identified_only=self.query_one("#identified", Checkbox).value,
            identified_since=self.value("#identified_since").strip(),
            died_from=self.value("#died_from").strip(),
            died_to=self.value("#died_to").strip(),
        )


def person_filter(placeholder: str, name: str) -> TextInput:
    return TextInput(placeholder=placeholder, id=name, classes="person-filter")


def _filled(widget: Widget) -> bool:
    if isinstance(widget, Checkbox):
        return widget.value
    return bool(cast(Input, widget).value.strip())


class RemoveEntryScreen(RollForm):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+s", "save", N_("Remove"))]
    DEFAULT_CSS = MODAL_CSS.format(name="RemoveEntryScreen")

    def __init__(
        self, database: Database, actor: str, entry: RollEntry, number: int, name: str
    ) -> None:
        super().__init__()
        self.database, self.actor, self.entry = database, actor, entry
        self.number, self.entry_name = number, name  # as the roll's table shows the entry

    def compose(self) -> ComposeResult:
        question = _("Remove No. {number}, {name}, from the roll?")
        with Vertical(classes="frame"):
            with VerticalScroll():
                yield Static(Text(question.format(number=self.number, name=self.entry_name)))
                yield from form_field(_("Reason"), "reason", _("Why? (required)"))
                yield Static("", classes="error", id="error")
            yield from self.buttons(_("Remove"))
        yield key_bar()

    def on_mount(self) -> None:
        self.query_one("#reason", Input).focus()

    def action_save(self) -> None:
        try:
            with self.database.writing() as session:
                roll_entries.remove_entry(
                    session, self.actor, self.entry.id or 0, self.value("#reason"),
                    expected_version=self.entry.version,
                )  # fmt: skip
        except RemovedSince as gone:
            # Nothing left to do here: the roll behind is read again without the line.
            line = _("No. {number}, {name}: {reason}")
            message = line.format(number=self.number, name=self.entry_name, reason=said(gone))
            self.notify(message, severity="warning")
            self.dismiss(True)
            return
        except IreiError as refused:
            self.refused(refused)
            return
        self.notify(_("Entry removed"))
        self.dismiss(True)
