"""A re-sent recovery file and the specimens of its lots: a lot gains the specimens a
corrected row adds, and a row that no longer lists a specimen the lot has is rejected, since
an import removes no specimen (its tests would lose it)."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import col, select

from records.database import Database
from records.models import AuditEvent, RemainsLot, Specimen
from tests.importers.test_import_pipeline import count, run

HEADER = "整理番号,収集年度,埋葬地番号,柱数,検体番号,備考\n"


def recovery(path: Path, specimens: str, header: str = HEADER) -> Path:
    if "検体番号" in header:
        path.write_text(header + f"2004-ZB-022-00001,平成16年度,ZB-022,1,{specimens},\n")
    else:
        path.write_text(header + "2004-ZB-022-00001,平成16年度,ZB-022,1,\n")
    return path


def specimens(database: Database) -> list[str]:
    with database.reading() as session:
        return list(session.execute(select(Specimen.number).order_by(col(Specimen.id))).scalars())


def test_a_corrected_row_adds_the_specimens_it_lists_anew(
    database: Database, tmp_path: Path
) -> None:
    run(database, recovery(tmp_path / "a.csv", "ZB-022-04-0001～0002"))

    report = run(database, recovery(tmp_path / "b.csv", "ZB-022-04-0001～0003"))

    assert (report.counts.updated, report.counts.rejected) == (1, 0)
    assert specimens(database) == ["ZB-022-04-0001", "ZB-022-04-0002", "ZB-022-04-0003"]


def test_a_row_that_no_longer_lists_a_specimen_of_its_lot_is_rejected(
    database: Database, tmp_path: Path
) -> None:
    run(database, recovery(tmp_path / "a.csv", "ZB-022-04-0001～0003"))
    events = count(database, AuditEvent)

    report = run(database, recovery(tmp_path / "b.csv", "ZB-022-04-0001"))

    assert (report.counts.updated, report.counts.rejected) == (0, 1)
    (error,) = report.errors
    assert (error.row, error.column, error.value) == (2, "検体番号", "ZB-022-04-0001")
    assert error.reason == (
        "lot 2004-ZB-022-00001 has specimens this row no longer lists (ZB-022-04-0002、"
        "ZB-022-04-0003): an import removes no specimen; list them in the row again, or remove one "
        "entered in error on the lot in the app"
    )
    assert specimens(database) == ["ZB-022-04-0001", "ZB-022-04-0002", "ZB-022-04-0003"]
    assert count(database, AuditEvent) == events


def test_a_blank_specimen_cell_removes_none_either(database: Database, tmp_path: Path) -> None:
    run(database, recovery(tmp_path / "a.csv", "ZB-022-04-0001"))

    report = run(database, recovery(tmp_path / "b.csv", ""))

    assert report.counts.rejected == 1
    assert "(ZB-022-04-0001)" in report.errors[0].reason
    assert report.errors[0].value is None
    assert specimens(database) == ["ZB-022-04-0001"]


def test_a_file_without_the_specimen_column_says_nothing_about_them(
    database: Database, tmp_path: Path
) -> None:
    run(database, recovery(tmp_path / "a.csv", "ZB-022-04-0001"))

    report = run(
        database,
        recovery(tmp_path / "b.csv", "", header="整理番号,収集年度,埋葬地番号,柱数,備考\n"),
    )

    assert (report.counts.unchanged, report.counts.rejected) == (1, 0)
    assert specimens(database) == ["ZB-022-04-0001"]
    with database.reading() as session:
        assert session.execute(select(RemainsLot.lot_number)).scalars().all() == [
            "2004-ZB-022-00001"
        ]


def test_a_specimen_of_another_burial_site_than_the_rows_is_rejected(
    database: Database, tmp_path: Path
) -> None:
    report = run(database, recovery(tmp_path / "a.csv", "ZB-022-04-0001、PR-999-20-0001"))

    assert not report.written and report.counts.rejected == 1
    (error,) = report.errors
    assert (error.row, error.column, error.value) == (2, "検体番号", "PR-999-20-0001")
    assert error.reason == (
        "specimen PR-999-20-0001 is not from burial site ZB-022: its number begins with "
        "another code"
    )
    assert count(database, RemainsLot) == 0


def test_a_lot_numbered_for_another_fiscal_year_or_site_than_its_row_is_rejected(
    database: Database, tmp_path: Path
) -> None:
    """2004-ZB-022-00001 is numbered for fiscal year 2004 at ZB-022: a row giving another year
    or site holds a typo, which a lot number, never corrected, would keep for good."""
    path = tmp_path / "a.csv"
    path.write_text(
        HEADER
        + "2004-ZB-022-00001,平成17年度,ZB-022,1,ZB-022-05-0001,\n"
        + "2004-ZB-022-00002,平成16年度,ZB-023,1,ZB-023-04-0002,\n"
        + "2004-ZB-022-00003,平成16年度,ZB-022,1,ZB-022-04-0003,\n"
    )
    report = run(database, path, accept_valid=True)

    assert (report.counts.created, report.counts.rejected) == (1, 2)
    assert [(e.row, e.column, e.value, e.reason) for e in report.errors] == [
        (2, "収集年度", "平成17年度",
         "lot 2004-ZB-022-00001 is numbered for fiscal year 2004, not 2005: one of them is "
         "mistyped"),
        (3, "埋葬地番号", "ZB-023",
         "lot 2004-ZB-022-00002 is numbered for burial site ZB-022, not ZB-023: one of them is "
         "mistyped"),
    ]  # fmt: skip
