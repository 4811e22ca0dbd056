"""Linking a roll's bare name chooses no one the registrar did not mean, and the roll keeps
its cursor on the line acted on."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static

from records.database import Database
from records.models import RollEntry
from records.services import ceremonies
from tests.records.conftest import create_person
from tests.tui.test_ceremonies_screen import ScreenApp, _settle, run_async
from tui.i18n import set_language
from tui.screens.ceremonies import CeremoniesScreen, LinkEntryScreen
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
        entry = ceremonies.add_entry(
            session, actor, made.id, bare_name="佐藤　ハルオ", reason="named by the family"
        )
    assert entry.id is not None
    return entry.id


async def _open_link_form(pilot) -> LinkEntryScreen:  # type: ignore[no-untyped-def]
    await _settle(pilot)
    pilot.app.screen.query_one("#roll", PagedTable).focus()
    await pilot.press("l")
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
        assert "佐藤　正雄" in str(link.query_one("#candidates").get_row_at(0)[1])
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
