"""What the app's tables share: Home and End go to the first and the last row, and a table
whose columns are fitted to its width fits them again when the width changes."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from tui.i18n import N_


class ListTable(DataTable[Text]):
    """Home and End go to the first and the last row, as in every other list of the app; a
    DataTable's own, with a cell cursor, go to the first and the last column."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("home", "scroll_top", N_("First row"), show=False),
        Binding("end", "scroll_bottom", N_("Last row"), show=False),
    ]


class RefittedTable(ListTable):
    """Subclasses fit the columns to the width in ``lay_out``, and note the width they fitted
    them to in ``laid_out_for``."""

    laid_out_for = 0  # the width the columns were last fitted to

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self.laid_out_for:
            self.lay_out()

    def lay_out(self) -> None:
        raise NotImplementedError
