"""Memorial ceremonies and their rolls: create a ceremony, add, link and remove roll entries,
and fill a roll in bulk. Each function is one business action in one audited transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import Any, Literal

from sqlalchemy import ColumnElement, and_, exists, func, select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from records import audit
from records.bulk import insert_rows
from records.dates import DateUnreadable, Precision, parse_date
from records.errors import Invalid, NotFound
from records.messages import Message
from records.models import (
    Analysis,
    BurialSite,
    Ceremony,
    CustodyEvent,
    NameForm,
    Person,
    RemainsLot,
    RollEntry,
)
from records.names import known_as
from records.prefectures import typed_code
from records.readings import kana_reading
from records.services.base import (
    apply_changes,
    check_version,
    get,
    get_for_update,
    require_reason,
    snapshot,
    transaction,
)

CEREMONY = "Ceremony"
ENTRY = "RollEntry"
KINDS = ("interment", "memorial")  # 納骨 (the spring interment) or 追悼 (a memorial service)
CEREMONY_EDITABLE = ("name", "kind", "date", "place")
InterredWindow = Literal["day", "fiscal_year"]


@dataclass(frozen=True)
class BulkAdded:
    added: int
    skipped: int  # already on the roll


@dataclass(frozen=True)
class PersonFilter:
    """Who a bulk add takes; every criterion given must hold. An empty filter is refused: it
    would put every war dead on one roll."""

    country: str = ""  # ロシア, モンゴル …
    region: str = ""  # ハバロフスク地方 …
    site_code: str = ""  # HB-012
    prefecture_code: str = ""  # JIS X 0401
    identified_only: bool = False
    identified_since: str = ""  # ISO date: a DNA match decided on or after it
    died_from: str = ""  # ISO, inclusive
    died_to: str = ""  # ISO, inclusive; a partial date (1946-02) covers its whole period

    def is_empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))


def _ceremony_date(text: str) -> str:
    try:
        parsed = parse_date(text.strip(), today=date.max)
    except DateUnreadable as exc:
        raise Invalid(
            "date", Message("{text!r} is not a date ({reason})", text=text, reason=exc.reason)
        ) from None
    if parsed.value is None or parsed.precision != Precision.DAY:
        raise Invalid(
            "date",
            Message("{text!r}: a ceremony needs a full date (year, month and day)", text=text),
        )
    return parsed.value


def _ceremony_fields(name: str, kind: str, when: str, place: str) -> dict[str, str]:
    if not name.strip():
        raise Invalid("name", Message("a ceremony needs a name"))
    if kind not in KINDS:
        raise Invalid(
            "kind",
            Message(
                "{kind!r} is not a kind of ceremony (choose {kinds})",
                kind=kind,
                kinds=" or ".join(KINDS),
            ),
        )
    return {
        "name": name.strip(),
        "kind": kind,
        "date": _ceremony_date(when),
        "place": place.strip(),
    }


def create_ceremony(
    session: Session, actor: str, name: str, kind: str, date: str, place: str, reason: str
) -> Ceremony:
    """A new ceremony; ``date`` may be ISO or wareki (令和8年5月25日) but must name a day. Its
    creation is recorded with why, as every change to a roll is."""
    values = _ceremony_fields(name, kind, date, place)
    # Asked for after the fields, as a form lists it after them: a refusal names the first
    # thing the registrar has to fix.
    reason = require_reason(reason, Message("a roll"))
    with transaction(session):
        ceremony = Ceremony(
            name=values["name"], kind=values["kind"], date=values["date"], place=values["place"]
        )
        session.add(ceremony)
        session.flush()
        audit.record(
            session, actor, "create", CEREMONY, ceremony.id, after=snapshot(ceremony), reason=reason
        )
        return ceremony


def update_ceremony(
    session: Session,
    actor: str,
    ceremony_id: int,
    changes: dict[str, str],
    reason: str,
    *,
    expected_version: int | None,
) -> Ceremony:
    unknown = set(changes) - set(CEREMONY_EDITABLE)
    if unknown:
        raise Invalid(sorted(unknown)[0], Message("cannot be edited"))
    reason = require_reason(reason, Message("a roll"))
    with transaction(session):
        ceremony = get_for_update(session, Ceremony, ceremony_id)
        check_version(session, ceremony, CEREMONY, expected_version)
        merged = {name: getattr(ceremony, name) for name in CEREMONY_EDITABLE} | changes
        values = _ceremony_fields(merged["name"], merged["kind"], merged["date"], merged["place"])
        apply_changes(session, actor, ceremony, CEREMONY, values, reason)
        return ceremony


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
        entry = get_for_update(session, RollEntry, entry_id)
        check_version(session, entry, ENTRY, expected_version)
        before = snapshot(entry)
        session.delete(entry)
        session.flush()
        audit.record(session, actor, "remove", ENTRY, entry_id, before=before, reason=reason)


def _period_end(iso: str) -> str:
    # '1946-02' must take in every day of February: anything sorting before '1946-02~'.
    return iso + "~"


def _person_conditions(session: Session, criteria: PersonFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if criteria.country:
        conditions.append(col(Person.country) == criteria.country)
    if criteria.region:
        conditions.append(col(Person.region) == criteria.region)
    if criteria.prefecture_code:
        conditions.append(col(Person.prefecture_code) == _prefecture(criteria.prefecture_code))
    if criteria.identified_only:
        conditions.append(col(Person.identified).is_(True))
    if criteria.site_code:
        conditions.append(col(Person.burial_site_id) == _site_id(session, criteria.site_code))
    if criteria.died_from:
        conditions.append(col(Person.death_date) >= _iso("died_from", criteria.died_from))
    if criteria.died_to:
        end = _period_end(_iso("died_to", criteria.died_to))
        conditions.append(col(Person.death_date) < end)
    if criteria.identified_since:
        conditions.append(_identified_since(_iso("identified_since", criteria.identified_since)))
    return conditions


# A prefecture or site that is none would select no one, and "0 added" reads as a roll that
# already holds them all: it is refused, and a prefecture is read as the person's form reads it.
def _prefecture(typed: str) -> str:
    code = typed_code(typed)
    if code is None:
        raise Invalid(
            "prefecture_code",
            Message("{text!r} names no prefecture (a code 01 to 47, or its name)", text=typed),
        )
    return code


def _site_id(session: Session, code: str) -> int:
    found: int | None = session.execute(
        select(col(BurialSite.id)).where(col(BurialSite.code) == code.strip().upper())
    ).scalar()
    if found is None:
        raise Invalid("site_code", Message("no burial site {code}", code=code))
    return found


def _iso(field: str, text: str) -> str:
    try:
        parsed = parse_date(text.strip(), today=date.max)
    except DateUnreadable as exc:
        raise Invalid(
            field, Message("{text!r} is not a date ({reason})", text=text, reason=exc.reason)
        ) from None
    if parsed.value is None:
        raise Invalid(field, Message("{text!r} is not a date", text=text))
    return parsed.value


def _identified_since(since: str) -> ColumnElement[bool]:
    """A person counts as identified on the date of a DNA match that no later decision has
    superseded. The register's own identifications carry no date, so they never qualify."""
    later = aliased(Analysis)
    return exists(
        select(col(Analysis.id)).where(
            col(Analysis.matched_person_id) == col(Person.id),
            col(Analysis.match_result) == "match",
            col(Analysis.decided_on) >= since,
            ~exists(select(col(later.id)).where(col(later.supersedes_id) == col(Analysis.id))),
        )
    )


def _add_entries_in_bulk(
    session: Session,
    actor: str,
    ceremony_id: int,
    entries: Sequence[tuple[int | None, int | None]],
    skipped: int,
    noun: str,
    criteria: dict[str, Any],
    reason: str,
) -> BulkAdded:
    """Insert (person_id, lot_id) entries in one go, recorded as one audit event naming how
    many were added and skipped, by what criteria, and who or what was added (not one event
    per entry): the trail must say whom a bulk add put on the roll, not only how many."""
    added = insert_rows(
        session.connection(),
        RollEntry.__table__,  # type: ignore[attr-defined]
        ("ceremony_id", "person_id", "lot_id", "bare_name", "remarks", "version"),
        ((ceremony_id, person_id, lot_id, "", "", 1) for person_id, lot_id in entries),
    )
    audit.record(
        session,
        actor,
        "bulk_add",
        CEREMONY,
        ceremony_id,
        after={
            f"{noun}_added": added,
            "skipped": skipped,
            # Each entry a bulk add makes holds a person alone or a lot alone.
            noun: [person_id or lot_id for person_id, lot_id in entries],
            **criteria,
        },
        reason=reason,
    )
    return BulkAdded(added, skipped)


def bulk_add_persons(
    session: Session, actor: str, ceremony_id: int, criteria: PersonFilter, reason: str
) -> BulkAdded:
    """Every person the filter selects, except those already on the roll, in one audited
    insert (one event naming the count, not one per person)."""
    if criteria.is_empty():
        raise Invalid(
            "filter", Message("give at least one criterion (country, site, prefecture, dates …)")
        )
    reason = require_reason(reason, Message("a roll"))
    with transaction(session):
        get(session, Ceremony, ceremony_id)
        on_roll = select(col(RollEntry.person_id)).where(
            col(RollEntry.ceremony_id) == ceremony_id, col(RollEntry.person_id).is_not(None)
        )
        conditions = _person_conditions(session, criteria)
        matching = list(
            session.execute(
                select(col(Person.id)).where(and_(*conditions)).order_by(col(Person.id))
            ).scalars()
        )
        already = set(session.execute(on_roll).scalars())
        entries = [(person_id, None) for person_id in matching if person_id not in already]
        return _add_entries_in_bulk(
            session,
            actor,
            ceremony_id,
            entries,
            len(matching) - len(entries),
            "persons",
            {"filter": criteria.__dict__},
            reason,
        )


def interred_window(ceremony_date: str, window: InterredWindow) -> tuple[str, str]:
    """The [low, high) range of ISO text that counts as 'interred at this ceremony'.

    ``day``: the interment was recorded on the ceremony's own date. ``fiscal_year``: it was
    recorded within the Japanese fiscal year (1 April – 31 March) in which the ceremony is
    held, for sites that record interments on the day the remains enter the vault rather than
    on the ceremony. Bounds are month-precise so that an event known only to the month
    (2026-04) falls inside; an event known only to the year is left out, being ambiguous.
    """
    if window == "day":
        return ceremony_date, ceremony_date + "~"
    year, month = int(ceremony_date[:4]), int(ceremony_date[5:7])
    start = year if month >= 4 else year - 1
    return f"{start:04d}-04", f"{start + 1:04d}-04"


def bulk_add_interred_lots(
    session: Session,
    actor: str,
    ceremony_id: int,
    reason: str,
    *,
    window: InterredWindow = "day",
) -> BulkAdded:
    """Every lot with an 'interred' custody event in the ceremony's window (see
    ``interred_window``), each as a lot-only entry; lots already on the roll are skipped."""
    reason = require_reason(reason, Message("a roll"))
    with transaction(session):
        ceremony = get(session, Ceremony, ceremony_id)
        low, high = interred_window(ceremony.date, window)
        interred = (
            select(col(CustodyEvent.lot_id))
            .where(
                col(CustodyEvent.kind) == "interred",
                col(CustodyEvent.withdrawn_at).is_(None),  # an interment recorded in error
                col(CustodyEvent.happened_on) >= low,
                col(CustodyEvent.happened_on) < high,
            )
            .distinct()
        )
        lot_ids = sorted(set(session.execute(interred).scalars()))
        already = set(
            session.execute(
                select(col(RollEntry.lot_id)).where(
                    col(RollEntry.ceremony_id) == ceremony_id, col(RollEntry.lot_id).is_not(None)
                )
            ).scalars()
        )
        entries = [(None, lot_id) for lot_id in lot_ids if lot_id not in already]
        return _add_entries_in_bulk(
            session,
            actor,
            ceremony_id,
            entries,
            len(lot_ids) - len(entries),
            "lots",
            {"window": window},
            reason,
        )


def entry_counts(session: Session) -> dict[int, int]:
    """How many entries each ceremony's roll holds."""
    rows = session.execute(
        select(col(RollEntry.ceremony_id), func.count()).group_by(col(RollEntry.ceremony_id))
    ).all()
    return {ceremony_id: count for ceremony_id, count in rows}


def list_ceremonies(session: Session) -> list[tuple[Ceremony, int]]:
    """Every ceremony, newest first, with the size of its roll."""
    counts = entry_counts(session)
    ceremonies = session.execute(
        select(Ceremony).order_by(col(Ceremony.date).desc(), col(Ceremony.id).desc())
    ).scalars()
    return [(c, counts.get(c.id or 0, 0)) for c in ceremonies]


def ceremony(session: Session, ceremony_id: int) -> Ceremony:
    found = session.get(Ceremony, ceremony_id)
    if found is None:
        raise NotFound("ceremony", ceremony_id)
    return found
