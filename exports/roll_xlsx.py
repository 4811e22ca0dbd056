"""The ceremony roll as an Excel workbook ready to print: A4 portrait, fit to the page width,
title rows, the header row repeated on every page and page numbers in the footer."""

from __future__ import annotations

import io
import os
import unicodedata
from collections.abc import Sequence
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from exports.rows import (
    COLUMNS,
    CeremonyInfo,
    Progress,
    RollRow,
    ceremony_date_text,
    remains_total,
    roll_cells,
)
from exports.safety import formula_like
from records.files import atomic_write

SHEET_TITLE = "名簿"
HEADER_ROW = 4
# Excel measures width in digits of the default font; a kanji or kana takes about two.
# Sized for the longest values seen in the ministry's lists (ハバロフスク地方第12埋葬地,
# a lot's 整理番号 2025-IR-060-00044, a death date in wareki 明治45年7月30日); a longer value
# wraps in its cell (see `_append_row`).
COLUMN_WIDTHS = (7, 18, 24, 16, 10, 30, 19, 6, 30)
_PROGRESS_EVERY = 1000
_LINE_HEIGHT = 15.0  # points: one line of the default 11 pt font, Excel's default row height


def write_roll_xlsx(
    path: str | os.PathLike[str],
    ceremony: CeremonyInfo,
    rows: Sequence[RollRow],
    progress: Progress | None = None,
) -> None:
    """Write the roll in the order given, every text cell stored as text and none a formula."""

    def write(out: BinaryIO) -> None:
        # Built once the file to write is there, and saved whole into memory before a byte
        # reaches it: a folder refused or a disk that fills up is then one error, never a
        # workbook left half-saved that openpyxl complains of when it is collected.
        saved = io.BytesIO()
        _workbook(ceremony, rows, progress).save(saved)
        out.write(saved.getbuffer())

    atomic_write(path, write)


def _workbook(
    ceremony: CeremonyInfo, rows: Sequence[RollRow], progress: Progress | None
) -> Workbook:
    # Write-only mode streams rows to the zip instead of building a cell object each:
    # 57,000 entries take seconds rather than a minute and a few hundred MB.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_TITLE)
    _set_up_page(sheet, ceremony)
    _append_title(sheet, ceremony)
    total = len(rows)
    for number, row in enumerate(rows, start=1):
        _append_row(sheet, HEADER_ROW + number, number, row)
        if progress is not None and number % _PROGRESS_EVERY == 0:
            progress(number, total)
    remains = remains_total(rows)
    if remains is not None:
        _append_total(sheet, remains)
    if progress is not None:
        progress(total, total)
    return workbook


def _append_row(sheet: Any, sheet_row: int, number: int, row: RollRow) -> None:
    cells: list[Any] = []
    lines = 1
    for value, width in zip(roll_cells(number, row, printed=True), COLUMN_WIDTHS, strict=True):
        if not isinstance(value, str):
            cells.append(value)
            continue
        needed = _lines(value, width)
        if needed == 1 and not _taken_for_other_than_text(value):
            cells.append(value)
            continue
        # A cell's text runs on only into an empty neighbour: a long name beside its reading
        # would print cut. It wraps instead, in a row made tall enough, since neither Excel nor
        # LibreOffice grows a row on opening; only such cells get a cell object, so a long
        # roll stays fast.
        cell = _text(sheet, value)
        if needed > 1:
            cell.alignment = _WRAPPED
        cells.append(cell)
        lines = max(lines, needed)
    if lines > 1:
        sheet.row_dimensions[sheet_row].height = lines * _LINE_HEIGHT
    sheet.append(cells)


def _append_total(sheet: Any, remains: int) -> None:
    """合計 beside the sum of 柱数, below it, in a number cell (not a formula: a roll is a
    record of what was printed, and none of its cells is one)."""
    label = WriteOnlyCell(sheet, value="合計")
    label.font = _HEADER_FONT
    label.alignment = Alignment(horizontal="right")
    count = WriteOnlyCell(sheet, value=remains)
    count.font = _HEADER_FONT
    count.border = Border(top=Side(style="thin"))
    count.number_format = '0"柱"'  # shown as the PDF prints it, kept a number to sum
    lot_column = COLUMNS.index("整理番号")
    sheet.append([None] * lot_column + [label, count])


def _taken_for_other_than_text(value: str) -> bool:
    """openpyxl writes a string starting with "=" as a formula and "#N/A" as an error."""
    return formula_like(value) or value in ERROR_CODES


def _text(sheet: Any, value: str) -> WriteOnlyCell:
    """A cell holding ``value`` as text, exactly as recorded. One a spreadsheet could take for
    a formula is marked quotePrefix, Excel's own leading apostrophe, which is neither shown
    nor printed but keeps the cell text when it is edited."""
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    cell.quotePrefix = formula_like(value)
    return cell


def _lines(text: str, width: int) -> int:
    """The lines ``text`` surely fits in, wrapped in a column ``width`` digits wide."""
    return sum(-(-max(_width(line), 1) // width) for line in text.split("\n"))


def _width(text: str) -> int:
    return len(text) + sum(unicodedata.east_asian_width(char) in "WF" for char in text)


def _set_up_page(sheet: Any, ceremony: CeremonyInfo) -> None:
    for index, width in enumerate(COLUMN_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.orientation = Worksheet.ORIENTATION_PORTRAIT
    sheet.page_setup.fitToWidth = 1
    # 0 lets the roll run to as many pages as it needs while still fitting the width.
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.oddHeader.left.text = _header_text(ceremony.name)
    sheet.oddHeader.right.text = _header_text(ceremony_date_text(ceremony))
    sheet.oddFooter.center.text = "&P / &N"


def _header_text(text: str) -> str:
    # "&" starts a header/footer code; doubled it prints as itself.
    return text.replace("&", "&&")


def _append_title(sheet: Any, ceremony: CeremonyInfo) -> None:
    title = _text(sheet, ceremony.name)
    title.font = Font(bold=True, size=14)
    sheet.append([title])
    sheet.append([_text(sheet, _date_and_place(ceremony))])
    sheet.append([])
    sheet.append([_header_cell(sheet, text) for text in COLUMNS])


def _date_and_place(ceremony: CeremonyInfo) -> str:
    date = ceremony_date_text(ceremony)
    return f"{date}　{ceremony.place}" if ceremony.place else date


_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDDDDD")
_HEADER_BORDER = Border(bottom=Side(style="thin"))
_HEADER_ALIGNMENT = Alignment(horizontal="center")
_WRAPPED = Alignment(wrap_text=True)


def _header_cell(sheet: Any, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=text)
    cell.font = _HEADER_FONT
    cell.fill = _HEADER_FILL
    cell.border = _HEADER_BORDER
    cell.alignment = _HEADER_ALIGNMENT
    return cell
