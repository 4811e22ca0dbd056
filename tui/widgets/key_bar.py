"""The bar of keys at the bottom of every screen."""

from __future__ import annotations

from textual.widgets import Footer


def key_bar() -> Footer:
    """Textual's footer in its compact style, one space between keys instead of three: at 80
    columns two or three more of a screen's own keys are shown before the bar is cut."""
    return Footer(compact=True)
