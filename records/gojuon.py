"""Gojūon (五十音) order of katakana readings, as rolls are printed and lists of people read.

The rule follows JIS X 4061 in spirit, comparing level by level so that a voicing mark or a
small kana never outweighs a different letter:

1. letters: each kana as its plain, large, unvoiced form (ガ→カ, ッ→ツ, ヴ→ウ, ヵ→カ), so
   ガカ sorts before カキ as in a dictionary; ー counts as the vowel it lengthens
   (サトー→サトオ; after ン or with nothing before it, ー sorts after every kana);
   ヽ and ヾ repeat the kana before them;
2. voicing, where the letters tie: unvoiced < voiced < semi-voiced (ハ < バ < パ), which
   gives カ < ガ < キ;
3. form, where those tie too: large kana < small kana < ー (ツ < ッ, オ < ー);
4. the normalised reading itself, so that the order is total.

Hiragana and half-width katakana are read as katakana (NFKC first). The family name is
compared fully before the given name, so all ハタ come before all ハダ. Characters that are
not kana sort after all kana by code point; an empty reading sorts last.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

PartKey = tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], str]
GojuonKey = tuple[bool, PartKey, PartKey]

_PLAIN, _VOICED, _SEMI_VOICED = 0, 1, 2
_LARGE, _SMALL, _LONG_MARK = 0, 1, 2
_CHOONPU = "ー"
_ITERATION, _ITERATION_VOICED = "ヽ", "ヾ"
_AFTER_ALL_KANA = 0x10000
_VOWELS = {"A": "ア", "I": "イ", "U": "ウ", "E": "エ", "O": "オ"}


def _kana_table() -> dict[str, tuple[int, int, int]]:
    """Each katakana letter as (code point of its plain large form, voicing, form).

    Built from the Unicode names and decompositions rather than typed out, so that no kana
    can be forgotten or mistyped.
    """
    table: dict[str, tuple[int, int, int]] = {}
    for code in range(0x30A1, 0x30FB):
        kana = chr(code)
        decomposed = unicodedata.normalize("NFD", kana)
        base, voicing = decomposed[0], _PLAIN
        if len(decomposed) == 2:
            voicing = _VOICED if decomposed[1] == "\u3099" else _SEMI_VOICED
        form = _LARGE
        name = unicodedata.name(base)
        if " SMALL " in name:
            base = unicodedata.lookup(name.replace(" SMALL ", " "))
            form = _SMALL
        table[kana] = (ord(base), voicing, form)
    return table


_KANA = _kana_table()


def _vowel_of(code: int) -> int | None:
    """The vowel kana that ー lengthens after this letter, or None after ン and non-kana."""
    if chr(code) not in _KANA:
        return None
    last = unicodedata.name(chr(code))[-1]
    return ord(_VOWELS[last]) if last in _VOWELS else None


def _as_katakana(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text)
    return "".join(
        chr(ord(c) + 0x60) if "\u3041" <= c <= "\u3096" or c in "ゝゞ" else c for c in folded
    )


def _part_key(part: str) -> PartKey:
    letters: list[int] = []
    voicings: list[int] = []
    forms: list[int] = []
    for char in part:
        if char in _KANA:
            letter, voicing, form = _KANA[char]
        elif char == _CHOONPU:
            vowel = _vowel_of(letters[-1]) if letters else None
            letter = vowel if vowel is not None else _AFTER_ALL_KANA - 1
            voicing, form = _PLAIN, _LONG_MARK
        elif char in (_ITERATION, _ITERATION_VOICED) and letters:
            letter = letters[-1]
            voicing = _VOICED if char == _ITERATION_VOICED else _PLAIN
            form = _LARGE
        elif char == "・":
            continue  # a separator inside a reading, not a letter
        else:
            letter, voicing, form = _AFTER_ALL_KANA + ord(char), _PLAIN, _LARGE
        letters.append(letter)
        voicings.append(voicing)
        forms.append(form)
    return (tuple(letters), tuple(voicings), tuple(forms), part)


# A roll repeats readings (namesakes), so the same key is asked for many times.
@lru_cache(maxsize=65536)
def gojuon_key(reading: str) -> GojuonKey:
    """A sort key putting readings in gojūon order: family name first, then given name."""
    parts = _as_katakana(reading).split(maxsplit=1)
    family = parts[0] if parts else ""
    given = "".join(parts[1].split()) if len(parts) > 1 else ""
    return (not parts, _part_key(family), _part_key(given))
