"""Finding the cells of an .xlsx or .xlsm worksheet that python-calamine 0.9 reads as empty
though they are not: error cells (#N/A, #REF!, …; dimastbk/python-calamine#105), and formula
cells saved without their value. A broken formula, or one never computed, is refused instead
of imported as a blank. Also the date cells whose format shows no day (昭和23年7月), which
calamine reads as the first of the month."""

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

from importers.cells import SpreadsheetError, UnsavedFormula
from importers.date_formats import local_name, styles_shown_short
from importers.errors import ImportRefused, damaged_sheet
from records.dates import Precision
from records.messages import Message

# {row number as in the file: {column index from 0: the error, or the precision to which the
# cell's format shows its date (a date shown without its day)}}
ErrorCells = dict[int, dict[int, SpreadsheetError | Precision]]
# A cell found: (row, column index from 0, what it holds)
_Found = tuple[int, int, SpreadsheetError | Precision]

# An error cell is <c r="K12" t="e"><f>VLOOKUP(…)</f><v>#N/A</v></c>. Parsing the 350 MB
# of XML of a million-row sheet takes Python far longer than calamine takes; instead the XML
# is unzipped in chunks, and only a chunk holding a '#' (every error's text begins with one,
# and a register's sheet XML, its texts kept in the shared strings, holds few others) is
# searched for the type attribute t="e" (quoted either way), whose few matches are parsed.
# Measured at a million rows: 0.8 s, nearly all of it unzipping, beside calamine's 9 s
# (1.1 s for XML with a '#' in every chunk, inline texts say).
# XML allows spaces around the '=' (t = "e"); no spreadsheet program writes them.
_MARK = re.compile(rb"t=[\"']e[\"']")
# A formula is the first element of its cell, before the value saved with it:
# <c r="D5"><f>SUM(A1:A3)</f><v>6</v></c>, or <f t="shared" si="0"/> where a formula
# written in another cell is shared. Only a chunk holding '<f' or ':f' (a prefixed <x:f>)
# can hold one, and a sheet without formulas seldom holds even an 'f' (its tags and
# attributes have none; a Japanese text's bytes none either).
_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s/>]")
_FORMULA_TEXT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f(?:\s[^>]*)?>([^<]*)</")
# How far before a chunk's end a formula's start tag, cut by it, may begin (its prefix).
_FORMULA_TAIL = 64
_CHUNK = 1024 * 1024
# How far a match may be from the start of the element it is in: more than the longest text
# a cell can hold (32,767 characters, escaped), so a match in a text always finds its tag.
# Also how far an error cell's text may follow its t="e" and still be found: Excel's
# longest formula (8,192 characters, escaped) keeps a real cell under 50 kB. A longer one is
# refused when a '#' came before its end, and missed when none did.
_LOOKBACK = 256 * 1024
_CELL_TAG = re.compile(rb"<((?:[A-Za-z_][\w.-]*:)?)c[\s>]")
_REFERENCE = re.compile(rb"\sr=[\"']([A-Za-z]{1,3})([1-9][0-9]{0,6})[\"']")
_VALUE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?v>([^<]*)</")
_VALUE_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?v[\s/>]")
_TEXT_TYPE = re.compile(rb"\st=[\"']str[\"']")
_TYPE = re.compile(rb"\st=[\"']([^\"']*)[\"']")


class _Incomplete(Exception):
    """The matched cell goes on past the XML read so far."""


def find_error_cells(path: Path, sheet: str) -> ErrorCells:
    """The error cells of the named worksheet of an .xlsx or .xlsm workbook that has passed
    importers.safety's checks; ImportRefused when the sheet's XML cannot be searched."""
    try:
        with (
            zipfile.ZipFile(path) as archive,
            archive.open(sheet_part(path, archive, sheet)) as xml,
        ):
            return _search(path, sheet, xml, _styles_shown_short(archive))
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


def sheet_part(path: Path, archive: zipfile.ZipFile, sheet: str) -> str:
    """The zip member holding the sheet's XML, found as calamine finds it: the sheet's
    relationship id in xl/workbook.xml, its target in xl/_rels/workbook.xml.rels."""
    # Both parts are small (importers.safety checked their sizes).
    workbook = fromstring(archive.read(_member(archive, "xl/workbook.xml")))
    relationship = next(
        (
            value
            for element in workbook.iter()
            if local_name(element.tag) == "sheet" and element.get("name") == sheet
            for key, value in element.attrib.items()
            if local_name(key) == "id"
        ),
        None,
    )
    return part_of_relationship(path, archive, "xl/_rels/workbook.xml.rels", relationship, sheet)


def part_of_relationship(
    path: Path, archive: zipfile.ZipFile, relations_part: str, relationship: str | None, sheet: str
) -> str:
    """The zip member the workbook's relationship names for the sheet, as calamine finds it
    (an .xlsb's workbook names its sheets' parts as an .xlsx's does)."""
    relations = archive.read(_member(archive, relations_part))
    target = next(
        (
            element.get("Target", "")
            for element in fromstring(relations).iter()
            if local_name(element.tag) == "Relationship" and element.get("Id") == relationship
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


def _styles_shown_short(archive: zipfile.ZipFile) -> dict[int, Precision]:
    try:
        part = _member(archive, "xl/styles.xml")
    except zipfile.BadZipFile:
        return {}  # no styles: every cell is General
    return styles_shown_short(archive, part)


def _search(
    path: Path, sheet: str, xml: IO[bytes], shown_short: dict[int, Precision]
) -> ErrorCells:
    found: ErrorCells = {}
    searches: list[_Search] = [
        _ErrorCells(path, sheet, found),
        _UnsavedFormulas(path, sheet, found),
    ]
    if shown_short:
        searches.append(_DatesShownShort(path, sheet, found, shown_short))
    data = b""
    ended = False
    while not ended:
        chunk = xml.read(_CHUNK)
        ended = not chunk
        data += chunk
        for search in searches:
            search.feed(data, ended)
        # Keep what a match's cell may still need: its start tag, before the match.
        cut = max(0, min(search.resume for search in searches) - _LOOKBACK)
        data = data[cut:]
        for search in searches:
            search.resume -= cut
    return found


class _Search:
    """The search for one kind of cell through a sheet's XML as it is unzipped, chunk after
    chunk: only a chunk holding the kind's hint is searched for its mark."""

    mark: re.Pattern[bytes]
    keep: int  # how far before the end of a chunk without the hint the search goes on
    tail: int  # how far before the end of a chunk a mark cut by it may begin

    def __init__(self, path: Path, sheet: str, found: ErrorCells) -> None:
        self.path, self.sheet, self.found = path, sheet, found
        self.resume = 0  # where the search goes on in the data
        self.waiting = False  # for the end of the cell matched at resume

    def hinted(self, data: bytes) -> bool:
        """Whether the data from resume on may hold a mark: a test far faster than the
        search for one."""
        raise NotImplementedError

    def cell(self, data: bytes, at: int) -> _Found | None:
        """The cell matched at `at`; None when it is not one of this kind."""
        raise NotImplementedError

    def unended(self) -> Message:
        """Why a cell of this kind that does not end refuses the sheet."""
        raise NotImplementedError

    def unplaced(self, text: str) -> Message:
        """Why a cell of this kind without a cell reference refuses the sheet."""
        raise NotImplementedError

    def cell_holding(self, data: bytes, at: int) -> tuple[int, int, int] | None:
        """Where the cell whose start tag holds the attribute at `at` begins, where its start
        tag ends and where its end tag begins; None when the attribute is in another element
        or in the text between elements, or when the cell is empty (<c r="A1" s="5"/>).
        _Incomplete when the cell goes on past the data read so far."""
        start = data.rfind(b"<", max(0, at - _LOOKBACK), at)
        tag = _CELL_TAG.match(data, start) if start >= 0 else None
        if tag is None or data.find(b">", start, at) >= 0:
            return None
        tag_end = data.find(b">", at)
        if tag_end < 0:
            raise _Incomplete
        if data[tag_end - 1] == ord("/"):
            return None
        cell_end = data.find(b"</" + tag[1] + b"c>", tag_end)
        if cell_end < 0:
            raise _Incomplete
        return start, tag_end, cell_end

    def position(self, data: bytes, start: int, tag_end: int, text: str) -> tuple[int, int]:
        """The row and the column index from 0 of the cell whose start tag is data[start:
        tag_end]: r="D5" → (5, 3)."""
        reference = _REFERENCE.search(data, start, tag_end)
        if reference is None:
            # calamine places such a cell after the one before it; the search cannot, and a
            # guess would put it in the wrong row.
            raise ImportRefused(self.path, self.unplaced(text))
        letters, digits = reference[1], reference[2]
        column = 0
        for letter in letters.upper():
            column = column * 26 + letter - ord("A") + 1
        return int(digits), column - 1

    def feed(self, data: bytes, ended: bool) -> None:
        """Search the data, the XML read so far but what lies before the last cut."""
        if self.waiting or self.hinted(data):
            self._take(data, ended)
        else:
            self.resume = max(self.resume, len(data) - self.keep)

    def _take(self, data: bytes, ended: bool) -> None:
        """Add the cells whose mark is in data from resume on; a cell matched that goes on
        past the data read so far waits for the next chunk."""
        while mark := self.mark.search(data, self.resume):
            try:
                cell = self.cell(data, mark.start())
            except _Incomplete:
                if ended or len(data) - mark.start() > _LOOKBACK:
                    raise ImportRefused(self.path, self.unended()) from None
                self.resume, self.waiting = mark.start(), True
                return
            if cell is not None:
                row, column, value = cell
                self.found.setdefault(row, {})[column] = value
            self.resume = mark.end()
        # A match may begin in the last bytes of this chunk and end in the next one.
        self.resume, self.waiting = max(self.resume, len(data) - self.tail), False


class _ErrorCells(_Search):
    mark = _MARK
    # No error text yet: a t="e" in these bytes is of a cell whose text comes in the next
    # chunk, so the search goes on from far enough back to find it.
    keep = _LOOKBACK
    tail = len(b't="e"') - 1

    def hinted(self, data: bytes) -> bool:
        return data.find(b"#", self.resume) >= 0

    def unended(self) -> Message:
        return Message("damaged sheet {sheet} (an error cell that does not end)", sheet=self.sheet)

    def cell(self, data: bytes, at: int) -> _Found | None:
        """The cell whose t="e" attribute is at `at`; None when the match is not the type
        attribute of a cell holding an error's text (text that happens to read t="e", say)."""
        if at == 0 or data[at - 1] not in b" \t\r\n":
            return None  # part of a longer attribute name
        if data.rfind(b"<", max(0, at - _LOOKBACK), at) < 0:
            raise ImportRefused(
                self.path, Message('damaged sheet {sheet} (t="e" in no element)', sheet=self.sheet)
            )
        if (cell := self.cell_holding(data, at)) is None:
            return None  # <c r="A1" t="e"/> is empty, as calamine reads it
        start, tag_end, cell_end = cell
        value = _VALUE.search(data, tag_end, cell_end)
        text = html.unescape(value[1].decode("utf-8")).strip() if value else ""
        if not text:
            # Saved without its value: a formula's is found by the search for formulas
            # saved so; without a formula the cell is empty, as calamine reads it.
            return None
        return (*self.position(data, start, tag_end, text), SpreadsheetError(text))

    def unplaced(self, text: str) -> Message:
        return Message(
            "sheet {sheet} holds a spreadsheet error ({error}) in a cell without a cell "
            "reference: open the file in Excel, correct the error and save it again",
            sheet=self.sheet,
            error=text,
        )


class _UnsavedFormulas(_Search):
    mark = _FORMULA
    keep = tail = _FORMULA_TAIL

    def hinted(self, data: bytes) -> bool:
        # Whether an 'f' follows a '<' or a ':': a search for the one byte runs at memory
        # speed, a search for the two twenty-fold slower (measured: 0.1 and 2.5 ms a MB).
        at = data.find(b"f", self.resume)
        while at >= 0:
            if at and data[at - 1] in b"<:":
                return True
            at = data.find(b"f", at + 1)
        return False

    def unended(self) -> Message:
        return Message("damaged sheet {sheet} (a formula cell that does not end)", sheet=self.sheet)

    def cell(self, data: bytes, at: int) -> _Found | None:
        """The cell whose formula element starts at `at`, when it was saved without its value
        (no <v>, or an empty one where the formula's value is no text)."""
        # The formula is the cell's first element: the tag just before it is the cell's.
        start = data.rfind(b"<", max(0, at - _LOOKBACK), at)
        tag = _CELL_TAG.match(data, start) if start >= 0 else None
        if tag is None:
            return None  # not in a cell: <xm:f> in a conditional format's extension, say
        tag_end = data.find(b">", start, at)
        if tag_end < 0 or data[tag_end - 1] == ord("/"):
            return None
        cell_end = data.find(b"</" + tag[1] + b"c>", at)
        if cell_end < 0:
            raise _Incomplete
        value = _VALUE.search(data, at, cell_end)
        if value is not None and value[1]:
            return None
        if _TEXT_TYPE.search(data, start, tag_end) and _VALUE_TAG.search(data, at, cell_end):
            return None  # saved as empty text, as IF(A1="","",…) gives
        formula = _FORMULA_TEXT.match(data, at)
        text = "=" + html.unescape(formula[1].decode("utf-8")) if formula and formula[1] else ""
        return (*self.position(data, start, tag_end, text), UnsavedFormula(text))

    def unplaced(self, text: str) -> Message:
        return Message(
            "sheet {sheet} holds a formula saved without its value in a cell without a cell "
            "reference: open the file in Excel or LibreOffice and save it again",
            sheet=self.sheet,
        )


class _DatesShownShort(_Search):
    """The number cells whose style's format shows a date without its day (s="5", where
    cellXfs' sixth style formats yyyy"年"m"月"): only asked for when the workbook has such a
    style, so a workbook without one costs nothing more."""

    def __init__(
        self, path: Path, sheet: str, found: ErrorCells, styles: dict[int, Precision]
    ) -> None:
        super().__init__(path, sheet, found)
        self.styles = styles
        numbers = b"|".join(str(style).encode() for style in styles)
        self.mark = re.compile(rb"\ss=[\"'](" + numbers + rb")[\"']")
        # A search for each style's attribute as written runs at memory speed, the mark's
        # alternatives far slower.
        self.hints = [b"s=%s%d%s" % (q, style, q) for style in styles for q in (b'"', b"'")]
        self.keep = self.tail = max(map(len, self.hints))

    def hinted(self, data: bytes) -> bool:
        return any(data.find(hint, self.resume) >= 0 for hint in self.hints)

    def unended(self) -> Message:
        return Message("damaged sheet {sheet} (a date cell that does not end)", sheet=self.sheet)

    def cell(self, data: bytes, at: int) -> _Found | None:
        """The cell whose style attribute is at `at`, when it holds a number (a date is one)."""
        if (cell := self.cell_holding(data, at)) is None:
            return None  # a styled cell left empty
        start, tag_end, cell_end = cell
        kind = _TYPE.search(data, start, tag_end)
        if kind is not None and kind[1] not in (b"n", b"d"):
            return None  # text, true/false or an error, whatever its format
        value = _VALUE.search(data, tag_end, cell_end)
        if value is None or not value[1] or _REFERENCE.search(data, start, tag_end) is None:
            # No value; or no cell reference, as only programs other than Excel write: the
            # cell is left as calamine reads it, a day's date.
            return None
        style = self.mark.match(data, at)
        assert style is not None
        return (*self.position(data, start, tag_end, ""), self.styles[int(style[1])])
