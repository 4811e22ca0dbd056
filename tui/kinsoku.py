"""Japanese line breaking (禁則処理, kinsoku) for every line Textual wraps: no line starts
with closing punctuation (、。」） …) and none ends with an opening bracket (「（ …).

Textual wraps text at spaces and, where a run of text has none (as a Japanese sentence has
none), at whatever character reaches the edge, so a notice or an error at a field could
start its second line with ）. Textual offers no setting for this; its wrapping asks one
function, ``divide_line``, where to break, so ``install`` puts one in its place that asks
the original and then carries the character before a forbidden break down with it
(追い出し). A Textual that wraps otherwise fails tests/tui/test_kinsoku.py.

Rich, which prints a command's ``--help``, breaks lines only at spaces and cuts a run of
Japanese too long for an option's column with "…"; ``help_line_breaks`` teaches it where
Japanese may break (tests/tui/test_cli_help.py)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager

import rich.text
import textual.content
from rich._wrap import divide_line as divide_anywhere
from rich.cells import cell_len

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


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def _starts_word(text: str, at: int) -> bool:
    """Whether a line of help may break before ``text[at]``: after a space, as Rich breaks,
    and between Japanese characters where kinsoku allows, Japanese having no spaces; never
    next to a figure (令和8年5月25日, 3件)."""
    before, after = text[at - 1], text[at]
    if after.isspace():
        return False
    if before.isspace():
        return True
    return (
        (_wide(before) or _wide(after))
        and not (before.isdigit() or after.isdigit())
        and may_break(text, at)
    )


def japanese_words(text: str) -> Iterator[tuple[int, int, str]]:
    """The words Rich fills lines with, as its own ``rich._wrap.words`` gives them (each with
    the spaces after it), but a run of Japanese cut wherever a line may break."""
    first = len(text) - len(text.lstrip())
    if first == len(text):
        return
    start = 0
    for at in range(first + 1, len(text)):
        if _starts_word(text, at):
            yield start, at, text[start:at]
            start = at
    yield start, len(text), text[start:]


def divide_help_line(text: str, width: int, fold: bool = True) -> list[int]:
    """Where Rich breaks a line of help: Japanese between its words, a word wider than the
    line folded (an option's help, in a column that cuts it with "…", would lose the rest)."""
    if not any(map(_wide, text)):
        return divide_anywhere(text, width, fold)
    breaks: list[int] = []
    filled = 0
    for start, _end, word in japanese_words(text):
        # A word fits with the spaces after it: Rich trims those from a line's end by counting
        # characters, not cells, and cuts a line of Japanese they push past the width.
        if filled and filled + cell_len(word) > width:
            breaks.append(start)
            filled = 0
        folds = divide_line(word, width)
        breaks.extend(start + at for at in folds)
        filled += cell_len(word[folds[-1] :] if folds else word)
    return breaks


@contextmanager
def help_line_breaks() -> Iterator[None]:
    """While this lasts, Rich breaks the lines of a command's help between Japanese words too,
    by the rules of kinsoku: it breaks only at spaces, and Japanese has none. Spaces added to
    the text would read wrong and be copied with it; a zero-width space is no break to Rich
    (not whitespace to ``re``); help wrapped in advance would not know the width Rich gives
    the column of an option's help."""
    rich_divide = rich.text.divide_line  # type: ignore[attr-defined]
    rich.text.divide_line = divide_help_line  # type: ignore[attr-defined]
    try:
        yield
    finally:
        rich.text.divide_line = rich_divide  # type: ignore[attr-defined]


def install() -> None:
    textual.content.divide_line = divide_line  # type: ignore[attr-defined]
