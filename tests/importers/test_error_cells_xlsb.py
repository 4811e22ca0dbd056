"""Error cells (#N/A, #DIV/0!, …) in an .xlsb file: python-calamine reads them as empty, so
they are found beside it (importers.error_cells_xlsb) and the row is refused with the cell
named, as in an .xlsx, never imported as a blank."""

from __future__ import annotations

from pathlib import Path

import pytest

from importers.cells import SpreadsheetError
from importers.error_cells_xlsb import xlsb_error_cells
from importers.errors import ImportRefused
from importers.pipeline import plan_import
from importers.readers import open_workbook
from records.database import Database
from tests.importers.test_error_cells import HEADERS, REASON, person
from tests.importers.test_readers import rows_of
from tests.importers.xlsb_parts import Error, record, sheet_records, write_xlsb

NA = SpreadsheetError("#N/A")
DIV0 = SpreadsheetError("#DIV/0!")
# A text whose UTF-16 bytes read like an error cell's record: the sheet is walked, record by
# record, and the text stays text.
LOOKALIKE = "\u0903\u0001\u0000\u0000\u0000*"


def test_xlsb_error_cells_are_read_where_they_are(tmp_path: Path) -> None:
    path = write_xlsb(
        tmp_path / "e.xlsb",
        {
            "表紙": {1: ["a", Error("#REF!")]},
            "S": {
                1: ["a", 1.5, LOOKALIKE],
                2: ["b", Error("#N/A"), Error("#DIV/0!", formula=True)],
                4: [None, None, Error("#VALUE!", formula=True)],  # nothing else in its row
                5: [2.0],
            },
        },
    )
    rows = rows_of(open_workbook(path)[1])
    assert rows == {
        1: ["a", 1.5, LOOKALIKE],
        2: ["b", NA, DIV0],
        4: [None, None, SpreadsheetError("#VALUE!")],
        5: [2.0],
    }
    assert xlsb_error_cells(path, "表紙") == {1: {1: SpreadsheetError("#REF!")}}


def test_an_xlsb_sheet_without_error_cells_is_not_walked(tmp_path: Path) -> None:
    path = write_xlsb(tmp_path / "e.xlsb", {"S": {1: ["a", 1.5], 2: [3.0]}})
    assert xlsb_error_cells(path, "S") == {}
    assert xlsb_error_cells(write_xlsb(path, {"S": {1: [LOOKALIKE]}}), "S") == {}


def test_an_xlsb_error_cell_rejects_its_row_naming_the_cell(
    tmp_path: Path, database: Database
) -> None:
    na_site = person(2)
    na_site[7] = Error("#N/A", formula=True)
    rows: dict[int, list[object]] = {1: ["抑留中死亡者名簿"], 2: list(HEADERS)}
    rows |= {3: person(1), 4: na_site, 5: person(3)}
    path = write_xlsb(tmp_path / "na_register.xlsb", {"名簿": rows})
    plan = plan_import(database, path)
    assert plan.counts is not None
    assert (plan.counts.created, plan.counts.rejected) == (2, 1)
    [rejected] = plan.rejects
    [error] = rejected.errors
    assert error.as_dict() == {
        "file": "na_register.xlsb",
        "sheet": "名簿",
        "row": 4,
        "column": "埋葬地",
        "value": "#N/A",
        "reason": REASON,
    }


@pytest.mark.parametrize(
    "records",
    [
        # an error cell's record, then one cut short
        sheet_records({1: [Error("#N/A")]}) + record(5, bytes(16))[:-4],
        # an error cell's record too short to hold its error
        record(0, bytes(17)) + record(3, bytes(4)) + sheet_records({1: [Error("#N/A")]}),
    ],
)
def test_an_xlsb_sheet_whose_records_do_not_read_is_refused_as_damaged(
    tmp_path: Path, records: bytes
) -> None:
    path = write_xlsb(tmp_path / "e.xlsb", {"S": {}}, {"xl/worksheets/sheet1.bin": records})
    with pytest.raises(ImportRefused, match=r"damaged sheet S \("):
        xlsb_error_cells(path, "S")


def test_an_xlsb_sheet_the_workbook_does_not_name_is_refused(tmp_path: Path) -> None:
    path = write_xlsb(tmp_path / "e.xlsb", {"S": {1: ["a"]}})
    with pytest.raises(ImportRefused, match="no XML part named for sheet 台帳"):
        xlsb_error_cells(path, "台帳")
