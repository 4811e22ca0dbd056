"""What every service shares: one transaction per call, audited edits of versioned records."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlmodel import Session, SQLModel

from records import audit
from records.errors import Invalid, IreiError, NotFound, RemovedSince, StaleEdit
from records.messages import Message
from records.models import Versioned

T = TypeVar("T", bound=SQLModel)


@contextmanager
def transaction(session: Session) -> Iterator[Session]:
    """One service call, one transaction; a call made inside a caller's transaction (an
    import applying many rows) joins it, so the whole import commits or rolls back as one."""
    if session.in_transaction():
        yield session
        return
    with session.begin():
        yield session


def require_reason(reason: str, record: str) -> str:
    """The reason given for a change to ``record`` (e.g. "a lot"), stripped; refused when
    blank, since every change is recorded with why it was made."""
    reason = reason.strip()
    if not reason:
        raise Invalid(
            "reason",
            Message("say why: every change to {record} is recorded with its reason", record=record),
        )
    return reason


def get(session: Session, model: type[T], record_id: int) -> T:
    found = session.get(model, record_id)
    if found is None:
        raise NotFound(model.__name__, record_id)
    return found


def get_for_update(session: Session, model: type[T], record_id: int) -> T:
    # Read-check-write must not interleave with another writer: PostgreSQL locks the row
    # here; SQLite's IMMEDIATE transaction already holds the database's write lock.
    found = session.get(model, record_id, with_for_update=True, populate_existing=True)
    if found is None:
        raise NotFound(model.__name__, record_id)
    return found


def removed_since(
    session: Session, entity: str, record_id: int, action: str, words: str, key: str = ""
) -> IreiError:
    """Why a record is not there to change: another user removed it (``action``) since this
    one read it. ``words`` say so with {who} and {when}, and {key}: the record's ``key`` as
    the removal kept it (a place's code; its id is nothing a registrar sees)."""
    removal = audit.latest_change(session, entity, record_id)
    if removal is None or removal.action != action:
        return NotFound(entity, record_id)
    named = str(json.loads(removal.before or "{}").get(key, "")) if key else ""
    when = removal.at[:19].replace("T", " ")  # UTC, as the audit log shows it
    return RemovedSince(Message(words, who=removal.actor, when=when, key=named))


def year_as_written(
    record: Versioned, changes: dict[str, object], year: str, text: str
) -> dict[str, object]:
    """A corrected year is written as corrected: the text kept beside it (``text``: a year of
    birth as the register wrote it, 大正10年; a 収集年度 as the recovery file did, 令和2年度) is
    what the record shows, so left as it was it would go on showing the year the correction
    replaced. The same year given again keeps its text, which the correction does not touch,
    and a text given with the year (大正11年, as the registrar typed it from a card) is kept."""
    if year not in changes or changes[year] == getattr(record, year):
        return changes
    value = changes[year]
    return {text: "" if value is None else str(value)} | changes


def snapshot(record: SQLModel, fields: Any = None) -> dict[str, Any]:
    data = record.model_dump()
    if fields is not None:
        data = {name: data[name] for name in fields}
    return data


def check_version(session: Session, record: Versioned, entity: str, expected: int | None) -> None:
    """Refuse a save that was based on an older read of the record, naming who changed it."""
    if expected is None or record.version == expected:
        return
    record_id = getattr(record, "id", None)
    last = audit.latest_change(session, entity, record_id) if record_id is not None else None
    raise StaleEdit(
        f"{entity} {record_id}",
        expected,
        record.version,
        last.actor if last else "another user",
        last.at if last else "an unknown time",
    )


def apply_changes(
    session: Session,
    actor: str,
    record: Versioned,
    entity: str,
    changes: Mapping[str, Any],
    reason: str,
    *,
    action: str = "update",
    noted: Mapping[str, Any] | None = None,
) -> dict[str, tuple[Any, Any]]:
    """Set the fields that really change, bump the version, and audit before and after, with
    ``noted`` in the after-data (what the change rests on, not fields of the record).
    Returns the changed fields (empty when nothing changed: no version bump, no event)."""
    changed = {
        name: (getattr(record, name), value)
        for name, value in changes.items()
        if getattr(record, name) != value
    }
    if not changed:
        return {}
    for name, (_old, new) in changed.items():
        setattr(record, name, new)
    record.version += 1
    session.add(record)
    session.flush()
    audit.record(
        session,
        actor,
        action,
        entity,
        getattr(record, "id", None),
        before={name: old for name, (old, _new) in changed.items()}
        | {"version": record.version - 1},
        after={name: new for name, (_old, new) in changed.items()}
        | {"version": record.version}
        | dict(noted or {}),
        reason=reason,
    )
    return changed
