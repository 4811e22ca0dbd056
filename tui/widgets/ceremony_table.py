"""The list of ceremonies, laid out for the terminal's width: every column it shows is read
whole, however narrow the terminal, but the ceremony's name, cut short with an ellipsis."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.widgets import DataTable

from records.dates import format_wareki
from tui.i18n import _, current_language

# The cells of a ceremony's name kept, before the other columns give way to it.
NAME_AT_LEAST = 24


@dataclass(frozen=True)
class ListedCeremony:
    id: int
    name: str
    date: str  # ISO
    entries: int
    kind: str  # as the user's language says it
    place: str


@dataclass(frozen=True)
class Layout:
    """Which of the columns that may give way are shown, and how."""

    place: bool
    full_date: bool
    kind: bool


# In turn, when the name would be cut below NAME_AT_LEAST cells: the place goes (the cemetery
# itself for nearly every ceremony), then the date is written one way only, then the kind goes.
LAYOUTS = (
    Layout(place=True, full_date=True, kind=True),
    Layout(place=False, full_date=True, kind=True),
    Layout(place=False, full_date=False, kind=True),
    Layout(place=False, full_date=False, kind=False),
)


def date_text(iso: str, full: bool) -> str:
    """令和8年8月23日（2026-08-23）; one way only, the way the user's language writes it."""
    if full:
        return f"{format_wareki(iso)}（{iso}）"
    return format_wareki(iso) if current_language() == "ja" else iso


class CeremonyTable(DataTable[Text]):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row")
        self.listed: list[ListedCeremony] = []
        self.laid_out_for = 0  # the width the columns were last fitted to

    def show(self, listed: list[ListedCeremony]) -> None:
        self.listed = listed
        self.lay_out()

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self.laid_out_for:
            self.lay_out()

    def columns_for(self, layout: Layout) -> list[tuple[str, list[str]]]:
        """(title, cells) of each column shown, the name second."""
        listed = self.listed
        columns = [
            (_("Id"), [str(c.id) for c in listed]),
            (_("Ceremony name"), [c.name for c in listed]),
            (_("Date"), [date_text(c.date, layout.full_date) for c in listed]),
            (_("Entries"), [f"{c.entries:,}" for c in listed]),
        ]
        if layout.kind:
            columns.append((_("Kind"), [c.kind for c in listed]))
        if layout.place:
            columns.append((_("Place"), [c.place for c in listed]))
        return columns

    def room(self) -> int:
        """The cells the columns may take: the scroll bar's are kept when rows will need it."""
        room = self.size.width
        if len(self.listed) > self.size.height - self.header_height:
            room -= self.styles.scrollbar_size_vertical
        return room

    def lay_out(self) -> None:
        room = self.room()
        padding = 2 * self.cell_padding
        for layout in LAYOUTS:
            columns = self.columns_for(layout)
            widths = [max(map(cell_len, [title, *cells])) for title, cells in columns]
            name_room = room - sum(widths) + widths[1] - padding * len(widths)
            if name_room >= min(NAME_AT_LEAST, widths[1]):
                break
        widths[1] = max(min(widths[1], name_room), 1)
        row = self.cursor_row
        self.clear(columns=True)
        for (title, _cells), width in zip(columns, widths, strict=True):
            self.add_column(Text(title), width=width)
        for cells in zip(*(cells for _title, cells in columns), strict=True):
            # Text, not markup: a name holding [brackets] shows as written.
            self.add_row(*(Text(cell, no_wrap=True, overflow="ellipsis") for cell in cells))
        if self.listed:
            self.move_cursor(row=min(row, len(self.listed) - 1))
        self.laid_out_for = self.size.width
