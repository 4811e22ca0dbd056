"""The form that corrects a person's record through ``update_person``."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.widgets import Input

from records.database import Database
from records.models import Person
from records.prefectures import PREFECTURES, typed_code
from records.services.persons import update_person
from tui.i18n import _
from tui.labels import person_number
from tui.screens.edit_form import EditForm, Field, int_between

CODES = {code for code, _name in PREFECTURES}


def prefecture_check(value: Any) -> str | None:
    if not value or value in CODES:
        return None
    return _("a prefecture code is 01 to 47")


def prefecture_typed(text: str) -> str:
    """The code stored for the prefecture typed (１３ from an input method, 7, 東京都); text
    that names none is kept as typed, for prefecture_check to refuse."""
    return typed_code(text) or text.strip()


class PersonEditScreen(EditForm):
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("name"),
        Field("reading"),
        Field("birth_year", "era_year", int_between(1850, 1945)),
        Field("death_date_text"),
        Field("death_place"),
        Field("country"),
        Field("region"),
        Field("camp"),
        Field("prefecture_code", check=prefecture_check, parse=prefecture_typed),
        Field("identified", "bool"),
        Field("remarks"),
    )

    def __init__(self, database: Database, actor: str, record: Person, called: str) -> None:
        super().__init__(database, actor, record)
        self.called = called  # as the person screen heads the person

    def heading(self) -> str:
        number = person_number(self.record.register_no, self.record.id)
        return _("Correct the record of {name} ({number})").format(name=self.called, number=number)

    def shown(self, field: Field) -> str:
        """The year of birth as written (大正10年), as the person's page shows it."""
        if field.name == "birth_year" and self.record.birth_year_text:
            return str(self.record.birth_year_text)
        return super().shown(field)

    def save(self, changes: dict[str, object], reason: str, version: int) -> None:
        if "birth_year" in changes:
            # Kept as typed, as the import keeps a register's 大正10年 beside the year.
            written = self.query_one("#field-birth_year", Input).value.strip()
            changes = changes | {"birth_year_text": written}
        with self.database.writing() as session:
            update_person(
                session, self.actor, self.record.id, changes, reason, expected_version=version
            )

    def current(self) -> Any:
        with self.database.reading() as session:
            return session.get(Person, self.record.id)
