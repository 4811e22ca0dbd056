"""What every modal form shares: Esc or Cancel asks before it throws away what was typed. A
registrar who has typed a long reason or a corrected name must not lose it to one key."""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, SelectionList, Static

from tui.i18n import N_, _
from tui.keys_in_turn import KeysInTurn
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

    # The rows ``labelled_field`` builds: a refusal line is hidden until the form says one.
    DEFAULT_CSS = """
    FormModal .field { height: auto; }
    FormModal .field > Label { width: 16; padding: 1 1 0 0; }
    FormModal .field > Input, FormModal .field > Select { width: 1fr; }
    FormModal .under-field { color: $error; height: auto; padding-left: 16; display: none; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: the cursor moves as Tab arrives, before the keys typed behind it are handed
        # to the field it leaves. A plain binding acted only once the field passed the key up:
        # Tab Tab 1924 typed in one go (tmux) wrote 1924 over the name and left the year
        # of birth to be erased by the Ctrl+U meant for it.
        Binding("tab", "next_field", N_("Focus Next"), show=False, priority=True),
        Binding("shift+tab", "previous_field", N_("Focus Previous"), show=False, priority=True),
    ]

    untouched: dict[str, object] | None = None

    def on_mount(self) -> None:
        # After the subclass's own on_mount (handlers run from the subclass up) and the
        # first refresh, so that the values it fills in count as the form's starting point.
        self.call_after_refresh(self.mark_untouched)

    def action_next_field(self) -> None:
        self.focus_next()

    def action_previous_field(self) -> None:
        self.focus_previous()

    def refused_at(self, field: Widget | None) -> None:
        """The form stays after refusing a save: the cursor goes to the field refused (if the
        refusal names one) at once, and the keys typed behind the save are dropped, meant as
        they were for the screen the save would have shown, not for a field of the form."""
        if field is not None:
            self.set_focus(field)
        if isinstance(self.app, KeysInTurn):
            self.app.drop_keys_typed_ahead()

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


def labelled_field(label: str, field: Widget, name: str) -> ComposeResult:
    """A field with its label beside it, and under it the line its refusal is said on
    (``#error-{name}``), shown only then: with labels above and a blank line under each
    field, the new ceremony's reason, the last field, lay past the bottom of a 100×30
    terminal."""
    yield Horizontal(Label(label), field, classes="field")
    yield Static("", classes="error under-field", id=f"error-{name}")


class RecordForm(FormModal[bool]):
    """A form that saves a record, and closes with True when the screen behind must read the
    record again: saved, or refused because another registrar saved it after it was opened."""

    outdated = False  # a save refused for a change made by another registrar since

    def action_cancel(self) -> None:
        self.leave(self.outdated)


class Question(Modal[bool]):
    """A yes-or-no question before something is lost: y answers yes, n or Esc no, and the
    safe answer (no) has the focus. Subclasses give the words and the two key bindings."""

    QUESTION = ""
    YES = ""
    NO = ""
    DEFAULT_CSS = """
    Question { align: center middle; }
    Question > Vertical { width: 64; height: auto; border: round $warning; padding: 0 1; }
    Question #buttons { height: 3; align-horizontal: right; }
    """

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # y and n, in the words of the question; before Textual reads the class's bindings.
        cls.BINDINGS = [
            Binding("y", "answer(True)", cls.YES),
            Binding("n,escape", "answer(False)", cls.NO),
        ]
        super().__init_subclass__(**kwargs)

    def __init__(self, detail: str) -> None:
        super().__init__()
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(_(self.QUESTION), style="bold"))
            yield Static(Text(self.detail))
            with Horizontal(id="buttons"):
                yield Button(_(self.NO), variant="primary", id="no")
                yield Button(_(self.YES), variant="error", id="yes")
        yield key_bar()

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class DiscardScreen(Question):
    QUESTION = N_("Discard what you typed?")
    YES = N_("Discard")
    NO = N_("Keep editing")

    def __init__(self) -> None:
        super().__init__(_("The form is closed and nothing is saved."))


class ReplaceFileScreen(Question):
    """Asked before an export writes over a file that is already there."""

    QUESTION = N_("Replace the file?")
    YES = N_("Replace")
    NO = N_("Choose another name")

    def __init__(self, path: str) -> None:
        super().__init__(
            _("{path} is already there; its contents would be lost.").format(path=path)
        )
