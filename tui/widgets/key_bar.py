"""The bar of keys at the bottom of every screen."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import HorizontalGroup
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, FooterLabel, KeyGroup

from tui.i18n import _


class Keys(HorizontalGroup):
    """The keys before the palette's key, as many as fit whole, in the order the screen binds
    them (its most used first): a key that would be cut at the edge is left out, with every
    key after it ("i Impor", "f5▏"), and "? More" said in their place, for the help (?)
    and the palette list them all: at 80 columns the lot screen's corrections (w Withdraw)
    were left out without a sign that there were more."""

    def on_resize(self, event: events.Resize) -> None:
        more = self.query_one(MoreKeys)
        keys = [key for key in self.children if key is not more]
        more.display = False
        if self._shown(keys, event, event.size.width):
            return
        room = event.size.width - self._width(more, event) - more.styles.margin.right
        self._shown(keys, event, room)
        if any(key.display and key.key == more.key for key in self.query(FooterKey)):
            self._shown(keys, event, event.size.width)  # "? Help" is shown: it says as much
        else:
            more.display = True

    def _shown(self, keys: list[Widget], event: events.Resize, width: int) -> bool:
        """Show the keys that fit whole in ``width``; whether they all did."""
        right = 0  # where the keys shown so far end, the space after the last one included
        fits = True
        for at, key in enumerate(keys):
            needed = self._width(key, event)
            word = keys[at + 1] if at + 1 < len(keys) else None
            if isinstance(key, KeyGroup) and isinstance(word, FooterLabel):
                # A group's keys stand with the word after them, a widget of its own: they
                # showed without it at the edge ("+ -▏").
                needed += key.styles.margin.right + self._width(word, event)
            fits = fits and right + needed <= width
            key.display = fits
            right += self._width(key, event) + key.styles.margin.right
        return fits

    def _width(self, key: Widget, event: events.Resize) -> int:
        return key.get_content_width(event.size, self.app.size) + key.styles.gutter.width


class MoreKeys(FooterKey):
    """Said at the end of the keys shown when some did not fit: ? opens the help, which lists
    them all."""

    def __init__(self) -> None:
        super().__init__("question_mark", "?", _("More"), "app.help", classes="-more-keys")


class KeyBar(Footer):
    """Textual's footer in its compact style, one space between keys instead of three: at 80
    columns two or three more of a screen's own keys are shown.

    The keys end before the palette's key, which stays at the right edge. Textual lays them
    out under it instead: a letter of a key cut there showed in the column the palette key's
    margin leaves free ("^p paletteP"), and the edge of a key under it, falling within a wide
    character of its words, blanked that character ("^p コマ  ド").

    A key of Textual's own widgets is described in English (tui.textual_words) and translated
    here, where it is shown: an open drop-down list said "esc Dismiss menu" in Japanese."""

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
        with Keys(classes="keys"):
            for widget in super().compose():
                if isinstance(widget, FooterKey):
                    widget.description = _(widget.description)
                if widget.has_class("-command-palette"):
                    palette.append(widget)
                else:
                    yield widget
            yield MoreKeys().data_bind(compact=Footer.compact)
        yield from palette


def key_bar() -> Footer:
    return KeyBar(compact=True)
