"""The command palette (ctrl+p): every key binding of the current screen is also a command,
so the palette and the keys can never drift apart."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

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
            # Textual's widgets' own keys are described in English (tui.textual_words).
            title = _(binding.description)
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
