"""What happens to a lot of remains: registered, tested, decided, interred, moved, returned.
Each function is one business action in one audited transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import exists, func
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from records import audit
from records.analysis_kinds import identifies_a_person, kind_key
from records.dates import PartialDate, recovery_outside_fiscal_year
from records.errors import Invalid, TransitionRefused
from records.messages import Message
from records.models import (
    Analysis,
    BurialSite,
    CustodyEvent,
    Location,
    NameForm,
    Person,
    RemainsLot,
    Specimen,
)
from records.names import search_key
from records.services.base import (
    UNDATED,
    apply_changes,
    check_version,
    get,
    get_for_update,
    require_reason,
    snapshot,
    transaction,
    year_as_written,
)
from records.sites import specimen_of_another_site
from records.status import (
    LABELS_EN,
    NEEDS_EVIDENCE,
    VERDICTS,
    LotStatus,
    allowed_after,
    is_allowed,
)

ENTITY = "RemainsLot"

# Transitions that move the remains physically, and so leave a custody event.
CUSTODY_KINDS: dict[LotStatus, str] = {
    LotStatus.INTERRED: "interred",
    LotStatus.DISINTERRED: "disinterred",
    LotStatus.REINTERRED: "reinterred",
    LotStatus.HANDED_TO_FAMILY: "handed_to_family",
    LotStatus.REPATRIATED: "repatriated",
}
NEEDS_LOCATION = (LotStatus.INTERRED, LotStatus.REINTERRED)
# The affiliation committee's decision is kept as an event of the lot too, dated by its
# meeting, so that no move of the remains is dated before the verdict that allowed it.
DECIDED_KINDS: dict[LotStatus, str] = {
    LotStatus.JAPANESE: "decided_japanese",
    LotStatus.NOT_JAPANESE: "decided_not_japanese",
    LotStatus.UNDETERMINABLE: "decided_undeterminable",
}
AFFILIATIONS = ("japanese", "not_japanese", "undeterminable", "pending")
MATCH_RESULTS = ("match", "in_progress", "")


@dataclass(frozen=True)
class LotFields:
    lot_number: str
    fiscal_year: int | None = None
    fiscal_year_text: str = ""
    country: str = ""
    region: str = ""
    burial_site_id: int | None = None
    recovered: PartialDate = UNDATED
    count: int = 1
    handed_over_by: str = ""
    remarks: str = ""


def register_lot(
    session: Session, actor: str, fields: LotFields, specimens: Sequence[str], reason: str
) -> RemainsLot:
    """A newly recovered lot with the specimen numbers taken from it. Refused, as the import
    refuses such a row, when no day of its recovery date falls in its fiscal year (収集年度),
    or when a specimen number is not of its burial site."""
    if fields.count < 1:
        raise Invalid("count", Message("a lot holds at least one set of remains (柱)"))
    if outside := recovery_outside_fiscal_year(
        fields.fiscal_year, fields.fiscal_year_text, fields.recovered.value
    ):
        raise Invalid("recovered", outside)
    with transaction(session):
        if session.execute(
            select(RemainsLot.id).where(col(RemainsLot.lot_number) == fields.lot_number)
        ).first():
            raise Invalid("lot_number", Message("lot {lot} already exists", lot=fields.lot_number))
        site = get(session, BurialSite, fields.burial_site_id) if fields.burial_site_id else None
        lot = RemainsLot(
            lot_number=fields.lot_number,
            fiscal_year=fields.fiscal_year,
            fiscal_year_text=fields.fiscal_year_text,
            country=fields.country,
            region=fields.region,
            burial_site_id=fields.burial_site_id,
            recovered_text=fields.recovered.text,
            recovered_on=fields.recovered.value,
            recovered_precision=fields.recovered.precision,
            count=fields.count,
            handed_over_by=fields.handed_over_by,
            remarks=fields.remarks,
            status=LotStatus.RECOVERED,
        )
        session.add(lot)
        session.flush()
        assert lot.id is not None
        for number in specimens:
            _add_specimen(session, lot.id, number, site.code if site else None)
        session.add(
            CustodyEvent(
                lot_id=lot.id,
                kind="recovered",
                happened_text=fields.recovered.text,
                happened_on=fields.recovered.value,
                actor=actor,
                reason=reason,
                recorded_at=audit.now_utc(),
            )
        )
        audit.record(
            session,
            actor,
            "register",
            ENTITY,
            lot.id,
            after=snapshot(lot) | {"specimens": list(specimens)},
            reason=reason,
        )
        return lot


def _add_specimen(
    session: Session, lot_id: int, number: str, site_code: str | None = None
) -> Specimen:
    """``site_code``: the lot's burial site's, with which the number must begin."""
    owner = session.execute(
        select(RemainsLot.lot_number)
        .join(Specimen, col(Specimen.lot_id) == col(RemainsLot.id))
        .where(col(Specimen.number) == number)
    ).scalar()
    if owner is not None:
        raise Invalid(
            "specimens",
            Message("specimen {number} already belongs to lot {lot}", number=number, lot=owner),
        )
    if site_code is not None and (refused := specimen_of_another_site(number, site_code)):
        raise Invalid("specimens", refused)
    specimen = Specimen(number=number, lot_id=lot_id)
    session.add(specimen)
    session.flush()
    return specimen


def add_specimens(
    session: Session, actor: str, lot_id: int, numbers: Sequence[str], reason: str
) -> RemainsLot:
    """Specimens of a registered lot that its record lacks (a number missed when the lot was
    recorded, a sample taken later), added by hand; a number belongs to one lot only, and to
    the lot's burial site when it has one."""
    reason = require_reason(reason, Message("a lot"))
    if not numbers:
        raise Invalid("specimens", Message("write at least one specimen number"))
    with transaction(session):
        lot = get_for_update(session, RemainsLot, lot_id)
        site = get(session, BurialSite, lot.burial_site_id) if lot.burial_site_id else None
        for number in numbers:
            _add_specimen(session, lot_id, number, site.code if site else None)
        # As an import that adds specimens records it: the numbers added.
        audit.record(
            session,
            actor,
            "add_specimens",
            ENTITY,
            lot_id,
            after={"specimens": list(numbers)},
            reason=reason,
        )
        return lot


def remove_specimen(
    session: Session, actor: str, lot_id: int, number: str, reason: str
) -> RemainsLot:
    """A specimen recorded against a lot in error (a mistyped number, another lot's sample).
    Refused once a test of it is recorded: an analysis is evidence, never removed. The audit
    event keeps the specimen's row as it was, where it was read from included."""
    reason = require_reason(reason, Message("a lot"))
    with transaction(session):
        lot = get_for_update(session, RemainsLot, lot_id)
        specimen = session.execute(
            select(Specimen).where(col(Specimen.lot_id) == lot_id, col(Specimen.number) == number)
        ).scalar_one_or_none()
        if specimen is None:
            raise Invalid(
                "specimen",
                Message("lot {lot} has no specimen {number}", lot=lot.lot_number, number=number),
            )
        if session.execute(
            select(Analysis.id).where(col(Analysis.specimen_id) == specimen.id)
        ).first():
            raise Invalid(
                "specimen",
                Message(
                    "specimen {number} cannot be removed: a test of it is recorded, and an "
                    "analysis is evidence",
                    number=number,
                ),
            )
        removed = snapshot(specimen)
        session.delete(specimen)
        session.flush()
        audit.record(
            session,
            actor,
            "remove_specimen",
            ENTITY,
            lot_id,
            before={"specimens": [number], "removed": removed},
            after={"specimens": []},
            reason=reason,
        )
        return lot


def change_status(
    session: Session,
    actor: str,
    lot_id: int,
    to: LotStatus | str,
    reason: str,
    *,
    expected_version: int | None = None,
    location_id: int | None = None,
    on: PartialDate | None = None,
) -> RemainsLot:
    """Move a lot to a new status if the state machine allows it, with a custody event when
    the remains physically move. A verdict (Japanese, not Japanese, undeterminable) is refused
    here: it is recorded only by ``decide_affiliation``, which cites the analyses it rests on.
    A hand-over to the family is refused unless a DNA match names the person (_identification)."""
    requested = LotStatus(to)
    if requested in VERDICTS:
        raise Invalid(
            "status",
            Message(
                "a verdict of {status} is recorded by deciding the lot's affiliation, citing its "
                "evidence",
                status=Message(LABELS_EN[requested]),
            ),
        )
    return _move(
        session,
        actor,
        lot_id,
        requested,
        reason,
        expected_version=expected_version,
        location_id=location_id,
        on=on,
    )


def _move(
    session: Session,
    actor: str,
    lot_id: int,
    requested: LotStatus,
    reason: str,
    *,
    expected_version: int | None = None,
    location_id: int | None = None,
    on: PartialDate | None = None,
    action: str = "status",
    cited: Sequence[str] = (),
    noted: dict[str, object] | None = None,
) -> RemainsLot:
    """change_status's work, for a status of any kind, verdicts included. ``noted``: what the
    audit event records beside the change (a decision's date and the analyses it cites, a
    hand-over's person and the matches naming them); ``cited``: those analyses as named,
    which the custody event keeps beside the reason."""
    reason = require_reason(reason, Message("a lot"))
    with transaction(session):
        lot = get_for_update(session, RemainsLot, lot_id)
        check_version(session, lot, ENTITY, expected_version)
        if not is_allowed(lot.status, requested):
            raise TransitionRefused(
                lot.lot_number, lot.status, requested, tuple(allowed_after(lot.status))
            )
        handed_to = None  # the person whose family a hand-over gives the remains to
        if requested == LotStatus.HANDED_TO_FAMILY:
            cited, noted, handed_to = _identification(session, lot, on or UNDATED)
        if requested in NEEDS_LOCATION:
            if location_id is None:
                raise Invalid(
                    "location",
                    Message(
                        "say where the remains are {status}",
                        status=Message(LABELS_EN[requested]),
                    ),
                )
            get(session, Location, location_id)
        previous_location, previous_status = lot.location_id, lot.status
        new_location = location_id if requested in NEEDS_LOCATION else None
        changes: dict[str, object] = {"status": requested.value}
        if requested in CUSTODY_KINDS:
            changes["location_id"] = new_location
        apply_changes(session, actor, lot, ENTITY, changes, reason, action=action, noted=noted)
        # A move of the remains, or the committee's decision (which moves nothing: no place).
        moved = requested in CUSTODY_KINDS
        if moved or requested in DECIDED_KINDS:
            date = on or UNDATED
            _not_before_the_last_event(session, lot_id, date, deciding=not moved)
            session.add(
                CustodyEvent(
                    lot_id=lot_id,
                    kind=CUSTODY_KINDS[requested] if moved else DECIDED_KINDS[requested],
                    from_location_id=previous_location if moved else None,
                    to_location_id=new_location,
                    happened_text=date.text,
                    happened_on=date.value,
                    actor=actor,
                    reason=reason,
                    evidence=cited_evidence(cited),
                    recorded_at=audit.now_utc(),
                    status_before=previous_status,
                    person_id=handed_to,
                )
            )
            session.flush()
        return lot


def _identification(
    session: Session, lot: RemainsLot, on: PartialDate
) -> tuple[list[str], dict[str, object], int | None]:
    """What a hand-over to the family ``on`` that date rests on: the lot's standing DNA
    matches, which must name one person and be decided by then. Returned as a decision's
    evidence is, named for the custody event and with the person and the analyses' ids for
    the audit event; then the person, whom the custody event keeps. Refused with no match,
    or with matches naming different persons: the status is final, and nothing takes the
    remains back from a family given them in error."""
    matches = current_matches(session, lot.id or 0)
    persons = list({person.id: person for _a, _n, person in matches}.values())
    if not persons:
        raise Invalid("status", _no_identification(session, lot))
    if len(persons) > 1:
        raise Invalid(
            "status",
            Message(
                "the analyses of lot {lot} match different persons ({persons}): the remains are "
                "handed to a family only when the evidence names one person",
                lot=lot.lot_number,
                persons=", ".join(person.name for person in persons),
            ),
        )
    _not_before_its_evidence(on, [(a, n) for a, n, _p in matches], deciding=False)
    named = [
        named_analysis(n, a.kind, a.decided_text or a.decided_on or "") for a, n, _p in matches
    ]
    person_id = persons[0].id
    noted: dict[str, object] = {
        "person_id": person_id,
        "analysis_ids": [a.id for a, _n, _p in matches],
        "evidence": named,
    }
    return named, noted, person_id


def _no_identification(session: Session, lot: RemainsLot) -> Message:
    """Why no analysis of the lot identifies a person: none matched one, or only a test of a
    kind that cannot identify anyone did (a stable-isotope test), named so."""
    for analysis, number, person in _standing_matches(session, lot.id or 0):
        return Message(
            "the {kind} test of specimen {number} matched {person}, but only a DNA test "
            "identifies a person: record the DNA match before the remains are handed to the "
            "family",
            kind=analysis.kind_text or analysis.kind,
            number=number,
            person=person.name,
        )
    return Message(
        "no analysis of lot {lot} matches a person: record the DNA match before the remains "
        "are handed to the family",
        lot=lot.lot_number,
    )


def current_matches(session: Session, lot_id: int) -> list[tuple[Analysis, str, Person]]:
    """The lot's DNA analyses that matched a person and still stand (no later test of their
    kind supersedes them), each with its specimen's number and the person: whose remains the
    lot holds. A match whose name is nobody's, or several namesakes', links no person and
    names no one; a match of a test of another kind identifies no one (identifies_a_person)."""
    return [
        match for match in _standing_matches(session, lot_id) if identifies_a_person(match[0].kind)
    ]


def _standing_matches(session: Session, lot_id: int) -> list[tuple[Analysis, str, Person]]:
    """The lot's analyses of any kind that matched a person and still stand."""
    later = aliased(Analysis)
    rows = session.execute(
        select(Analysis, col(Specimen.number), Person)
        .join(Specimen, col(Specimen.id) == col(Analysis.specimen_id))
        .join(Person, col(Person.id) == col(Analysis.matched_person_id))
        .where(
            col(Specimen.lot_id) == lot_id,
            col(Analysis.match_result) == "match",
            ~exists(select(col(later.id)).where(col(later.supersedes_id) == col(Analysis.id))),
        )
        .order_by(col(Specimen.number), col(Analysis.id))
    )
    return [(analysis, number, person) for analysis, number, person in rows]


def _not_before_the_last_event(
    session: Session, lot_id: int, date: PartialDate, *, deciding: bool = False
) -> None:
    """Refuse an event dated before a dated one the lot already has (its recovery, the
    affiliation decision, its interment): the remains cannot be interred before they were
    recovered, nor before the committee decided, nor decided on before they were recovered.
    Dates known to different precision are compared as far as both go (1995 is not before
    1995-06-13). The refusal names the latest event the date is before, and both dates. A
    withdrawn event never happened: a date before it is no contradiction."""
    if date.value is None:
        return
    dated = session.execute(
        select(CustodyEvent.kind, CustodyEvent.happened_text, CustodyEvent.happened_on)
        .where(
            CustodyEvent.lot_id == lot_id,
            col(CustodyEvent.happened_on).is_not(None),
            col(CustodyEvent.withdrawn_at).is_(None),
        )
        .order_by(col(CustodyEvent.happened_on).desc(), col(CustodyEvent.id).desc())
    ).all()
    for kind, text, on in dated:
        if _before(date.value, on):
            raise Invalid(
                "date", _out_of_order(kind, date.text or date.value, text or on, deciding)
            )


def _out_of_order(kind: str, date: str, when: str, deciding: bool) -> Message:
    """Why ``date`` cannot follow the lot's event of ``kind`` on ``when``."""
    decided = kind in DECIDED_KINDS.values()
    if deciding and kind == "recovered":
        return Message(
            "the decision of {date} is before the lot's recovery, on {when}", date=date, when=when
        )
    if deciding and decided:
        return Message(
            "the decision of {date} is before the lot's earlier affiliation decision, on {when}",
            date=date,
            when=when,
        )
    if decided:
        return Message(
            "{date} is before the affiliation decision of {when}: the remains are moved only "
            "after the committee has decided",
            date=date,
            when=when,
        )
    return Message("{date} is before the lot's last recorded move, on {when}", date=date, when=when)


def _not_before_its_evidence(
    date: PartialDate, evidence: Sequence[tuple[Analysis, str]], *, deciding: bool
) -> None:
    """Refuse a decision or a hand-over dated before an analysis it rests on was decided: the
    committee cannot cite, nor a family receive remains on, a result not yet known. Compared
    as far as both dates go, as _not_before_the_last_event compares them."""
    for analysis, number in evidence:
        if not _before(date.value, analysis.decided_on):
            continue
        named = {
            "date": date.text or date.value,
            "kind": analysis.kind_text or analysis.kind,
            "number": number,
            "when": analysis.decided_text or analysis.decided_on,
        }
        if deciding:
            raise Invalid(
                "date",
                Message(
                    "the decision of {date} is before the {kind} test of specimen {number} it "
                    "cites, decided on {when}",
                    **named,
                ),
            )
        raise Invalid(
            "date",
            Message(
                "the hand-over of {date} is before the {kind} match of specimen {number} it "
                "rests on, decided on {when}",
                **named,
            ),
        )


def _before(date: str | None, other: str | None) -> bool:
    """Whether ``date`` is before ``other``, both ISO dates known to any precision, compared
    as far as both go (1995 is not before 1995-06-13); an unknown date is before nothing."""
    if date is None or other is None:
        return False
    shared = min(len(date), len(other))
    return date[:shared] < other[:shared]


def inter(
    session: Session, actor: str, lot_id: int, location_id: int, on: PartialDate, reason: str
) -> RemainsLot:
    return change_status(
        session, actor, lot_id, LotStatus.INTERRED, reason, location_id=location_id, on=on
    )


def disinter(session: Session, actor: str, lot_id: int, on: PartialDate, reason: str) -> RemainsLot:
    return change_status(session, actor, lot_id, LotStatus.DISINTERRED, reason, on=on)


def reinter(
    session: Session, actor: str, lot_id: int, location_id: int, on: PartialDate, reason: str
) -> RemainsLot:
    return change_status(
        session, actor, lot_id, LotStatus.REINTERRED, reason, location_id=location_id, on=on
    )


def decide_affiliation(
    session: Session,
    actor: str,
    lot_id: int,
    verdict: LotStatus | str,
    evidence: Sequence[int],
    reason: str,
    *,
    on: PartialDate,
    expected_version: int | None = None,
) -> RemainsLot:
    """Record the affiliation committee's verdict, dated ``on`` its meeting (as precise as
    known), citing the analyses it rests on. The decision is kept as an event of the lot, so
    that no move of the remains is dated before it; it is dated neither before the lot's
    recovery nor before an earlier decision it overturns."""
    # A blank reason is refused before the verdict and the evidence are looked at.
    reason = require_reason(reason, Message("a lot"))
    requested = LotStatus(verdict)
    if requested not in VERDICTS:
        raise Invalid("verdict", Message("a verdict is japanese, not_japanese or undeterminable"))
    evidence = list(dict.fromkeys(evidence))
    if requested in NEEDS_EVIDENCE and not evidence:
        raise Invalid(
            "evidence",
            Message(
                "a verdict of {status} cites at least one analysis",
                status=Message(LABELS_EN[requested]),
            ),
        )
    with transaction(session):
        cited = _cited(session, lot_id, evidence)
        if requested in NEEDS_EVIDENCE and not _any_found(
            session, [a for a, _n in cited], requested
        ):
            raise Invalid(
                "evidence",
                Message(
                    "none of the analyses cited found {status}: a result still pending, or one "
                    "a later test of the same kind replaced, is no evidence for a verdict",
                    status=Message(LABELS_EN[requested]),
                ),
            )
        _not_before_its_evidence(on, cited, deciding=True)
        # Each analysis as a registrar names it, in the event's data: the history shows it
        # under its label in the registrar's language, and the reason stays theirs.
        named = [named_analysis(n, a.kind, a.decided_text or a.decided_on or "") for a, n in cited]
        return _move(
            session,
            actor,
            lot_id,
            requested,
            reason,
            expected_version=expected_version,
            on=on,
            action="decide_affiliation",
            cited=named,
            noted={
                "decided_text": on.text or on.value or "",
                "decided_on": on.value,
                "analysis_ids": evidence,
            }
            | ({"evidence": named} if named else {}),
        )


def _cited(session: Session, lot_id: int, evidence: Sequence[int]) -> list[tuple[Analysis, str]]:
    """The analyses cited, each with its specimen's number; refused when one is of another
    lot's specimen."""
    cited = []
    for analysis_id in evidence:
        analysis = get(session, Analysis, analysis_id)
        specimen = get(session, Specimen, analysis.specimen_id)
        if specimen.lot_id != lot_id:
            other = get(session, RemainsLot, specimen.lot_id)
            raise Invalid(
                "evidence",
                Message(
                    "the {kind} test of specimen {number} is of lot {lot}, not of this one",
                    kind=analysis.kind_text or analysis.kind,
                    number=specimen.number,
                    lot=other.lot_number,
                ),
            )
        cited.append((analysis, specimen.number))
    return cited


def named_analysis(specimen: str, kind: str, decided: str) -> str:
    """An analysis a decision rests on, named as a registrar names it: its specimen number, its
    kind of test and the date of its result as written ("HB-012-20-0009 DNA(Y-STR) 令和3年3月4日").
    The analyses' ids stay in the audit event's after-data."""
    return " ".join(part for part in (specimen, kind, decided) if part)


def cited_evidence(cited: Sequence[str]) -> str:
    """The analyses a decision cites, each named (named_analysis), as its custody event keeps
    them: in one text, which reads as it did in the reason when the reason held them."""
    return "; ".join(cited)


def _any_found(session: Session, analyses: list[Analysis], verdict: LotStatus) -> bool:
    """Whether one of the analyses found what the verdict says and still stands (no later
    test of its kind supersedes it)."""
    found = [a.id for a in analyses if a.affiliation == verdict.value]
    if not found:
        return False
    replaced = set(
        session.execute(
            select(Analysis.supersedes_id).where(col(Analysis.supersedes_id).in_(found))
        ).scalars()
    )
    return any(analysis_id not in replaced for analysis_id in found)


@dataclass(frozen=True)
class AnalysisFields:
    kind: str
    affiliation: str
    match_result: str = ""
    matched_name: str = ""
    decided: PartialDate = UNDATED
    remarks: str = ""
    # The person a registrar chose for a match by hand; a file's match names one by name only.
    matched_person_id: int | None = None


def record_analysis(
    session: Session, actor: str, specimen_number: str, fields: AnalysisFields, reason: str
) -> Analysis:
    """Add a test result. An earlier result of the same kind for the same specimen is kept and
    superseded; one of another kind stands beside it."""
    reason = require_reason(reason, Message("an analysis"))
    if not kind_key(fields.kind):
        raise Invalid("kind", Message("say which test it is, e.g. DNA(STR)"))
    if fields.affiliation not in AFFILIATIONS:
        raise Invalid(
            "affiliation", Message("unknown affiliation {value!r}", value=fields.affiliation)
        )
    if fields.match_result not in MATCH_RESULTS:
        raise Invalid(
            "match_result", Message("unknown match result {value!r}", value=fields.match_result)
        )
    with transaction(session):
        specimen = session.execute(
            select(Specimen).where(col(Specimen.number) == specimen_number)
        ).scalar()
        if specimen is None:
            raise Invalid(
                "specimen", Message("no lot has specimen {number}", number=specimen_number)
            )
        assert specimen.id is not None
        kind = kind_key(fields.kind)
        matched_name, matched_person_id = _matched(session, fields)
        analysis = Analysis(
            specimen_id=specimen.id,
            kind=kind,
            kind_text=fields.kind,
            affiliation=fields.affiliation,
            match_result=fields.match_result,
            matched_name=matched_name,
            matched_person_id=matched_person_id,
            decided_text=fields.decided.text,
            decided_on=fields.decided.value,
            decided_precision=fields.decided.precision,
            remarks=fields.remarks,
            supersedes_id=latest_analysis_id(session, specimen.id, kind),
            recorded_by=actor,
            recorded_at=audit.now_utc(),
        )
        session.add(analysis)
        session.flush()
        audit.record(
            session,
            actor,
            "analysis",
            "Analysis",
            analysis.id,
            after=snapshot(analysis),
            reason=reason,
        )
        return analysis


def _matched(session: Session, fields: AnalysisFields) -> tuple[str, int | None]:
    """The name a match gives and the person it is linked to: the person chosen, under their
    name unless one was written; else the one person bearing the name written. A person is
    named only by a match or a comparison under way, and a match always names someone."""
    if fields.match_result == "" and (fields.matched_person_id or fields.matched_name.strip()):
        raise Invalid(
            "person", Message("a person is named only by a match or a comparison in progress")
        )
    if fields.matched_person_id is not None:
        person = get(session, Person, fields.matched_person_id)
        return fields.matched_name or person.name, person.id
    if fields.match_result == "match" and not fields.matched_name.strip():
        raise Invalid("person", Message("a match names the person it matched"))
    return fields.matched_name, sole_person_named(session, fields.matched_name)


def latest_analysis_id(session: Session, specimen_id: int, kind: str) -> int | None:
    """The specimen's latest test of this kind (in its one form, kind_key)."""
    return session.execute(
        select(func.max(Analysis.id)).where(
            col(Analysis.specimen_id) == specimen_id, col(Analysis.kind) == kind
        )
    ).scalar()


def sole_person_named(session: Session, name: str) -> int | None:
    """The person bearing this kanji name, only when exactly one does: a match is never
    guessed between namesakes."""
    if not name.strip():
        return None
    ids = (
        session.execute(
            select(NameForm.person_id)
            .where(col(NameForm.key) == search_key(name), col(NameForm.script) == "kanji")
            .distinct()
            .limit(2)
        )
        .scalars()
        .all()
    )
    return ids[0] if len(ids) == 1 else None


def update_lot(
    session: Session,
    actor: str,
    lot_id: int,
    changes: dict[str, object],
    reason: str,
    *,
    expected_version: int | None,
) -> RemainsLot:
    """Edit a lot's descriptive fields; its status changes only through ``change_status``."""
    reason = require_reason(reason, Message("a lot"))
    editable = {
        "fiscal_year",
        "country",
        "region",
        "burial_site_id",
        "count",
        "handed_over_by",
        "remarks",
    }
    unknown = set(changes) - editable
    if unknown:
        raise Invalid(sorted(unknown)[0], Message("cannot be edited here"))
    count = changes.get("count")
    if count is not None and (not isinstance(count, int) or count < 1):
        raise Invalid("count", Message("a lot holds at least one set of remains (柱)"))
    with transaction(session):
        lot = get_for_update(session, RemainsLot, lot_id)
        check_version(session, lot, ENTITY, expected_version)
        if "fiscal_year" in changes:
            _recovered_in_fiscal_year(lot, changes["fiscal_year"])
        changes = year_as_written(lot, changes, "fiscal_year", "fiscal_year_text")
        apply_changes(session, actor, lot, ENTITY, changes, reason)
        return lot


def _recovered_in_fiscal_year(lot: RemainsLot, fiscal_year: object) -> None:
    """Refuse a fiscal year (収集年度) in which no day of the lot's recovery date falls, as
    the import refuses such a row: one of the two is mistyped."""
    if isinstance(fiscal_year, int) and (
        outside := recovery_outside_fiscal_year(fiscal_year, "", lot.recovered_on)
    ):
        raise Invalid("fiscal_year", outside)
