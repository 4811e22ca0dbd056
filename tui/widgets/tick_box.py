"""A box to tick that says whether it is ticked without colour: Textual's Checkbox, with an
empty box when unticked, as TickList draws its rows."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox


class TickBox(Checkbox):
    """A Checkbox drawn ▐ ▌ when unticked and ▐X▌ when ticked. Textual draws the same X in
    both and tells them apart only by colour, which a registrar over SSH or at a monochrome
    terminal cannot see: 「身元判明者のみ」 was read as ticked when it was not."""

    @property
    def _button(self) -> Content:
        button = super()._button
        if self.value:
            return button
        # The same cells and styles, so the box keeps its place and colour.
        empty = button.plain.replace(self.BUTTON_INNER, " " * len(self.BUTTON_INNER))
        return Content(empty, list(button.spans))
