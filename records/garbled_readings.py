"""How a katakana reading comes back damaged from a Russian record, for the demo's data: the
kinds of damage seen in sample rows, as often as they were seen."""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable

_VOICED = frozenset("ガギグゲゴザジズゼゾダヂヅデドバビブベボパピプペポ")
_LOST_LONG_VOWEL_RE = re.compile("(?<=[オコソトノホモヨロゴゾドボポョ])ウ|ー")


def _slip_voicing(kana: str, rng: random.Random) -> str | None:
    spots = [i for i, c in enumerate(kana) if c in _VOICED]
    if not spots:
        return None
    i = rng.choice(spots)
    return kana[:i] + unicodedata.normalize("NFD", kana[i])[0] + kana[i + 1 :]


def _lose_long_vowel(kana: str, rng: random.Random) -> str | None:
    spots = [m.start() for m in _LOST_LONG_VOWEL_RE.finditer(kana)]
    if not spots:
        return None
    i = rng.choice(spots)
    return kana[:i] + kana[i + 1 :]


def _add_stray_long_mark(kana: str, rng: random.Random) -> str | None:
    spots = [i for i in range(1, len(kana)) if " " not in kana[i - 1 : i + 1]]
    if not spots:
        return None
    i = rng.choice(spots)
    return kana[:i] + "ー" + kana[i:]


def _misread_tsu(kana: str, rng: random.Random) -> str | None:
    spots = [i for i, c in enumerate(kana) if c == "ツ"]
    if not spots:
        return None
    i = rng.choice(spots)
    return kana[:i] + "ス" + kana[i + 1 :]


def _drop_first_kana(kana: str, rng: random.Random) -> str | None:
    parts = kana.split(" ")
    spots = [n for n, part in enumerate(parts) if len(part) >= 3]
    if not spots:
        return None
    n = rng.choice(spots)
    parts[n] = parts[n][1:]
    return " ".join(parts)


# Kinds of damage and how often each was seen in 15 garbled names out of 400 sample rows.
_GARBLES: tuple[tuple[Callable[[str, random.Random], str | None], int], ...] = (
    (_slip_voicing, 5),
    (_lose_long_vowel, 4),
    (_add_stray_long_mark, 4),
    (_misread_tsu, 1),
    (_drop_first_kana, 1),
)
GARBLE_RATE = 15 / 400


def garble_katakana(kana: str, rng: random.Random, rate: float = GARBLE_RATE) -> str:
    """The reading as it may come back from a Russian record: usually intact, sometimes with
    one voicing slip, lost or stray long vowel, ツ read as ス, or a lost first kana."""
    if rng.random() >= rate:
        return kana
    kinds = list(_GARBLES)
    while kinds:
        garble = rng.choices([g for g, _ in kinds], weights=[w for _, w in kinds])[0]
        garbled = garble(kana, rng)
        if garbled is not None:
            return garbled
        kinds = [(g, w) for g, w in kinds if g is not garble]
    return kana
