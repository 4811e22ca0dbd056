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
    changes_between,
    table_of,
)
from importers.errors import RowRejected
from importers.person_rows import FROM_FILE, FormColumns, PersonRow
from records.bulk import drop_indexes, insert_rows
from records.models import SEARCH_FILTERS, NameForm, Person
from records.services.base import apply_changes
from records.services.persons import NameFormFields, add_name_form

PERSON = table_of(Person)
FORM = table_of(NameForm)
COMPARED = (*FROM_FILE, "burial_site_id")
PERSON_COLUMNS = ("id", "register_no", *COMPARED, "version", *SOURCE_COLUMNS)
FORM_COLUMNS = ("id", "person_id", "text", "script", "source", "key", "given_key", *SEARCH_FILTERS)
# Where each of SEARCH_FILTERS sits among COMPARED.
FILTER_AT = tuple(COMPARED.index(name) for name in SEARCH_FILTERS)


class PersonTarget:
    """Takes PersonRows (importers.person_rows): every check the file alone can decide is
    made there, so this part only meets the database and rejects nothing."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.was_empty = ctx.session.execute(select(col(Person.id)).limit(1)).first() is None
        self.indexes: list[Any] = []
        self.bulk = ctx.write and self.was_empty
        if ctx.write:
            self.ids = Ids(ctx.conn, [PERSON, FORM])
            if self.was_empty:
                # Building the indexes once at the end is several times faster than keeping
                # them up to date row by row; only worth it when the tables start empty.
                self.indexes = drop_indexes(ctx.conn, [PERSON, FORM])

    def take(self, rows: list[PersonRow]) -> list[RowRejected]:
        stored = {} if self.was_empty else self._stored([row[1] for row in rows])
        new_people: list[tuple[Any, ...]] = []
        new_forms: list[tuple[Any, ...]] = []
        known = []
        batch, file, sheet = self.ctx.batch_id, self.ctx.file, self.ctx.sheet
        for row, number, values, site, forms in rows:
            person = (*values, self.ctx.site_id(site))  # in COMPARED order
            if number in stored:
                known.append((stored[number], person, forms))
                continue
            self.ctx.counts.created += 1
            if self.ctx.write:
                person_id = self.ids.take(PERSON)
                new_people.append((person_id, number, *person, 1, batch, file, sheet, row))
                search_filters = tuple(person[at] for at in FILTER_AT)
                for form in forms:
                    new_forms.append((self.ids.take(FORM), person_id, *form, *search_filters))
        if new_people:
            insert_rows(self.ctx.conn, PERSON, PERSON_COLUMNS, new_people)
            insert_rows(self.ctx.conn, FORM, FORM_COLUMNS, new_forms)
        for stored_values, values, forms in known:
            self._compare(stored_values, values, forms)
        return []

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

    def _compare(
        self, stored: dict[str, Any], values: tuple[Any, ...], forms: list[FormColumns]
    ) -> None:
        """values: in COMPARED order."""
        changes = changes_between(stored, dict(zip(COMPARED, values, strict=True)))
        new_forms = {(text, kind) for text, _script, kind, _key, _given in forms} - stored["forms"]
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
