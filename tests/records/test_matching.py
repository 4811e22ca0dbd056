import json
from pathlib import Path

import pytest

from records.matching import Candidate, MatchScore, rank, retrieval_keys, score_candidate
from records.scripts import Script
from records.search_keys import given_key, search_key

SAMPLES = Path("/work/shared/samples")
TRUTH_FILES = ("truth_messy.json", "truth_clean.json")

SAITO = Candidate(
    (
        ("齋藤　利雄", Script.KANJI),
        ("サイトウ トシオ", Script.KANA),
        ("Саито Тосио", Script.CYRILLIC),
    )
)
OGAWA = Candidate(
    (("小川　春雄", Script.KANJI), ("オガワ ハルオ", Script.KANA), ("Огава Харуо", Script.CYRILLIC))
)


def persons(file: str) -> list[dict[str, str]]:
    path = SAMPLES / file
    if not path.exists():
        pytest.skip(f"sample {path} is not available")
    persons: list[dict[str, str]] = json.loads(path.read_text(encoding="utf-8"))["persons"]
    return persons


def candidate(person: dict[str, str]) -> Candidate:
    forms = (
        (person["kanji"], Script.KANJI),
        (person["kana_true"], Script.KANA),
        (person["cyrillic"], Script.CYRILLIC),
    )
    return Candidate(tuple((text, script) for text, script in forms if text))


@pytest.mark.parametrize(
    ("query", "score", "reason"),
    [
        ("齋藤　利雄", 100.0, "exact match of the kanji name"),
        ("齋藤 利雄", 100.0, "exact match of the kanji name"),
        ("サイトウ トシオ", 100.0, "exact match of the reading"),
        ("Саито Тосио", 100.0, "exact match of the Cyrillic name"),
        ("斎藤　利雄", 95.0, "same kanji after variant folding"),
        ("齊藤利雄", 95.0, "same kanji after variant folding"),
        ("さいとう としお", 95.0, "same reading in another spelling"),
        ("ｻｲﾄｳ ﾄｼｵ", 95.0, "same reading in another spelling"),
        ("САИТО ТОСИО", 100.0, "exact match of the Cyrillic name"),
        ("Сайто Тосио", 95.0, "same Cyrillic name in another spelling"),
        ("Saito Toshio", 90.0, "Latin name transliterates to the reading"),
        ("サイト トシオ", 90.0, "reading transliterates to the Cyrillic name"),
    ],
)
def test_name_written_another_way_scores_by_how_it_differs(
    query: str, score: float, reason: str
) -> None:
    assert score_candidate(query, SAITO) == MatchScore(score, reason)


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("オカワ ハルオ", "reading matches ignoring long vowels and voicing"),
        ("オガワ ハルオオ", "reading matches ignoring long vowels and voicing"),
        ("Окава Харуо", "reading matches ignoring long vowels and voicing"),
    ],
)
def test_garbled_reading_scores_in_the_loose_band(query: str, reason: str) -> None:
    scored = score_candidate(query, OGAWA)
    assert 80.0 <= scored.score < 90.0
    assert scored.reason == reason


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("オガワ ハルヨ", "family name matches exactly, given name close (edit distance 1)"),
        ("オガマ ハルオ", "family name close (edit distance 1), given name matches exactly"),
        ("ガワ ハルオ", "family name close (edit distance 1), given name matches exactly"),
        ("オガワ", "family name matches exactly"),
        ("ハルオ", "given name matches exactly"),
        ("小川　春男", "family name matches exactly, given name close (edit distance 1)"),
    ],
)
def test_near_miss_scores_below_the_loose_band(query: str, reason: str) -> None:
    scored = score_candidate(query, OGAWA)
    assert 0.0 < scored.score < 80.0
    assert scored.reason == reason


def test_family_name_weighs_more_than_given_name() -> None:
    family_wrong = score_candidate("オガマ ハルオ", OGAWA).score
    given_wrong = score_candidate("オガワ ハルヨ", OGAWA).score
    assert given_wrong > family_wrong


def test_kanji_query_is_not_compared_with_a_reading() -> None:
    reading_only = Candidate((("オガワ ハルオ", Script.KANA),))
    assert score_candidate("小川　春雄", reading_only).score == 0.0


def test_scoring_is_deterministic() -> None:
    assert score_candidate("オカワ ハロオ", OGAWA) == score_candidate("オカワ ハロオ", OGAWA)


def test_rank_puts_best_first_and_keeps_ties_in_order() -> None:
    twin = Candidate((("オガワ ハルオ", Script.KANA),))
    ranked = rank("オガワ ハルオ", [("saito", SAITO), ("ogawa", OGAWA), ("twin", twin)], limit=2)
    assert [key for key, _ in ranked] == ["ogawa", "twin"]


@pytest.mark.parametrize(
    ("query", "keys"),
    [
        ("ゴトウ ヨシロウ", ("コトヨシロ", "コト", "ヨシロ")),
        ("佐藤　春雄", ("佐藤春雄", "佐藤", "春雄")),
        ("Гото Ёсиро", ("コトヨシロ", "コト", "ヨシロ")),
        ("サトウ", ("サト", "サト", "")),
    ],
)
def test_retrieval_keys_are_full_family_and_given_keys(
    query: str, keys: tuple[str, str, str]
) -> None:
    assert retrieval_keys(query) == keys


@pytest.mark.parametrize("file", TRUTH_FILES)
def test_garbled_register_reading_finds_the_true_person_in_the_first_five(file: str) -> None:
    people = persons(file)
    candidates = [(n, candidate(p)) for n, p in enumerate(people)]
    found = sum(
        n in [key for key, _ in rank(p["kana_roll"], candidates, limit=5)]
        for n, p in enumerate(people)
    )
    rate = found / len(people)
    print(f"{file}: true person in the first five for {found}/{len(people)} ({rate:.1%})")
    assert rate >= 0.95


@pytest.mark.parametrize("file", TRUTH_FILES)
def test_garbled_register_reading_reaches_the_true_person_by_index(file: str) -> None:
    people = persons(file)
    reached = 0
    for person in people:
        _, family, given = retrieval_keys(person["kana_roll"])
        texts = [text for text, _ in candidate(person).names]
        reached += any(
            search_key(text).startswith(family) or (given and given_key(text) == given)
            for text in texts
        )
    rate = reached / len(people)
    print(f"{file}: true person reached by index for {reached}/{len(people)} ({rate:.1%})")
    assert rate >= 0.95
