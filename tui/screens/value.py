"""A long value in full, and a way to copy it (OSC 52, which works over SSH)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from tui.i18n import N_, _
from tui.screens.base import Modal
from tui.widgets.key_bar import key_bar


class ValueScreen(Modal[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", N_("Close")),
        Binding("y", "copy", N_("Copy")),
    ]
    DEFAULT_CSS = """
    ValueScreen { align: center middle; }
    ValueScreen > Vertical { width: 80%; height: 70%; border: round $accent; padding: 0 1; }
    ValueScreen #value-title { text-style: bold; }
    """

    def __init__(self, title: str, value: str) -> None:
        super().__init__()
        self.value_title = title
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.value_title), id="value-title")
            with VerticalScroll():
                yield Static(Text(self.value), id="value")
        yield key_bar()

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.value)
        self.notify(_("Copied to the clipboard"))

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
