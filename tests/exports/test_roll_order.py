"""Rolls are read in gojūon order of the reading, never in the order of kanji code points."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from exports.order import Order, gojuon_key, order_followed, order_rows
from exports.rows import RollRow

MakeRow = Callable[..., RollRow]


def test_names_are_ordered_by_reading_not_by_kanji_code_point(make_row: MakeRow) -> None:
    rows = [
        make_row("渡辺　一郎", "ワタナベ イチロウ"),
        make_row("阿部　一郎", "アベ イチロウ"),
        make_row("佐藤　一郎", "サトウ イチロウ"),
        make_row("伊藤　一郎", "イトウ イチロウ"),
    ]
    assert sorted(r.name for r in rows) != ["阿部　一郎", "伊藤　一郎", "佐藤　一郎", "渡辺　一郎"]
    ordered = order_rows(rows, "reading")
    assert [r.name for r in ordered] == ["阿部　一郎", "伊藤　一郎", "佐藤　一郎", "渡辺　一郎"]


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        ("カ", "ガ"),  # voiced right after its unvoiced base
        ("ガ", "キ"),
        ("ハ", "バ"),
        ("バ", "パ"),  # semi-voiced after voiced
        ("ガカ", "カキ"),  # voicing only breaks ties, as in a dictionary
        ("ダテ", "タナカ"),
        ("キツサカ", "キッサカ"),  # small kana sorts as its large form, after it on a tie
        ("ヤマサキ", "ヤマザキ"),
        ("サトウ", "サトー"),  # ー reads as the vowel it lengthens (サトオ) …
        ("トーヤマ", "トクナガ"),  # (トーヤマ reads トオヤマ)
        ("サトオ", "サトー"),  # … and sorts after that vowel written out
        ("サト", "サトウ"),  # a prefix comes first
        ("ウア", "ヴァ"),
        ("ハタ ジロウ", "ハダ アキラ"),  # family name decides before the given name
        ("アベ ハナコ", "アベ マサオ"),
        ("ン", "ンー"),
        ("ワタナベ", ""),  # an entry with no reading goes last
    ],
)
def test_gojuon_order(earlier: str, later: str) -> None:
    assert gojuon_key(earlier) < gojuon_key(later)


@pytest.mark.parametrize(
    ("spelling", "katakana"),
    [
        ("さとう たろう", "サトウ タロウ"),  # hiragana
        ("ｻﾄｳ ﾀﾛｳ", "サトウ タロウ"),  # half-width
        ("ｶﾞｯｺｳ", "ガッコウ"),  # half-width with a separate voicing mark
        ("サトウ　タロウ", "サトウ タロウ"),  # full-width space between family and given
    ],
)
def test_hiragana_and_half_width_sort_as_katakana(spelling: str, katakana: str) -> None:
    assert gojuon_key(spelling)[:2] == gojuon_key(katakana)[:2]
    assert gojuon_key(spelling)[2][:3] == gojuon_key(katakana)[2][:3]


def test_same_reading_is_ordered_by_death_date_unknown_last(make_row: MakeRow) -> None:
    rows = [
        make_row("佐藤　清", "サトウ キヨシ", death_date=""),
        make_row("佐藤　清", "サトウ キヨシ", death_date="1947-03-01"),
        make_row("佐藤　清", "サトウ キヨシ", death_date="1946"),
        make_row("佐藤　清", "サトウ キヨシ", death_date="1946-02-13"),
    ]
    ordered = order_rows(rows, "reading")
    assert [r.death_date for r in ordered] == ["1946", "1946-02-13", "1947-03-01", ""]


def test_prefecture_order_follows_jis_code_then_reading(make_row: MakeRow) -> None:
    rows = [
        make_row("沖縄　太郎", "オキナワ タロウ", prefecture_code="47"),
        make_row("不明", "アベ", prefecture_code=""),
        make_row("渡辺　清", "ワタナベ キヨシ", prefecture_code="01"),
        make_row("阿部　清", "アベ キヨシ", prefecture_code="01"),
        make_row("佐藤　清", "サトウ キヨシ", prefecture_code="13"),
    ]
    ordered = order_rows(rows, "prefecture")
    assert [(r.prefecture_code, r.reading) for r in ordered] == [
        ("01", "アベ キヨシ"),
        ("01", "ワタナベ キヨシ"),
        ("13", "サトウ キヨシ"),
        ("47", "オキナワ タロウ"),
        ("", "アベ"),
    ]


def test_site_order_follows_site_code_then_reading(make_row: MakeRow) -> None:
    rows = [
        make_row("", "ワタナベ", site_code="PR-003"),
        make_row("", "サトウ", site_code="HB-012"),
        make_row("", "アベ", site_code="HB-012"),
        make_row("", "イトウ", site_code="HB-002"),
    ]
    ordered = order_rows(rows, "site")
    assert [(r.site_code, r.reading) for r in ordered] == [
        ("HB-002", "イトウ"),
        ("HB-012", "アベ"),
        ("HB-012", "サトウ"),
        ("PR-003", "ワタナベ"),
    ]


@pytest.mark.parametrize("order", ["reading", "prefecture"])
def test_lots_without_a_person_follow_the_persons_by_lot_number(
    make_row: MakeRow, order: Order
) -> None:
    def lot(number: str, site: str) -> RollRow:
        return make_row(
            "", "", death_date="", prefecture_code="", lot_number=number, site_code=site
        )

    rows = [
        lot("2025-IR-060-00044", "IR-060"),
        make_row("阿部", "アベ", lot_number=""),
        lot("2025-IR-057-00145", "IR-057"),
        lot("2024-IR-060-00001", "IR-060"),
    ]
    ordered = order_rows(rows, order)
    # The lots came in the order they were added, 第60 before 第57.
    assert [r.name or r.lot_number for r in ordered] == [
        "阿部",
        "2024-IR-060-00001",
        "2025-IR-057-00145",
        "2025-IR-060-00044",
    ]
    assert order_followed(ordered, order) == f"{order}_then_lot"
    assert order_followed(ordered[1:], order) == "lot"
    assert order_followed(ordered[:1], order) == order


def test_lots_of_one_site_follow_their_lot_number(make_row: MakeRow) -> None:
    rows = [
        make_row("", "", lot_number="2025-IR-060-00044", site_code="IR-060"),
        make_row("", "", lot_number="2025-IR-060-00002", site_code="IR-060"),
    ]
    ordered = order_rows(rows, "site")
    assert [r.lot_number for r in ordered] == ["2025-IR-060-00002", "2025-IR-060-00044"]
    assert order_followed(ordered, "site") == "site"
