"""A site's first day: a new database has no place to inter remains in, so the registrar adds
the cemetery, a vault and a section from the Remains screen (F3 Places), then corrects a name;
an interment form says where to add them while there are none."""

from __future__ import annotations

from typing import Any

from sqlmodel import select
from textual.widgets import DataTable, Input, Select

from records import audit
from records.database import Database
from records.models import Location
from records.services import locations
from records.status import LotStatus
from tests.records.conftest import ossuary, path_to, register_lot, walk
from tests.tui.helpers import screen_lines, settle, synchronously
from tui.app import IreiApp
from tui.queries import LotFilters, LotsSource
from tui.screens.help import key_rows
from tui.screens.lot import LotScreen
from tui.screens.places import PlaceForm, PlacesScreen
from tui.screens.remains import RemainsScreen
from tui.screens.status_change import StatusChangeScreen
from tui.widgets.paged_table import PagedTable


def _cells(screen: PlacesScreen) -> list[tuple[str, ...]]:
    table = screen.query_one(DataTable)
    return [tuple(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]


async def _fill(app: IreiApp, pilot: Any, values: dict[str, object]) -> None:
    form = app.screen
    assert isinstance(form, PlaceForm)
    for field, value in values.items():
        form.query_one(f"#field-{field}").value = value  # type: ignore[attr-defined]
        await pilot.pause()
    await pilot.press("ctrl+s")
    await settle(app, pilot)


@synchronously
async def test_the_registrar_adds_the_cemetery_a_vault_and_a_section_then_renames_one(
    database: Database,
) -> None:
    app = IreiApp(database, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        await pilot.press("f3")  # the search box has the cursor: F3, not a letter
        await settle(app, pilot)
        places = app.screen
        assert isinstance(places, PlacesScreen)
        assert "No places yet" in str(places.query_one("#hint").render())

        reason = "the ossuary opened"
        await pilot.press("n")
        await _fill(app, pilot, {"kind": "cemetery", "code": "cf", "name": "千鳥ヶ淵戦没者墓苑",
                                 "reason": reason})  # fmt: skip
        cemetery = places.places[0].id
        await pilot.press("n")
        await _fill(app, pilot, {"kind": "vault", "parent": cemetery, "code": "CF-V1",
                                 "name": "第1納骨室", "reason": reason})  # fmt: skip
        vault = places.places[1].id
        await pilot.press("n")
        await _fill(app, pilot, {"kind": "section", "parent": vault, "code": "CF-V1-S01",
                                 "name": "第1納骨室 第1区画", "reason": reason})  # fmt: skip
        assert app.screen is places
        assert _cells(places) == [
            ("CF", "千鳥ヶ淵戦没者墓苑", "cemetery", "", "0"),
            ("CF-V1", "第1納骨室", "vault", "CF", "0"),
            ("CF-V1-S01", "第1納骨室 第1区画", "section", "CF-V1", "0"),
        ]
        hint = places.query_one("#hint").render().plain  # type: ignore[attr-defined]
        assert hint == "Enter: the lots in the place and in the places under it"

        places.query_one(DataTable).move_cursor(row=2)
        await pilot.press("e")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, PlaceForm)
        assert form.query_one("#field-name", Input).value == "第1納骨室 第1区画"
        await _fill(app, pilot, {"name": "第1納骨室 東区画", "reason": "signs renewed"})
        assert _cells(places)[2][1] == "第1納骨室 東区画"


@synchronously
async def test_a_place_refused_by_the_service_is_said_at_its_field_and_nothing_is_written(
    database: Database,
) -> None:
    app = IreiApp(database, actor="tanaka", lang="ja")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await app.push_screen(PlacesScreen(database, "tanaka"))
        await pilot.press("n")
        await settle(app, pilot)
        form = app.screen
        await _fill(app, pilot, {"kind": "section", "code": "S1", "name": "区画",
                                 "reason": "増設"})  # fmt: skip
        assert app.screen is form
        said = str(form.query_one("#error-parent").render())
        assert said == "この区画がどの納骨室の中にあるかを指定してください"
    with database.reading() as session:
        assert locations.location_rows(session) == []


@synchronously
async def test_an_interment_with_no_section_yet_says_where_to_add_one(
    database: Database, actor: str
) -> None:
    lot_id = register_lot(database, actor)
    walk(database, actor, lot_id, path_to(LotStatus.INTERRED)[:-1], section_id=0)
    with database.reading() as session:
        lot = session.get(locations.RemainsLot, lot_id)
    assert lot is not None
    app = IreiApp(database, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await app.push_screen(StatusChangeScreen(database, "tanaka", lot))
        await settle(app, pilot)
        app.screen.query_one("#field-status", Select).value = LotStatus.INTERRED.value
        await settle(app, pilot)
        note = str(app.screen.query_one("#error-location").render())
        assert note.startswith("No section to inter in yet")
        assert "F3 Places" in note


@synchronously
async def test_a_place_saved_as_it_was_says_nothing_was_changed_and_writes_nothing(
    database: Database,
) -> None:
    with database.writing() as session:
        locations.add_location(session, "tanaka", "cemetery", "千鳥ヶ淵戦没者墓苑", "CF", "opened")
    app = IreiApp(database, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(app, pilot)
        await app.push_screen(PlacesScreen(database, "tanaka"))
        await settle(app, pilot)
        await pilot.press("e")
        await settle(app, pilot)
        await _fill(app, pilot, {"reason": "signs checked"})
        assert [n.message for n in app._notifications] == ["Nothing was changed"]
    with database.reading() as session:
        (place,) = session.exec(select(Location)).all()
        assert place.version == 1
        assert len(audit.history(session, "location", place.id)) == 1


@synchronously
async def test_enter_on_a_vault_lists_the_lots_in_its_sections_and_opens_one(
    database: Database,
) -> None:
    lots = ossuary(database)
    app = IreiApp(database, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("r", "f3")
        await settle(app, pilot)
        places = app.screen
        assert isinstance(places, PlacesScreen)
        assert [row[4] for row in _cells(places)] == ["4", "3", "2", "1", "1", "1"]

        await pilot.press("down", "enter")  # CF-V1, whose three lots lie in its two sections
        await settle(app, pilot)
        remains = app.screen
        assert isinstance(remains, RemainsScreen)
        assert remains.query_one("#place", Select).value == places.places[1].id
        assert "CF-V1 第1納骨室" in "".join(screen_lines(app)[:6])
        assert str(remains.query_one("#count").render()) == "3 found in CF-V1 第1納骨室"
        in_vault = remains.query_one(PagedTable)
        assert [(in_vault.row(i) or (0,))[0] for i in range(4)] == [
            lots["CF-V1-S01#0"], lots["CF-V1-S01#1"], lots["CF-V1-S02#2"], 0,
        ]  # fmt: skip

        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, LotScreen)
        assert app.screen.lot_id == lots["CF-V1-S01#0"]


def test_a_search_by_number_keeps_to_the_place_and_the_burial_site_chosen(
    database: Database, actor: str
) -> None:
    lots = ossuary(database)
    at_site = register_lot(database, actor, site="HB-012")
    with database.reading() as session:
        vault = locations.location_by_code(session, "CF-V2").id
        site = session.get(locations.RemainsLot, at_site).burial_site_id  # type: ignore[union-attr]

    in_vault = LotsSource(database, LotFilters(number="2019-HB", location_id=vault))
    from_site = LotsSource(database, LotFilters(number="2019-HB", burial_site_id=site))

    assert [row[0] for row in in_vault.fetch(0, 10, in_vault.count())] == [lots["CF-V2-S01#3"]]
    assert [row[0] for row in from_site.fetch(0, 10, from_site.count())] == [at_site]


def _ossuary_with_a_slip(database: Database) -> None:
    """The ossuary, and a section of vault 2 added under vault 1 by a slip."""
    ossuary(database)
    with database.writing() as session:
        first = locations.location_by_code(session, "CF-V1").id
        locations.add_location(
            session, "tanaka", "section", "第2納骨室 第11区画", "CF-V2-S11", "new section",
            parent_id=first,
        )  # fmt: skip


async def _open_places(app: IreiApp, pilot: Any, code: str) -> PlacesScreen:
    await settle(app, pilot)
    await pilot.press("r", "f3")
    await settle(app, pilot)
    places = app.screen
    assert isinstance(places, PlacesScreen)
    row = next(i for i, place in enumerate(places.places) if place.code == code)
    places.query_one(DataTable).move_cursor(row=row)
    return places


@synchronously
async def test_the_edit_form_puts_a_section_in_the_vault_it_really_lies_in(
    database: Database,
) -> None:
    _ossuary_with_a_slip(database)
    app = IreiApp(database, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        places = await _open_places(app, pilot, "CF-V2-S11")
        vaults = {p.code: p.id for p in places.places if p.kind == "vault"}
        await pilot.press("e")
        await settle(app, pilot)
        parent = app.screen.query_one("#field-parent", Select)
        assert parent.value == vaults["CF-V1"]

        await _fill(app, pilot, {"parent": vaults["CF-V2"], "reason": "wrong vault"})

        assert app.screen is places
        assert ("CF-V2-S11", "第2納骨室 第11区画", "section", "CF-V2", "0") in _cells(places)


@synchronously
async def test_x_removes_a_place_added_in_error_and_refuses_one_that_holds_lots(
    database: Database,
) -> None:
    _ossuary_with_a_slip(database)
    app = IreiApp(database, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        places = await _open_places(app, pilot, "CF-V1-S01")
        assert "x Remove" in screen_lines(app)[-1]
        assert ("x", "Remove a place added in error") in key_rows(places)  # as the help lists it
        await pilot.press("x")
        await settle(app, pilot)
        form = app.screen
        form.query_one("#field-reason", Input).value = "added in error"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        assert str(form.query_one("#error-place").render()) == "CF-V1-S01 holds lots: 2"
        await pilot.press("escape", "y")  # discard the reason typed
        await settle(app, pilot)

        places.query_one(DataTable).move_cursor(row=6)
        assert places.places[6].code == "CF-V2-S11"  # the last: its neighbour is above it
        await pilot.press("x")
        await settle(app, pilot)
        app.screen.query_one("#field-reason", Input).value = "added in error"
        await pilot.press("ctrl+s")
        await settle(app, pilot)

        assert app.screen is places
        assert "CF-V2-S11" not in [row[0] for row in _cells(places)]
        assert places.places[places.query_one(DataTable).cursor_row].code == "CF-V2-S01"


@synchronously
async def test_the_edit_form_says_a_refusal_under_its_field_and_stays_open(
    database: Database,
) -> None:
    """The edit form has no kind to choose, which the new place form has: a refusal there
    once ended the app looking for the kind's error line."""
    ossuary(database)
    app = IreiApp(database, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_places(app, pilot, "CF-V1-S01")
        await pilot.press("e")
        await settle(app, pilot)
        form = app.screen

        await _fill(app, pilot, {"name": "", "reason": "typo"})
        named = str(form.query_one("#error-name").render())
        await _fill(app, pilot, {"name": "第1納骨室 第1区画", "reason": ""})

        assert app.screen is form and app.is_running
        assert named != ""
        assert str(form.query_one("#error-reason").render()) == (
            "say why: every change is recorded with its reason"
        )
    with database.reading() as session:
        assert locations.location_by_code(session, "CF-V1-S01").version == 1  # nothing written


@synchronously
async def test_the_last_places_of_a_long_list_scroll_into_view_and_a_long_name_is_cut(
    database: Database,
) -> None:
    """An old office terminal of 100×30 shows a cemetery of many sections: End reaches the
    last one, and a place named at length does not push the columns after it off the list."""
    ossuary(database)
    long_name = "第1納骨室 " + "旧陸軍墓地より移された遺骨を納める区画" * 5
    with database.writing() as session:
        vault = locations.location_by_code(session, "CF-V1").id
        for n in range(3, 40):
            name = long_name if n == 3 else f"第1納骨室 第{n}区画"
            locations.add_location(
                session, "tanaka", "section", name, f"CF-V1-S{n:02}", "built", parent_id=vault
            )
    app = IreiApp(database, actor="tanaka", lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        places = await _open_places(app, pilot, "CF")
        await pilot.press("end")
        await settle(app, pilot)
        assert places.chosen() is not None and places.chosen().code == "CF-V2-S01"  # type: ignore[union-attr]
        lines = screen_lines(app)
        assert any("CF-V2-S01" in line for line in lines)
        await pilot.press("home")
        await settle(app, pilot)
        long_line = next(line for line in screen_lines(app) if "CF-V1-S03" in line)
        assert "CF-V1" in long_line.split("CF-V1-S03", 1)[1]  # the place it lies in, still shown


@synchronously
async def test_the_vault_asked_for_is_no_longer_asked_once_chosen(database: Database) -> None:
    """A section saved with no vault is refused under the vault's field; choosing one takes
    the refusal away at once, before the registrar saves again."""
    ossuary(database)
    app = IreiApp(database, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        places = await _open_places(app, pilot, "CF")
        vault = next(p.id for p in places.places if p.code == "CF-V2")
        await pilot.press("n")
        await settle(app, pilot)
        await _fill(
            app,
            pilot,
            {
                "kind": "section",
                "code": "CF-V2-S09",
                "name": "第2納骨室 第9区画",
                "reason": "built",
            },
        )
        form = app.screen
        assert isinstance(form, PlaceForm)
        asked = form.query_one("#error-parent")
        assert asked.has_class("shown") and "vault" in str(asked.render())
        form.query_one("#field-parent", Select).value = vault
        await settle(app, pilot)
        assert not asked.has_class("shown")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, PlacesScreen)
        assert "CF-V2-S09" in [p.code for p in app.screen.places]
