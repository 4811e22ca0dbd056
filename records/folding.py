"""Text from the ministry's files folded into the one form it is compared in, wherever it is
looked up: a header, an analysis kind, a prefecture, a burial site, a fiscal year, a number."""

from __future__ import annotations

import unicodedata


def squeeze(text: str) -> str:
    """NFKC without whitespace: full-width letters, digits and brackets as their usual forms,
    and no space of any width (the ideographic one included), so ＤＮＡ（Ｙ-ＳＴＲ）,
    DNA (Y-STR) and DNA(Y-STR) are one text. Letter case is kept."""
    return "".join(unicodedata.normalize("NFKC", text).split())
