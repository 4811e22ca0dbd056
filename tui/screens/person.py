"""One person: summary, name forms, specimens and analyses matched to them, custody of those
lots, ceremony rolls, audit history and source rows."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import Static, TabbedContent

from records.database import Database
from records.models import Person
from records.names import known_as
from records.prefectures import named_with_code
from tui.i18n import N_, _
from tui.labels import field_label, person_number, script_label, source_label, yes_or_no
from tui.record_queries import PersonRecord, person_record
from tui.screens.record_view import (
    VALUE_BINDINGS,
    RecordView,
    analysis_titles,
    audit_rows,
    audit_titles,
    custody_titles,
    roll_titles,
    source_titles,
)
from tui.widgets.record_table import RecordTable


class PersonScreen(RecordView):
    HEADING = N_("Person")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", N_("Edit")),
        Binding("n", "add_name_form", N_("Add name form")),
        *VALUE_BINDINGS,
        # A rarely needed correction: after the keys used on every person, as on a lot.
        Binding("minus", "remove_name_form", N_("Remove name form"), key_display="-"),
    ]

    def __init__(self, database: Database, actor: str, person_id: int) -> None:
        super().__init__(database, actor)
        self.person_id = person_id
        self.record: PersonRecord | None = None
        self.called = ""  # what the heading calls the person

    def reopened(self) -> PersonScreen:
        return PersonScreen(self.database, self.actor, self.person_id)

    def load(self) -> None:
        record = self.record = person_record(self.database, self.person_id)
        person = record.person
        forms = [text for text, *_rest in record.forms]
        name = self.called = known_as(person.name, person.reading, forms)
        reading = person.reading if person.reading != name else ""  # said once
        heading = "  ".join(part for part in (name, reading) if part)
        which = _("({number}, v{version})").format(
            number=person_number(person.register_no, person.id), version=person.version
        )
        self.query_one("#heading", Static).update(Text(f" {heading}  {which}", style="bold"))
        summary = [
            (field_label("register_no"), str(person.register_no or "")),
            (field_label("name"), person.name),
            (field_label("reading"), person.reading),
            (field_label("birth_year"), person.birth_year_text or str(person.birth_year or "")),
            (field_label("death_date_text"), as_written_and_read(person)),
            (field_label("death_place"), person.death_place),
            (field_label("country"), person.country),
            (field_label("region"), person.region),
            (field_label("camp"), person.camp),
            (field_label("burial_site_id"), record.site),
            (_("Prefecture"), home_as_written_and_read(person)),
            (field_label("identified"), yes_or_no(person.identified)),
            (field_label("remarks"), person.remarks),
            (field_label("version"), str(person.version)),
        ]
        self.query_one("#summary-table", RecordTable).show([_("Field"), _("Value")], summary)
        self.query_one("#forms-table", RecordTable).show(
            [_("Name form"), _("Script"), _("Source")],
            [
                (text, script_label(script), source_label(source))
                for text, script, source in record.forms
            ],
        )
        self.query_one("#analyses-table", RecordTable).show(analysis_titles(), record.analyses)
        self.query_one("#custody-table", RecordTable).show(custody_titles(), record.custody)
        self.query_one("#rolls-table", RecordTable).show(roll_titles(), record.rolls)
        audit = audit_rows(record.audit, record.named)
        self.query_one("#audit-table", RecordTable).show(audit_titles(), audit)
        self.query_one("#sources-table", RecordTable).show(source_titles(), record.sources)

    def action_edit(self) -> None:
        from tui.screens.person_edit import PersonEditScreen

        if self.record is None:
            return

        def saved(changed: bool | None) -> None:
            if changed:
                self.load()

        self.app.push_screen(
            PersonEditScreen(self.database, self.actor, self.record.person, self.called), saved
        )

    def action_add_name_form(self) -> None:
        from tui.screens.name_form import NameFormScreen

        if self.record is None:
            return
        known = [(text, source) for text, _script, source in self.record.forms]

        def saved(added: bool | None) -> None:
            if added:
                self.load()
                self.action_tab("forms")
                table = self.query_one("#forms-table", RecordTable)
                table.move_cursor(row=table.row_count - 1, column=0)

        self.app.push_screen(
            NameFormScreen(self.database, self.actor, self.record.person, known), saved
        )

    def action_remove_name_form(self) -> None:
        from tui.screens.name_form import RemoveNameFormScreen

        if self.record is None:
            return
        if not self.record.removable:
            self.notify(
                _(
                    "{name} has no form of the name to remove: the name and the reading as "
                    "recorded, and a person's only form, stay."
                ).format(name=self.called),
                severity="warning",
            )
            return

        def removed(done: bool | None) -> None:
            if done:
                self.load()

        self.app.push_screen(
            RemoveNameFormScreen(
                self.database,
                self.actor,
                self.record.person,
                self.called,
                self.record.removable,
                chosen=self.form_at_cursor(),
            ),
            removed,
        )

    def form_at_cursor(self) -> int | None:
        """The id of the removable form the cursor is on in the name forms tab: the one the
        registrar picked out before pressing -."""
        forms = self.query_one("#forms-table", RecordTable)
        if self.record is None or self.query_one(TabbedContent).active != "forms":
            return None
        if not 0 <= forms.cursor_row < len(self.record.forms):
            return None
        cells = self.record.forms[forms.cursor_row]
        return next((i for i, removable in self.record.removable if removable == cells), None)


def home_as_written_and_read(person: Person) -> str:
    """The home prefecture as it was read, and as the register wrote it when that was not its
    plain name: ``福島県 (07), as written 福島縣``; a former territory (樺太) as written alone."""
    read = named_with_code(person.prefecture_code)
    if not person.home:
        return read
    if not person.prefecture_code:
        return person.home
    return _("{prefecture}, as written {home}").format(prefecture=read, home=person.home)


def as_written_and_read(person: Person) -> str:
    """The death date as the source wrote it, and how it was read when that differs:
    ``昭和21年2月13日 (1946-02-13)``."""
    written, read = person.death_date_text, person.death_date or ""
    if written and read and written != read:
        return f"{written} ({read})"
    return written or read
