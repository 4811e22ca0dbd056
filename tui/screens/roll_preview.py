"""The roll as the ceremonies screen previews it: its columns, its lines read a page at a
time, and the orders it is printed in, named for its heading and the export."""

from __future__ import annotations

from exports.order import Followed
from exports.rows import RollRow, name_shown
from tui.i18n import N_, _
from tui.widgets.paged_table import Column, Row

# A roll names each entry by its person or by its lot, so the lot's number follows the name.
# Where the printed roll has it, after the burial site, it was off the screen at 80 columns
# on a roll of persons and lots, whose lots' lines then showed no more than their site.
ROLL_COLUMNS = [
    Column(N_("No."), 5),
    Column(N_("Name"), 16),
    Column(N_("Lot"), 18),
    Column(N_("Reading"), 18),
    Column(N_("Died"), 10),
    Column(N_("Prefecture"), 8, grow=2),  # its title is 10 cells
    Column(N_("Burial site"), 22, grow=10),
    Column(N_("Linked"), 8),
]


def order_label(order: str) -> str:
    return {
        "reading": _("Reading (gojūon)"),
        "prefecture": _("Prefecture"),
        "site": _("Burial site"),
    }[order]


def followed_label(followed: Followed) -> str:
    """The order the roll's lines are really in, for its heading: lots have no reading."""
    if followed == "lot":
        return _("Lot number")
    if followed == "reading_then_lot":
        return _("Reading (gojūon), then remains by lot number")
    if followed == "prefecture_then_lot":
        return _("Prefecture, then remains by lot number")
    return order_label(followed)


class RollSource:
    """The roll as built, held in memory in print order; the table reads it a page at a
    time, so a 57,000-name roll draws as fast as a short one. It gives the cells of the
    columns ``shown`` (indexes into ROLL_COLUMNS)."""

    def __init__(self, rows: list[tuple[int, RollRow]], shown: list[int]) -> None:
        self.rows = rows
        self.shown = shown

    def count(self) -> int:
        return len(self.rows)

    def fetch(self, offset: int, limit: int, total: int) -> list[Row]:
        window = enumerate(self.rows[offset : offset + limit], start=offset + 1)
        return [(entry_id, self.cells(number, row)) for number, (entry_id, row) in window]

    def cells(self, number: int, row: RollRow) -> tuple[str, ...]:
        every = _cells(number, row)
        return tuple(every[i] for i in self.shown)


def shown_columns(rows: list[tuple[int, RollRow]]) -> list[int]:
    """The columns of ROLL_COLUMNS that hold something for some entry: a roll of lots has no
    name, reading, death or prefecture, and at 80 columns they pushed the lot's number off
    the screen; a roll of persons has no lot. An empty roll shows every column's title."""
    if not rows:
        return list(range(len(ROLL_COLUMNS)))
    filled: set[int] = set()
    for number, (_entry, row) in enumerate(rows, start=1):
        filled.update(i for i, cell in enumerate(_cells(number, row, as_printed=False)) if cell)
        if len(filled) == len(ROLL_COLUMNS):
            break
    return sorted(filled)


def _cells(number: int, row: RollRow, *, as_printed: bool = True) -> tuple[str, ...]:
    """An entry's cells; its name as the exports print it (氏名不詳 for remains without a
    person, which read as a blank line among names), else as stored, to tell the columns a
    roll fills."""
    return (
        str(number),
        name_shown(row) if as_printed else row.name,
        row.lot_number,
        row.reading,
        row.death_date or row.death_date_text,
        row.prefecture,
        row.burial_site,
        "✓" if row.linked else _("unlinked"),
    )
