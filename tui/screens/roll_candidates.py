"""A roll's line added, or a bare name linked, by choosing among the ranked candidates for a
name, each said with its reason; nothing is added or linked before the registrar confirms."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Input, Static

from records.candidates import candidates
from records.database import Database
from records.errors import IreiError
from records.matching import MatchScore
from records.models import RollEntry
from records.search import PersonHit
from records.services import roll_entries
from tui.i18n import N_, _
from tui.screens.ceremony_forms import MODAL_CSS, RollForm, form_field
from tui.widgets.candidate_table import Candidate, CandidateTable
from tui.widgets.key_bar import key_bar
from tui.widgets.text_input import TextInput


class _CandidatesForm(RollForm):
    """A form with a table of ranked candidates for a name, each with its reason, said whole
    under the table for the candidate the cursor is on."""

    # Before the form's scroll, which took ↓ typed in the name to scroll itself.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "to_candidates", show=False, priority=True)
    ]

    def action_to_candidates(self) -> None:
        """↓ from the name typed goes down to its candidates and chooses the first if none
        was, as the line under them says; anywhere else ↓ is the field's own."""
        if self.focused is not self.query_one("#query", Input):
            raise SkipAction
        table = self.query_one("#candidates", CandidateTable)
        table.focus()
        table.choose_deliberately()
        self.say_candidate()

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
                yield from form_field(
                    _("Reading of the bare name"), "bare_reading", _("In kana, for a name in kanji")
                )
                yield from form_field(_("Reason"), "reason", _("Why? (required)"))
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
            with self.database.writing() as session:
                roll_entries.add_entry(
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
                yield from form_field(_("Reason"), "reason", _("Why? (required)"))
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
            with self.database.writing() as session:
                roll_entries.link_entry(
                    session, self.actor, self.entry.id or 0, person_id=person.id,
                    reason=self.value("#reason"), expected_version=self.entry.version,
                )  # fmt: skip
        except IreiError as refused:
            self.refused(refused)
            return
        self.notify(_("Entry linked"))
        self.dismiss(True)
