"""A name's reading in katakana: kana in any form made the full-width katakana a roll prints,
Cyrillic and romanised spellings read back into katakana (Polivanov, Hepburn), and katakana
written in Cyrillic as Soviet clerks wrote it."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from records.messages import Message
from records.scripts import CYRILLIC_RE

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
    if CYRILLIC_RE.search(text):
        text = _CYRILLIC_MORAIC_RE.sub("ン", _CYRILLIC_SOKUON_RE.sub("ッ", text))
        text = _CYRILLIC_SYLLABLE_RE.sub(_cyrillic_token, text)
    if re.search("[a-z\u00c0-\u024f]", text):
        text = _LATIN_LONG_H_RE.sub("ー", text.translate(_LATIN_LONG))
        text = _LATIN_SOKUON_RE.sub("ッ", _LATIN_MORAIC_RE.sub("ン", text))
        text = _LATIN_SYLLABLE_RE.sub(_latin_token, text)
    return text


@lru_cache(maxsize=1 << 16)
def transliterate_part(part: str) -> str:
    """One part of a Cyrillic or romanised name read as katakana, as a search key takes it."""
    # Bulk imports repeat the same family and given names thousands of times, and the
    # per-syllable callback is the slowest step of the key.
    return _transliterate(part)


def _hiragana_to_katakana() -> dict[int, int]:
    table = {code: code + 0x60 for code in range(0x3041, 0x3097)}
    table.update({0x309D: 0x30FD, 0x309E: 0x30FE})
    return table


HIRAGANA_TO_KATAKANA = _hiragana_to_katakana()
_DISPLAY_TABLE = str.maketrans(HIRAGANA_TO_KATAKANA)


def to_katakana(text: str) -> str:
    """The reading for display: full-width katakana, parts separated by one ASCII space."""
    return " ".join(unicodedata.normalize("NFKC", text).translate(_DISPLAY_TABLE).split())


# Katakana with its middle dot, prolonged sound and iteration marks, as a reading is printed.
_KATAKANA_READING_RE = re.compile("[\u30a1-\u30fe ]+")


def not_a_reading(text: str) -> Message:
    """Why a text with anything but kana is refused as a reading, in the app and the import."""
    return Message("{text!r} is not a reading: write it in kana", text=text)


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


def syllable_endings(letters: str) -> list[str]:
    """What may follow Cyrillic or Latin letters no vowel has joined yet to make a syllable
    with as many of them as can take one: д goes on as да or as дзи (Фуд, Фудзита), ts only as
    tsu, not as t and sa."""
    syllables = _CYRILLIC_SYLLABLES if CYRILLIC_RE.search(letters) else _LATIN_SYLLABLES
    for n in range(min(len(letters), 3), 0, -1):
        start = letters[-n:]
        endings = [s[n:] for s in syllables if len(s) > n and s.startswith(start)]
        if endings:
            return endings
    return []


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
