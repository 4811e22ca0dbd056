"""Spreadsheet error cells (#N/A from a broken VLOOKUP, #REF!, …): the row is refused with the
cell named and the error shown, never imported as a blank or as the text '#N/A'; the text
#N/A typed into a cell stays text."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select
from typer.testing import CliRunner

from importers.cells import SpreadsheetError
from importers.headers import Layout
from importers.normalise import CellError, RowReader
from importers.pipeline import apply_import, plan_import, prepare_import, preview
from importers.profile_check import COLUMN_TYPES
from importers.profiles import Column, get_profile
from importers.readers import open_workbook
from importers.rejects import BAD, write_rejects
from records.database import Database
from records.models import Person
from tui.cli import app

HEADERS = ["番号", "氏名（カナ）", "氏名（漢字）", "生年", "死亡年月日", "死亡場所", "収容所",
           "埋葬地", "出身地", "露側記録氏名", "備考"]  # fmt: skip
SITE = "ハバロフスク地方第12埋葬地"
REASON = "the cell holds a spreadsheet error (#N/A): correct the formula or the value"
NA = SpreadsheetError("#N/A")


def person(number: int, site: str = SITE, camp: str = "第7収容地区第1分所") -> list[object]:
    return [number, "サトウ タロウ", f"佐藤\u3000太郎{number}", 1920, "昭和21年2月13日",
            "ロシア ハバロフスク地方", camp, site, "東京都", "Сато Таро"]  # fmt: skip


def register(path: Path, rows: list[list[object]], title: object = "抑留中死亡者名簿") -> Path:
    """A death register under a title row; openpyxl saves the strings '#N/A' and '#REF!' as
    error cells (t="e"), as Excel saves a broken formula's result."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "名簿"
    sheet.append([title])
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def edit(path: Path, cell: str, value: str, as_text: bool = False) -> None:
    """Write one cell; as_text keeps '#N/A' the text a clerk typed, not an error value."""
    book = load_workbook(path)
    sheet = book.active
    assert sheet is not None
    sheet[cell] = value
    if as_text:
        sheet[cell].data_type = "s"
    book.save(path)


def error_cells_in(path: Path) -> int:
    with zipfile.ZipFile(path) as z:
        return z.read("xl/worksheets/sheet1.xml").count(b't="e"')


def persons(database: Database) -> dict[int | None, tuple[str, int | None]]:
    with database.reading() as s:
        found = s.execute(select(Person.source_row, Person.camp, Person.burial_site_id)).all()
    return {row: (camp, site) for row, camp, site in found}


# --- every column type ---------------------------------------------------------------------


def reader(type_: str, not_blank: bool = False) -> RowReader:
    column = Column("埋葬地", "burial_site", type_, not_blank=not_blank, choices={"済": "done"})
    layout = Layout(get_profile("soviet_deaths"), "名簿", 1, ("埋葬地",), ((column, 0),))
    return RowReader.for_layout(layout)


@pytest.mark.parametrize("type_", sorted(COLUMN_TYPES))
@pytest.mark.parametrize("not_blank", [False, True])
def test_every_column_type_refuses_a_spreadsheet_error(type_: str, not_blank: bool) -> None:
    fields, errors = reader(type_, not_blank).read([NA])
    assert fields == {}
    assert errors == [CellError("埋葬地", "#N/A", REASON)]


# --- the register ------------------------------------------------------------------------


def test_a_burial_site_reading_na_rejects_its_row_naming_the_cell(
    database: Database, tmp_path: Path
) -> None:
    path = register(tmp_path / "na.xlsx", [person(1), person(2, site="#N/A"), person(3)])
    assert error_cells_in(path) == 1
    plan = plan_import(database, path)
    assert plan.counts is not None and (plan.counts.created, plan.counts.rejected) == (2, 1)
    [rejected] = plan.rejects
    assert rejected.row == 4 and rejected.cells[7] == NA
    [error] = rejected.errors
    assert error.as_dict() == {
        "file": "na.xlsx",
        "sheet": "名簿",
        "row": 4,
        "column": "埋葬地",
        "value": "#N/A",
        "reason": REASON,
    }
    assert str(error) == f"na.xlsx [名簿] row 4, column 埋葬地 ('#N/A'): {REASON}"


def test_without_accept_valid_nothing_is_written(database: Database, tmp_path: Path) -> None:
    path = register(tmp_path / "na.xlsx", [person(1), person(2, site="#N/A")])
    report = apply_import(database, "tester", prepare_import(path))
    assert not report.written and persons(database) == {}


def test_accept_valid_imports_the_other_rows(database: Database, tmp_path: Path) -> None:
    path = register(tmp_path / "na.xlsx", [person(1), person(2, site="#N/A"), person(3)])
    report = apply_import(database, "tester", prepare_import(path), accept_valid=True)
    assert report.written and (report.counts.created, report.counts.rejected) == (2, 1)
    assert sorted(persons(database)) == [3, 5]
    assert all(site is not None for _, site in persons(database).values())


def test_an_error_in_a_column_no_profile_reads_is_harmless(
    database: Database, tmp_path: Path
) -> None:
    path = register(tmp_path / "extra.xlsx", [[*person(1), "", "#REF!"]])
    assert error_cells_in(path) == 1
    plan = plan_import(database, path)
    assert plan.counts is not None and (plan.counts.created, plan.counts.rejected) == (1, 0)


def test_errors_above_and_in_the_header_row_do_not_hide_it(
    database: Database, tmp_path: Path
) -> None:
    path = register(tmp_path / "title.xlsx", [person(1)], title="#REF!")
    edit(path, "L2", "#NAME?")
    assert error_cells_in(path) == 2
    plan = plan_import(database, path)
    assert plan.layouts[0].header_row == 2
    assert plan.layouts[0].header_cells[-1] == SpreadsheetError("#NAME?")
    assert plan.counts is not None and plan.counts.created == 1


def test_the_text_na_typed_into_a_text_column_is_imported_as_text(
    database: Database, tmp_path: Path
) -> None:
    path = register(tmp_path / "text.xlsx", [person(1, camp="#N/A")])
    edit(path, "G3", "#N/A", as_text=True)
    assert error_cells_in(path) == 0
    assert dict(open_workbook(path)[0].rows)[3][6] == "#N/A"
    report = apply_import(database, "tester", prepare_import(path))
    assert report.written and report.counts.created == 1
    assert persons(database)[3][0] == "#N/A"


def test_the_preview_names_the_error(tmp_path: Path) -> None:
    path = register(tmp_path / "na.xlsx", [person(1, site="#N/A")])
    [(_sheet, row, fields, problems, refused)] = preview(path).rows
    assert row == 3 and "burial_site" not in fields
    assert problems == [f"埋葬地: {REASON}"]
    assert refused == {"埋葬地": "#N/A"}  # the cell as the file writes it


# --- the rejects workbook -------------------------------------------------------------------


def test_the_rejects_workbook_shows_the_error_highlighted(
    database: Database, tmp_path: Path
) -> None:
    path = register(tmp_path / "na.xlsx", [person(1), person(2, site="#N/A")])
    plan = plan_import(database, path)
    out = tmp_path / "rejects.xlsx"
    assert write_rejects(out, [("na.xlsx", plan.layouts, plan.rejects)]) == 1
    sheet = load_workbook(out).worksheets[0]
    assert sheet["H2"].value == "#N/A" and sheet["H2"].fill.fgColor.rgb == BAD.fgColor.rgb
    assert REASON in sheet["L2"].value


def test_the_text_na_in_a_rejected_row_stays_text_in_the_rejects_workbook(
    database: Database, tmp_path: Path
) -> None:
    path = register(tmp_path / "text.xlsx", [[*person(1, site="火星")[:10], "#N/A"]])
    edit(path, "K3", "#N/A", as_text=True)
    plan = plan_import(database, path)
    out = tmp_path / "rejects.xlsx"
    write_rejects(out, [("text.xlsx", plan.layouts, plan.rejects)])
    assert error_cells_in(out) == 0
    assert dict(open_workbook(out)[0].rows)[2][10] == "#N/A"


def test_import_command_reports_the_error_and_accept_valid_writes_the_rest(
    tmp_path: Path,
) -> None:
    path = register(tmp_path / "na.xlsx", [person(1), person(2, site="#N/A"), person(3)])
    db, rejects = tmp_path / "db.sqlite3", tmp_path / "rejects.xlsx"
    result = CliRunner().invoke(
        app,
        [
            "--db",
            str(db),
            "import",
            str(path),
            "--accept-valid",
            "--json",
            "--rejects",
            str(rejects),
        ],
    )
    assert result.exit_code == 1, result.output
    [summary] = json.loads(result.stdout)["files"]
    assert (summary["created"], summary["rejected"]) == (2, 1)
    assert summary["errors"] == [
        {"file": "na.xlsx", "sheet": "名簿", "row": 4, "column": "埋葬地", "value": "#N/A",
         "reason": REASON}
    ]  # fmt: skip
    assert load_workbook(rejects).worksheets[0]["H2"].value == "#N/A"
