"""Error cells (#N/A, #DIV/0!, …) in an .xls or .ods file: python-calamine reads them as empty,
so they are found beside it (importers.error_cells_xls_ods) and the row is refused with the
cell named, as in an .xlsx, never imported as a blank."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from importers import error_cells_xls_ods
from importers.cells import SpreadsheetError
from importers.error_cells_xls_ods import ods_errors_and_merges, xls_error_cells
from importers.errors import ImportRefused
from importers.pipeline import plan_import
from importers.readers import open_workbook
from records.database import Database
from tests.importers.test_error_cells import REASON
from tests.importers.test_readers import rows_of

# LibreOffice saved this from a death register (tests.importers.test_error_cells.register)
# whose rows 3 to 6 hold persons 1 to 4: row 4's 埋葬地 is =NA(), and row 6 has =1/0 in a
# column right of 備考, which no profile reads.
NA_REGISTER = Path(__file__).parent / "data" / "na_register.xls"
NA = SpreadsheetError("#N/A")
DIV0 = SpreadsheetError("#DIV/0!")


def test_xls_error_cells_are_read_where_they_are() -> None:
    rows = rows_of(open_workbook(NA_REGISTER)[0])
    assert [rows[4][7], rows[6][11]] == [NA, DIV0]
    assert xls_error_cells(NA_REGISTER, "名簿") == {4: {7: NA}, 6: {11: DIV0}}


def test_an_xls_error_cell_rejects_its_row_naming_the_cell(database: Database) -> None:
    plan = plan_import(database, NA_REGISTER)
    assert plan.counts is not None
    assert (plan.counts.created, plan.counts.rejected) == (3, 1)
    [rejected] = plan.rejects
    [error] = rejected.errors
    assert error.as_dict() == {
        "file": "na_register.xls",
        "sheet": "名簿",
        "row": 4,
        "column": "埋葬地",
        "value": "#N/A",
        "reason": REASON,
    }


def test_an_xls_sheet_xlrd_cannot_find_is_refused_as_damaged() -> None:
    with pytest.raises(ImportRefused, match=r"damaged sheet 台帳 \("):
        xls_error_cells(NA_REGISTER, "台帳")


# --- .ods, written as LibreOffice writes it ------------------------------------------------

OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
CALCEXT = "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"


def write_ods(path: Path, tables: dict[str, str]) -> Path:
    body = "".join(
        f'<table:table table:name="{name}">{rows}</table:table>' for name, rows in tables.items()
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="{OFFICE}" '
        f'xmlns:table="{TABLE}" xmlns:text="{TEXT}" xmlns:calcext="{CALCEXT}" office:version="1.3">'
        f"<office:body><office:spreadsheet>{body}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
        '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as ods:
        ods.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        ods.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        ods.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return path


def text(value: str, repeat: int = 1) -> str:
    return (
        f'<table:table-cell table:number-columns-repeated="{repeat}" office:value-type="string"'
        f' calcext:value-type="string"><text:p>{value}</text:p></table:table-cell>'
    )


def error(shown: str, repeat: int = 1) -> str:
    return (
        f'<table:table-cell table:number-columns-repeated="{repeat}" table:formula="of:=NA()"'
        ' office:value-type="string" office:string-value="" calcext:value-type="error">'
        f"<text:p>{shown}</text:p></table:table-cell>"
    )


def row(*cells: str, repeat: int = 1) -> str:
    cells_xml = "".join(cells)
    return f'<table:table-row table:number-rows-repeated="{repeat}">{cells_xml}</table:table-row>'


EMPTY = "<table:table-cell/>"
EMPTIES = '<table:table-cell table:number-columns-repeated="2"/>'
MERGED = (
    '<table:table-cell table:number-columns-spanned="2" office:value-type="string">'
    "<text:p>x</text:p></table:table-cell>"
)
COVERED = "<table:covered-table-cell/>"


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (row(text("a"), error("#N/A")), {1: ["a", NA]}),
        # blank rows repeated above, empty cells repeated before
        (row(EMPTY, repeat=3) + row(EMPTIES, error("#REF!")),
         {4: [None, None, SpreadsheetError("#REF!")]}),
        # a merged cell's covered cells take their columns; LibreOffice's own error text
        (row(MERGED, COVERED, error("Err:502")),
         {1: ["x", None, SpreadsheetError("Err:502")]}),
        # an error repeated across columns, and a row of them repeated down
        (row(text("a")) + row(error("#N/A", repeat=2), repeat=2),
         {1: ["a"], 2: [NA, NA], 3: [NA, NA]}),
        # header rows and a row group hold rows of the sheet too
        ("<table:table-header-rows>" + row(text("h")) + "</table:table-header-rows>"
         "<table:table-row-group>" + row(text("b"), error("#N/A")) + "</table:table-row-group>",
         {1: ["h"], 2: ["b", NA]}),
    ],
)  # fmt: skip
def test_ods_error_cells_are_read_where_they_are(
    tmp_path: Path, rows: str, expected: dict[int, list[object]]
) -> None:
    path = write_ods(tmp_path / "e.ods", {"名簿": rows})
    assert rows_of(open_workbook(path)[0]) == expected


def test_ods_error_cells_are_found_in_their_own_table(tmp_path: Path) -> None:
    path = write_ods(
        tmp_path / "two.ods",
        {"地名": row(error("#N/A")), "名簿": row(text("a")) + row(text("b"), error("#DIV/0!"))},
    )
    assert ods_errors_and_merges(path, "名簿").errors == {2: {1: DIV0}}
    assert ods_errors_and_merges(path, "地名").errors == {1: {0: NA}}


def test_an_ods_without_error_cells_is_not_parsed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_ods(tmp_path / "clean.ods", {"名簿": row(text("#N/A"), text("error"))})

    def parsed(*_: object) -> None:
        raise AssertionError("the table was parsed")

    monkeypatch.setattr(error_cells_xls_ods, "_ods_cells", parsed)
    assert ods_errors_and_merges(path, "名簿").errors == {}
    assert rows_of(open_workbook(path)[0]) == {1: ["#N/A", "error"]}


@pytest.mark.parametrize("chunk", [1, 7, 64])
def test_an_error_mark_split_across_the_searched_chunks_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    monkeypatch.setattr(error_cells_xls_ods, "_CHUNK", chunk)
    path = write_ods(tmp_path / "e.ods", {"名簿": row(text("a"), error("#N/A"))})
    assert ods_errors_and_merges(path, "名簿").errors == {1: {1: NA}}


def test_an_ods_whose_xml_breaks_after_an_error_is_refused_as_damaged(tmp_path: Path) -> None:
    path = tmp_path / "broken.ods"
    with zipfile.ZipFile(path, "w") as ods:
        ods.writestr("content.xml", f'<a xmlns:calcext="{CALCEXT}"><b calcext:value-type="error">')
    with pytest.raises(ImportRefused, match=r"damaged sheet 名簿 \("):
        ods_errors_and_merges(path, "名簿")
