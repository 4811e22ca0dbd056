"""Columns no field of the profile takes (死因, 所属部隊 added by a ministry clerk) are named,
by `irei import` and by the Import screen (tests/tui/test_import_screen_feedback.py): their
values are not imported, and a registrar who is not told believes them kept."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from importers.pipeline import preview
from tests.importers.conftest import SAMPLES
from tui.cli import app

runner = CliRunner()


def with_columns(tmp_path: Path, *headers: str) -> Path:
    """The clean death register with more columns at its right, a value under the first."""
    book = openpyxl.load_workbook(SAMPLES / "soviet_deaths_clean.xlsx")
    sheet = book.worksheets[0]
    right = sheet.max_column
    for offset, header in enumerate(headers, start=1):
        sheet.cell(1, right + offset, header)
    sheet.cell(2, right + 1, "栄養失調")
    path = tmp_path / "register.xlsx"
    book.save(path)
    return path


def test_the_layout_names_the_headers_no_field_takes(tmp_path: Path) -> None:
    path = with_columns(tmp_path, "死因", " 所属  部隊 ", "却下理由")
    (layout,) = preview(path).layouts
    # As written, whitespace run together; the rejects workbook's reason column is no loss.
    assert layout.unread == ("死因", "所属 部隊")


def test_no_sample_leaves_a_column_behind() -> None:
    for sample in sorted(SAMPLES.glob("*.*")):
        if sample.suffix in (".xlsx", ".csv"):
            assert all(not layout.unread for layout in preview(sample).layouts), sample


def test_import_names_them_in_its_json_and_its_table(tmp_path: Path) -> None:
    path = with_columns(tmp_path, "死因", "所属部隊")
    db = tmp_path / "irei.sqlite3"
    result = runner.invoke(app, ["--db", str(db), "import", str(path), "--dry-run", "--json"])
    assert result.exit_code == 0, result.output
    (report,) = json.loads(result.output)["files"]
    assert report["not_imported_columns"] == [
        {"sheet": "名簿", "header": "死因"},
        {"sheet": "名簿", "header": "所属部隊"},
    ]
    result = runner.invoke(app, ["--db", str(db), "--lang", "en", "import", str(path)])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert (
        "register.xlsx: no field of profile soviet_deaths takes the columns 死因、所属部隊: "
        "their values are not imported" in said
    ), result.output


def test_a_file_without_them_says_nothing_of_them(tmp_path: Path) -> None:
    db = tmp_path / "irei.sqlite3"
    sample = str(SAMPLES / "soviet_deaths_messy.xlsx")
    result = runner.invoke(app, ["--db", str(db), "--lang", "en", "import", sample, "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "not imported" not in result.output
    result = runner.invoke(app, ["--db", str(db), "import", sample, "--dry-run", "--json"])
    assert json.loads(result.output)["files"][0]["not_imported_columns"] == []
