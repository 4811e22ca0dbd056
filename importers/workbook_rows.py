"""Rows of a checked .xlsx, .xls, .xlsb or .ods workbook, read with python-calamine: empty
cells as None, blank rows skipped, a vertically merged cell's value repeated in every row of
its range, as the registrar sees it on screen, an error cell (#N/A) as a SpreadsheetError,
and an .xlsx's date formatted without its day (昭和23年7月) as a DateShownShort. What calamine
misses (error cells, an .xlsx's formulas saved without their value and the formats of its
dates; an .ods's merges) is found beside it."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from python_calamine import (
    CalamineError,
    CalamineSheet,
    CalamineWorkbook,
    PasswordError,
    SheetTypeEnum,
    SheetVisibleEnum,
)

from importers.cells import DateShownShort, SpreadsheetError
from importers.error_cells import ErrorCells, find_error_cells
from importers.error_cells_xls_ods import (
    ErrorsAndMerges,
    Merge,
    ods_errors_and_merges,
    xls_error_cells,
)
from importers.error_cells_xlsb import xlsb_error_cells
from importers.errors import ImportRefused, damaged_sheet, first_line
from importers.safety import PASSWORD_PROTECTED, XLSX_SUFFIXES
from importers.sheet_extent import refuse_vast_sheet
from records.dates import Precision
from records.messages import Message

if TYPE_CHECKING:
    from importers.readers import Row


def load_workbook(path: Path) -> CalamineWorkbook:
    """The workbook, ready to list and read its sheets; refused (ImportRefused) when calamine
    cannot read it."""
    try:
        return CalamineWorkbook.from_path(str(path))
    except (CalamineError, ValueError, OSError) as error:
        reason = first_line(error)
        if isinstance(error, PasswordError) or "password" in reason.lower():
            raise ImportRefused(path, PASSWORD_PROTECTED) from None
        unreadable = Message(
            "not a readable {suffix} workbook ({error})", suffix=path.suffix, error=reason
        )
        raise ImportRefused(path, unreadable) from None


def worksheets(path: Path, workbook: CalamineWorkbook) -> list[tuple[str, bool]]:
    """The workbook's worksheets in order, as (name, hidden); chart sheets hold no rows."""
    sheets = [
        (meta.name, meta.visible != SheetVisibleEnum.Visible)
        for meta in workbook.sheets_metadata
        if meta.typ == SheetTypeEnum.WorkSheet
    ]
    if not sheets:
        raise ImportRefused(path, Message("the workbook has no worksheets"))
    return sheets


class WorkbookSheet:
    """One worksheet, loaded by calamine when its rows are first asked for (at a million rows,
    seconds), after which its extent is known."""

    def __init__(self, path: Path, workbook: CalamineWorkbook, name: str) -> None:
        self.path, self.workbook, self.name = path, workbook, name
        self._sheet: CalamineSheet | None = None

    def rows(self) -> Iterator[Row]:
        """The non-blank rows as (row number as in the file, cells), trailing empty cells
        dropped."""
        if self.path.suffix.lower() in XLSX_SUFFIXES:
            refuse_vast_sheet(self.path, self.name)
        # calamine lets go of the GIL while it loads the sheet, so the search for what it
        # misses runs beside it, on the other core when one is free (measured at 200,000
        # rows: loading 1.52 s, the search 0.16 s, both side by side 1.54 s).
        with ThreadPoolExecutor(max_workers=1) as beside:
            search = beside.submit(self._missed_by_calamine)
            try:
                sheet = self.workbook.get_sheet_by_name(self.name)
            except (CalamineError, ValueError, OSError) as error:
                raise damaged_sheet(self.path, self.name, error) from None
            missed = search.result()
        self._sheet = sheet
        rows = _rows(sheet)
        if missed.errors:
            rows = _with_errors(rows, missed.errors)
        merges = _vertical_merges(sheet, missed.merges)
        if merges:
            rows = _with_merged_values(rows, merges)
        yield from rows

    def _missed_by_calamine(self) -> ErrorsAndMerges:
        # python-calamine 0.9 reads an error cell (#N/A) as an empty one (dimastbk/
        # python-calamine#105), and an .xlsx's formula saved without its value too; it gives
        # no merged ranges for an .ods. (An .xls, an .xlsb and an .ods always hold a
        # formula's value.)
        suffix = self.path.suffix.lower()
        if suffix in XLSX_SUFFIXES:
            return ErrorsAndMerges(find_error_cells(self.path, self.name))
        if suffix == ".xls":
            return ErrorsAndMerges(xls_error_cells(self.path, self.name))
        if suffix == ".ods":
            return ods_errors_and_merges(self.path, self.name)
        if suffix == ".xlsb":
            return ErrorsAndMerges(xlsb_error_cells(self.path, self.name))
        return ErrorsAndMerges()

    def last_row(self) -> int | None:
        """The number of the sheet's last row with data, once its rows have begun."""
        if self._sheet is None or not self._sheet.end:
            return None
        return self._sheet.end[0] + 1


def _rows(sheet: CalamineSheet) -> Iterator[Row]:
    # python-calamine yields every row from the sheet's first (the blank ones above the data
    # too), but only the columns from the first one used: the columns left of it go back.
    padding: list[object] = [None] * (sheet.start[1] if sheet.start else 0)
    for number, cells in enumerate(sheet.iter_rows(), 1):
        # One pass per row: at a million rows, every extra generator costs seconds.
        values: list[object] = [None if v == "" else v for v in cells]
        if padding:
            values[:0] = padding
        while values and values[-1] is None:
            values.pop()
        if values:
            yield number, values


def _with_errors(rows: Iterator[Row], errors: ErrorCells) -> Iterator[Row]:
    """The rows with each error cell's SpreadsheetError in place of calamine's None, and each
    date shown without its day as a DateShownShort; a row holding nothing but error cells,
    skipped as blank, is put back in its place."""
    waiting = sorted(errors, reverse=True)  # row numbers, the next one last
    for number, values in rows:
        while waiting and waiting[-1] < number:
            alone = waiting.pop()
            if placed := _placed([], errors[alone]):
                yield alone, placed
        if waiting and waiting[-1] == number:
            _placed(values, errors[waiting.pop()])
        yield number, values
    for alone in reversed(waiting):
        if placed := _placed([], errors[alone]):
            yield alone, placed


def _placed(values: list[object], found: dict[int, SpreadsheetError | Precision]) -> list[object]:
    for column, kind in found.items():
        if isinstance(kind, SpreadsheetError):
            if column >= len(values):
                values.extend([None] * (column + 1 - len(values)))
            values[column] = kind
        elif column < len(values) and isinstance(day := values[column], date):
            day = day.date() if isinstance(day, datetime) else day
            values[column] = DateShownShort(day, kind)
    return values


def _vertical_merges(sheet: CalamineSheet, found: list[Merge]) -> list[Merge]:
    """The vertical merges, calamine's or, when it gives none (an .ods), those found beside
    it, cut at the sheet's last row with data, so a whole-column merge made by accident
    (A1:A1048576) reaches no further than the data. Horizontal merges (a title across the
    columns) repeat nothing and are left out."""
    ranges = sheet.merged_cell_ranges  # ((top, left), (bottom, right)), all from 0
    merges = (
        [(top + 1, bottom + 1, left) for (top, left), (bottom, _right) in ranges]
        if ranges
        else found
    )
    last_row = sheet.end[0] + 1 if sheet.end else 0
    return [
        (top, min(bottom, last_row), left)
        for top, bottom, left in merges
        if top < min(bottom, last_row)
    ]


def _with_merged_values(rows: Iterator[Row], merges: list[Merge]) -> Iterator[Row]:
    """The rows with each vertical merge's value written into its rows below the first; a
    row blank but for the merge was skipped already, and stays so."""
    # One sweep down the rows holding only the merges the current row is in, so memory
    # follows the number of merges, not the number of rows they cover.
    waiting = sorted(merges, reverse=True)  # (first row, last row, column), next one last
    current: list[tuple[int, int, object]] = []  # (last row, column, value)
    for number, values in rows:
        while waiting and waiting[-1][0] <= number:
            top, bottom, left = waiting.pop()
            # A first row skipped as blank has no value to give.
            if top == number and left < len(values) and values[left] is not None:
                current.append((bottom, left, values[left]))
        if current:
            current = [merge for merge in current if merge[0] >= number]
            for _, left, value in current:
                if left >= len(values):
                    values.extend([None] * (left + 1 - len(values)))
                values[left] = value
        yield number, values
