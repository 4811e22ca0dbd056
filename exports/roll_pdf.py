"""The ceremony roll as a PDF to print for the ceremony: A4, the bundled IPAex Mincho embedded
as a subset so that nothing needs to be installed (and a fallback font for the characters of
family registers it lacks), the ceremony on every page, "n / N" below."""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Sequence
from importlib import resources
from typing import BinaryIO

from fpdf import FPDF

from exports.errors import ExportRefused
from exports.pdf_fonts import RollFonts, refuse_missing_glyphs
from exports.rows import (
    CeremonyInfo,
    Progress,
    RollRow,
    ceremony_date_text,
    death_date_printed,
    name_shown,
    remains_total,
)
from records.files import atomic_write
from records.kinsoku import may_break

FONT_FILE = "ipaexm.ttf"
_FONT = "IPAexMincho"

# (heading, width in mm); each layout fills A4's 210 mm less 10 mm margins. A roll of remains
# (an interment's) adds each lot's 整理番号 and 柱数, and a roll with remarks adds 備考, as the
# xlsx and csv carry them; a column no line fills is left out, for room for the others
# (see `_columns`).
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
_TABLE_WIDTH = 210.0 - 2 * _MARGIN
_BODY_TOP = 25.0
_BOTTOM_MARGIN = 15.0
_ROW_HEIGHT = 5.6
_BODY_SIZE = 9.0
# A value too long for its column is printed smaller rather than cut; below this size it would
# be unreadable, so it is split over two lines of the row instead (the family name above the
# given name), and what two lines cannot hold is wrapped over as many lines of this size as it
# needs, the row growing to hold them: a name or a remark cut at the edge of its column, or of
# the page, is a name not read at the ceremony.
_SMALLEST_SIZE = 5.0
_TWO_LINE_SIZE = 7.0  # the largest size two lines of which fit in one row
_LINE_SPACING = 1.15
_PADDING = 1.0
_ROW_GAP = 0.6  # above and below the lines of a grown row, to keep them off its neighbours'
_PROGRESS_EVERY = 1000
_SPACES = " \u3000"  # where a value splits first: 髙橋　清 has a full-width one


def write_roll_pdf(
    path: str | os.PathLike[str],
    ceremony: CeremonyInfo,
    rows: Sequence[RollRow],
    progress: Progress | None = None,
) -> None:
    """Write the roll in the order given; refuse if a character has no glyph in any font."""
    columns = _columns(rows)
    headings = [heading for heading, _width in columns]
    pdf = _RollPdf(ceremony, columns)
    table = [_printed_cells(n, row, headings) for n, row in enumerate(rows, start=1)]
    refuse_missing_glyphs(pdf, pdf.roll_fonts, ceremony, table, rows)
    heights = [pdf.row_height(cells) for cells in table]
    _refuse_rows_taller_than_a_page(pdf, heights, rows)
    remains = remains_total(rows)
    pdf.paginate(heights if remains is None else [*heights, _ROW_HEIGHT])
    pdf.add_page()
    total = len(table)
    for done, (cells, height) in enumerate(zip(table, heights, strict=True), start=1):
        pdf.table_row(cells, height)
        if progress is not None and done % _PROGRESS_EVERY == 0:
            progress(done, total)
    if remains is not None:
        pdf.total_row(f"合計 {remains}柱")
    data = bytes(pdf.output())
    if progress is not None:
        progress(total, total)

    def write(out: BinaryIO) -> None:
        out.write(data)

    atomic_write(path, write)


def _columns(rows: Sequence[RollRow]) -> tuple[tuple[str, float], ...]:
    """The layout for what the lines hold, less the person columns no line fills, whose
    width goes to the other columns of text in proportion to theirs. A roll of lots alone
    has no person to name, so it prints 番号, 埋葬地, 整理番号 and 柱数, not a column of 氏名不詳
    beside three empty ones."""
    layout = _LAYOUTS[any(row.lot_number for row in rows), any(row.remarks for row in rows)]
    filled = {
        "氏名": any(row.name or row.reading for row in rows),
        "フリガナ": any(row.reading for row in rows),
        "死亡年月日": any(row.death_date or row.death_date_text for row in rows),
        "出身地": any(row.prefecture for row in rows),
    }
    kept = [(heading, width) for heading, width in layout if filled.get(heading, True)]
    freed = _TABLE_WIDTH - sum(width for _heading, width in kept)
    growing = sum(width for heading, width in kept if heading not in _RIGHT_ALIGNED)
    return tuple(
        (heading, width if heading in _RIGHT_ALIGNED else width + freed * width / growing)
        for heading, width in kept
    )


def _printed_cells(number: int, row: RollRow, headings: Sequence[str]) -> tuple[str, ...]:
    values = {
        "番号": str(number),
        "氏名": name_shown(row),
        "フリガナ": row.reading,
        "死亡年月日": death_date_printed(row),
        "出身地": row.prefecture,
        "埋葬地": row.burial_site,
        "整理番号": row.lot_number,
        "柱数": "" if row.remains_count is None else f"{row.remains_count}柱",
        # A remark is split over as many lines of its row as the fitting needs; its own
        # line breaks and tabs (pasted from a spreadsheet) are spaces it may split at, as the
        # font has no glyph for them and the roll would be refused.
        "備考": " ".join(row.remarks.split()),
    }
    return tuple(values[heading] for heading in headings)


def _refuse_rows_taller_than_a_page(
    pdf: _RollPdf, heights: list[float], rows: Sequence[RollRow]
) -> None:
    # A row is never split over two pages (its number would be on one and its name on the
    # other), so a value that fills more than a page at the smallest size cannot be printed.
    for index, height in enumerate(heights):
        if height > pdf.body_height:
            # Said in full here, not through a helper, so that the catalog finds the message.
            row = rows[index]
            raise ExportRefused(
                "row {row} ({name}) is too long to print on one page; export to xlsx or csv "
                "instead",
                row=index + 1,
                name=name_shown(row) or row.reading,
            )


class _RollPdf(FPDF):
    def __init__(self, ceremony: CeremonyInfo, columns: tuple[tuple[str, float], ...]) -> None:
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
        self.roll_fonts = RollFonts(self, _FONT)
        self._page_bottom = self.h - _BOTTOM_MARGIN
        self.body_height = self._page_bottom - _BODY_TOP
        self._page_count = 1

    def text(self, x: float, y: float, text: str = "") -> None:
        if self.roll_fonts.all_bundled(text):
            super().text(x, y, text)
            return
        size = self.font_size_pt
        for family, run in self.roll_fonts.runs(text):
            self.set_font(family, size=size)
            super().text(x, y, run)
            x += self.roll_fonts.width(run, size)
        self.set_font(_FONT, size=size)

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

    def row_height(self, cells: tuple[str, ...]) -> float:
        """A row's height: one row of the roll, or more where a value needs more than two
        lines at the smallest size."""
        most = max(
            (
                len(self._fitted(text, width)[0])
                for text, (_, width) in zip(cells, self.columns, strict=True)
                if not self.roll_fonts.surely_fits(text, _SMALLEST_SIZE, width - 2 * _PADDING)
            ),
            default=1,
        )
        if most <= 2:
            return _ROW_HEIGHT
        return most * _SMALLEST_SIZE / self.k * _LINE_SPACING + 2 * _ROW_GAP

    def paginate(self, heights: list[float]) -> None:
        # The rows are measured before the first page, so the footer knows the page count
        # and needs no {nb} alias to patch afterwards.
        pages, y = 1, _BODY_TOP
        for height in heights:
            if y + height > self._page_bottom:
                pages, y = pages + 1, _BODY_TOP
            y += height
        self._page_count = pages

    def table_row(self, cells: tuple[str, ...], height: float) -> None:
        if self.y + height > self._page_bottom:
            self.add_page()  # a row is never split between two pages
        # cell() would do the same at five times the cost; text() places each value exactly.
        x = _MARGIN
        for text, (_, width), right in zip(cells, self.columns, self._right, strict=True):
            if text:
                self._fitted_text(x, self.y, width, height, text, right=right)
            x += width
        self.y += height

    def total_row(self, text: str) -> None:
        """The count of remains below the last row, under a rule, ending where 柱数 ends."""
        if self.y + _ROW_HEIGHT > self._page_bottom:
            self.add_page()
        headings = [heading for heading, _width in self.columns]
        right = _MARGIN + sum(
            width for _heading, width in self.columns[: headings.index("柱数") + 1]
        )
        self.line(_MARGIN, self.y, _MARGIN + _TABLE_WIDTH, self.y)
        baseline = self.y + _ROW_HEIGHT / 2 + 0.3 * _BODY_SIZE / self.k
        self.text(right - _PADDING - self.roll_fonts.width(text, _BODY_SIZE), baseline, text)
        self.y += _ROW_HEIGHT

    def _fitted_text(
        self, x: float, top: float, width: float, height: float, text: str, right: bool
    ) -> None:
        lines, size = self._fitted(text, width)
        if len(lines) > 1:
            self._text_lines(x + _PADDING, top + height / 2, lines, size)
            return
        baseline = top + height / 2 + 0.3 * _BODY_SIZE / self.k
        if size == _BODY_SIZE:
            # Only 番号 and 柱数, short values, are measured again to be set right.
            natural = self.roll_fonts.width(text, _BODY_SIZE) if right else 0.0
            self.text(x + (width - _PADDING - natural if right else _PADDING), baseline, text)
            return
        self.set_font_size(size)
        self.text(x + _PADDING, baseline, text)
        self.set_font_size(_BODY_SIZE)

    def _fitted(self, text: str, width: float) -> tuple[tuple[str, ...], float]:
        """The lines ``text`` is printed in within ``width`` and their size: one line, smaller
        if it must; else two; else as many as it needs at the smallest size."""
        room = width - 2 * _PADDING
        natural = self.roll_fonts.width(text, _BODY_SIZE)
        if natural <= room:
            return (text,), _BODY_SIZE
        size = _BODY_SIZE * room / natural
        if size >= _SMALLEST_SIZE:
            return (text,), size
        if not text.strip(_SPACES):
            return ("",), _BODY_SIZE  # blanks alone, however many, print as nothing
        # Overflowing text at one line's smallest size ran over the next column's value, and
        # a name printed over its reading can be read as neither.
        lines = self._two_lines(text)
        widest = max(self.roll_fonts.width(line, _BODY_SIZE) for line in lines)
        size = min(_BODY_SIZE * room / widest, _TWO_LINE_SIZE)
        if size >= _SMALLEST_SIZE:
            return lines, size
        return self._wrapped(text, room), _SMALLEST_SIZE

    def _wrapped(self, text: str, room: float) -> tuple[str, ...]:
        """``text`` in lines as full as ``room`` allows at the smallest size, broken as
        ``_two_lines`` breaks it, at a space if the line has one, else between words, and inside
        a word only where the word alone is wider than the column; never where kinsoku forbids
        (a line starting with 、 or ）), unless the line has no other place to break."""
        width = self.roll_fonts.width
        lines: list[str] = []
        start = 0
        while start < len(text):
            if text[start] in _SPACES:
                start += 1
                continue
            end = start + 1  # a line holds at least one character, however narrow the column
            while end < len(text) and width(text[start : end + 1], _SMALLEST_SIZE) <= room:
                end += 1
            if end < len(text):
                breaks = [
                    i
                    for i in range(start + 1, end + 1)
                    if _breakable(text, i) and may_break(text, i)
                ]
                spaces = [i for i in breaks if text[i] in _SPACES]
                end = (spaces or breaks or [end])[-1]
            lines.append(text[start:end].rstrip(_SPACES))
            start = end
        return tuple(lines)

    def _text_lines(self, x: float, middle: float, lines: tuple[str, ...], size: float) -> None:
        height = size / self.k * _LINE_SPACING
        baseline = middle - len(lines) * height / 2 + 0.8 * size / self.k
        self.set_font_size(size)
        for line in lines:
            self.text(x, baseline, line)
            baseline += height
        self.set_font_size(_BODY_SIZE)

    def _two_lines(self, text: str) -> tuple[str, str]:
        """``text`` split where its longer line is shortest, at a space if it has one, and
        never inside a number (第1 / 12埋葬地 reads as the wrong site) nor where kinsoku
        forbids (a second line starting with ）)."""
        spaces = [i for i, char in enumerate(text) if char in _SPACES]
        between_words = [
            i
            for i in range(1, len(text))
            if not _joined(text[i - 1], text[i]) and may_break(text, i)
        ]
        if spaces:
            splits = [(text[:i], text[i + 1 :]) for i in spaces]
        else:
            splits = [(text[:i], text[i:]) for i in between_words or range(1, len(text))]
        width = self.roll_fonts.width
        first, second = min(splits, key=lambda pair: max(width(pair[0], 1), width(pair[1], 1)))
        return first.strip(), second.strip()


def _breakable(text: str, at: int) -> bool:
    return text[at] in _SPACES or text[at - 1] in _SPACES or not _joined(text[at - 1], text[at])


def _joined(before: str, after: str) -> bool:
    return _in_word(before) and _in_word(after)


def _in_word(char: str) -> bool:
    # Latin and Cyrillic letters and digits run on into words (Константинович, 112), which a
    # line break would make unreadable; each kanji and kana is a word of its own.
    return char.isalnum() and unicodedata.east_asian_width(char) not in "WFH"
