"""Text from the ministry's files folded into the one form it is compared in, wherever it is
looked up: a header, an analysis kind, a prefecture, a burial site, a fiscal year, a number."""

from __future__ import annotations

import unicodedata


def squeeze(text: str) -> str:
    """NFKC without whitespace: full-width letters, digits and brackets as their usual forms,
    and no space of any width (the ideographic one included), so ＤＮＡ（Ｙ-ＳＴＲ）,
    DNA (Y-STR) and DNA(Y-STR) are one text. Letter case is kept."""
    return "".join(unicodedata.normalize("NFKC", text).split())


# Dashes that look alike in Japanese fonts, the katakana long-vowel mark among them (typed for
# a hyphen by an input method: HBー012, S20ー8ー15).
_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—―−ーｰ"})


def fold_dashes(text: str) -> str:
    """Every dash a file writes between the parts of a code, a number or a date as the ASCII
    hyphen: HB−012, HB–012 and HBー012 are HB-012. Only for such parts: in a katakana word
    ー is a long vowel (アムール), not a dash."""
    return text.translate(_DASHES)


def fold_number(text: str) -> str:
    """A number or code made of letters, figures and dashes (a specimen number, a lot number)
    in the one form it is stored in: NFKC, every dash the ASCII hyphen, letters upper case, so
    ｈｂ－０１２ and HB‐012 are HB-012."""
    return fold_dashes(unicodedata.normalize("NFKC", text)).upper()


# How a register says it does not know a value: 不明 (unknown), 不詳 (not known in detail), or
# question marks; as squeeze leaves them.
UNKNOWN_WORDS = frozenset({"不明", "不詳", "?", "??", "???"})


def says_unknown(text: str) -> bool:
    """Whether a cell says its value is not known (不明, 不詳, ？), rather than giving one."""
    return squeeze(text) in UNKNOWN_WORDS
