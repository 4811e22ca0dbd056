"""A date cell formatted to show its month or year alone (yyyy"年"m"月", ggge"年"), as Japanese
Excel formats a cell where 昭和23年7月 was typed: read to the month (or the year), as that text
is, never as the first of the month Excel keeps; a workbook without such formats unchanged."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from importers.cells import DateShownShort
from importers.date_formats import shown_precision
from importers.headers import Layout
from importers.normalise import RowReader
from importers.pipeline import apply_import, plan_import, prepare_import
from importers.profiles import Column, get_profile
from importers.readers import open_workbook
from importers.rejects import write_rejects
from records.database import Database
from records.dates import PartialDate, Precision
from records.models import Person

MONTH, YEAR = Precision.MONTH, Precision.YEAR
HEADERS = ["番号", "氏名（カナ）", "氏名（漢字）", "生年", "死亡年月日", "死亡場所", "収容所",
           "埋葬地", "出身地", "露側記録氏名", "備考"]  # fmt: skip
JULY_1948 = date(1948, 7, 1)


@pytest.mark.parametrize(
    ("code", "precision"),
    [
        ('yyyy"年"m"月"', MONTH),
        ('[$-ja-JP]ggge"年"m"月"', MONTH),
        ('[$-411]ggge"年"m"月";@', MONTH),
        ("yyyy/m", MONTH),
        ("mmm-yy", MONTH),
        ("yyyy", YEAR),
        ('ggge"年"', YEAR),
        ('yyyy"年"m"月"d"日"', None),
        ('[$-ja-JP]ggge"年"m"月"d"日"', None),
        ("m/d/yyyy", None),
        ("yyyy/m/d(aaa)", None),
        ("yyyy-mm-dd h:mm:ss", None),
        ("yyyy/m h:mm", None),
        ('m"月"', None),
        ("h:mm", None),
        ("General", None),
        ("0.00E+00", None),
        ("#,##0", None),
        ('"year" 0', None),
        ("@", None),
    ],
)
def test_formats_showing_a_date_without_its_day(code: str, precision: Precision | None) -> None:
    assert shown_precision(code) == precision


def register(path: Path, deaths: list[tuple[object, str | None]], birth: object = 1920) -> Path:
    """A death register, one row per (death date cell, its number format)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "名簿"
    sheet.append(HEADERS)
    for number, (death, code) in enumerate(deaths, 1):
        sheet.append([number, "サトウ タロウ", f"佐藤\u3000太郎{number}", birth, death,
                      "ロシア ハバロフスク地方", "第7収容地区第1分所", "ハバロフスク地方第12埋葬地",
                      "東京都", "Сато Таро"])  # fmt: skip
        if code is not None:
            sheet.cell(sheet.max_row, 5).number_format = code
    book.save(path)
    return path


def deaths(database: Database) -> list[tuple[str | None, str, str | None]]:
    with database.reading() as s:
        found = s.execute(
            select(Person.death_date, Person.death_date_text, Person.death_precision).order_by(
                Person.source_row
            )
        ).all()
    return [tuple(row) for row in found]


def test_dates_shown_to_the_month_or_year_are_stored_so(database: Database, tmp_path: Path) -> None:
    path = register(
        tmp_path / "months.xlsx",
        [
            (JULY_1948, 'yyyy"年"m"月"'),
            (JULY_1948, '[$-ja-JP]ggge"年"m"月"'),
            (JULY_1948, "yyyy/m"),
            (JULY_1948, "mmm-yy"),
            (date(1948, 1, 1), "yyyy"),
            (date(1948, 1, 1), 'yyyy"年"'),
            (JULY_1948, 'yyyy"年"m"月"d"日"'),
            ("昭和23年7月", None),
        ],
    )
    report = apply_import(database, "tester", prepare_import(path))
    assert report.written
    month = ("1948-07", "1948-07", "month")
    year = ("1948", "1948", "year")
    assert deaths(database) == [
        *[month] * 4,
        *[year] * 2,
        ("1948-07-01", "1948-07-01", "day"),
        ("1948-07", "昭和23年7月", "month"),
    ]


def test_a_workbook_without_such_formats_reads_its_dates_as_days(tmp_path: Path) -> None:
    path = register(tmp_path / "days.xlsx", [(JULY_1948, 'yyyy"年"m"月"d"日"'), (JULY_1948, None)])
    rows = dict(open_workbook(path)[0].rows)
    assert [rows[2][4], rows[3][4]] == [JULY_1948, JULY_1948]


def test_an_empty_styled_cell_and_a_text_so_styled_are_left_alone(tmp_path: Path) -> None:
    path = register(tmp_path / "empty.xlsx", [(None, "yyyy/m"), ("不明", "yyyy/m")])
    rows = dict(open_workbook(path)[0].rows)
    assert rows[2][4] is None and rows[3][4] == "不明"


@pytest.mark.parametrize("type_", ["date", "year", "text"])
def test_every_column_reading_dates_reads_one_shown_short(type_: str) -> None:
    column = Column("死亡年月日", "death", type_)
    layout = Layout(get_profile("soviet_deaths"), "名簿", 1, ("死亡年月日",), ((column, 0),))
    fields, errors = RowReader.for_layout(layout).read([DateShownShort(JULY_1948, MONTH)])
    assert errors == []
    expected = {
        "date": PartialDate("1948-07", "1948-07", MONTH),
        "year": 1948,
        "text": "1948-07",
    }[type_]
    read = fields["death"]
    assert (read.value if type_ == "year" else read) == expected


def test_a_year_of_birth_formatted_as_a_year_reads_as_that_year(
    database: Database, tmp_path: Path
) -> None:
    path = register(tmp_path / "birth.xlsx", [(JULY_1948, None)], birth=date(1921, 1, 1))
    book = load_workbook(path)
    book.active["D2"].number_format = "yyyy"
    book.save(path)
    apply_import(database, "tester", prepare_import(path))
    with database.reading() as s:
        assert s.execute(select(Person.birth_year, Person.birth_year_text)).one() == (1921, "1921")


def test_the_rejects_workbook_writes_the_date_back_shown_to_the_month(
    database: Database, tmp_path: Path
) -> None:
    path = register(
        tmp_path / "months.xlsx", [(JULY_1948, 'yyyy"年"m"月"'), (date(2999, 7, 1), "yyyy/m")]
    )
    plan = plan_import(database, path)
    out = tmp_path / "rejects.xlsx"
    assert write_rejects(out, [("months.xlsx", plan.layouts, plan.rejects)]) == 1
    cell = load_workbook(out).worksheets[0]["E2"]
    assert cell.value.date() == date(2999, 7, 1)
    assert cell.number_format == 'yyyy"年"m"月"'
    # imported again, the date is still read to the month
    assert dict(open_workbook(out)[0].rows)[2][4] == DateShownShort(date(2999, 7, 1), MONTH)
