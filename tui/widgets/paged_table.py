"""A table over a page source: it knows how many rows there are and reads only the pages the
user looks at, so two million rows open as fast as two hundred (see PERFORMANCE.md: the
stock DataTable needs 14 s for 100k rows)."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import ClassVar, Protocol

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import work
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.i18n import N_, translate_bindings

PAGE_SIZE = 100
# Pages kept in memory; 40 × 100 rows is a few hundred kB whatever the table's size.
CACHED_PAGES = 40


def fit(text: str, width: int) -> str:
    """The text in exactly ``width`` cells: cut with an ellipsis, or padded with spaces."""
    length = cell_len(text)
    if length > width:
        return set_cell_size(text, width - 1) + "…"
    return text + " " * (width - length)


@dataclass(frozen=True)
class _Paint:
    """What every line of one paint of the table shares."""

    widths: list[int]
    plain: Style
    header: Style
    cursor: Style
    cell: Style


@dataclass(frozen=True)
class Column:
    title: str  # an English msgid, translated by the screen before use
    width: int
    # How many cells the column may widen by when the terminal has room to spare: the
    # columns whose text runs long. What they leave goes to the last column.
    grow: int = 0


Row = tuple[int, tuple[str, ...]]  # (record id, cells as text)


class PageSource(Protocol):
    """Rows of one query. ``count`` may be slow and runs in a worker after the first page;
    ``fetch`` reads one window. Both open their own read session, so they are safe in a
    thread. A source may also have a ``cancel()``, called when another source replaces it."""

    def count(self) -> int: ...

    def fetch(self, offset: int, limit: int, total: int) -> list[Row]: ...


class EmptySource:
    def count(self) -> int:
        return 0

    def fetch(self, offset: int, limit: int, total: int) -> list[Row]:
        return []


class PagedTable(ScrollView, can_focus=True):
    """Rows drawn line by line from cached pages; a page not yet read shows as "…" until a
    worker brings it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", N_("Up"), show=False),
        Binding("down", "cursor(1)", N_("Down"), show=False),
        Binding("pageup", "page(-1)", N_("Page up"), show=False),
        Binding("pagedown", "page(1)", N_("Page down"), show=False),
        Binding("home", "first", N_("First row"), show=False),
        Binding("end", "last", N_("Last row"), show=False),
        Binding("left", "column(-1)", N_("Previous column"), show=False),
        Binding("right", "column(1)", N_("Next column"), show=False),
        Binding("enter", "choose", N_("Open")),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "paged-table--header",
        "paged-table--cursor",
        "paged-table--cell",
    }
    DEFAULT_CSS = """
    PagedTable { height: 1fr; }
    PagedTable > .paged-table--header { text-style: bold; background: $panel; }
    PagedTable > .paged-table--cursor { background: $accent 40%; }
    PagedTable:focus > .paged-table--cursor { background: $accent; color: $text; }
    PagedTable > .paged-table--cell { text-style: reverse; }
    """

    cursor: reactive[int] = reactive(0)
    cursor_column: reactive[int] = reactive(0)

    class Chosen(Message):
        """Enter on a row: open the record it shows."""

        def __init__(self, table: PagedTable, record_id: int) -> None:
            super().__init__()
            self.table = table
            self.record_id = record_id

    class Counted(Message):
        def __init__(self, table: PagedTable, total: int) -> None:
            super().__init__()
            self.table = table
            self.total = total

    def __init__(self, columns: list[Column], *, id: str | None = None) -> None:
        super().__init__(id=id)
        translate_bindings(self)
        self.columns = columns
        self.titles = list(c.title for c in columns)
        self.source: PageSource = EmptySource()
        self.total = 0
        self.counted = False
        self.pages: OrderedDict[int, list[Row]] = OrderedDict()
        self.pending: set[int] = set()
        self.generation = 0  # a page read for an older source is thrown away
        self._paint = _Paint([c.width for c in columns], Style(), Style(), Style(), Style())

    # The data ---------------------------------------------------------------------------

    def set_source(
        self,
        source: PageSource,
        *,
        titles: list[str] | None = None,
        columns: list[Column] | None = None,
        at: int = 0,
    ) -> None:
        """Show another query's rows (a new search, other filters) from the top, or with the
        cursor on row ``at`` (the line a user just acted on); under other columns when given,
        for rows that hold other things (a roll of lots has no names)."""
        if columns is not None:
            self.columns = columns
            self.titles = [c.title for c in columns]
            self.cursor_column = min(self.cursor_column, len(columns) - 1)
        if titles is not None:
            self.titles = titles
        cancel = getattr(self.source, "cancel", None)  # a search can stop halfway
        if cancel is not None and source is not self.source:
            cancel()
        self.source = source
        self.generation += 1
        self.pages.clear()
        self.pending = {0}  # read by _open with the count
        self.total, self.counted = 0, False
        self.scroll_to(0, 0, animate=False)
        self.cursor = at
        self._resize()
        self._open(self.generation, source)

    def reload(self) -> None:
        """Read the rows again after records changed, where the user left them: the cursor
        and the scroll stay (the cursor within the new count), and the rows on screen stay
        drawn until their new text arrives, so nothing flashes."""
        top = int(self.scroll_offset.y)
        shown = {index // PAGE_SIZE for index in (top, top + self.size.height, self.cursor)}
        self.pages = OrderedDict((page, rows) for page, rows in self.pages.items() if page in shown)
        self.generation += 1
        self.pending = set()
        for page in self.pages:
            self._read(page)
        self._recount(self.generation, self.source)

    def _superseded(self, generation: int) -> bool:
        """Whether a newer source replaced the one a worker was started for: a search typed
        faster than it is answered must not queue one query per keystroke behind the last."""
        return generation != self.generation

    @work(thread=True, group="open")
    def _open(self, generation: int, source: PageSource) -> None:
        """The first page, then the count, in one thread: the rows show before a slow count
        ends, and a query whose first page holds every row needs no count at all."""
        if self._superseded(generation):
            return
        rows = source.fetch(0, PAGE_SIZE, -1)
        if self._superseded(generation):
            return
        self.app.call_from_thread(self._fetched, generation, 0, rows)
        if len(rows) < PAGE_SIZE:
            total = len(rows)
        elif self._superseded(generation):
            return
        else:
            total = source.count()
        self.app.call_from_thread(self._counted, generation, total)

    @work(thread=True, group="open")
    def _recount(self, generation: int, source: PageSource) -> None:
        if self._superseded(generation):
            return
        total = source.count()
        self.app.call_from_thread(self._counted, generation, total)

    def _counted(self, generation: int, total: int) -> None:
        if self._superseded(generation):
            return
        self.total, self.counted = total, True
        self.cursor = min(self.cursor, max(total - 1, 0))
        self._resize()
        self._bring_cursor_into_sight()  # set before the count, it could not scroll
        self.refresh()
        self.post_message(self.Counted(self, total))

    def _request(self, page: int) -> None:
        if page in self.pages or page in self.pending or page < 0:
            return
        self._read(page)

    def _read(self, page: int) -> None:
        self.pending.add(page)
        self._fetch(self.generation, self.source, page, self.total if self.counted else -1)

    @work(thread=True, group="fetch")
    def _fetch(self, generation: int, source: PageSource, page: int, total: int) -> None:
        if self._superseded(generation):
            return
        rows = source.fetch(page * PAGE_SIZE, PAGE_SIZE, total)
        self.app.call_from_thread(self._fetched, generation, page, rows)

    def _fetched(self, generation: int, page: int, rows: list[Row]) -> None:
        if self._superseded(generation):
            return
        self.pending.discard(page)
        self.pages[page] = rows
        while len(self.pages) > CACHED_PAGES:
            self.pages.popitem(last=False)
        if not self.counted and page == 0:
            # Until the count arrives, show what the first page holds.
            self.total = len(rows)
            self._resize()
        self.refresh()

    def row(self, index: int) -> Row | None:
        page, at = divmod(index, PAGE_SIZE)
        rows = self.pages.get(page)
        if rows is None:
            self._request(page)
            return None
        self.pages.move_to_end(page)
        return rows[at] if at < len(rows) else None

    @property
    def fetching(self) -> bool:
        return bool(self.pending) or not self.counted

    @property
    def current_id(self) -> int | None:
        found = self.row(self.cursor) if self.total else None
        return found[0] if found else None

    def current_value(self) -> tuple[str, str] | None:
        """The title and full text of the cell under the cursor."""
        found = self.row(self.cursor) if self.total else None
        if found is None:
            return None
        column = min(self.cursor_column, len(found[1]) - 1)
        return self.titles[column], found[1][column]

    # Drawing ----------------------------------------------------------------------------

    def _least_widths(self) -> list[int]:
        """Each column at least as wide as its heading: cut short, a heading no longer says
        what the column holds (判明, identified, read "判…" in a column of three cells)."""
        titles = [cell_len(title) for title in self.titles]
        return [max(c.width, title) for c, title in zip(self.columns, titles, strict=True)]

    def _widths(self) -> list[int]:
        widths = self._least_widths()
        spare = self.scrollable_content_region.width - sum(widths) - len(widths)
        # A column widened to its heading has used that much of its room to grow.
        room = {i: c.width + c.grow - widths[i] for i, c in enumerate(self.columns)}
        room = {i: cells for i, cells in room.items() if cells > 0}
        while spare > 0 and room:  # a cell at a time, in turn, so they widen alike
            for i in list(room)[:spare]:
                widths[i] += 1
                spare -= 1
                room[i] -= 1
                if not room[i]:
                    del room[i]
        if spare > 0:
            widths[-1] += spare  # the last column takes what the terminal has left
        return widths

    def _resize(self) -> None:
        width = sum(width + 1 for width in self._least_widths())
        self.virtual_size = Size(width, self.total + 1)

    def on_resize(self) -> None:
        self._resize()

    def render_lines(self, crop: Region) -> list[Strip]:
        # Every line of one paint has the same widths and styles; worked out per line they cost
        # more than the text (Textual's rich_style walks every ancestor on each call).
        self._paint = _Paint(
            widths=self._widths(),
            plain=self.rich_style,
            header=self.get_component_rich_style("paged-table--header"),
            cursor=self.get_component_rich_style("paged-table--cursor"),
            cell=self.get_component_rich_style("paged-table--cell"),
        )
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        paint = self._paint
        if y == 0:
            return self._strip(self.titles, paint.header, None)
        index = int(self.scroll_offset.y) + y - 1
        if index >= self.total:
            return Strip.blank(self.size.width, paint.plain)
        found = self.row(index)
        cells = found[1] if found else tuple("…" for _ in self.columns)
        if index == self.cursor:
            return self._strip(cells, paint.cursor, self.cursor_column)
        return self._strip(cells, paint.plain, None)

    def _strip(self, cells: tuple[str, ...] | list[str], style: Style, mark: int | None) -> Strip:
        # Plain segments, never Text(markup): a remark containing [bold] shows as written.
        segments = []
        for number, (cell, width) in enumerate(zip(cells, self._paint.widths, strict=False)):
            text = fit(cell.replace("\n", " "), width)
            if number == mark:
                segments.append(Segment(text, style + self._paint.cell))
                segments.append(Segment(" ", style))
            else:
                segments.append(Segment(text + " ", style))
        x = int(self.scroll_offset.x)
        strip = Strip(segments).crop(x, x + self.size.width)
        return strip.extend_cell_length(self.size.width, style)

    # Moving -----------------------------------------------------------------------------

    @property
    def _rows_in_sight(self) -> int:
        """The lines under the heading and above the sideways scrollbar, which a table wider
        than the terminal has at 80 columns: counted in, it hid the cursor's row under it."""
        return max(self.scrollable_content_region.height - 1, 1)

    def watch_cursor(self) -> None:
        self._bring_cursor_into_sight()
        self.refresh()

    def _bring_cursor_into_sight(self) -> None:
        visible = self._rows_in_sight
        top = int(self.scroll_offset.y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + visible:
            self.scroll_to(y=self.cursor - visible + 1, animate=False)

    def watch_cursor_column(self) -> None:
        self.refresh()

    def action_cursor(self, step: int) -> None:
        if self.total:
            self.cursor = max(0, min(self.total - 1, self.cursor + step))

    def action_page(self, step: int) -> None:
        self.action_cursor(step * max(self._rows_in_sight - 1, 1))

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        if self.total:
            self.cursor = self.total - 1

    def action_column(self, step: int) -> None:
        self.cursor_column = max(0, min(len(self.columns) - 1, self.cursor_column + step))

    def action_choose(self) -> None:
        record_id = self.current_id
        if record_id is not None:
            self.post_message(self.Chosen(self, record_id))

    def on_click(self, event: object) -> None:
        y = getattr(event, "y", 0)
        if y >= 1 and self.total:
            index = int(self.scroll_offset.y) + y - 1
            if index < self.total:
                if index == self.cursor:
                    self.action_choose()
                self.cursor = index
