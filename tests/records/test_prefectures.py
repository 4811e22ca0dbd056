"""Home prefectures (出身地) as written in the registers, to JIS X 0401 codes and back."""

from __future__ import annotations

import pytest

from records.prefectures import (
    PREFECTURES,
    Home,
    prefecture_code,
    prefecture_name,
    read_home,
    typed_code,
)


def test_all_47_prefectures_in_code_order() -> None:
    assert len(PREFECTURES) == 47
    assert [code for code, _ in PREFECTURES] == [f"{n:02d}" for n in range(1, 48)]
    assert PREFECTURES[0] == ("01", "北海道")
    assert PREFECTURES[12] == ("13", "東京都")
    assert PREFECTURES[-1] == ("47", "沖縄県")


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("高知県", "39"),
        ("北海道", "01"),
        ("東京都", "13"),
        ("東京", "13"),
        ("大阪府", "27"),
        ("大阪", "27"),
        ("京都府", "26"),
        ("京都", "26"),
        ("鹿児島", "46"),
        ("神奈川県", "14"),
        (" 岡山県 ", "33"),
        ("岡山\u3000県", "33"),
        ("沖縄県\n", "47"),
    ],
)
def test_prefecture_written_in_full_or_short(written: str, code: str) -> None:
    assert prefecture_code(written) == code


@pytest.mark.parametrize("written", ["", "   ", None, "東京市", "樺太", "ロシア", "県"])
def test_not_a_prefecture_gives_none(written: str | None) -> None:
    assert prefecture_code(written) is None


@pytest.mark.parametrize(
    ("written", "code"),
    [("福島縣", "07"), ("神奈川縣", "14"), ("廣島県", "34"), ("德島", "36"), ("鹿兒島縣", "46"),
     ("靜岡縣", "22"), ("沖繩縣", "47"), ("冲繩", "47"), ("長﨑県", "42"), ("宮﨑", "45"),
     ("長嵜", "42"), ("福嶋", "07"), ("嶋根", "32"), ("廣嶌", "34"), ("靑森縣", "02"),
     ("髙知縣", "39"), ("新澙", "15"), ("\ufa1b岡県", "40")],
)  # fmt: skip
def test_prefecture_written_in_old_kanji_forms(written: str, code: str) -> None:
    assert prefecture_code(written) == code


@pytest.mark.parametrize(
    ("written", "code"),
    [("東京府", "13"), ("北海道庁", "01"), ("北海道廳", "01"), ("大坂府", "27"), ("大坂", "27")],
)
def test_prefecture_by_a_name_it_had(written: str, code: str) -> None:
    assert prefecture_code(written) == code


@pytest.mark.parametrize(
    ("written", "code"),
    [("ふくしま", "07"), ("フクシマ", "07"), ("フクシマケン", "07"), ("ふくしまけん", "07"),
     ("ﾌｸｼﾏ", "07"), ("とうきょうと", "13"), ("トウキョウ", "13"), ("トウキョウフ", "13"),
     ("キョウト", "26"), ("きょうとふ", "26"), ("オオサカフ", "27"), ("ホッカイドウ", "01"),
     ("かごしまけん", "46"), ("ギフケン", "21")],
)  # fmt: skip
def test_prefecture_by_its_reading_in_kana(written: str, code: str) -> None:
    assert prefecture_code(written) == code


@pytest.mark.parametrize(
    "written",
    # A suffix of another kind, a reading cut short, a kana suffix on kanji, a city.
    ["キョウトト", "トウキョウケン", "フクシマフ", "ギ", "キョウ", "福島ケン", "大坂市", "京",
     "東京府庁", "東京縣"],
)  # fmt: skip
def test_a_near_miss_of_a_prefecture_gives_none(written: str) -> None:
    assert prefecture_code(written) is None


@pytest.mark.parametrize(
    ("code", "name"), [("01", "北海道"), ("13", "東京都"), ("1", "北海道"), ("４７", "沖縄県")]
)
def test_prefecture_name_from_code(code: str, name: str) -> None:
    assert prefecture_name(code) == name


def test_unknown_code_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        prefecture_name("48")


def test_every_name_reads_back_to_its_code() -> None:
    assert all(prefecture_code(name) == code for code, name in PREFECTURES)


@pytest.mark.parametrize(
    ("typed", "code"),
    [("13", "13"), ("１３", "13"), ("7", "07"), (" ７ ", "07"), ("東京都", "13"), ("東京", "13")],
)
def test_a_prefecture_typed_by_its_code_or_its_name_gives_its_code(typed: str, code: str) -> None:
    assert typed_code(typed) == code


@pytest.mark.parametrize("typed", ["", "48", "00", "１３９", "樺太"])
def test_a_prefecture_typed_that_names_none_gives_none(typed: str) -> None:
    assert typed_code(typed) is None


@pytest.mark.parametrize(
    ("written", "home"),
    [("福島県", Home("07", "")), ("福島", Home("07", "")), ("北海道", Home("01", "")),
     ("福島縣", Home("07", "福島縣")), ("フクシマ", Home("07", "フクシマ")),
     ("福島県石城郡草野村", Home("07", "福島県石城郡草野村")),
     ("京都府京都市", Home("26", "京都府京都市")), ("東京府下", Home("13", "東京府下")),
     ("樺太", Home("", "樺太")), ("樺太豊原町", Home("", "樺太豊原町")), ("朝鮮", Home("", "朝鮮")),
     ("台湾", Home("", "台湾")), ("臺灣", Home("", "臺灣")), ("關東州", Home("", "關東州")),
     ("南洋群島", Home("", "南洋群島")), ("南洋廳", Home("", "南洋廳")),
     ("不明", Home("", "不明")), ("不詳", Home("", "不詳")), ("？", Home("", "？")),
     ("南樺太", Home("", "南樺太")), ("旧樺太", Home("", "旧樺太")),
     ("旧 朝鮮", Home("", "旧 朝鮮")), ("旧東京府", Home("13", "旧東京府")),
     ("旧福島縣", Home("07", "旧福島縣"))],
)  # fmt: skip
def test_a_home_is_read_as_its_prefecture_and_kept_as_written_unless_plain(
    written: str, home: Home
) -> None:
    assert read_home(written) == home


@pytest.mark.parametrize("written", ["旧", "旧旧樺太", "旧不明", "旧東京市", "旧宮城県・福島県"])
def test_a_former_mark_before_nothing_a_prefecture_names_is_not_a_home(written: str) -> None:
    assert read_home(written) is None


@pytest.mark.parametrize(
    # Only a full name begins an address: a short one begins other places' names too (福島町
    # is in 北海道).
    "written",
    ["京都市", "東京市本郷区", "福島市", "フクシマケン石城郡", "満洲", "ロシア", "県"],
)
def test_a_home_naming_no_prefecture_nor_territory_is_none(written: str) -> None:
    assert read_home(written) is None
