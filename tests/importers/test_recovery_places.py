"""A recovery row's country (国・地域) and region (地域詳細) must be its burial site's, as the
site code's region table gives them: one of them is mistyped otherwise, and the row is
rejected rather than stored with a place the site is not in."""

from __future__ import annotations

from pathlib import Path

import pytest

from records.database import Database
from records.models import RemainsLot
from tests.importers.test_import_pipeline import count, run

HEADER = "整理番号,収集年度,国・地域,地域詳細,埋葬地番号,柱数\n"


def recovery(path: Path, country: str, region: str, site: str = "HB-006") -> Path:
    path.write_text(HEADER + f"2019-{site}-00001,令和元年度,{country},{region},{site},1\n")
    return path


@pytest.mark.parametrize(
    ("country", "region", "column", "value"),
    [
        ("モンゴル", "ハバロフスク地方", "国・地域", "モンゴル"),
        ("ロシア", "アムール州", "地域詳細", "アムール州"),
    ],
)
def test_a_country_or_region_other_than_the_sites_is_rejected(
    database: Database, tmp_path: Path, country: str, region: str, column: str, value: str
) -> None:
    report = run(database, recovery(tmp_path / "a.csv", country, region))

    assert not report.written and report.counts.rejected == 1
    (error,) = report.errors
    assert (error.file, error.row, error.column, error.value) == ("a.csv", 2, column, value)
    assert "burial site HB-006" in error.reason
    assert count(database, RemainsLot) == 0


def test_the_column_is_named_as_the_file_heads_it(database: Database, tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(
        "整理番号,収集年度,国名,埋葬地番号,柱数\n2019-MN-004-00001,令和元年度,ロシア,MN-004,1\n"
    )
    (error,) = run(database, path).errors
    assert (error.column, error.value) == ("国名", "ロシア")


@pytest.mark.parametrize(
    ("country", "region"),
    [("ソ連", "ハバロフスク地方"), ("ロシア連邦", "ハバロフスク"), ("旧ソ連", "")],
)
def test_an_old_or_official_name_of_the_sites_country_is_no_contradiction(
    database: Database, tmp_path: Path, country: str, region: str
) -> None:
    report = run(database, recovery(tmp_path / "a.csv", country, region))

    assert report.counts.rejected == 0, [str(e) for e in report.errors]
    assert count(database, RemainsLot) == 1


def test_a_town_whose_name_begins_with_another_regions_is_no_contradiction(
    database: Database, tmp_path: Path
) -> None:
    """アムールスク is a town of the Khabarovsk Krai, not the Amur region (アムール州)."""
    report = run(database, recovery(tmp_path / "a.csv", "ロシア", "アムールスク"))

    assert report.counts.rejected == 0, [str(e) for e in report.errors]
    assert count(database, RemainsLot) == 1
