"""The import screen's summary of a check or an import: what it came to, then as many of the
rejected rows as the room left on the screen holds, and how many more there are."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from importers.reading import RejectedRow
from importers.rejects import rejection
from tui.i18n import N_, plural, said


class ImportSummary(Static):
    """Its height is an equal share of the room with the file picker and the preview (kept
    at 3 and 4 lines at least), never more than its lines need, and never less than its
    heading, the first rejected row and the count of the rest need while the screen can spare
    it: at 80×24 a refused import's heading alone took an equal share. The rejected rows are
    fitted to it again whenever it is resized, the rest counted on its last line."""

    # A larger share (2fr, 3fr) is what it deserves, but Textual 8.2 lays out a widget of
    # more than 1fr held down by its max-height wrongly: at 80×24 the buttons went off screen.
    DEFAULT_CSS = """
    ImportSummary { height: 1fr; padding: 0 1; }
    """

    def __init__(self, id: str) -> None:
        super().__init__("", id=id)
        self.head = ""
        self.rejects: Sequence[RejectedRow] = ()
        self.several = False  # the rejected rows are of several sheets: each is named

    def report(self, head: str, rejects: Sequence[RejectedRow] = ()) -> None:
        """Say ``head`` (its lines), then list ``rejects``."""
        self.head, self.rejects = head, rejects
        self.several = len({reject.sheet for reject in rejects}) > 1
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

    def fit(self) -> None:
        width = max(self.content_size.width, 1)

        def height(line: str) -> int:
            # As Textual measures a widget's content (Widget.get_content_height), wrapping it
            # by the widget's own rules; its annotation asks for the rules' mapping type.
            return Content(line).get_height(self.styles, width)  # type: ignore[arg-type]

        # Only the rows the whole screen could hold are put into words, however many there are.
        rows = [
            (f"[{reject.sheet}] " if self.several else "") + rejection(reject, said)
            for reject in self.rejects[: self.screen.size.height]
        ]
        heights = [height(row) for row in rows]
        used = height(self.head) if self.head else 0
        more_line = height(more_rejected(len(self.rejects))) if self.rejects else 0
        needed = used + sum(heights) + (more_line if len(rows) < len(self.rejects) else 0)
        self.styles.max_height = max(needed, 1)
        first = heights[0] + (more_line if len(self.rejects) > 1 else 0) if rows else 0
        self.styles.min_height = max(min(used + first, self.room_to_take()), 1)
        room = self.content_size.height
        shown = 0
        for count, row_height in enumerate(heights, 1):
            rest = more_line if count < len(self.rejects) else 0
            if used + row_height + rest > room:
                break
            used += row_height
            shown = count
        lines = [self.head] if self.head else []
        lines += rows[:shown]
        if shown < len(self.rejects):
            lines.append(more_rejected(len(self.rejects) - shown))
        self.update(Text("\n".join(lines)))


def more_rejected(more: int) -> str:
    """How many rejected rows are not listed (the rejects workbook an import writes holds
    them all)."""
    return plural(
        more, N_("… and {more:,} more rejected row"), N_("… and {more:,} more rejected rows")
    ).format(more=more)
