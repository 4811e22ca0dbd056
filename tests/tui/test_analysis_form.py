"""A laboratory's result entered by hand on the lot's screen (n on its specimens): the test of
the specimen under the cursor, the matched person chosen by searching a name or a number,
each refusal said at its field; once saved, the remains can be handed to the family."""

from __future__ import annotations

from textual.widgets import Input, Select

from records.database import Database
from records.models import RemainsLot
from records.services import lot_status
from records.status import LotStatus
from tests.records.conftest import add_section, create_person, path_to, register_lot, walk
from tests.tui.helpers import settle, synchronously
from tests.tui.test_record_forms import shown
from tui.app import IreiApp
from tui.screens.analysis import AnalysisScreen
from tui.screens.lot import LotScreen
from tui.widgets.record_table import RecordTable


@synchronously
async def test_a_dna_match_entered_by_hand_names_the_person_chosen(
    database: Database, actor: str
) -> None:
    lot_id = register_lot(database, actor, ("HB-012-19-0301", "HB-012-19-0302"))
    walk(database, actor, lot_id, path_to(LotStatus.JAPANESE), add_section(database))
    create_person(database, actor, name="佐藤 太郎", register_no=12, prefecture_code="24")
    create_person(database, actor, name="佐藤 太郎", register_no=13, prefecture_code="09")
    app = IreiApp(database, actor="tanaka", lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        await app.push_screen(LotScreen(database, "tanaka", lot_id))
        await settle(app, pilot)
        await pilot.press("2", "down", "n")  # the specimens tab, its second specimen
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, AnalysisScreen)
        assert form.query_one("#field-specimen", Select).value == "HB-012-19-0302"
        form.query_one("#field-kind", Input).value = "DNA(STR)"
        form.query_one("#field-affiliation", Select).value = "japanese"
        form.query_one("#field-match_result", Select).value = "match"
        form.query_one("#field-date", Input).value = "令和3年2月30日"
        form.query_one("#field-reason", Input).value = "laboratory letter"
        await pilot.press("ctrl+s")
        assert shown(form, "date") == "there is no such day: 2021年2月30日"
        form.query_one("#field-date", Input).value = "令和3年3月4日"
        await pilot.press("ctrl+s")
        assert shown(form, "person") == "a match names the person it matched"
        form.query_one("#person-query", Input).value = "佐藤"
        await pilot.pause()
        person = form.query_one("#field-person", Select)
        assert not isinstance(person.value, int)  # namesakes: the registrar chooses
        offered = sorted(str(label) for label, _ in person._options[1:])
        assert offered == ["佐藤 太郎 (Reg. No. 12): 三重県", "佐藤 太郎 (Reg. No. 13): 栃木県"]
        form.query_one("#person-query", Input).value = "番号 12"
        await pilot.pause()
        assert isinstance(person.value, int)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, LotScreen)
        rows = screen.query_one("#analyses-table", RecordTable).full
    assert ("HB-012-19-0302", "DNA(STR)", "match", "佐藤 太郎 (Reg. No. 12)", "令和3年3月4日") in [
        (row[0], row[2], row[4], row[5], row[6]) for row in rows
    ]
    with database.session() as session:
        lot_status.change_status(session, actor, lot_id, LotStatus.HANDED_TO_FAMILY, "family visit")
    with database.reading() as session:
        lot = session.get(RemainsLot, lot_id)
        assert lot is not None and lot.status == LotStatus.HANDED_TO_FAMILY
