"""``irei audit``: read the audit log, prove its chain unbroken, write its head down elsewhere."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tui.console import (
    JsonOption,
    filled_table,
    open_db,
    out,
    path_given,
    person_id_given,
    print_json,
    user_errors,
)
from tui.i18n import N_, _, plural

if TYPE_CHECKING:
    from sqlmodel import Session

    from records.models import AuditEvent
    from tui.audit_names import Named

# Only the commands' signatures are read when `irei` starts (see tui/cli.py).
audit_app = typer.Typer(help=N_("The audit log."), no_args_is_help=True)

# The kinds of record --entity takes (records.audit_log.ENTITIES), as a registrar reads them.
ENTITY_WORDS = {
    "person": N_("person"),
    "lot": N_("lot"),
    "analysis": N_("analysis"),
    "ceremony": N_("ceremony"),
    "roll_entry": N_("roll entry"),
    "place": N_("place"),
    "import": N_("import"),
}
LOG_HEADINGS = (
    N_("no."),
    N_("When (UTC)"),
    N_("Who"),
    N_("Action"),
    N_("Record"),
    N_("What changed"),
    N_("Why"),
)
# Each side of a change is cut to this in the table: a bulk add lists all it put on the roll.
LONGEST_VALUE = 60


@audit_app.command(
    "log", help=N_("The audit events, newest first: who changed what, when and why.")
)
def audit_log(
    entity: Annotated[
        str | None,
        typer.Option(
            "--entity",
            # Written out, not joined from ENTITY_WORDS, so that the catalog finds it.
            help=N_(
                "Only events of this kind of record: "
                "person, lot, analysis, ceremony, roll_entry, place, import."
            ),
        ),
    ] = None,
    record: Annotated[
        str | None,
        typer.Option(
            "--id",
            help=N_(
                "Only events of this record (with --entity): as the Record column shows it "
                "(Reg. No. 12, No. 14, a lot's number, a place's code, a specimen's number for "
                "its analyses), or its id."
            ),
        ),
    ] = None,
    actor: Annotated[
        str | None, typer.Option("--actor", help=N_("Only events by this user."))
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", help=N_("Only events from this date (UTC) on: 2026-04-01, 令和8年4月1日.")
        ),
    ] = None,
    before: Annotated[
        int | None,
        typer.Option(
            "--before", min=1, help=N_("Only events older than this event number (the next page).")
        ),
    ] = None,
    batch: Annotated[
        int | None,
        typer.Option(
            "--batch",
            min=1,
            help=N_(
                "Only the events this import wrote (its number, as `--entity import` lists "
                "it): the records it corrected, and its summary, which counts those it created."
            ),
        ),
    ] = None,
    limit: Annotated[
        int,
        typer.Option(
            "--limit", min=1, max=10_000, help=N_("Show at most this many, newest first.")
        ),
    ] = 50,
    as_json: JsonOption = False,
) -> None:
    from records.audit_log import AuditQuery, audit_events
    from tui.audit_names import names_in

    with user_errors():
        db = open_db()
        with db.reading() as session:
            ids = _record_ids(session, entity, record)
            query = AuditQuery(entity, ids, actor, since, before, batch)
            events = audit_events(session, query, limit)
            # Only the table names them: the JSON keeps the ids a script looks records up by.
            named = {} if as_json else names_in(session, events)
    if as_json:
        print_json([_event_json(event) for event in events])
        return
    if not events:
        out.print(_("No audit events match."))
        return
    rows = [_event_cells(e, named) for e in events]
    out.print(filled_table([_(h) for h in LOG_HEADINGS], rows))


def _record_ids(session: Session, entity: str | None, given: str | None) -> tuple[int, ...] | None:
    """The ids of the records ``--id`` names as the Record column shows them (a specimen's
    number, each of its analyses); figures alone stay the id, as a script passing ids expects."""
    import unicodedata

    from records.errors import Invalid
    from records.messages import Message
    from records.search import lot_numbered
    from records.services.locations import place_ids

    if given is None:
        return None
    if entity is None:
        raise Invalid("--id", Message("say which kind of record the id is of"))
    figures = unicodedata.normalize("NFKC", given).strip()
    if figures.isdecimal():
        return (int(figures),)
    if entity == "person":
        return (person_id_given(session, given, "--id"),)
    if entity == "analysis":
        return _analyses_of(session, given)
    if entity == "lot":
        record_id = lot_numbered(session, given).id
    elif entity == "place":
        return place_ids(session, given)
    else:
        raise Invalid("--id", Message("{given!r} is not an id", given=given))
    assert record_id is not None
    return (record_id,)


def _analyses_of(session: Session, given: str) -> tuple[int, ...]:
    """Each analysis of the specimen numbered ``given``, read as `irei analysis add` reads it."""
    from sqlmodel import col, select

    from records.errors import Invalid
    from records.messages import Message
    from records.models import Analysis, Specimen
    from tui.cli_analysis import specimen_number

    try:
        number = specimen_number(given)
    except Invalid as unread:
        raise Invalid("--id", unread.reason) from None
    specimen_id = session.execute(
        select(Specimen.id).where(col(Specimen.number) == number)
    ).scalar()
    if specimen_id is None:
        raise Invalid("--id", Message("no lot has specimen {number}", number=number))
    analyses = select(Analysis.id).where(col(Analysis.specimen_id) == specimen_id)
    return tuple(session.execute(analyses).scalars())


def _event_json(event: AuditEvent) -> dict[str, Any]:
    import json

    from records.audit_log import ASKED_AS

    return {
        "id": event.id,
        "at": event.at,
        "actor": event.actor,
        "action": event.action,
        "entity": ASKED_AS.get(event.entity, event.entity),
        "entity_id": event.entity_id,
        "before": json.loads(event.before) if event.before else None,
        "after": json.loads(event.after) if event.after else None,
        "reason": event.reason,
    }


def _event_cells(event: AuditEvent, named: Named) -> list[str]:
    from records.audit_log import ASKED_AS
    from tui.audit_words import what_changed
    from tui.labels import action_label, moment, reason_said

    kind = ASKED_AS.get(event.entity, event.entity)
    record = _(ENTITY_WORDS[kind]) if kind in ENTITY_WORDS else kind
    if event.entity_id is not None:
        quoted = named.get((event.entity, event.entity_id), str(event.entity_id))
        record = f"{record} {quoted}"
    return [
        str(event.id),
        moment(event.at),
        event.actor,
        action_label(event.action),
        record,
        what_changed(event, named, LONGEST_VALUE),
        reason_said(event.reason),
    ]


@audit_app.command(
    "verify", help=N_("Recompute the audit hash chain; exit 1 naming the first bad event.")
)
def audit_verify(
    anchor: Annotated[
        Path | None,
        typer.Option(
            "--anchor",
            parser=path_given,
            help=N_("Also check the heads written down in this file by `irei audit anchor`."),
        ),
    ] = None,
) -> None:
    from records import audit

    with user_errors():
        anchors = audit.read_anchors(anchor) if anchor else []
        db = open_db()
        with db.reading() as session:
            result = audit.verify(session, anchors)
    events = plural(result.events, N_("{count} event"), N_("{count} events"))
    checked = ""
    if anchors:
        matched = plural(
            len(anchors), N_(", {count} anchor matches"), N_(", {count} anchors match")
        )
        checked = matched.format(count=f"{len(anchors):,}")
    intact = _("audit log intact: {events}{checked}, last hash {hash}")
    said_events = events.format(count=f"{result.events:,}")
    out.print(intact.format(events=said_events, checked=checked, hash=result.last_hash))


@audit_app.command(
    "anchor",
    help=N_(
        "Verify the chain and append its head (event number and hash) to a file.\n\n"
        "Keep the file outside the database, so that a later rewrite of the whole log can be "
        "detected."
    ),
)
def audit_anchor(
    path: Annotated[
        Path,
        typer.Argument(
            parser=path_given, help=N_("File to append the head to; keep it off this machine.")
        ),
    ],
) -> None:
    from records import audit
    from records.database import sqlite_file

    with user_errors():
        db = open_db()
        with db.reading() as session:
            head = audit.verify(session)
        audit.write_anchor(path, head, sqlite_file(db.url))
    anchored = _("anchored event {event:,} ({hash}) in {path}")
    out.print(anchored.format(event=head.events, hash=head.last_hash, path=path), markup=False)


def register(app: typer.Typer) -> None:
    app.add_typer(audit_app, name="audit")
