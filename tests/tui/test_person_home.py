"""A person's home prefecture is shown as read and, when the register wrote it otherwise than
by its plain name, as written."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from records.database import Database
from records.models import Person
from tests.importers.test_home_prefecture import with_home
from tests.importers.test_import_pipeline import register, run
from tests.tui.helpers import screen_lines, settle, synchronously
from tui.app import IreiApp
from tui.screens.person import PersonScreen


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("福島縣石城郡", "福島県 (07), as written 福島縣石城郡"),
        ("樺太", "樺太"),
        ("福島", "福島県 (07)"),
    ],
)
@synchronously
async def test_the_person_shows_the_prefecture_and_the_home_as_written(
    database: Database, tmp_path: Path, written: str, shown: str
) -> None:
    run(database, register(tmp_path / "register.xlsx", [with_home(1, written)]))
    with database.reading() as s:
        person_id = s.execute(select(Person.id)).scalar_one()
    app = IreiApp(database, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(PersonScreen(database, "tanaka", person_id))
        await settle(app, pilot)
        [line] = [line for line in screen_lines(app) if "Prefecture" in line]
    assert line.split("Prefecture", 1)[1].strip(" │┃") == shown
