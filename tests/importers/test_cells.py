"""Single cells: integers, counts of remains, specimen lists and text, as the readers give them."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from importers.cells import clean_text, expand_specimens, parse_count, parse_int, parse_number
from importers.errors import CellUnreadable


@pytest.mark.parametrize(
    ("raw", "value"),
    [(1, 1), (2.0, 2), ("１", 1), ("２００", 200), ("1,234", 1234), ("１，２３４", 1234),
     (" 7 ", 7), ("3.0", 3), ("-4", -4), (None, None), ("", None), ("\u3000", None)],
)  # fmt: skip
def test_integers(raw: object, value: int | None) -> None:
    assert parse_int(raw) == value


@pytest.mark.parametrize("raw", [1.5, "1.5", "12,34", "合計", "200名", True])
def test_not_integers(raw: object) -> None:
    with pytest.raises(CellUnreadable):
        parse_int(raw)


@pytest.mark.parametrize(("raw", "number"), [(1, 1), ("１２", 12), ("1,234", 1234), (None, None)])
def test_row_numbers(raw: object, number: int | None) -> None:
    assert parse_number(raw) == number


@pytest.mark.parametrize("raw", [0, "０", -3, "-1", 1.5, True])
def test_a_row_number_is_a_whole_number_from_one(raw: object) -> None:
    with pytest.raises(CellUnreadable):
        parse_number(raw)


@pytest.mark.parametrize(
    ("raw", "count"),
    [(3, 3), (3.0, 3), ("3", 3), ("3柱", 3), ("３柱", 3), (" 3 柱 ", 3), ("2柱", 2), ("12", 12),
     # as a program writes a number out into a CSV file: thousands separated, or as a float
     ("1,000", 1000), ("１，０００", 1000), ("1,000柱", 1000), ("3.0", 3), ("3.0柱", 3),
     # in kanji numerals, as old registers write figures
     ("三柱", 3), ("一柱", 1), ("十二柱", 12), ("二十柱", 20), ("廿一柱", 21), ("十", 10)],
)  # fmt: skip
def test_counts_of_remains(raw: object, count: int) -> None:
    assert parse_count(raw) == count


@pytest.mark.parametrize(
    ("raw", "reason_part"),
    [(None, "blank"), ("", "blank"), (0, "at least one"), ("0柱", "at least one"),
     ("3名", "not a count"), ("柱", "not a count"), (2.5, "not a whole number"),
     ("2.5", "not a count"), ("1,00", "not a count"), ("1,000.5柱", "not a count"),
     ("〇柱", "at least one"), ("十十柱", "not a count"), ("三名", "not a count")],
)  # fmt: skip
def test_unreadable_counts(raw: object, reason_part: str) -> None:
    with pytest.raises(CellUnreadable) as refused:
        parse_count(raw)
    assert reason_part in refused.value.reason


@pytest.mark.parametrize(
    ("raw", "specimens"),
    [
        ("ZB-027-01-0000", ["ZB-027-01-0000"]),
        ("AM-031-07-0003, AM-031-07-0004", ["AM-031-07-0003", "AM-031-07-0004"]),
        ("AM-031-07-0003、AM-031-07-0004", ["AM-031-07-0003", "AM-031-07-0004"]),
        ("AM-031-07-0003，AM-031-07-0004", ["AM-031-07-0003", "AM-031-07-0004"]),
        ("AM-031-07-0003 AM-031-07-0004", ["AM-031-07-0003", "AM-031-07-0004"]),
        ("AM-031-07-0003,\nAM-031-07-0004,", ["AM-031-07-0003", "AM-031-07-0004"]),
        ("ＡＭ－０３１－０７－０００３", ["AM-031-07-0003"]),
        ("KR-038-06-0351～0352", ["KR-038-06-0351", "KR-038-06-0352"]),
        ("HB-012-20-0009～0011", ["HB-012-20-0009", "HB-012-20-0010", "HB-012-20-0011"]),
        ("HB-012-20-0009~0011", ["HB-012-20-0009", "HB-012-20-0010", "HB-012-20-0011"]),
        ("HB-012-20-0009〜0011", ["HB-012-20-0009", "HB-012-20-0010", "HB-012-20-0011"]),
        ("HB-012-20-0009-0011", ["HB-012-20-0009", "HB-012-20-0010", "HB-012-20-0011"]),
        ("HB-012-20-0009 ～ 0011", ["HB-012-20-0009", "HB-012-20-0010", "HB-012-20-0011"]),
        ("HB-012-20-0009～11", ["HB-012-20-0009", "HB-012-20-0010", "HB-012-20-0011"]),
        ("HB-012-20-0009～HB-012-20-0010", ["HB-012-20-0009", "HB-012-20-0010"]),
        ("hb-012-20-0009", ["HB-012-20-0009"]),
        ("AM-031-07-0003・AM-031-07-0004", ["AM-031-07-0003", "AM-031-07-0004"]),
        ("AM-031-07-0003･AM-031-07-0004", ["AM-031-07-0003", "AM-031-07-0004"]),
        ("AM-031-07-0003/AM-031-07-0004", ["AM-031-07-0003", "AM-031-07-0004"]),
        ("AM-031-07-0003 ／ AM-031-07-0004", ["AM-031-07-0003", "AM-031-07-0004"]),
        ("HB-012-20-0009∼0011", ["HB-012-20-0009", "HB-012-20-0010", "HB-012-20-0011"]),
        ("HB-012-20-0009 ∼ 0011", ["HB-012-20-0009", "HB-012-20-0010", "HB-012-20-0011"]),
        ("HB-012-20-0009〰0011", ["HB-012-20-0009", "HB-012-20-0010", "HB-012-20-0011"]),
        ("HB-012-20-0009∼HB-012-20-0010", ["HB-012-20-0009", "HB-012-20-0010"]),
        ("HB-012-20-0106から0107", ["HB-012-20-0106", "HB-012-20-0107"]),
        ("HB-012-20-0106 から HB-012-20-0107", ["HB-012-20-0106", "HB-012-20-0107"]),
        # a list shortened as a range is: the digits written end the number before them
        ("HB-012-19-0034,0035,0036", ["HB-012-19-0034", "HB-012-19-0035", "HB-012-19-0036"]),
        ("HB-012-19-0034、35、０３６", ["HB-012-19-0034", "HB-012-19-0035", "HB-012-19-0036"]),
        ("HB-012-19-0009～0010, 0012", ["HB-012-19-0009", "HB-012-19-0010", "HB-012-19-0012"]),
        ("HB-012-19-0001, 0005～0006", ["HB-012-19-0001", "HB-012-19-0005", "HB-012-19-0006"]),
        (
            "AM-031-07-0003, HB-012-19-0034, 35",
            ["AM-031-07-0003", "HB-012-19-0034", "HB-012-19-0035"],
        ),
        (None, []),
        ("", []),
    ],
)
def test_specimen_lists_and_ranges(raw: object, specimens: list[str]) -> None:
    assert expand_specimens(raw) == specimens


@pytest.mark.parametrize(
    ("raw", "reason_part"),
    [
        ("HB-012-20-0011～0009", "backwards"),
        ("HB-012-20-0001～2000", "2000 specimens"),
        ("HB-012-20-0009～HB-013-20-0010", "two lots or sites"),
        ("HB-012-20-0009, HB-012-20-0009", "listed twice"),
        ("HB-012-20", "not a specimen number"),
        ("検体番号", "not a specimen number"),
        # a slash parts two numbers, never a range: the second is refused, not guessed at
        ("HB-012-20-0009/0011", "'0011' is not a specimen number"),
        ("HB-012-20-0009∼0011・HB-012-20-0010", "listed twice"),
        ("HB-012-20-0009, 0009", "listed twice"),
        ("0034, 0035", "'0034' is not a specimen number"),
        ("HB-012-20-0009／11", "'11' is not a specimen number"),
    ],
)
def test_unreadable_specimen_lists(raw: str, reason_part: str) -> None:
    with pytest.raises(CellUnreadable) as refused:
        expand_specimens(raw)
    assert reason_part in refused.value.reason


@pytest.mark.parametrize(
    ("raw", "quoted"),
    [
        ("ｘｘ-1～3, HB-012-20-0009", "'ｘｘ-1～3' is not a specimen number"),
        ("hb-012-20-0011～0009", "range hb-012-20-0011～0009 runs backwards"),
        ("HB-012-20-0009 〜 hb-013-20-0010", "range HB-012-20-0009〜hb-013-20-0010 runs across"),
    ],
)
def test_an_unreadable_specimen_is_quoted_as_written(raw: str, quoted: str) -> None:
    """Not upper-cased nor with ～ read as ~: the registrar looks for what they typed."""
    with pytest.raises(CellUnreadable) as refused:
        expand_specimens(raw)
    assert str(refused.value.reason).startswith(quoted)


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (None, ""),
        ("", ""),
        ("  内田\u3000正 ", "内田\u3000正"),
        ("髙橋\u3000﨑男", "髙橋\u3000﨑男"),
        ("齋藤\u3000邉", "齋藤\u3000邉"),
        ("\ufa19田", "\ufa19田"),  # a compatibility ideograph NFC alone would replace
        ("ｶﾀｶﾅ", "ｶﾀｶﾅ"),  # half-width kana stay as written: NFC, not NFKC
        ("カ\u3099", "ガ"),  # a decomposed voiced mark (macOS) is composed
        ("Утида Тадаси", "Утида Тадаси"),
        (79.0, "79"),
        (1.5, "1.5"),
        (1904, "1904"),
        (date(1947, 10, 22), "1947-10-22"),
        (datetime(1947, 10, 22), "1947-10-22"),
        (True, "TRUE"),
    ],
)
def test_clean_text_keeps_the_characters_of_a_name(raw: object, text: str) -> None:
    assert clean_text(raw) == text


def test_a_fraction_is_named_in_full_refusing_it() -> None:
    with pytest.raises(CellUnreadable) as refused:
        parse_int(1234567.5)
    assert refused.value.reason == "1234567.5 is not a whole number"  # not 1.23457e+06
