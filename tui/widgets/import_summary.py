"""The import screen's summary of a check or an import: what it came to, then the rejected
rows, all of them to be read by scrolling it (Tab to it, then the arrow and page keys)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from importers.reading import RejectedRow
from importers.rejects import rejection
from tui.i18n import N_, plural, said

# The rejected rows put into words: a file of a hundred thousand refused rows (a wrong
# profile) took seconds to lay out, and no one reads so many here; the rejects workbook
# an import writes holds them all.
LISTED = 1_000
# The rejected rows it asks room for under its heading: enough to see what went wrong,
# whether one mistake repeats or several differ, before scrolling.
FIRST_REJECTED = 3


class ImportSummary(VerticalScroll):
    """Its height is an equal share of the room with the file picker and the preview (kept
    at 3 and 4 lines at least), never more than its lines need, and never less than its
    heading and the first rejected rows need while the screen can spare it: at 80×24 a refused
    import's heading alone took an equal share. The rest of the rows are scrolled to; it takes
    the focus only then, not to be a stop on the way to the buttons when all is in sight."""

    # A larger share (2fr, 3fr) is what it deserves, but Textual 8.2 lays out a widget of
    # more than 1fr held down by its max-height wrongly: at 80×24 the buttons went off screen.
    # Tinted when it has the focus, as the path box is: the arrow keys scroll it then.
    DEFAULT_CSS = """
    ImportSummary { height: 1fr; padding: 0 1; scrollbar-size-vertical: 1; }
    ImportSummary:focus { background-tint: $foreground 5%; }
    """

    def __init__(self, id: str) -> None:
        super().__init__(id=id)
        self.head = ""
        self.rejects: Sequence[RejectedRow] = ()
        self.lines: list[str] = []  # the heading's, then a line for each rejected row listed

    def compose(self) -> ComposeResult:
        yield Static("")

    def allow_focus(self) -> bool:
        return self.allow_vertical_scroll

    @property
    def text(self) -> str:
        """What it says, its heading and the rejected rows listed, scrolled out of sight or
        not."""
        return "\n".join(self.lines)

    def report(
        self, head: str, rejects: Sequence[RejectedRow] = (), *, several_sheets: bool = False
    ) -> None:
        """Say ``head`` (its lines), then list ``rejects``, from the top; each named by its
        sheet when ``several_sheets`` were read, even if all come from one of them: "row 2"
        alone read as the row of either."""
        self.head, self.rejects = head, rejects
        self.lines = [head] if head else []
        self.lines += [
            (f"[{reject.sheet}] " if several_sheets else "") + rejection(reject, said)
            for reject in rejects[:LISTED]
        ]
        if len(rejects) > LISTED:
            self.lines.append(more_rejected(len(rejects) - LISTED))
        self.query_one(Static).update(Text(self.text))
        self.scroll_home(animate=False)
        self.fit()

    def on_resize(self) -> None:
        self.fit()

    def room_to_take(self) -> int:
        """The lines its column has, less those of the widgets above and below it, and the
        least of those that share the room with it (the file picker, the preview): asking
        for more, it pushed the buttons off the screen when a list of sheets was offered."""
        column = self.parent
        assert isinstance(column, Widget)  # it is composed inside the screen's column
        taken = 0
        for widget in column.children:
            if widget is self or not widget.display:
                continue
            height, least = widget.styles.height, widget.styles.min_height
            if height is not None and height.is_fraction and least is not None:
                taken += int(least.value)
            else:
                taken += widget.outer_size.height
        return column.content_size.height - taken

    def height(self, text: str) -> int:
        """The lines ``text`` takes, as its width wraps them."""
        width = max(self.content_size.width, 1)
        styles = self.query_one(Static).styles
        # As Textual measures a widget's content (Widget.get_content_height), wrapping it by
        # the widget's own rules; its annotation asks for the rules' mapping type.
        return Content(text).get_height(styles, width)  # type: ignore[arg-type]

    def least(self) -> int:
        """The lines of its heading and its first rejected rows."""
        listed = 1 + FIRST_REJECTED if self.head and self.rejects else 1
        first = "\n".join(self.lines[:listed])
        return self.height(first) if first else 0

    def crowded(self) -> bool:
        """Whether it has rejected rows and too little room to show the first of them."""
        return bool(self.rejects) and self.least() > self.room_to_take()

    def fit(self) -> None:
        """Its least and greatest height, for the lines as its width wraps them."""
        self.styles.max_height = max(self.height(self.text) if self.lines else 0, 1)
        self.styles.min_height = max(min(self.least(), self.room_to_take()), 1)


def more_rejected(more: int) -> str:
    """How many rejected rows are not listed, and where they all are."""
    return plural(
        more,
        N_(
            "… and {more:,} more rejected row: an import lists them all in a workbook "
            "beside the file"
        ),
        N_(
            "… and {more:,} more rejected rows: an import lists them all in a workbook "
            "beside the file"
        ),
    ).format(more=more)
