"""Japanese line breaking (禁則処理, kinsoku) for every line Textual wraps: no line starts
with closing punctuation (、。」） …) and none ends with an opening bracket (「（ …).

Textual wraps text at spaces and, where a run of text has none (as a Japanese sentence has
none), at whatever character reaches the edge, so a notice or an error at a field could
start its second line with ）. Textual offers no setting for this; its wrapping asks one
function, ``divide_line``, where to break, so ``install`` puts one in its place that asks
the original and then carries the character before a forbidden break down with it
(追い出し). A Textual that wraps otherwise fails tests/tui/test_kinsoku.py."""

from __future__ import annotations

import textual.content
from rich._wrap import divide_line as divide_anywhere

from records.kinsoku import may_break


def divide_line(text: str, width: int, fold: bool = True) -> list[int]:
    """Where to break ``text`` so that each line fits ``width`` cells, as Textual's own
    ``divide_line`` breaks it, with no break the rules of kinsoku forbid."""
    breaks: list[int] = []
    start = 0
    # Each break moved back lengthens the next line, so the rest is divided again from it.
    while rest := divide_anywhere(text[start:], width, fold):
        start = allowed_break(text, start, start + rest[0])
        breaks.append(start)
    return breaks


def allowed_break(text: str, line_start: int, at: int) -> int:
    """The break at ``at``, or the nearest before it that kinsoku allows; ``at`` itself when
    no character of the line can go down (a line of nothing but punctuation)."""
    for before in range(at, line_start, -1):
        if may_break(text, before):
            return before
        if text[before - 1].isspace():
            break  # the punctuation follows a space, which would start the next line
    return at


def install() -> None:
    textual.content.divide_line = divide_line  # type: ignore[attr-defined]
