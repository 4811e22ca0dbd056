"""The one door every file the ministry sends comes in by: each file is checked and refused
whole (importers.safety, the CSV encoding check) before a row is read, then its sheets are
handed over as rows (importers.csv_rows, importers.workbook_rows)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from importers.csv_rows import csv_rows
from importers.errors import ImportRefused
from importers.safety import refuse_unsafe_workbook, refuse_workbook_named_as_text
from importers.workbook_rows import WorkbookSheet, load_workbook, worksheets
from records.messages import Message, os_reason

Row = tuple[int, list[object]]

CSV_SUFFIXES = (".csv", ".txt")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")


@dataclass
class SheetRows:
    """One sheet's rows as (1-based row number as in the file, cell values).

    Empty cells are None, rows are as long as their last filled cell, rows with no value
    at all are skipped, and `rows` can be iterated once. A vertically merged cell (the same
    埋葬地 for a block of persons) gives its value to every row of the range that has data
    of its own. A horizontally merged cell (a title across the columns) keeps its value in
    its first cell only, and a range's columns right of its first read as empty. An error
    cell (#N/A, #REF!: mostly a broken formula) is a SpreadsheetError; a formula an .xlsx
    holds without its saved value is an UnsavedFormula, its value unknown.
    """

    name: str
    hidden: bool
    rows: Iterator[Row]
    # The number of the sheet's last row, when known once its rows have begun (for progress).
    last_row: Callable[[], int | None] = lambda: None
    # A CSV file's rows read again, their fields split at another character than the comma.
    split_at: Callable[[str], Iterator[Row]] | None = None


def open_workbook(path: str | Path, separator: str = ",") -> list[SheetRows]:
    """The sheets of a spreadsheet (.xlsx, .xlsm, .xls, .xlsb, .ods) or CSV file, in
    workbook order; a CSV file is one sheet named after the file, its fields split at
    ``separator``.

    Raises ImportRefused when the file cannot be read safely as a whole: empty, damaged,
    password-protected, a zip bomb, XML with a document type declaration, or a CSV file
    that is neither UTF-8 nor cp932. A damaged sheet is refused when its rows are first read.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        reason = Message("cannot open the file ({error})", error=os_reason(error))
        raise ImportRefused(path, reason) from None
    if path.is_dir():  # before its suffix: a folder named 届いた分 is no "file type (none)"
        raise ImportRefused(path, Message("it is a folder, not a file"))
    if size == 0:
        raise ImportRefused(path, Message("empty file (0 bytes)"))
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        refuse_workbook_named_as_text(path)
        rows = csv_rows(path, separator)
        return [SheetRows(path.name, False, rows, split_at=partial(csv_rows, path))]
    if suffix in WORKBOOK_SUFFIXES:
        refuse_unsafe_workbook(path)
        workbook = load_workbook(path)
        sheets = [
            (WorkbookSheet(path, workbook, name), hidden)
            for name, hidden in worksheets(path, workbook)
        ]
        return [SheetRows(s.name, hidden, s.rows(), s.last_row) for s, hidden in sheets]
    raise ImportRefused(
        path,
        Message(
            "unsupported file type {suffix}: irei reads workbooks ({workbooks}) and CSV ({csv})",
            suffix=suffix or Message("(none)"),
            workbooks=" ".join(WORKBOOK_SUFFIXES),
            csv=" ".join(CSV_SUFFIXES),
        ),
    )
