"""The paged table under search-as-you-type: the first page shows before a slow count ends, a
query whose first page holds every row is not counted, and a query overtaken by the next
keystroke is never read."""

from __future__ import annotations

import threading

import pytest
from textual.app import App, ComposeResult

from tests.tui.helpers import screen_lines, settle, synchronously
from tui.screens.dashboard import lot_columns
from tui.widgets.paged_table import PAGE_SIZE, Column, PagedTable, Row, fit


class NamesSource:
    """``size`` rows named ``{prefix}{n}``; remembers what it was asked for."""

    def __init__(self, size: int, prefix: str = "") -> None:
        self.size = size
        self.prefix = prefix
        self.offsets: list[int] = []
        self.counts = 0
        self.release = threading.Event()
        self.release.set()
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True

    def count(self) -> int:
        self.release.wait(10)
        self.counts += 1
        return self.size

    def fetch(self, offset: int, limit: int, total: int) -> list[Row]:
        self.offsets.append(offset)
        return [(n, (f"{self.prefix}{n}",)) for n in range(offset, min(offset + limit, self.size))]


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield PagedTable([Column("Name", 12)])


@synchronously
async def test_a_search_overtaken_by_the_next_keystroke_is_never_read() -> None:
    app = TableApp()
    async with app.run_test() as pilot:
        table = app.query_one(PagedTable)
        overtaken, latest = NamesSource(5000, "ヤ"), NamesSource(3, "ヤマ")
        table.set_source(overtaken)
        table.set_source(latest)
        await settle(app, pilot)
        assert (overtaken.offsets, overtaken.counts) == ([], 0)
        assert table.total == 3
        assert table.row(0) == (0, ("ヤマ0",))


@synchronously
async def test_a_replaced_search_is_told_to_stop_and_a_reload_is_not() -> None:
    app = TableApp()
    async with app.run_test() as pilot:
        table = app.query_one(PagedTable)
        overtaken, latest = NamesSource(5000), NamesSource(3)
        table.set_source(overtaken)
        table.set_source(latest)
        table.reload()
        await settle(app, pilot)
        assert overtaken.cancelled
        assert not latest.cancelled


@synchronously
async def test_a_reload_reads_the_rows_on_screen_again_where_the_user_left_them() -> None:
    app = TableApp()
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(PagedTable)
        names = NamesSource(5000, "ヤ")
        table.set_source(names)
        await settle(app, pilot)
        table.cursor = 1234
        await settle(app, pilot)
        top = table.scroll_offset.y
        names.prefix, names.offsets = "ヤマ", []
        table.reload()
        assert table.row(1234) == (1234, ("ヤ1234",))  # drawn as it was until read again
        await settle(app, pilot)

        assert names.offsets == [1200]  # only the page on screen
        assert (table.cursor, table.scroll_offset.y) == (1234, top)
        assert table.row(1234) == (1234, ("ヤマ1234",))

        names.size = 1230  # the record under the cursor left the rows
        table.reload()
        await settle(app, pilot)
        assert (table.total, table.cursor) == (1230, 1229)


@synchronously
async def test_the_first_page_shows_before_a_slow_count_ends() -> None:
    app = TableApp()
    async with app.run_test() as pilot:
        table = app.query_one(PagedTable)
        everyone = NamesSource(2_400_000)
        everyone.release.clear()
        table.set_source(everyone)
        for _ in range(500):
            await pilot.pause(0.01)
            if 0 in table.pages:
                break
        assert table.row(0) == (0, ("0",))
        assert not table.counted
        everyone.release.set()
        await settle(app, pilot)
        assert table.counted and table.total == 2_400_000
        assert everyone.counts == 1


@synchronously
async def test_a_search_whose_first_page_holds_every_row_is_not_counted() -> None:
    app = TableApp()
    async with app.run_test() as pilot:
        table = app.query_one(PagedTable)
        few = NamesSource(PAGE_SIZE - 1)
        table.set_source(few)
        await settle(app, pilot)
        assert table.counted and table.total == PAGE_SIZE - 1
        assert few.counts == 0


@pytest.mark.parametrize(
    ("text", "width", "shown"),
    [
        ("佐藤", 6, "佐藤  "),  # two wide characters take four cells
        ("1946-02-13", 10, "1946-02-13"),  # exactly as wide as the column
        ("Ямагути Тору", 7, "Ямагут…"),
        ("ヤマグチ タロウ", 8, "ヤマグ …"),  # a wide character never cut in half
        ("", 3, "   "),
    ],
)
def test_a_cell_fills_its_column_exactly(text: str, width: int, shown: str) -> None:
    assert fit(text, width) == shown


class WideTableApp(App[None]):
    """Columns wider than the terminal, so the table scrolls sideways under a scrollbar."""

    def compose(self) -> ComposeResult:
        yield PagedTable([Column("Name", 12), Column("Remarks", 100)])


class WideSource(NamesSource):
    def fetch(self, offset: int, limit: int, total: int) -> list[Row]:
        return [(n, (f"row {n}", "")) for n in range(offset, min(offset + limit, self.size))]


@synchronously
async def test_the_last_row_is_in_sight_above_the_sideways_scrollbar() -> None:
    app = WideTableApp()
    async with app.run_test(size=(80, 12)) as pilot:
        table = app.query_one(PagedTable)
        table.set_source(WideSource(50))
        table.focus()
        await settle(app, pilot)
        await pilot.press("end")
        await settle(app, pilot)
        # The cursor's row was drawn under the horizontal scrollbar, out of sight.
        assert any("row 49" in line for line in screen_lines(app)), screen_lines(app)
        await pilot.press("home", "pagedown")
        await settle(app, pilot)
        assert any(f"row {table.cursor} " in line for line in screen_lines(app))


class LotTableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield PagedTable(lot_columns())


class OneLot:
    """One lot whose status and country are the longest the table shows."""

    def count(self) -> int:
        return 1

    def fetch(self, offset: int, limit: int, total: int) -> list[Row]:
        cells = ("2002-KZ-030-00043", "handed to the family", "2002", "カザフスタン")
        return [(1, (*cells, "KZ-030", "1", "遺骨は一部"))]


@pytest.mark.parametrize(
    ("width", "shown"),
    [
        (120, ["handed to the family", "カザフスタン", "遺骨は一部"]),
        (80, ["handed to the family", "カザフスタン"]),  # the remarks take what is left
    ],
)
@synchronously
async def test_a_lots_status_and_country_widen_to_be_read_whole_when_there_is_room(
    width: int, shown: list[str]
) -> None:
    app = LotTableApp()
    async with app.run_test(size=(width, 10)) as pilot:
        table = app.query_one(PagedTable)
        table.set_source(OneLot())
        await settle(app, pilot)
        line = table.render_line(1).text
        assert all(text in line for text in shown), line
