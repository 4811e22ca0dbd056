"""A roll entry carries what a ceremony prints, and nothing a family gave in confidence."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from exports.rows import COLUMNS, RollRow, roll_cells


def test_roll_row_has_exactly_the_printed_fields_and_no_family_or_dna_data() -> None:
    assert {field.name for field in dataclasses.fields(RollRow)} == {
        "name",
        "reading",
        "death_date",
        "death_date_text",
        "prefecture_code",
        "prefecture",
        "burial_site",
        "site_code",
        "lot_number",
        "remains_count",
        "linked",
        "remarks",
    }


def test_roll_columns_are_the_ministry_headings_in_order() -> None:
    assert COLUMNS == (
        "番号", "氏名", "フリガナ", "死亡年月日", "出身地", "埋葬地", "整理番号", "柱数", "備考"
    )  # fmt: skip


def test_a_date_that_could_not_be_normalised_is_shown_as_the_source_wrote_it(
    make_row: Callable[..., RollRow],
) -> None:
    row = make_row("", "ワタナベ タロウ", death_date="", death_date_text="不詳")
    assert roll_cells(7, row)[:4] == (7, "", "ワタナベ タロウ", "不詳")


def test_a_variant_kanji_name_is_exported_exactly_as_written(
    make_row: Callable[..., RollRow],
) -> None:
    assert roll_cells(1, make_row("髙橋　﨑", "タカハシ サキ"))[1] == "髙橋　﨑"


def test_remains_on_the_roll_without_a_person_are_named_as_unnamed_in_every_format(
    make_row: Callable[..., RollRow],
) -> None:
    lot_only = make_row("", "", lot_number="HB-012-20-0001")
    assert roll_cells(3, lot_only)[:2] == (3, "氏名不詳")
