"""The loose search keys every index lookup uses, the same for every script a name arrives in,
and what a query typed so far, given name first or with a confusable kanji, may stand for."""

from __future__ import annotations

import re
import unicodedata
from itertools import product

from records.names import name_parts
from records.readings import HIRAGANA_TO_KATAKANA, syllable_endings, transliterate_part
from records.scripts import CYRILLIC_RE, Script, detect_script

_FOREIGN_RE = re.compile("[A-Za-z\u00c0-\u024f\u0400-\u04ff]")


def _nfkc(text: str) -> str:
    # Most stored names are already normal once the ideographic space is replaced, and the
    # check costs a twentieth of a normalisation.
    text = text.replace("\u3000", " ")
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


# Old and variant forms registrars still write, folded to the form in everyday use. 齊 goes with
# 齋 to 斎, the spelling of the common surname; 斉 keeps a key of its own since 斉藤 is a surname of
# its own, and a query looks under both (confused_kanji_spellings).
_KANJI_VARIANTS = """
髙高 﨑崎 嵜崎 碕崎 齋斎 齊斎 邉辺 邊辺 濵浜 濱浜 德徳 國国 澤沢 櫻桜 廣広 眞真 槇槙 冨富 嶋島
嶌島 桒桑 藏蔵 惠恵 榮栄 瀨瀬 淺浅 實実 壽寿 關関 會会 鐵鉄 萬万 與与 來来 兒児 彌弥 傳伝
黑黒 靜静 淸清 舘館 𠮷吉 晉晋 豐豊 步歩 彥彦 戶戸 爲為 曾曽 增増 薰薫 滿満 禮礼 亞亜 樂楽
條条 總総 縣県 寶宝 寳宝 澁渋 澀渋 勳勲 恆恒 敎教 黃黄 團団 龍竜 驒騨 螢蛍 堯尭
"""
_KANJI_VARIANT_TABLE = {ord(pair[0]): ord(pair[1]) for pair in _KANJI_VARIANTS.split()}
_SMALL_TO_LARGE = (
    "ァアィイゥウェエォオッツャヤュユョヨヮワヵカヶケ"
    "ㇰクㇱシㇲスㇳトㇴヌㇵハㇶヒㇷフㇸヘㇹホㇺムㇻラㇼリㇽルㇾレㇿロ"
)
_VOICED_TO_PLAIN = (
    "ガカギキグクゲケゴコザサジシズスゼセゾソダタヂシヅスデテドトバハビヒブフベヘボホ"
    "パハピヒプフペヘポホヴウヷワヸイヹエヺオヰイヱエヲオ"
)


def _loose_table() -> dict[int, int | None]:
    table: dict[int, int | None] = {}
    for pairs in (_SMALL_TO_LARGE, _VOICED_TO_PLAIN):
        table.update({ord(pairs[i]): ord(pairs[i + 1]) for i in range(0, len(pairs), 2)})
    table.update(_KANJI_VARIANT_TABLE)
    for hira, kata in HIRAGANA_TO_KATAKANA.items():
        table[hira] = table.get(kata, kata)
    table.update({ord(c): None for c in "ー\u3099\u309a\u309b\u309c"})
    table.update({ord(c): 0x20 for c in "\t\n\r\v\f・"})
    table.update({ord(c): None for c in "-‐'.,"})
    # Ideographic variation selectors pick a glyph, not a different name.
    table.update({code: None for code in range(0xFE00, 0xFE10)})
    table.update({code: None for code in range(0xE0100, 0xE01F0)})
    return table


_LOOSE_TABLE = _loose_table()
# What a name as written may differ in and still be the same writing: the width, the kind of
# kana, a variant kanji, letter case and the spacing. Not voicing, length or a transliteration,
# which a search relaxes because a record may have them wrong: a different writing.
_WRITTEN_TABLE = {
    **_KANJI_VARIANT_TABLE,
    **HIRAGANA_TO_KATAKANA,
    **{ord(c): None for c in " \t\n\r\v\f・"},
}
_MORAIC_N_BEFORE_VOWEL = (
    ("ンア", "ナ"), ("ンイ", "ニ"), ("ンウ", "ヌ"), ("ンエ", "ネ"), ("ンオ", "ノ"),
    ("ンヤ", "ニヤ"), ("ンユ", "ニユ"), ("ンヨ", "ニヨ"),
)  # fmt: skip
# The leading lookahead lets the engine skip every non-vowel position cheaply: measured twice
# as fast on katakana names as the bare alternation.
_LENGTHENING_RE = re.compile(
    "(?=[アイウエオ])(?:(?<=[オコソトノホモヨロ])[ウオ]+|(?<=[エケセテネヘメレ])[イエ]+"
    "|(?<=[イキシチニヒミリ])イ+|(?<=[ウクスツヌフムユル])ウ+|(?<=[アカサタナハマヤラワ])ア+)"
)


# Latin letters drawn like Cyrillic ones, which a Cyrillic name typed on a Latin keyboard
# layout, or read by OCR, picks up (Иcида with a Latin c): read in a word otherwise Cyrillic as
# the Cyrillic letters they stand for, or the word would transliterate as two scripts.
_CYRILLIC_LOOK_ALIKES = str.maketrans("aceopxyABCEHKMOPTXY", "асеорхуАВСЕНКМОРТХУ")
_LATIN_LETTER_RE = re.compile("[A-Za-z]")


def _look_alikes_as_cyrillic(word: str) -> str:
    """A Cyrillic word whose only Latin letters are look-alikes, written in Cyrillic alone; any
    other word as it is (Sаto, with a Cyrillic а, stays Latin: S has no Cyrillic double)."""
    folded = word.translate(_CYRILLIC_LOOK_ALIKES)
    if folded != word and CYRILLIC_RE.search(word) and not _LATIN_LETTER_RE.search(folded):
        return folded
    return word


def search_key(text: str) -> str:
    """The loose key for index lookups, the same for every script a name may arrive in.

    Variant kanji, hiragana, half-width and small kana, voicing, long vowels and spacing are
    folded away; Cyrillic and Latin are transliterated first, Latin look-alikes in a Cyrillic
    word read as Cyrillic. Whitespace separates parts, so the key of a full name is the keys of
    its parts joined.
    """
    text = _nfkc(text)
    if _FOREIGN_RE.search(text):
        text = " ".join(transliterate_part(_look_alikes_as_cyrillic(part)) for part in text.split())
    text = text.translate(_LOOSE_TABLE)
    if "ン" in text:
        for moraic, syllable in _MORAIC_N_BEFORE_VOWEL:
            text = text.replace(moraic, syllable)
    return _LENGTHENING_RE.sub("", text).replace(" ", "")


def written_key(text: str) -> str:
    """A name in the form two writings of it agree in when they are the same writing (高橋 and
    髙橋, さとう and サトウ, Sato and SATO); in ``search_key``'s, similar names agree too."""
    return _nfkc(text).translate(_WRITTEN_TABLE).casefold()


# Letters at the end of a Cyrillic or romanised query that no vowel has joined yet: Ям, Yamag.
_DANGLING_RE = re.compile("[бвгджзйклмнпрстфхцчшщbcdfghjklmnpqrstvwxyz]+$")
# A hard or soft sign or an apostrophe typed last only says that the н or n before it is ン.
_SEPARATORS_RE = re.compile("[ъь']+$")
_VOWEL_LETTERS = frozenset("аиуэоеёюяыaiueo")
# What one consonant typed after a vowel may be besides the start of a syllable: the first of
# a doubled pair, read ッ (Хат on the way to Хаттори; in Japanese names ッ comes only before
# a voiceless consonant, so Ямаг does not stand for ヤマッ); before б, п or м an м reads ン
# (Хом, Хомма); and й, н, n or a romanised long-vowel h may end the syllable as typed (Сай
# for Сайто, Син, Satoh).
_SOKUON_FIRST = frozenset("кстпцkstp")
_MORAIC_M = frozenset("мm")
_ENDS_SYLLABLE = frozenset("йнnh")


def prefix_keys(text: str) -> list[str]:
    """The key prefixes a name typed so far stands for, in key order.

    Mostly one: the query's search key. But a Cyrillic or Latin query typed letter by letter
    stops between a consonant and its vowel (Ям on the way to Ямагути), and that consonant
    alone would transliterate to a syllable of its own (ヤム), which begins no name. It stands
    instead for every syllable the consonant can begin (ヤマ, ヤミ, ヤム, ヤメ, ヤモ), and, after
    a vowel, for the ッ, ン or syllable end it may also be. A Cyrillic е or ё stands for both
    (``undotted_spellings``)."""
    # Look-alikes folded before the letter case: a Latin H is a Cyrillic Н, h is nothing.
    words = " ".join(_look_alikes_as_cyrillic(word) for word in _nfkc(text).split())
    typed = _SEPARATORS_RE.sub("", words.lower())
    keys = {key for spelling in undotted_spellings(typed) for key in _typed_keys(spelling)}
    keys.discard("")
    # A key another one begins with finds that one's names too: keep the shortest.
    ordered = sorted(keys)
    return [key for i, key in enumerate(ordered) if not any(key.startswith(k) for k in ordered[:i])]


# Russian print mostly leaves the dots off ё, so the same name arrives as Ёсида and Есида, Кёко
# and Кеко; a query finds it either way. Past this many the spellings double too often for a
# name: such a query is taken as typed.
_MOST_UNDOTTED = 3


def undotted_spellings(typed: str) -> list[str]:
    """The spellings a lower-case query stands for with each е or ё in it read either way."""
    places = [i for i, letter in enumerate(typed) if letter in "её"]
    if not places or len(places) > _MOST_UNDOTTED:
        return [typed]
    spellings = []
    for letters in product("её", repeat=len(places)):
        spelling = list(typed)
        for place, letter in zip(places, letters, strict=True):
            spelling[place] = letter
        spellings.append("".join(spelling))
    return spellings


def _typed_keys(typed: str) -> set[str]:
    """The key prefixes of one spelling of a query (``prefix_keys``)."""
    dangling = _DANGLING_RE.search(typed)
    if dangling is None:
        return {search_key(typed)}
    letters = dangling.group()
    keys = {search_key(typed + ending) for ending in syllable_endings(letters)}
    stem = typed[: dangling.start()]
    if len(letters) == 1 and stem[-1:] in _VOWEL_LETTERS:
        # Kana left in the text pass through the transliteration and fold like typed kana.
        if letters in _SOKUON_FIRST:
            keys.add(search_key(stem + "ッ"))
        if letters in _MORAIC_M:
            keys.add(search_key(stem + "ン"))
        if letters in _ENDS_SYLLABLE:
            keys.add(search_key(typed))
    return keys


# 斉 and 斎 (with its old forms 齋 and 齊) are different kanji, and 斉藤 a surname of its own, so
# their keys stay apart; but registers write one for the other all the time, so a registrar
# looking for one must see the other. Folding them at query time leaves stored keys as they are.
_AS_SAI = str.maketrans("斉", "斎")
_AS_SEI = str.maketrans("斎齋齊", "斉斉斉")


def confused_kanji_spellings(text: str) -> list[str]:
    """The name or key as given, then as written with the kanji registers confuse (斉藤, 斎藤)."""
    return list(dict.fromkeys((text, text.translate(_AS_SAI), text.translate(_AS_SEI))))


def fold_confused_kanji(key: str) -> str:
    """The key with each kanji registers confuse as one of them, for comparing two names."""
    return key.translate(_AS_SAI)


def given_name_first(text: str) -> str | None:
    """A Latin or Cyrillic name of two parts with the parts swapped, as a query may be typed
    given name first: romanised names often are, and Russian records write them so. None for
    a name with kana or kanji, which Japanese writes family name first."""
    text = _nfkc(text)
    parts = text.split()
    foreign = detect_script(text) in (Script.LATIN, Script.CYRILLIC) and _FOREIGN_RE.search(text)
    return f"{parts[1]} {parts[0]}" if foreign and len(parts) == 2 else None


def family_key(text: str) -> str:
    """search_key of the family-name part."""
    return search_key(name_parts(text)[0])


def given_key(text: str) -> str:
    """search_key of the given-name part; '' when the name has none."""
    given = name_parts(text)[1]
    return search_key(given) if given else ""
