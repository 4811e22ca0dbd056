"""The rejects workbook: the refused rows exactly as they were, under their sheet's own header
row, with a reason column, the columns of where each row was first read (its record's source
once imported) and the bad cells highlighted, so staff can correct the cells and import the
workbook again (it matches the same profile)."""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable, Sequence
from datetime import date, datetime
from itertools import chain, count
from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import column_index_from_string
from openpyxl.worksheet.worksheet import Worksheet

from importers.cells import DateShownShort, SpreadsheetError
from importers.headers import ADDED_KEYS, ORIGIN_HEADERS, REASON_HEADER, Layout
from importers.profiles import header_key
from importers.reading import RejectedRow, origin_in
from records.dates import Precision
from records.files import atomic_write
from records.messages import Message

# A rejects workbook's own stem ends so: its rejects, once corrected and imported, go on the
# same series (register.rejects (2).xlsx), not register.rejects.rejects.xlsx.
REJECTS_STEM = re.compile(r"\.rejects(?: \(\d+\))?$")


def rejects_paths(source: Path) -> tuple[Path, Path]:
    """The usual name of the file's rejects workbook, and the one they go to: beside the file,
    so staff find it where they left the original, and under the next free name when a file
    is there (register.rejects (2).xlsx). The registrar corrects the rows in that workbook to
    import it again: an import of the original, or of the workbook itself, never writes over
    it, as `irei import --rejects` refuses to without --replace."""
    stem = REJECTS_STEM.sub("", source.stem)
    usual = source.with_name(f"{stem}.rejects.xlsx")
    numbered = (source.with_name(f"{stem}.rejects ({n}).xlsx") for n in count(2))
    # lexists: a name taken by a folder or a dangling link is not free either.
    return usual, next(p for p in chain([usual], numbered) if not os.path.lexists(p))


BAD = PatternFill(fill_type="solid", start_color="FFFF9999", end_color="FFFF9999")
# What Excel allows a sheet's title: a longer one, or one with these characters, makes the
# workbook unreadable to it.
TITLE_LENGTH = 31
STEM_IN_TITLE = 12  # of a file's name, to tell two files' sheets of one name apart
FORBIDDEN_IN_TITLE = "[]:*?/\\"


# How a date read without its day is written back: to the month, or the year, as it was shown.
SHOWN_SHORT = {Precision.MONTH: 'yyyy"年"m"月"', Precision.YEAR: 'yyyy"年"'}


def _cell(value: object) -> object:
    # calamine gives whole numbers as floats; the ministry wrote 3, not 3.0.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, DateShownShort):
        return value.day
    if isinstance(value, str | int | float | date | datetime) or value is None:
        return value
    return str(value)


def write_rejects(
    path: str | Path,
    files: Sequence[tuple[str, Sequence[Layout], list[RejectedRow]]],
    say: Callable[[str], str] = str,
) -> int:
    """One sheet per sheet imported with rejected rows, named as that sheet (a CSV file's
    rows as the file), under its header row; returns the number of rows written. ``files``:
    each file's name, the layouts of its sheets imported and its rejected rows. ``say`` puts
    each reason into the reader's language (the terminal app's catalog); English by default.
    The workbook appears whole or not at all (``records.files.CannotSave`` says why not): a
    disk that fills up never leaves half a workbook where the registrar looks for the rows."""
    book = Workbook()
    book.remove(book.worksheets[0])
    written = 0
    for name, layouts, rows in files:
        for layout in layouts:
            refused = [row for row in rows if row.sheet == layout.sheet]
            if refused:
                title = sheet_title(layout.sheet, name, book.sheetnames)
                _write_sheet(book.create_sheet(title), name, layout, refused, say)
                written += len(refused)
    if not book.sheetnames:
        book.create_sheet(say(Message("rejects"))).append([say(Message("(no rejected rows)"))])

    def save(out: BinaryIO) -> None:
        saved = io.BytesIO()  # whole in memory first: openpyxl never half-saves into the file
        book.save(saved)
        out.write(saved.getbuffer())

    atomic_write(path, save)
    return written


def _write_sheet(
    sheet: Worksheet, file: str, layout: Layout, rows: list[RejectedRow], say: Callable[[str], str]
) -> None:
    """The rows under the sheet's header, then why each was refused and where it was first
    read: the file, sheet and row, which its record keeps as its source once the row is
    corrected and imported. A rejects workbook's rows refused again keep the origin they
    had, and lose the reason and origin columns they had (new ones are written)."""
    # A row with values past the header's last title (refused for them) keeps them in place.
    width = max(len(layout.header_cells), *(len(row.cells) for row in rows))
    titles = [*layout.header_cells, *[None] * (width - len(layout.header_cells))]
    kept = [i for i, title in enumerate(titles) if not _added(title)]
    sheet.append([*(_cell(titles[i]) for i in kept), REASON_HEADER, *ORIGIN_HEADERS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    # Where each column of the sheet read is written: the positions errors are named by.
    moved = {old: new for new, old in enumerate(kept)}
    positions = {header_key(h): moved[i] for i, h in enumerate(titles) if i in moved and h}
    where = layout.origin
    for row in rows:
        cells = [row.cells[i] if i < len(row.cells) else None for i in kept]
        origin = (where and origin_in(row.cells, where)) or (file, row.sheet, row.row)
        sheet.append([*map(_cell, cells), rejection(row, say), *origin])
        line = sheet.max_row
        errors = {moved[i] for i, c in enumerate(row.cells) if isinstance(c, SpreadsheetError)}
        for index, cell in enumerate(sheet[line]):
            if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")):
                cell.data_type = "s"  # a value, never a formula Excel would run
            elif cell.data_type == "e" and index not in errors:
                cell.data_type = "s"  # openpyxl makes the text '#N/A' an error cell
            elif index < len(cells) and isinstance(shown := cells[index], DateShownShort):
                cell.number_format = SHOWN_SHORT[shown.precision]
        for error in row.errors:
            for bad in _columns_of(error.column, positions, moved):
                sheet.cell(line, bad + 1).fill = BAD


def _added(title: object) -> bool:
    """Whether a header is one of the columns a rejects workbook adds."""
    return title is not None and header_key(str(title)) in ADDED_KEYS


def _columns_of(column: str, positions: dict[str, int], moved: dict[int, int]) -> list[int]:
    """The positions an error names: its header's, or the letters of untitled columns (H, I)
    in the sheet read, ``moved`` to where they are written."""
    if (position := positions.get(header_key(column))) is not None:
        return [position]
    letters = column.split(", ")
    if all(re.fullmatch("[A-Z]{1,3}", letter) for letter in letters):
        indexes = (column_index_from_string(letter) - 1 for letter in letters)
        return [moved[index] for index in indexes if index in moved]
    return []


def rejection(row: RejectedRow, say: Callable[[str], str] = str) -> str:
    """Why a row was refused, in one line: 'row 3: 死亡年月日: there is no month 13; …', each
    reason put into the reader's language by ``say``."""
    reasons = "; ".join((f"{e.column}: " if e.column else "") + say(e.reason) for e in row.errors)
    return say(Message("row {row}: {reasons}", row=row.row, reasons=reasons))


def sheet_title(sheet: str, file_name: str, taken: Sequence[str]) -> str:
    """The source sheet's name as Excel allows a sheet's title: the characters it forbids as
    _, no apostrophe at either end, at most 31 characters. A title the workbook has already
    (Excel ignores case), two files' 名簿, is told apart by the file: 名簿 (b), then 名簿 (2)."""
    # Excel keeps "History" for itself and will not open a workbook with a sheet so named.
    used = {t.casefold() for t in taken} | {"history"}
    stem = Path(file_name).stem[:STEM_IN_TITLE]
    suffixes = chain(["", f" ({stem})"], (f" ({number})" for number in count(2)))
    titles = (_excel_title(sheet[: TITLE_LENGTH - len(s)] + s) for s in suffixes)
    return next(title for title in titles if title.casefold() not in used)


def _excel_title(title: str) -> str:
    return "".join("_" if c in FORBIDDEN_IN_TITLE else c for c in title).strip("'") or "rejects"
