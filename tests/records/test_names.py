import json
import random
from pathlib import Path

import pytest

from records.demo import FAMILY, GIVEN
from records.garbled_readings import garble_katakana
from records.names import name_parts
from records.readings import (
    cyrillic_to_katakana,
    katakana_to_cyrillic,
    latin_to_katakana,
    to_katakana,
)
from records.scripts import Script, detect_script, written_in
from records.search_keys import (
    confused_kanji_spellings,
    family_key,
    given_key,
    given_name_first,
    prefix_keys,
    search_key,
)

SAMPLES = Path("/work/shared/samples")
TRUTH_FILES = ("truth_messy.json", "truth_clean.json")


def persons(file: str) -> list[dict[str, str]]:
    path = SAMPLES / file
    if not path.exists():
        pytest.skip(f"sample {path} is not available")
    persons: list[dict[str, str]] = json.loads(path.read_text(encoding="utf-8"))["persons"]
    return persons


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("佐藤　春雄", Script.KANJI),
        ("髙橋　﨑子", Script.KANJI),
        ("佐々木", Script.KANJI),
        ("山田 たろう", Script.KANJI),
        ("サトウ ハルオ", Script.KANA),
        ("さとう はるお", Script.KANA),
        ("ｻﾄｳ ﾊﾙｵ", Script.KANA),
        ("Сато Харуо", Script.CYRILLIC),
        ("Sato Haruo", Script.LATIN),
        ("Ｓａｔｏ", Script.LATIN),
    ],
)
def test_script_is_detected(text: str, script: Script) -> None:
    assert detect_script(text) == script


@pytest.mark.parametrize(
    ("text", "katakana"),
    [
        ("サトウ ハルオ", "サトウ ハルオ"),
        ("さとう　はるお", "サトウ ハルオ"),
        ("ｻﾄｳ ﾊﾙｵ", "サトウ ハルオ"),
        ("ｶﾞｯｺｳ", "ガッコウ"),
        ("  キクチ \u3000 タツオ ", "キクチ タツオ"),
        ("じょうじ", "ジョウジ"),
    ],
)
def test_reading_is_shown_in_full_width_katakana(text: str, katakana: str) -> None:
    assert to_katakana(text) == katakana


@pytest.mark.parametrize(
    "spelling",
    ["サトウ ハルオ", "さとう　はるお", "ｻﾄｳ ﾊﾙｵ", "サト ハルオ", "サトー ハルオ", "サトオ ハルオ",
     "Сато Харуо", "САТО ХАРУО", "Sato Haruo", "Satō Haruo", "Satoh Haruo", "SATOU HARUO"],
)  # fmt: skip
def test_every_spelling_of_a_reading_shares_one_key(spelling: str) -> None:
    assert search_key(spelling) == search_key("サトウ ハルオ")


@pytest.mark.parametrize(
    ("one", "other", "quirk"),
    [
        ("佐藤　春雄", "佐藤 春雄", "full-width space"),
        ("佐藤春雄", "佐藤 春雄", "no space"),
        ("髙橋", "高橋", "variant 髙"),
        ("山﨑", "山崎", "variant 﨑"),
        ("齋藤", "斎藤", "variant 齋"),
        ("齊藤", "斎藤", "variant 齊"),
        ("渡邉", "渡辺", "variant 邉"),
        ("渡邊", "渡辺", "variant 邊"),
        ("濵田", "浜田", "variant 濵"),
        ("德永", "徳永", "variant 德"),
        ("國男", "国男", "variant 國"),
        ("澤田", "沢田", "variant 澤"),
        ("櫻井", "桜井", "variant 櫻"),
        ("廣田", "広田", "variant 廣"),
        ("眞一", "真一", "variant 眞"),
        ("辻\U000e0100", "辻", "ideographic variation selector"),
        ("ｻｻｷ", "ササキ", "half-width kana"),
        ("ﾊﾟｳﾞ", "パヴ", "half-width voiced marks"),
        ("ささき", "ササキ", "hiragana"),
        ("ハットリ", "ハツトリ", "small tsu"),
        ("キョウコ", "キヨコ", "small yo"),
        ("スズキ", "ススキ", "voicing ズ"),
        ("オガワ", "オカワ", "voicing ガ"),
        ("フジワラ", "フシワラ", "voicing ジ"),
        ("ヂロウ", "ジロウ", "ヂ and ジ collapse"),
        ("ミヅノ", "ミズノ", "ヅ and ズ collapse"),
        ("ヴ", "ウ", "ヴ"),
        ("ゴトウ", "ゴト", "long o written ウ"),
        ("オオノ", "オノ", "long o written オ"),
        ("ユウキ", "ユキ", "long u"),
        ("セイコ", "セコ", "long e written イ"),
        ("ニイミ", "ニミ", "long i"),
        ("サアヤ", "サヤ", "long a"),
        ("トシーオ", "トシオ", "stray long mark"),
        ("ケンイチ", "ケニチ", "moraic n before a vowel"),
        ("ヲ", "オ", "old kana ヲ"),
    ],
)
def test_key_folds_quirk(one: str, other: str, quirk: str) -> None:
    assert search_key(one) == search_key(other), quirk


@pytest.mark.parametrize(
    ("mixed", "cyrillic"),
    [
        ("Иcида", "Исида"),  # a Latin c
        ("Иcида Xаруо", "Исида Харуо"),  # and a Latin X in the given name
        ("Oгава", "Огава"),  # a Latin O first
        ("KУБO", "КУБО"),  # capitals K and O, as many as the Cyrillic letters
        ("Hакамура", "Накамура"),  # a Latin H is the Cyrillic Н it looks like
        ("Taнaкa", "Танака"),  # more look-alikes than Cyrillic letters
    ],
)
def test_key_reads_latin_look_alikes_in_a_cyrillic_word_as_cyrillic(
    mixed: str, cyrillic: str
) -> None:
    assert search_key(mixed) == search_key(cyrillic)


@pytest.mark.parametrize(
    ("mixed", "cyrillic"), [("Иc", "Ис"), ("Hак", "Нак"), ("Иcида Xа", "Исида Ха")]
)
def test_a_query_typed_with_latin_look_alikes_stands_for_its_cyrillic_prefixes(
    mixed: str, cyrillic: str
) -> None:
    assert prefix_keys(mixed) == prefix_keys(cyrillic)


@pytest.mark.parametrize(
    ("latin", "kana"),
    [("Ocaka", "オクアカ"), ("Sato Haruo", "サトハルオ")],  # no Cyrillic letter: Latin words
)
def test_key_leaves_a_latin_word_latin(latin: str, kana: str) -> None:
    assert search_key(latin) == search_key(kana)


@pytest.mark.parametrize(
    ("cyrillic", "kana"),
    [
        ("Симидзу", "シミズ"),  # си, дзу
        ("Тиба", "チバ"),  # ти
        ("Тацуо", "タツオ"),  # цу
        ("Кодзима", "コジマ"),  # дзи
        ("Ёсида", "ヨシダ"),  # Ё at the start
        ("Киёси", "キヨシ"),  # ё after a vowel
        ("Сёуити", "ショウイチ"),  # сё
        ("Тётаро", "チョタロ"),  # тё
        ("Дзюнко", "ジュンコ"),  # дзю
        ("Юкио", "ユキオ"),  # Ю
        ("Сюдзи", "シュジ"),  # сю
        ("Ямада", "ヤマダ"),  # Я
        ("Рёма", "リョマ"),  # рё
        ("Сайто", "サイト"),  # й after a vowel
        ("Гэнтаро", "ゲンタロ"),  # н before a consonant
        ("Симбун", "シンブン"),  # м before б
        ("Синъя", "シンヤ"),  # ъ after н
        ("Хаттори", "ハットリ"),  # doubled consonant
        ("Такеути", "タケウチ"),  # е after a consonant
        ("Фукуда", "フクダ"),  # фу
    ],
)
def test_cyrillic_reads_back_as_katakana(cyrillic: str, kana: str) -> None:
    assert cyrillic_to_katakana(cyrillic) == kana


@pytest.mark.parametrize(
    ("latin", "kana"),
    [
        ("Shimizu", "シミズ"),
        ("Tsuneo", "ツネオ"),
        ("Chiba", "チバ"),
        ("Ken'ichi", "ケンイチ"),
        ("Hattori", "ハットリ"),
        ("Kyōko", "キョーコ"),
        ("Gumma", "グンマ"),
        ("Matchida", "マッチダ"),
    ],
)
def test_hepburn_reads_back_as_katakana(latin: str, kana: str) -> None:
    assert latin_to_katakana(latin) == kana


@pytest.mark.parametrize(
    ("kana", "cyrillic"),
    [
        ("イシダ ハルオ", "Исида Харуо"),
        ("スズキ", "Судзуки"),
        ("ツネキチ", "Цунэкити"),
        ("ゴトウ ヨシロウ", "Гото Ёсиро"),
        ("イノウエ", "Иноэ"),
        ("オオタ", "Оота"),
        ("ヤマダ ショウイチ", "Ямада Сёуити"),
        ("ケンイチ", "Кэнити"),
        ("ハットリ", "Хаттори"),
        ("シンブン", "Симбун"),
        ("じろう", "Дзиро"),
    ],
)
def test_katakana_is_written_as_polivanov(kana: str, cyrillic: str) -> None:
    assert katakana_to_cyrillic(kana) == cyrillic


@pytest.mark.parametrize("file", TRUTH_FILES)
def test_polivanov_agrees_with_every_sample_register_name(file: str) -> None:
    people = persons(file)
    agreeing = sum(katakana_to_cyrillic(p["kana_true"]) == p["cyrillic"] for p in people)
    print(f"{file}: Polivanov agrees for {agreeing}/{len(people)}")
    assert agreeing == len(people)


@pytest.mark.parametrize("file", TRUTH_FILES)
def test_register_cyrillic_and_true_reading_share_a_key(file: str) -> None:
    for person in persons(file):
        assert search_key(person["cyrillic"]) == search_key(person["kana_true"]), person


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("佐藤　春雄", ("佐藤", "春雄")),
        ("サトウ ハルオ", ("サトウ", "ハルオ")),
        ("  Сато   Харуо ", ("Сато", "Харуо")),
        ("佐藤", ("佐藤", "")),
        ("ヤマダ タロウ ジュニア", ("ヤマダ", "タロウ ジュニア")),
        ("", ("", "")),
    ],
)
def test_name_splits_into_family_and_given(text: str, parts: tuple[str, str]) -> None:
    assert name_parts(text) == parts


@pytest.mark.parametrize(
    ("text", "family", "given"),
    [
        ("佐藤　春雄", "佐藤", "春雄"),
        ("ゴトウ ヨシロウ", "ゴト", "ヨシロ"),
        ("Гото Ёсиро", "ゴト", "ヨシロ"),
        ("佐藤", "佐藤", ""),
    ],
)
def test_family_and_given_keys(text: str, family: str, given: str) -> None:
    assert (family_key(text), given_key(text)) == (search_key(family), search_key(given))


@pytest.mark.parametrize(
    ("family", "given"),
    [
        ("サトウ", "ウメ"),  # a long vowel must not reach across the space
        ("ケン", "イチ"),  # nor moraic n
        ("佐藤", "春雄"),
        ("Сато", "Умэ"),
        ("Хан", "Ити"),
        ("Satō", "Ume"),
        ("Kan", "Ichi"),
        ("ｻﾄｳ", "ｳﾒ"),
    ],
)
def test_key_of_full_name_is_keys_of_parts_joined(family: str, given: str) -> None:
    joined = search_key(family) + search_key(given)
    assert search_key(f"{family} {given}") == joined
    assert search_key(f"{family}\u3000{given}") == joined


@pytest.mark.parametrize(
    "text", ["サトウ", "トウオ", "ケンオウ", "ンイイ", "Сёуити", "齋藤", "ｶﾞｯｺｳ", "Ken'ichi"]
)
def test_key_of_one_part_is_stable_when_applied_to_itself(text: str) -> None:
    key = search_key(text)
    assert search_key(key) == key


@pytest.mark.parametrize("file", TRUTH_FILES)
def test_key_of_every_sample_name_part_is_stable(file: str) -> None:
    # Only a part's key is stable: once parts are joined, a vowel starting the given name may
    # look like it lengthens the end of the family name (タカハシ + イサム).
    for person in persons(file):
        for text in (person["kanji"], person["kana_true"], person["kana_roll"], person["cyrillic"]):
            for part in text.split():
                assert search_key(search_key(part)) == search_key(part)


def test_garbling_leaves_most_names_intact_and_damages_some_like_the_register() -> None:
    rng = random.Random(20)
    names = [p["kana_true"] for file in TRUTH_FILES for p in persons(file)] * 50
    garbled = [(name, garble_katakana(name, rng)) for name in names]
    changed = [(name, bad) for name, bad in garbled if bad != name]
    rate = len(changed) / len(names)
    assert 0.02 < rate < 0.06
    loose_still_equal = sum(search_key(name) == search_key(bad) for name, bad in changed)
    assert 0.5 < loose_still_equal / len(changed) < 0.95


@pytest.mark.parametrize(
    ("kana", "possible"),
    [
        ("オガワ", {"オカワ", "オーガワ", "オガーワ", "ガワ"}),
        ("タロウ", {"タロ", "ターロウ", "タローウ", "ロウ"}),
        ("マツ", {"マス", "マーツ"}),
    ],
)
def test_garbling_makes_one_change_the_register_shows(kana: str, possible: set[str]) -> None:
    rng = random.Random(0)
    seen = {garble_katakana(kana, rng, rate=1.0) for _ in range(200)}
    assert seen <= possible
    assert len(seen) >= 2


@pytest.mark.parametrize(
    ("text", "script", "expected"),
    [
        ("髙橋　正", Script.KANJI, True),
        ("髙橋　正", Script.KANA, False),
        ("ｻﾄｳ ﾊﾙｵ", Script.KANA, True),
        ("Сато Харуо", Script.CYRILLIC, True),
        ("Сато Харуо", Script.LATIN, False),
        ("Ｓａｔｏ", Script.LATIN, True),
        ("1946", Script.LATIN, False),
    ],
)
def test_a_form_is_written_in_a_script_only_if_it_holds_its_letters(
    text: str, script: Script, expected: bool
) -> None:
    assert written_in(text, script) is expected


@pytest.mark.parametrize(
    ("typed", "keys"),
    [
        ("Ямагути", ["ヤマクチ"]),  # complete: one key
        ("Ям", ["ヤマ", "ヤミ", "ヤム", "ヤメ", "ヤモ", "ヤン"]),  # м takes a vowel, or is ン
        ("Син", ["シナ", "シニ", "シヌ", "シネ", "シノ", "シン"]),  # н may also be ン
        ("Синъ", ["シナ", "シニ", "シヌ", "シネ", "シノ", "シン"]),  # ъ only marks the ン
        ("Фуд", ["フサ", "フシ", "フス", "フセ", "フソ", "フタ", "フテ", "フト"]),  # or дз
        ("Сай", ["サイ", "サヤ", "サユ", "サヨ"]),  # й may end the syllable
        ("Хат", ["ハタ", "ハチ", "ハツ", "ハテ", "ハト"]),  # т may double: Хаттори
        ("Сато Т", ["サトタ", "サトチ", "サトテ", "サトト"]),  # no ッ at a word's start
        ("Ямаг", ["ヤマカ", "ヤマキ", "ヤマク", "ヤマケ", "ヤマコ"]),  # no ッ before a voiced one
        ("Есида", ["エシタ", "ヨシタ"]),  # е may be ё with its dots left off
        ("Satoh", ["サト"]),  # h marks a long vowel
        ("Yamag", ["ヤマカ", "ヤマキ", "ヤマク", "ヤマケ", "ヤマコ"]),
        ("Yamaguc", ["ヤマクチ"]),  # c goes on as ch
        ("さとう", ["サト"]),
        ("佐藤", ["佐藤"]),
        ("  ", []),
    ],
)
def test_a_query_typed_so_far_stands_for_every_key_it_may_begin(
    typed: str, keys: list[str]
) -> None:
    assert prefix_keys(typed) == keys


def test_every_prefix_of_every_demo_name_in_cyrillic_begins_its_key() -> None:
    names = [katakana_to_cyrillic(entry.split()[1]) for entry in (*FAMILY, *GIVEN)]
    for name in [*names, *(f"{family} {given}" for family in names[:30] for given in names[-30:])]:
        key = search_key(name)
        for end in range(1, len(name) + 1):
            assert any(key.startswith(k) for k in prefix_keys(name[:end])), (name, name[:end])


@pytest.mark.parametrize(
    ("text", "swapped"),
    [
        ("Osamu Hasegawa", "Hasegawa Osamu"),
        ("Осаму  Хасэгава", "Хасэгава Осаму"),
        ("Ｏｓａｍｕ　Ｈａｓｅｇａｗａ", "Hasegawa Osamu"),
        ("Hasegawa", None),  # one part: nothing to swap
        ("Osamu Hasegawa Jr", None),
        ("オサム ハセガワ", None),  # Japanese writes the family name first
        ("治 長谷川", None),
        ("Osamu 長谷川", None),
        ("14 3", None),
    ],
)
def test_a_latin_or_cyrillic_name_of_two_parts_is_also_read_given_name_first(
    text: str, swapped: str | None
) -> None:
    assert given_name_first(text) == swapped


@pytest.mark.parametrize(
    ("key", "spellings"),
    [
        ("斉藤", ["斉藤", "斎藤"]),
        (search_key("斎藤"), ["斎藤", "斉藤"]),
        (search_key("齋藤"), ["斎藤", "斉藤"]),
        (search_key("齊藤 一郎"), ["斎藤一郎", "斉藤一郎"]),
        ("佐藤", ["佐藤"]),
    ],
)
def test_kanji_the_registers_confuse_are_looked_up_under_each_other(
    key: str, spellings: list[str]
) -> None:
    assert confused_kanji_spellings(key) == spellings
