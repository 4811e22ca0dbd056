"""The list of ceremonies, laid out for the terminal's width: every column it shows is read
whole, however narrow the terminal, and the ceremony's name too where the place and the date's
second writing can give way for it; else the name is cut short with an ellipsis."""

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


# In turn, when the name would be cut: the place goes (the cemetery itself for nearly every
# ceremony), then the date is written one way only; then, when the name would be cut below
# NAME_AT_LEAST cells, the kind goes.
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
        """The first layout that shows every name whole and the kind; else the first that
        keeps NAME_AT_LEAST cells of the name; else the narrowest. The place was kept before
        the name, which lost its last words at 120 columns ("…強制抑留者追悼の…")."""
        room = self.room(len(self.listed))
        laid = [(layout, self.columns_for(layout)) for layout in LAYOUTS]
        fits = [(layout, columns, self.left_for(columns, NAME, room)) for layout, columns in laid]
        whole = [fit for fit in fits if fit[0].kind and fit[2] >= fit[1][NAME].width]
        enough = [fit for fit in fits if fit[2] >= min(NAME_AT_LEAST, fit[1][NAME].width)]
        _layout, columns, left = (whole or enough or fits[-1:])[0]
        widths = [column.width for column in columns]
        widths[NAME] = max(min(widths[NAME], left), 1)
        self.fill(columns, widths)
