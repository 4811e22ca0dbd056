"""Memorial ceremonies: create one, edit it, list them with the size of their rolls. A roll's
lines are in ``roll_entries``, and a roll filled in bulk in ``roll_bulk``. Each function is one
business action in one audited transaction."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlmodel import Session, col

from records import audit
from records.dates import DateUnreadable, Precision, parse_date
from records.errors import Invalid, NotFound
from records.messages import Message
from records.models import Ceremony, RollEntry
from records.services.base import (
    apply_changes,
    check_version,
    get_for_update,
    require_reason,
    snapshot,
    transaction,
)

CEREMONY = "Ceremony"
KINDS = ("interment", "memorial")  # 納骨 (the spring interment) or 追悼 (a memorial service)
CEREMONY_EDITABLE = ("name", "kind", "date", "place")
# A ceremony for the war dead is held after the war, and planned at most a few years ahead:
# a date outside is a typing slip (1926 or 2062 for 2026) that would reach the roll's title.
FIRST_CEREMONY_YEAR = 1945
YEARS_PLANNED_AHEAD = 5


def _ceremony_date(text: str) -> str:
    if not text.strip():
        raise Invalid("date", Message("a ceremony needs a date"))
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


def _within_bounds(text: str, held: str) -> None:
    first = f"{FIRST_CEREMONY_YEAR}-01-01"
    last = f"{date.today().year + YEARS_PLANNED_AHEAD}-12-31"
    if not first <= held <= last:
        raise Invalid(
            "date",
            Message(
                "{text!r}: a ceremony is dated from {first} to {last}; check the year",
                text=text,
                first=first,
                last=last,
            ),
        )


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
    creation is recorded with why, as every change is."""
    values = _ceremony_fields(name, kind, date, place)
    _within_bounds(date, values["date"])
    # Asked for after the fields, as a form lists it after them: a refusal names the first
    # thing the registrar has to fix.
    reason = require_reason(reason, Message("a ceremony"))
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
    reason = require_reason(reason, Message("a ceremony"))
    with transaction(session):
        ceremony = get_for_update(session, Ceremony, ceremony_id)
        check_version(session, ceremony, CEREMONY, expected_version)
        merged = {name: getattr(ceremony, name) for name in CEREMONY_EDITABLE} | changes
        values = _ceremony_fields(merged["name"], merged["kind"], merged["date"], merged["place"])
        if "date" in changes:  # one dated before these bounds stays editable in its other fields
            _within_bounds(changes["date"], values["date"])
        apply_changes(session, actor, ceremony, CEREMONY, values, reason)
        return ceremony


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
