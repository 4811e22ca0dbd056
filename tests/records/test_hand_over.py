"""Remains are handed to a family only when a DNA match says whose they are: a standing
analysis of the lot matched to one person. The hand-over is final, so a lot with no match, or
with matches naming different persons, is refused and nothing is written."""

from __future__ import annotations

import json

import pytest
from sqlmodel import col, func, select

from records import audit
from records.database import Database
from records.dates import PartialDate, Precision
from records.errors import Invalid
from records.models import Analysis, CustodyEvent, RemainsLot, Specimen
from records.services import analyses, lot_status
from records.status import LotStatus
from tests.records.conftest import create_person, migrate, path_to, register_lot, walk

SPRING = PartialDate("令和7年5月26日", "2025-05-26", Precision.DAY)


def _japanese_lot(db: Database, actor: str, section: int, *specimens: str) -> int:
    """A lot judged Japanese, its specimens untested but for the test the verdict cites."""
    lot_id = register_lot(db, actor, specimens)
    walk(db, actor, lot_id, path_to(LotStatus.JAPANESE), section)
    return lot_id


def _test(
    db: Database, actor: str, specimen: str, match: str = "", name: str = "", kind: str = "DNA(STR)"
) -> int:
    fields = analyses.AnalysisFields(
        kind=kind,
        affiliation="japanese",
        match_result=match,
        matched_name=name,
        decided=PartialDate("令和3年3月4日", "2021-03-04", Precision.DAY),
    )
    with db.session() as session:
        analysis = analyses.record_analysis(session, actor, specimen, fields, "laboratory report")
    assert analysis.id is not None
    return analysis.id


def _isotope_match_as_a_file_sends_it(
    db: Database, actor: str, specimen: str, person_id: int
) -> None:
    """A stable-isotope 'match' of the person, as the Ministry's identification files send
    some and the import keeps them; a registrar could not enter it (record_analysis)."""
    with db.writing() as session:
        specimen_id = session.execute(
            select(Specimen.id).where(col(Specimen.number) == specimen)
        ).scalar_one()
        session.add(
            Analysis(
                specimen_id=specimen_id,
                kind="安定同位体",
                kind_text="安定同位体",
                affiliation="japanese",
                match_result="match",
                matched_name="佐藤 太郎",
                matched_person_id=person_id,
                recorded_by=actor,
                recorded_at=audit.now_utc(),
            )
        )


def _hand_over(db: Database, actor: str, lot_id: int) -> None:
    with db.session() as session:
        lot_status.change_status(
            session, actor, lot_id, LotStatus.HANDED_TO_FAMILY, "family visit", on=SPRING
        )


def _state(db: Database, lot_id: int) -> tuple[str, int, int, int]:
    """The lot's status and version, and how many custody and audit events it has."""
    with db.reading() as session:
        lot = session.get(RemainsLot, lot_id)
        assert lot is not None
        events = session.execute(
            select(func.count()).where(col(CustodyEvent.lot_id) == lot_id)
        ).scalar_one()
        return lot.status, lot.version, events, len(audit.history(session, "RemainsLot", lot_id))


def test_a_lot_no_analysis_matched_is_not_handed_to_the_family(
    database: Database, actor: str, section: int
) -> None:
    """As a tester did: two tests of the lot with 照合 blank, the lot judged Japanese."""
    lot_id = _japanese_lot(database, actor, section, "HB-012-19-0001", "HB-012-19-0002")
    _test(database, actor, "HB-012-19-0002")
    before = _state(database, lot_id)

    with pytest.raises(Invalid) as refused:
        _hand_over(database, actor, lot_id)

    assert refused.value.field == "status"
    with database.reading() as session:
        lot = session.get(RemainsLot, lot_id)
        assert lot is not None
    assert refused.value.reason == (
        f"no analysis of lot {lot.lot_number} matches a person: record the DNA match before "
        "the remains are handed to the family"
    )
    assert _state(database, lot_id) == before


@pytest.mark.parametrize(
    "untold",
    ["in progress", "nobody of that name", "namesakes", "replaced by a retest"],
)
def test_a_match_that_names_no_one_is_no_identification(
    database: Database, actor: str, section: int, untold: str
) -> None:
    lot_id = _japanese_lot(database, actor, section, "HB-012-19-0003")
    create_person(database, actor, name="佐藤 太郎", register_no=12)
    if untold == "namesakes":
        create_person(database, actor, name="佐藤 太郎", register_no=13)
    if untold == "in progress":
        _test(database, actor, "HB-012-19-0003", "in_progress", "佐藤 太郎")
    else:
        name = "鈴木 一郎" if untold == "nobody of that name" else "佐藤 太郎"
        _test(database, actor, "HB-012-19-0003", "match", name)
    if untold == "replaced by a retest":
        _test(database, actor, "HB-012-19-0003")
    before = _state(database, lot_id)

    with pytest.raises(Invalid) as refused:
        _hand_over(database, actor, lot_id)

    assert "record the DNA match" in str(refused.value.reason)
    assert _state(database, lot_id) == before


def test_a_lot_a_dna_match_identified_is_handed_to_that_persons_family(
    database: Database, actor: str, section: int
) -> None:
    lot_id = _japanese_lot(database, actor, section, "HB-012-19-0004", "HB-012-19-0005")
    person_id = create_person(database, actor, name="佐藤 太郎", register_no=12)
    first = _test(database, actor, "HB-012-19-0004", "match", "佐藤 太郎")
    # Another kind of test of another specimen naming the same person agrees with it.
    second = _test(database, actor, "HB-012-19-0005", "match", "佐藤　太郎", "DNA(Y-STR)")

    _hand_over(database, actor, lot_id)

    with database.reading() as session:
        lot = session.get(RemainsLot, lot_id)
        assert lot is not None and lot.status == LotStatus.HANDED_TO_FAMILY
        event = session.execute(
            select(CustodyEvent).order_by(col(CustodyEvent.id).desc()).limit(1)
        ).scalar_one()
        change = audit.history(session, "RemainsLot", lot_id)[-1]
    assert (event.kind, event.reason) == ("handed_to_family", "family visit")
    assert event.evidence == (
        "HB-012-19-0004 DNA(STR) 令和3年3月4日; HB-012-19-0005 DNA(Y-STR) 令和3年3月4日"
    )
    after = json.loads(change.after)
    assert (after["person_id"], after["analysis_ids"]) == (person_id, [first, second])


def test_the_hand_over_keeps_its_person_when_a_later_test_names_another(
    database: Database, actor: str, section: int
) -> None:
    """The remains went to the family the match named that day: a test recorded after the
    hand-over, naming someone else, changes the standing matches, not the hand-over."""
    lot_id = _japanese_lot(database, actor, section, "HB-012-19-0008")
    sato = create_person(database, actor, name="佐藤 太郎", register_no=12)
    create_person(database, actor, name="鈴木 一郎", register_no=14)
    _test(database, actor, "HB-012-19-0008", "match", "佐藤 太郎")
    _hand_over(database, actor, lot_id)

    _test(database, actor, "HB-012-19-0008", "match", "鈴木 一郎")

    with database.reading() as session:
        event = session.execute(
            select(CustodyEvent).where(col(CustodyEvent.kind) == "handed_to_family")
        ).scalar_one()
        standing = {person.name for _a, _n, person in analyses.current_matches(session, lot_id)}
    assert event.person_id == sato
    assert standing == {"鈴木 一郎"}


def test_migration_0007_gives_each_earlier_hand_over_the_person_its_audit_event_noted(
    any_database: Database, actor: str, section: int
) -> None:
    lot_id = _japanese_lot(any_database, actor, section, "HB-012-19-0009")
    sato = create_person(any_database, actor, name="佐藤 太郎", register_no=12)
    _test(any_database, actor, "HB-012-19-0009", "match", "佐藤 太郎")
    _hand_over(any_database, actor, lot_id)
    migrate(any_database, "0006")

    migrate(any_database, "head")

    with any_database.reading() as session:
        event = session.execute(
            select(CustodyEvent).where(col(CustodyEvent.kind) == "handed_to_family")
        ).scalar_one()
    assert event.person_id == sato


def test_matches_naming_different_persons_are_refused_as_conflicting(
    database: Database, actor: str, section: int
) -> None:
    lot_id = _japanese_lot(database, actor, section, "HB-012-19-0006", "HB-012-19-0007")
    create_person(database, actor, name="佐藤 太郎", register_no=12)
    create_person(database, actor, name="鈴木 一郎", register_no=14)
    _test(database, actor, "HB-012-19-0006", "match", "佐藤 太郎")
    _test(database, actor, "HB-012-19-0007", "match", "鈴木 一郎")
    before = _state(database, lot_id)

    with pytest.raises(Invalid) as refused:
        _hand_over(database, actor, lot_id)

    assert refused.value.field == "status"
    assert "match different persons (佐藤 太郎, 鈴木 一郎)" in str(refused.value.reason)
    assert _state(database, lot_id) == before


def test_remains_taken_from_the_vault_are_handed_over_only_once_identified(
    database: Database, actor: str, section: int
) -> None:
    """The rule holds on every way to the family, from a disinterment too."""
    lot_id = register_lot(database, actor, ("HB-012-19-0008",))
    walk(database, actor, lot_id, path_to(LotStatus.DISINTERRED), section)

    with pytest.raises(Invalid):
        _hand_over(database, actor, lot_id)
    create_person(database, actor, name="佐藤 太郎", register_no=12)
    _test(database, actor, "HB-012-19-0008", "match", "佐藤 太郎", "DNA(mtDNA)")
    _hand_over(database, actor, lot_id)

    assert _state(database, lot_id)[0] == LotStatus.HANDED_TO_FAMILY


def test_a_stable_isotope_match_identifies_no_one(
    database: Database, actor: str, section: int
) -> None:
    """A stable-isotope test tells where a person grew up, not who they were: its "match" is
    no identification, and the refusal names the test."""
    lot_id = _japanese_lot(database, actor, section, "HB-012-19-0009")
    person_id = create_person(database, actor, name="佐藤 太郎", register_no=12)
    _isotope_match_as_a_file_sends_it(database, actor, "HB-012-19-0009", person_id)
    before = _state(database, lot_id)

    with pytest.raises(Invalid) as refused:
        _hand_over(database, actor, lot_id)

    assert refused.value.field == "status"
    assert refused.value.reason == (
        "the 安定同位体 test of specimen HB-012-19-0009 matched 佐藤 太郎, but only a DNA test "
        "identifies a person: record the DNA match before the remains are handed to the family"
    )
    assert _state(database, lot_id) == before
    with database.reading() as session:
        assert analyses.current_matches(session, lot_id) == []


def test_remains_are_not_handed_over_before_the_match_that_identified_them(
    database: Database, actor: str, section: int
) -> None:
    """Matched on 令和3年3月4日: a hand-over dated in February 2021 is refused naming the
    match and its date; one in the same month is not before it."""
    lot_id = _japanese_lot(database, actor, section, "HB-012-19-0010")
    create_person(database, actor, name="佐藤 太郎", register_no=12)
    _test(database, actor, "HB-012-19-0010", "match", "佐藤 太郎")
    before = _state(database, lot_id)
    early = PartialDate("令和3年2月1日", "2021-02-01", Precision.DAY)

    with database.session() as session, pytest.raises(Invalid) as refused:
        lot_status.change_status(
            session, actor, lot_id, LotStatus.HANDED_TO_FAMILY, "family visit", on=early
        )

    assert refused.value.field == "date"
    assert refused.value.reason == (
        "the hand-over of 令和3年2月1日 is before the DNA(STR) match of specimen HB-012-19-0010 "
        "it rests on, decided on 令和3年3月4日"
    )
    assert _state(database, lot_id) == before
    with database.session() as session:
        lot_status.change_status(
            session,
            actor,
            lot_id,
            LotStatus.HANDED_TO_FAMILY,
            "family visit",
            on=PartialDate("令和3年3月", "2021-03", Precision.MONTH),
        )
    assert _state(database, lot_id)[0] == LotStatus.HANDED_TO_FAMILY
