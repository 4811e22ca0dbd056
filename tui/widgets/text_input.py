"""The text field of every form and search box: Textual's Input, keeping every space typed."""

from __future__ import annotations

import unicodedata

from textual import events
from textual.widgets import Input


class TextInput(Input):
    """An Input that keeps the ideographic space (U+3000) a registrar types between a family
    and a given name, and any other space. Textual's Input types a key's character only if
    ``str.isprintable()`` allows it, and Python counts every space but the ASCII one as
    unprintable: the key was dropped without a word, and a name saved from the form lost its
    split into family and given name. (A pasted space was always kept.)"""

    async def _on_key(self, event: events.Key) -> None:
        # Any other key goes on to Input's own handler, which Textual calls after this one
        # unless the default is prevented.
        character = event.character
        if character and not event.is_printable and unicodedata.category(character) == "Zs":
            event.stop()
            event.prevent_default()
            self.replace(character, *self.selection)
            return
        # A key the box binds itself (Ctrl+U, Backspace, Enter …) acts here, in its turn among
        # the characters: left to Textual, it acted only once passed up to the app, after the
        # characters typed behind it in one go (tmux), and Ctrl+U erased the number it was
        # typed before.
        for binding in self._bindings.key_to_bindings.get(event.key, ()):
            if await self.app.run_action(binding.action, self):
                event.stop()
                event.prevent_default()
                return
