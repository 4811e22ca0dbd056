"""A test withdrawn as recorded in error stays out of the order its kind's tests supersede
each other in, and the file that brought it does not bring it back."""

from __future__ import annotations

from pathlib import Path

from records.database import Database
from records.services.analysis_withdrawal import withdraw_analysis
from tests.importers.conftest import SAMPLES
from tests.importers.test_import_pipeline import results, run, stored_tests


def test_a_withdrawn_test_is_not_imported_again_nor_superseded(
    database: Database, tmp_path: Path
) -> None:
    run(database, SAMPLES / "recovery_messy.xlsx")
    sent = results(
        tmp_path / "a.csv",
        "ZB-027-01-0000,DNA(STR),未判定,,,2021-07-03,",
        "ZB-027-01-0000,DNA(STR),日本人以外,,,2022-07-03,",
    )
    run(database, sent)
    first, wrong = stored_tests(database)
    with database.session() as session:
        withdraw_analysis(session, "tester", wrong.id or 0, "the laboratory's letter withdrew it")

    assert run(database, sent).counts.unchanged == 2
    newer = results(tmp_path / "b.csv", "ZB-027-01-0000,DNA(STR),日本人,,,2023-07-03,")
    run(database, newer)

    tests = stored_tests(database)
    assert [t.affiliation for t in tests] == ["pending", "not_japanese", "japanese"]
    assert [t.supersedes_id for t in tests] == [None, None, first.id]


def test_a_withdrawn_test_sent_again_at_other_widths_is_not_imported_again(
    database: Database, tmp_path: Path
) -> None:
    run(database, SAMPLES / "recovery_messy.xlsx")
    run(
        database,
        results(tmp_path / "a.csv", "ZB-027-01-0000,DNA(STR),日本人以外,,,2022-07-03,DNA抽出2回目"),
    )
    [wrong] = stored_tests(database)
    with database.session() as session:
        withdraw_analysis(session, "tester", wrong.id or 0, "the laboratory's letter withdrew it")
    wide = results(
        tmp_path / "b.csv",
        "ＺＢ-０２７-０１-００００,ＤＮＡ（ＳＴＲ）,日本人以外,,,２０２２-０７-０３,ＤＮＡ抽出２回目",
    )

    assert run(database, wide).counts.unchanged == 1
    assert [t.remarks for t in stored_tests(database)] == ["DNA抽出2回目"]
