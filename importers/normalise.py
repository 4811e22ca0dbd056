"""Reading a data row into a record's fields, column by column, as the profile says. Each
column type maps to a pure converter over one cell; a cell that cannot be read becomes a
CellError naming the column, the value and the reason, never a guess."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from operator import getitem, itemgetter
from typing import Any, NamedTuple

from openpyxl.utils import get_column_letter

from importers.cells import (
    DateShownShort,
    SpreadsheetError,
    clean_text,
    expand_specimens,
    parse_count,
    parse_int,
    parse_number,
    whole_number,
)
from importers.errors import CellUnreadable
from importers.headers import Layout
from importers.profiles import Column, header_key
from records.dates import DateUnreadable, PartialDate, parse_date, parse_fiscal_year, parse_year
from records.folding import says_unknown, squeeze
from records.messages import Message
from records.prefectures import (
    NO_HOME,
    PREFECTURES,
    Home,
    named_with_code,
    not_a_home,
    read_home,
)
from records.readings import kana_reading, not_a_reading
from records.scripts import Script, detect_script
from records.search_keys import search_key
from records.sites import SiteRef, parse_site_code, parse_site_name, read_lot_number

Converter = Callable[[object], Any]
# Repeated values (dates, sites, prefectures, family names) dominate a register; caching
# their readings keeps a million-row import within its time budget.
_CACHE = 1 << 16


class Record(NamedTuple):
    """One readable data row: where it is, its fields, and its cells as they were. (A named
    tuple: built once per row, it costs a third of a frozen dataclass.)"""

    row: int
    fields: dict[str, Any]
    cells: tuple[object, ...]


# Where a row was first read: the file's name, the sheet and the row (importers.reading).
Origin = tuple[str, str, int]

# A row read without fault: its number, its fields in the order of the reader's ``names``,
# and its cells as they were. A plain tuple: only some targets need the fields by name.
ReadRow = tuple[int, tuple[Any, ...], list[object]]


@dataclass(frozen=True)
class CellError:
    column: str
    value: object
    reason: str


@dataclass(frozen=True)
class Place:
    text: str
    country: str
    region: str


@dataclass(frozen=True)
class Year:
    text: str
    value: int | None


class Memo(dict[Any, Any]):
    """What ``convert`` gives for each value, in a plain dict: a hit costs a third of a typed
    lru_cache's (measured: 30 ns against 155 ns, at eight cells a row). Only for values that
    equal no value of another type, as text and None (a typed cache keeps 1, 1.0 and True
    apart). Emptied when full."""

    __slots__ = ("convert",)

    def __init__(self, convert: Converter) -> None:
        super().__init__()
        self.convert = convert

    def __missing__(self, raw: object) -> Any:
        if len(self) >= _CACHE:
            self.clear()
        value = self[raw] = self.convert(raw)
        return value


class _Cached:
    """A converter whose readings are cached by cell value."""

    __slots__ = ("cached", "plain", "texts")

    def __init__(self, convert: Converter) -> None:
        # typed: 1, 1.0 and True are equal keys, but not the same cell.
        self.cached: Converter = lru_cache(maxsize=_CACHE, typed=True)(convert)
        self.plain = convert
        self.texts = Memo(convert)

    def __call__(self, raw: object) -> Any:
        if raw is None or raw.__class__ is str:
            return self.texts[raw]
        try:
            return self.cached(raw)
        except TypeError:  # an unhashable cell value (never from our readers)
            return self.plain(raw)


def _cacheable(convert: Converter) -> Converter:
    return _Cached(convert)


# A cell that is wholly a ditto mark (〃, 同上: "as the row above") names no value of its own,
# and a value copied down unseen could be wrong: refused in every column, whatever its type.
_DITTO = frozenset({"〃", "〃〃", "″", "同上", "同 上", "同\u3000上", "同", "仝", "仝上"})


def _ditto_refused(text: str) -> Message:
    return Message("{text} (ditto) repeats the row above: write the value itself", text=text)


# What a register writes in a name cell for a name it does not know (不明, なし, a dash): no
# name, read as a blank cell. Only a cell that holds nothing else: 不明 within a name is kept.
_NO_NAME = frozenset({"なし", "無し"})
_DASH_MARKS = "-‐‑‒–—―−－ーｰ─━"


def _dash_alone(raw: object) -> bool:
    """Whether a cell holds a dash and nothing else (―, －, ー typed for "none" or "not
    known", as a form asks a blank to be marked): as a blank cell to a date, a year, a
    prefecture, a burial site or a choice, each of which would refuse the row for it. A text
    column keeps it as written (備考 ―), and a 番号 or a 柱数 is still refused without a value."""
    if raw.__class__ is not str:
        return False
    text = str(raw).strip()
    return bool(text) and not text.strip(_DASH_MARKS)


# A line break typed into a name cell (Alt+Enter) lays the name out on two lines: it parts
# family and given name as the separator of the name's script does.
_LINE_BREAK = re.compile(r"\s*[\n\r\v\f\x85\u2028\u2029]\s*")


def _text(raw: object) -> str:
    text = clean_text(raw)
    if text in _DITTO:
        raise CellUnreadable(_ditto_refused(text))
    return text


def _name(raw: object) -> str:
    text = _text(raw)
    if text in _NO_NAME or _dash_alone(text) or says_unknown(text):
        return ""
    if _LINE_BREAK.search(text) is None:
        return text
    separator = "\u3000" if detect_script(text) is Script.KANJI else " "
    return _LINE_BREAK.sub(separator, text)


def _row_number(raw: object) -> int | None:
    # calamine gives every number as a float: the usual 番号 read at once, a million times.
    if raw.__class__ is float and raw.is_integer() and raw >= 1:
        return int(raw)
    return parse_number(raw)


def _code(raw: object) -> str:
    return header_key(_text(raw)).upper()


def _lot_number(raw: object) -> str:
    text = clean_text(raw)
    if not text:
        return ""
    try:
        return read_lot_number(text)
    except ValueError as error:
        raise CellUnreadable(error.args[0]) from None


# An Excel date that lost its date format on its way out of the workbook, as every date of
# a column formatted 標準 does when the sheet is saved as CSV, or as a text cell of a workbook
# holds it once the column was turned to text (文字列): 16846 is the serial number
# Excel keeps for 1946-02-13. Refused, never turned back into a date: a Mac workbook counts
# from 1904, four years later, and nothing in the text says which. Five digits, as every
# such date from 1927-05-18 on has; 16846.5 carries a time of day.
_EXCEL_SERIAL = re.compile(r"\d{5}(?:\.\d+)?")
_EXCEL_DAY_NAUGHT = date(1899, 12, 30)


def _excel_serial(raw: object) -> str | None:
    """A text cell's number when it looks like such a serial, of a day up to today; None for
    any other cell. Asked only of a cell already refused, so a file's good cells pay nothing."""
    if not isinstance(raw, str):
        return None
    text = squeeze(raw)
    today = (date.today() - _EXCEL_DAY_NAUGHT).days
    if not _EXCEL_SERIAL.fullmatch(text) or float(text) > today:
        return None
    return text


def _year(raw: object) -> Year:
    if _dash_alone(raw):
        raw = None
    if isinstance(raw, DateShownShort):
        return Year(str(raw), raw.day.year)  # a date cell gives its year, as parse_year does
    try:
        return Year(clean_text(raw), parse_year(_written_plainly(raw)))
    except DateUnreadable:
        if (serial := _excel_serial(raw)) is not None:
            # A column of dates of birth, read as years: its dates lost their format too.
            reason = Message(
                "{number} looks like an Excel date serial number, not a year: the date lost its "
                "date format before the file was saved, and the cell holds its number as text. "
                "Write the year as 1921, or format the column as dates in the workbook the "
                "dates came from and save the file again",
                number=serial,
            )
        elif isinstance(raw, int | float) and not isinstance(raw, bool):
            # A number cell: parse_year's reason speaks of a date, for a date column.
            reason = Message(
                "{number} is not a year: a whole year from 1868 to this year is expected (e.g. "
                "1921 or 大正10年)",
                number=clean_text(raw),
            )
        else:
            raise
        raise CellUnreadable(reason) from None


def _date(raw: object) -> PartialDate:
    if _dash_alone(raw):
        raw = None
    if isinstance(raw, DateShownShort):
        # As the text 昭和23年7月 reads: to the month, no day.
        raw = str(raw)
    try:
        return parse_date(raw)
    except DateUnreadable:
        serial = _excel_serial(raw)
        if serial is None:
            raise
        reason = Message(
            "{number} looks like an Excel date serial number, not a date: the date lost its "
            "date format before the file was saved, and the cell holds its number as text. "
            "Write the date as 1946/2/13, or format the column as dates in the workbook the "
            "dates came from and save the file again",
            number=serial,
        )
        raise CellUnreadable(reason) from None


def _fiscal(raw: object) -> Year:
    if _dash_alone(raw):
        raw = None
    if isinstance(raw, float) and not raw.is_integer():
        reason = Message(
            "{number} is not a fiscal year: a whole year is expected (e.g. 2004年度 or 令和元年度)",
            number=raw,
        )
        raise CellUnreadable(reason)
    return Year(clean_text(raw), parse_fiscal_year(_written_plainly(raw)))


def _written_plainly(raw: object) -> object:
    """A year a program wrote out as a number into a CSV file (1921.0, 1,921) as the year
    written plainly (1921); any other cell as it is. The text kept is the cell's."""
    if isinstance(raw, str) and (number := whole_number(header_key(raw))) is not None:
        return str(number)
    return raw


def _prefecture(raw: object) -> Home:
    text = clean_text(raw)
    if not text or _dash_alone(text):
        return NO_HOME
    # Some ministry systems export the prefecture's JIS X 0401 code (07, or 7 in a number
    # cell) where the register writes its name.
    number = whole_number(squeeze(text))
    if number is not None:
        if not 1 <= number <= len(PREFECTURES):
            reason = Message(
                "{text!r} is not a prefecture code: the code must be 01 to 47 (JIS X 0401)",
                text=text,
            )
            raise CellUnreadable(reason)
        return Home(f"{number:02d}", "")
    home = read_home(text)
    if home is None:
        raise CellUnreadable(not_a_home(text))
    return home


def _site(parse: Callable[[str], SiteRef]) -> Converter:
    def read(raw: object) -> SiteRef | None:
        text = clean_text(raw)
        if not text or _dash_alone(text):
            return None
        try:
            return parse(text)
        except ValueError as error:
            # 不明 (unknown) says what a blank cell does: no site is linked. Neither format
            # needs one, and a site has no text of its own to keep the word in.
            if says_unknown(text):
                return None
            raise CellUnreadable(error.args[0]) from None

    return read


def _place(raw: object) -> Place:
    """A place of death, as written, and the country and region it names; a dash alone is
    kept as written but names no country."""
    text = _text(raw)
    parts = [] if _dash_alone(text) else text.split(maxsplit=1)
    return Place(text, parts[0] if parts else "", parts[1] if len(parts) > 1 else "")


def _specimen(raw: object) -> str:
    numbers = expand_specimens(raw)
    if len(numbers) != 1:
        raise CellUnreadable(Message("one specimen number is expected (e.g. HB-012-20-0009)"))
    return numbers[0]


def _choice(column: Column) -> Converter:
    def read(raw: object) -> str:
        key = header_key(clean_text(raw))
        if not key or _dash_alone(key):
            return column.blank
        if key in column.choices:
            return column.choices[key]
        allowed = "、".join(column.choices)
        raise CellUnreadable(
            Message("{text!r} is not one of {allowed}", text=clean_text(raw), allowed=allowed)
        )

    return read


def _specimens(raw: object) -> tuple[str, ...]:
    return tuple(expand_specimens(raw))


_CONVERTERS: dict[str, Converter] = {
    "int": parse_int,
    "number": _row_number,
    "text": _cacheable(_text),
    "name": _cacheable(_name),
    "code": _code,
    "lot_number": _lot_number,
    "year": _cacheable(_year),
    "date": _cacheable(_date),
    "fiscal_year": _cacheable(_fiscal),
    "count": parse_count,
    "specimens": _specimens,
    "specimen": _specimen,
    "prefecture": _cacheable(_prefecture),
    "site_name": _cacheable(_site(parse_site_name)),
    "site_code": _cacheable(_site(parse_site_code)),
    "place": _cacheable(_place),
}


def converter(column: Column) -> Converter:
    if column.type == "choice":
        return _choice(column)
    if column.field == "reading":  # whatever type a profile gives it
        return _read_reading
    return _CONVERTERS[column.type]


def _reading(raw: object) -> str:
    """A reading cell: the name in kana, as the app takes a reading (records.services.persons).
    Kanji or Latin letters typed into it would become the reading the roll is ordered by, and
    the name of a person known by it alone: refused, naming the cell."""
    text = _name(raw)
    if text and not all(_in_kana(part) for part in text.split()):
        raise CellUnreadable(not_a_reading(text))
    return text


@lru_cache(maxsize=_CACHE)
def _in_kana(part: str) -> bool:
    """Per part, as name_keys: a million readings share some thousands of family names."""
    return kana_reading(part) is not None


_read_reading = _cacheable(_reading)


# The cells a row's quick reading takes: each class's values read alike when equal, so one
# dict per column can cache the readings by value. Not int or bool: 1, 1.0 and True are equal
# keys but not the same cell (calamine gives every number as a float); a row holding one is
# read the careful way.
_BY_VALUE = frozenset({str, type(None), float, date, datetime})


class Unmemoised(dict[Any, Any]):
    """A converter looked up as a Memo is, for a column whose values seldom repeat (番号):
    nothing kept."""

    __slots__ = ("convert",)

    def __init__(self, convert: Converter) -> None:
        super().__init__()
        self.convert = convert

    def __missing__(self, raw: object) -> Any:
        return self.convert(raw)


def _refusing_blank(convert: Converter) -> Converter:
    def read(raw: object) -> Any:
        if raw is None or clean_text(raw) == "":
            raise CellUnreadable(Message("must not be blank"))
        return convert(raw)

    return read


@dataclass(frozen=True)
class RowReader:
    """Reads the rows of one layout: each profile column from its position in the row."""

    # field, header, position, not_blank, converter, the same converter called directly (its
    # cache without the wrapper's extra call: at ten cells a row, a million rows, seconds),
    # and its cache of text and blank cells (None when the converter is not cached)
    columns: tuple[tuple[str, str, int, bool, Converter, Converter, Memo | None], ...]
    names: tuple[str, ...]  # the fields, in column order: the order ``values`` gives them
    # For ``values``: how wide a row must be, the cells of a row in column order, and each
    # column's readings by cell value.
    width: int
    pick: Callable[[Sequence[object]], tuple[object, ...]]
    memos: tuple[dict[Any, Any], ...]
    # Where the header row's titles end, and the positions before that with no title: a value
    # there (a CSV remark's unquoted comma, a note typed beside the table) belongs to no
    # column, and would be lost.
    headed: int
    untitled: tuple[int, ...]
    # The header row's titles as compared (header_key), and those of each row of a header of
    # two, to know it repeated below.
    titles: frozenset[tuple[str, ...]]

    @classmethod
    def for_layout(cls, layout: Layout) -> RowReader:
        columns = []
        memos: list[dict[Any, Any]] = []
        for c, position in layout.positions:
            convert = converter(c)
            fast, texts = (
                (convert.cached, convert.texts) if isinstance(convert, _Cached) else (convert, None)
            )
            columns.append((c.field, c.header, position, c.not_blank, convert, fast, texts))
            plain = convert.plain if isinstance(convert, _Cached) else convert
            checked = _refusing_blank(plain) if c.not_blank else plain
            memos.append(Memo(checked) if texts is not None else Unmemoised(checked))
        positions = [position for _c, position in layout.positions]
        header = layout.header_cells
        # A column read has its title, whatever header cells the layout kept.
        titled = [
            i in positions or (i < len(header) and not _blank(header[i]))
            for i in range(max(len(header), max(positions, default=-1) + 1))
        ]
        headed = max((i + 1 for i, title in enumerate(titled) if title), default=0)
        return cls(
            tuple(columns),
            tuple(c.field for c, _position in layout.positions),
            max(positions, default=-1) + 1,
            _picker(positions),
            tuple(memos),
            headed,
            tuple(i for i in range(headed) if not titled[i]),
            frozenset(_titles(row) for row in (header, *layout.header_rows)) - {()},
        )

    def repeats_header(self, cells: Sequence[object]) -> bool:
        """Whether a row is the header row again, as in a file pasted together from printed
        pages, each with its header: titles, not a record, and nothing lost when skipped.
        The import asks it only of a row that fails to read; the preview, of its few rows."""
        return _titles(cells) in self.titles

    def _untitled_values(self, cells: Sequence[object]) -> list[CellError]:
        """Values in columns the header row gives no title (H, I): refused, not dropped."""
        positions = (*self.untitled, *range(self.headed, len(cells)))
        found = [i for i in positions if i < len(cells) and not _nothing_to_lose(cells[i])]
        if not found:
            return []
        columns = ", ".join(get_column_letter(i + 1) for i in found)
        value = cells[found[0]] if len(found) == 1 else ", ".join(str(cells[i]) for i in found)
        reason = Message(
            "a value under no header would be lost: move it under a header "
            "(a remark under 備考) or delete it"
        )
        return [CellError(columns, value, reason)]

    def read(self, cells: Sequence[object]) -> tuple[dict[str, Any], list[CellError]]:
        fields: dict[str, Any] = {}
        errors: list[CellError] = []
        width = len(cells)
        for name, header, position, not_blank, convert, fast, texts in self.columns:
            raw = cells[position] if position < width else None
            try:
                if not_blank and (raw is None or clean_text(raw) == ""):
                    errors.append(CellError(header, raw, Message("must not be blank")))
                    continue
                if texts is not None and (raw is None or raw.__class__ is str):
                    fields[name] = texts[raw]
                    continue
                try:
                    fields[name] = fast(raw)
                except TypeError:  # an unhashable cell value: read it without the cache
                    fields[name] = convert(raw)
            except (CellUnreadable, DateUnreadable) as error:
                errors.append(_cell_error(header, raw, error.reason))
        if width > self.headed or self.untitled:
            errors.extend(self._untitled_values(cells))
        return fields, errors

    def values(self, cells: Sequence[object]) -> tuple[Any, ...] | None:
        """The row's fields in column order (``names``), as ``read`` gives them, when each
        cell is of a usual kind and reads without fault: looked up in C, a row costs a third
        of ``read``'s Python loop (a million rows: seconds). None for any other row, which
        ``read`` then reads, saying what is wrong with it."""
        if len(cells) > self.headed:  # a sheet wider than its header: counted in C
            tail = cells[self.headed :]
            if len(tail) > tail.count(None) + tail.count(""):
                return None  # read() says which
        if self.untitled and any(not _blank(cells[i]) for i in self.untitled if i < len(cells)):
            return None
        if len(cells) < self.width:
            cells = [*cells, *[None] * (self.width - len(cells))]
        picked = self.pick(cells)
        if not _BY_VALUE.issuperset(map(type, picked)):
            return None
        try:
            return tuple(map(getitem, self.memos, picked))
        except Exception:  # CellUnreadable and the like: read() tells them, or raises a bug
            return None


def _titles(cells: Sequence[object]) -> tuple[str, ...]:
    """A row's cells as header titles are compared, without the blank cells at its end."""
    keys = [header_key(c) for c in cells]
    while keys and not keys[-1]:
        keys.pop()
    return tuple(keys)


def _picker(positions: list[int]) -> Callable[[Sequence[object]], tuple[object, ...]]:
    """The cells at these positions, as a tuple (itemgetter gives one position's bare)."""
    if not positions:
        return lambda cells: ()
    if len(positions) == 1:
        (position,) = positions
        return lambda cells: (cells[position],)
    return itemgetter(*positions)


def _cell_error(header: str, raw: object, reason: str) -> CellError:
    # Every converter refuses a spreadsheet error, some (dates) with a reason of their own;
    # the registrar is told what the cell holds, the error as the spreadsheet shows it.
    if isinstance(raw, SpreadsheetError):
        return CellError(header, raw.text, raw.reason)
    # A typed column refuses a ditto mark as any text it cannot read: say what it is.
    if isinstance(raw, str) and (text := clean_text(raw)) in _DITTO:
        return CellError(header, raw, _ditto_refused(text))
    return CellError(header, raw, reason)


def shown(value: object) -> str:
    """A field as read, the way a registrar checks it in a preview: a date or a year as it
    was understood (ISO), a place, a burial site or a list of specimens by its text, a
    prefecture by its name, or as written when that was not its plain name, and the JIS code
    it was read as."""
    if value is None:
        return ""
    if isinstance(value, Home):
        if not value.text:
            return named_with_code(value.code)
        return f"{value.text} ({value.code})" if value.code else value.text
    if isinstance(value, PartialDate):
        return value.value or ""
    if isinstance(value, Year):
        return "" if value.value is None else str(value.value)
    if isinstance(value, Place):
        return value.text
    if isinstance(value, SiteRef):
        return f"{value.name} ({value.code})"
    if isinstance(value, tuple):
        return ", ".join(map(str, value))
    return str(value)


# The word a totals row starts with, once its brackets are taken away: 合計, 総数, 計, and
# the count of persons 合計人数, 総人数.
_TOTALS = re.compile(r"(?:合計|総計|小計|総数|総人数|計)(?:人数|数)?")
_KANJI_NUMERALS = frozenset("〇零一二三四五六七八九十百千万")
# A footnote's mark, at the start of its text once squeezed (NFKC): ※, （注）, (注1), 【注】,
# 注：, 注1.
_NOTE = re.compile(r"※|[(\[【〔]注\d*[)\]】〕]|注\d*[:.、)]")
_NOTE_FIRST = frozenset("※([【〔注")  # the rows of a register: most are told by this alone
# The line that closes a form (以下余白, "the rest left blank") or a document (以上, "end", as
# every ministry letter ends), once its brackets and stops are taken away: （以下余白）,
# -以上-, 以上。
_CLOSING = re.compile(r"以下(?:余白|空白|空欄)|以上")
# Brackets of any kind, dashes and stops, around a closing line's or a totals row's word.
_AROUND = "()[]{}<>【】〔〕〘〙〚〛「」『』〈〉《》-~。.、,:;!・"


def is_totals_or_note_row(cells: Sequence[object]) -> bool:
    """The summary line (合計 200名, 計：二百名, (合計), 総数 3名) the ministry puts under the
    data, a footnote (※ 生年不明の者は空欄, （注）…) or the closing 以下余白 or 以上: not a
    record. A word follows the totals word only in a name (計良 春雄 is a person), never in a
    total. A note or a closing line is its text alone on the row: with any other cell
    filled, the row is a record to read or reject."""
    for index, cell in enumerate(cells):
        if cell is None:
            continue
        if not isinstance(cell, str):
            return False  # a number or a date comes first: a data row
        if cell.strip():
            key = header_key(cell)
            bare = key.strip(_AROUND)
            if (key[:1] in _NOTE_FIRST and _NOTE.match(key)) or _CLOSING.fullmatch(bare):
                return all(_blank(other) for other in cells[index + 1 :])
            word = _TOTALS.match(bare)
            if word is None:
                return False
            rest = bare[word.end() :]
            return not rest or not rest[0].isalpha() or rest[0] in _KANJI_NUMERALS
    return False


def _nothing_to_lose(cell: object) -> bool:
    """A blank cell, or a spreadsheet error (#REF!) left where nothing reads it."""
    return _blank(cell) or isinstance(cell, SpreadsheetError)


def _blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


@lru_cache(maxsize=_CACHE)
def part_key(part: str) -> str:
    return search_key(part)


def name_keys(text: str) -> tuple[str, str]:
    """search_key and given_key of a name; the key of a name is its parts' keys joined
    (records.search_keys), so each part is computed once however often it recurs."""
    parts = text.split()
    if not parts:
        return "", ""
    keys = [part_key(p) for p in parts]
    return "".join(keys), "".join(keys[1:])
