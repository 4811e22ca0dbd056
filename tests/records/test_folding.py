"""Text from the ministry's files is compared in one form, however wide its letters and
wherever its spaces."""

from __future__ import annotations

import pytest

from records.folding import squeeze


@pytest.mark.parametrize(
    ("written", "squeezed"),
    [
        ("氏名(カナ)", "氏名(カナ)"),
        ("氏名（カナ）", "氏名(カナ)"),  # full-width brackets
        ("氏名 (カナ)", "氏名(カナ)"),  # a space before the bracket
        ("ＤＮＡ（ｍｔＤＮＡ）", "DNA(mtDNA)"),  # full-width letters, their case kept
        ("ｶﾅ", "カナ"),  # half-width katakana
        ("令和５年度", "令和5年度"),  # full-width digits
        ("\u3000東京都\u3000", "東京都"),  # ideographic spaces around it
        ("1,234\t柱\n", "1,234柱"),  # a tab and a line break in a cell
        ("", ""),
    ],
)
def test_text_is_compared_as_nfkc_without_whitespace(written: str, squeezed: str) -> None:
    assert squeeze(written) == squeezed
