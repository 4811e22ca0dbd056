"""A recovery row's 収集年度 (the mission's fiscal year, 1 April to 31 March) and its
recovery date (収容年月日) must agree: one of the two is mistyped otherwise, and the row is
rejected rather than stored with both."""

from __future__ import annotations

from pathlib import Path

import pytest

from records.database import Database
from records.models import RemainsLot
from tests.importers.test_import_pipeline import count, run

HEADER = "整理番号,収集年度,埋葬地番号,収容年月日,柱数\n"


def recovery(path: Path, fiscal_year: str, recovered: str) -> Path:
    path.write_text(HEADER + f"2019-HB-006-00001,{fiscal_year},HB-006,{recovered},1\n")
    return path


def test_a_recovery_date_outside_the_fiscal_year_is_rejected(
    database: Database, tmp_path: Path
) -> None:
    report = run(database, recovery(tmp_path / "a.csv", "平成31年度", "2008-08-14"))

    assert not report.written and report.counts.rejected == 1
    (error,) = report.errors
    assert (error.file, error.row, error.column, error.value) == (
        "a.csv",
        2,
        "収容年月日",
        "2008-08-14",
    )
    assert error.reason == (
        "the recovery date (2008-08-14) is outside the fiscal year 平成31年度 "
        "(2019-04-01 to 2020-03-31)"
    )
    assert count(database, RemainsLot) == 0


@pytest.mark.parametrize(
    ("recovered", "rejected"),
    [
        ("2019-04-01", False),  # the fiscal year's first day
        ("2020-03-31", False),  # its last day, in the next calendar year
        ("2019-03-31", True),  # the day before: the previous fiscal year
        ("2020-04-01", True),  # the day after
        ("2019年", False),  # a year known only as 2019 has days from April on
        ("2020年", False),  # and 2020 days until March
        ("2021年", True),
        ("2020年3月", False),
        ("2019年3月", True),
        ("令和2年4月頃", True),
    ],
)
def test_a_partial_recovery_date_conflicts_only_if_no_day_of_it_is_in_the_fiscal_year(
    database: Database, tmp_path: Path, recovered: str, rejected: bool
) -> None:
    report = run(database, recovery(tmp_path / "a.csv", "令和元年度", recovered))

    assert report.counts.rejected == int(rejected), [str(e) for e in report.errors]
