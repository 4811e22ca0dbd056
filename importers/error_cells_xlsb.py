"""Finding the error cells (#N/A, #REF!, …) of an .xlsb worksheet, which python-calamine 0.9
reads as empty cells (an error saved alone and a formula's error alike), as
importers.error_cells finds them in an .xlsx: so that a broken formula is refused instead of
imported as a blank. No library here reads an .xlsb's records, so the few this needs are
read here, as [MS-XLSB] lays them out: a record is its type and its size, each a 7-bit
varint, then its data."""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from pathlib import Path
from typing import IO

import xlrd

from importers.cells import SpreadsheetError
from importers.error_cells import ErrorCells, part_of_relationship
from importers.errors import damaged_sheet

_ROW_HEADER = 0  # BrtRowHdr: the row (from 0) of the cells after it
_CELL_ERROR = 3  # BrtCellError: column (4 bytes), style (4), the error's code (1)
_FORMULA_ERROR = 11  # BrtFmlaError: the same, then the formula
_SHEET = 156  # BrtBundleSh, in the workbook: state (4), tab (4), relationship id, name
# The fewest bytes a record read here holds, so that reading it never runs into the next.
_SHORTEST = {_ROW_HEADER: 4, _CELL_ERROR: 9, _FORMULA_ERROR: 9, _SHEET: 16}
# A candidate error cell: the record's type and size, a column under 16,384 (Excel's last),
# a style under 65,536 (Excel keeps fewer styles) with only its one flag, and one of the
# codes [MS-XLSB] gives an error. A sheet without one (nearly every sheet) is searched
# quickly and never walked record by record, which in Python takes far longer than
# calamine's load (measured at 200,000 rows: 2.8 s beside 0.5 s; the search 0.09 s, as two
# patterns each led by its type: one pattern led by either type took 0.7 s). A match may
# still be the bytes of a number or a text, so a match has the sheet walked, which is exact.
_CELL = (
    rb"[\x00-\xff][\x00-\x3f]\x00\x00[\x00-\xff]{2}\x00[\x00\x01]"
    rb"[\x00\x07\x0f\x17\x1d\x24\x2a\x2b]"
)
_CANDIDATES = (
    re.compile(rb"\x03\x09" + _CELL),
    re.compile(rb"\x0b(?:[\x0b-\x7f]|[\x80-\xff]{1,3}[\x00-\x7f])" + _CELL),
)
_CANDIDATE_LENGTH = 16
_CHUNK = 1024 * 1024
_ERROR_TEXT = {**xlrd.error_text_from_code, 0x2B: "#GETTING_DATA"}


class _Damaged(ValueError):
    """The records do not read as [MS-XLSB] lays them out."""


def xlsb_error_cells(path: Path, sheet: str) -> ErrorCells:
    """The error cells of the named worksheet of an .xlsb workbook that has passed
    importers.safety's checks; ImportRefused when its records cannot be read."""
    try:
        with zipfile.ZipFile(path) as archive:
            part = _sheet_part(path, archive, sheet)
            with archive.open(part) as records:
                if not _holds_a_candidate(records):
                    return {}
            with archive.open(part) as records:
                return _error_cells(records)
    except (
        zipfile.BadZipFile,
        KeyError,
        zlib.error,
        struct.error,
        UnicodeDecodeError,
        _Damaged,
        OSError,
        EOFError,
    ) as error:
        raise damaged_sheet(path, sheet, error) from None


def _sheet_part(path: Path, archive: zipfile.ZipFile, sheet: str) -> str:
    """The zip member holding the sheet's records: its relationship id in xl/workbook.bin
    (a few kB, read whole as calamine reads it), its target in the workbook's relationships."""
    data = archive.read("xl/workbook.bin")
    relationship = None
    for kind, start, end in _records(data):
        if kind != _SHEET:
            continue
        identifier, at = _wide_string(data, start + 8, end)
        name, _ = _wide_string(data, at, end)
        if name == sheet:
            relationship = identifier
            break
    return part_of_relationship(path, archive, "xl/_rels/workbook.bin.rels", relationship, sheet)


def _wide_string(data: bytes, at: int, end: int) -> tuple[str | None, int]:
    """The string at `at` (its length in characters, 4 bytes, then UTF-16LE; 0xFFFFFFFF for
    none) and where the data after it begins."""
    (length,) = struct.unpack_from("<I", data, at)
    if length == 0xFFFFFFFF:
        return None, at + 4
    after = at + 4 + 2 * length
    if after > end:
        raise _Damaged("a string longer than its record")
    return data[at + 4 : after].decode("utf-16-le"), after


def _holds_a_candidate(records: IO[bytes]) -> bool:
    tail = b""
    while chunk := records.read(_CHUNK):
        data = tail + chunk
        if any(candidate.search(data) for candidate in _CANDIDATES):
            return True
        tail = data[-_CANDIDATE_LENGTH:]  # a candidate cut in two by the chunks
    return False


def _error_cells(records: IO[bytes]) -> ErrorCells:
    found: ErrorCells = {}
    row = 0
    data = b""
    while chunk := records.read(_CHUNK):
        data += chunk
        done = 0
        for kind, start, end in _records(data, whole=False):
            if kind == _ROW_HEADER:
                (row,) = struct.unpack_from("<I", data, start)
            elif kind in (_CELL_ERROR, _FORMULA_ERROR):
                (column,) = struct.unpack_from("<I", data, start)
                code = data[start + 8]
                error = SpreadsheetError(_ERROR_TEXT.get(code, f"#ERROR({code:#04x})"))
                found.setdefault(row + 1, {})[column] = error
            done = end
        data = data[done:]  # a record cut by the chunk's end, read whole with the next
    if data:
        raise _Damaged("the last record is cut short")
    return found


def _records(data: bytes, whole: bool = True) -> list[tuple[int, int, int]]:
    """The records in data as (type, where its data starts, where it ends). ``whole``: the
    data ends with a record's end; else a record cut short at its end is left out."""
    found = []
    at = 0
    while at < len(data):
        read = _varint(data, at, 2)
        if read is not None:
            kind, start = read
            read = _varint(data, start, 4)
        if read is None:
            if whole:
                raise _Damaged("a record's header is cut short")
            break
        size, start = read
        if start + size > len(data):
            if whole:
                raise _Damaged("a record longer than its part")
            break
        if size < _SHORTEST.get(kind, 0):
            raise _Damaged(f"a record of type {kind} too short ({size} bytes)")
        found.append((kind, start, start + size))
        at = start + size
    return found


def _varint(data: bytes, at: int, most: int) -> tuple[int, int] | None:
    """The number written at `at` in at most `most` bytes, 7 bits each, lowest first, each
    but the last with its high bit set; and where the data after it begins. None when the
    data ends first."""
    value = 0
    for index in range(most):
        if at + index >= len(data):
            return None
        byte = data[at + index]
        value |= (byte & 0x7F) << (7 * index)
        if not byte & 0x80:
            return value, at + index + 1
    raise _Damaged("a record's type or size runs past its bytes")
