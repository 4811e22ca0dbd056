"""Workbooks with several sheets: an example sheet (記入例) before the real one, or one sheet a
year. Several visible sheets whose headers fit are the registrar's to choose, never imported
silently one of them; the chosen ones are imported in the one batch of their file, each row
carrying its sheet; hidden sheets stay out unless unhidden."""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import count
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select
from typer.testing import CliRunner

from importers import reading
from importers.errors import ImportRefused, SheetsToChoose
from importers.headers import HEADER_SEARCH_ROWS, ORIGIN_HEADERS, find_layouts
from importers.pipeline import apply_import, plan_import, prepare_import, preview
from importers.profiles import all_profiles
from importers.readers import Row, SheetRows
from importers.reading import ReadBeside, ReadHere
from importers.rejects import REASON_HEADER, sheet_title, write_rejects
from records.database import Database
from records.models import AuditEvent, ImportBatch, Person, RemainsLot
from tests.importers.test_import_pipeline import HEADERS as REGISTER
from tests.importers.test_import_pipeline import OTHER, ROW
from tui.cli import app

RECOVERY = ["整理番号", "収集年度", "国・地域", "地域詳細", "埋葬地番号", "収容年月日", "柱数",
            "検体番号", "引渡機関", "備考"]  # fmt: skip
Sheet = tuple[str, list[list[object]]]


def lot(n: int, year: int = 6, remarks: str = "") -> list[object]:
    """A lot recovered in 令和{year}年度; the n-th of the file."""
    return [f"{2018 + year}-HB-012-{n:05d}", f"令和{year}年度", "ロシア", "ハバロフスク地方",
            "HB-012", f"令和{year}年8月1日", 2, f"HB-012-{18 + year}-{n:04d}", "ロシア連邦国防省",
            remarks]  # fmt: skip


def workbook(path: Path, *sheets: Sheet, hidden: tuple[str, ...] = ()) -> Path:
    """One sheet for each (name, rows): the rows' first is the header row."""
    book = Workbook()
    book.remove(book.worksheets[0])
    for name, rows in sheets:
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        if name in hidden:
            sheet.sheet_state = "hidden"
    book.save(path)
    return path


def with_cell(row: list[object], index: int, value: object) -> list[object]:
    return [value if i == index else cell for i, cell in enumerate(row)]


COUNT, YEAR = RECOVERY.index("柱数"), RECOVERY.index("収集年度")
BAD_5 = with_cell(lot(1, 5), COUNT, "数柱")  # no count a registrar reads
BAD_6 = with_cell(lot(3), YEAR, "来年度")  # no fiscal year
EXAMPLE = ("記入例", [RECOVERY, lot(99, remarks="記入例")])
R5 = ("令和5年度", [RECOVERY, lot(1, 5), lot(2, 5)])
R6 = ("令和6年度", [RECOVERY, lot(3), lot(4), lot(5)])
GUIDE = ("記入要領", [["この様式の書き方"], ["整理番号は…"]])


def lots(database: Database) -> dict[str, tuple[str, str]]:
    """Each lot stored: its sheet and remarks."""
    with database.reading() as s:
        rows = s.execute(
            select(RemainsLot.lot_number, RemainsLot.source_sheet, RemainsLot.remarks)
        ).all()
    return {number: (sheet, remarks) for number, sheet, remarks in rows}


def number_of(database: Database, model: type) -> int:
    with database.reading() as s:
        return int(s.execute(select(func.count()).select_from(model)).scalar_one())


# --- which sheets -------------------------------------------------------------------------


def test_one_fitting_sheet_among_others_is_imported_without_a_choice(
    database: Database, tmp_path: Path
) -> None:
    path = workbook(tmp_path / "book.xlsx", GUIDE, R6)
    report = apply_import(database, "tester", prepare_import(path))
    assert report.written and report.counts.created == 3 and report.sheets == ["令和6年度"]
    assert {sheet for sheet, _ in lots(database).values()} == {"令和6年度"}


def test_an_example_sheet_before_the_real_one_refuses_the_file_naming_both(
    database: Database, tmp_path: Path
) -> None:
    path = workbook(tmp_path / "book.xlsx", EXAMPLE, GUIDE, R6)
    with pytest.raises(SheetsToChoose) as refused:
        prepare_import(path)
    assert refused.value.sheets == ["記入例", "令和6年度"]
    assert str(refused.value) == (
        f"{path}: 2 sheets have headers an import profile fits (記入例、令和6年度); choose "
        "them with --sheet"
    )
    with pytest.raises(SheetsToChoose):
        plan_import(database, path)
    assert number_of(database, ImportBatch) == 0


def test_a_hidden_sheet_whose_headers_fit_is_still_no_data(
    database: Database, tmp_path: Path
) -> None:
    path = workbook(tmp_path / "book.xlsx", EXAMPLE, R6, hidden=("記入例",))
    assert preview(path).layouts[0].sheet == "令和6年度"
    with pytest.raises(ImportRefused, match="sheet 記入例 is hidden, a working sheet"):
        prepare_import(path, sheets=["記入例"])


def test_a_hidden_sheet_that_alone_fits_is_named_in_the_refusal_but_not_imported(
    database: Database, tmp_path: Path
) -> None:
    """With no visible sheet holding a single header of any profile, the hidden sheet that
    fits is what the registrar is looking for: named, instead of a profile at random."""
    path = workbook(tmp_path / "book.xlsx", GUIDE, ("作業用", R6[1]), hidden=("作業用",))
    with pytest.raises(ImportRefused) as refused:
        prepare_import(path)
    assert str(refused.value) == (
        f"{path}: no visible sheet has headers an import profile fits, but the hidden sheet "
        "作業用 has (profile recovery, header row 1): a hidden sheet is a working sheet, never "
        "imported; show it in Excel or LibreOffice if it holds the rows to import"
    )
    assert number_of(database, ImportBatch) == 0


def test_a_visible_sheet_near_a_profile_is_named_before_a_hidden_one_that_fits(
    tmp_path: Path,
) -> None:
    near = ("令和6年度", [[h for h in RECOVERY if h != "柱数"], lot(3)[:6] + lot(3)[7:]])
    path = workbook(tmp_path / "book.xlsx", near, ("作業用", R6[1]), hidden=("作業用",))
    with pytest.raises(ImportRefused) as refused:
        prepare_import(path)
    assert str(refused.value).endswith("; closest profile recovery lacks: 柱数")
    assert str(refused.value).startswith(f"{path}: sheet 令和6年度: no import profile fits")


def test_headers_are_looked_for_in_the_first_rows_of_each_sheet_only() -> None:
    """A sheet that fits no profile is read no further than the rows a header may be in."""
    read = 0

    def endless() -> Iterator[Row]:
        nonlocal read
        for number in count(1):
            read = number
            yield number, ["合計", number]

    sheets = [
        SheetRows("集計", False, endless()),
        SheetRows("令和6年度", False, iter(enumerate(R6[1], 1))),
    ]
    [found] = find_layouts("book.xlsx", sheets, all_profiles())
    assert found.layout.sheet == "令和6年度" and read == HEADER_SEARCH_ROWS


# --- choosing them --------------------------------------------------------------------------


def test_the_sheet_chosen_is_imported_and_the_example_is_not(
    database: Database, tmp_path: Path
) -> None:
    path = workbook(tmp_path / "book.xlsx", EXAMPLE, R6)
    report = apply_import(database, "tester", prepare_import(path, sheets=["令和6年度"]))
    assert report.written and report.counts.created == 3
    assert "2024-HB-012-00099" not in lots(database)


def test_several_sheets_chosen_are_imported_in_one_batch(
    database: Database, tmp_path: Path
) -> None:
    path = workbook(tmp_path / "book.xlsx", EXAMPLE, R5, R6)
    plan = plan_import(database, path, sheets=["令和5年度", "令和6年度"])
    assert plan.counts is not None and plan.counts.created == 5
    report = apply_import(database, "tester", plan)
    assert report.written and (report.counts.created, report.sheets) == (
        5,
        ["令和5年度", "令和6年度"],
    )
    assert lots(database) == {
        "2023-HB-012-00001": ("令和5年度", ""),
        "2023-HB-012-00002": ("令和5年度", ""),
        "2024-HB-012-00003": ("令和6年度", ""),
        "2024-HB-012-00004": ("令和6年度", ""),
        "2024-HB-012-00005": ("令和6年度", ""),
    }
    assert number_of(database, ImportBatch) == 1
    with database.reading() as s:
        after = s.execute(select(AuditEvent.after).where(AuditEvent.action == "import")).scalar()
    assert json.loads(after)["sheets"] == ["令和5年度", "令和6年度"]


def test_a_rejected_row_of_one_chosen_sheet_writes_none_of_them(
    database: Database, tmp_path: Path
) -> None:
    bad = with_cell(lot(4), COUNT, "数柱")
    path = workbook(tmp_path / "book.xlsx", R5, ("令和6年度", [RECOVERY, lot(3), bad]))
    report = apply_import(
        database, "tester", prepare_import(path, sheets=["令和6年度", "令和5年度"])
    )
    assert not report.written and number_of(database, RemainsLot) == 0
    [rejected] = report.rejects
    assert (rejected.sheet, rejected.row) == ("令和6年度", 3)
    assert [e.sheet for e in rejected.errors] == ["令和6年度"]


def test_rejected_rows_keep_apart_the_rows_of_each_sheet(
    database: Database, tmp_path: Path
) -> None:
    """Row 2 of one sheet and row 2 of another are two rows; each keeps its reasons."""
    path = workbook(
        tmp_path / "book.xlsx", ("令和5年度", [RECOVERY, BAD_5]), ("令和6年度", [RECOVERY, BAD_6])
    )
    plan = plan_import(database, path, sheets=["令和5年度", "令和6年度"])
    assert plan.counts is not None and plan.counts.rejected == 2
    assert [(r.sheet, r.row, [e.column for e in r.errors]) for r in plan.rejects] == [
        ("令和5年度", 2, ["柱数"]),
        ("令和6年度", 2, ["収集年度"]),
    ]


def test_a_lot_repeated_on_another_chosen_sheet_is_refused_naming_that_sheet(
    database: Database, tmp_path: Path
) -> None:
    again = lot(1, 5, remarks="再送")
    path = workbook(tmp_path / "book.xlsx", R5, ("令和6年度", [RECOVERY, lot(3), again]))
    plan = plan_import(database, path, sheets=["令和5年度", "令和6年度"])
    [rejected] = plan.rejects
    assert [e.reason for e in rejected.errors] == [
        "lot 2023-HB-012-00001 is already on row 2 of sheet 令和5年度"
    ]


@pytest.mark.parametrize("limit", [10**12, 0], ids=["read here", "read beside"])
def test_a_register_number_repeated_on_another_chosen_sheet_is_refused(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: int
) -> None:
    """Into an empty register the persons are loaded in bulk, where only this check stands
    between a repeated 番号 and two persons with it."""
    monkeypatch.setattr(reading, "READ_BESIDE_FROM", limit)
    first, again = [7, *ROW[1:]], [7, "サトウ ハナコ", *ROW[2:]]
    path = workbook(
        tmp_path / "book.xlsx",
        ("名簿1", [REGISTER, first]),
        ("名簿2", [REGISTER, [8, *ROW[1:]], again]),
    )
    plan = prepare_import(path, sheets=["名簿1", "名簿2"])
    assert isinstance(plan.opened, ReadBeside if limit == 0 else ReadHere)
    report = apply_import(database, "tester", plan, accept_valid=True)
    assert (report.counts.created, report.counts.rejected) == (2, 1)
    [rejected] = report.rejects
    assert (rejected.sheet, rejected.row) == ("名簿2", 3)
    assert rejected.errors[0].reason == "番号 7 is already on row 2 of sheet 名簿1"
    assert number_of(database, Person) == 2


@pytest.mark.parametrize("order", [1, -1], ids=["with the column first", "without it first"])
def test_a_sheet_without_an_optional_column_keeps_what_is_stored(
    database: Database, tmp_path: Path, order: int
) -> None:
    """A sheet without 備考 says nothing about remarks, even beside one that has the column."""
    stored = ("令和5年度", [RECOVERY, lot(1, 5, "要鑑定"), lot(3, remarks="要鑑定")])
    assert apply_import(
        database, "tester", prepare_import(workbook(tmp_path / "a.xlsx", stored))
    ).written
    path = workbook(
        tmp_path / "book.xlsx",
        ("令和5年度", [RECOVERY, lot(1, 5, "鑑定済")]),
        ("令和6年度", [row[:9] for row in R6[1]]),  # lots 3, 4 and 5, without 備考
    )
    plan = prepare_import(path, sheets=["令和5年度", "令和6年度"][::order])
    report = apply_import(database, "tester", plan)
    assert report.written
    counts = report.counts
    assert (counts.created, counts.updated, counts.unchanged) == (2, 1, 1)
    remarks = {number: text for number, (_, text) in lots(database).items()}
    assert remarks["2023-HB-012-00001"] == "鑑定済"
    assert remarks["2024-HB-012-00003"] == "要鑑定"


@pytest.mark.parametrize(
    ("sheets", "refusal"),
    [
        (
            ["令和7年度"],
            "there is no sheet 令和7年度 in this workbook; its sheets: 記入例、記入要領、令和6年度",
        ),
        (
            ["記入要領"],
            "sheet 記入要領: no import profile fits this file's headers; headers found: "
            "この様式の書き方",
        ),
        (["令和6年度", "記入要領"], "sheet 記入要領: no import profile fits"),
    ],
)
def test_a_chosen_sheet_missing_or_fitting_no_profile_is_refused_naming_it(
    database: Database, tmp_path: Path, sheets: list[str], refusal: str
) -> None:
    path = workbook(tmp_path / "book.xlsx", EXAMPLE, GUIDE, R6)
    with pytest.raises(ImportRefused) as refused:
        prepare_import(path, sheets=sheets)
    assert str(refused.value).startswith(f"{path}: {refusal}"), str(refused.value)
    assert number_of(database, ImportBatch) == 0


def test_a_sheet_chosen_in_a_csv_file_is_refused_as_a_csv_file_has_none(
    database: Database, tmp_path: Path
) -> None:
    path = tmp_path / "lots.csv"
    path.write_text("検体番号,鑑定種別\n", encoding="utf-8")
    with pytest.raises(ImportRefused) as refused:
        prepare_import(path, sheets=["令和6年度"])
    assert str(refused.value) == (
        f"{path}: a CSV file has no sheets: there is no sheet 令和6年度 to choose"
    )


def test_chosen_sheets_fitting_different_profiles_are_refused(tmp_path: Path) -> None:
    path = workbook(tmp_path / "book.xlsx", R6, ("名簿", [REGISTER, ROW]))
    with pytest.raises(ImportRefused) as refused:
        prepare_import(path, sheets=["令和6年度", "名簿"])
    assert str(refused.value).endswith(
        "fit different import profiles: 令和6年度 (recovery)、名簿 (soviet_deaths); "
        "import them one at a time"
    )


def test_a_sheet_name_typed_with_full_width_digits_or_twice_finds_the_sheet_once(
    database: Database, tmp_path: Path
) -> None:
    path = workbook(tmp_path / "book.xlsx", EXAMPLE, R6)
    plan = plan_import(database, path, sheets=["令和６年度", "令和6年度"])
    assert plan.sheets == ["令和6年度"]
    assert plan.counts is not None and plan.counts.created == 3


def test_the_refusal_to_choose_comes_whole_from_the_reading_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reading, "READ_BESIDE_FROM", 0)
    path = workbook(tmp_path / "book.xlsx", EXAMPLE, R6)
    with pytest.raises(SheetsToChoose) as refused:
        prepare_import(path)
    assert refused.value.sheets == ["記入例", "令和6年度"]


# --- what is written about them -------------------------------------------------------------


def test_the_rejects_workbook_has_a_sheet_for_each_sheet_with_rejected_rows(
    database: Database, tmp_path: Path
) -> None:
    path = workbook(
        tmp_path / "book.xlsx",
        ("令和5年度", [RECOVERY, BAD_5]),
        ("令和6年度", [["令和6年度 遺骨収集実績"], RECOVERY[::-1], BAD_6[::-1], lot(4)[::-1]]),
    )
    plan = plan_import(database, path, sheets=["令和5年度", "令和6年度"])
    out = tmp_path / "rejects.xlsx"
    assert write_rejects(out, [("book.xlsx", plan.layouts, plan.rejects)]) == 2
    book = load_workbook(out)
    assert book.sheetnames == ["令和5年度", "令和6年度"]
    first, second = book.worksheets
    assert [c.value for c in first[1]] == [*RECOVERY, REASON_HEADER, *ORIGIN_HEADERS]
    assert [c.value for c in second[1]] == [*RECOVERY[::-1], REASON_HEADER, *ORIGIN_HEADERS]
    assert [c.value for c in second[2]][-3:] == ["book.xlsx", "令和6年度", 3]
    assert second["I2"].value == "来年度" and "row 3: 収集年度" in second["K2"].value


def test_a_rejects_sheet_is_named_as_the_sheet_its_rows_came_from_not_the_file(
    database: Database, tmp_path: Path
) -> None:
    # Named 「1_sd_fix」 after the file, where the registrar looked for the ministry's 名簿.
    path = workbook(tmp_path / "sd_fix.xlsx", ("名簿", [RECOVERY, BAD_5]))
    plan = plan_import(database, path)
    out = tmp_path / "rejects.xlsx"
    write_rejects(out, [("sd_fix.xlsx", plan.layouts, plan.rejects)])
    assert load_workbook(out).sheetnames == ["名簿"]


def test_two_files_sheets_of_one_name_are_told_apart_by_their_file(
    database: Database, tmp_path: Path
) -> None:
    plans = [
        (name, plan_import(database, workbook(tmp_path / name, ("名簿", [RECOVERY, BAD_5]))))
        for name in ("東部.xlsx", "西部.xlsx", "東部.xlsx")
    ]
    out = tmp_path / "rejects.xlsx"
    write_rejects(out, [(name, plan.layouts, plan.rejects) for name, plan in plans])
    assert load_workbook(out).sheetnames == ["名簿", "名簿 (西部)", "名簿 (東部)"]


@pytest.mark.parametrize(
    ("sheet", "file_name", "taken", "title"),
    [
        ("名簿", "a.xlsx", [], "名簿"),
        ("名簿", "a.xlsx", ["名簿"], "名簿 (a)"),
        ("名簿", "a.xlsx", ["名簿", "名簿 (a)"], "名簿 (2)"),
        ("Sheet1", "a.xlsx", ["SHEET1"], "Sheet1 (a)"),  # Excel ignores case
        ("register.csv", "register.csv", [], "register.csv"),  # a CSV's rows: the file's
        ("a/b:c?[d]*\\e", "a.ods", [], "a_b_c__d___e"),  # an ODS sheet Excel cannot name
        ("x" * 40, "a.ods", [], "x" * 31),
        ("x" * 40, "a.ods", ["x" * 31], "x" * 27 + " (a)"),
        ("'引用'", "a.ods", [], "引用"),  # Excel refuses an apostrophe at either end
        ("History", "a.xlsx", [], "History (a)"),  # Excel keeps History for itself
        ("名簿", "令和6年度遺骨収集実績一覧表.xlsx", ["名簿"], "名簿 (令和6年度遺骨収集実績一)"),
    ],
)
def test_a_rejects_sheet_title_is_one_excel_accepts(
    sheet: str, file_name: str, taken: list[str], title: str
) -> None:
    assert sheet_title(sheet, file_name, taken) == title


def test_a_rejects_workbook_of_several_sheets_corrected_is_imported_whole(
    database: Database, tmp_path: Path
) -> None:
    """Its sheets all fit the one profile and end with the reason column: the rows refused
    from the sheets chosen before, imported again together without choosing them again."""
    path = workbook(
        tmp_path / "book.xlsx", ("令和5年度", [RECOVERY, BAD_5]), ("令和6年度", [RECOVERY, BAD_6])
    )
    plan = plan_import(database, path, sheets=["令和5年度", "令和6年度"])
    out = tmp_path / "rejects.xlsx"
    write_rejects(out, [("book.xlsx", plan.layouts, plan.rejects)])
    book = load_workbook(out)
    book.worksheets[0]["G2"] = 3  # 柱数, "数柱" corrected
    book.worksheets[1]["B2"] = "令和6年度"  # 収集年度, "来年度" corrected
    book.save(out)
    with pytest.raises(SheetsToChoose):
        prepare_import(path)  # the file itself still needs its sheets chosen
    report = apply_import(database, "tester", prepare_import(out))
    assert report.written and report.counts.created == 2
    assert report.sheets == ["令和5年度", "令和6年度"]


def test_a_rejects_workbook_of_files_of_two_formats_is_imported_a_sheet_at_a_time(
    tmp_path: Path,
) -> None:
    """A recovery file and its identification results imported in one run: their rejected
    rows go into one workbook, a sheet for each, imported again one format at a time."""
    db, rejects = tmp_path / "db.sqlite3", tmp_path / "rejects.xlsx"
    recovery = workbook(tmp_path / "rec.xlsx", ("収集実績", [RECOVERY, BAD_5, lot(2)]))
    results = tmp_path / "ana.csv"  # the one test is of the lot the recovery file misspells
    results.write_text(
        "検体番号,鑑定種別,所属集団判定\nHB-012-23-0001,DNA(STR),日本人\n", encoding="utf-8"
    )
    runner = CliRunner()
    first = [str(recovery), str(results), "--accept-valid", "--rejects", str(rejects)]
    assert runner.invoke(app, ["--db", str(db), "import", *first]).exit_code == 1
    book = load_workbook(rejects)
    assert book.sheetnames == ["収集実績", "ana.csv"]
    book["収集実績"]["G2"] = 2  # 柱数, "数柱" corrected
    book.save(rejects)

    refused = runner.invoke(app, ["--db", str(db), "import", str(rejects)])
    assert refused.exit_code == 1
    assert refused.stderr == (
        f"irei: {rejects}: 2 sheets have headers of different import profiles (収集実績 "
        "(recovery)、ana.csv (analysis)): import them one at a time, each chosen with --sheet\n"
    )
    for sheet in ("収集実績", "ana.csv"):  # the lot before its test
        again = runner.invoke(app, ["--db", str(db), "import", str(rejects), "--sheet", sheet])
        assert again.exit_code == 0, again.output
    stats = json.loads(runner.invoke(app, ["--db", str(db), "stats", "--json"]).stdout)
    assert (stats["lots"]["total"], stats["analyses"]["total"]) == (2, 1)


def test_a_workbook_whose_last_column_alone_is_a_reason_still_needs_its_sheets_chosen(
    tmp_path: Path,
) -> None:
    with_reason = [[*RECOVERY, REASON_HEADER], [*lot(1), ""]]
    path = workbook(tmp_path / "book.xlsx", ("令和6年度", with_reason), R5)
    with pytest.raises(SheetsToChoose):
        prepare_import(path)


def test_import_command_chooses_sheets_and_reports_them(tmp_path: Path) -> None:
    path = workbook(tmp_path / "book.xlsx", EXAMPLE, R5, R6)
    db = tmp_path / "db.sqlite3"
    runner = CliRunner()
    refused = runner.invoke(app, ["--db", str(db), "import", str(path)])
    assert refused.exit_code == 1
    assert refused.stderr == (
        f"irei: {path}: 3 sheets have headers an import profile fits (記入例、令和5年度、"
        "令和6年度); choose them with --sheet\n"
    )
    chosen = ["--sheet", "令和5年度", "--sheet", "令和6年度"]
    result = runner.invoke(app, ["--db", str(db), "import", str(path), *chosen, "--dry-run"])
    assert result.exit_code == 0, result.output
    file_column = " ".join(
        line.split("│")[1].strip() for line in result.stdout.splitlines() if line.startswith("│")
    )
    assert file_column == "book.xlsx [令和5年度, 令和6年度]"  # wrapped in its column
    result = runner.invoke(app, ["--db", str(db), "import", str(path), *chosen, "--json"])
    assert result.exit_code == 0, result.output
    [summary] = json.loads(result.stdout)["files"]
    assert (summary["sheets"], summary["created"], summary["written"]) == (
        ["令和5年度", "令和6年度"],
        5,
        True,
    )


def test_a_row_refused_once_compared_keeps_the_cells_of_its_own_sheet(
    database: Database, tmp_path: Path
) -> None:
    """A death register's rows reach the database without their cells: a row refused there
    has them read again, from its own sheet."""
    stored = workbook(tmp_path / "a.xlsx", ("名簿", [REGISTER, ROW]))
    assert apply_import(database, "tester", prepare_import(stored)).written
    path = workbook(
        tmp_path / "book.xlsx",
        ("名簿1", [REGISTER, [5, *ROW[1:]], [6, *ROW[1:]]]),
        ("名簿2", [REGISTER, [7, *ROW[1:]], OTHER]),
    )
    plan = plan_import(database, path, sheets=["名簿1", "名簿2"])
    [rejected] = plan.rejects
    assert (rejected.sheet, rejected.row, rejected.cells[:3]) == ("名簿2", 3, tuple(OTHER[:3]))


def test_of_profiles_finding_as_many_columns_the_one_lacking_fewest_is_named(
    tmp_path: Path,
) -> None:
    # 番号 and 氏名 are the roll's, 番号 and 死亡日 the register's: the register lacks one.
    path = workbook(tmp_path / "book.xlsx", ("名簿", [["番号", "氏名", "死亡日", "メモ"]]))
    with pytest.raises(ImportRefused) as refused:
        prepare_import(path)
    assert str(refused.value).endswith("; closest profile soviet_deaths lacks: 氏名（カナ）")
