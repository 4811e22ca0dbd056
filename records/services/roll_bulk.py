"""A ceremony's roll filled in bulk: every person a filter selects, or every lot interred at
the ceremony, each bulk add one audited insert."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import Any, Literal

from sqlalchemy import ColumnElement, and_, exists, select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from records import audit
from records.bulk import insert_rows
from records.dates import DateUnreadable, parse_date
from records.errors import Invalid
from records.messages import Message
from records.models import Analysis, BurialSite, Ceremony, CustodyEvent, Person, RollEntry
from records.prefectures import typed_code
from records.services.base import get_for_update, require_reason, transaction
from records.services.ceremonies import CEREMONY

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
    start = _iso("died_from", criteria.died_from) if criteria.died_from else ""
    end = _period_end(_iso("died_to", criteria.died_to)) if criteria.died_to else ""
    if start and end and start > end:  # selecting no one, it read as a roll holding them all
        refusal = Message(
            "died from {start} to {end}: the period runs backwards",
            start=criteria.died_from,
            end=criteria.died_to,
        )
        raise Invalid("died_to", refusal)
    if start:
        conditions.append(col(Person.death_date) >= start)
    if end:
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
            col(Analysis.withdrawn_at).is_(None),
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
        get_for_update(session, Ceremony, ceremony_id)  # as one line is added (roll_entries)
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
        ceremony = get_for_update(session, Ceremony, ceremony_id)
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
