"""Death-register rows into Person records and their NameForms. 番号 (register_no) is the
natural key: a new number creates a person in bulk, a known one is compared field by field
and corrected through the audited service path."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlmodel import col

from importers.apply import (
    SOURCE_COLUMNS,
    Context,
    Ids,
    Record,
    changes_between,
    table_of,
)
from importers.errors import RowRejected
from importers.normalise import name_keys
from records.bulk import drop_indexes, insert_rows
from records.dates import PartialDate
from records.models import SEARCH_FILTERS, NameForm, Person
from records.names import detect_script
from records.services.base import apply_changes
from records.services.persons import NameFormFields, add_name_form

PERSON = table_of(Person)
FORM = table_of(NameForm)
COMPARED = (
    "name", "reading", "birth_year", "birth_year_text", "death_date_text", "death_date",
    "death_precision", "death_place", "country", "region", "camp", "burial_site_id",
    "prefecture_code", "identified", "remarks",
)  # fmt: skip
PERSON_COLUMNS = ("id", "register_no", *COMPARED, "version", *SOURCE_COLUMNS)
FORM_COLUMNS = ("id", "person_id", "text", "script", "source", "key", "given_key", *SEARCH_FILTERS)
# Where each of SEARCH_FILTERS sits among COMPARED.
FILTER_AT = tuple(COMPARED.index(name) for name in SEARCH_FILTERS)
# Which column of the register each name form comes from (NameForm.source).
FORM_SOURCES = (
    ("reading", "register-kana"),
    ("name", "register-kanji"),
    ("russian_name", "russian-record"),
)


NO_DATE = PartialDate("", None, None)


@lru_cache(maxsize=1 << 16)
def _form_columns(text: str, kind: str) -> tuple[str, str, str, str, str]:
    """A name form's text, script, source and search keys: names recur (family names, whole
    names in a large register), so each is analysed once."""
    key, given = name_keys(text)
    return text, str(detect_script(text)), kind, key, given


class PersonTarget:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.seen: dict[int, int] = {}  # register_no → row in this file
        self.was_empty = ctx.session.execute(select(col(Person.id)).limit(1)).first() is None
        self.indexes: list[Any] = []
        self.bulk = ctx.write and self.was_empty
        if ctx.write:
            self.ids = Ids(ctx.conn, [PERSON, FORM])
            if self.was_empty:
                # Building the indexes once at the end is several times faster than keeping
                # them up to date row by row; only worth it when the tables start empty.
                self.indexes = drop_indexes(ctx.conn, [PERSON, FORM])

    def take(self, records: list[Record]) -> list[RowRejected]:
        rejects: list[RowRejected] = []
        wanted: dict[int, tuple[Record, tuple[Any, ...]]] = {}
        for record in records:
            problem = self._check(record)
            if problem is not None:
                rejects.append(problem)
                continue
            number = record.fields["register_no"]
            self.seen[number] = record.row
            wanted[number] = (record, self._values(record))
        stored = {} if self.was_empty else self._stored(list(wanted))
        new_people: list[tuple[Any, ...]] = []
        new_forms: list[tuple[Any, ...]] = []
        known = []
        created = 0
        batch, file, sheet = self.ctx.batch_id, self.ctx.file, self.ctx.sheet
        for number, (record, values) in wanted.items():
            if number in stored:
                known.append((stored[number], record, values))
                continue
            created += 1
            if self.ctx.write:
                person_id = self.ids.take(PERSON)
                new_people.append((person_id, number, *values, 1, batch, file, sheet, record.row))
                self._forms(person_id, record.fields, values, new_forms)
        self.ctx.counts.created += created
        if new_people:
            insert_rows(self.ctx.conn, PERSON, PERSON_COLUMNS, new_people)
            insert_rows(self.ctx.conn, FORM, FORM_COLUMNS, new_forms)
        for stored_values, record, values in known:
            self._compare(stored_values, record, values)
        return rejects

    def _check(self, record: Record) -> RowRejected | None:
        fields = record.fields
        number = fields.get("register_no")
        if number is None:
            return self.ctx.reject(record, "番号", None, "the register number (番号) is blank")
        if number in self.seen:
            return self.ctx.reject(
                record, "番号", number, f"番号 {number} is already on row {self.seen[number]}"
            )
        if not (fields.get("reading") or fields.get("name") or fields.get("russian_name")):
            return self.ctx.reject(record, "", None, "the row holds no form of the name")
        return None

    def _values(self, record: Record) -> tuple[Any, ...]:
        """The person's fields in COMPARED order."""
        f = record.fields
        death: PartialDate = f.get("death") or NO_DATE
        place = f.get("death_place")
        year = f.get("birth_year")
        name = f.get("name", "")
        return (
            name,
            f.get("reading", ""),
            year.value if year else None,
            year.text if year else "",
            death.text,
            death.value,
            str(death.precision) if death.precision else None,
            place.text if place else "",
            place.country if place else "",
            place.region if place else "",
            f.get("camp", ""),
            self.ctx.site_id(f.get("burial_site")),
            f.get("prefecture_code", ""),
            bool(name),
            f.get("remarks", ""),
        )

    def _forms(
        self,
        person_id: int,
        fields: dict[str, Any],
        values: tuple[Any, ...],
        out: list[tuple[Any, ...]],
    ) -> None:
        search_filters = tuple(values[at] for at in FILTER_AT)
        for field, kind in FORM_SOURCES:
            text = fields.get(field)
            if text:
                form = (self.ids.take(FORM), person_id, *_form_columns(text, kind), *search_filters)
                out.append(form)

    def _stored(self, numbers: list[int]) -> dict[int, dict[str, Any]]:
        columns = [col(getattr(Person, c)) for c in ("id", "register_no", *COMPARED)]
        rows = self.ctx.session.execute(
            select(*columns).where(col(Person.register_no).in_(numbers))
        ).all()
        stored = {r.register_no: dict(r._mapping) | {"forms": set()} for r in rows}
        by_id = {s["id"]: s for s in stored.values()}
        if by_id:
            forms = self.ctx.session.execute(
                select(NameForm.person_id, NameForm.text, NameForm.source).where(  # type: ignore[call-overload]
                    col(NameForm.person_id).in_(list(by_id))
                )
            )
            for person_id, text, kind in forms:
                by_id[person_id]["forms"].add((text, kind))
        return stored

    def _compare(self, stored: dict[str, Any], record: Record, values: tuple[Any, ...]) -> None:
        changes = changes_between(stored, dict(zip(COMPARED, values, strict=True)))
        fields = record.fields
        wanted_forms = {(fields[f], kind) for f, kind in FORM_SOURCES if fields.get(f)}
        new_forms = wanted_forms - stored["forms"]
        if not changes and not new_forms:
            self.ctx.counts.unchanged += 1
            return
        self.ctx.counts.updated += 1
        if not self.ctx.write:
            return
        person = self.ctx.session.get(Person, stored["id"])
        assert person is not None
        apply_changes(self.ctx.session, self.ctx.actor, person, "Person", changes, self.ctx.reason)
        # Earlier spellings stay: they are evidence of how the name was written.
        for text, kind in sorted(new_forms):
            add_name_form(
                self.ctx.session,
                self.ctx.actor,
                stored["id"],
                NameFormFields(text, kind),
                self.ctx.reason,
            )
        if new_forms:
            # The service inserted its forms with the next free ids: continue after them.
            self.ids = Ids(self.ctx.conn, [PERSON, FORM])

    def finish(self) -> None:
        if self.indexes:
            from records.bulk import create_indexes

            create_indexes(self.ctx.conn, self.indexes)
