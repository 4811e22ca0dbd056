"""The ceremony roll as CSV for the ministry: one header row, one line per entry, CRLF endings
as Excel expects, UTF-8 with BOM or, on request, cp932 (Windows Shift_JIS). Death dates stay
ISO (1946-02-13, partial 1946-02): the file is data the ministry imports, where the printed
rolls spell them in wareki."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Sequence
from typing import BinaryIO, Literal, get_args

from exports.errors import ExportRefused
from exports.rows import COLUMNS, CeremonyInfo, RollRow, name_shown, roll_cells
from exports.safety import neutralise
from records.files import atomic_write

CsvEncoding = Literal["utf-8-sig", "cp932"]
ENCODINGS: tuple[CsvEncoding, ...] = get_args(CsvEncoding)  # the default first


def write_roll_csv(
    path: str | os.PathLike[str],
    ceremony: CeremonyInfo,
    rows: Sequence[RollRow],
    encoding: CsvEncoding = "utf-8-sig",
) -> None:
    """Write the roll in the order given; refuse cp932 if any entry cannot be spelled in it.

    The file holds the table only (no title rows), so the ministry can import it by header;
    `ceremony` is taken for the same call shape as the other writers.
    """
    del ceremony
    lines = [_line(COLUMNS)] + [
        _line(_text_cells(number, row)) for number, row in enumerate(rows, start=1)
    ]
    if encoding == "cp932":
        _refuse_unencodable(lines, rows)
    data = "".join(lines).encode(encoding)

    def write(out: BinaryIO) -> None:
        out.write(data)

    atomic_write(path, write)


def _text_cells(number: int, row: RollRow) -> tuple[str, ...]:
    return tuple(
        "" if value is None else str(value) if isinstance(value, int) else neutralise(value)
        for value in roll_cells(number, row)
    )


def _line(cells: Sequence[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue()


def _refuse_unencodable(lines: list[str], rows: Sequence[RollRow]) -> None:
    # Every line is checked before a byte is written: a name replaced by "?" would put a
    # wrong name on the ministry's list without anyone noticing.
    failures: list[int] = []
    first_char = ""
    for index, line in enumerate(lines[1:]):
        try:
            line.encode("cp932")
        except UnicodeEncodeError as error:
            if not failures:
                first_char = error.object[error.start]
            failures.append(index)
    if not failures:
        return
    first = failures[0]
    found = {
        "row": first + 1,
        "name": name_shown(rows[first]) or rows[first].reading,
        "char": first_char,
        "code": ord(first_char),
        "more": len(failures) - 1,
    }
    if len(failures) > 2:
        raise ExportRefused(
            "row {row} ({name}) contains {char} (U+{code:04X}), which cp932 cannot hold "
            "({more} more rows too); export as UTF-8 instead",
            **found,
        )
    if len(failures) == 2:
        raise ExportRefused(
            "row {row} ({name}) contains {char} (U+{code:04X}), which cp932 cannot hold "
            "({more} more row too); export as UTF-8 instead",
            **found,
        )
    raise ExportRefused(
        "row {row} ({name}) contains {char} (U+{code:04X}), which cp932 cannot hold; "
        "export as UTF-8 instead",
        **found,
    )
