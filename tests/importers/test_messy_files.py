"""Files as they really arrive, imported whole through the pipeline: numbers a program wrote
out its own way, notes under the data, columns split at tabs, and the refusals of a file
whose headers fit no profile, each saying what is wrong and where."""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import count
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from importers.errors import ImportRefused, RowRejected
from importers.headers import (
    HEADER_LOOK_FURTHER,
    HEADER_SEARCH_ROWS,
    ORIGIN_HEADERS,
    find_layouts,
)
from importers.pipeline import plan_import, prepare_import, preview
from importers.profiles import all_profiles
from importers.readers import Row, SheetRows
from importers.rejects import BAD, write_rejects
from records.database import Database
from records.models import Person, RemainsLot
from tests.importers.test_csv_rows import LOTS_HEADER, lots_csv
from tests.importers.test_import_cli import irei
from tests.importers.test_import_pipeline import HEADERS, ROW, register, run


def csv_file(path: Path, rows: list[list[object]], separator: str = ",") -> Path:
    """A CSV file of the rows, None as an empty field; no field holds the separator or a
    quote."""
    lines = [separator.join("" if cell is None else str(cell) for cell in row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- fields split at tabs or semicolons -----------------------------------------------------

LOT = ["2004-ZB-022-00001", "平成16年度", "ZB-022", "2", "ZB-022-04-0001", "一部欠損, 要鑑定"]


@pytest.mark.parametrize("separator", ["\t", ";"])
def test_a_csv_file_split_at_tabs_or_semicolons_is_read_as_its_header_row_splits(
    database: Database, tmp_path: Path, separator: str
) -> None:
    """Saved as tab-separated text and named .csv, or as CSV by Excel where the list
    separator is the semicolon: a comma in a remark is then part of the remark."""
    lots = [LOTS_HEADER.strip().split(","), LOT, [*LOT[:4], "ZB-022-04-0002", ""]]
    lots[2][0] = "2004-ZB-022-00002"
    path = csv_file(tmp_path / "lots.csv", lots, separator)
    report = run(database, path)
    assert report.written and report.counts.created == 2, report.errors
    with database.reading() as s:
        stored = s.execute(select(RemainsLot.lot_number, RemainsLot.count, RemainsLot.remarks))
        assert sorted(stored.all()) == [
            ("2004-ZB-022-00001", 2, "一部欠損, 要鑑定"),
            ("2004-ZB-022-00002", 2, ""),
        ]


@pytest.mark.parametrize("invisible", ["\ufeff", "\u200b", "\u2060"])
def test_a_header_carrying_an_invisible_character_is_read_as_the_header(
    database: Database, tmp_path: Path, invisible: str
) -> None:
    """A second byte-order mark left by a CSV saved twice, a zero-width space pasted with a
    header: no one can see it to remove it, and the header was refused as missing."""
    lots = [LOTS_HEADER.strip().split(","), [*LOT[:5], "要鑑定"]]
    lots[0][0] = invisible + lots[0][0]
    lots[0][2] += invisible
    path = tmp_path / "lots.csv"
    lines = [",".join(row) for row in lots]
    path.write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")
    report = run(database, path)
    assert report.written and report.counts.created == 1, report.errors


def test_a_row_of_a_tab_separated_file_refused_against_the_database_keeps_its_cells(
    database: Database, tmp_path: Path
) -> None:
    """Such a row's cells are read again from the file for the rejects workbook: split at
    tabs, as the rows were first."""
    run(database, csv_file(tmp_path / "a.csv", [HEADERS, ROW], "\t"))
    blank = [*ROW[:2], None, *ROW[3:]]  # the kanji name stored left blank
    plan = plan_import(database, csv_file(tmp_path / "b.csv", [HEADERS, blank], "\t"))
    [rejected] = plan.rejects
    assert rejected.errors[0].column == "氏名（漢字）"
    assert rejected.cells[:4] == ("1", "サトウ タロウ", None, "1920")


def test_a_comma_separated_file_is_read_at_commas_whatever_its_remarks_hold(
    database: Database, tmp_path: Path
) -> None:
    remark = "一部欠損\t要鑑定;再調査"
    path = lots_csv(tmp_path / "lots.csv", 2, {1: remark})
    assert run(database, path).written
    with database.reading() as s:
        remarks = s.execute(select(RemainsLot.remarks).order_by(RemainsLot.id)).scalars().all()
    assert remarks == [remark, ""]


def test_a_tab_separated_file_fitting_no_profile_is_refused_showing_its_headers_split(
    tmp_path: Path,
) -> None:
    path = csv_file(tmp_path / "x.csv", [["番号", "氏名", "備考"], ["1", "佐藤", ""]], "\t")
    with pytest.raises(ImportRefused) as refused:
        prepare_import(path)
    assert "headers found: 番号、氏名、備考;" in str(refused.value), str(refused.value)


# --- headers that fit no profile ---------------------------------------------------------


def test_a_header_row_below_the_rows_searched_is_refused_saying_on_which_row(
    tmp_path: Path,
) -> None:
    rows = [["説明"]] * (HEADER_SEARCH_ROWS + 4) + [HEADERS, ROW]
    path = csv_file(tmp_path / "register.csv", rows)
    with pytest.raises(ImportRefused) as refused:
        prepare_import(path)
    assert str(refused.value) == (
        f"{path}: the header row of profile soviet_deaths is row 35, below the first 30 rows "
        "where a header row is looked for: delete the title or note rows above it"
    )


def test_a_low_header_row_of_a_workbook_is_refused_naming_its_sheet(tmp_path: Path) -> None:
    notes = [[f"注意事項 {n}"] for n in range(HEADER_SEARCH_ROWS + 10)]
    path = register(tmp_path / "register.xlsx", [])
    book = load_workbook(path)
    sheet = book.worksheets[0]
    sheet.delete_rows(1)
    for row in [["抑留中死亡者名簿"], *notes, HEADERS, ROW]:
        sheet.append(row)
    book.save(path)
    with pytest.raises(ImportRefused, match=r": sheet Sheet: the header row of profile "
                       r"soviet_deaths is row 42, below the first 30 rows"):  # fmt: skip
        prepare_import(path)


def test_a_header_row_is_looked_for_further_down_only_so_far(tmp_path: Path) -> None:
    """Only to say where it is, and only when no sheet fits: a file of a million rows that
    is no register at all is not read to its end."""
    read = 0

    def endless() -> Iterator[Row]:
        nonlocal read
        for number in count(1):
            read = number
            yield number, ["記録", number]

    with pytest.raises(ImportRefused, match="none of them is a header of any import profile"):
        find_layouts("book.xlsx", [SheetRows("記録", False, endless())], all_profiles())
    assert read == HEADER_SEARCH_ROWS + HEADER_LOOK_FURTHER


def test_headers_no_profile_has_are_refused_without_a_closest_profile(tmp_path: Path) -> None:
    """A profile named as closest with none of its headers found was one named at random.
    The headers shown are the fullest row's, not the title above them."""
    rows = [["抑留中死亡者名簿"], ["No", "Name", "Born", "Died"], ["1", "Sato Taro", "1920", ""]]
    path = csv_file(tmp_path / "x.csv", rows)
    with pytest.raises(ImportRefused) as refused:
        prepare_import(path)
    assert str(refused.value) == (
        f"{path}: no import profile fits this file's headers; headers found: No、Name、Born、"
        "Died; none of them is a header of any import profile (analysis、recovery、roll、"
        "soviet_deaths)"
    )
    with pytest.raises(ImportRefused) as refused:
        prepare_import(path, "recovery")
    assert str(refused.value) == (
        f"{path}: the headers do not fit profile recovery; headers found: No、Name、Born、Died; "
        "none of them is one of its headers: 整理番号、収集年度、国・地域、地域詳細、埋葬地番号、"
        "収容年月日、柱数、検体番号、引渡機関、備考"
    )


# --- notes --------------------------------------------------------------------------------


def test_footnotes_under_the_totals_row_are_skipped_as_the_totals_row_is(
    database: Database, tmp_path: Path
) -> None:
    rows = [
        ROW,
        [2, *ROW[1:]],
        ["合計", "2名"],
        ["※ 生年不明の者は空欄"],
        ["（注）死亡場所は露側記録による"],
        ["※ 要確認", "サトウ ジロウ"],  # not a note alone: a row, rejected
        [None, "以下余白"],  # the line that closes the form
        ["以上"],  # and the one that closes the document
    ]
    report = run(database, register(tmp_path / "register.xlsx", rows), accept_valid=True)
    assert (report.counts.created, report.counts.rejected) == (2, 1)
    [rejected] = report.rejects
    assert (rejected.row, rejected.errors[0].column) == (7, "番号")


def test_the_header_row_repeated_between_the_rows_is_skipped(
    database: Database, tmp_path: Path
) -> None:
    # Pages of a printed register pasted together, each under its header.
    rows = [ROW, [None] * len(HEADERS), HEADERS, [2, *ROW[1:]], [" 番号", *HEADERS[1:3]]]
    path = register(tmp_path / "register.xlsx", rows)
    report = run(database, path, accept_valid=True)
    assert (report.counts.created, report.counts.rejected) == (2, 1)
    [rejected] = report.rejects  # a row with only some of the titles is no header: rejected
    assert rejected.row == 6
    assert [shown[1] for shown in preview(path).rows] == [2, 5, 6]


# --- values under no header ----------------------------------------------------------------


def test_a_csv_row_with_more_fields_than_its_header_is_refused_keeping_them_all(
    database: Database, tmp_path: Path
) -> None:
    """A remark's unquoted comma splits it over fields the header does not name: read as the
    header's fields alone, the rest of the remark would be lost. Empty fields past the
    header, as some programs write every row, are nothing to lose."""
    rows = [HEADERS, [*ROW[:-1], "右足", "左腕欠損"], [2, *ROW[1:], None, None]]
    path = csv_file(tmp_path / "register.csv", rows)
    plan = plan_import(database, path)
    assert plan.counts is not None and (plan.counts.created, plan.counts.rejected) == (1, 1)
    [rejected] = plan.rejects
    [error] = rejected.errors
    assert (rejected.row, error.column, error.value) == (2, "L", "左腕欠損")
    rejects = tmp_path / "rejects.xlsx"
    write_rejects(rejects, [(path.name, plan.layouts, plan.rejects)])
    sheet = load_workbook(rejects).worksheets[0]
    # The reason past the values, then where the row was first read.
    assert [c.value for c in sheet[1]][-5:] == [None, "却下理由", *ORIGIN_HEADERS]
    assert [c.value for c in sheet[2]][10:12] == ["右足", "左腕欠損"]
    assert sheet["L2"].fill.fgColor.rgb == BAD.fgColor.rgb


def test_a_value_beside_the_table_or_under_a_blank_header_is_refused_naming_its_columns(
    database: Database, tmp_path: Path
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([*HEADERS[:3], None, *HEADERS[3:]])  # a spacer column, D, with no title
    sheet.append([*ROW[:3], None, *ROW[3:]])
    sheet.append([2, *ROW[1:3], "要確認", *ROW[3:], None, "遺族連絡済"])
    sheet.append([3, *ROW[1:3], None, *ROW[3:], "  "])  # a blank past the header: read
    book.save(path := tmp_path / "register.xlsx")
    report = run(database, path, accept_valid=True)
    assert (report.counts.created, report.counts.rejected) == (2, 1)
    [error] = report.rejects[0].errors
    assert (error.column, error.value) == ("D, N", "要確認, 遺族連絡済")


# --- numbers ------------------------------------------------------------------------------


def test_counts_written_with_thousands_separators_or_as_floats_are_read_as_written(
    database: Database, tmp_path: Path
) -> None:
    path = tmp_path / "lots.csv"
    path.write_text(
        LOTS_HEADER
        + '2004-ZB-022-00001,平成16年度,ZB-022,"1,000",ZB-022-04-0001,\n'
        + "2004-ZB-022-00002,2004.0,ZB-022,2.0,ZB-022-04-0002,\n"
        + "2004-ZB-022-00003,平成16年度,ZB-022,１，２００柱,ZB-022-04-0003,\n",
        encoding="utf-8",
    )
    report = run(database, path)
    assert report.written, report.errors
    with database.reading() as s:
        lots = s.execute(select(RemainsLot.count, RemainsLot.fiscal_year)).all()
    assert sorted(lots) == [(2, 2004), (1000, 2004), (1200, 2004)]


def test_a_count_that_is_no_whole_number_is_still_rejected_saying_what_is_expected(
    database: Database, tmp_path: Path
) -> None:
    path = tmp_path / "lots.csv"
    path.write_text(LOTS_HEADER + "2004-ZB-022-00001,平成16年度,ZB-022,2.5,,\n", encoding="utf-8")
    [error] = run(database, path).errors
    assert (error.row, error.column, error.value) == (2, "柱数", "2.5")
    assert error.reason == "'2.5' is not a count of remains (e.g. 3 or 3柱)"


def test_a_year_of_birth_written_as_a_float_is_read_as_that_year_keeping_its_text(
    database: Database, tmp_path: Path
) -> None:
    row = [*ROW[:3], "1921.0", *ROW[4:]]
    report = run(database, csv_file(tmp_path / "register.csv", [HEADERS, row]))
    assert report.written, report.errors
    with database.reading() as s:
        born = s.execute(select(Person.birth_year, Person.birth_year_text)).one()
    assert tuple(born) == (1921, "1921.0")


def test_a_rejected_number_cell_is_shown_as_the_sheet_shows_it_and_kept_as_it_was(
    tmp_path: Path,
) -> None:
    """calamine reads the number cell 16846 as 16846.0, which no registrar ever typed."""
    path = register(tmp_path / "register.xlsx", [[*ROW[:4], 16846, *ROW[5:]]])
    rejects = tmp_path / "rejects.xlsx"
    result = irei(tmp_path / "db.sqlite3", str(path), "--dry-run", "--rejects", str(rejects))
    assert result.exit_code == 1
    assert "row 2, 死亡年月日 (16846): a number, not a date" in result.output, result.output
    assert "16846.0" not in result.output
    shown = irei(tmp_path / "db.sqlite3", str(path), "--dry-run", "--json")
    [error] = json.loads(shown.stdout)["files"][0]["errors"]
    assert error["value"] == 16846 and isinstance(error["value"], int)
    cell = load_workbook(rejects).worksheets[0]["E2"]
    assert (cell.value, cell.data_type) == (16846, "n")  # still the number cell it was


def test_a_rejected_row_names_a_whole_float_as_a_whole_number() -> None:
    error = RowRejected("a.xlsx", "名簿", 3, "生年", 1921.0, "…")
    assert (str(error), error.value) == ("a.xlsx [名簿] row 3, column 生年 (1921): …", 1921)
    assert RowRejected("a.xlsx", "名簿", 3, "生年", 1921.5, "…").value == 1921.5
