"""The command palette (ctrl+p): every key binding of the current screen is also a command,
so the palette and the keys can never drift apart; the palette says in the user's language
that nothing matched."""

from __future__ import annotations

from functools import partial

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen
from textual.widgets.option_list import Option

from tui.i18n import _


class KeyCommands(Provider):
    def _commands(self) -> list[tuple[str, str, object]]:
        found: dict[str, tuple[str, str, object]] = {}
        # Once the palette is on top, a screen below it reports no active bindings, so the app
        # keeps those of the screen the palette was opened from.
        bindings = getattr(self.app, "palette_bindings", None) or self.screen.active_bindings
        for active in bindings.values():
            binding = active.binding
            if not binding.description or binding.action.startswith("command_palette"):
                continue
            key = self.app.get_key_display(binding)
            callback = partial(self.app.run_action, binding.action, active.node)
            # A screen's key shortened for the key bar is named by its tooltip, as in the help;
            # Textual's widgets' own keys are described in English (tui.textual_words).
            own = isinstance(active.node, Screen) and binding.tooltip
            title = _(binding.tooltip if own else binding.description)
            found.setdefault(title, (title, key, callback))
        return list(found.values())

    async def discover(self) -> Hits:
        for title, key, callback in self._commands():
            yield DiscoveryHit(title, callback, help=_("key: {key}").format(key=key))  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, key, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(title),
                    callback,  # type: ignore[arg-type]
                    help=_("key: {key}").format(key=key),
                )


class CommandPaletteInWords(CommandPalette):
    """Textual's command palette, saying "No matches found" through ``_()``. Textual writes the
    English words into the option it adds after a search finds nothing and has no setting
    for them, so the method that adds it, private to Textual, is written again here with the
    same countdown and option; tests/tui/test_i18n.py fails if an upgrade stops calling it."""

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            # An empty search lists every command: that nothing matched is not news then.
            if not search_value:
                self._list_visible = False
                return
            words = Align.center(Text(_("No matches found"), style="not bold"))
            no_matches = Option(words, disabled=True, id=self._NO_MATCHES)
            self.query_one(CommandList).add_option(no_matches)
            self._list_visible = True

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
