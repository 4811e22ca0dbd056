"""Which script a name is written in: kanji, kana, Cyrillic or Latin, as a name form is tagged
and a form's text is checked against its tag."""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum


class Script(StrEnum):
    KANJI = "kanji"
    KANA = "kana"
    CYRILLIC = "cyrillic"
    LATIN = "latin"


_KANJI_RE = re.compile("[\u3005\u3006\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
CYRILLIC_RE = re.compile("[\u0400-\u04ff]")
_KANA_RE = re.compile("[\u3041-\u309f\u30a1-\u30ff\u31f0-\u31ff\uff66-\uff9f]")


def detect_script(text: str) -> Script:
    """The script a name is written in; a name with any kanji counts as kanji."""
    if _KANJI_RE.search(text):
        return Script.KANJI
    if CYRILLIC_RE.search(text):
        return Script.CYRILLIC
    if _KANA_RE.search(text):
        return Script.KANA
    return Script.LATIN


_LATIN_RE = re.compile("[A-Za-z\u00c0-\u024f]")
_LETTERS_OF: dict[Script, re.Pattern[str]] = {
    Script.KANJI: _KANJI_RE,
    Script.KANA: _KANA_RE,
    Script.CYRILLIC: CYRILLIC_RE,
    Script.LATIN: _LATIN_RE,
}


def written_in(text: str, script: Script | str) -> bool:
    """Whether ``text`` holds at least one letter of ``script``: a form tagged Cyrillic with no
    Cyrillic in it was tagged by mistake. Full-width Latin counts as Latin."""
    return bool(_LETTERS_OF[Script(script)].search(unicodedata.normalize("NFKC", text)))
