"""The cell styles of an .xlsx workbook whose number format shows a date without its day:
yyyy"年"m"月" or [$-ja-JP]ggge"年"m"月", as Japanese Excel formats a cell where 昭和23年7月 was
typed, or yyyy alone. Excel keeps such a date as the first of the month (or of the year);
calamine gives it as that day, a day nobody wrote."""

from __future__ import annotations

import re
import zipfile

from defusedxml.ElementTree import fromstring

from records.dates import Precision

# The built-in formats (no numFmt element names them) showing a date without its day: mmm-yy,
# and yyyy"年"m"月" as Japanese Excel numbers it (34, 52, 55). The others with a year show
# its day too (14 m/d/yyyy, 31 yyyy"年"m"月"d"日", …).
_BUILT_IN_SHORT = {
    17: Precision.MONTH,
    34: Precision.MONTH,
    52: Precision.MONTH,
    55: Precision.MONTH,
}
# What a format shows as it is, not as a part of a date: quoted text, a backslash's
# character, [$-ja-JP] and [Red], the character _ pads with or * repeats.
_LITERAL = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|[_*].')


def shown_precision(code: str) -> Precision | None:
    """How far a number format shows a date when it shows one without its day: MONTH for
    yyyy"年"m"月", yyyy/m, mmm-yy; YEAR for yyyy, ggge"年". None for any other format: a
    day's date, a time, a number, text."""
    # Only the first section formats a date (the others, negative numbers and zero).
    shown = _LITERAL.sub("", code).split(";", 1)[0].lower()
    if "general" in shown or any(c in shown for c in "0#?@dhs") or "aaa" in shown:
        return None  # a number or text; a day (d, or aaa its weekday); a time
    if not any(c in shown for c in "yeg"):
        return None  # no year: not a date without its day, or not a date (m"月" alone)
    return Precision.MONTH if "m" in shown else Precision.YEAR


def styles_shown_short(archive: zipfile.ZipFile, part: str) -> dict[int, Precision]:
    """{cell style index (a cell's s="N"): the precision its date is shown to}, for the
    styles of the workbook's styles part whose number format shows a date without its day."""
    styles = fromstring(archive.read(part))  # small: importers.safety checked its size
    codes: dict[int, str] = {}
    precisions: dict[int, Precision] = {}
    for element in styles.iter():
        if local_name(element.tag) == "numFmt" and (number := _number(element.get("numFmtId"))):
            codes[number] = element.get("formatCode", "")
        elif local_name(element.tag) == "cellXfs":
            for index, xf in enumerate(x for x in element if local_name(x.tag) == "xf"):
                number = _number(xf.get("numFmtId")) or 0
                code = codes.get(number)
                precision = (
                    shown_precision(code) if code is not None else _BUILT_IN_SHORT.get(number)
                )
                if precision is not None:
                    precisions[index] = precision
    return precisions


def _number(text: str | None) -> int | None:
    return int(text) if text is not None and text.isdigit() else None


def local_name(name: str) -> str:
    """An XML tag's or attribute's name without its namespace: {…/main}numFmt, r:id → id."""
    return name.rsplit("}", 1)[-1].rsplit(":", 1)[-1]
