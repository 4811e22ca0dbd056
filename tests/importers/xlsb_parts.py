"""Minimal .xlsb files built record by record ([MS-XLSB]): no program here writes an .xlsb
(LibreOffice reads the format but has no filter to save it), and a few records are enough
for calamine to read a sheet."""

# ruff: noqa: E501  (XML fixtures read better on one line each)

from __future__ import annotations

import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path

RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
# The codes [MS-XLSB] gives the errors.
CODES = {"#NULL!": 0x00, "#DIV/0!": 0x07, "#VALUE!": 0x0F, "#REF!": 0x17, "#NAME?": 0x1D,
         "#NUM!": 0x24, "#N/A": 0x2A}  # fmt: skip


@dataclass(frozen=True)
class Error:
    """An error cell: saved alone (BrtCellError), or as a formula's value (BrtFmlaError)."""

    text: str
    formula: bool = False


def record(kind: int, data: bytes = b"") -> bytes:
    return _varint(kind) + _varint(len(data)) + data


def _varint(number: int) -> bytes:
    out = b""
    while number > 0x7F:
        out += bytes([number & 0x7F | 0x80])
        number >>= 7
    return out + bytes([number])


def _wide(text: str) -> bytes:
    return struct.pack("<I", len(text)) + text.encode("utf-16-le")


def _cell(column: int, value: object) -> bytes:
    where = struct.pack("<II", column, 0)  # column, style 0
    if isinstance(value, Error):
        code = bytes([CODES[value.text]])
        if value.formula:  # the error, flags, then a formula of no tokens and no extra
            return record(11, where + code + struct.pack("<HII", 0, 0, 0))
        return record(3, where + code)
    if isinstance(value, str):
        return record(6, where + _wide(value))
    assert isinstance(value, int | float)
    return record(5, where + struct.pack("<d", value))


def sheet_records(rows: dict[int, list[object]]) -> bytes:
    """A worksheet's records, its rows by number from 1; None leaves a cell out."""
    cells = b"".join(
        record(0, struct.pack("<IIHBBI", number - 1, 0, 300, 0, 0, 0))
        + b"".join(_cell(c, v) for c, v in enumerate(values) if v is not None)
        for number, values in sorted(rows.items())
    )
    width = max((len(values) for values in rows.values()), default=1)
    dimension = struct.pack("<IIII", 0, max(rows, default=1) - 1, 0, width - 1)
    # BrtBeginSheet, BrtWsDim, BrtBeginSheetData … BrtEndSheetData, BrtEndSheet
    return record(129) + record(148, dimension) + record(145) + cells + record(146) + record(130)


def write_xlsb(
    path: Path, sheets: dict[str, dict[int, list[object]]], parts: dict[str, bytes] | None = None
) -> Path:
    """A workbook of the named sheets, in order; `parts` adds or replaces zip members."""
    bundles = b"".join(
        record(156, struct.pack("<II", 0, n) + _wide(f"rId{n}") + _wide(name))
        for n, name in enumerate(sheets, 1)
    )
    # BrtBeginBook, BrtBeginBundleShs … BrtEndBundleShs, BrtEndBook
    workbook = record(131) + record(143) + bundles + record(144) + record(132)
    relations = "".join(
        f'<Relationship Id="rId{n}" Type="{RELS}/worksheet" Target="worksheets/sheet{n}.bin"/>'
        for n in range(1, len(sheets) + 1)
    )
    members: dict[str, str | bytes] = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.bin"/></Relationships>',
        "xl/workbook.bin": workbook,
        "xl/_rels/workbook.bin.rels": f'<Relationships xmlns="{PKG}">{relations}</Relationships>',
    }  # fmt: skip
    for n, rows in enumerate(sheets.values(), 1):
        members[f"xl/worksheets/sheet{n}.bin"] = sheet_records(rows)
    members.update(parts or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path
