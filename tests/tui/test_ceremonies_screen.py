"""The Ceremonies screen driven by keys: create a ceremony, add and link entries from ranked
candidates, bulk add, remove, reorder and export with progress."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import col, select
from textual.app import App
from textual.widgets import DataTable, Input, ProgressBar, Select, Static
from textual.widgets._footer import FooterKey

from records.database import Database
from records.models import AuditEvent, Ceremony, RemainsLot, RollEntry
from records.services import ceremonies, roll_entries
from records.services.custody import latest_event, withdraw_event
from tests.records.conftest import add_section, create_person
from tests.records.test_interment_rolls import interred_on_the_roll
from tests.tui.helpers import screen_lines
from tests.tui.test_edit_forms import in_sight
from tui.app import IreiApp
from tui.i18n import said, set_language
from tui.labels import listed_number, person_number
from tui.screens.ceremonies import CeremoniesScreen
from tui.screens.ceremony_forms import (
    BulkAddScreen,
    CeremonyForm,
    ReadEntryScreen,
    RemoveEntryScreen,
)
from tui.screens.form import ReplaceFileScreen
from tui.screens.help import key_rows
from tui.screens.roll_candidates import AddEntryScreen, LinkEntryScreen
from tui.screens.roll_export import ExportScreen
from tui.widgets.candidate_table import CandidateTable
from tui.widgets.ceremony_table import CeremonyTable
from tui.widgets.paged_table import PagedTable

REASON = "test"


def run_async(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run a pilot test in its own event loop (no async pytest plugin is installed)."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


class ScreenApp(App[None]):
    def __init__(self, database: Database, actor: str) -> None:
        super().__init__()
        self.database, self.actor = database, actor

    def on_mount(self) -> None:
        self.push_screen(CeremoniesScreen(self.database, self.actor))


@pytest.fixture
def roll(database: Database, actor: str) -> int:
    set_language("en")
    with database.session() as session:
        made = ceremonies.create_ceremony(
            session, actor, "追悼の集い", "memorial", "2026-08-23", "千鳥ヶ淵", REASON
        )
    assert made.id is not None
    for name, reading in (("松本　一郎", "マツモト イチロウ"), ("阿部　勇", "アベ イサム")):
        person = create_person(database, actor, name=name, reading=reading)
        if reading.startswith("アベ"):
            with database.session() as session:
                roll_entries.add_entry(session, actor, made.id, person_id=person, reason=REASON)
    with database.session() as session:
        roll_entries.add_entry(
            session, actor, made.id, bare_name="マスモト イチロウ", reason=REASON
        )
    return made.id


def _entries(database: Database, ceremony_id: int) -> list[RollEntry]:
    with database.reading() as session:
        return list(
            session.exec(select(RollEntry).where(col(RollEntry.ceremony_id) == ceremony_id))
        )


async def _settle(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _export_csv(pilot, path: Path) -> ExportScreen:  # type: ignore[no-untyped-def]
    """Open the export form, choose CSV and the path, and save."""
    await pilot.press("e")
    export = pilot.app.screen
    assert isinstance(export, ExportScreen)
    export.query_one("#format", Select).value = "csv"
    await pilot.pause()
    export.query_one("#path", Input).value = str(path)
    await pilot.press("ctrl+s")
    await _settle(pilot)
    return export


@run_async
async def test_the_roll_is_previewed_in_gojuon_order_with_unlinked_entries_counted(
    database: Database, actor: str, roll: int
) -> None:
    async with ScreenApp(database, actor).run_test(size=(140, 40)) as pilot:
        await _settle(pilot)
        info = str(pilot.app.screen.query_one("#roll-info", Static).render())
        assert "2 entries, 1 unlinked" in info
        table = pilot.app.screen.query_one("#roll", PagedTable)
        first, second = table.row(0), table.row(1)
        assert first is not None and second is not None
        assert first[1][table.titles.index("Reading")] == "アベ イサム"
        assert second[1][table.titles.index("Linked")] == "unlinked"
        await pilot.press("o")
        await _settle(pilot)
        assert "order: Prefecture" in str(pilot.app.screen.query_one("#roll-info", Static).render())


@run_async
async def test_tab_and_shift_tab_move_between_the_ceremonies_and_the_roll(
    database: Database, actor: str, roll: int
) -> None:
    async with ScreenApp(database, actor).run_test(size=(140, 40)) as pilot:
        await _settle(pilot)
        assert pilot.app.focused is pilot.app.screen.query_one("#ceremonies", DataTable)
        await pilot.press("tab")
        assert pilot.app.focused is pilot.app.screen.query_one("#roll", PagedTable)
        await pilot.press("shift+tab")
        assert pilot.app.focused is pilot.app.screen.query_one("#ceremonies", DataTable)


@run_async
async def test_a_ceremony_is_created_from_the_form(
    database: Database, actor: str, roll: int
) -> None:
    async with ScreenApp(database, actor).run_test(size=(140, 40)) as pilot:
        await _settle(pilot)
        await pilot.press("n")
        assert isinstance(pilot.app.screen, CeremonyForm)
        pilot.app.screen.query_one("#name", Input).value = "拝礼式"
        pilot.app.screen.query_one("#kind", Select).value = "interment"
        pilot.app.screen.query_one("#date", Input).value = "令和8年5月25日"
        pilot.app.screen.query_one("#reason", Input).value = "spring interment of 2026"
        await pilot.press("ctrl+s")
        await _settle(pilot)
        assert isinstance(pilot.app.screen, CeremoniesScreen)
        assert pilot.app.screen.query_one("#ceremonies", DataTable).row_count == 2
    with database.reading() as session:
        dates = sorted(c.date for c in session.exec(select(Ceremony)))
        created = session.exec(
            select(AuditEvent).where(AuditEvent.entity == "Ceremony", AuditEvent.action == "create")
        ).all()
    assert dates == ["2026-05-25", "2026-08-23"]
    assert created[-1].reason == "spring interment of 2026"  # the registrar's why, as typed


@pytest.mark.parametrize("size", [(100, 30), (80, 24)], ids=["100x30", "80x24"])
@run_async
async def test_the_new_ceremony_form_shows_every_field_down_to_the_reason(
    database: Database, actor: str, roll: int, size: tuple[int, int]
) -> None:
    async with ScreenApp(database, actor).run_test(size=size) as pilot:
        await _settle(pilot)
        await pilot.press("n")
        await _settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, CeremonyForm)
        for field in ("#name", "#kind", "#date", "#place", "#reason"):
            assert in_sight(form.query_one(field)), field


@run_async
async def test_a_ceremony_without_a_reason_is_refused_with_the_cursor_in_the_reason(
    database: Database, actor: str, roll: int
) -> None:
    async with ScreenApp(database, actor).run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        await pilot.press("n")
        form = pilot.app.screen
        assert isinstance(form, CeremonyForm)
        form.query_one("#name", Input).value = "拝礼式"
        form.query_one("#date", Input).value = "令和8年5月25日"
        form.query_one("#reason", Input).value = "  "
        await pilot.press("ctrl+s")
        await _settle(pilot)
        assert pilot.app.screen is form
        assert "say why" in str(form.query_one("#error-reason", Static).render())
        assert pilot.app.focused is form.query_one("#reason", Input)
        assert in_sight(form.query_one("#error-reason", Static))
    with database.reading() as session:
        assert len(session.exec(select(Ceremony)).all()) == 1


# A ceremony without a date, and a date that is none, in a small terminal: the refusal is
# said under the date field and brought into sight, though the keys are on the name field.
@pytest.mark.parametrize(
    ("size", "date", "said"),
    [
        ((140, 40), "", "needs a date"),
        ((80, 20), "令和8年13月45日、千鳥ヶ淵戦没者墓苑にて", "is not a date"),
    ],
)
@run_async
async def test_a_refused_date_is_said_at_the_field_in_sight(
    database: Database, actor: str, roll: int, size: tuple[int, int], date: str, said: str
) -> None:
    async with ScreenApp(database, actor).run_test(size=size) as pilot:
        await _settle(pilot)
        await pilot.press("n")
        form = pilot.app.screen
        assert isinstance(form, CeremonyForm)
        form.query_one("#name", Input).value = "拝礼式"
        form.query_one("#date", Input).value = date
        await pilot.press("ctrl+s")
        await _settle(pilot)
        assert isinstance(pilot.app.screen, CeremonyForm)
        error = form.query_one("#error-date", Static)
        assert said in str(error.render())
        assert in_sight(error)


@run_async
async def test_an_unlinked_entry_is_linked_only_after_the_user_confirms_a_candidate(
    database: Database, actor: str, roll: int
) -> None:
    async with ScreenApp(database, actor).run_test(size=(140, 40)) as pilot:
        await _settle(pilot)
        pilot.app.screen.query_one("#roll", PagedTable).focus()
        await pilot.press("down", "l")
        await _settle(pilot)
        link = pilot.app.screen
        assert isinstance(link, LinkEntryScreen)
        table = link.query_one("#candidates", DataTable)
        assert table.row_count >= 1
        assert "松本" in str(table.get_row_at(0)[0])
        assert "close" in str(table.get_row_at(0)[4])  # the reason is shown
        assert all(e.person_id is None for e in _entries(database, roll) if e.bare_name)
        link.query_one("#reason", Input).value = "confirmed against the register"
        await pilot.press("down")  # a close reading only: the registrar moves to it
        await pilot.press("ctrl+s")
        await _settle(pilot)
        assert isinstance(pilot.app.screen, CeremoniesScreen)
    linked = [e for e in _entries(database, roll) if e.bare_name]
    assert linked[0].person_id is not None


@run_async
async def test_a_bare_name_in_kanji_is_added_with_its_reading_and_takes_its_place(
    database: Database, actor: str, roll: int
) -> None:
    async with ScreenApp(database, actor).run_test(size=(140, 40)) as pilot:
        await _settle(pilot)
        await pilot.press("a")
        add = pilot.app.screen
        assert isinstance(add, AddEntryScreen)
        add.query_one("#query", Input).value = "山田太郎"
        add.query_one("#bare_reading", Input).value = "山田"
        add.query_one("#reason", Input).value = "sent by the family association"
        await _settle(pilot)
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert isinstance(pilot.app.screen, AddEntryScreen)
        refusal = str(add.query_one("#error-bare_reading", Static).render())
        assert refusal == "'山田' is not a reading: write it in kana"
        assert pilot.app.focused is add.query_one("#bare_reading", Input)
        add.query_one("#bare_reading", Input).value = "やまだ たろう"
        await pilot.press("ctrl+b")
        await _settle(pilot)
        assert isinstance(pilot.app.screen, CeremoniesScreen)
        table = pilot.app.screen.query_one("#roll", PagedTable)
        names = [row[1][table.titles.index("Name")] for row in map(table.row, range(3)) if row]
    # Between マスモト and nothing: ヤマダ after マ, where a kanji name without one never goes.
    assert names == ["阿部　勇", "マスモト イチロウ", "山田太郎"]
    added = [e for e in _entries(database, roll) if e.bare_name == "山田太郎"]
    assert [e.bare_reading for e in added] == ["ヤマダ タロウ"]


@run_async
async def test_a_line_without_a_reading_is_counted_and_given_one(
    database: Database, actor: str, roll: int
) -> None:
    with database.session() as session:
        roll_entries.add_entry(session, actor, roll, bare_name="加藤清", reason=REASON)
    async with ScreenApp(database, actor).run_test(size=(140, 40)) as pilot:
        await _settle(pilot)
        info = str(pilot.app.screen.query_one("#roll-info", Static).render())
        assert "· 1 without a reading" in info
        table = pilot.app.screen.query_one("#roll", PagedTable)
        table.focus()
        await pilot.press("down", "down", "k")  # the last line: nothing to sort it by
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, ReadEntryScreen)
        form.query_one("#bare_reading", Input).value = "カトウ キヨシ"
        form.query_one("#reason", Input).value = "read by the association"
        await pilot.press("ctrl+s")
        await _settle(pilot)
        assert isinstance(pilot.app.screen, CeremoniesScreen)
        info = str(pilot.app.screen.query_one("#roll-info", Static).render())
        assert "without a reading" not in info
        first = table.row(0)
        assert first is not None and first[1][table.titles.index("Reading")] == "アベ イサム"
        second = table.row(1)
        assert second is not None and second[1][table.titles.index("Name")] == "加藤清"


@run_async
async def test_search_and_add_refuses_a_person_already_on_the_roll(
    database: Database, actor: str, roll: int
) -> None:
    async with ScreenApp(database, actor).run_test(size=(140, 40)) as pilot:
        await _settle(pilot)
        await pilot.press("a")
        add = pilot.app.screen
        assert isinstance(add, AddEntryScreen)
        add.query_one("#query", Input).value = "アベ イサム"
        add.query_one("#reason", Input).value = "sent by the family association"
        await _settle(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, AddEntryScreen)
        refusal = str(add.query_one("#error", Static).render())
        # Who, and no internal entry id: the roll numbers its lines by the order printed.
        assert refusal.endswith(") is already on this roll"), refusal
        assert not refusal.startswith("person:")  # the reason, without the service's field code
        add.query_one("#query", Input).value = "タナカ イサム"
        await _settle(pilot)
        await pilot.press("ctrl+b")
        await _settle(pilot)
        assert isinstance(pilot.app.screen, CeremoniesScreen)
    assert len(_entries(database, roll)) == 3


@run_async
async def test_down_from_the_name_typed_chooses_the_first_candidate_as_the_line_says(
    database: Database, actor: str, roll: int
) -> None:
    """↓ in the name scrolled the form instead, and left the line saying ↓ moves to one."""
    for name, reading in (("佐藤　一郎", "サトウ イチロウ"), ("佐藤　二郎", "サトウ ジロウ")):
        create_person(database, actor, name=name, reading=reading)
    async with ScreenApp(database, actor).run_test(size=(140, 40)) as pilot:
        await _settle(pilot)
        await pilot.press("a")
        add = pilot.app.screen
        assert isinstance(add, AddEntryScreen)
        await pilot.press(*"サトウ")
        await _settle(pilot)
        line = str(add.query_one("#candidate", Static).render())
        assert line.startswith("None chosen") and line.endswith("↓ moves to one.")
        await pilot.press("down")
        await pilot.pause()
        table = add.query_one("#candidates", CandidateTable)
        assert table.has_focus and table.chosen is table.candidates[0]
        assert not str(add.query_one("#candidate", Static).render()).startswith("None chosen")
        await pilot.press("down")  # in the table, ↓ is its own again
        await pilot.pause()
        assert table.chosen is table.candidates[1]


@run_async
async def test_search_and_add_asks_why_and_the_roll_s_audit_keeps_the_reason_given(
    database: Database, actor: str, roll: int
) -> None:
    async with ScreenApp(database, actor).run_test(size=(140, 40)) as pilot:
        await _settle(pilot)
        await pilot.press("a")
        add = pilot.app.screen
        assert isinstance(add, AddEntryScreen)
        await pilot.press(*"タナカ イサム")
        await _settle(pilot)
        await pilot.press("ctrl+b")  # as a bare name, with no reason given
        await pilot.pause()
        assert isinstance(pilot.app.screen, AddEntryScreen)
        assert "say why" in str(add.query_one("#error-reason", Static).render())
        assert add.query_one("#reason", Input).has_focus
        await pilot.press(*"named in the association's list", "ctrl+b")
        await _settle(pilot)
        assert isinstance(pilot.app.screen, CeremoniesScreen)
    with database.reading() as session:
        added = session.exec(
            select(AuditEvent).where(col(AuditEvent.action) == "add").order_by(col(AuditEvent.id))
        ).all()[-1]
    assert "タナカ イサム" in added.after
    assert added.reason == "named in the association's list"


@run_async
async def test_a_candidate_chosen_with_enter_has_the_registrar_type_the_reason_next(
    database: Database, actor: str, roll: int
) -> None:
    create_person(database, actor, name="田中　勇", reading="タナカ イサム")
    async with ScreenApp(database, actor).run_test(size=(140, 40)) as pilot:
        await _settle(pilot)
        await pilot.press("a")
        add = pilot.app.screen
        assert isinstance(add, AddEntryScreen)
        await pilot.press(*"タナカ イサム")
        await _settle(pilot)
        await pilot.press("enter", "enter")  # to the candidates, and the first chosen
        await pilot.pause()
        assert isinstance(pilot.app.screen, AddEntryScreen)  # nothing added without a reason
        assert add.query_one("#reason", Input).has_focus
        await pilot.press(*"family request", "enter")
        await _settle(pilot)
        assert isinstance(pilot.app.screen, CeremoniesScreen)
    assert len(_entries(database, roll)) == 3


@run_async
async def test_bulk_add_and_remove_from_the_screen(
    database: Database, actor: str, roll: int
) -> None:
    create_person(database, actor, name="蒙古　太郎", reading="モウコ タロウ", country="モンゴル")
    async with ScreenApp(database, actor).run_test(size=(140, 40)) as pilot:
        await _settle(pilot)
        await pilot.press("b")
        pilot.app.screen.query_one("#country", Input).value = "モンゴル"
        pilot.app.screen.query_one("#reason", Input).value = "died in Mongolia"
        await pilot.press("ctrl+s")
        await _settle(pilot)
        assert len(_entries(database, roll)) == 3
        pilot.app.screen.query_one("#roll", PagedTable).focus()
        await pilot.press("x")
        pilot.app.screen.query_one("#reason", Input).value = "sent twice"
        await pilot.press("ctrl+s")
        await _settle(pilot)
    assert len(_entries(database, roll)) == 2


@run_async
async def test_a_bulk_add_without_a_reason_puts_the_cursor_where_the_reason_is_typed(
    database: Database, actor: str, roll: int
) -> None:
    create_person(database, actor, name="蒙古　太郎", reading="モウコ タロウ", country="モンゴル")
    async with ScreenApp(database, actor).run_test(size=(140, 40)) as pilot:
        await _settle(pilot)
        await pilot.press("b")
        await pilot.press("tab", *"モンゴル")  # from the choice of lots to the country
        await pilot.press("ctrl+s")
        await _settle(pilot)
        bulk = pilot.app.screen
        assert isinstance(bulk, BulkAddScreen)
        assert "say why" in str(bulk.query_one("#error-reason", Static).render())
        assert bulk.query_one("#reason", Input).has_focus
        await pilot.press(*"died in Mongolia", "ctrl+s")
        await _settle(pilot)
        assert isinstance(pilot.app.screen, CeremoniesScreen)
    assert len(_entries(database, roll)) == 3


@run_async
async def test_the_remove_dialog_names_the_entry_by_its_number_and_name_in_the_roll(
    database: Database, actor: str, roll: int
) -> None:
    async with ScreenApp(database, actor).run_test(size=(140, 40)) as pilot:
        await _settle(pilot)
        pilot.app.screen.query_one("#roll", PagedTable).focus()
        await pilot.press("down", "x")
        await _settle(pilot)
        assert isinstance(pilot.app.screen, RemoveEntryScreen)
        question = str(pilot.app.screen.query(Static).first().render())
        assert question == "Remove No. 2, マスモト イチロウ, from the roll?"


@run_async
async def test_a_line_another_user_removed_meanwhile_is_said_so_and_the_roll_read_again(
    database: Database, actor: str, roll: int
) -> None:
    async with ScreenApp(database, actor).run_test(size=(140, 40)) as pilot:
        await _settle(pilot)
        pilot.app.screen.query_one("#roll", PagedTable).focus()
        await pilot.press("down", "x")
        await _settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, RemoveEntryScreen)
        with database.session() as session:
            roll_entries.remove_entry(
                session, "colleague", dialog.entry.id or 0, "a duplicate", expected_version=None
            )
        await pilot.press(*"a duplicate", "ctrl+s")
        await _settle(pilot)
        assert isinstance(pilot.app.screen, CeremoniesScreen)
        told = [n.message for n in pilot.app._notifications][-1]
        assert told.startswith(
            "No. 2, マスモト イチロウ: the line was removed from the roll by colleague at "
        )
        assert len(pilot.app.screen.entries) == len(_entries(database, roll)) == 1


@run_async
async def test_the_roll_is_exported_from_the_screen_with_progress(
    database: Database, actor: str, roll: int, tmp_path: Path
) -> None:
    out = tmp_path / "roll.csv"
    async with ScreenApp(database, actor).run_test(size=(140, 40)) as pilot:
        await _settle(pilot)
        await _export_csv(pilot, out)
        assert isinstance(pilot.app.screen, CeremoniesScreen)
    assert out.read_text(encoding="utf-8-sig").splitlines()[1].startswith("1,阿部　勇,アベ イサム")


@run_async
async def test_a_candidates_match_reason_is_said_in_japanese(
    database: Database, actor: str, roll: int
) -> None:
    set_language("ja")
    try:
        async with ScreenApp(database, actor).run_test(size=(140, 40)) as pilot:
            await _settle(pilot)
            pilot.app.screen.query_one("#roll", PagedTable).focus()
            await pilot.press("down", "l")
            await _settle(pilot)
            table = pilot.app.screen.query_one("#candidates", DataTable)
            # マスモト イチロウ, as a roll received it, against マツモト イチロウ
            assert str(table.get_row_at(0)[4]) == "姓が近い（編集距離 1）、名が完全に一致"
    finally:
        set_language("en")


@run_async
async def test_the_export_proposes_a_named_file_among_the_documents_and_asks_before_replacing(
    database: Database, actor: str, roll: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    folder = tmp_path / "Documents" / "irei"
    async with ScreenApp(database, actor).run_test(size=(140, 40)) as pilot:
        await _settle(pilot)
        await pilot.press("e")
        export = pilot.app.screen
        assert isinstance(export, ExportScreen)
        proposed = Path(export.query_one("#path", Input).value)
        assert proposed == folder / "2026-08-23_追悼の集い.xlsx"
        await pilot.press("ctrl+s")
        await _settle(pilot)
        assert isinstance(pilot.app.screen, CeremoniesScreen)
        first = proposed.read_bytes()  # the folder was made for it

        proposed.write_bytes(b"the registrar's own edits")
        await pilot.press("e")
        await pilot.press("ctrl+s")
        await _settle(pilot)
        assert isinstance(pilot.app.screen, ReplaceFileScreen)
        await pilot.press("n")
        await _settle(pilot)
        assert isinstance(pilot.app.screen, ExportScreen)
        assert proposed.read_bytes() == b"the registrar's own edits"
        # Back at the file's name, which what is typed replaces, the folder and suffix kept.
        assert pilot.app.focused is pilot.app.screen.query_one("#path", Input)
        await pilot.press(*"遺族会用", "ctrl+s")
        await _settle(pilot)
        assert isinstance(pilot.app.screen, CeremoniesScreen)
        assert (folder / "遺族会用.xlsx").read_bytes()[:2] == b"PK"
        assert proposed.read_bytes() == b"the registrar's own edits"
        await pilot.press("e")
        await pilot.press("ctrl+s")
        await _settle(pilot)
        await pilot.press("y")
        await _settle(pilot)
        assert isinstance(pilot.app.screen, CeremoniesScreen)
    assert proposed.read_bytes()[:2] == first[:2] == b"PK"  # an xlsx again


@run_async
async def test_the_export_proposes_the_folder_last_exported_to_in_this_session_and_the_next(
    database: Database, actor: str, roll: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    folder = tmp_path / "式典"
    folder.mkdir()
    async with ScreenApp(database, actor).run_test(size=(140, 40)) as pilot:
        await _settle(pilot)
        await _export_csv(pilot, folder / "roll.csv")
        await pilot.press("e")
        # Each export started again from the documents folder.
        assert Path(pilot.app.screen.query_one("#path", Input).value).parent == folder
    async with ScreenApp(database, actor).run_test(size=(140, 40)) as pilot:
        await _settle(pilot)
        await pilot.press("e")
        assert Path(pilot.app.screen.query_one("#path", Input).value).parent == folder


@run_async
async def test_the_export_refuses_a_file_name_its_format_does_not_end_in(
    database: Database, actor: str, roll: int, tmp_path: Path
) -> None:
    misnamed = tmp_path / "roll.xlsx"
    async with ScreenApp(database, actor).run_test(size=(140, 40)) as pilot:
        await _settle(pilot)
        export = await _export_csv(pilot, misnamed)
        assert pilot.app.screen is export
        refusal = str(export.query_one("#error-path", Static).render())
        assert "the format is csv; give a file name ending in .csv" in refusal
    assert not misnamed.exists()


@run_async
async def test_a_file_name_typed_without_a_suffix_is_given_the_formats(
    database: Database, actor: str, roll: int, tmp_path: Path
) -> None:
    async with ScreenApp(database, actor).run_test(size=(140, 40)) as pilot:
        await _settle(pilot)
        await _export_csv(pilot, tmp_path / "名簿")
    assert (tmp_path / "名簿.csv").read_text(encoding="utf-8-sig").count("\n") == 3
    assert not (tmp_path / "名簿").exists()


@run_async
async def test_a_refused_export_is_said_in_japanese(
    database: Database, actor: str, roll: int, tmp_path: Path
) -> None:
    missing = tmp_path / "届いていないフォルダ"
    set_language("ja")
    try:
        async with ScreenApp(database, actor).run_test(size=(140, 40)) as pilot:
            await _settle(pilot)
            export = await _export_csv(pilot, missing / "名簿.csv")
            assert pilot.app.screen is export  # still open, to choose another folder
            shown = str(export.query_one("#error", Static).render())
            assert shown == f"「名簿.csv」を保存できません：フォルダ「{missing}」がありません"
    finally:
        set_language("en")
    assert not missing.exists()


@pytest.mark.parametrize("lang", ["en", "ja"])
@run_async
async def test_export_and_back_fit_in_the_key_bar_at_80_columns_and_help_has_the_long_words(
    demo_db: Database, lang: str
) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.switch_mode("ceremonies")
        await _settle(pilot)
        shown = {key.key: key for key in app.screen.query(FooterKey)}
        assert shown["e"].region.right <= 80
        assert shown["escape"].region.right <= 80
        helped = dict(key_rows(app.screen))
        assert helped["a"] == ("Search and add" if lang == "en" else "検索して追加")
        assert (helped["tab"], helped["shift+tab"]) == (
            ("Focus Next", "Focus Previous") if lang == "en" else ("次の欄へ", "前の欄へ")
        )


@run_async
async def test_at_80_by_30_the_export_opens_on_its_first_field(
    database: Database, actor: str, roll: int
) -> None:
    async with ScreenApp(database, actor).run_test(size=(80, 30)) as pilot:
        await _settle(pilot)
        await pilot.press("e")
        await _settle(pilot)
        export = pilot.app.screen
        assert isinstance(export, ExportScreen)
        assert pilot.app.focused is export.query_one("#format", Select)


@run_async
async def test_at_80_by_30_a_refused_export_is_said_in_sight(
    database: Database, actor: str, roll: int, tmp_path: Path
) -> None:
    share = tmp_path / ("厚生労働省社会・援護局" * 6) / ("令和6年度慰霊事業" * 6)
    async with ScreenApp(database, actor).run_test(size=(80, 30)) as pilot:
        await _settle(pilot)
        export = await _export_csv(pilot, share / "名簿.csv")  # a folder the share lacks
        error = export.query_one("#error", Static)
        assert str(error.render()).startswith("cannot save 名簿.csv"), str(error.render())
        assert in_sight(error)
        bar = export.query_one(ProgressBar)  # at rest, not pulsing as if still at work
        assert (bar.total, bar.progress) == (1, 0)

        export.query_one("#path", Input).value = ""
        await pilot.press("ctrl+s")
        await _settle(pilot)
        error = export.query_one("#error-path", Static)
        assert str(error.render()) == "Give the file to write."
        assert in_sight(error) and pilot.app.focused is export.query_one("#path", Input)


@pytest.mark.parametrize("lang", ["en", "ja"])
@run_async
async def test_at_80_by_24_every_column_of_the_ceremonies_shown_is_read_whole(
    demo_db: Database, lang: str
) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.switch_mode("ceremonies")
        await _settle(pilot)
        table = app.screen.query_one("#ceremonies", CeremonyTable)
        titles = [column.label.plain for column in table.columns.values()]
        assert ("Entries" if lang == "en" else "名簿") in titles
        assert sum(column.get_render_width(table) for column in table.columns.values()) <= 80
        header, memorial = screen_lines(app)[1:3]
        assert all(title in header for title in titles)
        # The memorial's name gives way, cut with an ellipsis, but in Japanese, whose date
        # written once leaves it room; its count of entries is read.
        assert ("…" in memorial) == (lang == "en") and " 52 " in memorial


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
@run_async
async def test_a_ceremonys_name_is_read_whole_at_120_columns_and_by_its_start_at_80(
    demo_db: Database, lang: str, size: tuple[int, int]
) -> None:
    with demo_db.reading() as session:
        names = list(session.execute(select(Ceremony.name)).scalars())
    app = IreiApp(demo_db, actor="tanaka", lang=lang)
    async with app.run_test(size=size) as pilot:
        await app.switch_mode("ceremonies")
        await _settle(pilot)
        listed = screen_lines(app)[2 : 2 + len(names)]
        # At 120 columns the memorial's name lost its last words to keep the place.
        for name in names:
            shown = [line for line in listed if name[:12] in line]
            assert len(shown) == 1, listed
            line = shown[0]
            if size == (120, 40):
                assert f" {name} " in line, line
            else:
                assert f" {name} " in line or "…" in line, line


@pytest.mark.parametrize("lang", ["en", "ja"])
@run_async
async def test_at_80_by_24_the_candidates_show_their_score_and_reason(
    demo_db: Database, lang: str
) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.switch_mode("ceremonies")
        await _settle(pilot)
        await pilot.press("a", *"ヤマ")
        await _settle(pilot)
        table = app.screen.query_one("#candidates", CandidateTable)
        lines = screen_lines(app)
        score, reason = ("Score", "Reason") if lang == "en" else ("一致度", "理由")
        assert any(f" {score} " in line and f" {reason} " in line for line in lines)
        for candidate in table.candidates[:5]:
            hit, shown = candidate.hit, f"{candidate.score.score:.0f}"
            assert any(f" {hit.name} " in line and f" {shown} " in line for line in lines)
        # The whole reason, too long for its column, is said under the table for the
        # candidate the cursor is on, after the number their heading shows.
        # ヤマ matches no whole name: the first ↓ chooses the first candidate, the next the second.
        await pilot.press("enter", "down", "down")
        second = table.candidates[1]
        number = person_number(second.hit.register_no, second.hit.id)
        said_whole = f"{number} {second.hit.name}: {said(second.score.reason)}"
        assert any(said_whole in line for line in screen_lines(app))


@run_async
async def test_the_candidates_are_numbered_as_the_people_list_numbers_them(
    demo_db: Database,
) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(160, 40)) as pilot:
        await app.switch_mode("ceremonies")
        await _settle(pilot)
        await pilot.press("a", *"ヤマ")
        await _settle(pilot)
        table = app.screen.query_one("#candidates", CandidateTable)
        outside = [c.hit for c in table.candidates if c.hit.register_no is None]
        registered = [c.hit for c in table.candidates if c.hit.register_no is not None]
        assert outside and registered
        lines = screen_lines(app)
        # A 番号 bare, as the column's title says; anyone else by the app's "No. 14".
        for hit in outside[:3] + registered[:3]:
            number = listed_number(hit.register_no, hit.id)
            assert any(f" {hit.name} " in line and f" {number} " in line for line in lines)


@run_async
async def test_at_80_by_24_the_new_ceremony_forms_buttons_are_in_sight(demo_db: Database) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.switch_mode("ceremonies")
        await _settle(pilot)
        await pilot.press("n")
        await _settle(pilot)
        assert any("Create" in line and "Cancel" in line for line in screen_lines(app))
        # The fields scroll above the buttons: the last one comes into sight, and stays clear
        # of them.
        await pilot.press("tab", "tab", "tab", "tab")
        await _settle(pilot)
        assert app.focused is app.screen.query_one("#reason", Input)
        assert in_sight(app.screen.query_one("#reason", Input))
        assert any("Create" in line and "Cancel" in line for line in screen_lines(app))


@run_async
async def test_a_roll_of_one_entry_says_entry(demo_db: Database) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.switch_mode("ceremonies")
        await _settle(pilot)
        info = app.screen.query_one("#roll-info", Static)
        assert str(info.render()).startswith("52 entries, 3 unlinked")
        await pilot.press("down")  # the demo's interment ceremony, one lot on its roll
        await _settle(pilot)
        assert str(info.render()) == "1 entry, 0 unlinked · order: Lot number"


@pytest.mark.parametrize(
    ("key", "says"), [("n", "^s 作成"), ("b", "^s 追加"), ("x", "^s 削除"), ("e", "^s 出力")]
)
@run_async
async def test_a_forms_key_to_save_is_named_like_its_button_in_japanese(
    demo_db: Database, key: str, says: str
) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang="ja")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.switch_mode("ceremonies")
        await _settle(pilot)
        app.screen.query_one(PagedTable).focus()  # the roll, whose entry x removes
        await pilot.press(key)
        await _settle(pilot)
        # The key bar read "^s 保存" (save) over an 出力 (export) button.
        assert screen_lines(app)[-1].startswith(f"{says} esc キャンセル"), screen_lines(app)[-1]


@pytest.mark.parametrize("lang", ["en", "ja"])
@run_async
async def test_at_80_by_24_a_roll_of_lots_shows_each_lots_number_and_a_roll_of_persons_each_name(
    demo_db: Database, lang: str
) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.switch_mode("ceremonies")
        await _settle(pilot)
        screen = app.screen
        assert isinstance(screen, CeremoniesScreen)
        names = [row.name for _entry, row in screen.entries[:5]]
        person_lines = screen_lines(app)
        await pilot.press("down")  # the demo's interment ceremony, whose roll holds lots
        await _settle(pilot)
        lots = [row.lot_number for _entry, row in screen.entries]
        lot_lines = screen_lines(app)

    # The Lot column was off the screen's right edge, behind the empty name columns.
    assert all(names) and all(lots)
    assert all(any(lot in line for line in lot_lines) for lot in lots), lot_lines
    assert not any("氏名不詳" in line for line in lot_lines)  # a roll of lots has no name column
    assert all(any(name in line for line in person_lines) for name in names), person_lines


@run_async
async def test_at_80_by_24_a_roll_of_persons_and_lots_shows_each_name_and_each_lots_number(
    demo_db: Database,
) -> None:
    with demo_db.reading() as session:
        lots = list(session.exec(select(RemainsLot).limit(3)))
        memorial = session.exec(select(Ceremony).where(col(Ceremony.kind) == "memorial")).one()
    for lot in lots:
        with demo_db.session() as session:
            roll_entries.add_entry(
                session, "tanaka", memorial.id or 0, lot_id=lot.id, reason=REASON
            )
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.switch_mode("ceremonies")
        await _settle(pilot)
        screen = app.screen
        assert isinstance(screen, CeremoniesScreen)
        names = [row.name for _entry, row in screen.entries[:5]]
        first_lines = screen_lines(app)
        screen.query_one("#roll", PagedTable).focus()
        await pilot.press("end")  # the lots, which have no reading, close the roll
        await _settle(pilot)
        last_lines = screen_lines(app)

    # With every column filled, the Lot column was off the screen's right edge: a lot's line
    # showed only its number on the roll and its burial site.
    assert all(names)
    assert all(any(name in line for line in first_lines) for name in names), first_lines
    assert all(any(lot.lot_number in line for line in last_lines) for lot in lots), last_lines
    # Each lot's line names no one as the exports print it: left blank, it read as a name lost.
    lot_lines = [line for line in last_lines if any(lot.lot_number in line for lot in lots)]
    assert len(lot_lines) == len(lots) and all("氏名不詳" in line for line in lot_lines)


@run_async
async def test_a_roll_of_lots_says_it_is_in_lot_number_order_not_by_reading(
    demo_db: Database,
) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 30)) as pilot:
        await app.switch_mode("ceremonies")
        await _settle(pilot)
        await pilot.press("down")  # the demo's interment ceremony, whose roll holds lots
        await _settle(pilot)
        screen = app.screen
        assert isinstance(screen, CeremoniesScreen)
        lots = [row.lot_number for _entry, row in screen.entries]
        info = str(screen.query_one("#roll-info", Static).render())

    assert lots == sorted(lots)
    assert "order: Lot number" in info, info


@run_async
async def test_an_interment_roll_listing_a_lot_not_interred_says_so_in_preview_and_export(
    database: Database, actor: str, tmp_path: Path
) -> None:
    set_language("en")
    lot_id, spring, _memorial = interred_on_the_roll(database, actor, add_section(database))
    with database.writing() as session:
        interment = latest_event(session, lot_id)
        assert interment is not None
        withdraw_event(session, actor, interment.id or 0, "recorded on the wrong lot")
        number = session.get(RemainsLot, lot_id).lot_number  # type: ignore[union-attr]
    warning = f"On this interment roll, lots not interred now: {number} (Japanese)"
    app = ScreenApp(database, actor)
    async with app.run_test(size=(140, 40)) as pilot:
        await _settle(pilot)
        screen = app.screen
        assert isinstance(screen, CeremoniesScreen)
        assert "not interred" not in str(screen.query_one("#roll-info", Static).render())
        await pilot.press("down")  # from the memorial, listed first, to the spring interment
        await _settle(pilot)
        assert screen.ceremony_id == spring
        assert "1 not interred now" in str(screen.query_one("#roll-info", Static).render())
        assert [n.message for n in app._notifications] == [warning]
        await _export_csv(pilot, tmp_path / "roll.csv")
        assert [n.message for n in app._notifications][-1] == warning
    assert number in (tmp_path / "roll.csv").read_text(encoding="utf-8-sig")


@run_async
async def test_the_ceremony_chosen_and_its_order_stay_when_the_language_is_switched(
    database: Database, actor: str, roll: int
) -> None:
    with database.session() as session:
        other = ceremonies.create_ceremony(
            session, actor, "納骨式", "interment", "2026-10-01", "千鳥ヶ淵", REASON
        )
    app = IreiApp(database, actor=actor, lang="en")
    try:
        async with app.run_test(size=(140, 40)) as pilot:
            await pilot.press("c")
            await _settle(pilot)
            screen = pilot.app.screen
            assert isinstance(screen, CeremoniesScreen)
            rows = screen.ceremony_ids
            # The roll of two lines, chosen away from the first row, in its second order.
            screen.query_one("#ceremonies", CeremonyTable).move_cursor(row=rows.index(roll))
            await _settle(pilot)
            await pilot.press("o")
            await _settle(pilot)
            assert rows.index(roll) != 0 and other.id in rows  # not the row it opens on
            assert (screen.ceremony_id, screen.order) == (roll, "prefecture")

            await pilot.press("L")
            await _settle(pilot)

            again = pilot.app.screen
            assert isinstance(again, CeremoniesScreen) and again is not screen
            assert (again.ceremony_id, again.order, again.roll_shown) == (roll, "prefecture", roll)
            assert len(again.entries) == 2
            table = again.query_one("#ceremonies", CeremonyTable)
            assert table.cursor_row == again.ceremony_ids.index(roll)
    finally:
        set_language("en")
