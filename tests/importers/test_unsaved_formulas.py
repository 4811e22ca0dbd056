"""Formula cells saved without their value (openpyxl and report generators write them so, for
Excel to compute on opening): the value is unknown, not blank, so the row is refused with the
column named and the formula shown; a formula saved with its value reads as that value."""

# ruff: noqa: E501  (XML fixtures read better on one line each)

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from importers import error_cells
from importers.cells import UnsavedFormula
from importers.errors import ImportRefused
from importers.normalise import CellError
from importers.pipeline import plan_import, preview
from importers.profile_check import COLUMN_TYPES
from importers.readers import open_workbook
from importers.rejects import BAD, write_rejects
from records.database import Database
from tests.importers.test_error_cells import person, reader, register
from tests.importers.xlsx_parts import sheet, write_xlsx
from tui.cli import app

REASON = (
    "the formula has no saved value: open the file in Excel or LibreOffice, save it and "
    "import it again"
)
LOOKUP = "=VLOOKUP(A4,埋葬地一覧!A:B,2,FALSE)"


def rows_in(path: Path) -> dict[int, list[object]]:
    return dict(open_workbook(path)[0].rows)


# --- reading the cells ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rows_xml", "expected"),
    [
        # no value at all, as a report generator writes it
        ('<row r="1"><c r="A1"><v>1</v></c><c r="B1"><f>SUM(A1:A1)</f></c></row>', {1: [1, UnsavedFormula("=SUM(A1:A1)")]}),
        # an empty value where a number was to be, as openpyxl writes it
        ('<row r="1"><c r="A1"><v>1</v></c><c r="B1"><f>SUM(A1:A1)</f><v></v></c><c r="C1"><f>A1*2</f><v/></c></row>',
         {1: [1, UnsavedFormula("=SUM(A1:A1)"), UnsavedFormula("=A1*2")]}),
        # saved with its value: the value
        ('<row r="1"><c r="A1"><v>1</v></c><c r="B1"><f>SUM(A1:A1)</f><v>1</v></c><c r="C1" t="str"><f>"x"&amp;A1</f><v>x1</v></c></row>', {1: [1, 1, "x1"]}),
        # empty text saved as a formula's value (IF(A1="","",…)) is blank
        ('<row r="1"><c r="A1"><v>1</v></c><c r="B1" t="str"><f>IF(A1=1,"",A1)</f><v></v></c><c r="C1"><v>3</v></c></row>', {1: [1, None, 3]}),
        # a formula shared from another cell: its text is in that cell
        ('<row r="1"><c r="A1"><f t="shared" ref="A1:A2" si="0">B1+1</f><v>2</v></c><c r="B1"><v>1</v></c></row><row r="2"><c r="A2"><f t="shared" si="0"/></c><c r="B2"><v>5</v></c></row>',
         {1: [2, 1], 2: [UnsavedFormula(""), 5]}),
        # the formula's text unescaped, and LibreOffice's attributes
        ('<row r="3"><c r="A3" s="0" t="n"><f aca="false">IF(B3&gt;0,"あ","い")</f></c><c r="B3"><v>1</v></c></row>', {3: [UnsavedFormula('=IF(B3>0,"あ","い")'), 1]}),
        # an error cell whose formula was saved without its error
        ('<row r="1"><c r="A1" t="e"><f>X9</f></c><c r="B1"><v>1</v></c><c r="C1" t="e"/></row>', {1: [UnsavedFormula("=X9"), 1]}),
        # a row holding nothing else is a row all the same
        ('<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="B2"><f>A1</f></c></row><row r="3"><c r="A3"><v>3</v></c></row>',
         {1: [1], 2: [None, UnsavedFormula("=A1")], 3: [3]}),
    ],
)  # fmt: skip
def test_formulas_read_as_their_saved_value_or_as_unsaved(
    tmp_path: Path, rows_xml: str, expected: dict[int, list[object]]
) -> None:
    assert rows_in(write_xlsx(tmp_path / "f.xlsx", sheet(rows_xml))) == expected


def test_a_formula_of_a_conditional_format_is_no_cell(tmp_path: Path) -> None:
    rows = '<row r="1"><c r="A1"><v>1</v></c></row>'
    extension = '<extLst><ext uri="{78C0D931-6437-407d-A8EE-F0AAD7539E65}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:conditionalFormattings><x14:conditionalFormatting xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><x14:cfRule type="expression" priority="1" id="{1}"><xm:f>$A$1&gt;0</xm:f></x14:cfRule><xm:sqref>A1</xm:sqref></x14:conditionalFormatting></x14:conditionalFormattings></ext></extLst>'  # fmt: skip
    assert rows_in(write_xlsx(tmp_path / "cf.xlsx", sheet(rows, after=extension))) == {1: [1]}


def test_unsaved_formulas_with_a_namespace_prefix(tmp_path: Path) -> None:
    rows = '<x:row r="1"><x:c r="A1"><x:f>B1*2</x:f></x:c><x:c r="B1"><x:v>2</x:v></x:c><x:c r="C1"><x:f>B1</x:f><x:v>2</x:v></x:c></x:row>'  # fmt: skip
    path = write_xlsx(tmp_path / "x.xlsx", sheet(rows, prefix="x:"))
    assert rows_in(path) == {1: [UnsavedFormula("=B1*2"), 2, 2]}


@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 7, 64, 1000])
@pytest.mark.parametrize("prefix", ["", "x:"])
def test_unsaved_formulas_split_across_the_searched_chunks_are_all_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int, prefix: str
) -> None:
    monkeypatch.setattr(error_cells, "_CHUNK", chunk)
    p = prefix
    rows = "".join(
        f'<{p}row r="{n}"><{p}c r="A{n}"><{p}v>{n}</{p}v></{p}c>'
        + (f'<{p}c r="B{n}"><{p}f>A{n}*2</{p}f></{p}c>' if n % 2 else f'<{p}c r="B{n}"><{p}f>A{n}*2</{p}f><{p}v>{2 * n}</{p}v></{p}c>')
        + f"</{p}row>"
        for n in range(1, 21)
    )  # fmt: skip
    path = write_xlsx(tmp_path / "c.xlsx", sheet(rows, prefix=prefix))
    expected = {n: [n, UnsavedFormula(f"=A{n}*2") if n % 2 else 2 * n] for n in range(1, 21)}
    assert rows_in(path) == expected


def test_a_sheet_without_formulas_is_not_searched_for_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Unsearched:
        def search(self, *args: object) -> None:
            raise AssertionError("a chunk without a formula was searched for formulas")

    monkeypatch.setattr(error_cells._UnsavedFormulas, "mark", Unsearched())
    rows = "".join(
        f'<row r="{n}"><c r="A{n}"><v>{n}</v></c><c r="B{n}" t="inlineStr"><is><t>サトウ</t></is></c></row>'
        for n in range(1, 200)
    )  # fmt: skip
    assert len(rows_in(write_xlsx(tmp_path / "plain.xlsx", sheet(rows)))) == 199


def test_an_unsaved_formula_that_does_not_say_where_it_is_refuses_the_sheet(
    tmp_path: Path,
) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", sheet('<row r="1"><c><f>1+1</f></c></row>'))
    with pytest.raises(ImportRefused, match="a formula saved without its value in a cell without"):
        rows_in(path)


@pytest.mark.parametrize("type_", sorted(COLUMN_TYPES))
@pytest.mark.parametrize("not_blank", [False, True])
def test_every_column_type_refuses_an_unsaved_formula(type_: str, not_blank: bool) -> None:
    fields, errors = reader(type_, not_blank).read([UnsavedFormula(LOOKUP)])
    assert fields == {}
    assert errors == [CellError("埋葬地", LOOKUP, REASON)]


# --- importing -------------------------------------------------------------------------------


def unsaved(path: Path) -> Path:
    """A register whose second person's 埋葬地 is a VLOOKUP openpyxl saves without a value."""
    return register(path, [person(1), person(2, site=LOOKUP), person(3)])


def test_a_formula_saved_without_its_value_rejects_its_row_naming_the_column(
    database: Database, tmp_path: Path
) -> None:
    plan = plan_import(database, unsaved(tmp_path / "f.xlsx"))
    assert plan.counts is not None and (plan.counts.created, plan.counts.rejected) == (2, 1)
    [rejected] = plan.rejects
    [error] = rejected.errors
    assert error.as_dict() == {
        "file": "f.xlsx",
        "sheet": "名簿",
        "row": 4,
        "column": "埋葬地",
        "value": LOOKUP,
        "reason": REASON,
    }


def test_the_preview_names_the_unsaved_formula(tmp_path: Path) -> None:
    path = register(tmp_path / "f.xlsx", [person(1, site=LOOKUP)])
    [(_sheet, row, fields, problems, refused)] = preview(path).rows
    assert row == 3 and "burial_site" not in fields
    assert problems == [f"埋葬地: {REASON}"]
    assert refused == {"埋葬地": LOOKUP}  # the cell as the file writes it


def test_the_rejects_workbook_holds_the_formula_as_text_highlighted(
    database: Database, tmp_path: Path
) -> None:
    path = unsaved(tmp_path / "f.xlsx")
    plan = plan_import(database, path)
    out = tmp_path / "rejects.xlsx"
    assert write_rejects(out, [("f.xlsx", plan.layouts, plan.rejects)]) == 1
    sheet = load_workbook(out).worksheets[0]
    assert (sheet["H2"].value, sheet["H2"].data_type) == (LOOKUP, "s")
    assert sheet["H2"].fill.fgColor.rgb == BAD.fgColor.rgb
    assert REASON in sheet["L2"].value


def test_import_command_says_which_cell_holds_the_unsaved_formula(tmp_path: Path) -> None:
    path = unsaved(tmp_path / "f.xlsx")
    db = tmp_path / "db.sqlite3"
    result = CliRunner().invoke(app, ["--db", str(db), "import", str(path)])
    assert result.exit_code == 1, result.output
    line = f"f.xlsx [名簿] row 4, 埋葬地 ('{LOOKUP}'): {REASON}"
    assert line in re.sub(r"\s*\n\s*", " ", result.stdout), result.stdout
    result = CliRunner().invoke(app, ["--db", str(db), "import", str(path), "--json"])
    [summary] = json.loads(result.stdout)["files"]
    assert (summary["created"], summary["rejected"], summary["written"]) == (2, 1, False)
