"""What a person is called wherever the app names them, the name forms a death register's row
brings, and the family and given parts of a name."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

# Which field of a death register's row each of its name forms is read from, and the source
# (NameForm.source) it is recorded under: the import reads them so, and a form of one of these
# sources is known to have come with its person's row.
REGISTER_FORM_SOURCES = (
    ("reading", "register-kana"),
    ("name", "register-kanji"),
    ("russian_name", "russian-record"),
)

ENTERED = "entered"  # the source of a form a registrar types, not read from a record

UNNAMED = "氏名不詳"
"""What a printed roll says in the name column of an entry no record names, as a lot on the
roll alone: a blank there reads as a name left out. A roll read back takes it for no name."""


def known_as(name: str, reading: str, forms: Sequence[str]) -> str:
    """What a person is called: the name, else its reading, else the first form of the name
    received. An unidentified person has neither name nor reading, only the forms the records
    wrote (a kana reading of a card, a Cyrillic spelling): a list that named them by name alone
    would show a blank."""
    return name or reading or next(iter(forms), "")


_WHITESPACE_RE = re.compile(r"\s+")


def name_parts(text: str) -> tuple[str, str]:
    """Family and given name as written, split at the first run of whitespace."""
    parts = _WHITESPACE_RE.split(text.strip(), maxsplit=1)
    return (parts[0], parts[1]) if len(parts) == 2 else (parts[0], "")


def already_had(forms: Iterable[tuple[str, str]], text: str, source: str) -> str | None:
    """The source of a form among ``forms`` (text, source) that makes one more of ``text`` from
    ``source`` add nothing: the same text from the same source; or from any source, when a
    registrar enters it, since their typing is no new evidence of how a record wrote the name.
    Two records that wrote a name alike are two pieces of evidence, and both stay."""
    for known_text, known_source in forms:
        if known_text == text and source in (known_source, ENTERED):
            return known_source
    return None
