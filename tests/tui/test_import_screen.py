"""Importing the ministry's messy sample files through the import screen, and cancelling."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from textual.widgets import DirectoryTree, Input

from importers import pipeline
from records.database import Database
from records.models import AuditEvent, ImportBatch, Person
from tests.tui.helpers import settle, synchronously
from tui.app import IreiApp
from tui.screens.imports import ImportScreen

SAMPLES = Path("/work/shared/samples")
MESSY = sorted(SAMPLES.glob("*messy*.xlsx")) + sorted(SAMPLES.glob("*messy*.csv"))

pytestmark = pytest.mark.skipif(not MESSY, reason="the messy sample files are not here")


def counts(database: Database) -> tuple[int, int, int]:
    with database.reading() as session:
        return tuple(  # type: ignore[return-value]
            session.execute(select(func.count()).select_from(model)).scalar_one()
            for model in (Person, ImportBatch, AuditEvent)
        )


async def open_import(app: IreiApp, pilot: Any, path: Path) -> ImportScreen:
    await pilot.press("i")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, ImportScreen)
    await pilot.press(*str(path), "enter")  # typed at once: the path box has the cursor
    await settle(app, pilot)
    return screen


@pytest.mark.parametrize("sample", MESSY, ids=lambda p: p.name)
@synchronously
async def test_messy_sample_checks_then_imports(
    sample: Path, demo_db: Database, tmp_path: Path
) -> None:
    source = tmp_path / sample.name
    shutil.copy(sample, source)
    app = IreiApp(demo_db, actor="tanaka", lang="en", import_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_import(app, pilot, source)
        assert "profile" in str(screen.query_one("#profile").render())
        await pilot.press("f6")
        await settle(app, pilot)
        summary = str(screen.query_one("#summary").render())
        assert summary.startswith("Dry run:")
        before = counts(demo_db)
        await pilot.press("f7")
        await settle(app, pilot)
        summary = str(screen.query_one("#summary").render())
        assert summary.startswith("Imported:")
        assert counts(demo_db)[1] == before[1] + 1  # one more import batch
        if "Rejected rows:" in summary:
            assert (tmp_path / f"{source.stem}.rejects.xlsx").exists()


@synchronously
async def test_cancelled_import_leaves_the_database_unchanged(
    demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / MESSY[0].name
    shutil.copy(MESSY[0], source)

    def cancelled_midway(*args: Any, **kwargs: Any) -> Any:
        kwargs["cancel"].set()  # as if the user pressed Cancel while rows were written
        return pipeline.apply_import(*args, **kwargs)

    monkeypatch.setattr("tui.screens.imports.apply_import", cancelled_midway)
    before = counts(demo_db)
    app = IreiApp(demo_db, actor="tanaka", lang="en", import_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_import(app, pilot, source)
        await pilot.press("f7")
        await settle(app, pilot)
        assert "nothing was changed" in str(screen.query_one("#summary").render())
        assert not screen.running
    assert counts(demo_db) == before


@synchronously
async def test_the_path_box_has_the_cursor_and_down_goes_to_the_file_picker(
    demo_db: Database,
) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("i")
        await settle(app, pilot)
        await pilot.press("p")  # a letter of a path, not the key that opens People
        screen = app.screen
        assert isinstance(screen, ImportScreen)
        assert screen.query_one("#path", Input).value == "p"
        await pilot.press("down")
        assert isinstance(app.focused, DirectoryTree)
