"""Death-register rows into Person records and their NameForms. 番号 (register_no) is the
natural key: a new number creates a person in bulk, a known one is compared field by field
and corrected through the audited service path, unless the row names someone else."""

from __future__ import annotations

from operator import itemgetter
from typing import Any

from sqlalchemy import select
from sqlmodel import col

from importers.apply import (
    SOURCE_COLUMNS,
    Context,
    Ids,
    changes_between,
    erasing,
    kept_positions,
    table_of,
    undoing,
    with_kept,
    with_width_kept,
)
from importers.cells import width_folded
from importers.errors import RowRejected
from importers.person_rows import FROM_FILE, FormColumns, PersonRow, form_columns
from records.bulk import (
    Built,
    Suspended,
    insert_rows,
    resume_upkeep,
    select_in,
    suspend_upkeep,
)
from records.messages import Message
from records.models import NAME_FORM_COLUMNS, SEARCH_FILTERS, NameForm, Person
from records.services.base import apply_changes
from records.services.persons import NameFormFields, add_name_form

PERSON = table_of(Person)
FORM = table_of(NameForm)
COMPARED = (*FROM_FILE, "burial_site_id")
PERSON_COLUMNS = ("id", "register_no", *COMPARED, "version", *SOURCE_COLUMNS)
# A stored person as compared: id, values in COMPARED order, (text, source) of each name form.
Stored = tuple[int, tuple[Any, ...], set[tuple[str, str]]]
# A person's SEARCH_FILTERS, from their values in COMPARED order.
search_filters_of = itemgetter(*(COMPARED.index(name) for name in SEARCH_FILTERS))
# Positions in COMPARED, and so in FROM_FILE, which it begins with.
NAME, READING, DEATH = (COMPARED.index(name) for name in ("name", "reading", "death_date"))
# The stored fields read from each column of the register.
DERIVED = {
    "name": ("name", "identified"),
    "reading": ("reading",),
    "birth_year": ("birth_year_text", "birth_year"),
    "death": ("death_date_text", "death_date", "death_precision"),
    "death_place": ("death_place", "country", "region"),
    "camp": ("camp",),
    "prefecture_code": ("prefecture_code", "home"),
    "remarks": ("remarks",),
    "burial_site": ("burial_site_id",),
}


class PersonTarget:
    """Takes PersonRows (importers.person_rows): every check the file alone can decide is
    made there, so this part only meets the database and rejects nothing."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.was_empty = ctx.session.execute(select(col(Person.id)).limit(1)).first() is None
        self.suspended: Suspended | None = None
        self.bulk = ctx.write and self.was_empty
        if ctx.write:
            self.ids = Ids(ctx.conn, [PERSON, FORM])
            if self.was_empty:
                # Building the indexes once at the end is several times faster than keeping
                # them up to date row by row; only worth it when the tables start empty. The
                # name forms carry their person's search filters, as the triggers would.
                self.suspended = suspend_upkeep(ctx.conn, [PERSON, FORM])

    def take(self, rows: list[PersonRow]) -> list[RowRejected]:
        # The rows are of one sheet, whose columns say what the file says nothing about.
        self.kept = kept_positions(self.ctx, DERIVED, COMPARED)
        stored = {} if self.was_empty else self._stored([row[1] for row in rows])
        new = [row for row in rows if row[1] not in stored]
        self.ctx.counts.created += len(new)
        if self.ctx.write and new:
            self._insert(new)
        refused: list[RowRejected] = []
        for row, number, values, site, forms in rows:
            if number not in stored:
                continue
            known = stored[number]
            differs = _not_the_same(known, values, forms)
            if differs is not None:
                refused.append(self._someone_else(row, number, known, differs))
                continue
            erased = self._compare(
                row, number, known, (*values, self.ctx.site_id_of_code(site)), forms
            )
            if erased is not None:
                refused.append(erased)
        return refused

    def _someone_else(self, row: int, number: int, known: Stored, differs: str) -> RowRejected:
        _id, values, forms = known
        name = values[NAME] or values[READING] or min(text for text, _source in forms)
        reason = Message(
            "番号 {number} is already {name}, whom this row does not match ({differs}): "
            "another register numbered afresh?",
            number=number,
            name=name,
            differs=differs,
        )
        return RowRejected(self.ctx.file, self.ctx.sheet, row, "番号", number, reason)

    def _insert(self, rows: list[PersonRow]) -> None:
        """New persons and their name forms, numbered in two runs of ids."""
        ctx = self.ctx
        source = (ctx.batch_id, ctx.file, ctx.sheet)  # and the row
        origins = ctx.origins
        person_id = self.ids.take(PERSON, len(rows))
        form_id = self.ids.take(FORM, sum(len(row[4]) for row in rows))
        people: list[tuple[Any, ...]] = []
        forms: list[tuple[Any, ...]] = []
        for row, number, values, site, person_forms in rows:
            person = (*values, ctx.site_id_of_code(site))  # in COMPARED order
            # apply.origin, without a call for each of a million rows.
            if origins and row in origins:
                people.append((person_id, number, *person, 1, ctx.batch_id, *origins[row]))
            else:
                people.append((person_id, number, *person, 1, *source, row))
            search_filters = search_filters_of(person)
            for form in person_forms:
                forms.append((form_id, person_id, *form, *search_filters))
                form_id += 1
            person_id += 1
        insert_rows(ctx.conn, PERSON, PERSON_COLUMNS, people)
        insert_rows(ctx.conn, FORM, NAME_FORM_COLUMNS, forms)

    def _stored(self, numbers: list[int]) -> dict[int, Stored]:
        """The stored persons with these 番号, read as plain tuples: at a million rows,
        ORM rows and a dict per person cost more than the reading (re-import dry run of 1M
        rows: 36.6 s → 25.3 s, as fast as a first dry run)."""
        self.ctx.session.flush()  # select_in does not flush the session for itself
        conn = self.ctx.conn
        stored: dict[int, Stored] = {}
        forms_of: dict[int, set[tuple[str, str]]] = {}
        for person_id, number, *values in select_in(
            conn, PERSON, ("id", "register_no", *COMPARED), "register_no", numbers
        ):
            forms = forms_of[person_id] = set()
            stored[number] = (person_id, tuple(values), forms)
        for person_id, text, kind in select_in(
            conn, FORM, ("person_id", "text", "source"), "person_id", list(forms_of)
        ):
            forms_of[person_id].add((text, kind))
        return stored

    def _compare(
        self,
        row: int,
        number: int,
        stored: Stored,
        values: tuple[Any, ...],
        forms: list[FormColumns],
    ) -> RowRejected | None:
        """values: in COMPARED order. Refuses a row that would erase a stored value."""
        person_id, stored_values, stored_forms = stored
        new_forms = {(text, kind) for text, _script, kind, _key, _given in forms} - stored_forms
        if self.kept and values != stored_values:
            values = with_kept(stored_values, values, self.kept)
        # One comparison of whole rows for the many unchanged persons. (A boolean read back
        # from SQLite is 0 or 1, equal to False or True.)
        unchanged = values == stored_values and not new_forms
        if not unchanged:
            values, new_forms = _width_kept(stored_values, values, stored_forms, new_forms)
            unchanged = values == stored_values and not new_forms
        if unchanged:
            self.ctx.counts.unchanged += 1
            return None
        before = dict(zip(COMPARED, stored_values, strict=True))
        after = dict(zip(COMPARED, values, strict=True))
        if erased := erasing(self.ctx, row, f"番号 {number}", before, after, DERIVED):
            return erased
        changes = changes_between(before, after)
        entity = ("Person", person_id)
        if undone := undoing(self.ctx, row, f"番号 {number}", entity, before, changes, DERIVED):
            return undone
        self.ctx.counts.updated += 1
        if not self.ctx.write:
            return None
        person = self.ctx.session.get(Person, person_id)
        assert person is not None
        apply_changes(self.ctx.session, self.ctx.actor, person, "Person", changes, self.ctx.reason)
        # Earlier spellings stay: they are evidence of how the name was written.
        if new_forms:
            self.ids.sync()
        for text, kind in sorted(new_forms):
            add_name_form(
                self.ctx.session,
                self.ctx.actor,
                person_id,
                NameFormFields(text, kind),
                self.ctx.reason,
            )
        if new_forms:
            # The service inserted its forms with the next free ids: continue after them.
            self.ids = Ids(self.ctx.conn, [PERSON, FORM])
        return None

    def finish(self, built: Built | None) -> None:
        if self.suspended is not None:
            resume_upkeep(self.ctx.conn, self.suspended, built)
        if self.ctx.write:
            self.ids.sync()


def _width_kept(
    stored_values: tuple[Any, ...],
    values: tuple[Any, ...],
    stored_forms: set[tuple[str, str]],
    new_forms: set[tuple[str, str]],
) -> tuple[tuple[Any, ...], set[tuple[str, str]]]:
    """The values and the name forms new to the person, but neither a value nor a form that
    differs from the one stored only in width (ｲｼﾀﾞ for イシダ, ２１年 for 21年): the stored
    one stays, as it was written."""
    values = with_width_kept(stored_values, values)
    if new_forms:
        folded = {(width_folded(text), kind) for text, kind in stored_forms}
        new_forms = {
            (text, kind) for text, kind in new_forms if (width_folded(text), kind) not in folded
        }
    return values, new_forms


def _not_the_same(
    known: Stored, values: tuple[Any, ...], forms: list[FormColumns]
) -> Message | None:
    """Why a row cannot be a correction of the person stored under its 番号, or None when it
    can: some form of the name agrees (compared by search key, so a variant kanji or a voicing
    slip put right still agrees with another form), or, when the row has no form of a kind
    the person has to compare, the date of death agrees. Thousands died in one month in the
    camps, so a date is never taken over names that disagree: a register numbered from 1
    again for other people must not turn each of them into a correction of someone else."""
    _id, stored_values, stored_forms = known
    # The name or reading as stored decides at once for nearly every row of a re-sent file.
    if any(values[i] and values[i] == stored_values[i] for i in (NAME, READING)):
        return None
    keys = {form[3] for form in forms}
    if keys & {form_columns(text, source)[3] for text, source in stored_forms}:
        return None
    if {form[2] for form in forms} & {source for _text, source in stored_forms}:
        return Message("no form of the name agrees with theirs")
    if values[DEATH] is not None and values[DEATH] == stored_values[DEATH]:
        return None
    return Message("no form of the name to compare, and the date of death differs")
