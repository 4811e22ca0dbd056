"""Japanese line breaking (禁則処理, kinsoku): no line starts with closing punctuation
(、。」） …) or a small kana (ッ, ュ …) and none ends with an opening bracket (「（ …),
wherever text is wrapped: on the screen (``tui.kinsoku``) and on a printed roll
(``exports.roll_pdf``)."""

from __future__ import annotations

# Never at the start of a line: closing brackets and punctuation, half and full width; and,
# as JIS X 4051 keeps them with the character before, small kana, iteration marks and the
# wave dash (シ / ュウイチ reads as two names, 佐 / 々木 as a mark alone).
CLOSING = frozenset(
    "、。，．,.：；:;？！?!・ー）」』】〕〉》］｝)]}"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿｧｨｩｪｫｯｬｭｮ"
    "々〻ゝゞヽヾ〜～"
)
# Never at the end of a line: opening brackets.
OPENING = frozenset("（「『【〔〈《［｛([{")


def may_break(text: str, at: int) -> bool:
    """Whether kinsoku lets a line end before ``text[at]``."""
    return text[at] not in CLOSING and text[at - 1] not in OPENING
