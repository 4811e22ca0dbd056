"""A test result that contradicts itself is refused, with the field to look at and why, and
nothing is written: only a DNA test matches a person, and remains it matched with a Japanese
family are judged Japanese."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from records.database import Database
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
