"""SVG snapshots of every screen at 120×40 and at 80×24 (the smallest terminal we support).
The demo database is built with a fixed seed and size; its import time is fixed in conftest."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlmodel import col

from records.database import Database
from records.models import Person, RemainsLot
from records.services.persons import update_person
from records.status import LotStatus
from tests.tui.helpers import settle
from tui.app import IreiApp
from tui.screens.lot import LotScreen
from tui.screens.person import PersonScreen

SIZES = [(120, 40), (80, 24)]
Steps = Callable[[Any], Awaitable[None]]


def first(database: Database, model: Any, *where: Any) -> Any:
    with database.reading() as session:
        return session.execute(select(model).where(*where).order_by(model.id).limit(1)).scalar()


def keys(*pressed: str) -> Steps:
    async def run(pilot: Any) -> None:
        await settle(pilot.app, pilot)
        for key in pressed:
            await pilot.press(key)
            await settle(pilot.app, pilot)

    return run


async def import_screen(pilot: Any) -> None:
    from textual.widgets import DirectoryTree

    await keys("i")(pilot)
    tree = pilot.app.screen.query_one(DirectoryTree)
    for _ in range(200):  # the picker lists its folder in a worker of its own
        if tree.root.children:
            break
        await pilot.pause(0.01)
    await pilot.pause()


def scenarios(database: Database) -> dict[str, Steps]:
    person = first(database, Person, col(Person.name) != "")
    lot = first(database, RemainsLot, col(RemainsLot.status) == LotStatus.AFFILIATION_PENDING)
    # A remark with markup brackets: it must show as written, not as bold text.
    with database.session() as session:
        update_person(
            session,
            "tanaka",
            person.id,
            {"remarks": "[bold]原簿[/bold] 参照"},
            "snapshot",
            expected_version=person.version,
        )

    def on(screen: Callable[[], Any], *pressed: str) -> Steps:
        async def run(pilot: Any) -> None:
            await settle(pilot.app, pilot)
            await pilot.app.push_screen(screen())
            await keys(*pressed)(pilot)

        return run

    return {
        "dashboard": keys(),
        "people": keys("p", *"ヤマ"),
        "remains": keys("r", "down"),
        "person": on(lambda: PersonScreen(database, "tanaka", person.id)),
        "person_names": on(lambda: PersonScreen(database, "tanaka", person.id), "2"),
        "lot": on(lambda: LotScreen(database, "tanaka", lot.id)),
        "lot_custody": on(lambda: LotScreen(database, "tanaka", lot.id), "3"),
        "person_edit": on(lambda: PersonScreen(database, "tanaka", person.id), "e"),
        "status_change": on(lambda: LotScreen(database, "tanaka", lot.id), "s"),
        "value": on(lambda: PersonScreen(database, "tanaka", person.id), "down", "right", "v"),
        "help": keys("question_mark"),
        "import": import_screen,
        "japanese_dashboard": keys(),
    }


NAMES = [
    "dashboard",
    "people",
    "remains",
    "person",
    "person_names",
    "lot",
    "lot_custody",
    "person_edit",
    "status_change",
    "value",
    "help",
    "import",
    "japanese_dashboard",
]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", NAMES)
def test_screen_snapshot(
    name: str,
    size: tuple[int, int],
    demo_db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    snap_compare: Any,
) -> None:
    # The import screen's file picker shows its folder by name: a fixed, relative one.
    (tmp_path / "incoming").mkdir()
    (tmp_path / "incoming" / "soviet_deaths_2025.xlsx").write_bytes(b"")
    monkeypatch.chdir(tmp_path)
    lang = "ja" if name.startswith("japanese") else "en"
    app = IreiApp(demo_db, actor="tanaka", lang=lang, import_dir=Path("incoming"))
    assert snap_compare(app, terminal_size=size, run_before=scenarios(demo_db)[name])
