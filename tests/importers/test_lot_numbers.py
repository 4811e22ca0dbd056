"""A recovery row's lot number (整理番号), the lot's key for good, is stored in one form: the
dashes, widths and letter case a file may write it in are folded as a specimen number's are,
so a re-sent file does not make the same lot twice; a cell that is not a lot number at all is
a rejected row, never a key altered to fit."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlmodel import select

from records.database import Database
from records.models import RemainsLot
from tests.importers.test_import_pipeline import run

HEADER = ["整理番号", "収集年度", "国・地域", "地域詳細", "埋葬地番号", "柱数"]


def recovery(path: Path, *numbers: str) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "収集実績"
    sheet.append(HEADER)
    for number in numbers:
        sheet.append([number, "令和元年度", "ロシア", "ハバロフスク地方", "HB-012", 1])
    book.save(path)
    return path


def lot_numbers(database: Database) -> list[str]:
    with database.reading() as session:
        return list(session.execute(select(RemainsLot.lot_number)).scalars())


@pytest.mark.parametrize(
    "written",
    [
        "2019‐HB‐012‐00002",  # U+2010 hyphen
        "2019−HB−012−00002",  # U+2212 minus sign
        "2019ｰHBｰ012ｰ00002",  # half-width long-vowel mark
        "2019－HB－012－00002",  # full-width hyphen-minus
        "2019ーHBー012ー00002",  # long-vowel mark, typed for a hyphen by an input method
        "２０１９－ＨＢ－０１２－００００２",
        "2019-hb-012-00002",
        "'2019-HB-012-00002",  # Excel's text mark, kept when pasted from elsewhere
        "＇2019-HB-012-00002",
    ],
)
def test_a_lot_number_is_stored_in_its_one_form(
    database: Database, tmp_path: Path, written: str
) -> None:
    run(database, recovery(tmp_path / "a.xlsx", written))
    run(database, recovery(tmp_path / "b.xlsx", "2019-HB-012-00002"))

    assert lot_numbers(database) == ["2019-HB-012-00002"]


def test_two_spellings_of_one_lot_in_a_file_are_one_lot_listed_twice(
    database: Database, tmp_path: Path
) -> None:
    report = run(database, recovery(tmp_path / "a.xlsx", "2019-HB-012-00002", "2019‐HB‐012‐00002"))

    (error,) = report.errors
    assert (error.row, error.column) == (3, "整理番号")
    assert lot_numbers(database) == []


@pytest.mark.parametrize(
    "written",
    ["2019 HB 012 00006", "abc", "2019-HB-012", "2019-HB-012-00006 再", "00006", "ハバ-12-3"],
)
def test_a_cell_that_is_not_a_lot_number_is_rejected(
    database: Database, tmp_path: Path, written: str
) -> None:
    report = run(database, recovery(tmp_path / "a.xlsx", written), accept_valid=True)

    (error,) = report.errors
    assert (error.file, error.sheet, error.row, error.column, error.value) == (
        "a.xlsx",
        "収集実績",
        2,
        "整理番号",
        written,
    )
    assert "is not a lot number" in error.reason
    assert lot_numbers(database) == []
