"""The list of ceremonies, laid out for the terminal's width: every column it shows is read
whole, however narrow the terminal, but the ceremony's name, cut short with an ellipsis."""

from __future__ import annotations

from dataclasses import dataclass

from records.dates import format_wareki
from tui.i18n import _, current_language
from tui.widgets.fitted_table import Fitted, FittedTable

# The cells of a ceremony's name kept, before the other columns give way to it.
NAME_AT_LEAST = 24
NAME = 1  # the name's column


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


class CeremonyTable(FittedTable):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.listed: list[ListedCeremony] = []

    def show(self, listed: list[ListedCeremony]) -> None:
        self.listed = listed
        self.lay_out()

    def columns_for(self, layout: Layout) -> list[Fitted]:
        listed = self.listed
        columns = [
            Fitted(_("Id"), [str(c.id) for c in listed]),
            Fitted(_("Ceremony name"), [c.name for c in listed]),
            Fitted(_("Date"), [date_text(c.date, layout.full_date) for c in listed]),
            Fitted(_("Entries"), [f"{c.entries:,}" for c in listed]),
        ]
        if layout.kind:
            columns.append(Fitted(_("Kind"), [c.kind for c in listed]))
        if layout.place:
            columns.append(Fitted(_("Place"), [c.place for c in listed]))
        return columns

    def lay_out(self) -> None:
        room = self.room(len(self.listed))
        for layout in LAYOUTS:
            columns = self.columns_for(layout)
            left = self.left_for(columns, NAME, room)
            if left >= min(NAME_AT_LEAST, columns[NAME].width):
                break
        widths = [column.width for column in columns]
        widths[NAME] = max(min(widths[NAME], left), 1)
        self.fill(columns, widths)
