"""The places in the cemetery where remains are interred: the cemetery, its ossuary vaults and
the sections of a vault. A lot is interred in a section (records.services.lot_status), so a new
database has none until the registrar adds the cemetery's own."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import CTE, ColumnElement, Select, func, select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from records import audit
from records.errors import Invalid, NotFound
from records.messages import Message
from records.models import AuditEvent, CustodyEvent, Location, RemainsLot
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

LOCATION = "location"
# Each kind of place and the kind of place it lies in.
PARENT_KIND: dict[str, str | None] = {"cemetery": None, "vault": "cemetery", "section": "vault"}
KIND_WORDS = {
    "cemetery": Message("cemetery"),
    "vault": Message("vault"),
    "section": Message("section"),
}


@dataclass(frozen=True)
class LocationRow:
    """A place as listed: where it lies (its parent's code), how many lots are in it itself
    and how many in it and every place under it (a vault's are all in its sections)."""

    id: int
    kind: str
    code: str
    name: str
    parent_code: str
    lots: int
    lots_within: int
    version: int


def add_location(
    session: Session,
    actor: str,
    kind: str,
    name: str,
    code: str,
    reason: str,
    *,
    parent_id: int | None = None,
) -> Location:
    """A new place: a cemetery stands alone, a vault lies in a cemetery, a section in a vault."""
    reason = require_reason(reason, Message("a place"))
    values = _fields(name, code)
    if kind not in PARENT_KIND:
        raise Invalid(
            "kind",
            Message(
                "{kind} is not a kind of place (choose {kinds})",
                kind=repr(kind),
                kinds=", ".join(PARENT_KIND),
            ),
        )
    with transaction(session):
        _check_parent(session, kind, parent_id)
        _refuse_taken_code(session, values["code"], None)
        _refuse_taken_name(session, values["name"], parent_id, None)
        location = Location(
            kind=kind, parent_id=parent_id, name=values["name"], code=values["code"]
        )
        session.add(location)
        session.flush()
        after = snapshot(location)
        audit.record(session, actor, "create", LOCATION, location.id, after=after, reason=reason)
        return location


def rename_location(
    session: Session,
    actor: str,
    location_id: int,
    name: str,
    code: str,
    reason: str,
    *,
    parent_id: int | None,
    expected_version: int | None,
) -> Location:
    """A place's name or code corrected, or the place it lies in (a section added under the
    wrong vault); the lots in it stay in it, and move with it."""
    reason = require_reason(reason, Message("a place"))
    values: dict[str, str | int | None] = {**_fields(name, code), "parent_id": parent_id}
    with transaction(session):
        location = _place_for_update(session, location_id)
        check_version(session, location, LOCATION, expected_version)
        if parent_id != location.parent_id:
            # A place's kind fixes its parent's, so no place can be put under itself.
            _check_parent(session, location.kind, parent_id)
        _refuse_taken_code(session, str(values["code"]), location_id)
        _refuse_taken_name(session, str(values["name"]), parent_id, location_id)
        apply_changes(session, actor, location, LOCATION, values, reason)
        return location


def _place_for_update(session: Session, location_id: int) -> Location:
    try:
        return get_for_update(session, Location, location_id)
    except NotFound:
        words = "the place {key} was removed by {who} at {when}"
        raise removed_since(session, LOCATION, location_id, "remove_place", words, "code") from None


def remove_location(
    session: Session, actor: str, location_id: int, reason: str, *, expected_version: int | None
) -> None:
    """A place added in error taken away: only one that never held a lot and has no place
    under it, since a lot's history names every place it lay in."""
    reason = require_reason(reason, Message("a place"))
    with transaction(session):
        location = _place_for_update(session, location_id)
        check_version(session, location, LOCATION, expected_version)
        _refuse_removing_used(session, location)
        parent = session.get(Location, location.parent_id) if location.parent_id else None
        before = {**snapshot(location), "parent_code": parent.code if parent else None}
        session.delete(location)
        session.flush()
        audit.record(
            session, actor, "remove_place", LOCATION, location_id, before=before, reason=reason
        )


def removed_places(session: Session, ids: Collection[int] | None = None) -> list[Location]:
    """Places removed since (added in error), as their removals recorded them: their old
    events still name them. All of them, or those of ``ids``. Never attached to the session."""
    query = select(col(AuditEvent.entity_id), col(AuditEvent.before)).where(
        col(AuditEvent.entity) == LOCATION, col(AuditEvent.action) == "remove_place"
    )
    if ids is not None:
        query = query.where(col(AuditEvent.entity_id).in_(ids))
    removed = []
    for location_id, before in session.execute(query):
        held = json.loads(before or "{}")
        removed.append(
            Location(id=location_id, kind=held.get("kind"), name=held.get("name"),
                     code=held.get("code"), parent_id=held.get("parent_id"))
        )  # fmt: skip
    return removed


def place_ids(session: Session, code: str) -> tuple[int, ...]:
    """The ids a place's code has named: the place that has it now, and any removed since
    that had it, whose events stay in the audit log."""
    wanted = _typed_code(code)
    now = session.execute(select(col(Location.id)).where(col(Location.code) == wanted)).scalars()
    ids = (*now, *(place.id for place in removed_places(session) if place.code == wanted))
    if not ids:
        raise NotFound("place", wanted)
    return tuple(i for i in ids if i is not None)


def location_rows(session: Session) -> list[LocationRow]:
    """Every place, by code (so a vault's sections follow it), with the lots there now."""
    parent = aliased(Location)
    tree = _places_under()
    lots = (
        select(col(RemainsLot.location_id), func.count().label("lots"))
        .where(col(RemainsLot.location_id).is_not(None))
        .group_by(col(RemainsLot.location_id))
        .subquery()
    )
    within = (
        select(tree.c.top, func.sum(lots.c.lots).label("lots"))
        .join(lots, lots.c.location_id == tree.c.place)
        .group_by(tree.c.top)
        .subquery()
    )
    query = (
        select(
            col(Location.id),
            col(Location.kind),
            col(Location.code),
            col(Location.name),
            func.coalesce(parent.code, ""),
            func.coalesce(lots.c.lots, 0),
            func.coalesce(within.c.lots, 0),
            col(Location.version),
        )
        .outerjoin(parent, col(Location.parent_id) == parent.id)
        .outerjoin(lots, lots.c.location_id == col(Location.id))
        .outerjoin(within, within.c.top == col(Location.id))
        .order_by(col(Location.code))
    )
    return [LocationRow(*row) for row in session.execute(query)]


def in_place(location_id: int) -> ColumnElement[bool]:
    """The condition a lot meets when it lies in the place or in any place under it: the
    place's lots as the Remains list filters them and as ``lots_in_place`` lists them."""
    tree = _places_under(location_id)
    return col(RemainsLot.location_id).in_(select(tree.c.place))


def lots_in_place(session: Session, code: str) -> tuple[Location, list[tuple[RemainsLot, str]]]:
    """The place with this code, and the lots in it and the places under it by lot number,
    each with the code of the place it lies in."""
    place = location_by_code(session, code)
    query = (
        select(RemainsLot, col(Location.code))
        .join(Location, col(Location.id) == col(RemainsLot.location_id))
        .where(in_place(place.id or 0))
        .order_by(col(RemainsLot.lot_number))
    )
    return place, [(lot, lies_in) for lot, lies_in in session.execute(query)]


def _places_under(location_id: int | None = None) -> CTE:
    """Each place (or the one asked for) as top, with itself and every place under it as
    place, however deep: one query for all of them, not one per place."""
    anchor: Select[int, int] = select(
        col(Location.id).label("top"), col(Location.id).label("place")
    )
    if location_id is not None:
        anchor = anchor.where(col(Location.id) == location_id)
    tree = anchor.cte("place_tree", recursive=True)
    child = aliased(Location)
    return tree.union_all(
        select(tree.c.top, col(child.id)).where(col(child.parent_id) == tree.c.place)
    )


def _fields(name: str, code: str) -> dict[str, str]:
    name = name.strip()
    if not name:
        raise Invalid("name", Message("a place needs a name"))
    code = _typed_code(code)
    if not code:
        raise Invalid("code", Message("a place needs a code (CF-V1-S01)"))
    if any(c.isspace() for c in code):
        raise Invalid("code", Message("a code has no spaces: {code}", code=code))
    return {"name": name, "code": code}


def _check_parent(session: Session, kind: str, parent_id: int | None) -> None:
    wanted = PARENT_KIND[kind]
    if wanted is None:
        if parent_id is not None:
            raise Invalid("parent", Message("a cemetery lies in no other place"))
        return
    if parent_id is None:
        raise Invalid(
            "parent",
            Message(
                "say which {parent} the {kind} lies in",
                parent=KIND_WORDS[wanted],
                kind=KIND_WORDS[kind],
            ),
        )
    parent = get(session, Location, parent_id)
    if parent.kind != wanted:
        raise Invalid(
            "parent",
            Message(
                "a {kind} lies in a {parent}, and {name} is a {found}",
                kind=KIND_WORDS[kind],
                parent=KIND_WORDS[wanted],
                name=parent.name,
                found=KIND_WORDS.get(parent.kind, parent.kind),
            ),
        )


def _refuse_removing_used(session: Session, location: Location) -> None:
    code = location.code
    lots = session.execute(
        select(func.count()).where(col(RemainsLot.location_id) == location.id)
    ).scalar_one()
    if lots:
        raise Invalid("place", Message("{code} holds lots: {count}", code=code, count=lots))
    named = (col(CustodyEvent.from_location_id) == location.id) | (
        col(CustodyEvent.to_location_id) == location.id
    )
    if session.execute(select(col(CustodyEvent.id)).where(named).limit(1)).first():
        raise Invalid("place", Message("{code} held lots before: its history keeps it", code=code))
    under = session.execute(
        select(func.count()).where(col(Location.parent_id) == location.id)
    ).scalar_one()
    if under:
        raise Invalid(
            "place", Message("{code} has places under it: {count}", code=code, count=under)
        )


def _refuse_taken_code(session: Session, code: str, location_id: int | None) -> None:
    taken = session.execute(
        select(col(Location.id), col(Location.name)).where(col(Location.code) == code)
    ).first()
    if taken is not None and taken[0] != location_id:
        raise Invalid(
            "code", Message("the code {code} is already used by {name}", code=code, name=taken[1])
        )


def _refuse_taken_name(
    session: Session, name: str, parent_id: int | None, location_id: int | None
) -> None:
    """Two places of one name side by side read as one wherever a lot's place is named by
    its name alone (the lot's summary, the roll)."""
    taken = session.execute(
        select(col(Location.id), col(Location.code)).where(
            col(Location.name) == name, col(Location.parent_id) == parent_id
        )
    ).first()
    if taken is not None and taken[0] != location_id:
        raise Invalid(
            "name",
            Message("{name} is already the name of {code} beside it", name=name, code=taken[1]),
        )


def location_by_code(session: Session, code: str) -> Location:
    """The place with this code, however it was typed (cf-v1, ＣＦ－Ｖ１)."""
    wanted = _typed_code(code)
    query = select(Location).where(col(Location.code) == wanted)
    found: Location | None = session.execute(query).scalar()
    if found is None:
        raise NotFound("place", wanted)
    return found


def _typed_code(code: str) -> str:
    """A code as it is kept: typed on a Japanese keyboard, ＣＦ－Ｖ１ is CF-V1; cf-v1 too."""
    return unicodedata.normalize("NFKC", code).strip().upper()
