"""Candidate persons for a bare name in any script, ranked with their reasons: what a user
chooses from when linking a roll entry, and what ``irei match`` prints.

Retrieval only uses B-tree lookups on ``NameForm.key`` and ``NameForm.given_key`` (never a
scan), then ``records.matching.rank`` scores what was fetched. Four lookups, each capped:

1. the whole loose key, equal;
2. keys one edit (a kana inserted, dropped or replaced) from a katakana key, which catches the
   garbles the loose key does not fold away: ツ read as ス, a lost first kana;
3. the keys nearest the whole key among those starting with the family-name key (a damaged
   or unfinished given name);
4. the given-name key, equal (a damaged family name).

A fifth lookup serves a name written half in kanji and half in kana (佐藤 ハルオ), which no
single form matches: persons with a form starting with the family part and another with the
given name. A person reached by several lookups goes first among equal scores.

Measured on the 2.4-million-person demo (2 busy cores): 50–130 ms warm, under 0.3 s cold,
for common names (サトウ キヨシ), garbled ones (マスモト イチロウ), Cyrillic and mixed scripts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from sqlalchemy import select
from sqlmodel import Session, col

from records.matching import Candidate, MatchScore, rank, retrieval_keys
from records.messages import Message
from records.models import NameForm
from records.names import name_parts
from records.scripts import Script, detect_script
from records.search import KEY_END, PersonHit, persons_by_id
from records.search_keys import confused_kanji_spellings, given_name_first, search_key

# Large enough that the true person of a common name (サトウ キヨシ: hundreds of namesakes in
# 2.4 million) is fetched, small enough that ranking stays well under a second.
EXACT_CAP = 1_000
NEIGHBOUR_CAP = 200
GIVEN_CAP = 500
MIXED_GIVEN_CAP = 5_000
SQL_IN_CHUNK = 900  # below SQLite's oldest limit on bound parameters (999)

# Every letter a folded katakana key can hold: large, unvoiced, no long mark (search_key).
_KEY_KANA = (
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン"
)


def _is_kana_key(key: str) -> bool:
    return bool(key) and all("\u30a1" <= c <= "\u30fa" for c in key)


def one_edit_keys(key: str) -> set[str]:
    """Every key one kana away from ``key``: inserted, dropped or replaced."""
    variants: set[str] = set()
    for i in range(len(key) + 1):
        head, tail = key[:i], key[i:]
        variants.update(head + kana + tail for kana in _KEY_KANA)
        if tail:
            variants.add(head + tail[1:])
            variants.update(head + kana + tail[1:] for kana in _KEY_KANA)
    variants.discard(key)
    return {v for v in variants if len(v) >= 2}


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _fetch(session: Session, name: str, limit: int) -> Counter[int]:
    """Person ids reached by each lookup, for the name and for it as written with kanji
    registers confuse (斉藤 for 斎藤); the count says by how many lookups."""
    hits: Counter[int] = Counter()
    spellings = dict.fromkeys(retrieval_keys(n) for n in confused_kanji_spellings(name))
    for keys in spellings:
        hits.update(_fetch_keys(session, name, keys, limit))
    return hits


def _fetch_keys(
    session: Session, name: str, keys: tuple[str, str, str], limit: int
) -> Counter[int]:
    full, family, given = keys
    hits: Counter[int] = Counter()

    def add(ids: Iterable[int]) -> None:
        hits.update(set(ids))

    key, given_key = col(NameForm.key), col(NameForm.given_key)
    person = col(NameForm.person_id)
    add(session.execute(select(person).where(key == full).limit(EXACT_CAP)).scalars())
    if len(hits) >= limit:
        # A whole-key match scores at least matching.LOOSE, above anything the looser
        # lookups can reach (FUZZY_CEILING), so they could not change the first ``limit``.
        return hits
    if _is_kana_key(full):
        near: set[int] = set()
        for chunk in _chunks(sorted(one_edit_keys(full)), SQL_IN_CHUNK):
            near.update(
                session.execute(select(person).where(key.in_(chunk)).limit(EXACT_CAP)).scalars()
            )
        add(near)
    if family:
        upper = family + KEY_END
        after = select(person).where(key >= full, key < upper).order_by(key).limit(NEIGHBOUR_CAP)
        before = (
            select(person)
            .where(key >= family, key < full)
            .order_by(key.desc())
            .limit(NEIGHBOUR_CAP)
        )
        add([*session.execute(after).scalars(), *session.execute(before).scalars()])
    if given:
        add(session.execute(select(person).where(given_key == given).limit(GIVEN_CAP)).scalars())
        if _mixed_scripts(name):
            add(_family_and_given(session, family, given))
    return hits


def _mixed_scripts(name: str) -> bool:
    family, given = name_parts(name)
    return bool(given) and detect_script(family) is not detect_script(given)


def _family_and_given(session: Session, family: str, given: str) -> list[int]:
    """Persons with one form whose key starts with the family part and another whose given
    name fits: a name written half in kanji, half in kana (佐藤 ハルオ) matches no single form.
    The given-name side is capped: a common given name has tens of thousands of bearers, and
    visiting each costs ~10 µs (measured 0.5 s uncapped on 2.4 million persons, 0.1 s capped)."""
    with_given = (
        select(col(NameForm.person_id))
        .where(col(NameForm.given_key) == given)
        .limit(MIXED_GIVEN_CAP)
    )
    query = (
        select(col(NameForm.person_id))
        .where(
            col(NameForm.person_id).in_(with_given),
            col(NameForm.key) >= family,
            col(NameForm.key) < family + KEY_END,
        )
        .distinct()
        .limit(GIVEN_CAP)
    )
    return list(session.execute(query).scalars())


def _name_forms(session: Session, ids: list[int]) -> dict[int, list[tuple[str, Script]]]:
    forms: dict[int, list[tuple[str, Script]]] = {}
    for start in range(0, len(ids), SQL_IN_CHUNK):
        chunk = ids[start : start + SQL_IN_CHUNK]
        rows = session.execute(
            select(col(NameForm.person_id), col(NameForm.text), col(NameForm.script))
            .where(col(NameForm.person_id).in_(chunk))
            .order_by(col(NameForm.id))
        )
        for person_id, text, script in rows:
            forms.setdefault(person_id, []).append((text, Script(script)))
    return forms


def candidates(session: Session, name: str, limit: int = 10) -> list[tuple[PersonHit, MatchScore]]:
    """The persons whose recorded names best fit ``name``, best first, each with its score
    and the reason for it. Suggestions only: nothing here links or merges anything."""
    if not name.strip() or limit < 1:
        return []
    if not search_key(name):
        return []
    ranked = _ranked(session, name, limit)
    swapped = given_name_first(name)
    if swapped is not None:
        ranked = _with_given_name_first(ranked, _ranked(session, swapped, limit), limit)
    people = {hit.id: hit for hit in persons_by_id(session, [pid for pid, _ in ranked])}
    return [(people[pid], score) for pid, score in ranked if pid in people and score.score > 0]


def _ranked(session: Session, name: str, limit: int) -> list[tuple[int, MatchScore]]:
    hits = _fetch(session, name, limit)
    # Most lookups first, then id, so that equal scores come out in a stable order.
    ordered = sorted(hits, key=lambda person_id: (-hits[person_id], person_id))
    forms = _name_forms(session, ordered)
    return rank(
        name,
        ((person_id, Candidate(tuple(forms.get(person_id, ())))) for person_id in ordered),
        limit,
    )


def _with_given_name_first(
    as_typed: list[tuple[int, MatchScore]], swapped: list[tuple[int, MatchScore]], limit: int
) -> list[tuple[int, MatchScore]]:
    """One ranking by score: a person the name fits better with its parts swapped (Osamu
    Hasegawa typed for 長谷川 治) goes by that score, and the reason says so; on equal scores
    the order as typed goes first."""
    best = dict(as_typed)
    for person_id, score in swapped:
        if person_id not in best or score.score > best[person_id].score:
            reason = Message("{reason}, given name first", reason=score.reason)
            best[person_id] = MatchScore(score.score, reason)
    return sorted(best.items(), key=lambda item: -item[1].score)[:limit]
