"""A table laid out again for each width of the terminal, so that the columns it shows are
read whole, but the one column that gives way, cut short with an ellipsis."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import JustifyMethod
from rich.text import Text

from tui.widgets.list_table import RefittedTable


@dataclass(frozen=True)
class Fitted:
    title: str
    cells: Sequence[str]
    justify: JustifyMethod = "left"  # a count reads right-aligned

    @property
    def width(self) -> int:
        """The cells its longest text takes, the title's included."""
        return max(map(cell_len, [self.title, *self.cells]))


class FittedTable(RefittedTable):
    """Subclasses say which columns to show, and the one that gives way (``lay_out``)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row")

    def room(self, rows: int) -> int:
        """The cells the columns may take: the scroll bar's are kept when rows will need it."""
        room = self.size.width
        if rows > self.size.height - self.header_height:
            room -= self.styles.scrollbar_size_vertical
        return room

    def left_for(self, columns: list[Fitted], giving_way: int, room: int) -> int:
        """The cells the column ``giving_way`` has, the others shown whole."""
        others = sum(c.width for i, c in enumerate(columns) if i != giving_way)
        return room - others - 2 * self.cell_padding * len(columns)

    def fill(self, columns: list[Fitted], widths: list[int]) -> None:
        row = self.cursor_row
        self.clear(columns=True)
        for column, width in zip(columns, widths, strict=True):
            self.add_column(Text(column.title), width=width)
        for cells in zip(*(column.cells for column in columns), strict=True):
            # Text, not markup: a name holding [brackets] shows as written.
            self.add_row(
                *(
                    Text(cell, no_wrap=True, overflow="ellipsis", justify=column.justify)
                    for column, cell in zip(columns, cells, strict=True)
                )
            )
        if self.row_count:
            self.move_cursor(row=min(row, self.row_count - 1))
        self.laid_out_for = self.size.width
