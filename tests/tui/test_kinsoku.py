"""Japanese line breaking (kinsoku) in the text Textual wraps: closing punctuation stays with
the line before it, an opening bracket goes down with what it opens, and text with no
Japanese wraps as Textual wraps it."""

from __future__ import annotations

import pytest
from textual.content import Content

from tui import kinsoku


@pytest.fixture(autouse=True)
def installed() -> None:
    kinsoku.install()


def wrapped(text: str, width: int) -> list[str]:
    return [line.plain for line in Content(text).wrap(width)]


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        # a closing bracket takes the character before it down with it
        ("遺骨は「再納骨」のため", 14, ["遺骨は「再納", "骨」のため"]),
        # as do closing brackets and a full stop in a row
        (
            "状態を変更できません（返還済み）。次へ",
            30,
            ["状態を変更できません（返還済", "み）。次へ"],
        ),
        # a comma
        ("次の判定は、状態の変更ではなく", 10, ["次の判定", "は、状態の", "変更ではな", "く"]),
        # an opening bracket goes down with what it opens
        ("記録できません（次に可能な状態", 16, ["記録できません", "（次に可能な状態"]),
        # after a label, as within a word
        ("ラベル: 値（説明）", 8, ["ラベル:", "値（説", "明）"]),
        # a small kana and an iteration mark stay with the character before them
        ("氏名はシュウイチ", 8, ["氏名は", "シュウイ", "チ"]),
        ("遺族の佐々木氏", 8, ["遺族の", "佐々木氏"]),
        # a line of nothing but punctuation breaks where it must
        ("」」」」」」」", 6, ["」」」", "」」」", "」"]),
    ],
)
def test_japanese_wraps_by_kinsoku(text: str, width: int, lines: list[str]) -> None:
    assert wrapped(text, width) == lines


def test_text_with_no_japanese_wraps_as_textual_wraps_it() -> None:
    text = "Lot HB-1 is recovered: decide its affiliation (press a). Lot HB-1 (recovered)"
    assert wrapped(text, 20) == [
        "Lot HB-1 is",
        "recovered: decide",
        "its affiliation",
        "(press a). Lot HB-1",
        "(recovered)",
    ]
    assert wrapped("(recovered)", 9) == ["(recovere", "d)"]
