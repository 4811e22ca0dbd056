"""Ceremony-roll rows (as exports/roll_xlsx.py writes them) back into a ceremony's entries:
linked to the one person whose name and reading (and death date, when given) match, and to
the lot by 整理番号; otherwise kept as a bare name for staff to link by hand, with the row's
reading when the name is not in kana, which the roll's gojūon order goes by."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import col

from importers.apply import Context
from importers.errors import ImportRefused, RowRejected
from importers.normalise import Record
from records.bulk import Built
from records.errors import Invalid, IreiError
from records.messages import Message
from records.models import Ceremony, NameForm, Person, RollEntry
from records.names import UNNAMED
from records.readings import kana_reading
from records.search import lot_by_number
from records.services.roll_entries import add_entry, read_bare_name, reading_for_bare_name


class RollTarget:
    bulk = False

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        if ctx.ceremony_id is None:
            raise ImportRefused(
                ctx.file, Message("a roll is imported into a ceremony: give --ceremony ID")
            )
        if ctx.session.get(Ceremony, ctx.ceremony_id) is None:
            raise ImportRefused(ctx.file, Message("there is no ceremony {id}", id=ctx.ceremony_id))
        self.planned: set[tuple[int | None, int | None, str]] = set()

    def take(self, records: list[Record]) -> list[RowRejected]:
        rejects = []
        for record in records:
            person_id = self._person(record)
            lot_id = self._lot(record)
            bare, bare_reading = ("", "") if person_id else _bare_name_and_reading(record)
            try:
                bare_reading = reading_for_bare_name(bare, bare_reading)
            except Invalid as refused:
                rejects.append(self.ctx.reject(record, "", bare_reading, refused.reason))
                continue
            entry = (person_id, lot_id, bare)
            if entry in self.planned:
                self.ctx.counts.unchanged += 1
                continue
            held = self._existing(person_id, lot_id, bare)
            if held is not None:
                rejects.extend(self._read_again(record, held, bare_reading))
                continue
            self.planned.add(entry)
            if self.ctx.write:
                try:
                    add_entry(
                        self.ctx.session,
                        self.ctx.actor,
                        self.ctx.ceremony_id or 0,
                        person_id=person_id,
                        lot_id=lot_id,
                        bare_name=bare,
                        bare_reading=bare_reading,
                        remarks=record.fields.get("remarks", ""),
                        reason=self.ctx.reason,
                    )
                except IreiError as error:
                    # The service's own message, kept whole so the app can translate it.
                    reason = error.args[0] if error.args else str(error)
                    rejects.append(self.ctx.reject(record, "", None, reason))
                    continue
            self.ctx.counts.created += 1
        return rejects

    def _person(self, record: Record) -> int | None:
        """The one person the row names; None when none or several fit (never guessed)."""
        name, reading = record.fields.get("name", ""), record.fields.get("reading", "")
        if not name or not reading:
            return None
        by_name = select(col(Person.id)).where(
            col(Person.name) == name, col(Person.reading) == reading
        )
        # An unidentified person has no kanji name: the roll prints one of their name forms
        # (the register's katakana) in its place.
        by_form = (
            select(col(Person.id))
            .join(NameForm, col(NameForm.person_id) == col(Person.id))
            .where(col(Person.name) == "", col(NameForm.text) == name)
            .distinct()
        )
        death = record.fields.get("death")
        for query in (by_name, by_form):
            if death is not None and death.value:
                query = query.where(col(Person.death_date) == death.value)
            ids = self.ctx.session.execute(query.limit(2)).scalars().all()
            if ids:
                return ids[0] if len(ids) == 1 else None
        return None

    def _lot(self, record: Record) -> int | None:
        number = record.fields.get("lot_number")
        if not number:
            return None
        lot = lot_by_number(self.ctx.session, number)
        return None if lot is None else lot.id

    def _read_again(self, record: Record, held: RollEntry, bare_reading: str) -> list[RowRejected]:
        """A bare name already on the roll takes the reading a re-sent file gives it where it
        had none; a reading already given is the registrar's, not overwritten by a file."""
        if not bare_reading or held.bare_reading:
            self.ctx.counts.unchanged += 1
            return []
        if self.ctx.write:
            try:
                read_bare_name(
                    self.ctx.session, self.ctx.actor, held.id or 0, bare_reading,
                    self.ctx.reason, expected_version=held.version,
                )  # fmt: skip
            except IreiError as error:
                reason = error.args[0] if error.args else str(error)
                return [self.ctx.reject(record, "", None, reason)]
        self.ctx.counts.updated += 1
        return []

    def _existing(self, person_id: int | None, lot_id: int | None, bare: str) -> RollEntry | None:
        query = select(RollEntry).where(col(RollEntry.ceremony_id) == self.ctx.ceremony_id)
        if person_id is not None:
            query = query.where(col(RollEntry.person_id) == person_id)
        else:
            query = query.where(
                col(RollEntry.person_id).is_(None),
                col(RollEntry.lot_id).is_(None)
                if lot_id is None
                else col(RollEntry.lot_id) == lot_id,
                col(RollEntry.bare_name) == bare,
            )
        return self.ctx.session.execute(query.limit(1)).scalars().first()

    def finish(self, built: Built | None) -> None:
        return None


def _bare_name_and_reading(record: Record) -> tuple[str, str]:
    """The name as received and the row's reading: a name in kana reads itself, as it always
    has; one in kanji has none but the file's. A row with a reading alone is that name."""
    name, reading = _written_name(record), record.fields.get("reading", "")
    if not name:
        return reading, ""
    return name, "" if kana_reading(name) is not None else reading


def _written_name(record: Record) -> str:
    """The name cell, or '' where the roll printed 氏名不詳 for an entry no record names (a lot
    alone): kept as a bare name, it would add a line to link to a person called so."""
    name: str = record.fields.get("name") or ""
    return "" if name == UNNAMED else name
