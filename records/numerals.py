"""Kanji numerals as old registers and family cards write figures, read as Arabic figures:
digit by digit (二〇, 一九四六), with 十 for the tens (二十五), or with the old 廿 and 卅 for
twenty and thirty (廿一). No NFKC form turns them into digits."""

from __future__ import annotations

import re

# Every character a kanji numeral may hold: a quick test before the work of reading one.
KANJI_FIGURES = frozenset("〇一二三四五六七八九十廿卅丗")
_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")}
# 廿 (20) and 卅, 丗 (30): one character for a whole tens, as in 昭和廿一年 (1946).
_OLD_TENS = str.maketrans({"廿": "二十", "卅": "三十", "丗": "三十"})
_NUMERAL = re.compile(r"(?<!\d)[〇一二三四五六七八九十]+(?!\d)")
_TENS = re.compile(r"(?P<tens>[二三四五六七八九])?十(?P<units>[一二三四五六七八九])?")


def with_arabic_figures(text: str) -> str:
    """The text with each run of kanji numerals in Arabic figures: 昭和二十年 → 昭和20年,
    廿一 → 21, 二〇 → 20. A run that is no number (十十) is left as written, for the reader
    to refuse as a spelling it does not know."""
    return _NUMERAL.sub(_arabic, text.translate(_OLD_TENS))


def _arabic(numeral: re.Match[str]) -> str:
    run = numeral[0]
    if "十" not in run:
        return "".join(str(_DIGITS[c]) for c in run)
    tens = _TENS.fullmatch(run)
    if tens is None:
        return run
    units = _DIGITS[tens["units"]] if tens["units"] else 0
    return str((_DIGITS[tens["tens"]] if tens["tens"] else 1) * 10 + units)
