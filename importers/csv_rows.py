"""CSV files as rows. Only the two encodings the ministry's programs write are accepted, UTF-8
(with or without BOM) and cp932 (Windows Shift_JIS); any other is refused, never guessed."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from importers.errors import ImportRefused
from records.messages import Message

if TYPE_CHECKING:
    from importers.readers import Row

_CHUNK = 1024 * 1024
# Python's cp932 codec maps these lone bytes to control or private-use characters, but no
# Windows program writes them as text: seeing one means the file is not Shift_JIS.
_NOT_CP932 = re.compile("[\x80\uf8f0-\uf8f3]")
# The line breaks the csv reader splits a file's lines at (newline="").
_LINE_BREAK = re.compile("\r\n|\r|\n")


def csv_rows(path: Path, separator: str = ",") -> Iterator[Row]:
    """The file's non-blank records as (record number, cells), empty fields as None and
    trailing empty fields dropped; ``separator``: the character its fields are split at. The
    encoding is checked over the whole file now, so a bad byte near the end refuses the file
    (ImportRefused) instead of half-importing it. A quote left open refuses it when its record
    is reached, rather than folding the rows below into one cell."""
    return _records(path, _encoding(path), separator)


def _encoding(path: Path) -> str:
    with path.open("rb") as f:
        start = f.read(3)
    if start[:2] in (b"\xff\xfe", b"\xfe\xff"):  # Excel's "Unicode text", which its BOM names
        raise ImportRefused(
            path, Message("this file is UTF-16 (Unicode text): save it again as CSV UTF-8")
        )
    bom = start == b"\xef\xbb\xbf"
    utf8 = _first_bad_byte(path, "utf-8")
    if utf8 is None:
        return "utf-8-sig" if bom else "utf-8"
    cp932 = _first_bad_byte(path, "cp932")
    if cp932 is None:
        return "cp932"
    raise ImportRefused(
        path,
        Message(
            "neither UTF-8 ({utf8}) nor Shift_JIS/cp932 ({cp932}) fits this file: "
            "save it again as CSV UTF-8",
            utf8=utf8,
            cp932=cp932,
        ),
    )


def _first_bad_byte(path: Path, encoding: str) -> Message | None:
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
                return Message(
                    "byte {byte} at offset {offset}, line {line}",
                    byte=f"0x{chunk[bad]:02X}",
                    offset=offset + bad,
                    line=where,
                )
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


def _records(path: Path, encoding: str, separator: str) -> Iterator[Row]:
    with path.open(encoding=encoding, newline="") as f:
        lines = _Lines(f)
        reader = csv.reader(lines, delimiter=separator)
        widest = 0  # the most fields of a record so far: the header's, or a wider row's
        extra = 0  # the lines taken so far by line breaks in quoted fields
        try:
            # Counting records, not lines, gives the row number a spreadsheet program shows.
            for number, record in enumerate(reader, start=1):
                # Plain comparisons, no call, for the million records of one line each.
                if reader.line_num > number + extra or lines.ended:
                    line = number + extra  # the line the record begins on
                    _refuse_a_quote_left_open(
                        path, record, line, separator, widest - 1, lines.ended
                    )
                    extra = reader.line_num - number
                    # A line break in a quoted field as Excel writes one in a cell (Alt+Enter):
                    # the same remark by CSV and by workbook must compare equal.
                    record = [v.replace("\r\n", "\n").replace("\r", "\n") for v in record]
                if len(record) > widest:
                    widest = len(record)
                values: list[object] = [v if v else None for v in record]
                while values and values[-1] is None:
                    values.pop()
                if values:
                    yield number, values
        except csv.Error as error:
            reason = Message(
                "damaged CSV near line {line}: {error}", line=reader.line_num, error=str(error)
            )
            raise ImportRefused(path, reason) from None


class _Lines:
    """The file's lines for the csv reader, noting when they run out: the reader asks for a
    line past the end only while a quoted field is still open, and then returns the record
    with the rest of the file in that field."""

    def __init__(self, file: TextIO) -> None:
        self.file = file
        self.ended = False

    def __iter__(self) -> Iterator[str]:
        yield from self.file
        self.ended = True


def _refuse_a_quote_left_open(
    path: Path, record: list[str], line: int, separator: str, delimiters: int, at_end: bool
) -> None:
    """Refuses the record beginning on `line` when a quote in it was left open: cut off by
    the end of the file, or running on over lines holding as many delimiters as the widest
    record before it (the header, or wider), which read as rows of their own. A quoted
    remark over a few lines of text is legitimate CSV and passes."""
    if at_end:
        reason = Message(
            "damaged CSV: the row on line {line} opens a quote in column {column} and never "
            "closes it",
            line=line,
            column=len(record),
        )
        raise ImportRefused(path, reason)
    if delimiters < 1:
        return  # no record before it to tell a row by
    taken = line  # the line of the file each line of the record's text was on
    for column, value in enumerate(record, start=1):
        for text in _LINE_BREAK.split(value)[1:]:
            taken += 1
            if text.count(separator) >= delimiters:
                reason = Message(
                    "damaged CSV: the row on line {line} opens a quote in column {column} "
                    "that takes in line {taken}, which reads as a row of its own",
                    line=line,
                    column=column,
                    taken=taken,
                )
                raise ImportRefused(path, reason)
