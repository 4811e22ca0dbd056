"""Safe, streaming readers for the files the ministry sends (.xlsx, .csv, and .xls/.xlsb/.ods
through python-calamine): each file is checked and refused whole before a row is read, then
its rows are yielded one at a time so a million-row register never sits in memory."""

from __future__ import annotations

import codecs
import csv
import functools
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import IO, Any, Literal

from lxml import etree  # type: ignore[import-untyped]

from importers.errors import ImportRefused

Row = tuple[int, list[object]]
Engine = Literal["stream", "calamine"]


@dataclass
class SheetRows:
    """One sheet's rows as (1-based row number as in the file, cell values).

    Empty cells are None, rows are as long as their last filled cell, rows with no value
    at all are skipped, and `rows` can be iterated once.  Merged cells are not reported:
    a merged title holds its value in its top-left cell only and the rest read as empty,
    which is harmless because only the header row and the rows below it are data.
    """

    name: str
    hidden: bool
    rows: Iterator[Row]


# Limits a real one-million-row register passes with a wide margin (its sheet XML is about
# 400 MB and compresses about 10:1), while a zip bomb declares far more or far denser data.
MAX_MEMBER_BYTES = 2 * 1024**3
MAX_TOTAL_BYTES = 4 * 1024**3
MAX_RATIO = 100
RATIO_CHECKED_ABOVE = 32 * 1024**2
MAX_MEMBERS = 10_000
MAX_SMALL_PART_BYTES = 64 * 1024**2

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"


def open_workbook(path: str | Path, *, engine: Engine = "stream") -> list[SheetRows]:
    """The sheets of a spreadsheet or CSV file, in workbook order, ready to stream.

    Raises ImportRefused when the file cannot be read safely as a whole: empty, damaged,
    password-protected, a zip bomb, XML with a document type declaration, or a CSV file
    that is neither UTF-8 nor cp932.  `engine="calamine"` reads an .xlsx (after the same
    checks) about twice as fast but holds each sheet whole: ~0.9 GB for a million rows.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ImportRefused(path, f"cannot open the file ({error.strerror})") from None
    if size == 0:
        raise ImportRefused(path, "empty file (0 bytes)")
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        return [SheetRows(path.name, False, _csv_rows(path, _csv_encoding(path)))]
    if suffix in (".xlsx", ".xlsm"):
        sheets = _open_xlsx(path)
        return _open_with_calamine(path) if engine == "calamine" else sheets
    if suffix in (".xls", ".xlsb", ".ods"):
        return _open_with_calamine(path)
    raise ImportRefused(path, f"unsupported file type {suffix or '(none)'}: send .xlsx or .csv")


# --- CSV -----------------------------------------------------------------------------------

_CHUNK = 1024 * 1024
# Python's cp932 codec maps these lone bytes to control or private-use characters, but no
# Windows program writes them as text: seeing one means the file is not Shift_JIS.
_NOT_CP932 = re.compile("[\x80\uf8f0-\uf8f3]")


def _csv_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) or strict cp932, checked over the whole file first so
    that a bad byte near the end refuses the file instead of half-importing it."""
    with path.open("rb") as f:
        bom = f.read(3) == b"\xef\xbb\xbf"
    utf8 = _first_bad_byte(path, "utf-8")
    if utf8 is None:
        return "utf-8-sig" if bom else "utf-8"
    cp932 = _first_bad_byte(path, "cp932")
    if cp932 is None:
        return "cp932"
    raise ImportRefused(
        path,
        f"neither UTF-8 ({utf8}) nor Shift_JIS/cp932 ({cp932}) fits this file: "
        "save it again as CSV UTF-8",
    )


def _first_bad_byte(path: Path, encoding: str) -> str | None:
    """Where `encoding` first fails, as 'byte 0xE9 at offset 12, line 2', or None."""
    offset = 0
    line = 1
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            # Ending each chunk at a newline keeps multibyte characters whole: 0x0A is
            # never part of one in UTF-8 or cp932.
            chunk += f.readline()
            bad = _bad_index(chunk, encoding)
            if bad is not None:
                where = line + chunk.count(b"\n", 0, bad)
                return f"byte 0x{chunk[bad]:02X} at offset {offset + bad}, line {where}"
            offset += len(chunk)
            line += chunk.count(b"\n")
    return None


def _bad_index(chunk: bytes, encoding: str) -> int | None:
    try:
        text = chunk.decode(encoding)
    except UnicodeDecodeError as error:
        return error.start
    if encoding == "cp932" and (m := _NOT_CP932.search(text)):
        return len(text[: m.start()].encode("cp932"))
    return None


def _csv_rows(path: Path, encoding: str) -> Iterator[Row]:
    with path.open(encoding=encoding, newline="") as f:
        reader = csv.reader(f)
        try:
            # Counting records, not lines, gives the row number a spreadsheet program shows.
            for number, record in enumerate(reader, start=1):
                values: list[object] = [v if v else None for v in record]
                if any(values):
                    yield number, _trimmed(values)
        except csv.Error as error:
            raise ImportRefused(path, f"damaged CSV near line {reader.line_num}: {error}") from None


def _trimmed(values: list[object]) -> list[object]:
    while values and values[-1] is None:
        values.pop()
    return values


# --- Zip containers ------------------------------------------------------------------------


def _refuse_unless_zip(path: Path) -> None:
    with path.open("rb") as f:
        head = f.read(8)
    if head == _OLE_MAGIC:
        if _holds_encrypted_package(path):
            raise ImportRefused(path, "password-protected workbook: save it without a password")
        raise ImportRefused(
            path, "an old Excel 97-2003 workbook named like .xlsx: rename it to .xls"
        )
    if head.startswith(_ZIP_MAGIC) or head.startswith(b"PK\x05\x06"):
        return
    lowered = head.lower()
    if lowered.startswith((b"<html", b"<!doc", b"<?xml", b"<table")):
        raise ImportRefused(path, "not a spreadsheet (an HTML or XML page with a workbook name)")
    raise ImportRefused(path, "not a spreadsheet (not a zip archive)")


def _holds_encrypted_package(path: Path) -> bool:
    # Office wraps an encrypted workbook in a compound file whose directory names an
    # 'EncryptedPackage' stream (UTF-16LE); the encrypted payload itself is random bytes.
    needle = "EncryptedPackage".encode("utf-16-le")
    tail = b""
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            if needle in tail + chunk:
                return True
            tail = chunk[-len(needle) :]
    return False


def _open_zip(path: Path) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise ImportRefused(path, "not a spreadsheet (truncated or damaged zip archive)") from None
    try:
        _check_zip_limits(path, archive.infolist())
    except ImportRefused:
        archive.close()
        raise
    return archive


def _check_zip_limits(path: Path, members: list[zipfile.ZipInfo]) -> None:
    if len(members) > MAX_MEMBERS:
        raise ImportRefused(path, f"zip archive with {len(members)} parts (zip bomb?)")
    total = 0
    for info in members:
        if info.flag_bits & 0x1:
            raise ImportRefused(path, "encrypted zip archive: save it without a password")
        if info.file_size > MAX_MEMBER_BYTES:
            raise ImportRefused(
                path, f"{info.filename} would unpack to {info.file_size:,} bytes (zip bomb?)"
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_CHECKED_ABOVE and ratio > MAX_RATIO:
            raise ImportRefused(path, f"{info.filename} is compressed {ratio:,.0f}:1 (zip bomb?)")
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise ImportRefused(path, f"the archive would unpack to {total:,} bytes (zip bomb?)")


# What a damaged or unusual archive raises while a member is being unpacked and decoded.
_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, UnicodeDecodeError, NotImplementedError)


# --- XML -----------------------------------------------------------------------------------

# The parser never fetches or expands anything, and a DOCTYPE is refused outright, so
# entity bombs and external entities cannot reach it.
_SECURE = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}
_FIRST_ELEMENT = re.compile(rb"<[^?!]")
_PROLOGUE_LIMIT = 64 * 1024


def refuse_doctype(path: Path, archive: zipfile.ZipFile, member: str) -> None:
    """Refuse (ImportRefused) an XML part of the archive that declares a DOCTYPE or an entity,
    or does not start like XML; run before any parser, ours or calamine's, reads the part."""
    try:
        with archive.open(member) as f:
            head = f.read(_PROLOGUE_LIMIT)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as error:
        raise ImportRefused(path, f"damaged zip archive: {member} ({error})") from None
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode()
    first = _FIRST_ELEMENT.search(head)
    prologue = head[: first.start()] if first else head
    if b"<!DOCTYPE" in prologue.upper() or b"<!ENTITY" in prologue.upper():
        raise ImportRefused(path, f"{member} declares a DOCTYPE (XML entity bomb?): refused")
    if first is None and len(head) == _PROLOGUE_LIMIT:
        raise ImportRefused(path, f"{member} does not start like XML")


def _read_xml(path: Path, archive: zipfile.ZipFile, member: str) -> Any:
    if archive.getinfo(member).file_size > MAX_SMALL_PART_BYTES:
        raise ImportRefused(path, f"{member} is implausibly large")
    refuse_doctype(path, archive, member)
    try:
        return etree.fromstring(archive.read(member), etree.XMLParser(**_SECURE))
    except (etree.XMLSyntaxError, zipfile.BadZipFile, zlib.error) as error:
        raise ImportRefused(path, f"damaged workbook part {member} ({error})") from None


# --- xlsx ----------------------------------------------------------------------------------

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
# Built-in number formats that show dates, including the Japanese-locale era formats.
_DATE_FORMAT_IDS = frozenset([14, 15, 16, 17, 22, *range(27, 37), *range(50, 59)])
_FORMAT_NOISE = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|general|e[+-]', re.IGNORECASE)


@dataclass(frozen=True)
class _Workbook:
    sheets: list[tuple[str, bool, str]]  # name, hidden, zip member
    date_styles: frozenset[str]  # cell style indices (the 's' attribute) that show dates
    epoch: datetime
    shared_strings: str | None


def _open_xlsx(path: Path) -> list[SheetRows]:
    _refuse_unless_zip(path)
    with _open_zip(path) as archive:
        book = _read_workbook(path, archive)
    strings: list[str] | None = None

    def shared() -> list[str]:
        nonlocal strings
        if strings is None:
            strings = _load_shared_strings(path, book.shared_strings)
        return strings

    return [
        SheetRows(name, hidden, _xlsx_rows(path, member, book, shared))
        for name, hidden, member in book.sheets
    ]


def _read_workbook(path: Path, archive: zipfile.ZipFile) -> _Workbook:
    names = set(archive.namelist())
    if "xl/workbook.xml" not in names:
        hint = " (a binary .xlsb workbook?)" if "xl/workbook.bin" in names else ""
        raise ImportRefused(path, f"not an Excel workbook: no xl/workbook.xml{hint}")
    workbook = _read_xml(path, archive, "xl/workbook.xml")
    targets = _relationships(path, archive, "xl/_rels/workbook.xml.rels")
    sheets = []
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        member = targets.get(sheet.get(f"{_REL}id", ""))
        if member in names and "worksheets/" in member:
            hidden = sheet.get("state", "visible") in ("hidden", "veryHidden")
            sheets.append((sheet.get("name", ""), hidden, member))
    if not sheets:
        raise ImportRefused(path, "the workbook has no worksheets")
    properties = workbook.find(f"{_MAIN}workbookPr")
    date1904 = properties is not None and properties.get("date1904") in ("1", "true")
    shared = "xl/sharedStrings.xml" if "xl/sharedStrings.xml" in names else None
    # Every XML part is looked at now, so a hostile one refuses the file before any row.
    for member in sorted(names):
        if member.endswith((".xml", ".rels")):
            refuse_doctype(path, archive, member)
    return _Workbook(
        sheets=sheets,
        date_styles=_date_styles(path, archive) if "xl/styles.xml" in names else frozenset(),
        epoch=datetime(1904, 1, 1) if date1904 else datetime(1899, 12, 30),
        shared_strings=shared,
    )


def _relationships(path: Path, archive: zipfile.ZipFile, member: str) -> dict[str, str]:
    if member not in archive.namelist():
        return {}
    targets = {}
    for rel in _read_xml(path, archive, member).iter(f"{_PKG_REL}Relationship"):
        target = rel.get("Target", "")
        resolved = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        targets[rel.get("Id", "")] = str(PurePosixPath(resolved))
    return targets


def _date_styles(path: Path, archive: zipfile.ZipFile) -> frozenset[str]:
    styles = _read_xml(path, archive, "xl/styles.xml")
    custom = {
        int(f.get("numFmtId", "0")): f.get("formatCode", "") for f in styles.iter(f"{_MAIN}numFmt")
    }
    cell_formats = styles.find(f"{_MAIN}cellXfs")
    if cell_formats is None:
        return frozenset()
    dated = set()
    for index, xf in enumerate(cell_formats.iterchildren(f"{_MAIN}xf")):
        format_id = int(xf.get("numFmtId", "0"))
        if format_id in _DATE_FORMAT_IDS or _is_date_format(custom.get(format_id, "")):
            dated.add(str(index))
    return frozenset(dated)


def _is_date_format(code: str) -> bool:
    letters = _FORMAT_NOISE.sub("", code).lower()
    if any(c in letters for c in "ydeg"):
        return True
    return "m" in letters and "h" not in letters and "s" not in letters


def _load_shared_strings(path: Path, member: str | None) -> list[str]:
    if member is None:
        return []
    strings: list[str] = []
    with zipfile.ZipFile(path) as archive:
        refuse_doctype(path, archive, member)
        with archive.open(member) as stream:
            try:
                for block in _blocks(stream, "si"):
                    for plain, rich in _SI.findall(block):
                        strings.append(_unescape(plain) if plain else _rich_text(rich))
            except _DAMAGED as error:
                raise ImportRefused(path, f"damaged shared strings ({error})") from None
    return strings


# Sheet XML is scanned with regular expressions rather than built into elements: lxml
# spends ~3 µs making Python objects per cell, five times what calamine takes for a whole
# row (measured in bench/bench_readers.py).  The scanner accepts the XML Excel, LibreOffice
# and openpyxl write, with or without namespace prefixes, and refuses what it does not know.
_P = r"(?:\w+:)?"
_SI = re.compile(
    r'<si><t(?: xml:space="preserve")?>([^<]*)</t></si>'
    rf"|<{_P}si\b[^>]*?(?:/>|>(.*?)</{_P}si>)",
    re.S,
)
# Rows and cells as Excel and openpyxl write them (attributes r, s, t in that order, the
# value in <v>) are read by the first two patterns in bulk; anything else falls back to
# the general, slower pattern, so an unusual writer costs speed, never correctness.
_ROW_FAST = re.compile(r'<row r="(\d+)"[^>]*?(?:/>|>(.*?)</row>)', re.S)
_CELL_FAST = re.compile(
    r'<c r="([A-Z]{1,3})\d+"(?: s="(\d+)")?(?: t="(\w+)")?'
    r'(?:/>|><v>([^<]*)</v></c>|><is><t(?: xml:space="preserve")?>([^<]*)</t></is></c>|>(.*?)</c>)',
    re.S,
)
_TOKEN = re.compile(
    rf"<{_P}c\b([^>]*?)(?:/>|>(.*?)</{_P}c>)|<{_P}(row)\b([^>]*?)(/?)>|(</{_P}row>)", re.S
)
_ATTR = re.compile(r"""([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_VALUE = re.compile(rf"<{_P}v>(.*?)</{_P}v>", re.S)
_TEXT = re.compile(rf"<{_P}t\b[^>]*?(?:/>|>(.*?)</{_P}t>)", re.S)
_PHONETIC = re.compile(rf"<{_P}rPh\b.*?</{_P}rPh>", re.S)
_REFERENCE = re.compile(r"&(?:#x([0-9A-Fa-f]+)|#([0-9]+)|(amp|lt|gt|quot|apos));")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_ROW_NUMBER = re.compile(r"""\br\s*=\s*["'](\d+)""")
_SHEET_DATA = re.compile(rf"<{_P}sheetData\b[^>]*?(/?)>")
_SHEET_DATA_END = re.compile(rf"</{_P}sheetData>")
_BLOCK_BYTES = 4 * 1024 * 1024
_MAX_PENDING = 64 * 1024 * 1024


def _blocks(stream: IO[bytes], element: str) -> Iterator[str]:
    """The decompressed XML in pieces of a few MB, each cut just after a closing `element`
    tag so no element is split; CDATA and comments are refused because Excel never writes
    them and the scanner would misread them."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    pending = ""
    while chunk := stream.read(_BLOCK_BYTES):
        pending += decoder.decode(chunk)
        cut = _after_last_closing(pending, element)
        if cut < 0:
            if len(pending) > _MAX_PENDING:
                raise ValueError(f"no </{element}> in {_MAX_PENDING:,} characters")
            continue
        block, pending = pending[:cut], pending[cut:]
        if "<!" in block:
            raise ValueError("CDATA or a comment inside the data, which Excel never writes")
        yield block
    pending += decoder.decode(b"", final=True)
    if "<!" in pending:
        raise ValueError("CDATA or a comment inside the data, which Excel never writes")
    yield pending


def _after_last_closing(text: str, element: str) -> int:
    """Index just after the last </element> or </prefix:element> tag, or -1."""
    needle = element + ">"
    end = len(text)
    while (found := text.rfind(needle, 0, end)) >= 0:
        opening = text.rfind("<", 0, found)
        tag = text[opening + 1 : found]
        closing = tag == "/" or (tag.startswith("/") and tag.endswith(":") and tag[1:-1].isalnum())
        if opening >= 0 and closing:
            return found + len(needle)
        end = found
    return -1


def _unescape(text: str) -> str:
    if "&" in text:
        text = _REFERENCE.sub(_resolve_reference, text)
    if "_x" in text:
        text = _ESCAPED.sub(lambda m: chr(int(m[1], 16)), text)
    return text


def _resolve_reference(m: re.Match[str]) -> str:
    if m[3]:
        return _NAMED[m[3]]
    return chr(int(m[1], 16) if m[1] else int(m[2]))


def _rich_text(inner: str) -> str:
    # Phonetic guides (rPh, furigana) sit beside the text runs and are not part of it.
    if "<rPh" in inner or ":rPh" in inner:
        inner = _PHONETIC.sub("", inner)
    return _unescape("".join(_TEXT.findall(inner)))


def _xlsx_rows(
    path: Path, member: str, book: _Workbook, shared: Callable[[], list[str]]
) -> Iterator[Row]:
    with zipfile.ZipFile(path) as archive:
        refuse_doctype(path, archive, member)
        strings = shared()
        with archive.open(member) as stream:
            try:
                yield from _sheet_rows(stream, strings, book)
            except _DAMAGED as error:
                raise ImportRefused(path, f"damaged sheet {member} ({error})") from None
            except (LookupError, ValueError) as error:
                raise ImportRefused(path, f"unreadable cell in {member} ({error})") from None


def _sheet_rows(stream: IO[bytes], strings: list[str], book: _Workbook) -> Iterator[Row]:
    number = 0
    for block in _sheet_data(stream):
        rows = _ROW_FAST.findall(block)
        if len(rows) != block.count("<row") or ":row" in block:
            for row_number, values in _general_rows(block, number, strings, book):
                number = row_number
                if values.count(None) != len(values):
                    yield number, _trimmed(values)
            continue
        for row_reference, content in rows:
            number = int(row_reference)
            values = _row_values(content, strings, book) if content else []
            if values.count(None) != len(values):
                yield number, _trimmed(values)


def _row_values(content: str, strings: list[str], book: _Workbook) -> list[object]:
    cells = _CELL_FAST.findall(content)
    if not cells or len(cells) != content.count("<c"):
        return next(_general_rows(f"<row>{content}</row>", 0, strings, book))[1]
    dated = book.date_styles
    converted = [
        (strings[int(v)] or None)
        if kind == "s" and v
        else int(v)
        if v.isdigit() and not kind and style not in dated
        else (_unescape(text) or None)
        if kind == "inlineStr" and not inner
        else _slow(style, kind, v, inner, strings, book)
        if v or inner
        else None
        for _, style, kind, v, text, inner in cells
    ]
    width = _COLUMNS[cells[-1][0]]
    if width + 1 == len(cells):
        return converted
    # Excel leaves blank cells out of the XML; put each value back under its column.
    values: list[object] = [None] * (width + 1)
    for cell, value in zip(cells, converted, strict=True):
        values[_COLUMNS[cell[0]]] = value
    return values


def _slow(style: str, kind: str, v: str, inner: str, strings: list[str], book: _Workbook) -> object:
    cell = {"s": style, "t": kind} if kind else {"s": style}
    return _cell_value(cell, f"<v>{v}</v>" if v else inner, strings, book)


def _general_rows(
    block: str, number: int, strings: list[str], book: _Workbook
) -> Iterator[tuple[int, list[object]]]:
    """Rows of any well-formed sheet XML, one token at a time."""
    values: list[object] = []
    for attrs, inner, is_row, row_attrs, empty_row, row_end in _TOKEN.findall(block):
        if is_row:
            found = _ROW_NUMBER.search(row_attrs)
            number = int(found[1]) if found else number + 1
            values = []
            if empty_row:
                yield number, values
        elif row_end:
            yield number, values
        else:
            cell = {name: a or b for name, a, b in _ATTR.findall(attrs)}
            ref = cell.get("r")
            column = _column_index(ref.rstrip("0123456789")) if ref else len(values)
            if column >= len(values):
                values.extend([None] * (column + 1 - len(values)))
            values[column] = _cell_value(cell, inner, strings, book) if inner else None


def _sheet_data(stream: IO[bytes]) -> Iterator[str]:
    """Blocks of the sheet XML between <sheetData> and </sheetData>."""
    in_data = False
    for block in _blocks(stream, "row"):
        if not in_data:
            opening = _SHEET_DATA.search(block) if "sheetData" in block else None
            if opening is None:
                continue
            if opening[1]:
                return
            block = block[opening.end() :]
            in_data = True
        closing = _SHEET_DATA_END.search(block) if "sheetData>" in block else None
        if closing:
            yield block[: closing.start()]
            return
        yield block


def _column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


# Column letters A … XFD (Excel's 16,384 columns) to 0-based indices; unknown letters raise.
_COLUMNS = {_column_letters(i): i for i in range(16_384)}


def _column_index(letters: str) -> int:
    index = _COLUMNS.get(letters.upper())
    if index is None:
        raise ValueError(f"bad cell reference column {letters!r}")
    return index


def _cell_value(attrs: dict[str, str], inner: str, strings: list[str], book: _Workbook) -> object:
    kind = attrs.get("t")
    if kind == "inlineStr":
        return _rich_text(inner) or None
    if inner.startswith("<v>") and inner.endswith("</v>") and "<" not in inner[3:-4]:
        text = inner[3:-4]
    else:
        found = _VALUE.search(inner)
        if found is None:
            return None
        text = found[1]
    if kind is None or kind == "n":
        if attrs.get("s") in book.date_styles:
            return _excel_date(float(text), book.epoch)
        if "." in text or "E" in text or "e" in text:
            return float(text)
        return int(text)
    if kind == "s":
        return strings[int(text)] or None
    if kind == "b":
        return text.strip() == "1"
    if kind == "d":
        return datetime.fromisoformat(text)
    return _unescape(text) or None  # 'str' (a formula's text) and 'e' (an error such as #N/A)


@functools.lru_cache(maxsize=65536)
def _excel_date(text: str, epoch: datetime) -> date | datetime | float:
    serial = float(text)
    if serial < 0:
        return serial
    # Excel counts a 29 February 1900 that never existed; serials before it are a day early.
    if epoch.year == 1899 and serial < 60:
        serial += 1
    moment = epoch + timedelta(days=serial)
    return moment.date() if serial.is_integer() else moment


# --- .xls, .xlsb, .ods through python-calamine --------------------------------------------


def _open_with_calamine(path: Path) -> list[SheetRows]:
    from python_calamine import CalamineError, CalamineWorkbook, SheetVisibleEnum

    with path.open("rb") as f:
        head = f.read(8)
    if head.startswith(_ZIP_MAGIC):
        _open_zip(path).close()
    elif head == _OLE_MAGIC and _holds_encrypted_package(path):
        raise ImportRefused(path, "password-protected workbook: save it without a password")
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except (CalamineError, ValueError, OSError) as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        if "password" in reason.lower() or "encrypt" in reason.lower():
            raise ImportRefused(
                path, "password-protected workbook: save it without a password"
            ) from None
        raise ImportRefused(path, f"not a readable {path.suffix} workbook ({reason})") from None
    return [
        SheetRows(
            meta.name, meta.visible != SheetVisibleEnum.Visible, calamine_rows(workbook, meta.name)
        )
        for meta in workbook.sheets_metadata
    ]


def calamine_rows(workbook: Any, name: str) -> Iterator[Row]:
    """The non-blank rows of a sheet of an open python-calamine workbook as (row number,
    cells), empty cells as None and trailing empty cells dropped. calamine loads the whole
    sheet when it is first iterated."""
    sheet = workbook.get_sheet_by_name(name)
    first_row, first_column = sheet.start or (0, 0)
    padding: list[object] = [None] * first_column
    for number, cells in enumerate(sheet.iter_rows(), first_row + 1):
        # One pass per row: at a million rows, every extra generator costs seconds.
        values: list[object] = [None if v == "" else v for v in cells]
        if padding:
            values[:0] = padding
        if _trimmed(values):  # trailing Nones dropped: nothing left means a blank row
            yield number, values
