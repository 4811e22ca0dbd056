"""Ceremonies and their rolls: list and create ceremonies; build a roll by search, by filter
or from the lots interred at it; link bare names to the person a user confirms from ranked
candidates; preview the roll in print order; export it with progress."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, ClassVar, cast

import platformdirs
from rich.text import Text
from textual import work
from textual.app import ComposeResult, UnknownModeError
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import (
    Button,
    Checkbox,
    DataTable,
    Header,
    Input,
    Label,
    ProgressBar,
    Select,
    Static,
)

from exports.order import Followed, Order, order_followed
from exports.roll import FORMATS, build_roll, roll_entries, write_roll
from exports.roll_csv import CsvEncoding
from exports.rows import RollRow
from records.candidates import candidates
from records.database import Database
from records.errors import Invalid, IreiError
from records.matching import MatchScore
from records.models import Ceremony, RollEntry
from records.search import PersonHit
from records.services import ceremonies as service
from tui.i18n import N_, _, plural, said
from tui.labels import ceremony_kind_label
from tui.screens.base import RecordScreen
from tui.screens.form import FormModal, ReplaceFileScreen
from tui.widgets.candidate_table import Candidate, CandidateTable
from tui.widgets.ceremony_table import CeremonyTable, ListedCeremony
from tui.widgets.key_bar import key_bar
from tui.widgets.paged_table import Column, PagedTable, Row
from tui.widgets.text_input import TextInput
from tui.widgets.tick_box import TickBox

ORDERS: tuple[Order, ...] = ("reading", "prefecture", "site")
# A roll names each entry by its person or by its lot, so the lot's number follows the name.
# Where the printed roll has it, after the burial site, it was off the screen at 80 columns
# on a roll of persons and lots, whose lots' lines then showed no more than their site.
ROLL_COLUMNS = [
    Column(N_("No."), 5),
    Column(N_("Name"), 16),
    Column(N_("Lot"), 18),
    Column(N_("Reading"), 18),
    Column(N_("Died"), 10),
    Column(N_("Prefecture"), 8, grow=2),  # its title is 10 cells
    Column(N_("Burial site"), 22, grow=10),
    Column(N_("Linked"), 8),
]
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


def order_label(order: str) -> str:
    return {
        "reading": _("Reading (gojūon)"),
        "prefecture": _("Prefecture"),
        "site": _("Burial site"),
    }[order]


def followed_label(followed: Followed) -> str:
    """The order the roll's lines are really in, for its heading: lots have no reading."""
    if followed == "lot":
        return _("Lot number")
    if followed == "reading_then_lot":
        return _("Reading (gojūon), then remains by lot number")
    if followed == "prefecture_then_lot":
        return _("Prefecture, then remains by lot number")
    return order_label(followed)


class RollSource:
    """The roll as built, held in memory in print order; the table reads it a page at a
    time, so a 57,000-name roll draws as fast as a short one. It gives the cells of the
    columns ``shown`` (indexes into ROLL_COLUMNS)."""

    def __init__(self, rows: list[tuple[int, RollRow]], shown: list[int]) -> None:
        self.rows = rows
        self.shown = shown

    def count(self) -> int:
        return len(self.rows)

    def fetch(self, offset: int, limit: int, total: int) -> list[Row]:
        window = enumerate(self.rows[offset : offset + limit], start=offset + 1)
        return [(entry_id, self.cells(number, row)) for number, (entry_id, row) in window]

    def cells(self, number: int, row: RollRow) -> tuple[str, ...]:
        every = _cells(number, row)
        return tuple(every[i] for i in self.shown)


def shown_columns(rows: list[tuple[int, RollRow]]) -> list[int]:
    """The columns of ROLL_COLUMNS that hold something for some entry: a roll of lots has no
    name, reading, death or prefecture, and at 80 columns they pushed the lot's number off
    the screen; a roll of persons has no lot. An empty roll shows every column's title."""
    if not rows:
        return list(range(len(ROLL_COLUMNS)))
    filled: set[int] = set()
    for number, (_entry, row) in enumerate(rows, start=1):
        filled.update(i for i, cell in enumerate(_cells(number, row)) if cell)
        if len(filled) == len(ROLL_COLUMNS):
            break
    return sorted(filled)


def _cells(number: int, row: RollRow) -> tuple[str, ...]:
    return (
        str(number),
        row.name,
        row.lot_number,
        row.reading,
        row.death_date or row.death_date_text,
        row.prefecture,
        row.burial_site,
        "✓" if row.linked else _("unlinked"),
    )


class CeremoniesScreen(RecordScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        # Short words in the key bar, so that Export still fits at 80 columns; the help lists
        # each key by its tooltip.
        Binding("n", "new_ceremony", N_("New"), tooltip=N_("New ceremony")),
        Binding("a", "add_entry", N_("Add"), tooltip=N_("Search and add")),
        Binding("b", "bulk_add", N_("Bulk add")),
        Binding("l", "link_entry", N_("Link")),
        # k for kana. Off the key bar, which holds no more at 80 columns; the help lists it.
        Binding(
            "k", "read_entry", N_("Reading"), show=False, tooltip=N_("Give a bare name its reading")
        ),
        Binding("x", "remove_entry", N_("Remove")),
        Binding("delete", "remove_entry", N_("Remove"), show=False),
        Binding("o", "next_order", N_("Order")),
        Binding("e", "export", N_("Export")),
        Binding("escape", "back", N_("Back")),
        # As on the dashboard: lines added by `irei roll` while the screen is open.
        Binding("f5", "refresh", N_("Refresh"), show=False),
    ]
    DEFAULT_CSS = """
    CeremoniesScreen #ceremonies { height: 8; }
    CeremoniesScreen #roll-info { padding: 0 1; color: $text-muted; height: 1; }
    """

    def __init__(self, database: Database, actor: str) -> None:
        super().__init__(database, actor)
        self.ceremony_ids: list[int] = []
        self.ceremony_id: int | None = None
        self.order: Order = "reading"
        self.entries: list[tuple[int, RollRow]] = []
        self.roll_shown: int | None = None  # the ceremony whose roll the table holds

    def compose(self) -> ComposeResult:
        yield Header()
        yield CeremonyTable(id="ceremonies")
        yield Static("", id="roll-info")
        yield PagedTable(ROLL_COLUMNS, id="roll")
        yield key_bar()

    def on_mount(self) -> None:
        self.title = _("Ceremonies")
        self.load_ceremonies()
        self.query_one("#ceremonies", CeremonyTable).focus()

    # Ceremonies ----------------------------------------------------------------------------

    def load_ceremonies(self, select: int | None = None) -> None:
        with self.database.reading() as session:
            found = service.list_ceremonies(session)
        listed = [
            ListedCeremony(
                ceremony.id or 0,
                ceremony.name,
                ceremony.date,
                count,
                ceremony_kind_label(ceremony.kind),
                ceremony.place,
            )
            for ceremony, count in found
        ]
        self.ceremony_ids = [ceremony.id for ceremony in listed]
        table = self.query_one("#ceremonies", CeremonyTable)
        table.show(listed)
        wanted = select if select in self.ceremony_ids else self.ceremony_id
        if wanted in self.ceremony_ids:
            table.move_cursor(row=self.ceremony_ids.index(wanted))
        if not self.ceremony_ids:
            self.query_one("#roll-info", Static).update(_("No ceremonies yet: press n."))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id != "ceremonies" or event.cursor_row >= len(self.ceremony_ids):
            return
        chosen = self.ceremony_ids[event.cursor_row]
        if chosen != self.ceremony_id:
            self.ceremony_id = chosen
            self.load_roll()

    # Roll ----------------------------------------------------------------------------------

    def load_roll(self) -> None:
        if self.ceremony_id is None:
            return
        self.query_one("#roll-info", Static).update(_("Building the roll…"))
        self.build_preview(self.ceremony_id, self.order)

    @work(thread=True, exclusive=True, group="roll")
    def build_preview(self, ceremony_id: int, order: Order) -> None:
        with self.database.reading() as session:
            _info, entries = roll_entries(session, ceremony_id, order)
        shown = shown_columns(entries)  # a walk of the whole roll, kept off the screen's thread
        self.app.call_from_thread(self.show_roll, ceremony_id, order, entries, shown)

    def show_roll(
        self, ceremony_id: int, order: Order, entries: list[tuple[int, RollRow]], shown: list[int]
    ) -> None:
        if ceremony_id != self.ceremony_id:
            return
        self.entries = entries
        unlinked = sum(not row.linked for _entry, row in entries)
        said_count = plural(
            len(entries),
            N_("{count} entry, {unlinked} unlinked · order: {order}"),
            N_("{count} entries, {unlinked} unlinked · order: {order}"),
        )
        info = said_count.format(
            count=f"{len(entries):,}",
            unlinked=f"{unlinked:,}",
            order=followed_label(order_followed([row for _entry, row in entries], order)),
        )
        # A line with no reading goes last whatever the order: the registrar should know.
        unread = sum(not row.reading for _entry, row in entries if row.name)
        if unread:
            info += " · " + _("{count} without a reading").format(count=f"{unread:,}")
        self.query_one("#roll-info", Static).update(info)
        columns = [ROLL_COLUMNS[i] for i in shown]
        table = self.query_one("#roll", PagedTable)
        at = self._line_kept(table, entries) if ceremony_id == self.roll_shown else 0
        self.roll_shown = ceremony_id
        table.set_source(
            RollSource(entries, shown), columns=columns, titles=[_(c.title) for c in columns], at=at
        )

    @staticmethod
    def _line_kept(table: PagedTable, entries: list[tuple[int, RollRow]]) -> int:
        """Where the cursor goes on the same roll read again: on the entry it was on, which a
        link or a reading may have moved in gojūon order, or on the line after one removed.
        Back on line 1, the next x offered to remove the wrong line."""
        current = table.current_id
        for number, (entry_id, _row) in enumerate(entries):
            if entry_id == current:
                return number
        return table.cursor

    def refresh_all(self, changed: bool | None = True) -> None:
        if changed:
            self.load_ceremonies()
            self.load_roll()

    def _current_entry(self) -> RollEntry | None:
        entry_id = self.query_one("#roll", PagedTable).current_id
        if entry_id is None:
            self.notify(_("Choose an entry in the roll first."), severity="warning")
            return None
        with self.database.reading() as session:
            return session.get(RollEntry, entry_id)

    def _need_ceremony(self) -> int | None:
        if self.ceremony_id is None:
            self.notify(_("Create or choose a ceremony first."), severity="warning")
        return self.ceremony_id

    # Actions -------------------------------------------------------------------------------

    def action_new_ceremony(self) -> None:
        def created(ceremony_id: int | None) -> None:
            if ceremony_id is not None:
                self.load_ceremonies(select=ceremony_id)

        self.app.push_screen(CeremonyForm(self.database, self.actor), created)

    def action_add_entry(self) -> None:
        if (ceremony_id := self._need_ceremony()) is not None:
            self.app.push_screen(
                AddEntryScreen(self.database, self.actor, ceremony_id), self.refresh_all
            )

    def action_bulk_add(self) -> None:
        if (ceremony_id := self._need_ceremony()) is not None:
            self.app.push_screen(
                BulkAddScreen(self.database, self.actor, ceremony_id), self.refresh_all
            )

    def action_link_entry(self) -> None:
        entry = self._current_entry()
        if entry is None:
            return
        if entry.person_id is not None:
            self.notify(_("This entry is already linked to a person."), severity="warning")
            return
        self.app.push_screen(LinkEntryScreen(self.database, self.actor, entry), self.refresh_all)

    def action_read_entry(self) -> None:
        entry = self._current_entry()
        if entry is None:
            return
        if not entry.bare_name:
            self.notify(_("Only a bare name is given a reading here."), severity="warning")
            return
        self.app.push_screen(ReadEntryScreen(self.database, self.actor, entry), self.refresh_all)

    def action_remove_entry(self) -> None:
        entry = self._current_entry()
        if entry is not None:
            number, name = self._as_shown(entry.id or 0)
            self.app.push_screen(
                RemoveEntryScreen(self.database, self.actor, entry, number, name),
                self.refresh_all,
            )

    def _as_shown(self, entry_id: int) -> tuple[int, str]:
        """The entry's number in the roll and its name, as the table shows them: the entry's
        id means nothing to the registrar."""
        for number, (shown_id, row) in enumerate(self.entries, start=1):
            if shown_id == entry_id:
                return number, row.name or row.reading
        raise AssertionError(f"entry {entry_id} is not on the roll shown")

    def action_refresh(self) -> None:
        self.refresh_all()

    def action_next_order(self) -> None:
        self.order = ORDERS[(ORDERS.index(self.order) + 1) % len(ORDERS)]
        self.load_roll()

    def action_export(self) -> None:
        if (ceremony_id := self._need_ceremony()) is not None:
            self.app.push_screen(ExportScreen(self.database, ceremony_id, self.order))

    def action_back(self) -> None:
        try:
            self.app.switch_mode("dashboard")
        except UnknownModeError:  # the screen shown alone, as in its tests
            self.app.pop_screen()


# Forms -----------------------------------------------------------------------------------


class _Form(FormModal[bool]):
    # A form whose button does something else than save says so on ctrl+s too: the key bar
    # read "^s Save" over an Export button.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Save")),
        Binding("escape", "cancel", N_("Cancel")),
    ]

    def error(self, field: str, message: str) -> None:
        _show_error(self, field, message)

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


def _show_error(form: FormModal[Any], field: str, message: str) -> None:
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


def _field(label: str, name: str, placeholder: str = "", value: str = "") -> ComposeResult:
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
                yield from _field(_("Ceremony name"), "name")
                yield Label(_("Kind"))
                yield Select[str](
                    [(ceremony_kind_label(k), k) for k in service.KINDS],
                    value="memorial", id="kind", allow_blank=False,
                )  # fmt: skip
                yield Static("", classes="error", id="error-kind")
                yield from _field(_("Date"), "date", "2026-08-23 / 令和8年8月23日")
                yield from _field(_("Place"), "place", value="千鳥ヶ淵戦没者墓苑")
                yield from _field(_("Reason"), "reason", _("Why? (required)"))
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
            with self.database.session() as session:
                made: Ceremony = service.create_ceremony(
                    session, self.actor, self.query_one("#name", Input).value, kind,
                    self.query_one("#date", Input).value, self.query_one("#place", Input).value,
                    self.query_one("#reason", Input).value,
                )  # fmt: skip
        except Invalid as invalid:
            _show_error(self, invalid.field, said(invalid.reason))
            return
        self.notify(_("Ceremony created"))
        self.dismiss(made.id)


class _CandidatesForm(_Form):
    """A form with a table of ranked candidates for a name, each with its reason, said whole
    under the table for the candidate the cursor is on."""

    def candidate_list(self) -> ComposeResult:
        yield CandidateTable(id="candidates")
        yield Static("", id="candidate")

    @work(thread=True, exclusive=True, group="candidates")
    def look_up(self, name: str) -> None:
        database: Database = self.database  # type: ignore[attr-defined]
        with database.reading() as session:
            found = candidates(session, name, 20) if name.strip() else []
        self.app.call_from_thread(self.show_candidates, found)

    def show_candidates(self, found: list[tuple[PersonHit, MatchScore]]) -> None:
        table = self.query_one("#candidates", CandidateTable)
        table.show([Candidate(hit, score) for hit, score in found])
        self.say_candidate()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.say_candidate()

    def say_candidate(self) -> None:
        table = self.query_one("#candidates", CandidateTable)
        chosen = table.chosen
        if chosen:
            said_line = chosen.said()
        elif table.candidates:
            said_line = _("None chosen: no candidate alone matches the whole name. ↓ moves to one.")
        else:
            said_line = ""
        self.query_one("#candidate", Static).update(Text(said_line))

    def chosen(self) -> PersonHit | None:
        chosen = self.query_one("#candidates", CandidateTable).chosen
        return chosen.hit if chosen else None


class AddEntryScreen(_CandidatesForm):
    """One person or bare name added to the roll with the registrar's reason, asked for as a
    bulk add asks for it: the roll's audit says why each line is on it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Add the chosen person")),
        Binding("ctrl+b", "add_bare", N_("Add as a bare name")),
        Binding("escape", "cancel", N_("Cancel")),
    ]
    DEFAULT_CSS = MODAL_CSS.format(name="AddEntryScreen")

    def __init__(self, database: Database, actor: str, ceremony_id: int) -> None:
        super().__init__()
        self.database, self.actor, self.ceremony_id = database, actor, ceremony_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="frame"):
            with VerticalScroll():
                yield Static(Text(_("Search and add"), style="bold"))
                yield TextInput(
                    placeholder=_("Name in kanji, kana, Cyrillic or Latin"),
                    id="query",
                    classes="lookup",
                )
                yield from self.candidate_list()
                yield from _field(
                    _("Reading of the bare name"), "bare_reading", _("In kana, for a name in kanji")
                )
                yield from _field(_("Reason"), "reason", _("Why? (required)"))
                yield Static("", classes="error", id="error")
            yield from self.buttons(_("Add"))
        yield key_bar()

    def on_mount(self) -> None:
        self.query_one("#query", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "query":
            self.look_up(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "query":
            self.query_one("#candidates", DataTable).focus()
        else:
            self.action_save()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        # The person chosen, the reason is what the registrar types next.
        if self.value("#reason").strip():
            self.action_save()
        else:
            self.query_one("#reason", Input).focus()

    def _add(self, *, person_id: int | None = None, bare_name: str = "") -> None:
        # The reading is the bare name's: a person chosen is read by their own record.
        reading = self.value("#bare_reading") if bare_name else ""
        try:
            with self.database.session() as session:
                service.add_entry(
                    session, self.actor, self.ceremony_id, person_id=person_id,
                    bare_name=bare_name, bare_reading=reading, reason=self.value("#reason"),
                )  # fmt: skip
        except IreiError as refused:
            self.refused(refused)
            return
        self.notify(_("Added to the roll"))
        self.dismiss(True)

    def action_save(self) -> None:
        person = self.chosen()
        if person is None:
            self.error("", _("Choose a person among the candidates, or add the bare name."))
            return
        self._add(person_id=person.id)

    def action_add_bare(self) -> None:
        name = self.value("#query").strip()
        if not name:
            self.error("", _("Type the name first."))
            return
        self._add(bare_name=name)


class LinkEntryScreen(_CandidatesForm):
    """The user reads the candidates and their reasons, picks one and confirms with a reason;
    nothing is linked before that."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Link to the chosen person")),
        Binding("escape", "cancel", N_("Cancel")),
    ]
    DEFAULT_CSS = MODAL_CSS.format(name="LinkEntryScreen")

    def __init__(self, database: Database, actor: str, entry: RollEntry) -> None:
        super().__init__()
        self.database, self.actor, self.entry = database, actor, entry

    def compose(self) -> ComposeResult:
        with Vertical(classes="frame"):
            with VerticalScroll():
                yield Static(
                    Text(
                        _("Link “{name}” to a person").format(name=self.entry.bare_name),
                        style="bold",
                    )
                )
                yield TextInput(value=self.entry.bare_name, id="query", classes="lookup")
                yield from self.candidate_list()
                yield from _field(_("Reason"), "reason", _("Why? (required)"))
                yield Static("", classes="error", id="error")
            yield from self.buttons(_("Link"))
        yield key_bar()

    def on_mount(self) -> None:
        self.look_up(self.entry.bare_name)
        self.query_one("#candidates", DataTable).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "query":
            self.look_up(event.value)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.query_one("#reason", Input).focus()

    def action_save(self) -> None:
        person = self.chosen()
        if person is None:
            self.error("", _("Choose the person among the candidates."))
            return
        try:
            with self.database.session() as session:
                service.link_entry(
                    session, self.actor, self.entry.id or 0, person_id=person.id,
                    reason=self.value("#reason"), expected_version=self.entry.version,
                )  # fmt: skip
        except IreiError as refused:
            self.refused(refused)
            return
        self.notify(_("Entry linked"))
        self.dismiss(True)


class ReadEntryScreen(_Form):
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
                yield from _field(
                    _("Reading"), "bare_reading", _("In kana"), value=self.entry.bare_reading
                )
                yield from _field(_("Reason"), "reason", _("Why? (required)"))
                yield Static("", classes="error", id="error")
            yield from self.buttons(_("Save"))
        yield key_bar()

    def on_mount(self) -> None:
        self.query_one("#bare_reading", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_save()

    def action_save(self) -> None:
        try:
            with self.database.session() as session:
                service.read_bare_name(
                    session, self.actor, self.entry.id or 0, self.value("#bare_reading"),
                    self.value("#reason"), expected_version=self.entry.version,
                )  # fmt: skip
        except IreiError as refused:
            self.refused(refused)
            return
        self.notify(_("Reading saved"))
        self.dismiss(True)


class BulkAddScreen(_Form):
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
                # Three to a row, each placeholder short enough to be read whole at 80 columns.
                with Horizontal(classes="row"):
                    yield TextInput(placeholder=_("Country (ロシア)"), id="country")
                    yield TextInput(placeholder=_("Region"), id="region")
                    yield TextInput(placeholder=_("Site (HB-012)"), id="site")
                with Horizontal(classes="row"):
                    yield TextInput(placeholder=_("Prefecture 01–47"), id="prefecture")
                    yield TextInput(placeholder=_("Died from"), id="died_from")
                    yield TextInput(placeholder=_("Died to"), id="died_to")
                with Horizontal(classes="row"):
                    yield TextInput(
                        placeholder=_("Identified since (DNA match)"), id="identified_since"
                    )
                    yield TickBox(_("Identified only"), id="identified")
                yield from _field(_("Reason"), "reason", _("Why? (required)"))
                yield Static("", classes="error", id="error")
            yield from self.buttons(_("Add"))
        yield key_bar()

    def on_mount(self) -> None:
        self.query_one("#country", Input).focus()

    def action_save(self) -> None:
        interred = self.query_one("#interred", Select).value
        reason = self.value("#reason")
        try:
            with self.database.session() as session:
                if interred in ("day", "fiscal_year"):
                    result = service.bulk_add_interred_lots(
                        session, self.actor, self.ceremony_id, reason,
                        window=cast(service.InterredWindow, interred),
                    )  # fmt: skip
                else:
                    result = service.bulk_add_persons(
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

    def criteria(self) -> service.PersonFilter:
        return service.PersonFilter(
            country=self.value("#country").strip(),
            region=self.value("#region").strip(),
            site_code=self.value("#site").strip(),
            prefecture_code=self.value("#prefecture").strip(),
            identified_only=self.query_one("#identified", Checkbox).value,
            identified_since=self.value("#identified_since").strip(),
            died_from=self.value("#died_from").strip(),
            died_to=self.value("#died_to").strip(),
        )


class RemoveEntryScreen(_Form):
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
                yield from _field(_("Reason"), "reason", _("Why? (required)"))
                yield Static("", classes="error", id="error")
            yield from self.buttons(_("Remove"))
        yield key_bar()

    def on_mount(self) -> None:
        self.query_one("#reason", Input).focus()

    def action_save(self) -> None:
        try:
            with self.database.session() as session:
                service.remove_entry(
                    session, self.actor, self.entry.id or 0, self.value("#reason"),
                    expected_version=self.entry.version,
                )  # fmt: skip
        except IreiError as refused:
            self.refused(refused)
            return
        self.notify(_("Entry removed"))
        self.dismiss(True)


def export_folder() -> Path:
    """Where the app proposes to write a roll: an irei folder among the user's documents,
    not whatever folder the app was started from."""
    return Path(platformdirs.user_documents_dir()) / "irei"


_NOT_IN_FILE_NAMES = re.compile(r'[<>:"/\\|?*\x00-\x1f]+')


def export_name(ceremony: Ceremony, file_format: str) -> str:
    """A file name that says which roll it holds: 2026-08-23_追悼の集い.xlsx."""
    stem = _NOT_IN_FILE_NAMES.sub("_", f"{ceremony.date}_{ceremony.name}").strip(" .")
    return f"{stem[:100]}.{file_format}"


class ExportScreen(_Form):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+s", "save", N_("Export"))]
    DEFAULT_CSS = MODAL_CSS.format(name="ExportScreen")

    def __init__(self, database: Database, ceremony_id: int, order: Order) -> None:
        super().__init__()
        self.database, self.ceremony_id, self.order = database, ceremony_id, order
        with database.reading() as session:
            self.proposed = export_folder() / export_name(
                service.ceremony(session, ceremony_id), "xlsx"
            )

    def compose(self) -> ComposeResult:
        with Vertical(classes="frame"):
            with VerticalScroll():
                yield Static(Text(_("Export the roll"), style="bold"))
                yield Label(_("Format"))
                yield Select[str]([(f, f) for f in FORMATS], value="xlsx", id="format",
                                  allow_blank=False)  # fmt: skip
                yield Label(_("Order"))
                yield Select[str]([(order_label(o), o) for o in ORDERS], value=self.order,
                                  id="order", allow_blank=False)  # fmt: skip
                yield Label(_("Encoding (csv)"))
                yield Select[str]([("UTF-8 (BOM)", "utf-8-sig"), ("Shift_JIS (cp932)", "cp932")],
                                  value="utf-8-sig", id="encoding", allow_blank=False)  # fmt: skip
                yield from _field(_("File"), "path", value=str(self.proposed))
                yield ProgressBar(id="progress", show_eta=False)
                yield Static("", classes="error", id="error")
            yield from self.buttons(_("Export"))
        yield key_bar()

    def on_mount(self) -> None:
        # Not the scrolling box around the fields, which Textual would focus first.
        self.query_one("#format", Select).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "format":
            path = self.query_one("#path", Input)
            path.value = str(Path(path.value).with_suffix(f".{event.value}"))

    def action_save(self) -> None:
        path = Path(self.value("#path").strip()).expanduser()
        if not path.name:
            self.error("path", _("Give the file to write."))
            return
        if path.exists():

            def answered(replace: bool | None) -> None:
                if replace:
                    self.start_export(path)

            self.app.push_screen(ReplaceFileScreen(str(path)), answered)
            return
        self.start_export(path)

    def start_export(self, path: Path) -> None:
        self.query_one("#save", Button).disabled = True
        self.error("", _("Exporting…"))
        self.export(
            path,
            str(self.query_one("#format", Select).value),
            cast(Order, self.query_one("#order", Select).value),
            cast(CsvEncoding, self.query_one("#encoding", Select).value),
        )

    @work(thread=True, exclusive=True, group="export")
    def export(self, path: Path, file_format: str, order: Order, encoding: CsvEncoding) -> None:
        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(
                self.query_one(ProgressBar).update, total=total, progress=done
            )

        try:
            if path.parent == export_folder():
                path.parent.mkdir(parents=True, exist_ok=True)  # the folder the app proposed
            with self.database.reading() as session:
                ceremony, rows = build_roll(session, self.ceremony_id, order)
            write_roll(path, ceremony, rows, file_format, encoding, progress)
        except (IreiError, OSError) as refused:
            self.app.call_from_thread(self.failed, said(refused))
            return
        self.app.call_from_thread(self.done, path, len(rows))

    def failed(self, message: str) -> None:
        self.query_one("#save", Button).disabled = False
        self.error("", message)

    def done(self, path: Path, count: int) -> None:
        written = plural(
            count, N_("{count} entry written to {path}"), N_("{count} entries written to {path}")
        )
        self.notify(written.format(count=f"{count:,}", path=path))
        self.dismiss(True)
