"""Pure functions over people's names: which script a name is written in, its katakana reading,
the loose key every index lookup uses, and Polivanov transliteration between katakana and
Cyrillic as Soviet clerks wrote it, and what a person is called wherever the app names them."""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable, Sequence
from enum import StrEnum
from functools import lru_cache


class Script(StrEnum):
    KANJI = "kanji"
    KANA = "kana"
    CYRILLIC = "cyrillic"
    LATIN = "latin"


# Which field of a death register's row each of its name forms is read from, and the source
# (NameForm.source) it is recorded under: the import reads them so, and a form of one of these
# sources is known to have come with its person's row.
REGISTER_FORM_SOURCES = (
    ("reading", "register-kana"),
    ("name", "register-kanji"),
    ("russian_name", "russian-record"),
)

_KANJI_RE = re.compile("[\u3005\u3006\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_CYRILLIC_RE = re.compile("[\u0400-\u04ff]")
_KANA_RE = re.compile("[\u3041-\u309f\u30a1-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
_FOREIGN_RE = re.compile("[A-Za-z\u00c0-\u024f\u0400-\u04ff]")
_WHITESPACE_RE = re.compile(r"\s+")

# (katakana, Hepburn, Polivanov) for every plain syllable; yōon digraphs are derived below.
_SYLLABLES = """
ア a а イ i и ウ u у エ e э オ o о カ ka ка キ ki ки ク ku ку ケ ke кэ コ ko ко
サ sa са シ shi си ス su су セ se сэ ソ so со タ ta та チ chi ти ツ tsu цу テ te тэ ト to то
ナ na на ニ ni ни ヌ nu ну ネ ne нэ ノ no но ハ ha ха ヒ hi хи フ fu фу ヘ he хэ ホ ho хо
マ ma ма ミ mi ми ム mu му メ me мэ モ mo мо ヤ ya я ユ yu ю ヨ yo ё
ラ ra ра リ ri ри ル ru ру レ re рэ ロ ro ро ワ wa ва ヰ i и ヱ e э ヲ o о
ガ ga га ギ gi ги グ gu гу ゲ ge гэ ゴ go го ザ za дза ジ ji дзи ズ zu дзу ゼ ze дзэ ゾ zo дзо
ダ da да ヂ ji дзи ヅ zu дзу デ de дэ ド do до バ ba ба ビ bi би ブ bu бу ベ be бэ ボ bo бо
パ pa па ピ pi пи プ pu пу ペ pe пэ ポ po по ヴ vu ву
"""
_LOANWORD_SYLLABLES = """
ファ fa фа フィ fi фи フェ fe фэ フォ fo фо ティ ti ти ディ di ди トゥ tu ту ドゥ du ду
シェ she сэ ジェ je дзэ チェ che тэ ヴァ va ва ヴィ vi ви ヴェ ve вэ ヴォ vo во
ウィ wi уи ウェ we уэ ウォ wo уо
"""


def _triples(table: str) -> list[tuple[str, str, str]]:
    words = table.split()
    return [(words[i], words[i + 1], words[i + 2]) for i in range(0, len(words), 3)]


def _yoon(plain: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    by_kana = {kana: (latin, cyr) for kana, latin, cyr in plain}
    digraphs = []
    for base in "キギシジチヂニヒビピミリ":
        latin, cyr = by_kana[base]
        stem = latin[:-1] if latin.endswith(("hi", "ji")) else latin[:-1] + "y"
        for small, vowel, iotated in (("ャ", "a", "я"), ("ュ", "u", "ю"), ("ョ", "o", "ё")):
            digraphs.append((base + small, stem + vowel, cyr[:-1] + iotated))
    return digraphs


_PLAIN = _triples(_SYLLABLES)
_DIGRAPHS = _yoon(_PLAIN)
_LOANWORDS = _triples(_LOANWORD_SYLLABLES)
_KANA_TO_CYRILLIC = {kana: cyr for kana, _, cyr in _PLAIN + _DIGRAPHS + _LOANWORDS}
_KANA_TOKEN_RE = re.compile("|".join(k for k, _, _ in _DIGRAPHS + _LOANWORDS) + "|.", re.DOTALL)
# ウ after these lengthens the vowel, and the register writes nothing for it.
_O_OR_U_SINGLE = frozenset("オコソトノホモヨロヲゴゾドボポウクスツヌフムユルグズヅブプ")


def _cyrillic_syllables() -> dict[str, str]:
    table: dict[str, str] = {}
    extra = [
        ("ディ", "ди"), ("ドゥ", "ду"), ("トゥ", "ту"), ("ファ", "фа"), ("フィ", "фи"),
        ("フェ", "фэ"), ("フォ", "фо"), ("ヴァ", "ва"), ("ヴィ", "ви"), ("ヴェ", "вэ"),
        ("ヴォ", "во"),
    ]  # fmt: skip
    for kana, cyr in [(k, c) for k, _, c in _PLAIN + _DIGRAPHS] + extra:
        table.setdefault(cyr, kana)
        if cyr.endswith("э"):
            table.setdefault(cyr[:-1] + "е", kana)
        if cyr.endswith("и"):
            table.setdefault(cyr[:-1] + "ы", kana)
    # Spellings Russian clerks used when they did not follow Polivanov.
    for consonant, row in (("ш", "シ"), ("ч", "チ"), ("ж", "ジ"), ("дж", "ジ")):
        table.update({consonant + "и": row, consonant + "е": row + "ェ"})
        table.update({consonant + v: row + s for v, s in (("а", "ャ"), ("у", "ュ"), ("о", "ョ"))})
    table.update({"з" + v: k for v, k in zip("аиуэео", "ザジズゼゼゾ", strict=True)})
    table.update({"л" + v: k for v, k in zip("аиуэео", "ラリルレレロ", strict=True)})
    table.update({"й" + v: k for v, k in zip("аоу", "ヤヨユ", strict=True)})
    singles = (
        "аアиイуウэエеエоオяヤюユёヨйイыイкクгグсスтトдドнンхフфフмムрルвブбブпプцツзズшシжジчチлル"
    )
    table.update({singles[i]: singles[i + 1] for i in range(0, len(singles), 2)})
    table.update({"ь": "", "ъ": ""})
    return table


_KUNREI_AND_OTHER_ROMAJI = """
si シ ti チ tu ツ hu フ zi ジ di ヂ du ヅ sya シャ syu シュ syo ショ tya チャ tyu チュ tyo チョ
cha チャ zya ジャ zyu ジュ zyo ジョ jya ジャ jyu ジュ jyo ジョ la ラ li リ lu ル le レ lo ロ ye イェ
"""


def _pairs(table: str) -> dict[str, str]:
    words = table.split()
    return {words[i]: words[i + 1] for i in range(0, len(words), 2)}


def _latin_syllables() -> dict[str, str]:
    table: dict[str, str] = {}
    for kana, latin, _ in _PLAIN + _DIGRAPHS:
        table.setdefault(latin, kana)
    table.update(_pairs(_KUNREI_AND_OTHER_ROMAJI))
    for kana, latin, _ in _LOANWORDS:
        table.setdefault(latin, kana)
    singles = "kクgグsスtトdドhフfフmムrルbブpプzズjジcクlルvブwウyイqクxクス"
    for consonant, kana in re.findall(r"([a-z])([^a-z]+)", singles):
        table.setdefault(consonant, kana)
    return table


_CYRILLIC_SYLLABLES = _cyrillic_syllables()
# Moraic n and doubled consonants are marked first with plain substitutions, so that the
# syllable pattern can be a few character classes: an alternation of every syllable in the
# table was measured four times slower.
_CYRILLIC_SOKUON_RE = re.compile("([кгсптдбфхцзшжч])(?=\\1)|т(?=[цч])")
_CYRILLIC_MORAIC_RE = re.compile("м(?=[бпм])|нъ|н(?![аиуэеоёюяы])")
_CYRILLIC_SYLLABLE_RE = re.compile("(?:дж|дз|[кгсптдбфхцзшжчнмрвлй])?[аиуэеоёюяы]|[а-яё]")
_LATIN_SYLLABLES = _latin_syllables()
_LATIN_MORAIC_RE = re.compile("n'|n(?![aiueoy])|m(?=[bpm])")
_LATIN_SOKUON_RE = re.compile("[tc](?=ch)|([bcdfghjkpqrstvwxz])(?=\\1)")
_LATIN_SYLLABLE_RE = re.compile("(?:ch|sh|ts|[bcdfghjklmnpqrstvwxyz]y?)?[aiueo]|[a-z]")
# A macron, a circumflex or a trailing "h" (Satoh, Ohno) marks a long vowel in romanised names.
_LATIN_LONG = str.maketrans(
    {mark: vowel + "ー" for mark, vowel in zip("āīūēōâîûêô", "aiueoaiueo", strict=True)}
)
_LATIN_LONG_H_RE = re.compile("(?<=[aeiou])h(?![aiueoy])")


def _cyrillic_token(match: re.Match[str]) -> str:
    syllable = match.group()
    kana = _CYRILLIC_SYLLABLES.get(syllable)
    if kana is None:
        return "".join(_CYRILLIC_SYLLABLES.get(letter, letter) for letter in syllable)
    return kana


def _latin_token(match: re.Match[str]) -> str:
    syllable = match.group()
    kana = _LATIN_SYLLABLES.get(syllable)
    if kana is None:
        return "".join(_LATIN_SYLLABLES.get(letter, letter) for letter in syllable)
    return kana


def _transliterate(text: str) -> str:
    text = text.lower()
    if _CYRILLIC_RE.search(text):
        text = _CYRILLIC_MORAIC_RE.sub("ン", _CYRILLIC_SOKUON_RE.sub("ッ", text))
        text = _CYRILLIC_SYLLABLE_RE.sub(_cyrillic_token, text)
    if re.search("[a-z\u00c0-\u024f]", text):
        text = _LATIN_LONG_H_RE.sub("ー", text.translate(_LATIN_LONG))
        text = _LATIN_SOKUON_RE.sub("ッ", _LATIN_MORAIC_RE.sub("ン", text))
        text = _LATIN_SYLLABLE_RE.sub(_latin_token, text)
    return text


@lru_cache(maxsize=1 << 16)
def _transliterate_part(part: str) -> str:
    # Bulk imports repeat the same family and given names thousands of times, and the
    # per-syllable callback is the slowest step of the key.
    return _transliterate(part)


def _nfkc(text: str) -> str:
    # Most stored names are already normal once the ideographic space is replaced, and the
    # check costs a twentieth of a normalisation.
    text = text.replace("\u3000", " ")
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


def _hiragana_to_katakana() -> dict[int, int]:
    table = {code: code + 0x60 for code in range(0x3041, 0x3097)}
    table.update({0x309D: 0x30FD, 0x309E: 0x30FE})
    return table


_HIRAGANA = _hiragana_to_katakana()
_DISPLAY_TABLE = str.maketrans(_HIRAGANA)

# Old and variant forms registrars still write, folded to the form in everyday use. 齊 goes with
# 齋 to 斎, the spelling of the common surname; 斉 keeps a key of its own since 斉藤 is a surname of
# its own, and a query looks under both (confused_kanji_spellings).
_KANJI_VARIANTS = """
髙高 﨑崎 嵜崎 碕崎 齋斎 齊斎 邉辺 邊辺 濵浜 濱浜 德徳 國国 澤沢 櫻桜 廣広 眞真 槇槙 冨富 嶋島
嶌島 桒桑 藏蔵 惠恵 榮栄 瀨瀬 淺浅 實実 壽寿 關関 會会 鐵鉄 萬万 與与 來来 兒児 彌弥 傳伝
黑黒 靜静 淸清 舘館 𠮷吉 晉晋 豐豊 步歩 彥彦 戶戸 爲為 曾曽 增増 薰薫 滿満 禮礼 亞亜 樂楽
條条 總総 縣県 寶宝 寳宝 澁渋 澀渋 勳勲 恆恒 敎教 黃黄 團団 龍竜 驒騨 螢蛍 堯尭
"""
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
    table.update({ord(pair[0]): ord(pair[1]) for pair in _KANJI_VARIANTS.split()})
    for hira, kata in _HIRAGANA.items():
        table[hira] = table.get(kata, kata)
    table.update({ord(c): None for c in "ー\u3099\u309a\u309b\u309c"})
    table.update({ord(c): 0x20 for c in "\t\n\r\v\f・"})
    table.update({ord(c): None for c in "-‐'.,"})
    # Ideographic variation selectors pick a glyph, not a different name.
    table.update({code: None for code in range(0xFE00, 0xFE10)})
    table.update({code: None for code in range(0xE0100, 0xE01F0)})
    return table


_LOOSE_TABLE = _loose_table()
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


UNNAMED = "氏名不詳"
"""What a printed roll says in the name column of an entry no record names, as a lot on the
roll alone: a blank there reads as a name left out. A roll read back takes it for no name."""


def known_as(name: str, reading: str, forms: Sequence[str]) -> str:
    """What a person is called: the name, else its reading, else the first form of the name
    received. An unidentified person has neither name nor reading, only the forms the records
    wrote (a kana reading of a card, a Cyrillic spelling): a list that named them by name alone
    would show a blank."""
    return name or reading or next(iter(forms), "")


def detect_script(text: str) -> Script:
    """The script a name is written in; a name with any kanji counts as kanji."""
    if _KANJI_RE.search(text):
        return Script.KANJI
    if _CYRILLIC_RE.search(text):
        return Script.CYRILLIC
    if _KANA_RE.search(text):
        return Script.KANA
    return Script.LATIN


_LATIN_RE = re.compile("[A-Za-z\u00c0-\u024f]")
_LETTERS_OF: dict[Script, re.Pattern[str]] = {
    Script.KANJI: _KANJI_RE,
    Script.KANA: _KANA_RE,
    Script.CYRILLIC: _CYRILLIC_RE,
    Script.LATIN: _LATIN_RE,
}


def written_in(text: str, script: Script | str) -> bool:
    """Whether ``text`` holds at least one letter of ``script``: a form tagged Cyrillic with no
    Cyrillic in it was tagged by mistake. Full-width Latin counts as Latin."""
    return bool(_LETTERS_OF[Script(script)].search(unicodedata.normalize("NFKC", text)))


def to_katakana(text: str) -> str:
    """The reading for display: full-width katakana, parts separated by one ASCII space."""
    return " ".join(unicodedata.normalize("NFKC", text).translate(_DISPLAY_TABLE).split())


# Katakana with its middle dot, prolonged sound and iteration marks, as a reading is printed.
_KATAKANA_READING_RE = re.compile("[\u30a1-\u30fe ]+")


def kana_reading(text: str) -> str | None:
    """A reading typed or received in kana (hiragana, half-width) as the roll prints one, in
    full-width katakana; None when it holds anything but kana, which no one reads a name by."""
    reading = to_katakana(text)
    if reading and not _KATAKANA_READING_RE.fullmatch(reading):
        return None
    return reading


def cyrillic_to_katakana(text: str) -> str:
    """Katakana for a Cyrillic name read as Polivanov; long vowels the Russian lost stay lost."""
    return " ".join(_transliterate(unicodedata.normalize("NFKC", text)).split())


def latin_to_katakana(text: str) -> str:
    """Katakana for a romanised name (Hepburn, with Kunrei spellings accepted)."""
    return cyrillic_to_katakana(text)


def search_key(text: str) -> str:
    """The loose key for index lookups, the same for every script a name may arrive in.

    Variant kanji, hiragana, half-width and small kana, voicing, long vowels and spacing are
    folded away; Cyrillic and Latin are transliterated first. Whitespace separates parts, so the
    key of a full name is the keys of its parts joined.
    """
    text = _nfkc(text)
    if _FOREIGN_RE.search(text):
        text = " ".join(_transliterate_part(part) for part in text.split())
    text = text.translate(_LOOSE_TABLE)
    if "ン" in text:
        for moraic, syllable in _MORAIC_N_BEFORE_VOWEL:
            text = text.replace(moraic, syllable)
    return _LENGTHENING_RE.sub("", text).replace(" ", "")


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


def _syllable_endings(letters: str) -> list[str]:
    """What may follow dangling letters to make a syllable with as many of them as can take
    one: д goes on as да or as дзи (Фуд, Фудзита), ts only as tsu, not as t and sa."""
    syllables = _CYRILLIC_SYLLABLES if _CYRILLIC_RE.search(letters) else _LATIN_SYLLABLES
    for n in range(min(len(letters), 3), 0, -1):
        start = letters[-n:]
        endings = [s[n:] for s in syllables if len(s) > n and s.startswith(start)]
        if endings:
            return endings
    return []


def prefix_keys(text: str) -> list[str]:
    """The key prefixes a name typed so far stands for, in key order.

    Mostly one: the query's search key. But a Cyrillic or Latin query typed letter by letter
    stops between a consonant and its vowel (Ям on the way to Ямагути), and that consonant
    alone would transliterate to a syllable of its own (ヤム), which begins no name. It stands
    instead for every syllable the consonant can begin (ヤマ, ヤミ, ヤム, ヤメ, ヤモ), and, after
    a vowel, for the ッ, ン or syllable end it may also be."""
    typed = _SEPARATORS_RE.sub("", _nfkc(text).strip().lower())
    dangling = _DANGLING_RE.search(typed)
    if dangling is None:
        key = search_key(typed)
        return [key] if key else []
    letters = dangling.group()
    keys = {search_key(typed + ending) for ending in _syllable_endings(letters)}
    stem = typed[: dangling.start()]
    if len(letters) == 1 and stem[-1:] in _VOWEL_LETTERS:
        # Kana left in the text pass through the transliteration and fold like typed kana.
        if letters in _SOKUON_FIRST:
            keys.add(search_key(stem + "ッ"))
        if letters in _MORAIC_M:
            keys.add(search_key(stem + "ン"))
        if letters in _ENDS_SYLLABLE:
            keys.add(search_key(typed))
    keys.discard("")
    # A key another one begins with finds that one's names too: keep the shortest.
    ordered = sorted(keys)
    return [key for i, key in enumerate(ordered) if not any(key.startswith(k) for k in ordered[:i])]


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


def name_parts(text: str) -> tuple[str, str]:
    """Family and given name as written, split at the first run of whitespace."""
    parts = _WHITESPACE_RE.split(text.strip(), maxsplit=1)
    return (parts[0], parts[1]) if len(parts) == 2 else (parts[0], "")


def family_key(text: str) -> str:
    """search_key of the family-name part."""
    return search_key(name_parts(text)[0])


def given_key(text: str) -> str:
    """search_key of the given-name part; '' when the name has none."""
    given = name_parts(text)[1]
    return search_key(given) if given else ""


def _part_to_cyrillic(part: str) -> str:
    letters: list[str] = []
    previous = ""
    geminate = False
    for token in _KANA_TOKEN_RE.findall(part):
        if token == "ッ":
            geminate = True
            continue
        if token == "ー" or (token == "ウ" and previous in _O_OR_U_SINGLE):
            previous = ""
            continue
        cyr = "н" if token == "ン" else _KANA_TO_CYRILLIC.get(token, token)
        if geminate and cyr[:1] not in ("", *"аиуэоеёюя"):
            cyr = cyr[0] + cyr
        letters.append(cyr)
        previous, geminate = token, False
    word = re.sub("н(?=[бпм])", "м", "".join(letters))
    return word[:1].upper() + word[1:]


def katakana_to_cyrillic(kana: str) -> str:
    """The name as a Russian clerk writes it (Polivanov), each part capitalised.

    Follows the registers: イ is always и, ン before a vowel is plain н, and ウ after a single
    o- or u-row kana is dropped while ウ after a yōon digraph (ショウ → сёу) is kept.
    """
    return " ".join(_part_to_cyrillic(part) for part in to_katakana(kana).split())


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
