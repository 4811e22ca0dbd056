"""The 47 prefectures of Japan with their JIS X 0401 codes, and lookup from the ways a
home prefecture (出身地) is written in the ministry's registers."""

from __future__ import annotations

import unicodedata
from typing import NamedTuple

from records.folding import says_unknown, squeeze
from records.messages import Message
from records.readings import HIRAGANA_TO_KATAKANA

PREFECTURES: tuple[tuple[str, str], ...] = (
    ("01", "北海道"),
    ("02", "青森県"),
    ("03", "岩手県"),
    ("04", "宮城県"),
    ("05", "秋田県"),
    ("06", "山形県"),
    ("07", "福島県"),
    ("08", "茨城県"),
    ("09", "栃木県"),
    ("10", "群馬県"),
    ("11", "埼玉県"),
    ("12", "千葉県"),
    ("13", "東京都"),
    ("14", "神奈川県"),
    ("15", "新潟県"),
    ("16", "富山県"),
    ("17", "石川県"),
    ("18", "福井県"),
    ("19", "山梨県"),
    ("20", "長野県"),
    ("21", "岐阜県"),
    ("22", "静岡県"),
    ("23", "愛知県"),
    ("24", "三重県"),
    ("25", "滋賀県"),
    ("26", "京都府"),
    ("27", "大阪府"),
    ("28", "兵庫県"),
    ("29", "奈良県"),
    ("30", "和歌山県"),
    ("31", "鳥取県"),
    ("32", "島根県"),
    ("33", "岡山県"),
    ("34", "広島県"),
    ("35", "山口県"),
    ("36", "徳島県"),
    ("37", "香川県"),
    ("38", "愛媛県"),
    ("39", "高知県"),
    ("40", "福岡県"),
    ("41", "佐賀県"),
    ("42", "長崎県"),
    ("43", "熊本県"),
    ("44", "大分県"),
    ("45", "宮崎県"),
    ("46", "鹿児島県"),
    ("47", "沖縄県"),
)

_NAME_BY_CODE = dict(PREFECTURES)

# How each is read, in code order, without 都/府/県 (北海道 without its 道, as its short form).
_READINGS_IN_ORDER = """
ホッカイ アオモリ イワテ ミヤギ アキタ ヤマガタ フクシマ イバラキ トチギ グンマ サイタマ チバ
トウキョウ カナガワ ニイガタ トヤマ イシカワ フクイ ヤマナシ ナガノ ギフ シズオカ アイチ ミエ
シガ キョウト オオサカ ヒョウゴ ナラ ワカヤマ トットリ シマネ オカヤマ ヒロシマ ヤマグチ トクシマ
カガワ エヒメ コウチ フクオカ サガ ナガサキ クマモト オオイタ ミヤザキ カゴシマ オキナワ
"""
_READINGS = dict(zip(_NAME_BY_CODE, _READINGS_IN_ORDER.split(), strict=True))
_KANA_SUFFIX = {"道": "ドウ", "都": "ト", "府": "フ", "県": "ケン"}

# The registers are wartime and early-postwar documents, which write the kanji of these names
# in their old forms; each is folded to today's form, which no other name here is written with.
_OLD_KANJI = (
    "縣県 廣広 德徳 兒児 靜静 繩縄 冲沖 﨑崎 嵜崎 嶋島 嶌島 靑青 髙高 澙潟 廳庁 臺台 灣湾 關関"
)
_FOLD = str.maketrans(
    HIRAGANA_TO_KATAKANA | {ord(pair[0]): ord(pair[1]) for pair in _OLD_KANJI.split()}
)

# Names as written before today's: 東京 was a 府 until 1943, 大阪 was written 大坂 until
# Meiji, and 北海道 appears by its government, 北海道庁, as 樺太 does by 樺太庁.
_FORMER_NAMES = (
    ("13", "東京府"), ("13", "トウキョウフ"), ("01", "北海道庁"), ("27", "大坂"), ("27", "大坂府"),
)  # fmt: skip


# Lands under Japanese rule until 1945, where many of the dead had their 本籍 (family register):
# a register writes them where a prefecture would be. They have no JIS code, so the person
# gets none, and the text is kept as written.
FORMER_TERRITORIES = ("樺太", "南樺太", "朝鮮", "台湾", "関東州", "南洋群島", "南洋庁")
# A name marked as former, as a register typed today writes one (旧樺太, 旧東京府).
_FORMER_MARK = "旧"


def _short(name: str) -> str:
    # 北海道 keeps its 道: "北海" is not how anyone writes it, though it is accepted too.
    return name[:-1] if name[-1] in "都府県道" else name


def _written_forms() -> dict[str, str]:
    """Every written form a prefecture is recognised by, folded, with its JIS code."""
    forms: list[tuple[str, str]] = list(_FORMER_NAMES)
    for code, name in PREFECTURES:
        reading = _READINGS[code]
        forms += [(code, name), (code, _short(name)), (code, reading)]
        forms.append((code, reading + _KANA_SUFFIX[name[-1]]))
    codes: dict[str, str] = {}
    for code, form in forms:
        if codes.setdefault(form, code) != code:
            raise ValueError(f"{form} would name both {codes[form]} and {code}")
    return codes


_CODE_BY_KEY = _written_forms()
_PLAIN_NAMES = {form: code for code, name in PREFECTURES for form in (name, _short(name))}
# Full names an address can begin with (福島県石城郡草野村), folded.
_FULL_NAMES = tuple(
    (name, code) for code, name in (*PREFECTURES, *_FORMER_NAMES) if name[-1] in "都道府県庁"
)


def _folded(text: str) -> str:
    return squeeze(text).translate(_FOLD)


def prefecture_code(name: str | None) -> str | None:
    """JIS code of a prefecture written in full (東京都) or without 都/道/府/県 (東京), in
    today's kanji or the old forms (福島縣, 廣島), by a name it had (東京府, 大坂) or by its
    reading in kana (ふくしま, フクシマケン); None when blank or not a prefecture."""
    if name is None:
        return None
    key = _folded(name)
    if not key:
        return None
    return _CODE_BY_KEY.get(key)


class Home(NamedTuple):
    """A home prefecture (出身地) as a register writes it."""

    code: str  # JIS X 0401 '01'..'47'; '' for none, as for a former territory
    text: str  # as written; '' when it was a prefecture's plain name (福島県, 福島)


NO_HOME = Home("", "")


def read_home(text: str) -> Home | None:
    """出身地 as written: a prefecture's plain name gives its code alone; any other way of
    writing one (福島縣, ふくしま), an address that begins with one's full name (福島県石城郡
    草野村), a former territory (樺太) or 不明 (unknown) gives its code ('' for a territory or
    for 不明) and the text. None when it is none of these."""
    key = squeeze(text)
    if key in _PLAIN_NAMES:
        return Home(_PLAIN_NAMES[key], "")
    if key[:1] == _FORMER_MARK and _named(rest := key[1:]) and (home := read_home(rest)):
        return Home(home.code, text)
    key = key.translate(_FOLD)
    code = _CODE_BY_KEY.get(key) or next(
        (code for name, code in _FULL_NAMES if key.startswith(name)), None
    )
    if code is not None:
        return Home(code, text) if len(_codes_in(key)) < 2 else None
    if key.startswith(FORMER_TERRITORIES) or says_unknown(key):
        # 不明 (unknown) is kept as written, as a date's is: the register says it, no code.
        return Home("", text)
    return None


def _named(key: str) -> bool:
    """Whether a name marked former names a place: not a second mark, nor 不明."""
    return key[:1] not in ("", _FORMER_MARK) and not says_unknown(key)


def _codes_in(key: str) -> list[str]:
    """The prefectures whose full names the folded text holds, in the order it names them."""
    found = sorted((key.find(name), code) for name, code in _FULL_NAMES if name in key)
    return list(dict.fromkeys(code for _at, code in found))


def not_a_home(text: str) -> Message:
    """Why read_home or typed_home found no prefecture in the text: it names none, or it names
    two (長崎県、佐賀県), of which the record can hold one only and no one may choose for it."""
    codes = _codes_in(_folded(text))
    if len(codes) > 1:
        names = "、".join(_NAME_BY_CODE[code] for code in codes)
        return Message(
            "{text!r} names more than one prefecture ({names}): give the one the record means",
            text=text,
            names=names,
        )
    return Message("{text!r} is not a prefecture or former territory", text=text)


def typed_home(text: str) -> Home | None:
    """出身地 as a registrar types it in a correction: as the import reads a register's, or a
    prefecture's code (１３, 7) as the form took it before; NO_HOME when blank, to clear it;
    None when it names no prefecture nor former territory."""
    if not text.strip():
        return NO_HOME
    key = _code_key(text)
    if key in _NAME_BY_CODE:
        return Home(key, "")
    return read_home(text.strip())


def home_written(code: str, home: str) -> str:
    """出身地 as a registrar retypes it: as written when the register wrote it otherwise than by
    a plain name (福島縣, 樺太), else the prefecture's name; '' for none recorded."""
    return home or prefecture_shown(code)


def prefecture_name(code: str) -> str:
    """Full name of the prefecture with this JIS code ('13' → 東京都); KeyError if unknown."""
    return _NAME_BY_CODE[_code_key(code)]


def prefecture_shown(code: str) -> str:
    """The prefecture's name for a list of people; '' for none recorded, and a code of no
    prefecture as it is stored: a database written before user profiles were checked may
    hold 東京都 where the code belongs, and one such row must not stop a search."""
    return _NAME_BY_CODE.get(_code_key(code), code) if code else ""


def typed_code(text: str) -> str | None:
    """The JIS code of the prefecture a registrar typed: its code as a Japanese input method
    gives it (１３), without its leading zero (7), or its name (東京都, 東京); None when the
    text names no prefecture."""
    key = _code_key(text)
    return key if key in _NAME_BY_CODE else prefecture_code(text)


def _code_key(code: str) -> str:
    key = unicodedata.normalize("NFKC", code).strip()
    if key.isdigit() and len(key) == 1:
        key = "0" + key
    return key


def named_with_code(code: str) -> str:
    """A prefecture as a registrar checks it: by name, with the JIS code it is stored as
    ('13' → 東京都 (13)); a code of no prefecture ('' for none recorded) as it is."""
    try:
        return f"{prefecture_name(code)} ({code})"
    except KeyError:
        return code
