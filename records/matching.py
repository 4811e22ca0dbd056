"""Scoring how well a typed or received name matches a known person's name forms, across
kanji, kana, Cyrillic and Latin, so that a garbled reading from a Russian record still finds
the right person."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from rapidfuzz.distance import Levenshtein

from records.messages import Message
from records.names import name_parts
from records.readings import cyrillic_to_katakana, katakana_to_cyrillic, to_katakana
from records.scripts import Script, detect_script
from records.search_keys import fold_confused_kanji, search_key

K = TypeVar("K")

EXACT = 100.0
FOLDED = 95.0
TRANSLITERATED = 90.0
LOOSE = 80.0
LOOSE_SPREAD = 9.0  # room above LOOSE to prefer the closer strict spelling among loose ties
FUZZY_CEILING = 79.0
FAMILY_WEIGHT = 0.6

_LABEL = {
    Script.KANJI: Message("kanji name"),
    Script.KANA: Message("reading"),
    Script.CYRILLIC: Message("Cyrillic name"),
    Script.LATIN: Message("Latin name"),
}
NO_FORM = Message("no name form to compare")
_PART = {"family": Message("family name"), "given": Message("given name")}
_PHONETIC = frozenset({Script.KANA, Script.CYRILLIC, Script.LATIN})


@dataclass(frozen=True)
class Candidate:
    names: tuple[tuple[str, Script], ...]  # each name form as written, with its script


@dataclass(frozen=True)
class MatchScore:
    score: float  # 0..100
    reason: str  # a Message, which the terminal app translates


@dataclass(frozen=True)
class _Form:
    script: Script
    exact: str  # as written but for spacing and letter case
    strict: tuple[str, str]  # family and given: variant-folded kanji or katakana, nothing loosened
    cyrillic: str  # Polivanov spelling, case folded; '' for kanji
    loose: tuple[str, str]  # search keys of family and given name


def _strict_part(part: str, script: Script) -> str:
    if script is Script.KANJI:
        return fold_confused_kanji(search_key(part))
    if script is Script.KANA:
        return to_katakana(part)
    return cyrillic_to_katakana(part)


@lru_cache(maxsize=65536)
def _form(text: str, script: Script) -> _Form:
    exact = " ".join(text.casefold().split())
    family, given = name_parts(unicodedata.normalize("NFKC", exact))
    if script is Script.KANA:
        cyrillic = katakana_to_cyrillic(exact).casefold()
    elif script is Script.CYRILLIC:
        cyrillic = exact
    else:
        cyrillic = ""
    return _Form(
        script=script,
        exact=exact,
        strict=(_strict_part(family, script), _strict_part(given, script)),
        cyrillic=cyrillic,
        loose=(search_key(family), search_key(given)),
    )


def _similarity(a: str, b: str) -> float:
    return Levenshtein.normalized_similarity(a, b)


def _describe_part(label: str, query: _Form, form: _Form, q: int, f: int) -> Message:
    part = _PART[label]
    strict_q, strict_f = query.strict[q], form.strict[f]
    if strict_q == strict_f:
        return Message("{part} matches exactly", part=part)
    if query.loose[q] == form.loose[f]:
        return Message("{part} matches ignoring long vowels and voicing", part=part)
    distance = Levenshtein.distance(strict_q, strict_f)
    if distance <= 2:
        return Message("{part} close (edit distance {distance})", part=part, distance=distance)
    return Message("{part} differs", part=part)


def _fuzzy(query: _Form, form: _Form) -> MatchScore:
    def part_similarity(q: int, f: int) -> float:
        loose = _similarity(query.loose[q], form.loose[f])
        return 0.8 * loose + 0.2 * _similarity(query.strict[q], form.strict[f])

    if query.loose[1] and form.loose[1]:
        family, given = part_similarity(0, 0), part_similarity(1, 1)
        parts = FAMILY_WEIGHT * family + (1 - FAMILY_WEIGHT) * given
        reason = Message(
            "{family}, {given}",
            family=_describe_part("family", query, form, 0, 0),
            given=_describe_part("given", query, form, 1, 1),
        )
    elif not query.loose[1]:
        # One word typed: it may be the family name or the given name alone.
        family, given = part_similarity(0, 0), 0.9 * part_similarity(0, 1)
        parts = max(family, given)
        if family >= given:
            reason = _describe_part("family", query, form, 0, 0)
        else:
            reason = _describe_part("given", query, form, 0, 1)
    else:
        parts, reason = 0.0, Message("name differs")
    # A name typed without a space, or split in another place, is still compared as a whole.
    whole = 0.95 * _similarity("".join(query.loose), "".join(form.loose))
    if whole > parts:
        parts, reason = whole, Message("whole name is similar")
    return MatchScore(round(FUZZY_CEILING * parts, 1), reason)


def _transliteration_reason(query: _Form, form: _Form) -> Message:
    if query.script is Script.KANA:
        return Message("reading transliterates to the {name}", name=_LABEL[form.script])
    if query.script is Script.CYRILLIC:
        return Message("Cyrillic name transliterates to the reading")
    return Message("Latin name transliterates to the reading")


def _compare(query: _Form, form: _Form) -> MatchScore:
    if not form.exact:
        return MatchScore(0.0, Message("no name"))
    if query.exact == form.exact:
        return MatchScore(EXACT, Message("exact match of the {name}", name=_LABEL[form.script]))
    same_script = query.script is form.script
    if "".join(query.strict) == "".join(form.strict):
        if same_script and form.script is Script.KANJI:
            return MatchScore(FOLDED, Message("same kanji after variant folding"))
        if same_script:
            return MatchScore(
                FOLDED, Message("same {name} in another spelling", name=_LABEL[form.script])
            )
        if form.script in _PHONETIC and query.script in _PHONETIC:
            return MatchScore(TRANSLITERATED, _transliteration_reason(query, form))
    if query.cyrillic and query.cyrillic == form.cyrillic and not same_script:
        return MatchScore(TRANSLITERATED, _transliteration_reason(query, form))
    if query.loose == form.loose or "".join(query.loose) == "".join(form.loose):
        closeness = _similarity("".join(query.strict), "".join(form.strict))
        how = _LABEL[Script.KANA] if form.script in _PHONETIC else _LABEL[form.script]
        return MatchScore(
            round(LOOSE + LOOSE_SPREAD * closeness, 1),
            Message("{part} matches ignoring long vowels and voicing", part=how),
        )
    comparable = (form.script is Script.KANJI) == (query.script is Script.KANJI)
    if not comparable:
        return MatchScore(
            0.0,
            Message("a {name} cannot be compared with a kanji name", name=_LABEL[query.script]),
        )
    return _fuzzy(query, form)


def score_candidate(query: str, candidate: Candidate) -> MatchScore:
    """How well the query, in any script, matches the candidate's best name form (0..100)."""
    return _score(_form(query, detect_script(query)), candidate)


def _score(query: _Form, candidate: Candidate) -> MatchScore:
    best = MatchScore(0.0, NO_FORM)
    for text, script in candidate.names:
        scored = _compare(query, _form(text, script))
        if scored.score > best.score:
            best = scored
    return best


def matches_whole_name(score: MatchScore) -> bool:
    """Whether family and given name both match, as written or in another spelling: a fuzzy
    score (a family name alone equal, a given name close) never does."""
    return score.score >= LOOSE


def retrieval_keys(query: str) -> tuple[str, str, str]:
    """(full key, family-part key, given-part key) for fetching candidates by index.

    Because a full key is its family key followed by its given key, the database fetches the
    name forms whose ``key`` starts with the family-part key (a B-tree range on the key index;
    this also serves a query typed without a space) or whose ``given_key`` equals the given-part
    key (when it is not ''), then ranks them with ``rank``. A garbled reading usually damages
    only one of the two parts, so one of the two conditions still reaches the true person.
    """
    family, given = name_parts(query)
    return search_key(query), search_key(family), search_key(given) if given else ""


def rank(
    query: str, candidates: Iterable[tuple[K, Candidate]], limit: int
) -> list[tuple[K, MatchScore]]:
    """The best-scoring candidates first; equal scores keep their given order."""
    prepared = _form(query, detect_script(query))
    scored = [(key, _score(prepared, candidate)) for key, candidate in candidates]
    scored.sort(key=lambda item: -item[1].score)
    return scored[:limit]
