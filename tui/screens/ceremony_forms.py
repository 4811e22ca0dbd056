"""The ceremonies screen's forms: what they share (their frame, their buttons, a refusal said
at its field), a new ceremony, and a roll's line given its reading, lines added in bulk, a
line removed, each with the registrar's reason."""

from __future__ import annotations

from typing import Any, ClassVar, cast, get_args

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from records.database import Database
from records.errors import Invalid, IreiError, RemovedSince
from records.models import Ceremony, RollEntry
from records.services import ceremonies as service
from records.services import roll_bulk, roll_entries
from tui.i18n import N_, _, said
from tui.labels import ceremony_kind_label
from tui.screens.form import FormModal, labelled_field
from tui.widgets.key_bar import key_bar
from tui.widgets.text_input import TextInput
from tui.widgets.tick_box import TickBox

MODAL_CSS = """
{name} {{ align: center middle; }}
{name} > .frame {{ width: 90%; min-width: 76; max-width: 110; height: auto; max-height: 100%;
                  border: round $accent; padding: 0 1; }}
{name} VerticalScroll {{ height: auto; max-height: 100%; }}
{name} .error {{ color: $error; height: auto; display: none; }}
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
        widget.display = False
    target = form.query(f"#error-{field}") if field else None
    shown = target.first() if target else form.query_one("#error")
    cast(Static, shown).update(Text(message))
    shown.display = bool(message)
    if message:
        form.refused_at(form.query_one(f"#{field}") if target else None)
    form.call_after_refresh(shown.scroll_visible, animate=False)


def form_field(label: str, name: str, placeholder: str = "", value: str = "") -> ComposeResult:
    yield from labelled_field(label, TextInput(value=value, placeholder=placeholder, id=name), name)


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
                yield from labelled_field(
                    _("Kind"),
                    Select[str](
                        [(ceremony_kind_label(k), k) for k in service.KINDS],
                        value="memorial",
                        id="kind",
                        allow_blank=False,
                    ),
                    "kind",
                )
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
        "BulkAddScreen .filters { height: 3; } BulkAddScreen .filters > * { width: 1fr; }"
    )

    def __init__(self, database: Database, actor: str, ceremony_id: int) -> None:
        super().__init__()
        self.database, self.actor, self.ceremony_id = database, actor, ceremony_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="frame"):
            with VerticalScroll():
                yield Static(Text(_("Bulk add"), style="bold"))
                yield Label(_("Add the lots interred at this ceremony instead of persons?"))
                yield Select[str](
                    [
                        (_("Yes: the lots interred on the ceremony date"), "day"),
                        (_("Yes: the lots interred in the ceremony's fiscal year"), "fiscal_year"),
                    ],
                    prompt=_("No: add persons by the filters below"), id="interred",
                )  # fmt: skip
                # Three to a row, each placeholder short enough to be read whole at 80 columns.
                with Horizontal(classes="filters"):
                    yield person_filter(_("Country (ロシア)"), "country")
                    yield person_filter(_("Region"), "region")
                    yield person_filter(_("Site (HB-012)"), "site")
                with Horizontal(classes="filters"):
                    yield person_filter(_("Prefecture 01–47"), "prefecture")
                    yield person_filter(_("Died from"), "died_from")
                    yield person_filter(_("Died to"), "died_to")
                with Horizontal(classes="filters"):
                    yield person_filter(_("Identified since (DNA match)"), "identified_since")
                    yield TickBox(_("Identified only"), id="identified")
                yield from form_field(_("Reason"), "reason", _("Why? (required)"))
                yield Static("", classes="error", id="error")
            yield from self.buttons(_("Add"))
        yield key_bar()

    def on_mount(self) -> None:
        self.query_one("#interred", Select).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        """The person filters are hidden while the lots are chosen: the lots go by their
        interment alone, and a filter left in sight would read as narrowing them. What was
        typed in the filters is kept for persons, should the registrar choose them again."""
        for row in self.query(".filters"):
            row.display = event.value not in INTERRED_WINDOWS

    def action_save(self) -> None:
        interred = self.query_one("#interred", Select).value
        reason = self.value("#reason")
        nothing = ""  # why no lot was added, when none was interred in the window
        try:
            with self.database.writing() as session:
                if interred in INTERRED_WINDOWS:
                    window = cast(roll_bulk.InterredWindow, interred)
                    result = roll_bulk.bulk_add_interred_lots(
                        session, self.actor, self.ceremony_id, reason, window=window
                    )
                    if not result.added + result.skipped:
                        held_on = service.ceremony(session, self.ceremony_id).date
                        nothing = none_interred(window, held_on)
                else:
                    result = roll_bulk.bulk_add_persons(
                        session, self.actor, self.ceremony_id, self.criteria(), reason
                    )
        except IreiError as refused:
            self.refused(refused)
            return
        if nothing:
            self.notify(nothing, severity="warning")
        else:
            self.notify(
                _("{added} added, {skipped} already on the roll").format(
                    added=f"{result.added:,}", skipped=f"{result.skipped:,}"
                )
            )
        self.dismiss(True)

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


INTERRED_WINDOWS = get_args(roll_bulk.InterredWindow)


def person_filter(placeholder: str, name: str) -> TextInput:
    return TextInput(placeholder=placeholder, id=name)


def none_interred(window: roll_bulk.InterredWindow, held_on: str) -> str:
    """Why a bulk add of the lots added none: no interment in the ceremony's window. Said,
    where "0 added" left the registrar to guess at a wrong date or a lost record."""
    if window == "day":
        return _("No lot was interred on {date}: nothing added").format(date=held_on)
    return _("No lot was interred in the fiscal year of {date}: nothing added").format(date=held_on)


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
