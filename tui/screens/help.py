"""Every key of the screen the user came from, and the keys that work everywhere."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Static

from tui.i18n import N_, _
from tui.screens.base import Modal
from tui.widgets.key_bar import key_bar


def key_rows(screen: Screen[object]) -> list[tuple[str, str]]:
    """(key, what it does) for every binding active on ``screen``, shown or not. A key of the
    screen's own with a tooltip is listed by it: the longer words for a short description in
    the key bar (Textual's widgets' tooltips are left out, they are not ours to translate)."""
    rows: dict[str, str] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        description = (binding.tooltip if active.node is screen else "") or binding.description
        if description:
            # Textual's widgets' own keys are described in English (tui.textual_words).
            rows.setdefault(screen.app.get_key_display(active.binding), _(description))
    return sorted(rows.items())


class HelpScreen(Modal[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", N_("Close"))]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical { width: 80%; height: 90%; border: round $accent; padding: 0 1; }
    """

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(_("Keys"), style="bold"))
            yield DataTable[Text](cursor_type="row")
        yield key_bar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(_("Key"), _("Action"))
        for key, description in self.rows:
            table.add_row(Text(key), Text(description))
        table.focus()

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
