"""A test result that contradicts itself or its specimen is refused, with the field to look
at and why, and nothing is written: only a DNA test matches a person, remains it matched with
a Japanese family are judged Japanese, and no specimen is tested before it was recovered."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from records.database import Database
from records.dates import UNDATED, PartialDate, Precision
from records.errors import Invalid
from records.models import Analysis
from records.services import analyses
from tests.records.conftest import create_person, register_lot


@pytest.mark.parametrize(
    ("kind", "affiliation", "field", "reason"),
    [
        (
            "安定同位体",
            "japanese",
            "kind",
            "only a DNA test matches a person, not a 安定同位体 test",
        ),
        ("DNA(Y-STR)", "undeterminable", "affiliation", "are judged 日本人"),
        ("DNA(STR)", "pending", "affiliation", "are judged 日本人"),
        ("DNA(STR)", "not_japanese", "affiliation", "are not 日本人以外"),
    ],
)
def test_a_match_contradicting_its_kind_or_judgement_is_refused(
    database: Database, actor: str, kind: str, affiliation: str, field: str, reason: str
) -> None:
    register_lot(database, actor, ("HB-012-19-70001",))
    create_person(database, actor, name="佐藤 七郎", register_no=70001)
    fields = analyses.AnalysisFields(
        kind=kind, affiliation=affiliation, match_result="match", matched_name="佐藤 七郎"
    )
    with pytest.raises(Invalid) as refused, database.session() as session:
        analyses.record_analysis(session, actor, "HB-012-19-70001", fields, "lab report")
    assert refused.value.field == field and reason in refused.value.reason
    with database.reading() as session:
        assert session.execute(select(func.count()).select_from(Analysis)).scalar() == 0


def _dated(db: Database, actor: str, specimen: str, on: PartialDate) -> None:
    fields = analyses.AnalysisFields(kind="DNA(STR)", affiliation="japanese", decided=on)
    with db.session() as session:
        analyses.record_analysis(session, actor, specimen, fields, "lab report")


def test_a_test_dated_before_its_specimen_was_recovered_is_refused_naming_both_dates(
    database: Database, actor: str
) -> None:
    register_lot(database, actor, ("HB-012-19-70002",))  # recovered 令和元年8月1日
    with pytest.raises(Invalid) as refused:
        _dated(
            database,
            actor,
            "HB-012-19-70002",
            PartialDate("1990-01-01", "1990-01-01", Precision.DAY),
        )
    assert refused.value.field == "date"
    assert refused.value.reason == (
        "the test of 1990-01-01 is before its specimen's recovery, on 令和元年8月1日"
    )
    # Undated, or dated as far as is known no earlier than the recovery: taken.
    _dated(database, actor, "HB-012-19-70002", UNDATED)
    _dated(database, actor, "HB-012-19-70002", PartialDate("2019", "2019", Precision.YEAR))
