"""The three orders a ceremony roll is printed in: by reading in gojūon order
(``records.gojuon``), by prefecture, by burial site."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal, get_args

from exports.rows import RollRow
from records.gojuon import gojuon_key

Order = Literal["reading", "prefecture", "site"]
ORDERS: tuple[Order, ...] = get_args(Order)  # as the roll offers them, reading first
# What the lines of a roll are in, which a heading names: a roll of lots alone has no reading
# (nor prefecture) to order by, so its lines follow their 整理番号 whatever order was asked for.
Followed = Literal[
    "reading", "prefecture", "site", "lot", "reading_then_lot", "prefecture_then_lot"
]


def _date_key(row: RollRow) -> tuple[bool, str]:
    # Partial ISO dates sort before the full dates they contain ('1946' < '1946-02'); an
    # unknown date goes last.
    return (row.death_date == "", row.death_date)


def order_rows(rows: Iterable[RollRow], order: Order) -> list[RollRow]:
    """The roll in the order asked for; never by kanji code point.

    reading: gojūon, then death date; prefecture: JIS code, then reading;
    site: burial site code, then reading. Rows with no code go last. Lines of remains
    without a person have no reading: they follow the persons, by 整理番号 (fiscal year,
    site code, number), so that a roll of lots reads in the order its lots were numbered.
    """
    if order == "reading":
        return sorted(rows, key=lambda r: (gojuon_key(r.reading), r.lot_number, _date_key(r)))
    if order == "prefecture":
        return sorted(
            rows,
            key=lambda r: (
                r.prefecture_code == "",
                r.prefecture_code,
                gojuon_key(r.reading),
                r.lot_number,
            ),
        )
    if order == "site":
        return sorted(
            rows,
            key=lambda r: (r.site_code == "", r.site_code, gojuon_key(r.reading), r.lot_number),
        )
    raise ValueError(f"unknown roll order {order!r}")


def order_followed(rows: Sequence[RollRow], order: Order) -> Followed:
    """The order ``order_rows`` put ``rows`` in, as a heading should name it: by 整理番号
    when every line is a lot without a person, and the persons' order then the lots' when
    both are on the roll (by site, lots go with the persons of their site)."""
    if order == "site":
        return "site"
    lots = sum(bool(row.lot_number) and not row.reading for row in rows)
    if lots and lots == len(rows):
        return "lot"
    if lots:
        return "reading_then_lot" if order == "reading" else "prefecture_then_lot"
    return order
