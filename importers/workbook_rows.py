"""Rows of a checked .xlsx, .xls, .xlsb or .ods workbook, read with python-calamine: empty
cells as None, blank rows skipped, and a vertically merged cell's value repeated in every
row of its range, as the registrar sees it on screen."""

from __future__ import annotations

from collections.abc import Iterator
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

from importers.errors import ImportRefused

if TYPE_CHECKING:
    from importers.readers import Row


def load_workbook(path: Path) -> CalamineWorkbook:
    """The workbook, ready to list and read its sheets; refused (ImportRefused) when calamine
    cannot read it."""
    try:
        return CalamineWorkbook.from_path(str(path))
    except (CalamineError, ValueError, OSError) as error:
        reason = _first_line(error)
        if isinstance(error, PasswordError) or "password" in reason.lower():
            raise ImportRefused(
                path, "password-protected workbook: save it without a password"
            ) from None
        raise ImportRefused(path, f"not a readable {path.suffix} workbook ({reason})") from None


def worksheets(path: Path, workbook: CalamineWorkbook) -> list[tuple[str, bool]]:
    """The workbook's worksheets in order, as (name, hidden); chart sheets hold no rows."""
    sheets = [
        (meta.name, meta.visible != SheetVisibleEnum.Visible)
        for meta in workbook.sheets_metadata
        if meta.typ == SheetTypeEnum.WorkSheet
    ]
    if not sheets:
        raise ImportRefused(path, "the workbook has no worksheets")
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
        try:
            sheet = self.workbook.get_sheet_by_name(self.name)
        except (CalamineError, ValueError, OSError) as error:
            reason = f"damaged sheet {self.name} ({_first_line(error)})"
            raise ImportRefused(self.path, reason) from None
        self._sheet = sheet
        merges = _vertical_merges(sheet)
        if merges:
            yield from _with_merged_values(_rows(sheet), merges)
        else:
            yield from _rows(sheet)

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


def _vertical_merges(sheet: CalamineSheet) -> list[tuple[int, int, int]]:
    """The vertical merges as (first row, last row, left column), rows numbered from 1 and
    cut at the sheet's last row with data, so a whole-column merge made by accident
    (A1:A1048576) reaches no further than the data. Horizontal merges (a title across the
    columns) repeat nothing and are left out."""
    last_row = sheet.end[0] if sheet.end else -1
    return [
        (top + 1, min(bottom, last_row) + 1, left)
        for (top, left), (bottom, _right) in sheet.merged_cell_ranges or ()
        if top < min(bottom, last_row)
    ]


def _with_merged_values(rows: Iterator[Row], merges: list[tuple[int, int, int]]) -> Iterator[Row]:
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


def _first_line(error: Exception) -> str:
    return str(error).splitlines()[0] if str(error) else type(error).__name__
