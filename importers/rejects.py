"""The rejects workbook: the refused rows exactly as they were, under their sheet's own header
row, with a reason column and the bad cells highlighted, so staff can correct the cells and
import the workbook again (it matches the same profile)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from importers.cells import SpreadsheetError
from importers.headers import REASON_HEADER, Layout
from importers.profiles import header_key
from importers.reading import RejectedRow
from records.messages import Message

BAD = PatternFill(fill_type="solid", start_color="FFFF9999", end_color="FFFF9999")


def _cell(value: object) -> object:
    # calamine gives whole numbers as floats; the ministry wrote 3, not 3.0.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str | int | float | date | datetime) or value is None:
        return value
    return str(value)


def write_rejects(
    path: str | Path,
    files: Sequence[tuple[str, Sequence[Layout], list[RejectedRow]]],
    say: Callable[[str], str] = str,
) -> int:
    """One sheet per imported file, and per sheet of it imported, with rejected rows, under
    that sheet's header row; returns the number of rows written. ``files``: each file's name,
    the layouts of its sheets imported and its rejected rows. ``say`` puts each reason into
    the reader's language (the terminal app's catalog); the English text by default."""
    book = Workbook()
    book.remove(book.worksheets[0])
    written = 0
    for index, (name, layouts, rows) in enumerate(files):
        for layout in layouts:
            refused = [row for row in rows if row.sheet == layout.sheet]
            if refused:
                title = _sheet_title(name, index, layout.sheet if len(layouts) > 1 else "")
                _write_sheet(book.create_sheet(title), layout, refused, say)
                written += len(refused)
    if not book.sheetnames:
        book.create_sheet("rejects").append(["(no rejected rows)"])
    book.save(str(path))
    return written


def _write_sheet(
    sheet: Worksheet, layout: Layout, rows: list[RejectedRow], say: Callable[[str], str]
) -> None:
    header = [_cell(c) for c in layout.header_cells]
    sheet.append([*header, REASON_HEADER])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    positions = {header_key(h): i for i, h in enumerate(layout.header_cells) if h is not None}
    for row in rows:
        values = [_cell(c) for c in row.cells]
        values += [None] * (len(header) - len(values))
        sheet.append([*values, rejection(row, say)])
        line = sheet.max_row
        errors = {i for i, c in enumerate(row.cells) if isinstance(c, SpreadsheetError)}
        for index, cell in enumerate(sheet[line]):
            if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")):
                cell.data_type = "s"  # a value, never a formula Excel would run
            elif cell.data_type == "e" and index not in errors:
                cell.data_type = "s"  # openpyxl makes the text '#N/A' an error cell
        for error in row.errors:
            bad = positions.get(header_key(error.column))
            if bad is not None:
                sheet.cell(line, bad + 1).fill = BAD


def rejection(row: RejectedRow, say: Callable[[str], str] = str) -> str:
    """Why a row was refused, in one line: 'row 3: 死亡年月日: there is no month 13; …', each
    reason put into the reader's language by ``say``."""
    reasons = "; ".join((f"{e.column}: " if e.column else "") + say(e.reason) for e in row.errors)
    return say(Message("row {row}: {reasons}", row=row.row, reasons=reasons))


def _sheet_title(name: str, index: int, sheet: str) -> str:
    """1_recovery for a file imported from one sheet; 1_令和6年度_recovery for a sheet of
    several, its name first so that the 31 characters a title may have keep it."""
    title = f"{index + 1}_{sheet}_{Path(name).stem}" if sheet else f"{index + 1}_{Path(name).stem}"
    for c in "[]:*?/\\":
        title = title.replace(c, "_")
    return title[:31]
