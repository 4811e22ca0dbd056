"""What every modal form shares: Esc or Cancel asks before it throws away what was typed. A
registrar who has typed a long reason or a corrected name must not lose it to one key."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Select, SelectionList, Static

from tui.i18n import N_, _
from tui.screens.base import Modal
from tui.widgets.key_bar import key_bar

T = TypeVar("T")

# The widgets whose value the user types or chooses. An input with the class "lookup" only
# searches (the name to look up among candidates): leaving it loses nothing.
TYPED = "Input, Checkbox, Select, SelectionList"


def _value(widget: Widget) -> object:
    if isinstance(widget, SelectionList):
        return tuple(widget.selected)
    if isinstance(widget, Input | Checkbox | Select):
        return widget.value
    return None


class FormModal(Modal[T]):
    """A modal form. Subclasses leave through ``leave(result)`` instead of ``dismiss`` when
    the user turns away without saving; after programmatically filling the form again (a
    reload), they call ``mark_untouched``."""

    untouched: dict[str, object] | None = None

    def on_mount(self) -> None:
        # After the subclass's own on_mount (handlers run from the subclass up) and the
        # first refresh, so that the values it fills in count as the form's starting point.
        self.call_after_refresh(self.mark_untouched)

    def typed(self) -> dict[str, object]:
        return {
            f"{index}:{widget.id}": _value(widget)
            for index, widget in enumerate(self.query(TYPED))
            if not widget.has_class("lookup")
        }

    def mark_untouched(self) -> None:
        self.untouched = self.typed()

    def changed(self) -> bool:
        return self.untouched is not None and self.typed() != self.untouched

    def leave(self, result: T) -> None:
        """Close the form with ``result``, after asking if what was typed would be lost."""
        if not self.changed():
            self.dismiss(result)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(result)

        self.app.push_screen(DiscardScreen(), answered)


class DiscardScreen(Modal[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", N_("Discard")),
        Binding("n,escape", "answer(False)", N_("Keep editing")),
    ]
    DEFAULT_CSS = """
    DiscardScreen { align: center middle; }
    DiscardScreen > Vertical { width: 60; height: auto; border: round $warning; padding: 0 1; }
    DiscardScreen #buttons { height: 3; align-horizontal: right; }
    """

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(_("Discard what you typed?"), style="bold"))
            yield Static(Text(_("The form is closed and nothing is saved.")))
            with Horizontal(id="buttons"):
                yield Button(_("Keep editing"), variant="primary", id="keep")
                yield Button(_("Discard"), variant="error", id="discard")
        yield key_bar()

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "discard")

    def action_answer(self, discard: bool) -> None:
        self.dismiss(discard)
