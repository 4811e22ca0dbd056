"""What every screen of the app shares: key descriptions in the user's language, and the
database and acting user it was given."""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar

from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen

from records.database import Database
from tui.i18n import _

T = TypeVar("T")


def translate_bindings(node: DOMNode) -> None:
    """Show each key's description in the current language. Descriptions are English msgids
    (marked with N_) because class-level BINDINGS are built before the language is chosen."""
    # Textual keeps a node's bindings in the private ``_bindings`` map; replacing the
    # descriptions per instance is the only way to translate what the footer shows.
    for key, bindings in node._bindings.key_to_bindings.items():
        node._bindings.key_to_bindings[key] = [
            replace(b, description=_(b.description), tooltip=_(b.tooltip) if b.tooltip else "")
            for b in bindings
        ]


class RecordScreen(Screen[None]):
    """A full screen that reads and writes through the database it was given."""

    def __init__(self, database: Database, actor: str) -> None:
        super().__init__()
        self.database = database
        self.actor = actor
        translate_bindings(self)


class Modal(ModalScreen[T]):
    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)
