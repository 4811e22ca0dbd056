"""Back on the Remains or People list after changing a record opened from it, the row shows
the change at once, with the cursor where the user left it; nothing is read again when
nothing was written."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy import select
from sqlmodel import col
from textual.pilot import Pilot
from textual.widgets import Select

from records.database import Database
from records.models import Person
from records.status import LotStatus
from tests.tui.helpers import settle, synchronously
from tests.tui.test_workflows import lot_in, save_status
from tui.app import IreiApp
from tui.labels import status_label
from tui.screens.edit_form import EditForm
from tui.screens.lot import LotScreen
from tui.screens.person import PersonScreen
from tui.screens.status_change import StatusChangeScreen
from tui.widgets.paged_table import PagedTable

Change = Callable[[], Awaitable[None]]


async def _back_on_the_list(
    pilot: Pilot[None], screen_key: str, typed: str, record_id: int, change: Change
) -> tuple[PagedTable, int, int]:
    """Open the list by its key and search, put the cursor on the record's row as the user
    would and open it, make the change, and come back: the table, the row, and the table's
    generation when the record was opened."""
    app = pilot.app
    await pilot.press(screen_key)
    await settle(app, pilot)
    await pilot.press(*typed)
    await settle(app, pilot)
    table = app.screen.query_one(PagedTable)
    rows = [table.row(i) for i in range(table.total)]
    index = next(i for i, row in enumerate(rows) if row and row[0] == record_id)
    table.focus()
    table.cursor = index
    opened = table.generation
    await pilot.press("enter")
    await settle(app, pilot)
    await change()
    await pilot.press("escape")
    await settle(app, pilot)
    return table, index, opened


def _cells(table: PagedTable, index: int, record_id: int) -> tuple[str, ...]:
    shown = table.row(index)
    assert shown is not None and shown[0] == record_id
    return shown[1]


@synchronously
async def test_a_status_changed_from_the_remains_list_shows_in_its_row_at_once(
    demo_db: Database,
) -> None:
    lot = lot_in(demo_db, LotStatus.JAPANESE)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:

        async def change_status() -> None:
            assert isinstance(app.screen, LotScreen)
            await pilot.press("s")
            await settle(app, pilot)
            form = app.screen
            assert isinstance(form, StatusChangeScreen)
            form.query_one("#field-location", Select).value = form.sections[0][0]
            await save_status(pilot, form, LotStatus.INTERRED.value, "spring ceremony")
            await settle(app, pilot)

        # The lots of one fiscal year: several rows, the changed one among them.
        year = lot.lot_number[:4]
        table, index, _ = await _back_on_the_list(pilot, "r", year, lot.id or 0, change_status)

        assert table.total > 1 and table.cursor == index
        assert _cells(table, index, lot.id or 0)[1] == status_label(LotStatus.INTERRED)


@synchronously
async def test_a_name_corrected_from_the_people_list_shows_in_its_row_at_once(
    demo_db: Database,
) -> None:
    with demo_db.reading() as session:
        person = session.execute(
            select(Person).where(col(Person.reading).startswith("サ")).limit(1)
        ).scalar_one()
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:

        async def correct_name() -> None:
            assert isinstance(app.screen, PersonScreen)
            await pilot.press("e")
            await settle(app, pilot)
            assert isinstance(app.screen, EditForm)
            app.screen.query_one("#field-name").value = "齋藤　一郎"  # type: ignore[attr-defined]
            app.screen.query_one("#field-reason").value = "register"  # type: ignore[attr-defined]
            await pilot.press("ctrl+s")
            await settle(app, pilot)

        table, index, _ = await _back_on_the_list(pilot, "p", "サ", person.id or 0, correct_name)

        assert table.cursor == index
        assert _cells(table, index, person.id or 0)[1] == "齋藤　一郎"


@synchronously
async def test_back_on_a_list_with_nothing_written_the_rows_are_not_read_again(
    demo_db: Database,
) -> None:
    lot = lot_in(demo_db, LotStatus.INTERRED)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:

        async def only_look() -> None:
            assert isinstance(app.screen, LotScreen)

        year = lot.lot_number[:4]
        table, index, opened = await _back_on_the_list(pilot, "r", year, lot.id or 0, only_look)

        assert (table.generation, table.cursor) == (opened, index)
