"""Reads for the detail screens: one person or one lot with everything around it (name forms,
specimens and analyses, custody, ceremony rolls, audit history, source rows)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from importers.readers import CSV_SUFFIXES
from records.audit import ImportCreation
from records.audit_log import lot_history, person_history
from records.database import Database
from records.dates import PartialDate, Precision
from records.errors import NotFound
from records.models import (
    Analysis,
    AuditEvent,
    BurialSite,
    Ceremony,
    CustodyEvent,
    Location,
    NameForm,
    Person,
    RemainsLot,
    RollEntry,
    Specimen,
)
from records.services.analyses import current_matches
from records.services.custody import latest_event
from records.services.lot_status import CUSTODY_KINDS, DECIDED_KINDS
from records.services.persons import kept_form
from records.services.verdicts import moves_agreeing
from records.status import LotStatus
from tui.analysis_rows import analyses_where, analysis_cells
from tui.audit_names import Named, names_in
from tui.i18n import _
from tui.labels import (
    custody_label,
    file_label,
    moment,
    person_number,
    reason_said,
    status_label,
)

Cells = tuple[str, ...]
History = list[ImportCreation | AuditEvent]


@dataclass(frozen=True)
class PersonRecord:
    person: Person
    site: str
    forms: list[Cells]  # (text, script, source)
    removable: list[tuple[int, Cells]]  # the forms a registrar may remove: id, cells as forms
    analyses: list[Cells]  # (specimen, lot, kind, affiliation, match, person, decided, remarks)
    custody: list[Cells]  # (lot, kind, date, from, to, who, why)
    rolls: list[Cells]  # (ceremony, date, lot, remarks)
    audit: History
    named: Named
    sources: list[Cells]  # (what, file, sheet, row)


@dataclass(frozen=True)
class LotRecord:
    lot: RemainsLot
    site: str
    location: str
    decided: str  # the latest affiliation decision: its verdict and date, as written
    analyses: list[Cells]
    tests: list[int]  # the ids of the analyses listed first in ``analyses``, in their order
    untested: list[str]  # the numbers of its specimens with no analysis: removable
    custody: list[Cells]
    latest: int | None  # the id of its latest event that stands: the one w withdraws
    rolls: list[Cells]
    audit: History
    named: Named
    sources: list[Cells]


def sheet_of(file: str, sheet: str) -> str:
    """The sheet a row was read from; none for a CSV file, which has no sheets (the import
    files its rows under the file's own name)."""
    return "" if Path(file).suffix.lower() in CSV_SUFFIXES else sheet


def _source(what: str, record: Any) -> Cells:
    row = record.source_row
    file = record.source_file
    sheet = sheet_of(file, record.source_sheet)
    return (what, file_label(file), sheet, "" if row is None else str(row))


def _custody(session: Session, lot_ids: list[int]) -> list[Cells]:
    """Each event dated as it was written, as the analyses are; read, when nothing was."""
    if not lot_ids:
        return []
    places = {loc.id: loc.name for loc in session.execute(select(Location)).scalars()}
    rows = session.execute(
        select(CustodyEvent, col(RemainsLot.lot_number))
        .join(RemainsLot, col(RemainsLot.id) == col(CustodyEvent.lot_id))
        .where(col(CustodyEvent.lot_id).in_(lot_ids))
        .order_by(col(CustodyEvent.id))
    )
    return [
        (
            number,
            _event(e),
            e.happened_text or e.happened_on or "",
            places.get(e.from_location_id, "") if e.from_location_id else "",
            places.get(e.to_location_id, "") if e.to_location_id else _handed_to(session, e),
            e.actor,
            _withdrawal(e, _why(e.reason, e.evidence)),
        )
        for e, number in rows
    ]


def _event(event: CustodyEvent) -> str:
    """The event's kind, marked when it was withdrawn as recorded in error: it stays in the
    history, which shows it never happened."""
    if event.withdrawn_at is None:
        return custody_label(event.kind)
    return _("{event} (withdrawn)").format(event=custody_label(event.kind))


def _withdrawal(event: CustodyEvent, why: str) -> str:
    """Why the event was recorded, followed for a withdrawn one by who withdrew it, when, why."""
    if event.withdrawn_at is None:
        return why
    return _("{why}; withdrawn by {who} at {when}: {reason}").format(
        why=why,
        who=event.withdrawn_by,
        when=moment(event.withdrawn_at.isoformat()),
        reason=event.withdrawn_reason,
    )


def _handed_to(session: Session, event: CustodyEvent) -> str:
    """Where a hand-over took the remains: to the family of the person it was recorded for
    ("the family of 佐藤 太郎 (Reg. No. 12)"), whom the lot's DNA matches named that day; blank
    for any other event that goes to no place. A later test naming someone else does not
    rewrite it. A hand-over whose person was never noted (recorded before a hand-over needed
    a DNA match) names the persons the standing matches name."""
    if event.kind != CUSTODY_KINDS[LotStatus.HANDED_TO_FAMILY]:
        return ""
    if event.person_id is not None:
        person = session.get(Person, event.person_id)
        persons = [person] if person is not None else []
    else:
        matches = current_matches(session, event.lot_id)
        persons = list({person.id: person for _a, _n, person in matches}.values())
    return ", ".join(
        _("the family of {name} ({number})").format(
            name=person.name, number=person_number(person.register_no, person.id)
        )
        for person in persons
    )


def _why(reason: str, evidence: str) -> str:
    """A custody event's reason, followed by the analyses a decision cites in the registrar's
    language. A decision recorded before they were kept apart names them in its reason."""
    if not evidence:
        return reason_said(reason)
    return _("{reason} (evidence: {evidence})").format(
        reason=reason_said(reason), evidence=evidence
    )


def _decided(session: Session, lot_id: int) -> str:
    """The lot's latest affiliation decision, as its verdict and the committee's date
    ("Japanese, 令和3年3月4日"); blank when none is recorded."""
    latest = session.execute(
        select(CustodyEvent)
        .where(
            col(CustodyEvent.lot_id) == lot_id,
            col(CustodyEvent.kind).in_(DECIDED_KINDS.values()),
            col(CustodyEvent.withdrawn_at).is_(None),
        )
        .order_by(col(CustodyEvent.id).desc())
        .limit(1)
    ).scalar()
    if latest is None:
        return ""
    verdict = latest.kind.removeprefix("decided_")
    when = latest.happened_text or latest.happened_on or _("date not recorded")
    return _("{verdict}, {date}").format(verdict=status_label(verdict), date=when)


def _rolls(session: Session, where: Any) -> list[Cells]:
    rows = session.execute(
        select(RollEntry, col(Ceremony.name), col(Ceremony.date), col(RemainsLot.lot_number))
        .join(Ceremony, col(Ceremony.id) == col(RollEntry.ceremony_id))
        .outerjoin(RemainsLot, col(RemainsLot.id) == col(RollEntry.lot_id))
        .where(where)
        .order_by(col(Ceremony.date))
    )
    return [(name, date, number or "", entry.remarks) for entry, name, date, number in rows]


def person_record(database: Database, person_id: int) -> PersonRecord:
    with database.reading() as session:
        person = session.get(Person, person_id)
        if person is None:
            raise NotFound("Person", person_id)
        site = session.get(BurialSite, person.burial_site_id) if person.burial_site_id else None
        forms = list(
            session.execute(
                select(NameForm)
                .where(col(NameForm.person_id) == person_id)
                .order_by(col(NameForm.id))
            ).scalars()
        )
        found = analyses_where(session, col(Analysis.matched_person_id) == person_id)
        lot_ids = sorted({a.specimen_id for a, _n, _l in found})
        lots = (
            list(
                session.execute(
                    select(col(Specimen.lot_id)).where(col(Specimen.id).in_(lot_ids))
                ).scalars()
            )
            if lot_ids
            else []
        )
        return PersonRecord(
            person=person,
            site=f"{site.code} {site.name}" if site else "",
            forms=[(f.text, f.script, f.source) for f in forms],
            removable=[
                (f.id or 0, (f.text, f.script, f.source))
                for f in forms
                if kept_form(person, f, forms) is None
            ],
            analyses=analysis_cells(session, found),
            custody=_custody(session, sorted(set(lots))),
            rolls=_rolls(session, col(RollEntry.person_id) == person_id),
            audit=(audit := person_history(session, person_id)),
            named=names_in(session, audit),
            sources=[_source(_("Person"), person)],
        )


def lot_record(database: Database, lot_id: int) -> LotRecord:
    with database.reading() as session:
        lot = session.get(RemainsLot, lot_id)
        if lot is None:
            raise NotFound("RemainsLot", lot_id)
        site = session.get(BurialSite, lot.burial_site_id) if lot.burial_site_id else None
        location = session.get(Location, lot.location_id) if lot.location_id else None
        specimens = list(
            session.execute(
                select(Specimen)
                .where(col(Specimen.lot_id) == lot_id)
                .order_by(col(Specimen.number))
            ).scalars()
        )
        found = analyses_where(session, col(Specimen.lot_id) == lot_id)
        specimen_rows = analysis_cells(session, found)
        tested = {number for _a, number, _l in found}
        untested = [s.number for s in specimens if s.number not in tested]
        specimen_rows += [(number, lot.lot_number, *[""] * 6) for number in untested]
        sources = [_source(_("Lot of remains"), lot)]
        sources += [_source(_("Specimen {number}").format(number=s.number), s) for s in specimens]
        sources += [_source(_("Analysis {id}").format(id=a.id), a) for a, _n, _l in found]
        return LotRecord(
            lot=lot,
            site=f"{site.code} {site.name}" if site else "",
            location=location.name if location else "",
            decided=_decided(session, lot_id),
            analyses=specimen_rows,
            tests=[a.id or 0 for a, _n, _l in found],
            untested=untested,
            custody=_custody(session, [lot_id]),
            latest=latest.id if (latest := latest_event(session, lot_id)) else None,
            rolls=_rolls(session, col(RollEntry.lot_id) == lot_id),
            audit=(audit := lot_history(session, lot_id)),
            named=names_in(session, audit),
            sources=sources,
        )


def agreeing_moves(database: Database, lot: RemainsLot) -> tuple[LotStatus, ...]:
    """The statuses a plain status change may set on the lot, as the service accepts them."""
    with database.reading() as session:
        return moves_agreeing(session, lot)


def locations(database: Database) -> list[tuple[int, str]]:
    """Places remains can be interred: the sections of the ossuary vaults."""
    with database.reading() as session:
        return [
            (loc_id, f"{code} {name}")
            for loc_id, code, name in session.execute(
                select(col(Location.id), col(Location.code), col(Location.name))
                .where(col(Location.kind) == "section")
                .order_by(col(Location.code))
            )
        ]


@dataclass(frozen=True)
class CitableAnalysis:
    """One analysis of a lot's specimens, as offered to the affiliation committee's decision."""

    id: int
    specimen: str
    kind: str
    affiliation: str
    match_result: str
    superseded: bool  # a later analysis of the same specimen replaced it
    meeting: PartialDate  # the committee's meeting (判定会議日) the result was decided at

    @property
    def decided(self) -> str:
        """The meeting's date as the results wrote it, as the lot's tabs show it."""
        return self.meeting.text or self.meeting.value or ""


def citable_analyses(database: Database, lot_id: int) -> list[CitableAnalysis]:
    with database.reading() as session:
        found = analyses_where(session, col(Specimen.lot_id) == lot_id)
        replaced = {a.supersedes_id for a, _n, _l in found if a.supersedes_id is not None}
        return [
            CitableAnalysis(
                id=a.id or 0,
                specimen=number,
                kind=a.kind,
                affiliation=a.affiliation,
                match_result=a.match_result,
                superseded=a.id in replaced,
                meeting=PartialDate(
                    a.decided_text,
                    a.decided_on,
                    Precision(a.decided_precision) if a.decided_precision else None,
                ),
            )
            for a, number, _lot in found
            if a.withdrawn_at is None  # no evidence: not offered
        ]
