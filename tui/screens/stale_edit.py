"""A save refused because someone changed the record first: what they changed, and the
choice to reload (drop my edits) or re-apply my edits on top of theirs."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Static

from records.errors import StaleEdit
from tui.i18n import N_, _
from tui.labels import moment
from tui.screens.base import Modal
from tui.widgets.key_bar import key_bar


class StaleEditScreen(Modal[str | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "choose('reload')", N_("Reload")),
        Binding("a", "choose('reapply')", N_("Re-apply my changes")),
        Binding("escape", "choose('')", N_("Back to the form")),
    ]
    DEFAULT_CSS = """
    StaleEditScreen { align: center middle; }
    StaleEditScreen > Vertical { width: 90%; max-width: 100; height: auto; max-height: 90%;
                                 border: round $warning; padding: 0 1; }
    StaleEditScreen DataTable { height: auto; max-height: 12; }
    StaleEditScreen #buttons { height: 3; }
    """

    def __init__(
        self,
        stale: StaleEdit,
        theirs: list[tuple[str, object, object]],
        mine: list[tuple[str, object]],
    ) -> None:
        """``theirs``: each field they changed, as the form labels it, with its value when the
        form was opened and now; ``mine``: each field changed in the form, with its value."""
        super().__init__()
        self.stale = stale
        self.theirs = theirs
        self.mine = mine

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(_("Someone changed this record after you opened it"), style="bold"))
            yield Static(
                Text(
                    _("{who} at {when} (version {read} → {now})").format(
                        who=self.stale.changed_by,
                        when=moment(self.stale.changed_at),
                        read=self.stale.read_version,
                        now=self.stale.current_version,
                    )
                )
            )
            yield DataTable[Text](id="theirs", cursor_type="row")
            yield Static(Text(_("Your changes")), classes="mine-title")
            yield DataTable[Text](id="mine", cursor_type="row")
            with Horizontal(id="buttons"):
                yield Button(_("Reload"), id="reload")
                yield Button(_("Re-apply my changes"), variant="warning", id="reapply")
        yield key_bar()

    def on_mount(self) -> None:
        theirs = self.query_one("#theirs", DataTable)
        theirs.add_columns(_("Field"), _("When you opened it"), _("Now"))
        for label, before, now in self.theirs:
            theirs.add_row(Text(label), Text(str(before)), Text(str(now)))
        mine = self.query_one("#mine", DataTable)
        mine.add_columns(_("Field"), _("Your value"))
        for label, value in self.mine:
            mine.add_row(Text(label), Text(str(value)))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice or None)
