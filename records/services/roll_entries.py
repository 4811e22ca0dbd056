"""A ceremony's roll line by line: add an entry, link it to the person or lot a user
confirmed, give a bare name its reading, remove an entry. Each function is one business action
in one audited transaction."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from records import audit
from records.errors import Invalid, IreiError, NotFound
from records.messages import Message, control_character, control_named
from records.models import Ceremony, NameForm, Person, RemainsLot, RollEntry
from records.names import known_as
from records.readings import kana_reading
from records.services.base import (
    apply_changes,
    check_version,
    get,
    get_for_update,
    removed_since,
    require_reason,
    snapshot,
    transaction,
)

ENTRY = "RollEntry"


def _entry_holding_person(session: Session, ceremony_id: int, person_id: int) -> int | None:
    return session.execute(
        select(col(RollEntry.id)).where(
            col(RollEntry.ceremony_id) == ceremony_id, col(RollEntry.person_id) == person_id
        )
    ).scalar()


def _entry_holding_lot_alone(session: Session, ceremony_id: int, lot_id: int) -> int | None:
    return session.execute(
        select(col(RollEntry.id)).where(
            col(RollEntry.ceremony_id) == ceremony_id,
            col(RollEntry.lot_id) == lot_id,
            col(RollEntry.person_id).is_(None),
        )
    ).scalar()


def _refuse_duplicates(
    session: Session,
    ceremony_id: int,
    person_id: int | None,
    lot_id: int | None,
    *,
    except_entry: int | None = None,
) -> None:
    # Two users putting the same person on a roll at once: the second waits here for the
    # first's line, then is refused as a duplicate, not by the unique key (a constraint's name).
    get_for_update(session, Ceremony, ceremony_id)
    if person_id is not None:
        held = _entry_holding_person(session, ceremony_id, person_id)
        if held is not None and held != except_entry:
            raise Invalid("person", _already_on_the_roll(session, person_id))
    elif lot_id is not None:
        # A lot may appear beside several identified persons, but the lot alone only once.
        held = _entry_holding_lot_alone(session, ceremony_id, lot_id)
        if held is not None and held != except_entry:
            number = get(session, RemainsLot, lot_id).lot_number
            raise Invalid(
                "lot",
                Message("lot {lot} is already on this roll on a line of its own", lot=number),
            )


def _already_on_the_roll(session: Session, person_id: int) -> Message:
    person = get(session, Person, person_id)
    forms = session.execute(
        select(col(NameForm.text))
        .where(col(NameForm.person_id) == person_id)
        .order_by(col(NameForm.id))
        .limit(1)
    ).scalars()
    who = known_as(person.name, person.reading, list(forms))
    if not who:
        return Message("person {id} is already on this roll", id=person_id)
    return Message("{who} (person {id}) is already on this roll", who=who, id=person_id)


def reading_for_bare_name(bare_name: str, reading: str) -> str:
    """The reading in katakana, which the roll's gojūon order goes by; refused when it is not
    kana, or when there is no bare name to read (a person's line is read by the person). An
    import asks it of each row first, so that a dry run shows the rows it would refuse."""
    if not reading.strip():
        return ""
    if not bare_name:
        raise Invalid("bare_reading", Message("only a bare name is given a reading"))
    katakana = kana_reading(reading)
    if katakana is None:
        raise Invalid(
            "bare_reading", Message("{text!r} is not a reading: write it in kana", text=reading)
        )
    return katakana


def add_entry(
    session: Session,
    actor: str,
    ceremony_id: int,
    *,
    person_id: int | None = None,
    lot_id: int | None = None,
    bare_name: str = "",
    bare_reading: str = "",
    remarks: str = "",
    reason: str,
) -> RollEntry:
    """One line on the roll: a person and/or a lot, or a bare name (as an association sent it)
    that stays unlinked until a user links it with ``link_entry``, with its reading when it is
    written in kanji. Refused without a reason, as a bulk add is: one line added is as much a
    change to the roll as many."""
    reason = require_reason(reason, Message("a roll"))
    bare_name = bare_name.strip()
    if person_id is None and lot_id is None and not bare_name:
        raise Invalid("entry", Message("an entry needs a person, a lot or a name"))
    if control := control_character(bare_name):
        # Refused now, not when the roll is printed weeks later (exports.pdf_fonts).
        reason = Message(
            "a name on a roll cannot hold {what} (U+{code:04X}), which a printed roll cannot show",
            what=control_named(control),
            code=ord(control),
        )
        raise Invalid("bare_name", reason)
    bare_reading = reading_for_bare_name(bare_name, bare_reading)
    with transaction(session):
        get(session, Ceremony, ceremony_id)
        if person_id is not None:
            get(session, Person, person_id)
        if lot_id is not None:
            get(session, RemainsLot, lot_id)
        _refuse_duplicates(session, ceremony_id, person_id, lot_id)
        entry = RollEntry(
            ceremony_id=ceremony_id,
            person_id=person_id,
            lot_id=lot_id,
            bare_name=bare_name,
            bare_reading=bare_reading,
            remarks=remarks.strip(),
        )
        session.add(entry)
        session.flush()
        audit.record(session, actor, "add", ENTRY, entry.id, after=snapshot(entry), reason=reason)
        return entry


def link_entry(
    session: Session,
    actor: str,
    entry_id: int,
    *,
    person_id: int | None = None,
    lot_id: int | None = None,
    reason: str,
    expected_version: int | None,
) -> RollEntry:
    """Link an entry to the record a user confirmed. Nothing calls this on its own: a ranked
    candidate is a suggestion, never a link. The bare name is kept as received evidence."""
    if person_id is None and lot_id is None:
        raise Invalid("entry", Message("choose the person or the lot to link"))
    reason = require_reason(reason, Message("a roll"))
    with transaction(session):
        entry = get_for_update(session, RollEntry, entry_id)
        check_version(session, entry, ENTRY, expected_version)
        changes: dict[str, Any] = {}
        if person_id is not None:
            get(session, Person, person_id)
            changes["person_id"] = person_id
        if lot_id is not None:
            get(session, RemainsLot, lot_id)
            changes["lot_id"] = lot_id
        _refuse_duplicates(
            session,
            entry.ceremony_id,
            changes.get("person_id", entry.person_id),
            changes.get("lot_id", entry.lot_id),
            except_entry=entry_id,
        )
        apply_changes(session, actor, entry, ENTRY, changes, reason, action="link")
        return entry


def read_bare_name(
    session: Session,
    actor: str,
    entry_id: int,
    reading: str,
    reason: str,
    *,
    expected_version: int | None,
) -> RollEntry:
    """Give a bare name its reading (or correct it, or clear it), so that the roll places the
    line where the reading puts it: a name in kanji has none the app could guess."""
    with transaction(session):
        entry = get_for_update(session, RollEntry, entry_id)
        check_version(session, entry, ENTRY, expected_version)
        changes = {"bare_reading": reading_for_bare_name(entry.bare_name, reading)}
        reason = require_reason(reason, Message("a roll"))
        apply_changes(session, actor, entry, ENTRY, changes, reason)
        return entry


def remove_entry(
    session: Session, actor: str, entry_id: int, reason: str, *, expected_version: int | None
) -> None:
    reason = require_reason(reason, Message("a roll"))
    with transaction(session):
        try:
            entry = get_for_update(session, RollEntry, entry_id)
        except NotFound:
            raise _removed_since(session, entry_id) from None
        check_version(session, entry, ENTRY, expected_version)
        before = snapshot(entry)
        session.delete(entry)
        session.flush()
        audit.record(session, actor, "remove", ENTRY, entry_id, before=before, reason=reason)


def _removed_since(session: Session, entry_id: int) -> IreiError:
    """Why a line is not there to remove: another user removed it since this one read the
    roll."""
    words = "the line was removed from the roll by {who} at {when}"
    return removed_since(session, ENTRY, entry_id, "remove", words)


@dataclass(frozen=True)
class LineHolds:
    """What one line of a roll holds, as a registrar names it: the person, the lot, or the
    bare name the roll received."""

    person_id: int | None
    register_no: int | None
    lot_id: int | None
    bare_name: str


def lines_holding(session: Session, ceremony_id: int) -> dict[int, LineHolds]:
    """Every line of a ceremony's roll by its entry id, in one query: a roll of 60,000 lines
    is listed whole, so one query per line would not do."""
    get(session, Ceremony, ceremony_id)
    rows = session.execute(
        select(
            col(RollEntry.id),
            col(RollEntry.person_id),
            col(Person.register_no),
            col(RollEntry.lot_id),
            col(RollEntry.bare_name),
        )
        .outerjoin(Person, col(Person.id) == col(RollEntry.person_id))
        .where(col(RollEntry.ceremony_id) == ceremony_id)
    ).all()
    return {row[0]: LineHolds(*row[1:]) for row in rows}


def entries_named(
    session: Session,
    ceremony_id: int,
    *,
    person_id: int | None = None,
    lot_id: int | None = None,
    bare_name: str | None = None,
    entry_id: int | None = None,
) -> list[int]:
    """The lines of a ceremony's roll holding the person, the lot on a line of its own, or the
    bare name (or the line of that id): at most one for a person (the database's constraint)
    or a lot alone (refused by ``add_entry`` and ``link_entry``), any number for a name."""
    get(session, Ceremony, ceremony_id)
    query = select(col(RollEntry.id)).where(col(RollEntry.ceremony_id) == ceremony_id)
    if person_id is not None:
        query = query.where(col(RollEntry.person_id) == person_id)
    elif lot_id is not None:
        query = query.where(col(RollEntry.lot_id) == lot_id, col(RollEntry.person_id).is_(None))
    elif bare_name is not None:
        query = query.where(col(RollEntry.bare_name) == bare_name.strip())
    elif entry_id is not None:
        query = query.where(col(RollEntry.id) == entry_id)
    else:
        raise Invalid("entry", Message("name the line by its person, lot or name"))
    return list(session.execute(query.order_by(col(RollEntry.id))).scalars())
