"""What a ceremony roll holds: the ceremony, one row per person or lot, and the columns shown.

`build_roll` fills `RollRow`s from the database; every writer takes them ordered and numbers
them 1, 2, 3 … in the order given.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from records.dates import format_wareki
from records.names import UNNAMED

Progress = Callable[[int, int], None]
"""Called as ``progress(rows_done, rows_total)`` while a writer works."""


@dataclass(frozen=True)
class CeremonyInfo:
    name: str
    kind: Literal["interment", "memorial"]  # 納骨 (spring interment) or 追悼 (memorial)
    date: str  # ISO 8601, e.g. 2025-05-26
    place: str


@dataclass(frozen=True)
class RollRow:
    # A roll is printed and sent to the ministry, so it has no field for a family's contact
    # data or DNA results: what is not here cannot leak.
    name: str  # as written, variant kanji kept (髙, 﨑)
    reading: str  # katakana, family and given separated by a space
    death_date: str  # ISO or partial ('1946-02', '1946') or ''
    death_date_text: str  # as the source wrote it
    prefecture_code: str  # JIS X 0401 '01'..'47' or ''
    prefecture: str
    burial_site: str  # e.g. ハバロフスク地方第12埋葬地
    site_code: str  # e.g. HB-012
    lot_number: str  # 整理番号 of the remains lot
    remains_count: int | None  # 柱数 (hashira): the counter for sets of remains
    linked: bool  # the entry is linked to a Person or RemainsLot record
    remarks: str


COLUMNS = ("番号", "氏名", "フリガナ", "死亡年月日", "出身地", "埋葬地", "整理番号", "柱数", "備考")

Cells = tuple[int, str, str, str, str, str, str, int | None, str]


def death_date_shown(row: RollRow) -> str:
    """The normalised date, or the source's own words when it could not be normalised."""
    return row.death_date or row.death_date_text


def death_date_printed(row: RollRow) -> str:
    """The death date as a printed roll spells it to be read aloud: in wareki (昭和21年2月13日),
    a partial date kept partial (昭和22年3月), or the source's own words."""
    return format_wareki(row.death_date) if row.death_date else row.death_date_text


def name_shown(row: RollRow) -> str:
    """The name, or 氏名不詳 for an entry known by neither name nor reading (remains on the roll
    without a person), so that every format prints the same words there."""
    return row.name or ("" if row.reading else UNNAMED)


def roll_cells(number: int, row: RollRow, *, printed: bool = False) -> Cells:
    """One row's values in `COLUMNS` order, before any format-specific escaping. ``printed``
    spells the death date as the printed rolls do; the CSV keeps ISO, as data to import."""
    return (
        number,
        name_shown(row),
        row.reading,
        death_date_printed(row) if printed else death_date_shown(row),
        row.prefecture,
        row.burial_site,
        row.lot_number,
        row.remains_count,
        row.remarks,
    )


def ceremony_date_text(ceremony: CeremonyInfo) -> str:
    """The ceremony date as a roll prints it: 令和7年5月26日（2025-05-26）."""
    return f"{format_wareki(ceremony.date)}（{ceremony.date}）"


def remains_total(rows: Sequence[RollRow]) -> int | None:
    """The count of remains an interment roll ends with (合計 N柱), or None for a roll with no
    lot, whose lines count persons, not remains."""
    if not any(row.lot_number for row in rows):
        return None
    return sum(row.remains_count or 0 for row in rows)
