"""Importing the ministry's messy sample files through the import screen, and cancelling."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select
from textual.widgets import (
    Button,
    Checkbox,
    DataTable,
    DirectoryTree,
    Input,
    ProgressBar,
    SelectionList,
)

from importers import pipeline
from importers.profiles import builtin_profiles
from records.database import Database
from records.models import AuditEvent, ImportBatch, Person, RemainsLot
from tests.importers.test_sheets import BAD_5, BAD_6, EXAMPLE, R5, R6, RECOVERY, lot, workbook
from tests.tui.helpers import screen_lines, settle, synchronously
from tui import i18n
from tui.app import IreiApp
from tui.screens.imports import ImportScreen
from tui.widgets.import_summary import ImportSummary

SAMPLES = Path("/work/shared/samples")
MESSY = sorted(SAMPLES.glob("*messy*.xlsx")) + sorted(SAMPLES.glob("*messy*.csv"))

pytestmark = pytest.mark.skipif(not MESSY, reason="the messy sample files are not here")


NOT_A_PREFECTURE = "「東京県」は都道府県でも旧外地（樺太・朝鮮・台湾など）でもありません"


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
        titles = {p.title: p.title_en for p in builtin_profiles()}
        shown = str(screen.query_one("#profile").render())
        then = ", header row " if sample.suffix == ".csv" else ", sheet "  # a CSV has no sheets
        assert any(f" ({ja} — {en}){then}" in shown for ja, en in titles.items()), shown
        await pilot.press("f6")
        await settle(app, pilot)
        summary = screen.query_one(ImportSummary).text
        assert summary.startswith("Dry run:")
        before = counts(demo_db)
        # A messy file may hold rows that cannot be taken: import the others.
        screen.query_one("#accept", Checkbox).value = True
        await pilot.press("f7")
        await settle(app, pilot)
        summary = screen.query_one(ImportSummary).text
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
        assert "nothing was changed" in screen.query_one(ImportSummary).text
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


@synchronously
async def test_a_japanese_registrar_reads_why_rows_and_files_are_refused_in_japanese(
    demo_db: Database, tmp_path: Path
) -> None:
    register = tmp_path / "抑留中死亡者名簿.csv"
    register.write_text(
        "番号,氏名（カナ）,氏名（漢字）,生年,死亡年月日,出身地\n"
        "1,ヤマダ　タロウ,山田　太郎,大正10年,昭和21年2月13日,東京都\n"
        "2,スズキ　ジロウ,鈴木　次郎,大正11年,昭和21年13月1日,東京県\n",
        encoding="utf-8",
    )
    empty = tmp_path / "空.csv"
    empty.write_bytes(b"")
    before = counts(demo_db)
    app = IreiApp(demo_db, actor="tanaka", lang="ja", import_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_import(app, pilot, register)
        shown = str(screen.query_one("#profile").render())
        assert shown.startswith("抑留中死亡者名簿.csv: 様式 soviet_deaths (抑留中死亡者名簿)、")
        read = [str(cell) for cell in screen.query_one("#preview").get_row_at(0)]
        assert read[-2:] == ["東京都 (13)", ""]  # the prefecture as read, by name and code
        refused = screen.query_one("#preview").get_row_at(1)[-2]
        assert str(refused) == "東京県" and refused.style  # as written, marked: not a blank
        problems = str(screen.query_one("#preview").get_row_at(1)[-1])
        assert "死亡年月日: 13月はありません" in problems, problems
        assert NOT_A_PREFECTURE in problems
        assert not screen.query_one("#accept", Checkbox).value  # all or nothing, as the CLI
        await pilot.press("f7")
        await settle(app, pilot)
        summary = screen.query_one(ImportSummary).text
        assert summary.startswith("何も書き込まれていません"), summary
        why = f"3行目: 死亡年月日: 13月はありません; 出身地: {NOT_A_PREFECTURE}"
        assert why in summary
        rejects = load_workbook(tmp_path / "抑留中死亡者名簿.rejects.xlsx").active
        assert rejects is not None
        column = [c.value for c in rejects[1]].index("却下理由") + 1
        reason = str(rejects.cell(2, column).value)
        assert NOT_A_PREFECTURE in reason, reason

        path_box = screen.query_one("#path", Input)
        path_box.value = str(empty)
        path_box.focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert "空のファイルです（0バイト）" in str(screen.query_one("#profile").render())
    assert counts(demo_db) == before  # the rejected row kept the whole file out


@synchronously
async def test_the_preview_names_an_analysis_verdict_in_the_registrars_language(
    demo_db: Database, tmp_path: Path
) -> None:
    results = tmp_path / "鑑定結果.csv"
    results.write_text(
        "検体番号,鑑定種別,所属集団判定,照合結果\nZB-022-04-0001,DNA(Y-STR),日本人以外,照合中\n",
        encoding="utf-8",
    )
    for lang, verdict, comparison in [
        ("ja", "日本人以外", "照合中"),
        ("en", "not Japanese", "comparison in progress"),
    ]:
        app = IreiApp(demo_db, actor="tanaka", lang=lang, import_dir=tmp_path)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_import(app, pilot, results)
            read = [str(cell) for cell in screen.query_one("#preview").get_row_at(0)]
            assert read[3:5] == [verdict, comparison]  # not not_japanese, in_progress


@synchronously
async def test_the_file_picker_opens_where_the_last_file_was_picked_while_it_is_there(
    demo_db: Database, tmp_path: Path
) -> None:
    incoming = tmp_path / "厚生労働省から"
    incoming.mkdir()
    source = incoming / MESSY[0].name
    shutil.copy(MESSY[0], source)
    app = IreiApp(demo_db, actor="tanaka", lang="en", import_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_import(app, pilot, source)
        assert "profile" in str(screen.query_one("#profile").render())

    for expected in (incoming, Path.cwd()):
        again = IreiApp(demo_db, actor="tanaka", lang="en")
        async with again.run_test(size=(120, 40)) as pilot:
            await pilot.press("i")
            await settle(again, pilot)
            assert Path(again.screen.query_one(DirectoryTree).path) == expected
        shutil.rmtree(incoming, ignore_errors=True)  # gone: the working folder again


@synchronously
async def test_f6_and_f7_act_on_the_file_the_path_box_names_even_without_enter(
    database: Database, tmp_path: Path
) -> None:
    register, recovery = tmp_path / "register.xlsx", tmp_path / "recovery.xlsx"
    shutil.copy(SAMPLES / "soviet_deaths_clean.xlsx", register)
    shutil.copy(SAMPLES / "recovery_clean.xlsx", recovery)
    app = IreiApp(database, actor="tanaka", lang="en", import_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_import(app, pilot, register)
        await pilot.press("f6")
        await settle(app, pilot)
        path_box = screen.query_one("#path", Input)
        path_box.value = str(recovery)  # typed over, Enter not pressed
        await pilot.press("f7")
        await settle(app, pilot)
        summary = screen.query_one(ImportSummary).text
        assert summary.startswith("Imported: 120 new"), summary
        path_box.value = str(register)
        await pilot.press("f6")
        await settle(app, pilot)
        summary = screen.query_one(ImportSummary).text
        assert summary.startswith("Dry run: would create 200,"), summary
    assert counts(database)[0] == 0  # no person written


@synchronously
async def test_rejected_rows_that_cannot_be_saved_are_said_and_the_app_goes_on(
    database: Database, tmp_path: Path
) -> None:
    # A name the file system takes, whose rejects workbook's name is too long for it.
    source = tmp_path / ("名" * 83 + ".csv")
    source.write_text(
        "番号,氏名（カナ）,氏名（漢字）,死亡年月日\n1,ヤマダ タロウ,山田　太郎,昭和21年13月1日\n"
        "2,スズキ ジロウ,鈴木　次郎,昭和21年2月1日\n",
        encoding="utf-8",
    )
    app = IreiApp(database, actor="tanaka", lang="en", import_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_import(app, pilot, source)
        await pilot.press("f7")
        await settle(app, pilot)
        summary = screen.query_one(ImportSummary).text
        assert f"Rejected rows: cannot save {source.stem}.rejects.xlsx: " in summary, summary
        assert app.screen is screen


def corrected_name(workbook: Path) -> object:
    return load_workbook(workbook).active["C2"].value  # 氏名（漢字） of the first row rejected


@synchronously
async def test_rejected_rows_never_go_over_a_rejects_workbook_already_there(
    database: Database, tmp_path: Path
) -> None:
    # The registrar's corrections in register.rejects.xlsx were lost to the next import's
    # rejects, written over it without a word.
    register = refused_register(tmp_path / "register.csv", 1)
    first = tmp_path / "register.rejects.xlsx"
    app = IreiApp(database, actor="tanaka", lang="en", import_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_import(app, pilot, register)
        await pilot.press("f7")
        await settle(app, pilot)
        summary = screen.query_one(ImportSummary)
        assert "Rejected rows: register.rejects.xlsx (beside the imported file)" in summary.text
        corrected = load_workbook(first)
        corrected.active["C2"] = "山田　太朗"
        corrected.save(first)
        await pilot.press("f7")
        await settle(app, pilot)
        assert (
            "Rejected rows: register.rejects (2).xlsx (beside the imported file; "
            "the register.rejects.xlsx already there is kept)"
        ) in summary.text, summary.text
        assert corrected_name(tmp_path / "register.rejects (2).xlsx") == "山田　太郎"
        path_box = screen.query_one("#path", Input)
        path_box.value = str(first)  # the corrected workbook, its row still refused
        path_box.focus()
        await pilot.press("enter", "f7")
        await settle(app, pilot)
        assert "Rejected rows: register.rejects (3).xlsx (" in summary.text, summary.text
        assert corrected_name(tmp_path / "register.rejects (3).xlsx") == "山田　太朗"
    assert corrected_name(first) == "山田　太朗"


NOTHING_WRITTEN = (
    "Nothing was written: {} (correct {}, or tick Skip rejected rows to import the others)"
)


@pytest.mark.parametrize(
    ("persons", "size", "first"),
    [
        (1, (120, 40), NOTHING_WRITTEN.format("1 row was rejected", "it")),
        (30, (120, 40), NOTHING_WRITTEN.format("30 rows were rejected", "them")),
        # The refused import's heading alone filled an equal share at 80×24: no row was listed.
        (30, (80, 24), NOTHING_WRITTEN.format("30 rows were rejected", "them")),
    ],
)
@synchronously
async def test_every_rejected_row_is_read_by_scrolling_the_summary(
    demo_db: Database, tmp_path: Path, persons: int, size: tuple[int, int], first: str
) -> None:
    register = refused_register(tmp_path / "register.csv", persons)
    app = IreiApp(demo_db, actor="tanaka", lang="en", import_dir=tmp_path)
    async with app.run_test(size=size) as pilot:
        screen = await open_import(app, pilot, register)
        await pilot.press("f7")
        await settle(app, pilot)
        summary = screen.query_one(ImportSummary)
        text = summary.text
        assert text.startswith(first + "\n"), text
        # Refused, it says what it would have written, never as if it had been.
        assert "\nWould create 0, would update 0, 0 unchanged (not written)\n" in text
        shown = [line.split(":")[0] for line in text.splitlines() if line.startswith("row ")]
        assert shown == [f"row {n}" for n in range(2, 2 + persons)]  # at 80×24, one of 30
        assert not any(line.startswith("…") for line in text.splitlines()), text
        assert on_screen(app, "row 2: ")
        # The buttons stay on the screen under it (at 80×24, 8 lines of it pushed them off).
        assert screen.query_one("#import").region.bottom <= size[1] - 1
        last = f"row {persons + 1}: "
        if persons == 1:  # all in sight: Tab goes past it to the buttons
            assert summary not in screen.focus_chain
            return
        for _ in range(len(screen.focus_chain)):
            await pilot.press("tab")
            if app.focused is summary:
                break
        assert app.focused is summary
        assert not on_screen(app, last)
        await pilot.press("end")
        await pilot.pause()
        assert on_screen(app, last), screen_lines(app)
        assert screen.query_one("#import").region.bottom <= size[1] - 1
        await pilot.press("home")
        await pilot.pause()
        assert on_screen(app, "row 2: ")


@synchronously
async def test_a_dry_run_says_nothing_would_be_written_while_rows_are_rejected(
    database: Database, tmp_path: Path
) -> None:
    # It said "1 new" above "1 rejected" of an all-or-nothing import that would write none.
    register = tmp_path / "register.csv"
    register.write_text(
        "番号,氏名（カナ）,氏名（漢字）,死亡年月日\n1,ヤマダ タロウ,山田　太郎,昭和21年13月1日\n"
        "2,スズキ ジロウ,鈴木　次郎,昭和21年2月1日\n",
        encoding="utf-8",
    )
    app = IreiApp(database, actor="tanaka", lang="en", import_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_import(app, pilot, register)
        await pilot.press("f6")
        await settle(app, pilot)
        summary = screen.query_one(ImportSummary)
        assert summary.text.splitlines()[:2] == [
            "Dry run: would create 1, would update 0, 0 unchanged, 1 rejected",
            "Would write nothing while rows are rejected (correct them, or tick Skip rejected "
            "rows to import the others)",
        ], summary.text
        screen.query_one("#accept", Checkbox).value = True
        await pilot.press("f6")
        await settle(app, pilot)
        head, then = summary.text.splitlines()[:2]
        assert head == "Dry run: would create 1, would update 0, 0 unchanged, 1 rejected"
        assert then.startswith("row 2: "), summary.text  # the other row would be written
    assert counts(database)[0] == 0  # a dry run, ticked or not


def on_screen(app: IreiApp, start: str) -> bool:
    """Whether a line of the terminal begins (its margin aside) with ``start``."""
    return any(line.strip().startswith(start) for line in screen_lines(app))


def refused_register(path: Path, persons: int) -> Path:
    """A register each of whose ``persons`` rows is refused (東京県 is no prefecture)."""
    rows = [
        f"{n},ヤマダ　タロウ,山田　太郎,大正10年,昭和21年2月13日,東京県"
        for n in range(1, persons + 1)
    ]
    path.write_text(
        "番号,氏名（カナ）,氏名（漢字）,生年,死亡年月日,出身地\n" + "\n".join(rows) + "\n",
        encoding="utf-8",
    )
    return path


@synchronously
async def test_a_file_of_thousands_of_rejected_rows_lists_the_first_thousand_and_counts_the_rest(
    demo_db: Database, tmp_path: Path
) -> None:
    register = refused_register(tmp_path / "register.csv", 1_200)
    app = IreiApp(demo_db, actor="tanaka", lang="en", import_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_import(app, pilot, register)
        await pilot.press("f6")
        await settle(app, pilot)
        summary = screen.query_one(ImportSummary)
        lines = summary.text.splitlines()
        assert lines[0].startswith("Dry run: would create 0,"), lines[0]
        assert lines[1].startswith("Would write nothing while rows are rejected"), lines[1]
        assert [line.split(":")[0] for line in lines[2:-1]] == [f"row {n}" for n in range(2, 1_002)]
        more = (
            "… and 200 more rejected rows: an import lists them all in a workbook beside the file"
        )
        assert lines[-1] == more
        summary.focus()
        await pilot.press("end")
        await pilot.pause()
        assert on_screen(app, "row 1001: ")
        assert any("… and 200 more rejected rows" in line for line in screen_lines(app))


@synchronously
async def test_skip_rejected_rows_shows_an_empty_box_until_ticked(database: Database) -> None:
    # Textual drew ▐X▌ ticked or not, told apart only by colour: over SSH or at a monochrome
    # terminal the registrar could not tell whether rejected rows would be skipped.
    app = IreiApp(database, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("i")
        await settle(app, pilot)
        assert any("▐ ▌ Skip rejected rows" in line for line in screen_lines(app))
        app.screen.query_one("#accept", Checkbox).focus()
        await pilot.press("space")
        await pilot.pause()
        assert any("▐X▌ Skip rejected rows" in line for line in screen_lines(app))


@synchronously
async def test_skip_rejected_rows_is_unticked_when_another_file_is_chosen(
    database: Database, tmp_path: Path
) -> None:
    first = refused_register(tmp_path / "first.csv", 1)
    second = refused_register(tmp_path / "second.csv", 1)
    app = IreiApp(database, actor="tanaka", lang="en", import_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_import(app, pilot, first)
        skip = screen.query_one("#accept", Checkbox)
        skip.value = True  # its one row seen rejected: the registrar imports the others
        path_box = screen.query_one("#path", Input)
        path_box.focus()
        await pilot.press("enter")  # the same file again keeps the tick
        await settle(app, pilot)
        assert skip.value
        path_box.value = str(second)
        await pilot.press("enter")
        await settle(app, pilot)
        assert not skip.value
        await pilot.press("f7")
        await settle(app, pilot)
        assert screen.query_one(ImportSummary).text.startswith("Nothing was written: 1 row")


@synchronously
async def test_a_workbook_with_several_fitting_sheets_offers_them_to_tick(
    database: Database, tmp_path: Path
) -> None:
    book = workbook(tmp_path / "収集実績.xlsx", EXAMPLE, R5, R6)
    app = IreiApp(database, actor="tanaka", lang="en", import_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_import(app, pilot, book)
        offer = (
            "収集実績.xlsx: 3 sheets have headers an import profile fits (記入例、令和5年度、"
            "令和6年度): tick the ones to import in the list (Space)"
        )
        assert str(screen.query_one("#profile").render()) == offer
        sheets = screen.query_one("#sheets", SelectionList)
        assert sheets.display and app.focused is sheets
        await pilot.press("f7")  # nothing ticked yet: nothing imported
        await settle(app, pilot)
        assert screen.query_one(ImportSummary).text == offer
        await pilot.press("down", "space", "down", "space")  # 令和5年度 and 令和6年度
        await settle(app, pilot)
        shown = str(screen.query_one("#profile").render())
        assert shown.endswith("sheets 令和5年度 (header row 1)、令和6年度 (header row 1)"), shown
        lines = screen_lines(app)  # ticked or not, told apart without colour
        assert any("▐ ▌ 記入例" in line for line in lines)
        assert any("▐X▌ 令和5年度" in line for line in lines)
        preview = screen.query_one("#preview", DataTable)
        assert [str(preview.get_row_at(i)[0]) for i in range(preview.row_count)] == [
            "令和5年度", "令和5年度", "令和6年度", "令和6年度", "令和6年度"
        ]  # fmt: skip
        await pilot.press("f7")
        await settle(app, pilot)
        summary = screen.query_one(ImportSummary).text
        assert summary.startswith("Imported: 5 new"), summary

        path_box = screen.query_one("#path", Input)  # another file: no sheets to choose
        path_box.value = str(workbook(tmp_path / "one.xlsx", R6))
        path_box.focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert not sheets.display
        assert "sheet 令和6年度, header row 1" in str(screen.query_one("#profile").render())
    with database.reading() as s:
        sources = s.execute(select(RemainsLot.source_sheet)).scalars().all()
    assert sorted(sources) == ["令和5年度", "令和5年度", "令和6年度", "令和6年度", "令和6年度"]


@synchronously
async def test_at_80_by_24_a_refused_import_of_ticked_sheets_keeps_the_buttons_in_sight(
    database: Database, tmp_path: Path
) -> None:
    book = workbook(
        tmp_path / "収集実績.xlsx",
        ("令和5年度", [RECOVERY, BAD_5, lot(2, 5)]),
        ("令和6年度", [RECOVERY, BAD_6, lot(4)]),
    )
    app = IreiApp(database, actor="tanaka", lang="en", import_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_import(app, pilot, book)
        await pilot.press("space", "down", "space", "f7")
        await settle(app, pilot)
        summary = screen.query_one(ImportSummary).text
        assert summary.startswith("Nothing was written: 2 rows were rejected"), summary
        # The summary asked for the room of its first rejected row, which the list of
        # sheets had taken: the buttons went off the screen.
        assert screen.query_one("#import").region.bottom <= 23
        # Its heading fills the room left: the rows are scrolled to, each named by its sheet.
        screen.query_one(ImportSummary).focus()
        await pilot.press("end")
        await pilot.pause()
        assert on_screen(app, "[令和6年度] row 2: 収集年度: "), screen_lines(app)
        assert screen.query_one("#import").region.bottom <= 23


@pytest.mark.parametrize(
    ("key", "head"), [("f6", "Dry run: would create 2,"), ("f7", "Nothing was written: 2 rows")]
)
@synchronously
async def test_at_80_by_24_a_check_of_ticked_sheets_shows_its_first_rejected_rows_unscrolled(
    database: Database, tmp_path: Path, key: str, head: str
) -> None:
    book = workbook(
        tmp_path / "収集実績.xlsx",
        ("令和5年度", [RECOVERY, BAD_5, lot(2, 5)]),
        ("令和6年度", [RECOVERY, BAD_6, lot(4)]),
    )
    app = IreiApp(database, actor="tanaka", lang="en", import_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_import(app, pilot, book)
        await pilot.press("space", "down", "space", key)
        await settle(app, pilot)
        assert screen.query_one(ImportSummary).text.startswith(head)
        # Its heading took all the room the file's preview left it: the rejected rows came
        # only by Tab and scrolling.
        assert on_screen(app, "[令和5年度] row 2: "), screen_lines(app)
        assert on_screen(app, "[令和6年度] row 2: "), screen_lines(app)
        assert screen.query_one("#import").region.bottom <= 23
        # Another sheet ticked or unticked: its first rows are previewed again.
        await pilot.press("space")
        await settle(app, pilot)
        assert screen.query_one("#preview", DataTable).display


@pytest.mark.parametrize("key", ["f6", "f7"])
@synchronously
async def test_a_row_rejected_from_one_of_the_sheets_ticked_is_named_by_its_sheet(
    database: Database, tmp_path: Path, key: str
) -> None:
    book = workbook(tmp_path / "収集実績.xlsx", R5, ("令和6年度", [RECOVERY, BAD_6, lot(4)]))
    app = IreiApp(database, actor="tanaka", lang="en", import_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_import(app, pilot, book)
        await pilot.press("space", "down", "space", key)
        await settle(app, pilot)
        # "row 2: …" alone read as the row of either sheet: only one had rows rejected.
        rejected = screen.query_one(ImportSummary).text.splitlines()[-1]
        assert rejected.startswith("[令和6年度] row 2: 収集年度: "), rejected


@synchronously
async def test_a_japanese_registrar_is_offered_the_sheets_in_japanese(
    database: Database, tmp_path: Path
) -> None:
    book = workbook(tmp_path / "収集実績.xlsx", EXAMPLE, R6)
    app = IreiApp(database, actor="tanaka", lang="ja", import_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_import(app, pilot, book)
        assert str(screen.query_one("#profile").render()) == (
            "収集実績.xlsx: 2枚のシートの見出しが取込プロファイルに合います（記入例、令和6年度）："
            "取り込むシートを一覧で選んでください（スペースキー）"
        )
        await pilot.press("down", "space")
        await settle(app, pilot)
        await pilot.press("f6")
        await settle(app, pilot)
        summary = screen.query_one(ImportSummary).text
        assert summary.startswith("試行: 新規予定 3・"), summary


def register_csv(path: Path) -> Path:
    """A small register a profile fits, two rows to preview."""
    path.write_text(
        "番号,氏名（カナ）,氏名（漢字）,死亡年月日\n1,ヤマダ タロウ,山田　太郎,昭和21年2月13日\n"
        "2,スズキ ジロウ,鈴木　次郎,昭和21年2月1日\n",
        encoding="utf-8",
    )
    return path


def shown_of(screen: ImportScreen) -> tuple[str, int, bool, bool]:
    """What the screen shows about a file: its profile line, preview rows, sheets to tick."""
    preview = screen.query_one("#preview", DataTable)
    sheets = screen.query_one("#sheets", SelectionList)
    return (
        str(screen.query_one("#profile").render()),
        preview.row_count,
        bool(preview.display),
        bool(sheets.display and sheets.option_count),
    )


@pytest.mark.parametrize("previewed", ["one sheet", "several sheets"])
@synchronously
async def test_a_refused_file_clears_what_was_shown_about_the_file_before(
    previewed: str, database: Database, tmp_path: Path
) -> None:
    before = (
        register_csv(tmp_path / "register.csv")
        if previewed == "one sheet"
        else workbook(tmp_path / "収集実績.xlsx", EXAMPLE, R5, R6)
    )
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    app = IreiApp(database, actor="tanaka", lang="en", import_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_import(app, pilot, before)
        if previewed == "several sheets":
            await pilot.press("down", "space")  # 令和5年度
            await settle(app, pilot)
        assert shown_of(screen)[1] > 0
        path_box = screen.query_one("#path", Input)
        path_box.value = str(empty)
        path_box.focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert shown_of(screen) == (f"{empty}: empty file (0 bytes)", 0, False, False)
        await pilot.press("f7")
        await settle(app, pilot)
        assert screen.query_one(ImportSummary).text == f"{empty}: empty file (0 bytes)"
    assert counts(database)[0] == 0  # no person written


@synchronously
async def test_a_file_refused_at_its_dry_run_clears_its_preview_and_plan(
    database: Database, tmp_path: Path
) -> None:
    register = register_csv(tmp_path / "register.csv")
    app = IreiApp(database, actor="tanaka", lang="en", import_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_import(app, pilot, register)
        await pilot.press("f6")
        await settle(app, pilot)
        assert screen.query_one(ImportSummary).text.startswith("Dry run: would create 2,")
        register.write_bytes(b"")  # emptied since: checked again, it is refused
        await pilot.press("f6")
        await settle(app, pilot)
        refusal = f"{register}: empty file (0 bytes)"
        assert screen.query_one(ImportSummary).text == refusal
        assert shown_of(screen) == ("", 0, False, False)
        await pilot.press("f7")  # refused for what the file is, not for an earlier check
        await settle(app, pilot)
        assert screen.query_one(ImportSummary).text == refusal


@synchronously
async def test_a_dry_run_that_ends_after_another_file_is_chosen_leaves_no_plan_to_import(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    register = register_csv(tmp_path / "register.csv")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    chosen = threading.Event()

    def slow_check(*args: Any, **kwargs: Any) -> Any:
        chosen.wait(10)  # still checking the register when the other file is entered
        return pipeline.plan_import(*args, **kwargs)

    monkeypatch.setattr("tui.screens.imports.plan_import", slow_check)
    app = IreiApp(database, actor="tanaka", lang="en", import_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_import(app, pilot, register)
        await pilot.press("f6")
        path_box = screen.query_one("#path", Input)
        path_box.value = str(empty)
        path_box.focus()
        await pilot.press("enter")
        chosen.set()
        await settle(app, pilot)
        assert shown_of(screen) == (f"{empty}: empty file (0 bytes)", 0, False, False)
        await pilot.press("f7")
        await settle(app, pilot)
        assert screen.query_one(ImportSummary).text == f"{empty}: empty file (0 bytes)"
    assert counts(database)[0] == 0  # no person written


@synchronously
async def test_a_csv_file_is_read_under_its_header_row_with_no_word_of_sheets(
    database: Database, tmp_path: Path
) -> None:
    register = tmp_path / "名簿.csv"
    register.write_text(
        "番号,氏名（カナ）,氏名（漢字）,死亡年月日\n1,ヤマダ タロウ,山田　太郎,昭和21年2月1日\n",
        encoding="utf-8",
    )
    app = IreiApp(database, actor="tanaka", lang="ja", import_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_import(app, pilot, register)
        shown = str(screen.query_one("#profile").render())
        # It said シート 名簿.csv: a CSV file has no sheets.
        assert shown.startswith("名簿.csv: 様式 ") and shown.endswith(")、見出し 1行目"), shown


@synchronously
async def test_the_steps_after_the_rows_are_said_with_the_bar_pulsing(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Into no persons the register is loaded in bulk: its search indexes are built again and
    the whole is saved after the last row, seconds at a million rows with the rows' bar full.
    A dry run does neither, and says nothing of it."""
    register = tmp_path / "register.xlsx"
    shutil.copy(SAMPLES / "soviet_deaths_clean.xlsx", register)
    said: list[tuple[str, float | None]] = []
    report = ImportSummary.report

    def seen(summary: ImportSummary, head: str, *rest: Any, **named: Any) -> None:
        said.append((head, summary.screen.query_one(ProgressBar).total))
        report(summary, head, *rest, **named)

    monkeypatch.setattr(ImportSummary, "report", seen)
    app = IreiApp(database, actor="tanaka", lang="en", import_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_import(app, pilot, register)
        await pilot.press("f6")
        await settle(app, pilot)
        assert not any("indexes" in head or "Saving" in head for head, _ in said)
        said.clear()
        await pilot.press("f7")
        await settle(app, pilot)
    steps = [step for step in said if "indexes" in step[0] or "Saving" in step[0]]
    assert steps[0][0].startswith("Building search indexes: 1/")
    assert steps[-1][0] == "Saving…"
    assert {total for _, total in steps} == {None}  # the bar pulses, not full and still
    assert said[-1][0].startswith("Imported: 200 new")


@synchronously
async def test_the_bar_shows_the_import_finished_full_as_after_a_dry_run(
    database: Database, tmp_path: Path
) -> None:
    """It went on pulsing after the save, ``--%`` beside 取込完了: 新規 200."""
    register = tmp_path / "register.xlsx"
    shutil.copy(SAMPLES / "soviet_deaths_clean.xlsx", register)
    app = IreiApp(database, actor="tanaka", lang="en", import_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_import(app, pilot, register)
        bar = screen.query_one(ProgressBar)
        await pilot.press("f6")
        await settle(app, pilot)
        assert bar.percentage == 1
        await pilot.press("f7")
        await settle(app, pilot)
        assert screen.query_one(ImportSummary).text.startswith("Imported: 200 new")
        assert bar.percentage == 1
        assert "100%" in "\n".join(screen_lines(app))


@synchronously
async def test_a_file_refused_before_its_first_row_leaves_the_bar_empty_not_pulsing(
    database: Database, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    app = IreiApp(database, actor="tanaka", lang="en", import_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_import(app, pilot, empty)
        await pilot.press("f6")
        await settle(app, pilot)
        assert not screen.running
        assert screen.query_one(ProgressBar).percentage == 0


@synchronously
async def test_a_cancel_while_the_indexes_are_built_leaves_the_database_unchanged(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every row read, the register loaded in bulk builds its search indexes again: seconds
    at a million rows, in which Cancel must still stop it before anything is saved."""
    register = tmp_path / "register.xlsx"
    shutil.copy(SAMPLES / "soviet_deaths_clean.xlsx", register)
    said: list[str] = []
    report = ImportSummary.report

    def seen(summary: ImportSummary, head: str, *rest: Any, **named: Any) -> None:
        said.append(head)
        report(summary, head, *rest, **named)
        if head.startswith("Building search indexes: 1/"):
            summary.screen.action_cancel_import()  # F8, as the first index is built

    monkeypatch.setattr(ImportSummary, "report", seen)
    app = IreiApp(database, actor="tanaka", lang="en", import_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_import(app, pilot, register)
        await pilot.press("f7")
        await settle(app, pilot)
        assert not screen.running
    assert not any(head.startswith("Building search indexes: 2/") for head in said)
    assert said[-1] == "Import cancelled: nothing was changed"
    assert counts(database) == (0, 0, 0)


@synchronously
async def test_cancel_is_not_offered_once_the_import_is_being_saved(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The commit cannot be stopped: F8 then said "Cancelling…", and the file was imported."""
    register = tmp_path / "register.xlsx"
    shutil.copy(SAMPLES / "soviet_deaths_clean.xlsx", register)
    said: list[str] = []
    offered: list[bool] = []
    report = ImportSummary.report

    def seen(summary: ImportSummary, head: str, *rest: Any, **named: Any) -> None:
        said.append(head)
        report(summary, head, *rest, **named)
        if head == "Saving…":
            offered.append(not summary.screen.query_one("#cancel", Button).disabled)
            summary.screen.action_cancel_import()  # F8, as the import is saved

    monkeypatch.setattr(ImportSummary, "report", seen)
    app = IreiApp(database, actor="tanaka", lang="en", import_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_import(app, pilot, register)
        await pilot.press("f7")
        await settle(app, pilot)
        assert not screen.running
    assert offered == [False]
    assert "Cancelling…" not in said
    assert said[-1].startswith("Imported: 200 new")


@synchronously
async def test_a_broken_user_profile_is_said_under_the_file_another_profile_fits(
    demo_db: Database, tmp_path: Path
) -> None:
    folder = tmp_path / "config/irei/profiles"
    folder.mkdir(parents=True)
    (folder / "draft.toml").write_text('name = "draft"\ntarget = "person"\n', encoding="utf-8")
    source = tmp_path / "soviet_deaths_clean.xlsx"
    shutil.copy(SAMPLES / "soviet_deaths_clean.xlsx", source)
    app = IreiApp(demo_db, actor="tanaka", lang="en", import_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_import(app, pilot, source)
        shown = str(screen.query_one("#profile").render()).splitlines()
        assert shown[0].startswith("soviet_deaths_clean.xlsx: profile soviet_deaths"), shown
        assert shown[1:] == [f'{folder / "draft.toml"}: no "key" is given']
        assert screen.query_one("#preview", DataTable).row_count == 5


@synchronously
async def test_the_language_is_not_switched_under_a_running_import(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """L builds every screen again: the Import screen built again under its running import
    was left with nothing to say how the import ended, nor a way to cancel it."""
    register = tmp_path / "register.xlsx"
    shutil.copy(SAMPLES / "soviet_deaths_clean.xlsx", register)
    release = threading.Event()

    def held(*args: Any, **kwargs: Any) -> Any:
        release.wait(10)  # the import going on while the registrar presses L
        return pipeline.apply_import(*args, **kwargs)

    monkeypatch.setattr("tui.screens.imports.apply_import", held)
    app = IreiApp(database, actor="tanaka", lang="en", import_dir=tmp_path)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_import(app, pilot, register)
            await pilot.press("f7", "down", "L")  # down: out of the path box, to the picker
            await pilot.pause()
            assert screen.running and app.screen is screen
            assert i18n.current_language() == "en"
            assert [n.message for n in app._notifications][-1] == (
                "An import is running: the language can be changed once it has finished"
            )
            release.set()
            await settle(app, pilot)
            assert screen.query_one(ImportSummary).text.startswith("Imported: 200 new")
            await pilot.press("L")  # once it has finished
            await settle(app, pilot)
            assert i18n.current_language() == "ja"
    finally:
        release.set()
        i18n.set_language("en")


@synchronously
async def test_the_file_and_sheets_chosen_are_kept_across_a_language_switch(
    database: Database, tmp_path: Path
) -> None:
    """L builds the Import screen again: the file the registrar picked, the sheet ticked and
    Skip rejected rows stay as they were, now said in the other language."""
    book = workbook(tmp_path / "収集実績.xlsx", EXAMPLE, R5, R6)
    app = IreiApp(database, actor="tanaka", lang="en", import_dir=tmp_path)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            before = await open_import(app, pilot, book)
            await pilot.press("down", "down", "space")  # 令和6年度
            await settle(app, pilot)
            before.query_one("#accept", Checkbox).value = True
            await pilot.press("L")
            await settle(app, pilot)
            screen = app.screen
            assert isinstance(screen, ImportScreen) and screen is not before
            assert screen.query_one("#path", Input).value == str(book)
            assert screen.sheets == ["令和6年度"]
            assert screen.query_one("#sheets", SelectionList).selected == ["令和6年度"]
            assert screen.query_one("#accept", Checkbox).value
            assert shown_of(screen)[1:] == (3, True, True)
            assert str(screen.query_one("#profile").render()).startswith("収集実績.xlsx: ")
            await pilot.press("f6")  # checked, in Japanese, as the sheet it was
            await settle(app, pilot)
            summary = screen.query_one(ImportSummary).text
            assert summary.startswith("試行: 新規予定 3・"), summary
    finally:
        i18n.set_language("en")
