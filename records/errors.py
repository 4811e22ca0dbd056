"""Errors a registrar can act on. The CLI prints their message and exits 1; the TUI shows it."""

from __future__ import annotations

from records.messages import Message


class IreiError(Exception):
    """Base of every error that carries a message meant for the user, not a programmer."""


# What a registrar calls each kind of record; a model's class name (RemainsLot) is the
# programmer's word, and a bare word is never translated: 「Ceremony「99」はありません」.
_RECORD_WORDS = {
    "Person": Message("person"),
    "RemainsLot": Message("lot"),
    "lot": Message("lot"),
    "Specimen": Message("specimen"),
    "Analysis": Message("analysis"),
    "CustodyEvent": Message("custody event"),
    "Ceremony": Message("ceremony"),
    "ceremony": Message("ceremony"),
    "RollEntry": Message("roll entry"),
    "Location": Message("place"),
    "place": Message("place"),
    "BurialSite": Message("burial site"),
    "ImportBatch": Message("import batch"),
}


class NotFound(IreiError):
    def __init__(self, entity: str, key: object) -> None:
        word = _RECORD_WORDS.get(entity, entity)
        super().__init__(Message("no {entity} {key}", entity=word, key=key))
        self.entity = entity
        self.key = key


class Invalid(IreiError):
    """A value a user gave cannot be accepted; ``field`` names where to show it."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(Message("{field}: {reason}", field=field, reason=reason))
        self.field = field
        self.reason = reason


class TransitionRefused(IreiError):
    def __init__(self, lot: str, current: str, requested: str, allowed: tuple[str, ...]) -> None:
        allowed_text = ", ".join(allowed) if allowed else "none (final state)"
        super().__init__(
            f"lot {lot} is {current}; it cannot become {requested} (allowed: {allowed_text})"
        )
        self.current = current
        self.requested = requested
        self.allowed = allowed


class StaleEdit(IreiError):
    """A save based on a stale read; the record changed since the user opened it."""

    def __init__(
        self, record: str, read_version: int, current_version: int, changed_by: str, changed_at: str
    ) -> None:
        super().__init__(
            f"{record} was changed by {changed_by} at {changed_at} after you opened it "
            f"(your copy: version {read_version}, now {current_version}); reload and apply "
            "your change again"
        )
        self.record = record
        self.read_version = read_version
        self.current_version = current_version
        self.changed_by = changed_by
        self.changed_at = changed_at


class RemovedSince(IreiError):
    """The record was removed by another user after this one read it."""


class SchemaMismatch(IreiError):
    """The database's schema is not the one this version of irei works with."""


class AuditChainBroken(IreiError):
    def __init__(self, event_id: int | None, reason: str) -> None:
        where = f"audit event {event_id}" if event_id is not None else "audit log"
        super().__init__(f"{where}: {reason}")
        self.event_id = event_id
        self.reason = reason


class Busy(IreiError):
    """Another user's write (an import, above all, which holds the database for the whole
    file) kept this one waiting past the busy timeout; nothing of this one was written."""

    def __init__(self) -> None:
        super().__init__(
            Message(
                "the database is busy with another user's change (an import?); nothing was "
                "saved: try again in a moment"
            )
        )


class Unreachable(IreiError):
    """The database server did not answer: stopped, restarting, or the network down. A save
    is not written, and the form that asked keeps what was typed, to try again."""

    def __init__(self, server: str, *, saving: bool) -> None:
        if saving:
            message = Message(
                "the database server {server} cannot be reached; nothing was saved: try again "
                "once it is back",
                server=server,
            )
        else:
            message = Message(
                "the database server {server} cannot be reached: try again once it is back",
                server=server,
            )
        super().__init__(message)
        self.server = server
