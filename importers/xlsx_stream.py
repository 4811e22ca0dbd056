"""An .xlsx worksheet's rows read straight from its XML as it is unzipped, block after block.

python-calamine loads a whole sheet before it gives the first row: at a million rows, 8 s on
one core while the other, which writes the rows, waits. Read here, the first rows reach the
database at once. This reader takes the XML as Excel, LibreOffice and openpyxl write it; at
the first thing it does not know for certain (a prefixed element, attributes in another
order, a date with a time of day, a formula saved without its value) it stops with
NotPlain, and calamine reads the rest (importers.workbook_rows). Every value is the one
calamine gives, which the tests check cell by cell; how calamine reads a style's numbers
(as numbers, dates or durations) is asked of calamine itself."""

from __future__ import annotations

import html
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import IO, TYPE_CHECKING

from python_calamine import CalamineError, CalamineWorkbook

from importers.cells import SpreadsheetError
from importers.error_cells import member, sheet_part

if TYPE_CHECKING:
    from importers.readers import Row

# A vertical merge: (first row, last row, column index from 0), rows as in the file.
Merge = tuple[int, int, int]

_BLOCK = 4 * 1024 * 1024  # bytes of XML read and parsed at a time
_HEAD = 1024 * 1024  # how far into the XML its rows may begin (after the views, the columns)
_RELATIONS = "xl/_rels/workbook.xml.rels"

# One token of sheetData: a cell (reference, style, type, value), a row's start (its number),
# or anything else: a row's end, white space, or what ends the reading. A formula is let
# pass only with a value after it: one saved without (or as an empty text) is read by
# calamine, beside which importers.error_cells finds it. An inline string's text is its
# value.
_TOKEN = re.compile(
    rb'<c r="([A-Z]{1,3})([0-9]+)"(?: s="([0-9]+)")?(?: t="([A-Za-z]+)")?'
    rb"(?:\s*/>|>(?:<f[ >/][^<]*(?:</f>)?(?=<v>[^<]))?"
    rb'(?:(?:<v>|<is><t(?: xml:space="preserve")?>)([^<]*)(?:</v>|</t></is>))?</c>)'
    rb'|<row r="([0-9]+)"(?:\s[^>]*)?(?<!/)>'
    rb"|(<[^>]*>?|[^<]+)"
)
_EMPTY_ROW = re.compile(rb'<row r="[0-9]+"(?:\s[^>]*)?/>')
_SHEET_DATA = re.compile(rb"<sheetData\s*(/?)>")
_STRING = re.compile(
    r'<si><t(?: xml:space="preserve")?>([^<]*)</t></si>|<si>(.*?)</si>|<si/>', re.S
)
# In a rich or phonetic string: the run properties and the reading (furigana) are no text.
_NOT_TEXT = re.compile(r"<rPr>.*?</rPr>|<rPr/>|<rPh\b.*?</rPh>|<phoneticPr\b[^>]*/>", re.S)
_RUNS = re.compile(r"(?:\s|<r>|</r>|<t(?:\s[^>]*)?>[^<]*</t>|<t(?:\s[^>]*)?/>)*")
_RUN_TEXT = re.compile(r"<t(?:\s[^>]*)?>([^<]*)</t>")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")  # OOXML's escape of a character: _x000D_
_CELL_FORMATS = re.compile(rb"<cellXfs\b[^>]*>(.*?)</cellXfs>", re.S)
_DATE_1904 = re.compile(rb"""date1904\s*=\s*["'](?:1|true)["']""")
_MERGE = re.compile(rb'<mergeCell ref="([A-Z]{1,3})([0-9]+):([A-Z]{1,3})([0-9]+)"\s*/>')
_ROW_START = re.compile(rb'<row r="([0-9]+)"')
_BOOLEANS = {b"1": True, b"0": False}
# A serial number read as a date whole, before 1900-03-01 (Excel's 29 February 1900): the
# days before are left to calamine.
_FIRST_DAY = 61
_PROBE = 16846  # the serial number of 1946-02-13, shown to calamine in each style


class NotPlain(Exception):
    """The XML holds something this reader does not read: calamine reads it instead."""


class _Columns(dict[bytes, int]):
    """Column letters to index from 0: A → 0, AA → 26."""

    def __missing__(self, letters: bytes) -> int:
        index = 0
        for letter in letters:
            index = index * 26 + letter - 64
        self[letters] = index - 1
        return index - 1


_COLUMNS = _Columns()


@dataclass
class StreamedSheet:
    """A worksheet whose rows are read from its XML; ``last``: the last row read."""

    path: Path
    part: str
    strings: list[str | None]
    # The styles whose numbers calamine does not read as numbers: the first day of their
    # date system for a date style, None for any other (a duration, say).
    dated: dict[bytes, date | None]
    # The vertical merges and the last row holding a value, read from the end of the XML
    # beside the first rows (_end_of).
    end: Future[tuple[list[Merge], int | None]]
    last: int = 0
    _dates: dict[bytes, date] = field(default_factory=dict)

    def merges(self) -> list[Merge]:
        """The vertical merges, cut at the last row holding a value (as importers.
        workbook_rows cuts calamine's); NotPlain when the end of the XML was not plain."""
        return self.end.result()[0]

    def last_row(self) -> int | None:
        """The last row holding a value, when the end of the XML tells."""
        if self.end.exception() is not None:
            return None
        return self.end.result()[1]

    def rows(self) -> Iterator[Row]:
        """The rows as importers.readers.SheetRows gives them; NotPlain where calamine must
        go on."""
        try:
            with zipfile.ZipFile(self.path) as archive, archive.open(self.part) as xml:
                yield from self._blocks(xml)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
            raise NotPlain from error  # calamine says what is damaged, in its words

    def _blocks(self, xml: IO[bytes]) -> Iterator[Row]:
        data = xml.read(_BLOCK)
        while (start := _SHEET_DATA.search(data)) is None:
            more = xml.read(_BLOCK)
            if not more or len(data) > _HEAD:
                raise NotPlain
            data += more
        if start[1]:
            return  # <sheetData/>: no rows
        data = data[start.end() :]
        while True:
            end = data.find(b"</sheetData>")
            if end >= 0:
                for row in self._read(data[:end]):
                    self.last = row[0]
                    yield row
                return
            cut = data.rfind(b"</row>") + len(b"</row>")
            if cut > len(b"</row>") - 1:
                block, data = data[:cut], data[cut:]
                for row in self._read(block):
                    self.last = row[0]
                    yield row
            more = xml.read(_BLOCK)
            if not more:
                raise NotPlain  # the XML ends inside the sheet's data
            data += more

    def _read(self, block: bytes) -> list[Row]:
        """The rows of a block of whole rows; NotPlain when it holds anything else."""
        try:
            return self._rows_of(block)
        except ValueError:  # a number, a row number or a text that does not read
            raise NotPlain from None

    def _rows_of(self, block: bytes) -> list[Row]:
        rows: list[Row] = []
        strings, dated, dates, columns = self.strings, self.dated, self._dates, _COLUMNS
        row: list[object] = []
        row_ref = b""
        last = self.last
        for col, ref, style, kind, value, number, other in _TOKEN.findall(block):
            if col:
                if ref != row_ref:
                    raise NotPlain
                if not value:
                    continue  # an empty cell, perhaps styled
                x: object
                if kind == b"s":
                    try:
                        x = strings[int(value)]
                    except IndexError:
                        raise NotPlain from None
                elif not kind or kind == b"n":
                    if style in dated:
                        x = dates.get(value) or self._date(value, dated[style])
                    else:
                        x = float(value)
                elif kind == b"str" or kind == b"inlineStr":
                    x = _text(value)
                elif kind == b"b":
                    if value not in _BOOLEANS:
                        raise NotPlain
                    x = _BOOLEANS[value]
                elif kind == b"e":
                    x = _error(value)
                else:
                    raise NotPlain
                index = columns[col]
                filled = len(row)
                if index > filled:
                    row.extend([None] * (index - filled))
                elif index < filled:
                    raise NotPlain  # cells out of order
                row.append(x)
            elif number:
                if row_ref or int(number) <= last:  # a row not ended, or out of order
                    raise NotPlain
                last = int(number)
                row_ref, row = number, []
            elif other == b"</row>":
                while row and row[-1] is None:
                    row.pop()
                if row:
                    rows.append((last, row))
                row_ref, row = b"", []
            elif not (other.isspace() or _EMPTY_ROW.fullmatch(other)):
                raise NotPlain
        return rows

    def _date(self, value: bytes, first: date | None) -> date:
        serial = float(value)
        whole = int(serial)
        if first is None or whole != serial or whole < _FIRST_DAY:
            raise NotPlain  # a time of day, a duration, or Excel's first two months
        day = self._dates[value] = first + timedelta(days=whole)
        return day


def open_streamed(path: Path, sheet: str) -> StreamedSheet:
    """The sheet ready to stream; NotPlain when its workbook's parts are not plain enough."""
    try:
        with zipfile.ZipFile(path) as archive:
            part = sheet_part(path, archive, sheet)
            # Mostly unzipping, which lets go of the GIL: beside the rest, on the other core.
            beside = ThreadPoolExecutor(max_workers=1)
            end = beside.submit(_end_of, path, part)
            beside.shutdown(wait=False)
            strings = _shared_strings(archive, _part(archive, "xl/sharedStrings.xml"))
            dated = _dated_styles(archive, _part(archive, "xl/styles.xml"))
    except NotPlain:
        raise
    except Exception as error:  # calamine reads the workbook and says what is wrong
        raise NotPlain from error
    return StreamedSheet(path, part, strings, dated, end)


def _part(archive: zipfile.ZipFile, name: str) -> str | None:
    """A part calamine reads by its name, whatever the relationships say."""
    try:
        return member(archive, name)
    except zipfile.BadZipFile:
        return None


def _shared_strings(archive: zipfile.ZipFile, part: str | None) -> list[str | None]:
    """The shared strings, an empty one as None (an empty cell, as calamine's is read)."""
    if part is None:
        return []
    xml = archive.read(part).decode()
    found = _STRING.findall(xml)  # (a plain string's text, a rich or phonetic one's XML)
    if len(found) != xml.count("<si") or ":si" in xml:
        raise NotPlain
    strings = [_rich(rich) if rich else plain for plain, rich in found]
    if "&" in xml or "_x" in xml:
        return [_unescaped(text) for text in strings]
    return [text or None for text in strings]


def _rich(body: str) -> str:
    runs = _NOT_TEXT.sub("", body)
    if not _RUNS.fullmatch(runs):
        raise NotPlain
    return "".join(_RUN_TEXT.findall(runs))


def _text(value: bytes) -> str | None:
    return _unescaped(value.decode())


def _unescaped(text: str) -> str | None:
    if "&" in text:
        text = html.unescape(text)
    if "_x" in text:
        text = _ESCAPED.sub(lambda m: chr(int(m[1], 16)), text)
    return text or None


def _error(value: bytes) -> SpreadsheetError | None:
    # As importers.error_cells reads an error cell beside calamine.
    text = html.unescape(value.decode()).strip()
    return SpreadsheetError(text) if text else None


def _dated_styles(archive: zipfile.ZipFile, part: str | None) -> dict[bytes, date | None]:
    """The styles whose numbers calamine reads as something else than a number, found by
    showing calamine a number in each: the first day of its date system for a date style,
    None for a duration or a time. A cell without a style has style 0, so b'' stands for it
    too."""
    if part is None:
        return {}
    styles = archive.read(part)
    formats = _CELL_FORMATS.search(styles)
    if formats is None:
        if b"cellXfs" in styles:
            raise NotPlain
        return {}
    count = len(re.findall(rb"<xf\b", formats[1]))
    workbook = archive.read(member(archive, "xl/workbook.xml"))
    read = _shown_to_calamine(styles, count, bool(_DATE_1904.search(workbook)))
    dated: dict[bytes, date | None] = {}
    for style, value in enumerate(read):
        if isinstance(value, float):
            continue
        first = value - timedelta(days=_PROBE) if type(value) is date else None
        dated[str(style).encode()] = first
        if style == 0:
            dated[b""] = first
    return dated


def _shown_to_calamine(styles: bytes, count: int, date_1904: bool) -> list[object]:
    """What calamine reads of the number _PROBE in each of ``count`` styles, in a workbook of
    one sheet with these styles and this date system."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    relations = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006/relationships"
    rows = "".join(
        f'<row r="{n + 1}"><c r="A{n + 1}" s="{n}"><v>{_PROBE}</v></c></row>' for n in range(count)
    )
    system = '<workbookPr date1904="1"/>' if date_1904 else ""
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{package}"><Relationship Id="r1" Type="{relations}/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{main}" xmlns:r="{relations}">{system}<sheets>'
            '<sheet name="s" sheetId="1" r:id="r1"/></sheets></workbook>'
        ),
        _RELATIONS: (
            f'<Relationships xmlns="{package}"><Relationship Id="r1" Type="{relations}/'
            'worksheet" Target="worksheets/s.xml"/><Relationship Id="r2" '
            f'Type="{relations}/styles" Target="styles.xml"/></Relationships>'
        ),
        "xl/worksheets/s.xml": (
            f'<worksheet xmlns="{main}"><sheetData>{rows}</sheetData></worksheet>'
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as probe:
        for name, text in parts.items():
            probe.writestr(name, text)
        probe.writestr("xl/styles.xml", styles)
    buffer.seek(0)
    try:
        sheet = CalamineWorkbook.from_filelike(buffer).get_sheet_by_index(0)
    except (CalamineError, ValueError) as error:
        raise NotPlain from error
    read: list[object] = [cells[0] for cells in sheet.to_python()]
    if len(read) != count:
        raise NotPlain
    return read


def _end_of(path: Path, part: str) -> tuple[list[Merge], int | None]:
    """The sheet's vertical merges and its last row holding a value, from the XML after and
    just before the end of its data; unzipped once ahead of the rows (at a million rows,
    under a second), since the merges come after the rows they fill."""
    before = tail = b""
    ended = False
    with zipfile.ZipFile(path) as archive, archive.open(part) as xml:
        while chunk := xml.read(_BLOCK):
            if ended:
                tail += chunk
                continue
            data = before[-_BLOCK:] + chunk
            end = data.find(b"</sheetData>")
            if end >= 0:
                ended, before, tail = True, data[:end], data[end:]
            else:
                before = data
    merges = _MERGE.findall(tail)
    if tail.count(b"mergeCell ") != len(merges) or b":mergeCell" in tail:
        raise NotPlain
    last_row = _last_row(before)
    if merges and last_row is None:
        raise NotPlain
    # As importers.workbook_rows cuts calamine's merges: a whole-column merge made by
    # accident reaches no further than the data, and a merge within one row fills nothing.
    last = last_row or 0
    return [
        (int(top), min(int(bottom), last), _COLUMNS[left])
        for left, top, _right, bottom in merges
        if int(top) < min(int(bottom), last)
    ], last_row


def _last_row(data: bytes) -> int | None:
    value = max(data.rfind(b"<v>"), data.rfind(b"<is>"))
    start = _ROW_START.match(data, data.rfind(b"<row ", 0, value)) if value >= 0 else None
    return int(start[1]) if start else None
