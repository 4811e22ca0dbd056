"""The records an audit event's change refers to by id (a lot's place, whom a bulk add put on
the roll), named as staff know them, for the record screens' history and `irei audit log`."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from records.audit import ImportCreation
from records.models import (
    Analysis,
    AuditEvent,
    BurialSite,
    Ceremony,
    Location,
    Person,
    RemainsLot,
    RollEntry,
    Specimen,
)
from records.names import known_as
from records.services.analyses import named_analysis
from records.services.locations import removed_places
from tui.i18n import _
from tui.labels import IDS_LISTED, listed_number, person_named, person_number

# What names a record referred to by id, by (field, id); and the record an event is of, by (the
# kind its events carry, id).
Named = dict[tuple[str, int], str]


def _place(place: Location) -> str:
    return place.name


def _person(person: Person) -> str:
    return person_named(known_as(person.name, person.reading, []), person.register_no, person.id)


def _person_number(person: Person) -> str:
    # A bulk add lists hundreds: each by the 番号 alone, as the field's label says it.
    return listed_number(person.register_no, person.id or 0)


def _lot(lot: RemainsLot) -> str:
    return lot.lot_number


# Fields an audited change records as the id (or, IDS_LISTED, the ids) of another record: the
# record's kind and how staff name one.
_BY_ID: dict[str, tuple[Any, Callable[[Any], str]]] = {
    "location_id": (Location, _place),
    "parent_id": (Location, _place),  # the place a new place lies in
    "burial_site_id": (BurialSite, lambda site: f"{site.code} {site.name}"),
    "person_id": (Person, _person),  # whom a lot was handed over as, or a roll entry names
    "matched_person_id": (Person, _person),
    "persons": (Person, _person_number),
    "lot_id": (RemainsLot, _lot),
    "lots": (RemainsLot, _lot),
    "ceremony_id": (Ceremony, lambda ceremony: ceremony.name),
    "specimen_id": (Specimen, lambda specimen: specimen.number),
}
# The records whose events name them as staff quote them, and as `irei audit log --id` takes
# them: a person by number, a lot by its number, a place by its code. A ceremony and an import
# are known by the id the commands print and take.
_OF_RECORD: dict[str, tuple[Any, Callable[[Any], str]]] = {
    "Person": (Person, lambda person: person_number(person.register_no, person.id)),
    "RemainsLot": (RemainsLot, _lot),
    "location": (Location, lambda place: place.code),
}
_LOOKUPS = {**_BY_ID, **_OF_RECORD}
# Ids looked up at once: well under the bound parameters SQLite allows in one statement.
_CHUNK = 500


def names_in(session: Session, events: Iterable[ImportCreation | AuditEvent]) -> Named:
    """The names of the records that the events' changes refer to by id, and of the records
    the events are of."""
    wanted: dict[str, set[int]] = {field: set() for field in (*_LOOKUPS, *_OF_JOINED)}
    for event in events:
        if event.entity in wanted and event.entity_id is not None:
            wanted[event.entity].add(event.entity_id)
        if isinstance(event, ImportCreation):
            continue
        for values in (event.before, event.after):
            for field, value in (json.loads(values) if values else {}).items():
                if field in wanted:
                    wanted[field].update(_ids(field, value))
    return _looked_up(session, wanted)


def _looked_up(session: Session, wanted: dict[str, set[int]]) -> Named:
    named: Named = {}
    for field, ids in wanted.items():
        for chunk in _chunks(sorted(ids)):
            named.update(((field, i), name) for i, name in _named(session, field, chunk))
    return named


def _named(session: Session, field: str, ids: list[int]) -> Iterable[tuple[int, str]]:
    if field in _OF_JOINED:
        return _OF_JOINED[field](session, ids)
    model, name = _LOOKUPS[field]
    rows = list(session.execute(select(model).where(col(model.id).in_(ids))).scalars())
    if model is Location and (gone := set(ids) - {row.id for row in rows}):
        rows += removed_places(session, gone)
    return ((row.id, name(row)) for row in rows)


def _analyses(session: Session, ids: list[int]) -> Iterable[tuple[int, str]]:
    """Analyses as a decision's evidence names them: specimen, kind of test, date as written."""
    rows = session.execute(
        select(Analysis, col(Specimen.number))
        .join(Specimen, col(Specimen.id) == col(Analysis.specimen_id))
        .where(col(Analysis.id).in_(ids))
    )
    for analysis, number in rows:
        decided = analysis.decided_text or analysis.decided_on or ""
        yield analysis.id, named_analysis(number, analysis.kind, decided)


def _roll_entries(session: Session, ids: list[int]) -> Iterable[tuple[int, str]]:
    """Roll entries by their ceremony and what each holds: the person by name and number, else
    the name as received, and the lot by its number."""
    rows = session.execute(
        select(RollEntry, col(Ceremony.name), Person, col(RemainsLot.lot_number))
        .join(Ceremony, col(Ceremony.id) == col(RollEntry.ceremony_id))
        .outerjoin(Person, col(Person.id) == col(RollEntry.person_id))
        .outerjoin(RemainsLot, col(RemainsLot.id) == col(RollEntry.lot_id))
        .where(col(RollEntry.id).in_(ids))
    )
    found = set()
    for entry, ceremony, person, lot_number in rows:
        found.add(entry.id)
        whom = _person(person) if person is not None else entry.bare_name
        yield entry.id, _roll_line(ceremony, whom, lot_number)
    yield from _removed_entries(session, [i for i in ids if i not in found])


def _removed_entries(session: Session, ids: list[int]) -> Iterable[tuple[int, str]]:
    """Roll entries removed since, named from what their removal recorded."""
    removals = session.execute(
        select(col(AuditEvent.entity_id), col(AuditEvent.before)).where(
            col(AuditEvent.entity) == "RollEntry",
            col(AuditEvent.action) == "remove",
            col(AuditEvent.entity_id).in_(ids),
        )
    ).all()
    held = {entry_id: json.loads(before) for entry_id, before in removals if before}
    named = _looked_up(
        session,
        {
            field: {i for line in held.values() for i in _ids(field, line.get(field))}
            for field in ("ceremony_id", "person_id", "lot_id")
        },
    )
    for entry_id, line in held.items():
        ceremony = named.get(("ceremony_id", line.get("ceremony_id") or 0), "")
        whom = named.get(("person_id", line.get("person_id") or 0)) or line.get("bare_name")
        yield entry_id, _roll_line(ceremony, whom, named.get(("lot_id", line.get("lot_id") or 0)))


def _roll_line(ceremony: str, whom: str | None, lot_number: str | None) -> str:
    held = ", ".join(part for part in (whom, lot_number) if part)
    return _("{ceremony}: {held}").format(ceremony=ceremony, held=held)


# The records named from others' fields as well as their own, by the kind their events carry.
_OF_JOINED: dict[str, Callable[[Session, list[int]], Iterable[tuple[int, str]]]] = {
    "Analysis": _analyses,
    "RollEntry": _roll_entries,
}


def _ids(field: str, value: object) -> list[int]:
    """The ids a field holds: a list of them for a bulk add's, else one (a count under the same
    name, as a demo's event records, is no id)."""
    if field in IDS_LISTED:
        return [i for i in value if isinstance(i, int)] if isinstance(value, list) else []
    return [value] if isinstance(value, int) and not isinstance(value, bool) else []


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]
