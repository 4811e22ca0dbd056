"""Reading single spreadsheet cells: integers, counts of remains, specimen number lists and
free text, as they arrive from calamine, our xlsx reader or a CSV file."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from importers.errors import CellUnreadable
from records.dates import Precision
from records.folding import fold_number, squeeze
from records.messages import Message
from records.numerals import KANJI_FIGURES, with_arabic_figures


@dataclass(frozen=True)
class SpreadsheetError:
    """A cell holding a spreadsheet error (#N/A, #REF!, #VALUE!, …), mostly a broken formula
    such as a VLOOKUP for the 埋葬地: not a value, so every column type refuses it."""

    text: str  # as the spreadsheet shows it: '#N/A'

    def __str__(self) -> str:
        return self.text

    @property
    def reason(self) -> Message:
        return Message(
            "the cell holds a spreadsheet error ({error}): correct the formula or the value",
            error=self.text,
        )


@dataclass(frozen=True)
class UnsavedFormula(SpreadsheetError):
    """A formula cell saved without its value, as openpyxl and report generators write them
    for Excel to compute on opening: its value is unknown, not blank, so every column type
    refuses it as it refuses an error. ``text`` is the formula ('=SUM(A1:A3)'), or '' when
    the cell shares one written in another cell."""

    @property
    def reason(self) -> Message:
        return Message(
            "the formula has no saved value: open the file in Excel or LibreOffice, save it "
            "and import it again"
        )


@dataclass(frozen=True)
class DateShownShort:
    """A date cell whose number format shows it without its day: yyyy"年"m"月" or
    [$-ja-JP]ggge"年"m"月", as Japanese Excel formats a cell where 昭和23年7月 was typed, or
    yyyy alone. Excel keeps the date as the first of the month (or of the year); the cell says
    the month (or the year), as the text 昭和23年7月 would, and no day."""

    day: date  # as the workbook keeps it: 1948-07-01
    precision: Precision  # MONTH or YEAR

    def __str__(self) -> str:
        """The date as far as it is shown, in ISO: '1948-07', or '1948'."""
        iso = self.day.isoformat()
        return iso[:7] if self.precision is Precision.MONTH else iso[:4]


# A whole number as text, after NFKC: 1921, 1,000 (thousands separated, １，０００ as well) or
# 1921.0, as a program that keeps every number as a float writes one out into a CSV file.
_WHOLE = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.0*)?")


def whole_number(text: str) -> int | None:
    """The whole number a squeezed text writes (records.folding.squeeze), or None when it
    writes none: '1,000' → 1000, '1921.0' → 1921, '1921.5' → None."""
    if _WHOLE.fullmatch(text) is None:
        return None
    return int(text.split(".")[0].replace(",", ""))


def parse_int(raw: object) -> int | None:
    """An integer cell: 3, 3.0 (calamine's whole numbers), '３', '1,234'; blank gives None."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise CellUnreadable(Message("a true/false value, not a number"))
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        if not raw.is_integer():
            raise CellUnreadable(Message("{number} is not a whole number", number=raw))
        return int(raw)
    if not isinstance(raw, str):
        if isinstance(raw, SpreadsheetError):
            raise CellUnreadable(raw.reason)
        raise CellUnreadable(Message("not a number ({kind})", kind=type(raw).__name__))
    text = squeeze(raw)
    if not text:
        return None
    number = whole_number(text)
    if number is not None:
        return number
    raise CellUnreadable(Message("{text!r} is not a whole number", text=raw.strip()))


# 柱 (hashira) is the counter for sets of remains; 体 is sometimes used by foreign records.
_COUNT = re.compile(r"(?P<n>[\d,.]+)(?:柱|体)?")


def parse_number(raw: object) -> int | None:
    """A row's number in a register or a roll (番号): a whole number from 1; blank gives None."""
    if type(raw) is int and raw >= 1:  # the usual cell, on every row: at once (not a bool)
        return raw
    number = parse_int(raw)
    if number is not None and number < 1:
        raise CellUnreadable(
            Message("{number} is not a row number (a whole number from 1)", number=number)
        )
    return number


def parse_count(raw: object) -> int:
    """A number of sets of remains: 3, 3.0, '3柱', '３柱', ' 3 柱 ', '1,000', '3.0', '三柱'. Blank
    is refused."""
    if isinstance(raw, str) and raw.strip():
        text = squeeze(raw)
        m = _COUNT.fullmatch(text)
        # Kanji numerals (三柱, 十二柱), as a date's: read only when figures are not found.
        if m is None and not KANJI_FIGURES.isdisjoint(text):
            m = _COUNT.fullmatch(with_arabic_figures(text))
        count = whole_number(m["n"]) if m else None
        if count is None:
            raise CellUnreadable(
                Message("{text!r} is not a count of remains (e.g. 3 or 3柱)", text=raw.strip())
            )
    else:
        count = parse_int(raw)
    if count is None:
        raise CellUnreadable(Message("the count of remains (柱数) is blank"))
    if count < 1:
        raise CellUnreadable(
            Message("a lot holds at least one set of remains, not {count}", count=count)
        )
    return count


_SPECIMEN = r"[A-Z]{2}-\d{3}-\d{2}-\d{4}"
_SPECIMEN_ID = re.compile(_SPECIMEN)
# A range ends either in the full number or in the final digits only: HB-012-20-0009～0011.
_RANGE = re.compile(rf"(?P<start>{_SPECIMEN})[~-](?P<end>{_SPECIMEN}|\d{{1,4}})")
# The tildes that look alike in Japanese fonts, any of which a range is typed with: ～ and 〜
# from an input method, ∼ (the tilde operator) from a font's symbol table or a PDF; or the
# word for "from … to", HB-012-20-0106から0107.
_TILDES = "~～〜∼∽〰⁓"
_TILDE = str.maketrans(dict.fromkeys(_TILDES, "~"))
# Marks and separators as typed, before NFKC: the list is split as written, so that a refusal
# can quote a number as the registrar wrote it (～ and ， from a Japanese input method). A
# specimen number holds no slash nor middle dot, so HB-012-20-0009/0010 is two numbers, and
# the second refused, never taken for a range.
_RANGE_MARK = re.compile(rf"\s*([{_TILDES}]|から)\s*")
_SEPARATORS = re.compile(r"[,，﹐、､﹑;；﹔・･·/／\s]+")
MAX_RANGE = 1000
# A number of a list written as its final digits only, maybe starting a range: 0035, 35～37.
_SHORT = re.compile(rf"(?P<digits>\d{{1,4}})(?P<rest>(?:[{_TILDES}]|から).*)?")
_SLASHES = frozenset("/／")


def expand_specimens(raw: object) -> list[str]:
    """Specimen numbers (検体番号) from a list cell, ranges written out one by one:
    'HB-012-20-0009～0011' → HB-012-20-0009, HB-012-20-0010, HB-012-20-0011. A list shortens
    as a range does: 'HB-012-19-0034, 0035' is HB-012-19-0034 and HB-012-19-0035, the digits
    written taking the place of the last ones of the number before them. Not after a slash,
    which may as well mean "to": HB-012-20-0009/0011 is refused, never guessed at."""
    text = _RANGE_MARK.sub(r"\1", clean_text(raw))
    specimens: list[str] = []
    parts = _SEPARATORS.split(text)
    separators = ["", *_SEPARATORS.findall(text)]
    for written, before in zip(parts, separators, strict=True):
        if not written:
            continue
        shortened = _SHORT.fullmatch(fold_number(written))
        if shortened and specimens and not _SLASHES.intersection(before):
            digits = shortened["digits"]
            written = specimens[-1][: -len(digits)] + digits + (shortened["rest"] or "")
        for specimen in _expand_token(written):
            if specimen in specimens:
                raise CellUnreadable(
                    Message("specimen {specimen} is listed twice", specimen=specimen)
                )
            specimens.append(specimen)
    return specimens


def _expand_token(written: str) -> list[str]:
    """The numbers one token of the list writes; a refusal quotes the token as written (ｈｂ-1～3),
    not as read, so that the registrar finds it in the cell or the field."""
    token = fold_number(written)
    if _SPECIMEN_ID.fullmatch(token):
        return [token]
    m = _RANGE.fullmatch(token.translate(_TILDE).replace("から", "~"))
    if m is None:
        raise CellUnreadable(
            Message("{text!r} is not a specimen number (e.g. HB-012-20-0009)", text=written)
        )
    start = m["start"]
    end = m["end"]
    if len(end) > 4 and end[:-4] != start[:-4]:
        raise CellUnreadable(Message("range {range} runs across two lots or sites", range=written))
    first = int(start[-4:])
    last = int(end[-4:] if len(end) > 4 else start[-4 : -len(end)] + end)
    if last < first:
        raise CellUnreadable(Message("range {range} runs backwards", range=written))
    if last - first + 1 > MAX_RANGE:
        raise CellUnreadable(
            Message(
                "range {range} holds {count} specimens; the most is {most}",
                range=written,
                count=last - first + 1,
                most=MAX_RANGE,
            )
        )
    prefix = start[:-4]
    return [f"{prefix}{n:04d}" for n in range(first, last + 1)]


# Compatibility ideographs (U+F900–U+FAFF, U+2F800–U+2FA1F) are distinct characters in a
# family register; NFC would silently replace most of them with their unified forms.
_COMPAT_IDEOGRAPHS = re.compile("([\uf900-\ufaff\U0002f800-\U0002fa1f]+)")


def clean_text(raw: object) -> str:
    """Text of a cell, stripped and NFC-composed without altering any kanji: None → '',
    calamine's 79.0 → '79', a date cell → its ISO date. A spreadsheet error has no text to
    give: CellUnreadable."""
    if raw is None:
        return ""
    if isinstance(raw, str):
        return _nfc_keeping_ideographs(raw).strip()
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    # Whole numbers before the rarer types, so the error check below costs them nothing.
    if isinstance(raw, int):
        return str(raw)
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime) and raw.time() == datetime.min.time():
        return raw.date().isoformat()
    if isinstance(raw, date):
        return raw.isoformat()
    if isinstance(raw, SpreadsheetError):
        raise CellUnreadable(raw.reason)
    return str(raw).strip()


def as_written(raw: object) -> str:
    """A cell as the file shows it, for a registrar to see what was refused: text untouched
    (clean_text would strip and compose it), a spreadsheet error or formula by its text, a
    number or a date as clean_text gives it (79, not calamine's 79.0)."""
    if isinstance(raw, str):
        return raw
    if isinstance(raw, SpreadsheetError):
        return raw.text
    return clean_text(raw)


def width_folded(text: str) -> str:
    """Text with its full-width and half-width forms at their usual width, composed as
    clean_text composes it: ｲｼﾀﾞ　ﾕﾀｶ and イシダ ユタカ, ２１年 and 21年 are one text, written at
    another width. Width alone: NFKC would also make ⾼橋 (a Kangxi radical) 高橋 and ① 1, and
    a file correcting one of those would be read as saying the same."""
    return _nfc_keeping_ideographs(text.translate(_WIDTH_FORMS))


# Each full-width or half-width form (U+3000 and the block U+FF00–U+FFEF) to the character it
# is a form of, by Unicode's own decomposition: <wide> or <narrow>.
_WIDTH_FORMS = {
    code: unicodedata.normalize("NFKC", chr(code))
    for code in (0x3000, *range(0xFF00, 0xFFF0))
    if unicodedata.decomposition(chr(code)).startswith(("<wide>", "<narrow>"))
}


def _nfc_keeping_ideographs(text: str) -> str:
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    parts = _COMPAT_IDEOGRAPHS.split(text)
    # Odd-numbered parts are the captured compatibility ideographs, kept as written.
    return "".join(p if i % 2 else unicodedata.normalize("NFC", p) for i, p in enumerate(parts))
