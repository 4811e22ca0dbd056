"""The forms that add a form of a person's name (a Cyrillic spelling from a Russian record, a
kana reading, a variant kanji) through ``add_name_form``, kept exactly as typed, tagged by
script and source, and remove one entered in error through ``remove_name_form``; each with
the reason it is done."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Select, Static

from records.database import Database
from records.errors import Invalid, IreiError, NotFound
from records.models import Person
from records.names import already_had, known_as
from records.scripts import detect_script, written_in
from records.services.persons import NameFormFields, add_name_form, remove_name_form
from tui.i18n import N_, _, said
from tui.labels import (
    SCRIPTS,
    SOURCES,
    field_label,
    person_number,
    script_label,
    source_label,
)
from tui.screens.action_form import ActionForm
from tui.widgets.key_bar import key_bar
from tui.widgets.text_input import TextInput

DEFAULT_SOURCE = "entered"


class NameFormScreen(ActionForm):
    FIELDS: ClassVar[tuple[str, ...]] = ("text", "script", "source", "reason")

    def __init__(
        self,
        database: Database,
        actor: str,
        person: Person,
        known: Sequence[tuple[str, str]] = (),
    ) -> None:
        super().__init__()
        self.database = database
        self.actor = actor
        self.person = person
        self.known = known  # (text, source) of the forms the person already has, as received

    def compose(self) -> ComposeResult:
        person = self.person
        with VerticalScroll():
            yield Static(
                Text(
                    _("Add a form of the name of {name} ({number})").format(
                        name=known_as(person.name, person.reading, [t for t, _s in self.known]),
                        number=person_number(person.register_no, person.id),
                    )
                ),
                classes="heading",
            )
            yield from self.field_row(
                "text",
                TextInput(
                    placeholder=_("As the source wrote it, e.g. Сато Итиро"), id="field-text"
                ),
            )
            yield from self.field_row(
                "script",
                Select[str](
                    [(script_label(s), s) for s in SCRIPTS],
                    prompt=_("Detect from the text"),
                    id="field-script",
                ),
            )
            yield from self.field_row(
                "source",
                Select[str](
                    [(source_label(s), s) for s in SOURCES],
                    allow_blank=False,
                    value=DEFAULT_SOURCE,
                    id="field-source",
                ),
            )
            yield from self.reason_row(_("Where does this form come from? (required)"))
            yield from self.buttons()
        yield key_bar()

    def on_mount(self) -> None:
        self.query_one("#field-text", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "field-text":
            self.check_text()

    def on_select_changed(self, event: Select.Changed) -> None:
        self.check_text()

    def chosen(self) -> tuple[str, str | None, str]:
        """The text as typed (outer spaces dropped), the chosen script (None: detect), the
        source."""
        text = self.query_one("#field-text", Input).value.strip()
        script = self.query_one("#field-script", Select).value
        source = self.query_one("#field-source", Select).value
        return (
            text,
            script if isinstance(script, str) else None,
            source if isinstance(source, str) else DEFAULT_SOURCE,
        )

    def check_text(self) -> bool:
        """Check the name form as it is typed; False (and a message at the field) when it
        cannot be saved."""
        self.error("text", "")
        self.error("script", "")
        text, script, source = self.chosen()
        if not text:
            return False
        if script is None:
            detected = detect_script(text)
            if not written_in(text, detected):
                self.error("text", _("a name form needs letters: kanji, kana, Cyrillic or Latin"))
                return False
            self.error(
                "script", _("detected: {script}").format(script=script_label(detected)), note=True
            )
        elif not written_in(text, script):
            self.error(
                "script",
                _("the name form has no {script} letters").format(script=script_label(script)),
            )
            return False
        had = already_had(self.known, text, source)
        if had is not None:
            self.error(
                "text",
                _("this person already has this form, from {source}").format(
                    source=source_label(had)
                ),
            )
            return False
        return True

    def action_save(self) -> None:
        self.error("reason", "")
        valid = self.check_text()
        text, script, source = self.chosen()
        if not text:
            self.error("text", _("write the name as the source wrote it"))
        reason = self.reason()
        if not (valid and text and reason):
            return
        form = NameFormFields(text, source, script or detect_script(text))
        try:
            with self.database.writing() as session:
                add_name_form(session, self.actor, self.person.id or 0, form, reason)
        except Invalid as invalid:
            field = invalid.field if invalid.field in self.FIELDS else "text"
            self.error(field, said(invalid.reason))
            return
        except NotFound as missing:
            self.error("text", str(missing))
            return
        except IreiError as refused:  # the database busy with an import: try again later
            self.error("reason", said(refused))
            return
        self.notify(_("Name form added"))
        self.dismiss(True)


class RemoveNameFormScreen(ActionForm):
    FIELDS: ClassVar[tuple[str, ...]] = ("form", "reason")
    DEFAULT_CSS = "RemoveNameFormScreen .hint { color: $text-muted; padding-left: 16; }"
    STALE = N_(
        "{who} changed this person at {when} after you opened it; close the form and open it again"
    )

    def __init__(
        self,
        database: Database,
        actor: str,
        person: Person,
        called: str,
        removable: Sequence[tuple[int, tuple[str, ...]]],
        chosen: int | None = None,
    ) -> None:
        super().__init__()
        self.database = database
        self.actor = actor
        self.person = person
        self.called = called  # as the person screen heads the person
        self.removable = removable  # (id, (text, script, source)) of the forms it may lose
        self.chosen = chosen  # the form the cursor was on, if it may be removed

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            heading = _("Remove a form of the name of {name} ({number}) entered in error")
            number = person_number(self.person.register_no, self.person.id)
            yield Static(Text(heading.format(name=self.called, number=number)), classes="heading")
            yield from self.field_row(
                "form",
                Select[int](
                    [(shown_form(*cells), form_id) for form_id, cells in self.removable],
                    prompt=_("Choose the form of the name"),
                    value=Select.NULL if self.chosen is None else self.chosen,
                    id="field-form",
                ),
                field_label("text"),
            )
            yield Static(
                Text(
                    _(
                        "The name and the reading as recorded, and a person's only form, are "
                        "not offered: correct the record first (e)."
                    )
                ),
                classes="hint",
            )
            yield from self.reason_row(_("Why? (required)"))
            yield from self.buttons()
        yield key_bar()

    def on_mount(self) -> None:
        # A form already chosen leaves only the reason to type.
        field = "#field-form" if self.chosen is None else "#field-reason"
        self.query_one(field).focus()

    def action_save(self) -> None:
        self.clear_errors()
        form_id = self.query_one("#field-form", Select).value
        if not isinstance(form_id, int):
            self.error("form", _("choose the form of the name to remove"))
        reason = self.reason()
        if not (reason and isinstance(form_id, int)):
            return
        written = self.written(
            "form",
            lambda session: remove_name_form(
                session,
                self.actor,
                self.person.id or 0,
                form_id,
                reason,
                expected_version=self.person.version,
            ),
        )
        if written:
            text = dict(self.removable)[form_id][0]
            self.notify(_("Name form {text} removed").format(text=text))
            self.dismiss(True)


def shown_form(text: str, script: str, source: str) -> str:
    """A form of the name as a registrar tells it from the person's other forms: the same
    text may come from two sources."""
    return f"{text}  ({script_label(script)}, {source_label(source)})"
