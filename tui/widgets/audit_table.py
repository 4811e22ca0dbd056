"""A record's audit history laid out for the width of the terminal: when, who and the action
read whole, and what changed and why share the width left, each wrapped onto the lines it
needs, so that the reason is read on the row without opening it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.cells import cell_len
from rich.text import Text

from tui.widgets.list_table import RefittedTable
from tui.widgets.record_table import RecordTable

NARROWEST = 12  # cells: a wrapped column narrower reads a word or two to the line


class AuditTable(RecordTable, RefittedTable):
    """Its last two columns are what changed and why. Cut to one line, the reason was pushed
    past the right edge at 80 columns and cut to a few words at 120, though it is what a
    registrar reads the history for."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.titles: list[str] = []

    def show(self, titles: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
        self.titles = list(titles)
        self.full = [tuple("" if v is None else str(v) for v in row) for row in rows]
        self.lay_out()

    def lay_out(self) -> None:
        if not self.titles:  # resized before the history is shown
            return
        at = self.cursor_coordinate
        # What changed is cut as in the other tabs (a bulk add lists every person it added);
        # the reason is shown whole.
        columns = [
            [title, *(cells[i] for cells in self.full)] for i, title in enumerate(self.titles)
        ]
        cut = [[self._cell(v).plain for v in column] for column in columns[:-1]]
        shown = [*cut, [v.replace("\n", " ") for v in columns[-1]]]
        widths = [max(map(cell_len, column)) for column in shown]
        changed, why = self.shared(widths[-2], widths[-1], self.room(widths[:-2]))
        self.clear(columns=True)
        for title, width in zip(self.titles, [*widths[:-2], changed, why], strict=True):
            self.add_column(Text(title), width=width)
        for cells in zip(*(column[1:] for column in shown), strict=True):
            self.add_row(*(Text(cell) for cell in cells), height=None)
        if self.row_count:
            self.move_cursor(row=min(at.row, self.row_count - 1), column=at.column)
        self.laid_out_for = self.size.width

    def room(self, whole: list[int]) -> int:
        """The cells left for the two shared columns, the scroll bar's kept."""
        padding = 2 * self.cell_padding * len(self.titles)
        return self.size.width - self.styles.scrollbar_size_vertical - padding - sum(whole)

    @staticmethod
    def shared(changed: int, why: int, room: int) -> tuple[int, int]:
        """The widths of what changed and why: both whole when there is room, the reason
        taking what is left over; else the reason what it needs up to half of the room."""
        if changed + why <= room:
            return changed, room - changed
        why = max(NARROWEST, min(why, max(room // 2, room - changed)))
        return max(NARROWEST, room - why), why
