"""The three orders a ceremony roll is printed in: by reading in gojūon order
(``records.gojuon``), by prefecture, by burial site."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from exports.rows import RollRow
from records.gojuon import gojuon_key

Order = Literal["reading", "prefecture", "site"]


def _date_key(row: RollRow) -> tuple[bool, str]:
    # Partial ISO dates sort before the full dates they contain ('1946' < '1946-02'); an
    # unknown date goes last.
    return (row.death_date == "", row.death_date)


def order_rows(rows: Iterable[RollRow], order: Order) -> list[RollRow]:
    """The roll in the order asked for; never by kanji code point.

    reading: gojūon, then death date; prefecture: JIS code, then reading;
    site: burial site code, then reading. Rows with no code go last.
    """
    if order == "reading":
        return sorted(rows, key=lambda r: (gojuon_key(r.reading), _date_key(r)))
    if order == "prefecture":
        return sorted(
            rows,
            key=lambda r: (r.prefecture_code == "", r.prefecture_code, gojuon_key(r.reading)),
        )
    if order == "site":
        return sorted(rows, key=lambda r: (r.site_code == "", r.site_code, gojuon_key(r.reading)))
    raise ValueError(f"unknown roll order {order!r}")
