"""The ceremony roll as a PDF to print for the ceremony: A4, the bundled IPAex Mincho embedded
as a subset so that nothing needs to be installed, the ceremony on every page, "n / N" below."""

from __future__ import annotations

import os
from collections.abc import Sequence
from importlib import resources
from typing import BinaryIO

from fpdf import FPDF
from fpdf.fonts import TTFFont

from exports.errors import ExportRefused
from exports.rows import CeremonyInfo, Progress, RollRow, ceremony_date_text, name_shown
from exports.safety import atomic_write
from records.dates import format_wareki
from records.messages import Message

FONT_FILE = "ipaexm.ttf"
_FONT = "IPAexMincho"

# (heading, width in mm); each layout fills A4's 210 mm less 10 mm margins. A roll of remains
# (an interment's) adds each lot's 整理番号 and 柱数, and a roll with remarks adds 備考, as the
# xlsx and csv carry them; a column no line fills is left out, for room for the others.
PDF_COLUMNS = (
    ("番号", 14.0),
    ("氏名", 36.0),
    ("フリガナ", 44.0),
    ("死亡年月日", 30.0),
    ("出身地", 20.0),
    ("埋葬地", 46.0),
)
PDF_COLUMNS_WITH_LOTS = (
    ("番号", 12.0),
    ("氏名", 28.0),
    ("フリガナ", 32.0),
    ("死亡年月日", 25.0),
    ("出身地", 16.0),
    ("埋葬地", 38.0),
    ("整理番号", 29.0),
    ("柱数", 10.0),
)
PDF_COLUMNS_WITH_REMARKS = (
    ("番号", 12.0),
    ("氏名", 31.0),
    ("フリガナ", 37.0),
    ("死亡年月日", 25.0),
    ("出身地", 16.0),
    ("埋葬地", 38.0),
    ("備考", 31.0),
)
PDF_COLUMNS_WITH_LOTS_AND_REMARKS = (
    ("番号", 11.0),
    ("氏名", 24.0),
    ("フリガナ", 27.0),
    ("死亡年月日", 22.0),
    ("出身地", 14.0),
    ("埋葬地", 31.0),
    ("整理番号", 27.0),
    ("柱数", 9.0),
    ("備考", 25.0),
)
_LAYOUTS = {
    (False, False): PDF_COLUMNS,
    (True, False): PDF_COLUMNS_WITH_LOTS,
    (False, True): PDF_COLUMNS_WITH_REMARKS,
    (True, True): PDF_COLUMNS_WITH_LOTS_AND_REMARKS,
}
_RIGHT_ALIGNED = frozenset({"番号", "柱数"})
_MARGIN = 10.0
_BODY_TOP = 25.0
_BOTTOM_MARGIN = 15.0
_ROW_HEIGHT = 5.6
_BODY_SIZE = 9.0
# A value too long for its column is printed smaller rather than cut; below this size it would
# be unreadable, so it is split over two lines of the row instead (the family name above the
# given name), and only what two lines cannot hold overflows, where a proof-reader sees it.
_SMALLEST_SIZE = 5.0
_TWO_LINE_SIZE = 7.0  # the largest size two lines of which fit in one row
_LINE_SPACING = 1.15
_PADDING = 1.0
_PROGRESS_EVERY = 1000


def write_roll_pdf(
    path: str | os.PathLike[str],
    ceremony: CeremonyInfo,
    rows: Sequence[RollRow],
    progress: Progress | None = None,
) -> None:
    """Write the roll in the order given; refuse if a character has no glyph in the font."""
    with_lots = any(row.lot_number for row in rows)
    with_remarks = any(row.remarks for row in rows)
    pdf = _RollPdf(ceremony, len(rows), _LAYOUTS[with_lots, with_remarks])
    table = [_printed_cells(n, row, with_lots, with_remarks) for n, row in enumerate(rows, start=1)]
    _refuse_missing_glyphs(pdf, table, rows)
    pdf.add_page()
    total = len(table)
    for done, cells in enumerate(table, start=1):
        pdf.table_row(cells)
        if progress is not None and done % _PROGRESS_EVERY == 0:
            progress(done, total)
    data = bytes(pdf.output())
    if progress is not None:
        progress(total, total)

    def write(out: BinaryIO) -> None:
        out.write(data)

    atomic_write(path, write)


def _printed_cells(
    number: int, row: RollRow, with_lots: bool, with_remarks: bool
) -> tuple[str, ...]:
    cells: tuple[str, ...] = (
        str(number),
        name_shown(row),
        row.reading,
        format_wareki(row.death_date) if row.death_date else row.death_date_text,
        row.prefecture,
        row.burial_site,
    )
    if with_lots:
        count = "" if row.remains_count is None else f"{row.remains_count}柱"
        cells = (*cells, row.lot_number, count)
    if with_remarks:
        # A row has room for two lines, split by the fitting where it must; a remark's own
        # line breaks and tabs (pasted from a spreadsheet) are spaces it may split at, as the
        # font has no glyph for them and the roll would be refused.
        cells = (*cells, " ".join(row.remarks.split()))
    return cells


def _refuse_missing_glyphs(
    pdf: _RollPdf, table: list[tuple[str, ...]], rows: Sequence[RollRow]
) -> None:
    # fpdf2 would print a blank box for a character the font lacks (𠮷 is not in IPAex);
    # a name printed wrong at a memorial is worse than no roll, so stop and say where.
    known = pdf.glyphs
    for label, text in (
        (Message("the ceremony name"), pdf.title_text),
        (Message("the place"), pdf.place),
    ):
        missing = [char for char in text if ord(char) not in known]
        if missing:
            raise ExportRefused(
                "{field} contains {char} (U+{code:04X}), which the bundled font cannot print",
                field=label,
                char=missing[0],
                code=ord(missing[0]),
            )
    for index, cells in enumerate(table):
        for text in cells:
            for char in text:
                if ord(char) not in known:
                    row = rows[index]
                    raise ExportRefused(
                        "row {row} ({name}) contains {char} (U+{code:04X}), which the "
                        "bundled font cannot print; export to xlsx or csv instead",
                        row=index + 1,
                        name=name_shown(row) or row.reading,
                        char=char,
                        code=ord(char),
                    )


class _RollPdf(FPDF):
    def __init__(
        self, ceremony: CeremonyInfo, row_count: int, columns: tuple[tuple[str, float], ...]
    ) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.columns = columns
        self._right = [heading in _RIGHT_ALIGNED for heading, _width in columns]
        self.title_text = ceremony.name
        self._date = ceremony_date_text(ceremony)
        self.place = ceremony.place
        with resources.as_file(resources.files("exports.fonts") / FONT_FILE) as font_path:
            self.add_font(_FONT, "", str(font_path))
        self.set_margins(_MARGIN, _BODY_TOP, _MARGIN)
        self.set_auto_page_break(False)
        self.set_title(ceremony.name)
        self.set_creator("irei")
        self.set_font(_FONT, size=_BODY_SIZE)
        font = self.current_font
        assert isinstance(font, TTFFont)
        self.glyphs: set[int] = set(font.cmap) | {ord(" ")}
        # Advance widths in 1/1000 em; summed here because get_string_width() costs more
        # than drawing the text, and a roll measures 300,000 strings.
        self._advance: dict[int, float] = font.cw
        self._rows_per_page = int((self.h - _BOTTOM_MARGIN - _BODY_TOP) // _ROW_HEIGHT)
        # Every row has the same height, so the page count is known before the first page
        # and the footer needs no {nb} alias to patch afterwards.
        self._page_count = max(1, -(-row_count // self._rows_per_page))
        self._rows_on_page = 0

    def header(self) -> None:
        self.set_font(_FONT, size=11)
        self.set_xy(_MARGIN, 8.0)
        self.cell(self.epw * 0.6, 6.0, self.title_text, align="L")
        self.cell(self.epw * 0.4, 6.0, self._date, align="R")
        if self.place:
            self.set_xy(_MARGIN, 13.0)
            self.set_font(_FONT, size=9)
            self.cell(self.epw, 5.0, self.place, align="R")
        self.set_xy(_MARGIN, _BODY_TOP - _ROW_HEIGHT - 0.4)
        self.set_font(_FONT, size=_BODY_SIZE)
        for heading, width in self.columns:
            self.cell(width, _ROW_HEIGHT + 0.4, heading, border="TB", align="C")
        self.set_xy(_MARGIN, _BODY_TOP)

    def footer(self) -> None:
        self.set_font(_FONT, size=9)
        self.set_xy(_MARGIN, self.h - 11.0)
        self.cell(self.epw, 5.0, f"{self.page_no()} / {self._page_count}", align="C")
        self.set_font(_FONT, size=_BODY_SIZE)

    def table_row(self, cells: tuple[str, ...]) -> None:
        if self._rows_on_page == self._rows_per_page:
            self.add_page()
            self._rows_on_page = 0
        # cell() would do the same at five times the cost; text() places each value exactly.
        x = _MARGIN
        for text, (_, width), right in zip(cells, self.columns, self._right, strict=True):
            if text:
                self._fitted_text(x, self.y, width, text, right=right)
            x += width
        self.y += _ROW_HEIGHT
        self._rows_on_page += 1

    def _fitted_text(self, x: float, top: float, width: float, text: str, right: bool) -> None:
        room = width - 2 * _PADDING
        natural = self._width(text, _BODY_SIZE)
        baseline = top + _ROW_HEIGHT / 2 + 0.3 * _BODY_SIZE / self.k
        if natural <= room:
            self.text(x + (width - _PADDING - natural if right else _PADDING), baseline, text)
            return
        size = _BODY_SIZE * room / natural
        if size >= _SMALLEST_SIZE:
            self.set_font_size(size)
            self.text(x + _PADDING, baseline, text)
            self.set_font_size(_BODY_SIZE)
            return
        # Overflowing text at one line's smallest size ran over the next column's value, and
        # a name printed over its reading can be read as neither.
        lines = self._two_lines(text)
        widest = max(self._width(line, _BODY_SIZE) for line in lines)
        size = max(min(_BODY_SIZE * room / widest, _TWO_LINE_SIZE), _SMALLEST_SIZE)
        self._text_lines(x + _PADDING, top, lines, size)

    def _text_lines(self, x: float, top: float, lines: tuple[str, str], size: float) -> None:
        height = size / self.k * _LINE_SPACING
        baseline = top + _ROW_HEIGHT / 2 - height + 0.8 * size / self.k
        self.set_font_size(size)
        for line in lines:
            self.text(x, baseline, line)
            baseline += height
        self.set_font_size(_BODY_SIZE)

    def _two_lines(self, text: str) -> tuple[str, str]:
        """``text`` split where its longer line is shortest, at a space if it has one, and
        never inside a number (第1 / 12埋葬地 reads as the wrong site)."""
        spaces = [i for i, char in enumerate(text) if char in " \u3000"]
        between_words = [i for i in range(1, len(text)) if not _joined(text[i - 1], text[i])]
        if spaces:
            splits = [(text[:i], text[i + 1 :]) for i in spaces]
        else:
            splits = [(text[:i], text[i:]) for i in between_words or range(1, len(text))]
        first, second = min(
            splits, key=lambda pair: max(self._width(pair[0], 1), self._width(pair[1], 1))
        )
        return first.strip(), second.strip()

    def _width(self, text: str, size: float) -> float:
        return sum(self._advance[ord(c)] for c in text) * size / 1000 / self.k


def _joined(before: str, after: str) -> bool:
    return before.isascii() and after.isascii() and before.isalnum() and after.isalnum()
