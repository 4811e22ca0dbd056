"""SVG snapshots of every screen and dialog at 120×40 and at 80×24 (the smallest terminal we
support). The demo database is built with a fixed seed and size; its import time is fixed in
conftest, and the one change made while a snapshot is taken is stamped with a fixed time."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from sqlalchemy import select
from sqlmodel import col
from textual.widgets import Input

from records import audit
from records.database import Database
from records.models import NameForm, Person, RemainsLot
from records.services.persons import update_person
from records.status import LotStatus
from tests.tui.helpers import settle
from tui.app import IreiApp
from tui.screens.lot import LotScreen
from tui.screens.person import PersonScreen
from tui.widgets.paged_table import PagedTable

SIZES = [(120, 40), (80, 24)]
Steps = Callable[[Any], Awaitable[None]]
OTHER_USERS_SAVE = datetime(2025, 4, 2, 10, 30, tzinfo=UTC)


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


# The ceremonies screen opens on the newest: the demo's memorial service, a long roll with a
# few bare names.
MEMORIAL = ("c",)


async def roll_entry(pilot: Any, linked: bool, *pressed: str) -> None:
    """On the memorial's roll, the cursor on the first entry that is (or is not) linked."""
    await keys(*MEMORIAL)(pilot)
    screen = pilot.app.screen
    roll = screen.query_one("#roll", PagedTable)
    roll.focus()
    roll.cursor = next(i for i, (_id, row) in enumerate(screen.entries) if row.linked == linked)
    await keys(*pressed)(pilot)


async def link_entry(pilot: Any) -> None:
    await roll_entry(pilot, False, "l")


async def remove_entry(pilot: Any) -> None:
    await roll_entry(pilot, True, "x")


async def export_roll(pilot: Any) -> None:
    # The waiting progress bar moves with the clock; without animation it stands still.
    pilot.app.animation_level = "none"
    await keys(*MEMORIAL, "e")(pilot)
    # The form proposes a file in the working directory, which is a new one each run.
    pilot.app.screen.query_one("#path", Input).value = "/srv/irei/roll_2.xlsx"
    await settle(pilot.app, pilot)


def scenarios(database: Database) -> dict[str, Steps]:
    person = first(database, Person, col(Person.name) != "")
    # A person with a form of the name beside the name and reading: one the registrar may remove.
    spelt = select(NameForm.person_id).where(col(NameForm.script) == "cyrillic")
    spelt_in_russian = first(database, Person, col(Person.name) != "", col(Person.id).in_(spelt))
    lot = first(database, RemainsLot, col(RemainsLot.status) == LotStatus.AFFILIATION_PENDING)
    # A verdict is decided, not a status change: one is shown for a lot that has moves left.
    decided = first(database, RemainsLot, col(RemainsLot.status) == LotStatus.JAPANESE)
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

    async def stale_edit(pilot: Any) -> None:
        await on(lambda: PersonScreen(database, "tanaka", person.id), "e")(pilot)
        with patch.object(audit, "now_utc", lambda: OTHER_USERS_SAVE), database.session() as s:
            update_person(  # version + 1: the remark above is the first change
                s, "suzuki", person.id, {"camp": "第7収容所"}, "register checked",
                expected_version=person.version + 1,
            )  # fmt: skip
        form = pilot.app.screen
        form.query_one("#field-remarks", Input).value = "遺族より照会あり"
        form.query_one("#field-reason", Input).value = "family enquiry"
        await keys("ctrl+s")(pilot)

    return {
        "dashboard": keys(),
        "people": keys("p", *"ヤマ"),
        "remains": keys("r", "down"),
        "places": keys("r", "f3"),
        "place_new": keys("r", "f3", "n"),
        "person": on(lambda: PersonScreen(database, "tanaka", person.id)),
        "person_names": on(lambda: PersonScreen(database, "tanaka", person.id), "2"),
        "lot": on(lambda: LotScreen(database, "tanaka", lot.id)),
        "lot_custody": on(lambda: LotScreen(database, "tanaka", lot.id), "3"),
        "person_edit": on(lambda: PersonScreen(database, "tanaka", person.id), "e"),
        "lot_edit": on(lambda: LotScreen(database, "tanaka", lot.id), "e"),
        "stale_edit": stale_edit,
        "name_form": on(lambda: PersonScreen(database, "tanaka", person.id), "n"),
        "name_form_remove": on(
            lambda: PersonScreen(database, "tanaka", spelt_in_russian.id), "minus"
        ),
        "status_change": on(lambda: LotScreen(database, "tanaka", decided.id), "s"),
        "affiliation": on(lambda: LotScreen(database, "tanaka", lot.id), "a"),
        "value": on(lambda: PersonScreen(database, "tanaka", person.id), "down", "right", "v"),
        "help": keys("question_mark"),
        "import": import_screen,
        "ceremonies": keys(*MEMORIAL),
        "ceremony_new": keys(*MEMORIAL, "n"),
        "ceremony_add": keys(*MEMORIAL, "a", *"ヤマ"),
        "ceremony_bulk_add": keys(*MEMORIAL, "b"),
        "ceremony_link": link_entry,
        "ceremony_remove": remove_entry,
        "ceremony_export": export_roll,
        "japanese_dashboard": keys(),
    }


NAMES = [
    "dashboard",
    "people",
    "remains",
    "places",
    "place_new",
    "person",
    "person_names",
    "lot",
    "lot_custody",
    "person_edit",
    "lot_edit",
    "stale_edit",
    "name_form",
    "name_form_remove",
    "status_change",
    "affiliation",
    "value",
    "help",
    "import",
    "ceremonies",
    "ceremony_new",
    "ceremony_add",
    "ceremony_bulk_add",
    "ceremony_link",
    "ceremony_remove",
    "ceremony_export",
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
