"""A bulk add of the lots interred at a ceremony, in the form and on the command line: a
person filter given with it is refused by name, never silently dropped, and nothing is added."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlmodel import col, select
from textual.widgets import Input, Select, Static
from typer.testing import CliRunner

from records.database import Database
from records.dates import PartialDate, Precision
from records.models import RollEntry
from records.services import ceremonies, lot_status
from records.status import LotStatus
from tests.records.conftest import add_section, path_to, register_lot, walk
from tests.tui.test_ceremonies_screen import ScreenApp, _settle, run_async
from tui.cli import app
from tui.i18n import set_language
from tui.screens.ceremony_forms import BulkAddScreen

CEREMONY_DATE = "2026-05-25"
REASON = "spring interment"


@pytest.fixture
def spring(database: Database, actor: str) -> int:
    """An interment ceremony, and one lot (no person) interred on its date."""
    set_language("en")
    section = add_section(database)
    lot = register_lot(database, actor)
    walk(database, actor, lot, path_to(LotStatus.INTERRED)[:-1], section)
    on = PartialDate(CEREMONY_DATE, CEREMONY_DATE, Precision.DAY)
    with database.session() as session:
        lot_status.inter(session, actor, lot, section, on, REASON)
        made = ceremonies.create_ceremony(
            session, actor, "拝礼式", "interment", CEREMONY_DATE, "", REASON
        )
    return made.id or 0


def _entries(database: Database, ceremony_id: int) -> list[RollEntry]:
    with database.reading() as session:
        return list(
            session.exec(select(RollEntry).where(col(RollEntry.ceremony_id) == ceremony_id))
        )


@pytest.mark.parametrize(
    ("field", "value", "named"),
    [("site", "HB-099", "Site (HB-012)"), ("identified", True, "Identified only")],
)
@run_async
async def test_the_form_refuses_a_person_filter_with_the_lots_and_adds_nothing(
    database: Database, actor: str, spring: int, field: str, value: str | bool, named: str
) -> None:
    async with ScreenApp(database, actor).run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        await pilot.press("b")
        bulk = pilot.app.screen
        assert isinstance(bulk, BulkAddScreen)
        bulk.query_one("#interred", Select).value = "day"
        typed_in: Any = bulk.query_one(f"#{field}")  # an Input or the tick box
        typed_in.value = value
        bulk.query_one("#reason", Input).value = REASON
        await pilot.press("ctrl+s")
        await _settle(pilot)
        assert pilot.app.screen is bulk
        refusal = str(bulk.query_one("#error-interred", Static).render())
        assert refusal == f"{named} filters persons, not lots: clear it, or add persons"
        assert bulk.query_one(f"#{field}").has_focus
    assert _entries(database, spring) == []


@run_async
async def test_the_form_adds_the_lots_once_the_person_filters_are_clear(
    database: Database, actor: str, spring: int
) -> None:
    async with ScreenApp(database, actor).run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        await pilot.press("b")
        pilot.app.screen.query_one("#interred", Select).value = "day"
        pilot.app.screen.query_one("#reason", Input).value = REASON
        await pilot.press("ctrl+s")
        await _settle(pilot)
        assert not isinstance(pilot.app.screen, BulkAddScreen)
    assert len(_entries(database, spring)) == 1


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--country", "モンゴル"),
        ("--region", "ハバロフスク地方"),
        ("--site", "HB-099"),
        ("--prefecture", "13"),
        ("--identified", None),
        ("--identified-since", "2020-04-01"),
        ("--died-from", "1946-01"),
        ("--died-to", "1946-02"),
    ],
)
def test_the_command_refuses_a_person_filter_with_interred_and_writes_nothing(
    database: Database, spring: int, tmp_path: Path, option: str, value: str | None
) -> None:
    db = str(tmp_path / "irei.sqlite3")
    given = [option] if value is None else [option, value]
    result = CliRunner().invoke(
        app,
        ["--db", db, "roll", "bulk-add", str(spring), "--interred", "day", *given,
         "--reason", REASON],
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"irei: {option} filters persons, not lots: leave it out, or leave out --interred"
    )
    assert _entries(database, spring) == []
