"""Finding the error cells (#N/A, #REF!, …) of an .xlsx or .xlsm worksheet, which
python-calamine 0.9 reads as empty cells (dimastbk/python-calamine#105), so that a broken
formula is refused instead of imported as a blank."""

from __future__ import annotations

import html
import re
import zipfile
import zlib
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from importers.cells import SpreadsheetError
from importers.errors import ImportRefused, damaged_sheet
from records.messages import Message

# {row number as in the file: {column index from 0: the error}}
ErrorCells = dict[int, dict[int, SpreadsheetError]]

# An error cell is <c r="K12" t="e"><f>VLOOKUP(…)</f><v>#N/A</v></c>. Parsing the 350 MB
# of XML of a million-row sheet takes Python far longer than calamine takes; instead the XML
# is unzipped in chunks, and only a chunk holding a '#' (every error's text begins with one,
# and a register's sheet XML, its texts kept in the shared strings, holds few others) is
# searched for the type attribute t="e" (quoted either way), whose few matches are parsed.
# Measured at a million rows: 0.8 s, nearly all of it unzipping, beside calamine's 9 s
# (1.1 s for XML with a '#' in every chunk, inline texts say).
# XML allows spaces around the '=' (t = "e"); no spreadsheet program writes them.
_MARK = re.compile(rb"t=[\"']e[\"']")
_CHUNK = 1024 * 1024
# How far a match may be from the start of the element it is in: more than the longest text
# a cell can hold (32,767 characters, escaped), so a match in a text always finds its tag.
# Also how far an error cell's text may follow its t="e" and still be found: Excel's
# longest formula (8,192 characters, escaped) keeps a real cell under 50 kB. A longer one is
# refused when a '#' came before its end, and missed when none did.
_LOOKBACK = 256 * 1024
_CELL_TAG = re.compile(rb"<((?:[A-Za-z_][\w.-]*:)?)c\s")
_REFERENCE = re.compile(rb"\sr=[\"']([A-Za-z]{1,3})([1-9][0-9]{0,6})[\"']")
_VALUE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?v>([^<]*)</")


class _Incomplete(Exception):
    """The matched cell goes on past the XML read so far."""


def find_error_cells(path: Path, sheet: str) -> ErrorCells:
    """The error cells of the named worksheet of an .xlsx or .xlsm workbook that has passed
    importers.safety's checks; ImportRefused when the sheet's XML cannot be searched."""
    try:
        with (
            zipfile.ZipFile(path) as archive,
            archive.open(_sheet_part(path, archive, sheet)) as xml,
        ):
            return _search(path, sheet, xml)
    except (
        zipfile.BadZipFile,
        zlib.error,
        ParseError,
        DefusedXmlException,
        UnicodeDecodeError,
        OSError,
        EOFError,
    ) as error:
        raise damaged_sheet(path, sheet, error) from None


def _sheet_part(path: Path, archive: zipfile.ZipFile, sheet: str) -> str:
    """The zip member holding the sheet's XML, found as calamine finds it: the sheet's
    relationship id in xl/workbook.xml, its target in xl/_rels/workbook.xml.rels."""
    # Both parts are small (importers.safety checked their sizes).
    workbook = fromstring(archive.read(_member(archive, "xl/workbook.xml")))
    relationship = next(
        (
            value
            for element in workbook.iter()
            if _local(element.tag) == "sheet" and element.get("name") == sheet
            for key, value in element.attrib.items()
            if _local(key) == "id"
        ),
        None,
    )
    relations = archive.read(_member(archive, "xl/_rels/workbook.xml.rels"))
    target = next(
        (
            element.get("Target", "")
            for element in fromstring(relations).iter()
            if _local(element.tag) == "Relationship" and element.get("Id") == relationship
        ),
        None,
    )
    if relationship is None or not target:
        raise ImportRefused(
            path, Message("damaged workbook: no XML part named for sheet {sheet}", sheet=sheet)
        )
    if target.startswith("/xl/"):
        target = target[1:]
    elif not target.startswith("xl/"):
        target = "xl/" + target
    return _member(archive, target)


def _member(archive: zipfile.ZipFile, name: str) -> str:
    # calamine compares part names ignoring ASCII case, so this does too.
    names = archive.namelist()
    if name in names:
        return name
    found = next((n for n in names if n.lower() == name.lower()), None)
    if found is None:
        raise zipfile.BadZipFile(f"no part {name}")
    return found


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def _search(path: Path, sheet: str, xml: IO[bytes]) -> ErrorCells:
    found: ErrorCells = {}
    data = b""
    resume = 0  # where the search goes on in data
    waiting = False  # for the end of the cell matched at resume
    ended = False
    while not ended:
        chunk = xml.read(_CHUNK)
        ended = not chunk
        data += chunk
        if waiting or data.find(b"#", resume) >= 0:
            resume, waiting = _take_error_cells(path, sheet, data, resume, ended, found)
        else:
            # No error text yet: a t="e" in these bytes is of a cell whose text comes in the
            # next chunk, so the search will go on from far enough back to find it.
            resume = max(resume, len(data) - _LOOKBACK)
        # Keep what a match's cell may still need: its start tag, before the match.
        cut = max(0, resume - _LOOKBACK)
        data, resume = data[cut:], resume - cut
    return found


def _take_error_cells(
    path: Path, sheet: str, data: bytes, resume: int, ended: bool, found: ErrorCells
) -> tuple[int, bool]:
    """Add the error cells whose t="e" is in data from resume on to found; returns where
    the search is to go on once the next chunk is in, and whether a cell matched there
    waits for its end."""
    while mark := _MARK.search(data, resume):
        try:
            cell = _error_cell(path, sheet, data, mark.start())
        except _Incomplete:
            if ended or len(data) - mark.start() > _LOOKBACK:
                reason = Message(
                    "damaged sheet {sheet} (an error cell that does not end)", sheet=sheet
                )
                raise ImportRefused(path, reason) from None
            return mark.start(), True
        if cell is not None:
            row, column, error = cell
            found.setdefault(row, {})[column] = error
        resume = mark.end()
    # A match may begin in the last bytes of this chunk and end in the next one.
    return max(resume, len(data) - len(b't="e"') + 1), False


def _error_cell(
    path: Path, sheet: str, data: bytes, at: int
) -> tuple[int, int, SpreadsheetError] | None:
    """The cell whose t="e" attribute is at `at`, as (row, column, error); None when the
    match is not the type attribute of a cell holding an error's text (text that happens to
    read t="e", say)."""
    if at == 0 or data[at - 1] not in b" \t\r\n":
        return None  # part of a longer attribute name
    start = data.rfind(b"<", max(0, at - _LOOKBACK), at)
    if start < 0:
        raise ImportRefused(
            path, Message('damaged sheet {sheet} (t="e" in no element)', sheet=sheet)
        )
    tag = _CELL_TAG.match(data, start)
    if tag is None or data.find(b">", start, at) >= 0:
        return None  # in another element, or in the text between elements
    tag_end = data.find(b">", at)
    if tag_end < 0:
        raise _Incomplete
    if data[tag_end - 1] == ord("/"):
        return None  # <c r="A1" t="e"/>, no value: empty, as calamine reads it
    cell_end = data.find(b"</" + tag[1] + b"c>", tag_end)
    if cell_end < 0:
        raise _Incomplete
    value = _VALUE.search(data, tag_end, cell_end)
    text = html.unescape(value[1].decode("utf-8")).strip() if value else ""
    if not text:
        # Saved without its value, like any formula whose result was never saved: calamine
        # reads it as empty, and the search (for the '#' its text would begin with) cannot
        # tell it from one. Excel and LibreOffice always save the value.
        return None
    reference = _REFERENCE.search(data, start, tag_end)
    if reference is None:
        # calamine places such a cell after the one before it; the search cannot, and a
        # guess would put the error in the wrong row.
        raise ImportRefused(
            path,
            Message(
                "sheet {sheet} holds a spreadsheet error ({error}) in a cell without a cell "
                "reference: open the file in Excel, correct the error and save it again",
                sheet=sheet,
                error=text,
            ),
        )
    letters, digits = reference[1], reference[2]
    column = 0
    for letter in letters.upper():
        column = column * 26 + letter - ord("A") + 1
    return int(digits), column - 1, SpreadsheetError(text)
