"""The form that corrects a person's record through ``update_person``."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.widgets import Input

from records.database import Database
from records.models import Person
from records.prefectures import home_written, not_a_home, typed_home
from records.services.persons import update_person
from tui.i18n import N_, _, said
from tui.labels import person_number
from tui.screens.edit_form import EditForm, Field, int_between


def home_check(value: Any) -> str | None:
    if typed_home(str(value)) is not None:
        return None
    return said(not_a_home(str(value)))


def home_typed(text: str) -> str:
    """出身地 as the form would show it stored (福島 → 福島県, １３ → 東京都), so that a home
    retyped as it is changes nothing; text that names none is kept as typed, for home_check to
    refuse."""
    home = typed_home(text)
    return text.strip() if home is None else home_written(home.code, home.text)


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
        Field("home", check=home_check, parse=home_typed, label=N_("Home prefecture")),
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

    def stored(self, record: Any, field: Field) -> object:
        if field.name == "home":
            return home_written(record.prefecture_code, record.home)
        return super().stored(record, field)

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
