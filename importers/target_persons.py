"""Death-register rows into Person records and their NameForms. 番号 (register_no) is the
natural key: a new number creates a person in bulk, a known one is compared field by field
and corrected through the audited service path."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlmodel import col

from importers.apply import (
    SOURCE_COLUMNS,
    Context,
    Ids,
    Record,
    changes_between,
    source,
    table_of,
)
from importers.errors import RowRejected
from importers.normalise import name_keys
from records.bulk import drop_indexes, insert_rows
from records.dates import PartialDate
from records.models import NameForm, Person
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
FORM_COLUMNS = ("id", "person_id", "text", "script", "source", "key", "given_key")
# Which column of the register each name form comes from (NameForm.source).
FORM_SOURCES = (
    ("reading", "register-kana"),
    ("name", "register-kanji"),
    ("russian_name", "russian-record"),
)


class PersonTarget:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.seen: dict[int, int] = {}  # register_no → row in this file
        self.was_empty = ctx.session.execute(select(col(Person.id)).limit(1)).first() is None
        self.indexes: list[Any] = []
        if ctx.write:
            self.ids = Ids(ctx.conn, [PERSON, FORM])
            if self.was_empty:
                # Building the indexes once at the end is several times faster than keeping
                # them up to date row by row; only worth it when the tables start empty.
                self.indexes = drop_indexes(ctx.conn, [PERSON, FORM])

    def take(self, records: list[Record]) -> list[RowRejected]:
        rejects: list[RowRejected] = []
        wanted: dict[int, tuple[Record, dict[str, Any]]] = {}
        for record in records:
            problem = self._check(record)
            if problem is not None:
                rejects.append(problem)
                continue
            number = record.fields["register_no"]
            self.seen[number] = record.row
            wanted[number] = (record, self._values(record))
        stored = {} if self.was_empty else self._stored(list(wanted))
        new_people, new_forms, known = [], [], []
        for number, (record, values) in wanted.items():
            if number in stored:
                known.append((stored[number], values))
                continue
            self.ctx.counts.created += 1
            if self.ctx.write:
                person_id = self.ids.take(PERSON)
                new_people.append(
                    (
                        person_id,
                        number,
                        *(values[c] for c in COMPARED),
                        1,
                        *source(self.ctx, record),
                    )
                )
                new_forms.extend(self._forms(person_id, record))
        if new_people:
            insert_rows(self.ctx.conn, PERSON, PERSON_COLUMNS, new_people)
            insert_rows(self.ctx.conn, FORM, FORM_COLUMNS, new_forms)
        for stored_values, values in known:
            self._compare(stored_values, values)
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
        if not any(fields.get(f) for f, _ in FORM_SOURCES):
            return self.ctx.reject(record, "", None, "the row holds no form of the name")
        return None

    def _values(self, record: Record) -> dict[str, Any]:
        f = record.fields
        death: PartialDate = f.get("death") or PartialDate("", None, None)
        place = f.get("death_place")
        year = f.get("birth_year")
        name = f.get("name", "")
        return {
            "name": name,
            "reading": f.get("reading", ""),
            "birth_year": year.value if year else None,
            "birth_year_text": year.text if year else "",
            "death_date_text": death.text,
            "death_date": death.value,
            "death_precision": str(death.precision) if death.precision else None,
            "death_place": place.text if place else "",
            "country": place.country if place else "",
            "region": place.region if place else "",
            "camp": f.get("camp", ""),
            "burial_site_id": self.ctx.site_id(f.get("burial_site")),
            "prefecture_code": f.get("prefecture_code", ""),
            "identified": bool(name),
            "remarks": f.get("remarks", ""),
            "forms": {(f[field], kind) for field, kind in FORM_SOURCES if f.get(field)},
        }

    def _forms(self, person_id: int, record: Record) -> list[tuple[Any, ...]]:
        rows = []
        for field, kind in FORM_SOURCES:
            text = record.fields.get(field)
            if text:
                key, given = name_keys(text)
                script = detect_script(text)
                rows.append((self.ids.take(FORM), person_id, text, str(script), kind, key, given))
        return rows

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

    def _compare(self, stored: dict[str, Any], values: dict[str, Any]) -> None:
        wanted = {k: v for k, v in values.items() if k != "forms"}
        changes = changes_between(stored, wanted)
        new_forms = values["forms"] - stored["forms"]
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
