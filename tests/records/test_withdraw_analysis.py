"""A test entered by hand in error is withdrawn: it stays, marked with who, when and why, the
test before it of its kind stands again, and nothing that reads the evidence counts it; a
test a standing decision rests on is withdrawn only once that decision is."""

from __future__ import annotations

import json

import pytest
from sqlmodel import col, select

from records.database import Database
from records.dates import PartialDate, Precision
from records.errors import Invalid
from records.models import Analysis, AuditEvent, Specimen
from records.services import analyses, ceremonies, lot_status, roll_bulk
from records.services.analysis_withdrawal import withdraw_analysis
from records.services.custody import latest_event, withdraw_event
from records.services.roll_bulk import PersonFilter
from records.status import LotStatus
from tests.records.conftest import (
    DECIDED,
    MakeLot,
    analyse,
    create_person,
    migrate,
    register_lot,
)

WRONG_SPECIMEN = "entered on the wrong specimen"


def _withdraw(db: Database, actor: str, analysis_id: int, reason: str = WRONG_SPECIMEN) -> None:
    with db.session() as session:
        withdraw_analysis(session, actor, analysis_id, reason)


def _analysis(db: Database, analysis_id: int) -> Analysis:
    with db.reading() as session:
        analysis = session.get(Analysis, analysis_id)
        assert analysis is not None
        return analysis


def _supersedes(db: Database) -> dict[int, int | None]:
    with db.reading() as session:
        rows = session.execute(select(col(Analysis.id), col(Analysis.supersedes_id)))
        return {analysis_id: supersedes for analysis_id, supersedes in rows}


def test_a_withdrawn_test_stays_marked_and_audited_and_the_one_before_stands_again(
    database: Database, actor: str
) -> None:
    lot_id = register_lot(database, actor)
    first = analyse(database, actor, lot_id, "pending")
    wrong = analyse(database, actor, lot_id, "japanese")

    _withdraw(database, actor, wrong)

    withdrawn = _analysis(database, wrong)
    assert withdrawn.withdrawn_at is not None
    assert (withdrawn.withdrawn_by, withdrawn.withdrawn_reason) == (actor, WRONG_SPECIMEN)
    assert _supersedes(database) == {first: None, wrong: None}
    with database.reading() as session:
        event = session.execute(
            select(AuditEvent).where(col(AuditEvent.action) == "withdraw_analysis")
        ).scalar_one()
        found = list(session.execute(select(Analysis)).scalars())
        assert not analyses.any_found(session, found, LotStatus.JAPANESE)
    assert (event.entity, event.entity_id, event.actor) == ("Analysis", wrong, actor)
    assert event.reason == WRONG_SPECIMEN
    assert json.loads(event.before) == {"supersedes_id": first}


def test_a_test_withdrawn_between_two_leaves_the_later_superseding_the_earlier(
    database: Database, actor: str
) -> None:
    lot_id = register_lot(database, actor)
    first = analyse(database, actor, lot_id, "pending")
    wrong = analyse(database, actor, lot_id, "not_japanese")
    last = analyse(database, actor, lot_id, "japanese")

    _withdraw(database, actor, wrong)

    assert _supersedes(database) == {first: None, wrong: None, last: first}
    with database.reading() as session:
        relinked = session.execute(
            select(AuditEvent).where(col(AuditEvent.action) == "supersede")
        ).scalar_one()
    assert (relinked.entity_id, relinked.reason) == (last, WRONG_SPECIMEN)
    assert json.loads(relinked.after) == {"supersedes_id": first}


def test_a_test_entered_after_a_withdrawal_supersedes_the_one_standing(
    database: Database, actor: str
) -> None:
    lot_id = register_lot(database, actor)
    first = analyse(database, actor, lot_id, "pending")
    wrong = analyse(database, actor, lot_id, "not_japanese")
    _withdraw(database, actor, wrong)

    right = analyse(database, actor, lot_id, "japanese")

    assert _supersedes(database) == {first: None, wrong: None, right: first}


def test_a_withdrawn_match_identifies_no_one(database: Database, actor: str) -> None:
    lot_id = register_lot(database, actor)
    create_person(database, actor, name="長谷川 治", register_no=100018)
    match = analyse(database, actor, lot_id, "japanese", matched="長谷川 治")

    _withdraw(database, actor, match)

    with database.reading() as session:
        assert analyses.current_matches(session, lot_id) == []


def test_a_withdrawn_test_is_no_evidence_for_a_verdict(database: Database, actor: str) -> None:
    lot_id = register_lot(database, actor)
    wrong = analyse(database, actor, lot_id, "japanese")
    _withdraw(database, actor, wrong)

    with (
        database.session() as session,
        pytest.raises(Invalid, match="was withdrawn: it is no evidence"),
    ):
        lot_status.decide_affiliation(
            session, actor, lot_id, LotStatus.JAPANESE, [wrong], "committee", on=DECIDED
        )


def test_a_test_already_withdrawn_is_refused(database: Database, actor: str) -> None:
    lot_id = register_lot(database, actor)
    wrong = analyse(database, actor, lot_id, "japanese")
    _withdraw(database, actor, wrong)

    with pytest.raises(Invalid, match=r"DNA\(STR\) test of specimen .* is already withdrawn"):
        _withdraw(database, actor, wrong)


def test_a_withdrawal_without_a_reason_is_refused(database: Database, actor: str) -> None:
    lot_id = register_lot(database, actor)
    wrong = analyse(database, actor, lot_id, "japanese")

    with pytest.raises(Invalid, match="say why"):
        _withdraw(database, actor, wrong, reason="  ")
    assert _analysis(database, wrong).withdrawn_at is None


def test_a_test_a_standing_verdict_cites_is_refused_naming_the_decision(
    database: Database, actor: str, make_lot: MakeLot
) -> None:
    lot_id = make_lot(LotStatus.JAPANESE)
    with database.reading() as session:
        cited = session.execute(select(col(Analysis.id))).scalar_one()

    with pytest.raises(
        Invalid,
        match=r"evidence for the standing decision of lot .* \(Japanese, 令和2年3月4日\): "
        "withdraw that decision first",
    ):
        _withdraw(database, actor, cited)
    assert _analysis(database, cited).withdrawn_at is None

    with database.reading() as session:
        decision = latest_event(session, lot_id)
    assert decision is not None
    with database.session() as session:
        withdraw_event(session, actor, decision.id or 0, "decided on the wrong lot")
    _withdraw(database, actor, cited)
    assert _analysis(database, cited).withdrawn_at is not None


def test_the_match_a_hand_over_rests_on_is_refused(
    database: Database, actor: str, make_lot: MakeLot
) -> None:
    make_lot(LotStatus.HANDED_TO_FAMILY)
    with database.reading() as session:
        match = session.execute(
            select(col(Analysis.id)).where(col(Analysis.match_result) == "match")
        ).scalar_one()

    with pytest.raises(Invalid, match=r"\(handed to the family, date not recorded\)"):
        _withdraw(database, actor, match)


def test_migration_0011_keeps_the_tests_and_refuses_to_go_back_while_one_is_withdrawn(
    any_database: Database, actor: str
) -> None:
    lot_id = register_lot(any_database, actor)
    migrate(any_database, "0010")
    migrate(any_database, "head")
    wrong = analyse(any_database, actor, lot_id, "japanese")
    assert _analysis(any_database, wrong).withdrawn_by == ""

    _withdraw(any_database, actor, wrong)

    with pytest.raises(RuntimeError, match="withdrawn"):
        migrate(any_database, "0010")


def test_a_person_whose_match_is_withdrawn_is_not_added_to_a_roll_as_identified(
    database: Database, actor: str
) -> None:
    create_person(database, actor, name="長谷川 治", register_no=100018)
    register_lot(database, actor)
    with database.reading() as session:
        specimen = session.execute(select(Specimen.number)).scalar_one()
    fields = analyses.AnalysisFields(
        kind="DNA(STR)",
        affiliation="japanese",
        match_result="match",
        matched_name="長谷川 治",
        decided=PartialDate("2024-03-01", "2024-03-01", Precision.DAY),
    )
    with database.session() as session:
        match = analyses.record_analysis(session, actor, specimen, fields, "lab report")
    _withdraw(database, actor, match.id or 0)
    with database.session() as session:
        memorial = ceremonies.create_ceremony(
            session, actor, "追悼の集い", "memorial", "令和8年8月23日", "千鳥ヶ淵戦没者墓苑", "plan"
        )

    with database.session() as session:
        identified = PersonFilter(identified_since="2020-04-01")
        result = roll_bulk.bulk_add_persons(session, actor, memorial.id or 0, identified, "plan")

    assert result.added == 0


def test_an_undated_test_named_as_the_one_a_verdict_cites_is_withdrawn(
    database: Database, actor: str
) -> None:
    """Undated tests of one kind on one specimen read alike in the decision's evidence: the
    ids its audit event keeps tell them apart."""
    lot_id = register_lot(database, actor)
    cited = analyse(database, actor, lot_id, "japanese")
    with database.session() as session:
        lot_status.change_status(
            session, actor, lot_id, LotStatus.AFFILIATION_PENDING, "sent to the laboratory"
        )
    with database.session() as session:
        lot_status.decide_affiliation(
            session, actor, lot_id, LotStatus.JAPANESE, [cited], "committee", on=DECIDED
        )
    wrong = analyse(database, actor, lot_id, "pending")

    _withdraw(database, actor, wrong)

    assert _analysis(database, wrong).withdrawn_at is not None
    with pytest.raises(Invalid, match="withdraw that decision first"):
        _withdraw(database, actor, cited)
