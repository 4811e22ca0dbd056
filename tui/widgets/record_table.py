"""A small table of one record's related rows (name forms, custody, audit): few rows, so the
stock DataTable serves, with every cell wrapped in Text so record data is never markup."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.text import Text

from tui.widgets.list_table import ListTable

# Cells longer than this are cut in the table; v opens the whole value.
CELL_WIDTH = 40


class RecordTable(ListTable):
    DEFAULT_CSS = "RecordTable { height: 1fr; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="cell", zebra_stripes=True)
        self.full: list[tuple[str, ...]] = []

    def show(self, titles: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
        self.clear(columns=True)
        self.add_columns(*titles)
        self.full = []
        for row in rows:
            cells = tuple("" if v is None else str(v) for v in row)
            self.full.append(cells)
            self.add_row(*(self._cell(v) for v in cells))

    @staticmethod
    def _cell(value: str) -> Text:
        flat = value.replace("\n", " ")
        return Text(flat if len(flat) <= CELL_WIDTH else flat[: CELL_WIDTH - 1] + "…")

    def current_value(self) -> tuple[str, str] | None:
        if not self.full:
            return None
        row, column = self.cursor_coordinate
        title = str(self.ordered_columns[column].label)
        return title, self.full[row][column]

    def current_row(self) -> str | None:
        """The cursor's row in full, a line for each column: "Why: 御遺族の申告"."""
        if not self.full:
            return None
        titles = [str(column.label) for column in self.ordered_columns]
        cells = self.full[self.cursor_coordinate.row]
        return "\n".join(f"{title}: {value}" for title, value in zip(titles, cells, strict=True))
