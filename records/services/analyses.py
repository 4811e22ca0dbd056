"""Analyses of a lot's specimens: recorded by hand, one superseding the earlier-tested result
of its kind, and read as the evidence an affiliation decision or a hand-over to the family rests
on (the analyses cited, the matches that still stand)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import exists
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from records import audit
from records.analysis_kinds import identifies_a_person, kind_key
from records.analysis_order import chain_of, place_by_date
from records.dates import UNDATED, PartialDate, surely_before
from records.errors import Invalid
from records.messages import Message
from records.models import Analysis, NameForm, Person, RemainsLot, Specimen
from records.search_keys import search_key
from records.services.base import get, require_reason, snapshot, transaction
from records.status import LotStatus

AFFILIATIONS = ("japanese", "not_japanese", "undeterminable", "pending")
MATCH_RESULTS = ("match", "in_progress", "")


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
    """Add a test result. The latest result of the same kind tested on or before it is kept and
    superseded; one tested later supersedes it instead; one of another kind stands beside it."""
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
        _not_before_its_recovery(session, specimen, fields.decided)
        kind = kind_key(fields.kind)
        matched_name, matched_person_id = _matched(session, fields)
        earlier, later = neighbours_by_date(session, specimen.id, kind, fields.decided.value)
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
            supersedes_id=earlier,
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
        assert analysis.id is not None
        if later is not None:
            supersede_older(session, actor, later, analysis.id, reason)
        return analysis


def _matched(session: Session, fields: AnalysisFields) -> tuple[str, int | None]:
    """The name a match gives and the person it is linked to: the person chosen, under their
    name unless one was written; else the one person bearing the name written. A person is
    named only by a match or a comparison under way, and a match always names someone."""
    named = fields.matched_person_id is not None or bool(fields.matched_name.strip())
    refused = contradiction(fields.match_result, named, fields.affiliation)
    if refused is not None:
        raise Invalid(*refused)
    # A file's isotope 'match' is kept as it arrived and identifies no one (current_matches);
    # a registrar entering one by hand is told why it cannot be.
    if fields.match_result == "match" and not identifies_a_person(fields.kind):
        raise Invalid(
            "kind",
            Message("only a DNA test matches a person, not a {kind} test", kind=fields.kind),
        )
    if fields.matched_person_id is not None:
        person = get(session, Person, fields.matched_person_id)
        return fields.matched_name or person.name, person.id
    return fields.matched_name, sole_person_named(session, fields.matched_name)


def contradiction(match_result: str, named: bool, affiliation: str) -> tuple[str, Message] | None:
    """The field and reason when a test's result, the person it names and its affiliation
    cannot all be true: a person is named only by a match or a comparison in progress, a
    match names whom it matched, and remains matched with a Japanese family are Japanese."""
    if match_result == "" and named:
        return "person", Message("a person is named only by a match or a comparison in progress")
    if match_result == "match" and not named:
        return "person", Message("a match names the person it matched")
    if match_result == "match" and affiliation == "not_japanese":
        return "affiliation", Message("remains matched with a Japanese family are not 日本人以外")
    if match_result == "match" and affiliation != "japanese":
        return "affiliation", Message("remains matched with a Japanese family are judged 日本人")
    return None


def _not_before_its_recovery(session: Session, specimen: Specimen, tested: PartialDate) -> None:
    """Refuse a test dated before its specimen's lot was recovered, compared as far as both
    dates go. An undated test is taken: a file may leave 判定会議日 out (formats README). The
    import keeps such a row as it arrived: the Ministry's own sample files hold some."""
    lot = get(session, RemainsLot, specimen.lot_id)
    if surely_before(tested.value, lot.recovered_on):
        raise Invalid(
            "date",
            Message(
                "the test of {date} is before its specimen's recovery, on {when}",
                date=tested.text or tested.value,
                when=lot.recovered_text or lot.recovered_on,
            ),
        )


def neighbours_by_date(
    session: Session, specimen_id: int, kind: str, tested_on: str | None
) -> tuple[int | None, int | None]:
    """The specimen's tests of this kind (in its one form, kind_key) between which a test dated
    ``tested_on`` goes (place_by_date): the one it supersedes and the one superseding it."""
    rows = session.execute(
        select(col(Analysis.id), col(Analysis.supersedes_id), col(Analysis.decided_on)).where(
            col(Analysis.specimen_id) == specimen_id,
            col(Analysis.kind) == kind,
            col(Analysis.withdrawn_at).is_(None),
        )
    ).all()
    chain = chain_of([(test_id, supersedes) for test_id, supersedes, _on in rows])
    dated = {test_id: tested for test_id, _s, tested in rows}
    place = place_by_date([dated[test_id] for test_id in chain], tested_on)
    earlier = chain[place - 1] if place else None
    later = chain[place] if place < len(chain) else None
    return earlier, later


def supersede_older(
    session: Session, actor: str, later_id: int, older_id: int | None, reason: str
) -> None:
    """Let a test keep standing over an older one entered after it: it now supersedes that
    one, which supersedes what it superseded before. With None it supersedes nothing: the
    one it superseded was withdrawn, and superseded nothing either."""
    later = get(session, Analysis, later_id)
    before = {"supersedes_id": later.supersedes_id}
    later.supersedes_id = older_id
    session.add(later)
    session.flush()
    audit.record(
        session,
        actor,
        "supersede",
        "Analysis",
        later.id,
        before=before,
        after={"supersedes_id": older_id},
        reason=reason,
    )


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


def current_matches(session: Session, lot_id: int) -> list[tuple[Analysis, str, Person]]:
    """The lot's DNA analyses that matched a person and still stand (no later test of their
    kind supersedes them), each with its specimen's number and the person: whose remains the
    lot holds. A match whose name is nobody's, or several namesakes', links no person and
    names no one; a match of a test of another kind identifies no one (identifies_a_person)."""
    return [
        match for match in standing_matches(session, lot_id) if identifies_a_person(match[0].kind)
    ]


def standing_matches(session: Session, lot_id: int) -> list[tuple[Analysis, str, Person]]:
    """The lot's analyses of any kind that matched a person and still stand."""
    later = aliased(Analysis)
    rows = session.execute(
        select(Analysis, col(Specimen.number), Person)
        .join(Specimen, col(Specimen.id) == col(Analysis.specimen_id))
        .join(Person, col(Person.id) == col(Analysis.matched_person_id))
        .where(
            col(Specimen.lot_id) == lot_id,
            col(Analysis.match_result) == "match",
            col(Analysis.withdrawn_at).is_(None),
            ~exists(select(col(later.id)).where(col(later.supersedes_id) == col(Analysis.id))),
        )
        .order_by(col(Specimen.number), col(Analysis.id))
    )
    return [(analysis, number, person) for analysis, number, person in rows]


def cited_analyses(
    session: Session, lot_id: int, evidence: Sequence[int]
) -> list[tuple[Analysis, str]]:
    """The analyses cited, each with its specimen's number; refused when one is of another
    lot's specimen, or withdrawn."""
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
        if analysis.withdrawn_at is not None:
            raise Invalid(
                "evidence",
                Message(
                    "the {kind} test of specimen {number} was withdrawn: it is no evidence",
                    kind=analysis.kind_text or analysis.kind,
                    number=specimen.number,
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


def any_found(session: Session, analyses: list[Analysis], verdict: LotStatus) -> bool:
    """Whether one of the analyses found what the verdict says and still stands (neither
    withdrawn nor superseded by a later test of its kind)."""
    found = [a.id for a in analyses if a.affiliation == verdict.value and a.withdrawn_at is None]
    if not found:
        return False
    replaced = set(
        session.execute(
            select(Analysis.supersedes_id).where(col(Analysis.supersedes_id).in_(found))
        ).scalars()
    )
    return any(analysis_id not in replaced for analysis_id in found)
