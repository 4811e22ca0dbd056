"""The bar of keys at the bottom of every screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import HorizontalGroup
from textual.widget import Widget
from textual.widgets import Footer


class KeyBar(Footer):
    """Textual's footer in its compact style, one space between keys instead of three: at 80
    columns two or three more of a screen's own keys are shown before the bar is cut.

    The keys are cut at the palette's key, which stays at the right edge. Textual lays them
    out under it instead: a letter of a key cut there showed in the column the palette key's
    margin leaves free ("^p paletteP"), and the edge of a key under it, falling within a wide
    character of its words, blanked that character ("^p コマ  ド")."""

    DEFAULT_CSS = """
    KeyBar > .keys { width: 1fr; height: 1; }
    KeyBar.-compact FooterKey.-command-palette { margin-right: 0; }
    /* Keys grouped under one word ("[ ] Tabs") spaced as the other keys are: Textual's
       compact style runs the word into the next key ("[] Tabse Edit"). */
    KeyBar.-compact KeyGroup.-compact { padding-left: 0; margin-right: 0; }
    KeyBar.-compact KeyGroup.-compact FooterKey.-grouped { margin-right: 1; }
    KeyBar.-compact FooterLabel { margin-right: 1; }
    """

    def compose(self) -> ComposeResult:
        palette: list[Widget] = []
        with HorizontalGroup(classes="keys"):
            for widget in super().compose():
                if widget.has_class("-command-palette"):
                    palette.append(widget)
                else:
                    yield widget
        yield from palette


def key_bar() -> Footer:
    return KeyBar(compact=True)
