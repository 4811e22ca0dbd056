"""The workbook roll prints on A4 with its header on every page, stores text as text, and opens
in LibreOffice without repair."""

from __future__ import annotations

import errno
import gc
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from exports.roll_xlsx import HEADER_ROW, write_roll_xlsx
from exports.rows import COLUMNS, CeremonyInfo, RollRow
from records.files import CannotSave

MakeRow = Callable[..., RollRow]


@pytest.fixture
def workbook_path(tmp_path: Path, ceremony: CeremonyInfo, roll: list[RollRow]) -> Path:
    path = tmp_path / "roll.xlsx"
    write_roll_xlsx(path, ceremony, roll)
    return path


def test_roll_is_set_up_to_print_on_a4_portrait_fit_to_width(workbook_path: Path) -> None:
    sheet = load_workbook(workbook_path).active
    assert int(sheet.page_setup.paperSize) == 9
    assert sheet.page_setup.orientation == "portrait"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert int(sheet.page_setup.fitToWidth) == 1
    assert int(sheet.page_setup.fitToHeight) == 0


def test_header_row_repeats_on_every_printed_page_and_stays_frozen(workbook_path: Path) -> None:
    sheet = load_workbook(workbook_path).active
    assert sheet.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    assert sheet.freeze_panes == f"A{HEADER_ROW + 1}"
    assert [c.value for c in sheet[HEADER_ROW]] == list(COLUMNS)


def test_footer_numbers_the_pages(workbook_path: Path) -> None:
    sheet = load_workbook(workbook_path).active
    assert sheet.oddFooter.center.text == "&P / &N"


def test_title_rows_give_the_ceremony_and_its_date_in_wareki_and_western(
    workbook_path: Path,
) -> None:
    sheet = load_workbook(workbook_path).active
    assert sheet["A1"].value == "令和7年度 シベリア抑留中死亡者追悼式"
    assert sheet["A2"].value == "令和7年8月23日（2025-08-23）　千鳥ケ淵戦没者墓苑"


def test_names_and_readings_are_written_as_given_in_the_order_given(workbook_path: Path) -> None:
    sheet = load_workbook(workbook_path).active
    *body, _total = sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)
    assert [(r[0], r[1], r[2]) for r in body] == [
        (1, "阿部　正雄", "アベ マサオ"),
        (2, "髙橋　清", "タカハシ キヨシ"),
        (3, "山﨑　茂", "ヤマザキ シゲル"),
        (4, None, "ワタナベ タロウ"),
    ]
    assert body[2][7] is None  # 柱数 not known stays blank, not 0
    assert body[3][3] == "不詳"


def test_death_dates_are_spelled_in_wareki_as_the_pdf_roll_reads_them_a_partial_one_partial(
    workbook_path: Path,
) -> None:
    """The registrar reads either printed roll aloud; the CSV keeps ISO for the ministry."""
    sheet = load_workbook(workbook_path).active
    *entries, _total = sheet.iter_rows(min_row=HEADER_ROW + 1)
    dates = [row[3] for row in entries]
    assert [cell.value for cell in dates] == [
        "昭和21年2月13日",
        "昭和21年2月",
        "昭和21年2月13日",
        "不詳",
    ]
    assert {cell.data_type for cell in dates} == {"s"}
    assert not any(cell.alignment.wrap_text for cell in dates)


def test_remains_on_the_roll_without_a_person_are_written_as_unnamed_not_blank(
    tmp_path: Path, ceremony: CeremonyInfo, make_row: MakeRow
) -> None:
    write_roll_xlsx(tmp_path / "roll.xlsx", ceremony, [make_row("", "", remarks="分骨")])
    sheet = load_workbook(tmp_path / "roll.xlsx").active
    row, _total = sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)
    assert row[:3] == (1, "氏名不詳", None)
    assert row[6:] == ("HB-012-20-0001", 1, "分骨")


def test_columns_are_wide_enough_for_japanese_names(workbook_path: Path) -> None:
    sheet = load_workbook(workbook_path).active
    assert sheet.column_dimensions["B"].width >= 16
    assert sheet.column_dimensions["C"].width >= 20
    assert sheet.column_dimensions["F"].width >= 28


def test_formula_like_values_are_stored_as_text_never_as_formulas_and_never_altered(
    tmp_path: Path, ceremony: CeremonyInfo, make_row: MakeRow
) -> None:
    """A remark "-" (none, as registers often write it) prints as "-", not "'-": the cell
    is text, marked quotePrefix, so no spreadsheet runs it and nothing is added to it."""
    attacks = ["=1+1", "+1", "-1", "-", "@SUM(A1:A2)", "\t=1+1", "\r=1+1", "#N/A"]
    rows = [make_row(value, value, remarks=value, burial_site=value) for value in attacks]
    path = tmp_path / "roll.xlsx"
    write_roll_xlsx(path, ceremony, rows)

    sheet = load_workbook(path).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [cell.coordinate for cell in cells if cell.data_type in ("f", "e")]
    *entries, _total = sheet.iter_rows(min_row=HEADER_ROW + 1)
    assert [row[8].value for row in entries] == attacks
    assert [row[8].quotePrefix for row in entries] == [True] * 7 + [False]


def test_progress_is_reported_up_to_the_last_row(
    tmp_path: Path, ceremony: CeremonyInfo, make_row: MakeRow
) -> None:
    seen: list[tuple[int, int]] = []
    rows = [make_row("佐藤　清", "サトウ キヨシ")] * 2500
    write_roll_xlsx(tmp_path / "roll.xlsx", ceremony, rows, progress=lambda *p: seen.append(p))
    assert seen == [(1000, 2500), (2000, 2500), (2500, 2500)]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_roll_and_prints_it(tmp_path: Path, workbook_path: Path) -> None:
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "out"),
            str(workbook_path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "out" / "roll.pdf"
    assert pdf.exists()
    assert pdf.stat().st_size > 1000
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout
        assert "髙橋" in text
        assert "ワタナベ タロウ" in text


def test_a_name_too_long_for_its_column_wraps_in_a_taller_row_rather_than_printing_cut(
    tmp_path: Path, ceremony: CeremonyInfo, make_row: MakeRow
) -> None:
    # Beside a filled フリガナ cell the name cannot run on: it printed as 勘解由小路　左衛門三郎.
    rows = [
        make_row("勘解由小路　左衛門三郎太", "カデノコウジ サエモンサブロウタ"),
        make_row("髙橋　清", "タカハシ キヨシ"),
    ]
    write_roll_xlsx(tmp_path / "roll.xlsx", ceremony, rows)
    sheet = load_workbook(tmp_path / "roll.xlsx").active
    long_row, short_row = HEADER_ROW + 1, HEADER_ROW + 2
    assert sheet.cell(long_row, 2).value == "勘解由小路　左衛門三郎太"
    assert sheet.cell(long_row, 2).alignment.wrap_text
    assert sheet.row_dimensions[long_row].height >= 30
    assert not sheet.cell(short_row, 2).alignment.wrap_text
    assert sheet.row_dimensions[short_row].height is None


def test_a_remark_over_several_lines_gets_a_row_tall_enough_for_each(
    tmp_path: Path, ceremony: CeremonyInfo, make_row: MakeRow
) -> None:
    rows = [make_row("山田　一", "ヤマダ ハジメ", remarks="露側記録による\n氏名は読みのみ\n要確認")]
    write_roll_xlsx(tmp_path / "roll.xlsx", ceremony, rows)
    sheet = load_workbook(tmp_path / "roll.xlsx").active
    assert sheet.cell(HEADER_ROW + 1, 9).alignment.wrap_text
    assert sheet.row_dimensions[HEADER_ROW + 1].height >= 45


def test_a_lot_number_fits_its_column_whole(workbook_path: Path) -> None:
    # 2025-IR-060-00044, as the ministry numbers lots, printed as 2025-IR-060-0004 in 14 digits.
    sheet = load_workbook(workbook_path).active
    assert sheet.column_dimensions["G"].width >= len("2025-IR-060-00044") + 1


def test_a_roll_of_remains_ends_with_their_total_count(
    tmp_path: Path, ceremony: CeremonyInfo, make_row: MakeRow
) -> None:
    rows = [
        make_row("", "", remains_count=12),
        make_row("", "", remains_count=None),  # not known: counts for nothing
        make_row("", "", remains_count=1),
    ]
    write_roll_xlsx(tmp_path / "roll.xlsx", ceremony, rows)
    sheet = load_workbook(tmp_path / "roll.xlsx").active
    *_rows, total = sheet.iter_rows(min_row=HEADER_ROW + 1)
    assert [cell.value for cell in total][:8] == [None] * 6 + ["合計", 13]
    assert total[7].data_type == "n" and total[7].number_format == '0"柱"'


def test_a_roll_of_persons_alone_has_no_total_of_remains(
    tmp_path: Path, ceremony: CeremonyInfo, make_row: MakeRow
) -> None:
    rows = [make_row("阿部　正雄", "アベ マサオ", lot_number="", remains_count=None)]
    write_roll_xlsx(tmp_path / "roll.xlsx", ceremony, rows)
    sheet = load_workbook(tmp_path / "roll.xlsx").active
    assert sheet.max_row == HEADER_ROW + 1


class _FullDisk:
    """The temporary file of an export on a disk that fills up at the first byte."""

    def __init__(self, descriptor: int, mode: str) -> None:
        self.descriptor = descriptor

    def __enter__(self) -> _FullDisk:
        return self

    def __exit__(self, *exc: object) -> None:
        os.close(self.descriptor)

    def write(self, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


def _read_only(*args: object, **kwargs: object) -> tuple[int, str]:
    raise OSError(errno.EROFS, "Read-only file system")


@pytest.mark.parametrize(
    ("patched", "replacement", "reason"),
    [
        ("records.files.tempfile.mkstemp", _read_only, "the disk is read-only"),
        ("records.files.os.fdopen", _FullDisk, "no space left on the disk"),
    ],
)
def test_a_roll_that_cannot_be_saved_is_one_error_and_leaves_nothing_half_written(
    tmp_path: Path,
    ceremony: CeremonyInfo,
    roll: list[RollRow],
    monkeypatch: pytest.MonkeyPatch,
    patched: str,
    replacement: Callable[..., object],
    reason: str,
) -> None:
    # What Python could not raise (a workbook's half-written sheet or zip, closed when it is
    # collected) it prints after the error, as a traceback the registrar would see.
    unraisable: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    monkeypatch.setattr(patched, replacement)
    with pytest.raises(CannotSave, match=f"^cannot save roll.xlsx: {reason}$"):
        write_roll_xlsx(tmp_path / "roll.xlsx", ceremony, roll)
    gc.collect()
    assert unraisable == []
    assert list(tmp_path.iterdir()) == []
