"""Linking a roll's bare name chooses no one the registrar did not mean; the roll keeps its
cursor on the line acted on, and F5 reads lines added from the command line."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static

from records.database import Database
from records.models import RollEntry
from records.services import ceremonies, roll_entries
from tests.records.conftest import create_person
from tests.tui.test_ceremonies_screen import ScreenApp, _settle, run_async
from tui.i18n import set_language
from tui.screens.ceremonies import CeremoniesScreen
from tui.screens.roll_candidates import LinkEntryScreen
from tui.widgets.ceremony_table import CeremonyTable
from tui.widgets.paged_table import PagedTable


@pytest.fixture
def family_namesake(database: Database, actor: str) -> int:
    """A roll with 佐藤　ハルオ, bare, and a 佐藤 正雄 who matches by family name only."""
    set_language("en")
    create_person(database, actor, name="佐藤　正雄", reading="サトウ マサオ")
    with database.session() as session:
        made = ceremonies.create_ceremony(
            session, actor, "追悼の集い", "memorial", "2026-08-23", "千鳥ヶ淵", "planned"
        )
        assert made.id is not None
        entry = roll_entries.add_entry(
            session, actor, made.id, bare_name="佐藤　ハルオ", reason="named by the family"
        )
    assert entry.id is not None
    return entry.id


@pytest.fixture
def three_lines(database: Database, actor: str, family_namesake: int) -> int:
    """青木 三郎 and 渡辺 一 before 佐藤　ハルオ, last as a line without a reading."""
    with database.reading() as session:
        bare = session.get(RollEntry, family_namesake)
        assert bare is not None
        ceremony_id = bare.ceremony_id
    for name, reading in (("青木　三郎", "アオキ サブロウ"), ("渡辺　一", "ワタナベ ハジメ")):
        person = create_person(database, actor, name=name, reading=reading)
        with database.session() as session:
            roll_entries.add_entry(session, actor, ceremony_id, person_id=person, reason="listed")
    return family_namesake


async def _open_link_form(pilot) -> LinkEntryScreen:  # type: ignore[no-untyped-def]
    await _settle(pilot)
    pilot.app.screen.query_one("#roll", PagedTable).focus()
    await pilot.press("end", "l")
    await _settle(pilot)
    link = pilot.app.screen
    assert isinstance(link, LinkEntryScreen)
    link.query_one("#reason", Input).value = "checked against the register"
    return link


@run_async
async def test_a_family_name_match_is_not_chosen_for_the_registrar(
    database: Database, actor: str, family_namesake: int
) -> None:
    async with ScreenApp(database, actor).run_test(size=(120, 40)) as pilot:
        link = await _open_link_form(pilot)
        assert "佐藤　正雄" in str(link.query_one("#candidates").get_row_at(0)[0])
        await pilot.press("ctrl+s")
        await _settle(pilot)
        assert pilot.app.screen is link
        error = str(link.query_one("#error", Static).render())
        assert error == "Choose the person among the candidates."
    with database.reading() as session:
        entry = session.get(RollEntry, family_namesake)
        assert entry is not None and entry.person_id is None


@run_async
async def test_a_weak_candidate_is_linked_once_the_registrar_moves_to_it(
    database: Database, actor: str, family_namesake: int
) -> None:
    async with ScreenApp(database, actor).run_test(size=(120, 40)) as pilot:
        link = await _open_link_form(pilot)
        await pilot.press("down")
        assert "佐藤　正雄" in str(link.query_one("#candidate", Static).render())
        await pilot.press("ctrl+s")
        await _settle(pilot)
        assert isinstance(pilot.app.screen, CeremoniesScreen)
    with database.reading() as session:
        entry = session.get(RollEntry, family_namesake)
        assert entry is not None and entry.person_id is not None


async def _on_the_roll(pilot) -> PagedTable:  # type: ignore[no-untyped-def]
    await _settle(pilot)
    assert isinstance(pilot.app.screen, CeremoniesScreen)
    return pilot.app.screen.query_one("#roll", PagedTable)


@run_async
async def test_after_a_link_the_cursor_stays_on_the_line_linked(
    database: Database, actor: str, three_lines: int
) -> None:
    async with ScreenApp(database, actor).run_test(size=(120, 40)) as pilot:
        await _open_link_form(pilot)
        await pilot.press("down", "ctrl+s")
        roll = await _on_the_roll(pilot)
        # Linked to サトウ マサオ, the line moved between アオキ and ワタナベ.
        assert (roll.cursor, roll.current_id) == (1, three_lines)


@run_async
async def test_after_a_reading_the_cursor_stays_on_the_line_read(
    database: Database, actor: str, three_lines: int
) -> None:
    async with ScreenApp(database, actor).run_test(size=(120, 40)) as pilot:
        await _settle(pilot)
        pilot.app.screen.query_one("#roll", PagedTable).focus()
        await pilot.press("end", "k")
        await _settle(pilot)
        form = pilot.app.screen
        form.query_one("#bare_reading", Input).value = "サトウ ハルオ"
        form.query_one("#reason", Input).value = "as the family reads it"
        await pilot.press("ctrl+s")
        roll = await _on_the_roll(pilot)
        assert (roll.cursor, roll.current_id) == (1, three_lines)


@run_async
async def test_after_a_removal_the_cursor_is_on_the_next_line(
    database: Database, actor: str, three_lines: int
) -> None:
    async with ScreenApp(database, actor).run_test(size=(120, 40)) as pilot:
        await _settle(pilot)
        pilot.app.screen.query_one("#roll", PagedTable).focus()
        await pilot.press("down", "x")
        await _settle(pilot)
        pilot.app.screen.query_one("#reason", Input).value = "listed twice"
        await pilot.press("ctrl+s")
        roll = await _on_the_roll(pilot)
        assert (roll.cursor, roll.current_id) == (1, three_lines)


@run_async
async def test_f5_shows_the_lines_added_meanwhile_in_the_list_and_the_roll(
    database: Database, actor: str, three_lines: int
) -> None:
    async with ScreenApp(database, actor).run_test(size=(120, 40)) as pilot:
        roll = await _on_the_roll(pilot)
        ceremonies_table = pilot.app.screen.query_one("#ceremonies", CeremonyTable)
        assert ceremonies_table.listed[0].entries == 3
        with database.session() as session:  # as `irei roll add` does, from another terminal
            ceremony_id = ceremonies_table.listed[0].id
            roll_entries.add_entry(
                session, actor, ceremony_id, bare_name="山田　太郎", reason="named by a son"
            )
        await pilot.press("f5")
        await _on_the_roll(pilot)
        assert ceremonies_table.listed[0].entries == 4
        assert roll.total == 4
        assert "4 entries" in str(pilot.app.screen.query_one("#roll-info", Static).render())
