"""The life of a lot of remains: which status may follow which, what is refused and why, and
what each move leaves behind (custody events, analyses, the audit log)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text
from sqlmodel import col, select

from records import audit
from records.database import Database
from records.dates import UNDATED, PartialDate, Precision
from records.errors import Invalid, TransitionRefused
from records.models import Analysis, AuditEvent, CustodyEvent, RemainsLot, Specimen
from records.services import analyses, lot_status
from records.status import LABELS_EN, NEEDS_EVIDENCE, TRANSITIONS, VERDICTS, LotStatus
from tests.records.conftest import (
    DECIDED,
    contradicts_verdict_on_path,
    identify,
    migrate,
    move,
    register_lot,
)

# The transitions a lot walked by the shortest path takes without contradicting the verdict
# that path records (test_standing_verdict.py has those refused).
ALLOWED = [
    (current, following)
    for current, nexts in TRANSITIONS.items()
    for following in nexts
    if not contradicts_verdict_on_path(current, following)
]
MOVES_REMAINS = {
    LotStatus.INTERRED: "interred",
    LotStatus.DISINTERRED: "disinterred",
    LotStatus.REINTERRED: "reinterred",
    LotStatus.HANDED_TO_FAMILY: "handed_to_family",
    LotStatus.REPATRIATED: "repatriated",
}


def _lot(db: Database, lot_id: int) -> RemainsLot:
    with db.reading() as session:
        lot = session.get(RemainsLot, lot_id)
        assert lot is not None
        return lot


def _events(db: Database, lot_id: int) -> list[AuditEvent]:
    with db.reading() as session:
        return audit.history(session, "RemainsLot", lot_id)


def _custody(db: Database, lot_id: int) -> list[CustodyEvent]:
    with db.reading() as session:
        return list(
            session.exec(
                select(CustodyEvent)
                .where(col(CustodyEvent.lot_id) == lot_id)
                .order_by(col(CustodyEvent.id))
            )
        )


def _specimen_of(db: Database, lot_id: int) -> str:
    with db.reading() as session:
        return session.exec(select(Specimen.number).where(col(Specimen.lot_id) == lot_id)).one()


def test_a_registered_lot_is_recovered_with_its_specimens_and_a_custody_event(
    database: Database, make_lot
) -> None:
    lot_id = make_lot()
    assert _lot(database, lot_id).status == LotStatus.RECOVERED
    assert [event.kind for event in _custody(database, lot_id)] == ["recovered"]
    assert _specimen_of(database, lot_id).startswith("HB-012-19-")
    assert [event.action for event in _events(database, lot_id)] == ["register"]


@pytest.mark.parametrize(
    ("current", "following"), ALLOWED, ids=[f"{a.value}->{b.value}" for a, b in ALLOWED]
)
def test_every_allowed_transition_is_accepted(
    database: Database, actor: str, make_lot, section: int, current: LotStatus, following: LotStatus
) -> None:
    lot_id = make_lot(current)
    version = _lot(database, lot_id).version

    move(
        database,
        actor,
        lot_id,
        following,
        "committee decision",
        expected_version=version,
        location_id=section,
    )

    lot = _lot(database, lot_id)
    assert lot.status == following
    assert lot.version == version + 1
    last = _events(database, lot_id)[-1]
    assert last.action == ("decide_affiliation" if following in VERDICTS else "status")
    assert last.actor == actor
    assert json.loads(last.before)["status"] == current.value
    assert json.loads(last.after)["status"] == following.value
    assert last.reason == "committee decision"
    cited = json.loads(last.after).get("evidence", [])
    # A hand-over cites the DNA match naming the person, as a verdict cites its tests.
    assert bool(cited) == (following in (*NEEDS_EVIDENCE, LotStatus.HANDED_TO_FAMILY))
    assert all(c.startswith("HB-012-19-") for c in cited)


@pytest.mark.parametrize("current", list(LotStatus), ids=[s.value for s in LotStatus])
def test_every_transition_not_allowed_is_refused_and_changes_nothing(
    database: Database, actor: str, make_lot, section: int, current: LotStatus
) -> None:
    lot_id = make_lot(current)
    before = _lot(database, lot_id)
    events_before = len(_events(database, lot_id))
    refused = [s for s in LotStatus if s not in TRANSITIONS[current]]
    assert refused, "every status refuses at least itself"

    for requested in refused:
        with pytest.raises(TransitionRefused) as caught:
            move(database, actor, lot_id, requested, "by mistake", location_id=section)
        assert caught.value.current == current.value
        assert caught.value.requested == requested.value
        assert set(caught.value.allowed) == set(TRANSITIONS[current])

    after = _lot(database, lot_id)
    assert (after.status, after.version, after.location_id) == (
        before.status,
        before.version,
        before.location_id,
    )
    assert len(_events(database, lot_id)) == events_before


def test_refusal_names_the_current_state_and_the_allowed_ones(
    database: Database, actor: str, make_lot, section: int
) -> None:
    lot_id = make_lot(LotStatus.RECOVERED)
    number = _lot(database, lot_id).lot_number

    with database.session() as session, pytest.raises(TransitionRefused) as caught:
        lot_status.inter(session, actor, lot_id, section, PartialDate("", None, None), "ceremony")

    assert str(caught.value) == (
        f"lot {number} is recovered; it cannot become interred (allowed: affiliation_pending)"
    )


def test_a_lot_in_a_final_state_says_nothing_may_follow(
    database: Database, actor: str, make_lot
) -> None:
    lot_id = make_lot(LotStatus.REPATRIATED)

    with database.session() as session, pytest.raises(TransitionRefused) as caught:
        lot_status.change_status(session, actor, lot_id, LotStatus.AFFILIATION_PENDING, "retest")

    assert "is repatriated" in str(caught.value)
    assert "allowed: none (final state)" in str(caught.value)


@pytest.mark.parametrize(
    "moved", list(MOVES_REMAINS), ids=[status.value for status in MOVES_REMAINS]
)
def test_moving_the_remains_writes_a_custody_event(
    database: Database, actor: str, make_lot, section: int, moved: LotStatus
) -> None:
    steps = {
        LotStatus.INTERRED: LotStatus.JAPANESE,
        LotStatus.DISINTERRED: LotStatus.INTERRED,
        LotStatus.REINTERRED: LotStatus.DISINTERRED,
        LotStatus.HANDED_TO_FAMILY: LotStatus.JAPANESE,
        LotStatus.REPATRIATED: LotStatus.HELD,
    }
    lot_id = make_lot(steps[moved])
    if moved == LotStatus.HANDED_TO_FAMILY:
        identify(database, actor, lot_id)
    where_before = _lot(database, lot_id).location_id
    on = PartialDate("令和7年5月26日", "2025-05-26", Precision.DAY)

    with database.session() as session:
        lot_status.change_status(
            session, actor, lot_id, moved, "spring ceremony", location_id=section, on=on
        )

    event = _custody(database, lot_id)[-1]
    assert event.kind == MOVES_REMAINS[moved]
    assert (event.happened_text, event.happened_on) == ("令和7年5月26日", "2025-05-26")
    assert event.actor == actor
    assert event.reason == "spring ceremony"
    assert event.from_location_id == where_before
    stays_here = moved in (LotStatus.INTERRED, LotStatus.REINTERRED)
    assert event.to_location_id == (section if stays_here else None)
    assert _lot(database, lot_id).location_id == (section if stays_here else None)


def test_a_verdict_alone_moves_no_remains(database: Database, actor: str, make_lot) -> None:
    lot_id = make_lot(LotStatus.AFFILIATION_PENDING)

    move(database, actor, lot_id, LotStatus.JAPANESE, "DNA result")

    decision = _custody(database, lot_id)[-1]
    assert [event.kind for event in _custody(database, lot_id)] == ["recovered", "decided_japanese"]
    assert (decision.from_location_id, decision.to_location_id) == (None, None)
    assert _lot(database, lot_id).location_id is None


@pytest.mark.parametrize("verdict", VERDICTS, ids=[v.value for v in VERDICTS])
@pytest.mark.parametrize(
    "current",
    [LotStatus.AFFILIATION_PENDING, LotStatus.JAPANESE],
    ids=["affiliation_pending", "japanese"],
)
def test_a_plain_status_change_never_records_a_verdict(
    database: Database, actor: str, make_lot, current: LotStatus, verdict: LotStatus
) -> None:
    """A verdict rests on evidence: only deciding the affiliation records one."""
    lot_id = make_lot(current)
    before = _lot(database, lot_id)

    with database.session() as session, pytest.raises(Invalid) as caught:
        lot_status.change_status(session, actor, lot_id, verdict, "the committee said so")

    assert caught.value.field == "status"
    assert "deciding the lot's affiliation" in str(caught.value)
    after = _lot(database, lot_id)
    assert (after.status, after.version) == (before.status, before.version)


def test_interring_needs_a_place_in_the_ossuary(database: Database, actor: str, make_lot) -> None:
    lot_id = make_lot(LotStatus.JAPANESE)

    with database.session() as session, pytest.raises(Invalid) as caught:
        lot_status.change_status(session, actor, lot_id, LotStatus.INTERRED, "ceremony")

    assert caught.value.field == "location"
    assert _lot(database, lot_id).status == LotStatus.JAPANESE


def test_a_status_change_needs_a_reason(database: Database, actor: str, make_lot) -> None:
    lot_id = make_lot()

    with database.session() as session, pytest.raises(Invalid) as caught:
        lot_status.change_status(session, actor, lot_id, LotStatus.AFFILIATION_PENDING, "  ")

    assert caught.value.field == "reason"


def test_interred_lot_can_be_disinterred_and_reinterred(
    database: Database, actor: str, make_lot, section: int
) -> None:
    lot_id = make_lot(LotStatus.INTERRED)
    on = PartialDate("", None, None)

    with database.session() as session:
        lot_status.disinter(session, actor, lot_id, on, "vault renovation")
    with database.session() as session:
        lot_status.reinter(session, actor, lot_id, section, on, "renovation completed")

    assert _lot(database, lot_id).status == LotStatus.REINTERRED
    kinds = [event.kind for event in _custody(database, lot_id)]
    assert kinds[-3:] == ["interred", "disinterred", "reinterred"]


def _analyse(
    db: Database, actor: str, specimen: str, affiliation: str, when: str, kind: str = "DNA(STR)"
) -> Analysis:
    fields = analyses.AnalysisFields(
        kind=kind,
        affiliation=affiliation,
        decided=PartialDate(when, when, Precision.DAY),
    )
    with db.session() as session:
        return analyses.record_analysis(session, actor, specimen, fields, "laboratory report")


def test_decide_affiliation_cites_its_evidence(database: Database, actor: str, make_lot) -> None:
    lot_id = make_lot(LotStatus.AFFILIATION_PENDING)
    analysis = _analyse(database, actor, _specimen_of(database, lot_id), "japanese", "2020-02-01")

    with database.session() as session:
        lot_status.decide_affiliation(
            session,
            actor,
            lot_id,
            LotStatus.JAPANESE,
            [analysis.id],
            "committee of 2020-03",
            on=DECIDED,
        )

    assert _lot(database, lot_id).status == LotStatus.JAPANESE
    last = _events(database, lot_id)[-1]
    specimen = _specimen_of(database, lot_id)
    # Named as a registrar names them, beside the analyses' ids in the audit's after-data;
    # the reason is the registrar's own.
    assert last.action == "decide_affiliation"
    assert last.reason == "committee of 2020-03"
    assert json.loads(last.after)["analysis_ids"] == [analysis.id]
    assert json.loads(last.after)["evidence"] == [f"{specimen} DNA(STR) 2020-02-01"]
    decision = _custody(database, lot_id)[-1]
    # The custody event keeps what the decision cites beside the reason, as named.
    assert (decision.reason, decision.evidence) == (
        "committee of 2020-03", f"{specimen} DNA(STR) 2020-02-01"
    )  # fmt: skip
    assert (decision.kind, decision.happened_text, decision.happened_on) == (
        "decided_japanese", "令和2年3月4日", "2020-03-04"
    )  # fmt: skip


def test_evidence_from_another_lot_is_refused(database: Database, actor: str, make_lot) -> None:
    lot_id = make_lot(LotStatus.AFFILIATION_PENDING)
    other = make_lot(LotStatus.AFFILIATION_PENDING)
    foreign = _analyse(database, actor, _specimen_of(database, other), "japanese", "2020-02-01")

    with database.session() as session, pytest.raises(Invalid) as caught:
        lot_status.decide_affiliation(
            session, actor, lot_id, LotStatus.JAPANESE, [foreign.id], "committee", on=DECIDED
        )

    assert caught.value.field == "evidence"
    assert _lot(database, lot_id).status == LotStatus.AFFILIATION_PENDING


@pytest.mark.parametrize(
    ("cited", "verdict"),
    [
        (["pending"], LotStatus.JAPANESE),
        (["pending", "undeterminable"], LotStatus.JAPANESE),
        (["not_japanese"], LotStatus.JAPANESE),
        (["japanese", "pending"], LotStatus.NOT_JAPANESE),
    ],
    ids=["pending", "pending and undeterminable", "the other way", "not japanese"],
)
def test_a_verdict_is_refused_when_no_analysis_cited_found_it(
    database: Database, actor: str, make_lot, cited: list[str], verdict: LotStatus
) -> None:
    """An analysis still pending, or one that found otherwise, is no evidence for the
    verdict: the committee decides on results."""
    lot_id = make_lot(LotStatus.AFFILIATION_PENDING)
    specimen = _specimen_of(database, lot_id)
    kinds = ["DNA(STR)", "安定同位体"]
    evidence = [
        _analyse(database, actor, specimen, found, "2020-02-01", kind).id
        for found, kind in zip(cited, kinds, strict=False)
    ]

    with database.session() as session, pytest.raises(Invalid) as caught:
        lot_status.decide_affiliation(
            session, actor, lot_id, verdict, evidence, "committee", on=DECIDED
        )

    assert caught.value.field == "evidence"
    assert f"none of the analyses cited found {LABELS_EN[verdict]}:" in str(caught.value)
    assert _lot(database, lot_id).status == LotStatus.AFFILIATION_PENDING


def test_a_result_replaced_by_a_later_test_is_no_evidence(
    database: Database, actor: str, make_lot
) -> None:
    lot_id = make_lot(LotStatus.AFFILIATION_PENDING)
    specimen = _specimen_of(database, lot_id)
    first = _analyse(database, actor, specimen, "japanese", "2020-02-01")
    retest = _analyse(database, actor, specimen, "not_japanese", "2020-02-20")
    assert retest.supersedes_id == first.id

    with database.session() as session, pytest.raises(Invalid) as caught:
        lot_status.decide_affiliation(
            session, actor, lot_id, LotStatus.JAPANESE, [first.id], "c", on=DECIDED
        )
    assert caught.value.field == "evidence"

    with database.session() as session:
        lot_status.decide_affiliation(
            session, actor, lot_id, LotStatus.NOT_JAPANESE, [retest.id], "c", on=DECIDED
        )
    assert _lot(database, lot_id).status == LotStatus.NOT_JAPANESE


def test_a_verdict_may_cite_a_pending_test_beside_one_that_found_it(
    database: Database, actor: str, make_lot
) -> None:
    lot_id = make_lot(LotStatus.AFFILIATION_PENDING)
    specimen = _specimen_of(database, lot_id)
    found = _analyse(database, actor, specimen, "japanese", "2020-02-01")
    waiting = _analyse(database, actor, specimen, "pending", "2020-02-02", "安定同位体")

    with database.session() as session:
        lot_status.decide_affiliation(
            session,
            actor,
            lot_id,
            LotStatus.JAPANESE,
            [waiting.id, found.id],
            "committee",
            on=DECIDED,
        )

    assert _lot(database, lot_id).status == LotStatus.JAPANESE


def test_only_a_verdict_can_be_decided(database: Database, actor: str, make_lot) -> None:
    lot_id = make_lot(LotStatus.AFFILIATION_PENDING)

    with database.session() as session, pytest.raises(Invalid) as caught:
        lot_status.decide_affiliation(
            session, actor, lot_id, LotStatus.INTERRED, [], "committee", on=DECIDED
        )

    assert caught.value.field == "verdict"


def test_a_japanese_or_not_japanese_verdict_must_cite_a_test(
    database: Database, actor: str, make_lot
) -> None:
    lot_id = make_lot(LotStatus.AFFILIATION_PENDING)

    for verdict in (LotStatus.JAPANESE, LotStatus.NOT_JAPANESE):
        with database.session() as session, pytest.raises(Invalid) as caught:
            lot_status.decide_affiliation(
                session, actor, lot_id, verdict, [], "committee", on=DECIDED
            )
        assert caught.value.field == "evidence"
    assert _lot(database, lot_id).status == LotStatus.AFFILIATION_PENDING

    with database.session() as session:
        lot_status.decide_affiliation(
            session,
            actor,
            lot_id,
            LotStatus.UNDETERMINABLE,
            [],
            "no specimen could be tested",
            on=DECIDED,
        )
    assert _lot(database, lot_id).status == LotStatus.UNDETERMINABLE


def test_a_decision_can_be_overturned_after_a_new_analysis(
    database: Database, actor: str, make_lot
) -> None:
    lot_id = make_lot(LotStatus.JAPANESE)
    retest = _analyse(database, actor, _specimen_of(database, lot_id), "not_japanese", "2020-02-20")

    with database.session() as session:
        lot_status.decide_affiliation(
            session,
            actor,
            lot_id,
            LotStatus.NOT_JAPANESE,
            [retest.id],
            "overturned by retest",
            on=DECIDED,
        )

    assert _lot(database, lot_id).status == LotStatus.NOT_JAPANESE


def test_record_analysis_supersedes_and_never_overwrites(
    database: Database, actor: str, make_lot
) -> None:
    lot_id = make_lot(LotStatus.AFFILIATION_PENDING)
    specimen = _specimen_of(database, lot_id)
    first = _analyse(database, actor, specimen, "japanese", "2023-06-01")
    first_row = first.model_dump()

    second = _analyse(database, actor, specimen, "not_japanese", "2025-02-01")

    assert second.id != first.id
    assert second.supersedes_id == first.id
    assert first.supersedes_id is None
    with database.reading() as session:
        rows = session.exec(select(Analysis).order_by(col(Analysis.id))).all()
        assert [row.model_dump() for row in rows] == [first_row, second.model_dump()]
        analysis_events = audit.history(session, "Analysis", second.id or 0)
    assert [event.action for event in analysis_events] == ["analysis"]


def test_a_test_of_another_kind_stands_beside_and_a_retest_supersedes_its_own_kind(
    database: Database, actor: str, make_lot
) -> None:
    specimen = _specimen_of(database, make_lot(LotStatus.AFFILIATION_PENDING))
    first = _analyse(database, actor, specimen, "japanese", "2023-06-01")
    isotope = _analyse(database, actor, specimen, "japanese", "2023-07-01", kind="安定同位体")

    retest = _analyse(database, actor, specimen, "not_japanese", "2025-02-01", "ＤＮＡ （ＳＴＲ）")

    assert isotope.supersedes_id is None
    assert retest.supersedes_id == first.id
    assert (retest.kind, retest.kind_text) == ("DNA(STR)", "ＤＮＡ （ＳＴＲ）")


def test_an_analysis_of_an_unknown_specimen_is_refused(database: Database, actor: str) -> None:
    fields = analyses.AnalysisFields(kind="DNA(STR)", affiliation="japanese")

    with database.session() as session, pytest.raises(Invalid) as caught:
        analyses.record_analysis(session, actor, "NO-SUCH-SPECIMEN", fields, "report")

    assert caught.value.field == "specimen"


def test_a_decision_needs_a_reason_even_when_it_cites_evidence(
    database: Database, actor: str, make_lot
) -> None:
    lot_id = make_lot(LotStatus.AFFILIATION_PENDING)
    analysis = _analyse(database, actor, _specimen_of(database, lot_id), "japanese", "2020-02-01")

    with database.session() as session, pytest.raises(Invalid) as caught:
        lot_status.decide_affiliation(
            session, actor, lot_id, LotStatus.JAPANESE, [analysis.id], " ", on=DECIDED
        )

    assert caught.value.field == "reason"
    assert _lot(database, lot_id).status == LotStatus.AFFILIATION_PENDING


def test_an_analysis_cited_twice_is_cited_once(database: Database, actor: str, make_lot) -> None:
    lot_id = make_lot(LotStatus.AFFILIATION_PENDING)
    analysis = _analyse(database, actor, _specimen_of(database, lot_id), "japanese", "2020-02-01")

    with database.session() as session:
        lot_status.decide_affiliation(
            session,
            actor,
            lot_id,
            LotStatus.JAPANESE,
            [analysis.id, analysis.id],
            "committee",
            on=DECIDED,
        )

    specimen = _specimen_of(database, lot_id)
    assert json.loads(_events(database, lot_id)[-1].after)["evidence"] == [
        f"{specimen} DNA(STR) 2020-02-01"
    ]


def test_remains_are_not_moved_before_their_last_recorded_move(
    database: Database, actor: str, make_lot, section: int
) -> None:
    """Recovered on 令和元年8月1日 (2019-08-01): interred in 2018 would put the custody
    history out of order. A date as precise as the year only (2019) is not before it. (The
    verdict is undated here, so the recovery is the lot's last dated event.)"""
    lot_id = make_lot(LotStatus.AFFILIATION_PENDING)
    analysis = _analyse(database, actor, _specimen_of(database, lot_id), "japanese", "2019-09-01")
    with database.session() as session:
        lot_status.decide_affiliation(
            session, actor, lot_id, LotStatus.JAPANESE, [analysis.id], "c", on=UNDATED
        )
    before = _custody(database, lot_id)
    early = PartialDate("平成30年1月1日", "2018-01-01", Precision.DAY)
    with database.session() as session, pytest.raises(Invalid) as refused:
        lot_status.inter(session, actor, lot_id, section, early, "spring ceremony")
    assert refused.value.field == "date"
    assert str(refused.value.reason) == (
        "平成30年1月1日 is before the lot's last recorded move, on 令和元年8月1日"
    )
    assert (_lot(database, lot_id).status, _custody(database, lot_id)) == (
        LotStatus.JAPANESE, before
    )  # fmt: skip

    with database.session() as session:
        lot_status.inter(
            session, actor, lot_id, section, PartialDate("2019", "2019", Precision.YEAR), "x"
        )
    assert _custody(database, lot_id)[-1].happened_on == "2019"


def test_evidence_names_each_specimen_and_test_it_cites(
    database: Database, actor: str, make_lot
) -> None:
    lot_id = make_lot(LotStatus.AFFILIATION_PENDING)
    specimen = _specimen_of(database, lot_id)
    dna = _analyse(database, actor, specimen, "japanese", "2020-02-01", "DNA(Y-STR)")
    isotope = _analyse(database, actor, specimen, "pending", "2020-02-02", "安定同位体")

    with database.session() as session:
        lot_status.decide_affiliation(
            session, actor, lot_id, LotStatus.JAPANESE, [dna.id, isotope.id], "委員会", on=DECIDED
        )

    assert json.loads(_events(database, lot_id)[-1].after)["evidence"] == [
        f"{specimen} DNA(Y-STR) 2020-02-01",
        f"{specimen} 安定同位体 2020-02-02",
    ]


def test_the_decision_shows_its_date_in_the_audit_after_data(
    database: Database, actor: str, make_lot
) -> None:
    lot_id = make_lot(LotStatus.AFFILIATION_PENDING)
    on = PartialDate("令和3年3月", "2021-03", Precision.MONTH)

    with database.session() as session:
        lot_status.decide_affiliation(
            session, actor, lot_id, LotStatus.UNDETERMINABLE, [], "c", on=on
        )

    after = json.loads(_events(database, lot_id)[-1].after)
    assert (after["decided_text"], after["decided_on"]) == ("令和3年3月", "2021-03")
    assert _custody(database, lot_id)[-1].happened_on == "2021-03"


def test_a_decision_dated_before_the_recovery_is_refused(
    database: Database, actor: str, make_lot
) -> None:
    """Recovered on 令和元年8月1日: the committee cannot have decided on the remains in 2018."""
    lot_id = make_lot(LotStatus.AFFILIATION_PENDING)
    early = PartialDate("平成30年5月1日", "2018-05-01", Precision.DAY)

    with database.session() as session, pytest.raises(Invalid) as refused:
        lot_status.decide_affiliation(
            session, actor, lot_id, LotStatus.UNDETERMINABLE, [], "committee", on=early
        )

    assert refused.value.field == "date"
    assert str(refused.value.reason) == (
        "the decision of 平成30年5月1日 is before the lot's recovery, on 令和元年8月1日"
    )
    assert _lot(database, lot_id).status == LotStatus.AFFILIATION_PENDING
    assert [event.kind for event in _custody(database, lot_id)] == ["recovered"]


def test_a_decision_overturning_another_is_not_dated_before_it(
    database: Database, actor: str, make_lot
) -> None:
    lot_id = make_lot(LotStatus.JAPANESE)  # decided on 令和2年3月4日
    earlier = PartialDate("令和2年1月10日", "2020-01-10", Precision.DAY)

    with database.session() as session, pytest.raises(Invalid) as refused:
        lot_status.decide_affiliation(
            session, actor, lot_id, LotStatus.UNDETERMINABLE, [], "overturned", on=earlier
        )

    assert str(refused.value.reason) == (
        "the decision of 令和2年1月10日 is before the lot's earlier affiliation decision, "
        "on 令和2年3月4日"
    )


def test_a_decision_dated_before_the_analysis_it_cites_is_refused(
    database: Database, actor: str, make_lot
) -> None:
    """As a tester did (dated after the lot's recovery): a decision of 令和2年2月1日 citing a
    test decided on 令和2年3月10日.
    The committee cannot cite a result it did not have; a decision later that month can."""
    lot_id = make_lot(LotStatus.AFFILIATION_PENDING)
    with database.reading() as session:
        specimen = session.execute(
            select(Specimen.number).where(col(Specimen.lot_id) == lot_id)
        ).scalar_one()
    fields = analyses.AnalysisFields(
        kind="DNA(STR)",
        affiliation="japanese",
        decided=PartialDate("令和2年3月10日", "2020-03-10", Precision.DAY),
    )
    with database.session() as session:
        analysis = analyses.record_analysis(session, actor, specimen, fields, "laboratory report")
    assert analysis.id is not None
    early = PartialDate("令和2年2月1日", "2020-02-01", Precision.DAY)

    with database.session() as session, pytest.raises(Invalid) as refused:
        lot_status.decide_affiliation(
            session, actor, lot_id, LotStatus.JAPANESE, [analysis.id], "committee", on=early
        )

    assert refused.value.field == "date"
    assert str(refused.value.reason) == (
        f"the decision of 令和2年2月1日 is before the DNA(STR) test of specimen {specimen} it "
        "cites, decided on 令和2年3月10日"
    )
    assert _lot(database, lot_id).status == LotStatus.AFFILIATION_PENDING


def test_remains_are_not_interred_before_the_decision_that_allowed_it(
    database: Database, actor: str, make_lot, section: int
) -> None:
    """Decided Japanese on 令和2年3月4日: interred in 令和2年2月, after the recovery but before
    the verdict, is refused naming both dates; a date of the same month as the decision is
    not before it."""
    lot_id = make_lot(LotStatus.JAPANESE)
    early = PartialDate("令和2年2月20日", "2020-02-20", Precision.DAY)

    with database.session() as session, pytest.raises(Invalid) as refused:
        lot_status.inter(session, actor, lot_id, section, early, "spring ceremony")

    assert refused.value.field == "date"
    assert str(refused.value.reason) == (
        "令和2年2月20日 is before the affiliation decision of 令和2年3月4日: the remains are "
        "moved only after the committee has decided"
    )
    assert _lot(database, lot_id).status == LotStatus.JAPANESE

    with database.session() as session:
        lot_status.inter(
            session,
            actor,
            lot_id,
            section,
            PartialDate("令和2年3月", "2020-03", Precision.MONTH),
            "x",
        )
    assert _lot(database, lot_id).status == LotStatus.INTERRED


def test_a_test_of_another_lot_is_refused_as_evidence_named_by_its_specimen(
    database: Database, actor: str, make_lot
) -> None:
    lot_id, other_id = make_lot(LotStatus.AFFILIATION_PENDING), make_lot(LotStatus.RECOVERED)
    specimen = _specimen_of(database, other_id)
    analysis = _analyse(database, actor, specimen, "japanese", "2020-02-01")

    with pytest.raises(Invalid) as refused, database.session() as session:
        lot_status.decide_affiliation(
            session, actor, lot_id, LotStatus.JAPANESE, [analysis.id], "委員会", on=DECIDED
        )

    other = _lot(database, other_id).lot_number
    assert str(refused.value) == (
        f"evidence: the DNA(STR) test of specimen {specimen} is of lot {other}, not of this one"
    )
    assert _lot(database, lot_id).status == LotStatus.AFFILIATION_PENDING


def test_a_decision_recorded_as_a_status_change_keeps_its_event_and_the_chain_holds(
    database: Database, actor: str, make_lot, run_irei
) -> None:
    """Decisions recorded before they had their own action stay as written: rewriting them
    would break the audit chain, which ``irei audit verify`` checks."""
    lot_id = make_lot(LotStatus.AFFILIATION_PENDING)
    specimen = _specimen_of(database, lot_id)
    analysis = _analyse(database, actor, specimen, "japanese", "2020-02-01")
    old_reason = f"committee (evidence: {specimen} DNA(STR) 2020-02-01)"
    with database.session() as session, session.begin():
        audit.record(
            session,
            actor,
            "status",
            "RemainsLot",
            lot_id,
            before={"status": "affiliation_pending"},
            after={"status": "japanese", "analysis_ids": [analysis.id]},
            reason=old_reason,
        )
    with database.session() as session:
        lot_status.decide_affiliation(
            session, actor, lot_id, LotStatus.JAPANESE, [analysis.id], "committee", on=DECIDED
        )

    old, new = _events(database, lot_id)[-2:]
    assert (old.action, old.reason) == ("status", old_reason)
    assert (new.action, new.reason) == ("decide_affiliation", "committee")
    db_path = database.engine.url.database
    assert db_path is not None
    database.close()
    verified = run_irei(["--db", db_path, "audit", "verify"])
    assert verified.returncode == 0, verified.stderr
    assert "audit log intact" in verified.stdout


def test_a_decision_recorded_before_its_evidence_had_a_column_keeps_its_reason_as_written(
    any_database: Database, actor: str
) -> None:
    """Migration 0004 leaves the reasons it finds as they are (the history shows them as they
    always read); going back to 0003 puts the evidence into the reason again, as kept then."""
    lot_id = register_lot(any_database, actor)
    move(any_database, actor, lot_id, LotStatus.AFFILIATION_PENDING, "for the committee")
    move(any_database, actor, lot_id, LotStatus.JAPANESE, "committee")
    specimen = _specimen_of(any_database, lot_id)
    written = f"committee (evidence: {specimen} DNA(STR))"

    migrate(any_database, "0003")
    assert _decision_as_stored(any_database, lot_id) == {"reason": written}
    migrate(any_database, "head")

    assert _decision_as_stored(any_database, lot_id) == {"reason": written, "evidence": ""}


def _decision_as_stored(db: Database, lot_id: int) -> dict[str, object]:
    """The reason and evidence (if the schema has it) of the lot's decision, read in SQL."""
    with db.engine.connect() as conn:
        row = (
            conn.execute(
                text("SELECT * FROM custody_event WHERE lot_id = :lot AND kind LIKE 'decided_%'"),
                {"lot": lot_id},
            )
            .mappings()
            .one()
        )
    return {name: row[name] for name in ("reason", "evidence") if name in row}


def test_a_move_keeps_its_date_in_the_audit_after_data(
    database: Database, actor: str, make_lot
) -> None:
    """The hash chain covers the audit event, not the custody table: the date is in both."""
    lot_id = make_lot(LotStatus.INTERRED)
    on = PartialDate("令和8年1月10日", "2026-01-10", Precision.DAY)

    with database.session() as session:
        lot_status.disinter(session, actor, lot_id, on, "改葬のため")

    after = json.loads(_events(database, lot_id)[-1].after)
    assert (after["happened_text"], after["happened_on"]) == ("令和8年1月10日", "2026-01-10")
