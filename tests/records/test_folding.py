"""Text from the ministry's files is compared in one form, however wide its letters and
wherever its spaces."""

from __future__ import annotations

import pytest

from records.folding import fold_dashes, says_unknown, squeeze


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


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("HB-012", "HB-012"),
        ("HB−012", "HB-012"),  # the minus sign
        ("HB–012", "HB-012"),  # an en dash
        ("HB—012", "HB-012"),  # an em dash
        ("HB‐012", "HB-012"),  # the Unicode hyphen
        ("HBー012", "HB-012"),  # the long-vowel mark, typed for a hyphen by an input method
        ("S20ｰ8ｰ15", "S20-8-15"),  # its half-width form
        ("HB～012", "HB～012"),  # a wave dash marks a range, not a hyphen
    ],
)
def test_dashes_that_look_alike_are_one_hyphen(written: str, folded: str) -> None:
    assert fold_dashes(written) == folded


@pytest.mark.parametrize(
    ("written", "unknown"),
    [("不明", True), ("不詳", True), ("？", True), ("??", True), ("\u3000不明 ", True),
     ("", False), ("不明県", False), ("東京都", False)],
)  # fmt: skip
def test_a_cell_saying_its_value_is_unknown_is_told_from_a_value(
    written: str, unknown: bool
) -> None:
    assert says_unknown(written) is unknown
