"""A record's tabs. Two tab keys arriving in one read of the terminal (a fast typist, `tmux
send-keys 2 1`) leave the last key's tab shown with its table focused, and the screen idle:
they used to swap the two tabs for ever, at full CPU, until Esc. And what the tabs show reads
in the registrar's words."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlmodel import col
from textual import events
from textual.widgets import Tab, TabbedContent

from records.database import Database
from records.models import ImportBatch, Person, RemainsLot
from records.services.persons import update_person
from records.status import LotStatus
from tests.importers.test_csv_rows import lots_csv
from tests.importers.test_import_pipeline import ROW, register, run
from tests.records.conftest import (
    add_section,
    analyse,
    create_person,
    path_to,
    register_lot,
    walk,
)
from tests.tui.helpers import screen_lines, settle, synchronously
from tests.tui.test_workflows import first_person, lot_in
from tui.app import IreiApp
from tui.screens.lot import LotScreen
from tui.screens.person import PersonScreen
from tui.screens.record_view import TABS
from tui.screens.value import ValueScreen
from tui.widgets.audit_table import AuditTable
from tui.widgets.record_table import RecordTable


@synchronously
async def test_tab_keys_in_one_burst_settle_on_the_last(demo_db: Database) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = PersonScreen(demo_db, "tanaka", first_person(demo_db).id or 0)
        await app.push_screen(screen)
        await pilot.pause()
        tabs = screen.query_one(TabbedContent)
        switches: list[str] = []
        screen.watch(tabs, "active", lambda tab: switches.append(tab), init=False)
        # pilot.press lets the app settle between keys, which hides the race: post both.
        app.post_message(events.Key("2", "2"))
        app.post_message(events.Key("1", "1"))
        # A busy machine may take a while over both keys; wait for the last key's tab (the
        # bug swapped the tabs for ever, so it never settled there), then watch it stay.
        for _ in range(100):
            await asyncio.sleep(0.05)
            await pilot.pause()
            if tabs.active == "summary" and screen.focused is screen.query_one("#summary-table"):
                break
        settled = len(switches)
        await asyncio.sleep(0.3)
        assert len(switches) == settled, f"tabs still switching: {switches[-6:]}"
        assert tabs.active == "summary"
        assert screen.focused is screen.query_one("#summary-table")
        await pilot.press("1")  # the tab already shown: its table keeps the focus
        assert screen.focused is screen.query_one("#summary-table")


@synchronously
async def test_a_focus_moved_into_another_tab_leaves_the_chosen_tab_shown(
    demo_db: Database,
) -> None:
    # The race above, made certain: Textual moving the focus off a table whose pane a key
    # hid lands it on another tab's table after the last key's switch.
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = PersonScreen(demo_db, "tanaka", first_person(demo_db).id or 0)
        await app.push_screen(screen)
        await settle(app, pilot)
        tabs = screen.query_one(TabbedContent)
        await pilot.press("2", "1")
        await settle(app, pilot)
        assert tabs.active == "summary"

        screen.query_one("#forms-table").focus()
        await settle(app, pilot)

        assert tabs.active == "summary"
        await pilot.press("1")  # the chosen tab's key focuses its table again
        await settle(app, pilot)
        assert screen.focused is screen.query_one("#summary-table")


@synchronously
async def test_a_lots_tabs_name_results_events_and_places_in_the_registrars_words(
    database: Database, actor: str
) -> None:
    """An analysis's affiliation, a custody event and the place a status change moved the
    remains to read as the registrar says them, not as the codes and ids stored."""
    section = add_section(database)
    lot_id = register_lot(database, actor)
    walk(database, actor, lot_id, path_to(LotStatus.INTERRED), section)
    app = IreiApp(database, actor="tanaka", lang="ja")
    async with app.run_test(size=(160, 40)) as pilot:
        screen = LotScreen(database, "tanaka", lot_id)
        await app.push_screen(screen)
        await settle(app, pilot)
        analyses = screen.query_one("#analyses-table", RecordTable).full
        assert [row[3] for row in analyses] == ["日本人"]  # the test's affiliation
        custody = screen.query_one("#custody-table", RecordTable).full
        assert [row[1] for row in custody] == ["収容", "判定: 日本人", "納骨済み"]
        summary = dict(screen.query_one("#summary-table", RecordTable).full)
        assert summary["所属判定"] == "日本人、令和2年3月4日"  # the verdict and its date
        audit = screen.query_one("#audit-table", RecordTable).full
        assert "安置場所: （空欄） → 第1納骨室 第1区画" in audit[0][3], audit[0][3]


@pytest.fixture
def handed_over(database: Database, actor: str) -> tuple[int, Person]:
    """A lot walked to its hand-over to a family, and the person its DNA match named."""
    section = add_section(database)
    lot_id = register_lot(database, actor)
    walk(database, actor, lot_id, path_to(LotStatus.HANDED_TO_FAMILY), section)
    with database.reading() as session:
        person = session.execute(select(Person)).scalar_one()
    return lot_id, person


async def lot_tables(database: Database, lot_id: int, *tables: str) -> list[list[tuple[str, ...]]]:
    """The rows of the lot screen's tables, as an English-speaking registrar sees them."""
    app = IreiApp(database, actor="tanaka", lang="en")
    async with app.run_test(size=(160, 40)) as pilot:
        screen = LotScreen(database, "tanaka", lot_id)
        await app.push_screen(screen)
        await settle(app, pilot)
        return [screen.query_one(table, RecordTable).full for table in tables]


@synchronously
async def test_a_lot_handed_to_a_family_names_whose_remains_they_were(
    database: Database, handed_over: tuple[int, Person]
) -> None:
    """The person the DNA match named, by name and 番号: in the custody history where the
    remains went, and in the audit history of the hand-over."""
    lot_id, person = handed_over
    custody, audit = await lot_tables(database, lot_id, "#custody-table", "#audit-table")
    handed = custody[-1]
    assert (handed[1], handed[4]) == (
        "handed to family",
        f"the family of {person.name} (Reg. No. {person.register_no})",
    )
    assert f"Identified as: (blank) → {person.name}" in audit[0][3], audit[0][3]


@synchronously
async def test_a_hand_over_still_names_its_family_after_a_later_test_names_another(
    database: Database, actor: str, handed_over: tuple[int, Person]
) -> None:
    """The custody history says to whose family the remains went that day, not whom the
    lot's tests name today."""
    lot_id, person = handed_over
    create_person(database, actor, name="鈴木 一郎", register_no=9001)
    analyse(database, actor, lot_id, "japanese", matched="鈴木 一郎")
    [custody] = await lot_tables(database, lot_id, "#custody-table")
    assert custody[-1][4] == f"the family of {person.name} (Reg. No. {person.register_no})"


@synchronously
async def test_the_specimens_tab_names_whom_a_match_names(database: Database, actor: str) -> None:
    """On the lot's and on the person's screen, a match names its person by name and number;
    a match whose name links no one names it as the results wrote it, said unlinked."""
    lot_id = register_lot(database, actor, ("HB-012-19-0101", "HB-012-19-0102"))
    person_id = create_person(database, actor, name="佐藤 太郎", register_no=12)
    analyse(database, actor, lot_id, "japanese", matched="佐藤 太郎")
    app = IreiApp(database, actor="tanaka", lang="en")
    async with app.run_test(size=(160, 40)) as pilot:
        lot_screen = LotScreen(database, "tanaka", lot_id)
        await app.push_screen(lot_screen)
        await settle(app, pilot)
        table = lot_screen.query_one("#analyses-table", RecordTable)
        titles = [str(column.label) for column in table.columns.values()]
        on_the_lot = table.full
        person_screen = PersonScreen(database, "tanaka", person_id)
        await app.push_screen(person_screen)
        await settle(app, pilot)
        on_the_person = person_screen.query_one("#analyses-table", RecordTable).full
        create_person(database, actor, name="鈴木 一郎")
        create_person(database, actor, name="鈴木 一郎")  # a namesake: the match links no one
        analyse(database, actor, lot_id, "japanese", matched="鈴木 一郎")
        lot_screen.load()
        again = lot_screen.query_one("#analyses-table", RecordTable).full
    assert titles[5] == "Person"
    assert [row[5] for row in on_the_lot] == ["佐藤 太郎 (Reg. No. 12)", ""]
    assert [row[5] for row in on_the_person] == ["佐藤 太郎 (Reg. No. 12)"]
    assert [row[5] for row in again] == [
        "佐藤 太郎 (Reg. No. 12)",
        "鈴木 一郎 (linked to no person)",
        "",
    ]


@synchronously
async def test_an_imported_persons_audit_history_begins_with_the_import_and_its_row(
    database: Database, tmp_path: Path
) -> None:
    """Rows imported in bulk share their batch's one event; the person's own tab still says
    who imported them, when, and from which file, sheet and row of which batch."""
    report = run(database, register(tmp_path / "名簿.xlsx", [ROW]))
    with database.reading() as session:
        person = session.execute(select(Person)).scalar_one()
        batch = session.get(ImportBatch, report.batch_id)
    assert batch is not None
    app = IreiApp(database, actor="tanaka", lang="ja")
    async with app.run_test(size=(160, 40)) as pilot:
        await app.push_screen(PersonScreen(database, "tanaka", person.id or 0))
        await settle(app, pilot)
        await pilot.press("6")
        [imported] = app.screen.query_one("#audit-table", RecordTable).full
    assert imported == (
        batch.started_at.strftime("%Y-%m-%d %H:%M:%S"),
        "tester",
        "取り込み",
        "ファイル: 名簿.xlsx; シート: Sheet; 行: 2",
        f"取込バッチ {report.batch_id}（名簿.xlsx）",  # stored as "import batch 1 (名簿.xlsx)"
    )


@synchronously
async def test_a_lots_import_comes_before_its_later_changes_in_the_audit_history(
    database: Database, tmp_path: Path, actor: str
) -> None:
    run(database, lots_csv(tmp_path / "recovery.csv", 2, {}))
    with database.reading() as session:
        lot = session.execute(
            select(RemainsLot).where(col(RemainsLot.lot_number) == "2004-ZB-022-00002")
        ).scalar_one()
    assert lot.id is not None
    walk(database, actor, lot.id, path_to(LotStatus.AFFILIATION_PENDING), add_section(database))
    app = IreiApp(database, actor="tanaka", lang="en")
    async with app.run_test(size=(160, 40)) as pilot:
        await app.push_screen(LotScreen(database, "tanaka", lot.id))
        await settle(app, pilot)
        await pilot.press("5")
        audit = app.screen.query_one("#audit-table", RecordTable).full
        sources = app.screen.query_one("#sources-table", RecordTable).full
    # Newest first: the status change, then the lot's creation by the import.
    assert [(row[1], row[2]) for row in audit] == [
        (actor, "status changed"),
        ("tester", "imported"),
    ]
    assert audit[1][3] == "File: recovery.csv; Row: 3"  # a CSV file has no sheets
    assert sources[0] == ("Lot of remains", "recovery.csv", "", "3")
    assert audit[0][0] >= audit[1][0]


@pytest.mark.parametrize("lang", ["en", "ja"])
@synchronously
async def test_at_80_by_24_every_tab_of_a_person_is_named_whole(
    demo_db: Database, lang: str
) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(PersonScreen(demo_db, "tanaka", first_person(demo_db).id or 0))
        await settle(app, pilot)
        labels = [str(tab.label) for tab in app.screen.query(Tab)]
        assert len(labels) == 7
        tab_line = screen_lines(app)[2]
        assert all(f" {label} " in tab_line for label in labels), tab_line


@synchronously
async def test_the_bracket_keys_show_the_next_and_the_previous_tab(demo_db: Database) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        lot = lot_in(demo_db, LotStatus.AFFILIATION_PENDING)
        screen = LotScreen(demo_db, "tanaka", lot.id or 0)
        await app.push_screen(screen)
        await settle(app, pilot)
        tabs = screen.query_one(TabbedContent)
        # Said in the key bar, within its 80 columns, next to Back.
        assert "esc Back [ ] Tabs " in screen_lines(app)[-1]

        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        assert tabs.active == "analyses"
        assert screen.focused is screen.query_one("#analyses-table")
        await pilot.press("left_square_bracket", "left_square_bracket")
        await settle(app, pilot)
        assert tabs.active == "sources"  # round from the first to the last
        assert screen.focused is screen.query_one("#sources-table")
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        assert tabs.active == "summary"


@synchronously
async def test_v_on_the_audit_history_shows_the_whole_change_with_its_reason(
    demo_db: Database,
) -> None:
    """The cursor starts on the time, and v showed only that, the reason four columns on."""
    person = first_person(demo_db)
    with demo_db.session() as session:
        reason = "御遺族の申告により訂正" * 8  # longer than a cell shows
        changes = {"remarks": "再調査"}
        update_person(session, "tanaka", person.id or 0, changes, reason, expected_version=None)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(PersonScreen(demo_db, "tanaka", person.id or 0))
        await pilot.press(str(TABS.index("audit") + 1), "v")
        await settle(app, pilot)
        assert isinstance(app.screen, ValueScreen)
        assert app.screen.value_title == "Audit history"
        lines = app.screen.value.splitlines()
        assert lines[1:] == [
            "Who: tanaka",
            "Action: corrected",
            "What changed: Remarks: (blank) → 再調査",
            f"Why: {reason}",
        ]
        assert lines[0].startswith("When (UTC): ")


@synchronously
async def test_after_v_from_the_tab_bar_the_arrow_keys_move_along_the_tables_row(
    demo_db: Database,
) -> None:
    """v from the tab bar opens the shown table's cell; closed, the focus went back to the
    tab bar, and Right switched tabs."""
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = PersonScreen(demo_db, "tanaka", first_person(demo_db).id or 0)
        await app.push_screen(screen)
        await pilot.press("shift+tab")
        await settle(app, pilot)
        assert not isinstance(screen.focused, RecordTable)
        await pilot.press("v")
        await settle(app, pilot)
        assert isinstance(app.screen, ValueScreen)
        await pilot.press("escape", "right")
        await settle(app, pilot)
        table = screen.query_one("#summary-table", RecordTable)
        assert screen.focused is table
        assert screen.query_one(TabbedContent).active == "summary"
        assert table.cursor_coordinate.column == 1


@synchronously
async def test_a_test_shows_on_its_lots_and_its_persons_audit_tab_naming_the_test(
    database: Database, actor: str
) -> None:
    """Who linked a family to these remains, when and why, reads on either record; the row
    names the test, so that it is not read as a change to the lot or the person itself."""
    lot_id = register_lot(database, actor, ("HB-012-19-0401",))
    person_id = create_person(database, actor, name="佐藤 太郎", register_no=12)
    analyse(database, actor, lot_id, "japanese", matched="佐藤 太郎")
    app = IreiApp(database, actor="tanaka", lang="en")
    shown = []
    async with app.run_test(size=(160, 40)) as pilot:
        for screen in (
            LotScreen(database, actor, lot_id),
            PersonScreen(database, actor, person_id),
        ):
            await app.push_screen(screen)
            await settle(app, pilot)
            await pilot.press("5" if isinstance(screen, LotScreen) else "6")
            await settle(app, pilot)
            shown.append(screen.query_one("#audit-table", RecordTable).full[0])
    for _at, who, action, what, why in shown:
        assert (who, action, why) == (actor, "analysis recorded", "laboratory report")
        assert what.startswith("Test HB-012-19-0401 DNA(STR): "), what
        assert "Match: (blank) → match" in what, what


@synchronously
async def test_home_and_end_go_to_the_first_and_the_last_custody_event(
    database: Database, actor: str
) -> None:
    """As in every other list: End on the custody tab went to the Why column of the row the
    cursor was on, not to the lot's latest event."""
    section = add_section(database)
    lot_id = register_lot(database, actor)
    walk(database, actor, lot_id, path_to(LotStatus.INTERRED), section)
    app = IreiApp(database, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = LotScreen(database, "tanaka", lot_id)
        await app.push_screen(screen)
        await settle(app, pilot)
        await pilot.press(str(LotScreen.SHOWN_TABS.index("custody") + 1), "right")
        await settle(app, pilot)
        table = screen.query_one("#custody-table", RecordTable)
        assert screen.focused is table and table.row_count == 3
        await pilot.press("end")
        assert tuple(table.cursor_coordinate) == (2, 1)
        await pilot.press("home")
        assert tuple(table.cursor_coordinate) == (0, 1)


LONG_REASON = (
    "family enquiry of 2025: the date of death and the home prefecture were checked against "
    "the original register held by the prefecture"
)


async def open_audit_history(app: IreiApp, pilot: Any, database: Database) -> AuditTable:
    """A person's audit history, its last change made with LONG_REASON."""
    person = first_person(database)
    with database.session() as session:
        update_person(
            session, "tanaka", person.id or 0, {"remarks": "再調査"}, LONG_REASON,
            expected_version=None,
        )  # fmt: skip
    screen = PersonScreen(database, "tanaka", person.id or 0)
    await app.push_screen(screen)
    await settle(app, pilot)
    await pilot.press(str(PersonScreen.SHOWN_TABS.index("audit") + 1))
    await settle(app, pilot)
    return screen.query_one("#audit-table", AuditTable)


def assert_reason_read_whole(app: IreiApp) -> None:
    shown = " ".join(line.strip() for line in screen_lines(app))
    assert all(word in shown.split() for word in LONG_REASON.split()), shown


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@synchronously
async def test_the_audit_history_shows_a_long_reason_whole_on_its_row(
    demo_db: Database, size: tuple[int, int]
) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=size) as pilot:
        await open_audit_history(app, pilot, demo_db)
        assert_reason_read_whole(app)


@synchronously
async def test_the_audit_history_is_laid_out_again_when_the_terminal_narrows(
    demo_db: Database,
) -> None:
    """Fitted to 120 columns and left so at 80, the reason ran past the right edge."""
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        table = await open_audit_history(app, pilot, demo_db)
        await pilot.resize_terminal(80, 24)
        await settle(app, pilot)
        assert table.laid_out_for == table.size.width
        assert_reason_read_whole(app)


@synchronously
async def test_home_and_end_go_to_the_first_and_the_last_change_in_the_audit_history(
    demo_db: Database,
) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        table = await open_audit_history(app, pilot, demo_db)
        table.focus()
        table.move_cursor(column=1)
        await settle(app, pilot)
        assert table.row_count > 1
        await pilot.press("end")
        assert tuple(table.cursor_coordinate) == (table.row_count - 1, 1)
        await pilot.press("home")
        assert tuple(table.cursor_coordinate) == (0, 1)
