"""Every death in a register of detainees fell within the internment (9 August 1945 to the
end of 1956, the period its profile gives): a death read outside it is mistyped, most often in
its era (平成21年 for 昭和21年, 2009 for 1946), and the row is rejected saying so rather than
stored with the wrong year. A profile that gives no period checks none."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from importers.person_rows import Period
from importers.pipeline import apply_import, prepare_import
from importers.profiles import builtin_profiles, load_profile
from records.database import Database
from records.dates import parse_date
from records.models import Person
from tests.importers.test_import_pipeline import ROW, count, register, run

INTERNMENT = Period("1945-08-09", "1956-12-31")


def test_the_register_of_detainees_gives_the_internment_as_its_period() -> None:
    (profile,) = [p for p in builtin_profiles() if p.name == "soviet_deaths"]
    assert profile.deaths_between == (INTERNMENT.first, INTERNMENT.last)


def test_a_register_whose_profile_gives_no_period_takes_any_death(
    database: Database, tmp_path: Path
) -> None:
    (builtin,) = [p for p in builtin_profiles() if p.name == "soviet_deaths"]
    text = Path(builtin.source).read_text(encoding="utf-8")
    assert "deaths_between = [1945-08-09, 1956-12-31]\n" in text
    own = tmp_path / "war_dead.toml"
    own.write_text(text.replace("deaths_between = [1945-08-09, 1956-12-31]\n", ""), "utf-8")
    profile = load_profile(own)
    late = [2, *ROW[1:4], "H21.2.13", *ROW[5:]]
    plan = prepare_import(register(tmp_path / "a.xlsx", [ROW, late]), profile)
    report = apply_import(database, "tester", plan)

    assert report.written and report.counts.created == 2


def test_a_death_typed_in_the_wrong_era_is_rejected_naming_the_era_meant(
    database: Database, tmp_path: Path
) -> None:
    bad = [2, *ROW[1:4], "H21.2.13", *ROW[5:]]
    report = run(database, register(tmp_path / "a.xlsx", [ROW, bad]))

    assert not report.written and report.counts.rejected == 1
    (error,) = report.errors
    assert (error.file, error.sheet, error.row, error.column, error.value) == (
        "a.xlsx",
        "Sheet",
        3,
        "死亡年月日",
        "H21.2.13",
    )
    assert error.reason == (
        "the death (2009-02-13) is outside the period of this register (1945-08-09 to "
        "1956-12-31): is the era mistyped, 平成21年 for 昭和21年?"
    )
    assert count(database, Person) == 0


def test_a_year_of_birth_after_the_internment_is_rejected_when_no_death_is_given(
    database: Database, tmp_path: Path
) -> None:
    bad = [2, *ROW[1:3], "H10", None, *ROW[5:]]
    report = run(database, register(tmp_path / "a.xlsx", [ROW, bad]))

    (error,) = report.errors
    assert (error.row, error.column, error.value) == (3, "生年", "H10")
    assert error.reason == (
        "the year of birth (1998) is after the period of this register ended (1956-12-31): is "
        "the era or the year mistyped?"
    )


@pytest.mark.parametrize(
    "written",
    ["S20.8.9", "昭和20年8月", "1945", "昭和20年頃", "S31.12.31", "1956年", datetime(1950, 1, 1)],
)
def test_a_death_with_a_day_in_the_internment_is_taken(written: object) -> None:
    assert INTERNMENT.outside(parse_date(written)) is None


@pytest.mark.parametrize(
    ("written", "asked"),
    [
        ("H21.2.13", "is the era mistyped, 平成21年 for 昭和21年?"),
        (datetime(2009, 2, 13), "is the era mistyped, 平成21年 for 昭和21年?"),  # Excel's date
        ("明治22年", "is the era mistyped, 明治22年 for 昭和22年?"),
        ("H20.8.9", "is the era mistyped, 平成20年 for 昭和20年?"),
        ("平成20年", "is the era mistyped, 平成20年 for 昭和20年?"),  # 1945 holds the autumn
        ("平成20年3月", "is the date mistyped?"),  # 昭和20年3月 is before the internment too
        ("H20.8.8", "is the date mistyped?"),
        ("令和元年5月1日", "is the date mistyped?"),  # 昭和元年 is no year of the internment
        ("S20.8.8", "is the date mistyped?"),  # the day before the Soviet attack
        ("S32.1.1", "is the date mistyped?"),
        ("1846", "is the date mistyped?"),  # before Meiji: no era to have mistyped
    ],
)
def test_a_death_outside_the_internment_asks_what_was_mistyped(written: object, asked: str) -> None:
    reason = INTERNMENT.outside(parse_date(written))
    assert reason is not None and reason.endswith(asked)
