"""A bulk add of the lots interred at a ceremony, in the form and on the command line. The form
hides the person filters once the lots are chosen; the command line refuses a person filter
given with --interred by name, never silently dropped, and adds nothing. An add that finds no
lot interred says so."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import col, select
from textual.widget import Widget
from textual.widgets import Input, Select
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
from tui.widgets.ceremony_table import CeremonyTable
from tui.widgets.tick_box import TickBox

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


def hidden(widget: Widget) -> bool:
    return any(not node.display for node in widget.ancestors_with_self)


def _entries(database: Database, ceremony_id: int) -> list[RollEntry]:
    with database.reading() as session:
        return list(
            session.exec(select(RollEntry).where(col(RollEntry.ceremony_id) == ceremony_id))
        )


@run_async
async def test_the_form_opens_on_the_choice_of_lots_or_persons_each_said_as_an_answer(
    database: Database, actor: str, spring: int
) -> None:
    async with ScreenApp(database, actor).run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        await pilot.press("b")
        choice = pilot.app.screen.query_one("#interred", Select)
        assert choice.has_focus
        assert choice.prompt == "No: add persons by the filters below"
        assert [str(option) for option, value in choice._options if value != Select.NULL] == [
            "Yes: the lots interred on the ceremony date",
            "Yes: the lots interred in the ceremony's fiscal year",
        ]


@run_async
async def test_the_lots_chosen_hide_the_person_filters_and_are_added_by_their_interment_alone(
    database: Database, actor: str, spring: int
) -> None:
    async with ScreenApp(database, actor).run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        await pilot.press("b")
        bulk = pilot.app.screen
        assert isinstance(bulk, BulkAddScreen)
        bulk.query_one("#site", Input).value = "HB-099"  # no such site: refused for persons
        choice = bulk.query_one("#interred", Select)
        choice.value = "day"
        await pilot.pause()
        assert hidden(bulk.query_one("#site", Input))
        assert hidden(bulk.query_one("#identified", TickBox))
        choice.value = Select.NULL
        await pilot.pause()
        assert not hidden(bulk.query_one("#site", Input))  # with what was typed in it
        choice.value = "day"
        bulk.query_one("#reason", Input).value = REASON
        await pilot.press("ctrl+s")
        await _settle(pilot)
        assert not isinstance(pilot.app.screen, BulkAddScreen)
    assert len(_entries(database, spring)) == 1


@pytest.mark.parametrize(
    ("window", "said"),
    [
        ("day", "No lot was interred on 2027-11-20: nothing added"),
        ("fiscal_year", "No lot was interred in the fiscal year of 2027-11-20: nothing added"),
    ],
)
@run_async
async def test_a_bulk_add_of_lots_none_was_interred_for_says_so(
    database: Database, actor: str, spring: int, window: str, said: str
) -> None:
    with database.session() as session:
        made = ceremonies.create_ceremony(
            session, actor, "拝礼式", "interment", "2027-11-20", "", REASON
        )
    async with ScreenApp(database, actor).run_test(size=(100, 30), notifications=True) as pilot:
        await _settle(pilot)
        ceremonies_table = pilot.app.screen.query_one(CeremonyTable)
        ceremonies_table.move_cursor(row=pilot.app.screen.ceremony_ids.index(made.id))
        await _settle(pilot)
        await pilot.press("b")
        pilot.app.screen.query_one("#interred", Select).value = window
        pilot.app.screen.query_one("#reason", Input).value = REASON
        await pilot.press("ctrl+s")
        await _settle(pilot)
        assert [n.message for n in pilot.app._notifications] == [said]
    assert _entries(database, made.id or 0) == []


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
