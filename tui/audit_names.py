"""The records an audit event's change refers to by id (a lot's place, whom a bulk add put on
the roll), named as staff know them, for the record screens' history and `irei audit log`."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from records.audit import ImportCreation
from records.models import AuditEvent, BurialSite, Ceremony, Location, Person, RemainsLot, Specimen
from tui.labels import IDS_LISTED, listed_number, person_named, person_number

# What names a record referred to by id, by (field, id); and the record an event is of, by (the
# kind its events carry, id).
Named = dict[tuple[str, int], str]


def _place(place: Location) -> str:
    return place.name


def _person(person: Person) -> str:
    return person_named(person.name, person.register_no, person.id)


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
# them: a person by number, a lot by its number, a place by its code. A ceremony, a roll entry,
# an analysis and an import are known by the id the commands print and take.
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
    wanted: dict[str, set[int]] = {field: set() for field in _LOOKUPS}
    for event in events:
        if isinstance(event, ImportCreation):
            continue
        if event.entity in _OF_RECORD and event.entity_id is not None:
            wanted[event.entity].add(event.entity_id)
        for values in (event.before, event.after):
            for field, value in (json.loads(values) if values else {}).items():
                if field in wanted:
                    wanted[field].update(_ids(field, value))
    named: Named = {}
    for field, ids in wanted.items():
        model, name = _LOOKUPS[field]
        for chunk in _chunks(sorted(ids)):
            rows = session.execute(select(model).where(col(model.id).in_(chunk))).scalars()
            named.update(((field, row.id), name(row)) for row in rows)
    return named


def _ids(field: str, value: object) -> list[int]:
    """The ids a field holds: a list of them for a bulk add's, else one (a count under the same
    name, as a demo's event records, is no id)."""
    if field in IDS_LISTED:
        return [i for i in value if isinstance(i, int)] if isinstance(value, list) else []
    return [value] if isinstance(value, int) and not isinstance(value, bool) else []


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]
