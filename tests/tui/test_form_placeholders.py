"""What a form's empty fields say of what to type is read whole in the smallest terminal the
app supports, 80×24, in both languages: an example cut before its last character (令和7年3月20
for 令和7年3月20日) misleads more than no example."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from records.database import Database
from records.status import LotStatus
from tests.tui.helpers import screen_lines, settle, synchronously
from tests.tui.test_record_forms import lot_with_analyses
from tests.tui.test_workflows import first_person, lot_in
from tui.app import IreiApp
from tui.screens.ceremonies import CeremoniesScreen
from tui.screens.lot import LotScreen
from tui.screens.person import PersonScreen
from tui.widgets.text_input import TextInput

# The screen a form opens from, and its key.
FORMS = [
    ("affiliation pending lot", "a"),  # the affiliation decision
    ("affiliation pending lot", "plus"),  # specimens added
    ("japanese lot", "s"),  # a status change
    ("japanese lot", "e"),  # the lot's record corrected
    ("person", "e"),  # the person's record corrected
    ("person", "n"),  # a form of the name added
    ("ceremonies", "n"),  # a new ceremony
    ("ceremonies", "a"),  # a line added to the roll
    ("ceremonies", "b"),  # a bulk add
]


async def open_from(app: IreiApp, pilot: Pilot[object], where: str) -> None:
    database = app.database
    if where == "ceremonies":
        await app.switch_mode("ceremonies")
    elif where == "person":
        await app.push_screen(PersonScreen(database, "tanaka", first_person(database).id or 0))
    elif where == "japanese lot":
        lot = lot_in(database, LotStatus.JAPANESE)
        await app.push_screen(LotScreen(database, "tanaka", lot.id or 0))
    else:
        lot = lot_with_analyses(database, LotStatus.AFFILIATION_PENDING, found="japanese")
        await app.push_screen(LotScreen(database, "tanaka", lot.id or 0))
    await settle(app, pilot)


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize(("where", "key"), FORMS)
@synchronously
async def test_every_placeholder_of_a_form_is_read_whole_at_80_by_24(
    demo_db: Database, where: str, key: str, lang: str
) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_from(app, pilot, where)
        await pilot.press(key)
        await settle(app, pilot)
        form = app.screen
        assert not isinstance(form, LotScreen | PersonScreen | CeremoniesScreen)
        examples = [field for field in form.query(TextInput) if field.placeholder]
        assert examples
        for field in examples:
            field.scroll_visible(animate=False)
            await pilot.pause()
            assert any(field.placeholder in line for line in screen_lines(app)), field.id
