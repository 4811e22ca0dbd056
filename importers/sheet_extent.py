"""Refusing an .xlsx worksheet too vast for calamine to load. calamine holds a sheet as one
block of cells, from its first row and column used to its last: a single value typed far
outside the table (XFD1048576, after Ctrl+End) asks it for hundreds of gigabytes, and the
process aborts where no error can be caught. An .xlsx says the extent of its sheet in its
first lines, <dimension ref="A1:L1000001"/>, which every spreadsheet program writes."""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from openpyxl.utils.cell import column_index_from_string

from importers.error_cells import sheet_part
from importers.errors import ImportRefused
from records.messages import Message

# Cells calamine may be asked to hold at once (some 30 bytes each): 2 GB. A million-row
# register of 12 columns is 12 million.
MAX_CELLS = 64 * 1024 * 1024
# The dimension is among the first elements of the sheet's XML, after its properties.
_HEAD_BYTES = 64 * 1024
_DIMENSION = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?dimension\s+ref\s*=\s*[\"']"
    rb"([A-Za-z]{1,3})([0-9]{1,7}):([A-Za-z]{1,3})([0-9]{1,7})[\"']"
)


def refuse_vast_sheet(path: Path, sheet: str) -> None:
    """ImportRefused when the sheet's dimension spans more than MAX_CELLS cells. A sheet
    without one, or with an unreadable one, is left to calamine, and a damaged workbook to
    the readers, which say what is wrong with it in their usual words."""
    try:
        with (
            zipfile.ZipFile(path) as archive,
            archive.open(sheet_part(path, archive, sheet)) as xml,
        ):
            found = _DIMENSION.search(xml.read(_HEAD_BYTES))
    except (zipfile.BadZipFile, zlib.error, ParseError, DefusedXmlException, OSError, EOFError):
        return
    if found is None:
        return
    first_column, first_row, last_column, last_row = (part.decode() for part in found.groups())
    rows = int(last_row) - int(first_row) + 1
    columns = column_index_from_string(last_column) - column_index_from_string(first_column) + 1
    if rows * columns <= MAX_CELLS:
        return
    reason = Message(
        "sheet {sheet} reaches cell {last} ({rows} rows by {columns} columns), far more than "
        "its table: delete the rows and columns past the table (Ctrl+End shows where the "
        "sheet ends) and save the file again",
        sheet=sheet,
        last=f"{last_column.upper()}{last_row}",
        rows=f"{rows:,}",
        columns=f"{columns:,}",
    )
    raise ImportRefused(path, reason)
