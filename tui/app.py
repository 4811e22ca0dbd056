"""The terminal app: one screen per job (dashboard, people, remains, ceremonies, import),
switched by a key from anywhere; the App itself only routes between them."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import ClassVar

from textual.actions import SkipAction
from textual.app import App, SystemCommand
from textual.binding import ActiveBinding, Binding, BindingType
from textual.command import CommandPalette
from textual.screen import ModalScreen, Screen
from textual.widgets import Input
from textual.widgets._toast import ToastRack
from textual.worker import WorkerFailed

from records.database import Database
from records.errors import IreiError
from tui import kinsoku
from tui.commands import CommandPaletteInWords, KeyCommands
from tui.i18n import (
    N_,
    _,
    resolve_language,
    said,
    save_setting,
    set_language,
    translate_bindings,
)
from tui.keys_in_turn import KeysInTurn

MODES = ("dashboard", "people", "remains", "ceremonies", "import")
SWITCHING = "switching"  # the blank mode shown while the screens are built again


def ceremonies_available() -> bool:
    return importlib.util.find_spec("tui.screens.ceremonies") is not None


class IreiApp(KeysInTurn):
    TITLE = "irei 慰霊"
    COMMANDS: ClassVar = App.COMMANDS | {KeyCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "go('dashboard')", N_("Dashboard")),
        Binding("p", "go('people')", N_("People")),
        Binding("r", "go('remains')", N_("Remains")),
        Binding("c", "go('ceremonies')", N_("Ceremonies")),
        Binding("i", "go('import')", N_("Import")),
        # Priority: acted on as the key arrives, before the keys typed behind it are handed
        # to the widget that has the cursor. Left to the table to pass up, `/` moved the
        # cursor only after a search typed at once by tmux had gone to the table, lost, and
        # Enter then opened the record the table showed instead of the one searched for.
        Binding("slash", "focus_search", N_("Search"), priority=True),
        Binding("question_mark", "help", N_("Help")),
        Binding("f1", "help", N_("Help"), show=False),
        Binding("L", "switch_language", N_("日本語 / English")),
        Binding("q", "quit", N_("Quit")),
        # Textual's own key for the palette, given here so that its words are translated.
        Binding(
            "ctrl+p",
            "command_palette",
            N_("palette"),
            show=False,
            priority=True,
            tooltip=N_("Open the command palette"),
        ),
    ]

    def __init__(
        self,
        database: Database,
        *,
        actor: str,
        lang: str | None = None,
        import_dir: Path | None = None,
    ) -> None:
        set_language(resolve_language(lang))
        kinsoku.install()
        super().__init__()
        self.database = database
        self.actor = actor
        self.import_dir = import_dir
        self.palette_bindings: dict[str, ActiveBinding] = {}
        translate_bindings(self)
        for mode in MODES:
            self.add_mode(mode, self._factory(mode))

    def _handle_exception(self, error: Exception) -> None:
        """A refusal that no screen answered, such as the database server going away while a
        screen reads, ends the app with its one line, as the command line would say it. It
        does not end with Textual's traceback, which shows the variables of every frame. The
        forms catch it themselves and keep what was typed."""
        refusal = error.error if isinstance(error, WorkerFailed) else error
        if isinstance(refusal, IreiError):
            if self.return_code is None:  # the first says why; the others were the same
                stopped = _("irei stopped: {reason}").format(reason=said(refusal))
                self.exit(return_code=1, message=stopped)
            return
        super()._handle_exception(error)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's own commands in the palette (Theme, Quit, Keys …), in the user's language.
        Keys opens the app's own list of keys, which is translated, instead of Textual's panel,
        whose help for each widget is English only."""
        for command in super().get_system_commands(screen):
            if command.title == "Keys":
                said_help = _("List the keys of this screen and what they do")
                yield SystemCommand(_("Keys"), said_help, self.action_help)
            else:
                yield command._replace(title=_(command.title), help=_(command.help))

    def _factory(
        self, mode: str, kept: dict[str, object] | None = None
    ) -> Callable[[], Screen[None]]:
        """The mode's screen, built when first shown; with what it showed (``kept``) before the
        language was switched."""

        def build() -> Screen[None]:
            # Screens are imported when first shown, after the language is set.
            if mode == "dashboard":
                from tui.screens.dashboard import DashboardScreen

                return DashboardScreen(self.database, self.actor)
            if mode == "people":
                from tui.screens.people import PeopleScreen

                return PeopleScreen(self.database, self.actor, kept)
            if mode == "remains":
                from tui.screens.remains import RemainsScreen

                return RemainsScreen(self.database, self.actor, kept)
            if mode == "ceremonies" and ceremonies_available():
                from tui.screens.ceremonies import CeremoniesScreen

                screen: Screen[None] = CeremoniesScreen(self.database, self.actor, kept)
                return screen
            from tui.screens.imports import ImportScreen

            return ImportScreen(self.database, self.actor, self.import_dir, kept)

        return build

    def _kept_in(self, mode: str) -> dict[str, object] | None:
        """What the mode's first screen shows, if it was shown and can show it again: a
        list's search and filters (People, Remains), the ceremony chosen and its roll's order,
        the file and sheets chosen to import."""
        from tui.screens.base import KeepsState

        try:
            stack = self.get_screen_stack(mode)
        except KeyError:  # never shown: nothing typed or chosen
            return None
        first = stack[0] if stack else None
        return first.kept_state() if isinstance(first, KeepsState) else None

    def on_mount(self) -> None:
        self.screen_change_signal.subscribe(self, self.leave_notifications, immediate=True)
        self.switch_mode("dashboard")

    def leave_notifications(self, screen: Screen[object]) -> None:
        """A notification says what happened on the screen it was shown on, and goes when the
        user moves on: Textual's are the app's, and stayed out their time over the next screen,
        read as said of it. One raised as the screen changes (a form's "Ceremony created" as
        it closes) is not among them yet, Textual adding it after the change: it shows on the
        screen the user comes to. An error stays its time: the user may not have read it."""
        for notification in list(self._notifications):
            if notification.severity != "error":
                self._unnotify(notification, refresh=False)
        # Textual refreshes the toasts of the screen shown only: a screen behind a modal form
        # kept showing them through its dimmed backdrop.
        for screen_of_mode in self.screen_stack:
            for rack in screen_of_mode.query(ToastRack):
                rack.show(self._notifications)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Over a modal form, a letter must never switch screens behind the user's back.
        guarded = action in ("go", "focus_search", "switch_language")
        if guarded and isinstance(self.screen, ModalScreen):
            return False
        # `/` is offered as 検索 only where there is a search to go to.
        return action != "focus_search" or hasattr(self.screen, "action_focus_search")

    async def action_go(self, mode: str) -> None:
        if mode == "ceremonies" and not ceremonies_available():
            self.notify(_("Ceremonies are not available in this version"), severity="warning")
            return
        await self.switch_mode(mode)
        # The key names a screen, not the record last opened from it: `p` is the People
        # search, from a person's record as from the dashboard. A mode keeps its records
        # open on top of its first screen, so they are closed (only full screens: over a
        # form, the key is refused in check_action).
        while len(self.screen_stack) > 1:
            await self.pop_screen()

    def action_command_palette(self) -> None:
        self.palette_bindings = dict(self.screen.active_bindings)
        # Textual's own palette asks "Search for commands…" and says "No matches found" in
        # English whatever the language.
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            placeholder = _("Search for commands…")
            self.push_screen(CommandPaletteInWords(id="--command-palette", placeholder=placeholder))

    async def action_focus_search(self) -> None:
        # A slash in a text box is its own: typed in a path, or kept out of a search by it.
        if isinstance(self.focused, Input):
            raise SkipAction
        # Each screen knows where its search box is (check_action leaves out the others).
        await self.run_action("focus_search", self.screen)

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen, key_rows

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(key_rows(self.screen)))

    async def action_switch_language(self) -> None:
        from tui.i18n import current_language

        # Every screen is built again, the Import screen too: its running import or check
        # would report to a screen that is gone, and the registrar never see how it ended.
        if self._import_running():
            self.notify(
                _("An import is running: the language can be changed once it has finished"),
                severity="warning",
            )
            return
        await self.use_language("en" if current_language() == "ja" else "ja")

    def _import_running(self) -> bool:
        from tui.screens.imports import ImportScreen

        try:
            stack = self.get_screen_stack("import")
        except KeyError:  # never shown
            return False
        return any(isinstance(screen, ImportScreen) and screen.running for screen in stack)

    async def use_language(self, lang: str) -> None:
        """Switch the language now and for the next start: every screen is built again, the
        lists with their search and filters, and the records open on the screen shown are
        opened again, on the same tab."""
        from tui.screens.record_view import RecordView

        set_language(lang)
        unsaved = save_setting("language", lang)
        # Bindings and screens hold text translated when they were built, so rebuild them.
        self._bindings = self._merged_bindings.copy() if self._merged_bindings else self._bindings
        translate_bindings(self)
        # The mode shown cannot be removed, so a blank screen stands in meanwhile: one with a
        # header, removed just after it mounted, would still update its title, and fail.
        current = self.current_mode
        opened = [s.again() for s in self.screen_stack if isinstance(s, RecordView)]
        kept = {mode: self._kept_in(mode) for mode in MODES}
        self.add_mode(SWITCHING, Screen)
        await self.switch_mode(SWITCHING)
        for mode in MODES:
            await self.remove_mode(mode)
            self.add_mode(mode, self._factory(mode, kept[mode]))
        await self.switch_mode(current)
        for screen in opened:
            await self.push_screen(screen)
        await self.remove_mode(SWITCHING)
        self.notify(_("Language: English") if lang == "en" else _("Language: Japanese"))
        if unsaved is not None:
            self.notify(
                _("The language is not kept for the next start: {reason}").format(
                    reason=said(unsaved)
                ),
                severity="warning",
            )
