"""A specimen's tests of one kind supersede each other in the order they were tested: an old
report entered after a newer one is kept as evidence, superseded by the newer one."""

from __future__ import annotations

from sqlmodel import col, select

from records.analysis_order import chain_of, place_by_date
from records.database import Database
from records.dates import PartialDate, Precision
from records.models import Analysis, AuditEvent
from records.services import analyses
from records.status import LotStatus
from tests.records.conftest import register_lot


def _test(db: Database, actor: str, specimen: str, affiliation: str, on: str) -> int:
    fields = analyses.AnalysisFields(
        kind="DNA(STR)", affiliation=affiliation, decided=PartialDate(on, on, Precision.DAY)
    )
    with db.session() as session:
        analysis = analyses.record_analysis(session, actor, specimen, fields, "lab report")
    assert analysis.id is not None
    return analysis.id


def _supersedes(db: Database) -> dict[int, int | None]:
    with db.reading() as session:
        rows = session.execute(select(col(Analysis.id), col(Analysis.supersedes_id)))
        return {analysis_id: supersedes for analysis_id, supersedes in rows}


def test_an_older_result_entered_later_stands_superseded_by_the_newer(
    database: Database, actor: str
) -> None:
    register_lot(database, actor, ("HB-012-19-80001",))
    first = _test(database, actor, "HB-012-19-80001", "pending", "2020-03-01")
    newest = _test(database, actor, "HB-012-19-80001", "not_japanese", "2025-05-01")

    backlog = _test(database, actor, "HB-012-19-80001", "japanese", "2024-01-10")

    assert _supersedes(database) == {first: None, newest: backlog, backlog: first}
    with database.reading() as session:
        found = list(session.execute(select(Analysis)).scalars())
        assert not analyses.any_found(session, found, LotStatus.JAPANESE)
        event = session.execute(
            select(AuditEvent).where(col(AuditEvent.action) == "supersede")
        ).scalar_one()
    assert (event.entity_id, event.reason) == (newest, "lab report")


def test_a_newer_or_undated_result_supersedes_the_standing_one() -> None:
    assert place_by_date(["2020-03-01", "2025-05-01"], "2025-06-01") == 2
    assert place_by_date(["2020-03-01", "2025-05-01"], None) == 2
    assert place_by_date(["2020-03-01", None], "2019-01-01") == 2
    # 2025 and 2025-05-01: which was first is not known, so the order entered stands.
    assert place_by_date(["2025-05-01"], "2025") == 1
    assert place_by_date(["2025", "2026-01-02"], "2025-05-01") == 1


def test_the_chain_is_read_along_the_links_not_the_ids() -> None:
    assert chain_of([(1, None), (2, 3), (3, 1)]) == [1, 3, 2]
