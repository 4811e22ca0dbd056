"""The analyses a person's or a lot's Specimens tab lists: each test as its row of cells,
marked when a later test of its kind superseded it or it was withdrawn, so that the result
standing is seen at once among the results kept."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from records.models import Analysis, Person, RemainsLot, Specimen
from tui.i18n import _
from tui.labels import affiliation_label, match_label, moment, person_named

Cells = tuple[str, ...]


def analyses_where(session: Session, where: Any) -> list[tuple[Analysis, str, str]]:
    """The analyses ``where`` selects, each with its specimen's number and its lot's."""
    return [
        (analysis, number, lot_number)
        for analysis, number, lot_number in session.execute(
            select(Analysis, col(Specimen.number), col(RemainsLot.lot_number))
            .join(Specimen, col(Specimen.id) == col(Analysis.specimen_id))
            .join(RemainsLot, col(RemainsLot.id) == col(Specimen.lot_id))
            .where(where)
            .order_by(col(Specimen.number), col(Analysis.id))
        )
    ]


def analysis_cells(session: Session, found: list[tuple[Analysis, str, str]]) -> list[Cells]:
    """Each analysis dated as the results wrote it (令和2年3月4日), as the summary beside the
    tab dates the lot; by the date read from it only when nothing was written. A match names
    its person as the app quotes one elsewhere."""
    ids = {a.matched_person_id for a, _n, _l in found if a.matched_person_id is not None}
    persons = (
        {p.id: p for p in session.execute(select(Person).where(col(Person.id).in_(ids))).scalars()}
        if ids
        else {}
    )
    replaced = superseded(session, [a.id for a, _n, _l in found if a.id is not None])
    return [
        (
            number,
            lot_number,
            _test(a, replaced),
            affiliation_label(a.affiliation),
            match_label(a.match_result),
            _matched(a, persons.get(a.matched_person_id)),
            a.decided_text or a.decided_on or "",
            _remarks(a),
        )
        for a, number, lot_number in found
    ]


def superseded(session: Session, ids: list[int]) -> set[int]:
    """Those of the analyses a later test of their kind superseded. Asked of every analysis,
    not only those listed: the test matching a person may be superseded by one naming nobody,
    which the person's tab does not list."""
    if not ids:
        return set()
    return set(
        session.execute(
            select(col(Analysis.supersedes_id)).where(col(Analysis.supersedes_id).in_(ids))
        ).scalars()
    )


def _test(analysis: Analysis, replaced: set[int]) -> str:
    """The kind of test, marked when it no longer stands: the Decided column, which alone
    would tell the results apart, is cut off in a narrow terminal. A withdrawn test says who
    withdrew it, when and why in its remarks."""
    if analysis.withdrawn_at is not None:
        return _("{test} (withdrawn)").format(test=analysis.kind)
    if analysis.id in replaced:
        return _("{test} (superseded)").format(test=analysis.kind)
    return analysis.kind


def _remarks(analysis: Analysis) -> str:
    """The test's remarks, followed for a withdrawn one by who withdrew it, when and why."""
    if analysis.withdrawn_at is None:
        return analysis.remarks
    withdrawal = _("withdrawn by {who} at {when}: {reason}").format(
        who=analysis.withdrawn_by,
        when=moment(analysis.withdrawn_at.isoformat()),
        reason=analysis.withdrawn_reason,
    )
    if not analysis.remarks:
        return withdrawal
    return _("{remarks}; {withdrawal}").format(remarks=analysis.remarks, withdrawal=withdrawal)


def _matched(analysis: Analysis, person: Person | None) -> str:
    """Whom a match names: the person it is linked to ("佐藤 太郎 (Reg. No. 12)"), or the name
    as the results wrote it when it links no one (nobody of that name, or namesakes)."""
    if person is not None:
        return person_named(person.name, person.register_no, person.id)
    if analysis.matched_name:
        return _("{name} (linked to no person)").format(name=analysis.matched_name)
    return ""
