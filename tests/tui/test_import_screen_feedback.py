"""What the import screen tells the registrar around an import: while it runs, in the bar
after it, in the file picker and in the list of broken user profiles."""

from __future__ import annotations

import re
import shutil
import threading
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Checkbox, DirectoryTree, ProgressBar

from importers import pipeline
from records.database import Database
from tests.importers.test_not_imported_columns import with_columns
from tests.importers.test_profile_check import KENMIN
from tests.records.conftest import create_person
from tests.records.test_concurrent_writes import OVERTAKEN, a_colleague_importing
from tests.tui.helpers import settle, synchronously
from tests.tui.test_import_screen import SAMPLES, counts, open_import, refused_register
from tui.app import IreiApp
from tui.widgets.import_summary import ImportSummary


@synchronously
async def test_escape_during_an_import_says_it_runs_and_how_to_cancel_it(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Esc did nothing while an import ran, and the registrar thought the app had hung. Said
    on the screen, not in a notification: at 80×24 one lay over the buttons, which cut the
    Japanese characters at their edges to blanks."""
    register = tmp_path / "register.xlsx"
    shutil.copy(SAMPLES / "soviet_deaths_clean.xlsx", register)
    release = threading.Event()

    def held(*args: Any, **kwargs: Any) -> Any:
        release.wait(timeout=10)
        return pipeline.apply_import(*args, **kwargs)

    monkeypatch.setattr("tui.screens.imports.apply_import", held)
    app = IreiApp(database, actor="tanaka", lang="en", import_dir=tmp_path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = await open_import(app, pilot, register)
        await pilot.press("f7")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        told = screen.query_one(ImportSummary).text.splitlines()
        release.set()
        await settle(app, pilot)
        assert app.screen is screen
        assert screen.query_one(ImportSummary).text.startswith("Imported: 200 new")
        assert not app._notifications
    assert told == ["Working…", "An import is running: F8 cancels it (nothing is written)"]


@synchronously
async def test_escape_while_an_import_is_saved_says_it_will_finish_shortly(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    register = tmp_path / "register.xlsx"
    shutil.copy(SAMPLES / "soviet_deaths_clean.xlsx", register)
    report = ImportSummary.report
    told: list[str] = []

    def seen(summary: ImportSummary, head: str, *rest: Any, **named: Any) -> None:
        report(summary, head, *rest, **named)
        if head == "Saving…":
            summary.screen.action_back()  # Esc, as the import is saved
            told.extend(summary.text.splitlines())

    monkeypatch.setattr(ImportSummary, "report", seen)
    app = IreiApp(database, actor="tanaka", lang="en", import_dir=tmp_path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = await open_import(app, pilot, register)
        await pilot.press("f7")
        await settle(app, pilot)
        assert app.screen is screen
        assert not app._notifications
    assert told == ["Saving…", "The import is being saved: it will finish shortly"]


@synchronously
async def test_an_import_running_says_its_rows_and_their_pace(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bar alone showed a percentage, and "Working…" under it: no rows, no pace, which
    `irei import` shows."""
    register = tmp_path / "register.xlsx"
    shutil.copy(SAMPLES / "soviet_deaths_clean.xlsx", register)
    reported, release = threading.Event(), threading.Event()

    def halfway(*args: Any, progress: Any, **kwargs: Any) -> Any:
        progress(1_500, 3_000)
        reported.set()
        release.wait(timeout=10)
        return pipeline.apply_import(*args, progress=progress, **kwargs)

    monkeypatch.setattr("tui.screens.imports.apply_import", halfway)
    app = IreiApp(database, actor="tanaka", lang="en", import_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_import(app, pilot, register)
        await pilot.press("f7")
        while not reported.is_set():
            await pilot.pause(0.05)
        doing = screen.query_one(ImportSummary).text
        release.set()
        await settle(app, pilot)
    assert re.fullmatch(r"1,500 / 3,000 rows · [\d,]+ rows/s", doing), doing


@synchronously
async def test_the_rejects_workbook_written_is_shown_in_the_file_picker(
    database: Database, tmp_path: Path
) -> None:
    """The registrar could not pick the workbook to correct without leaving the screen."""
    folder = tmp_path / "ministry"
    folder.mkdir()
    register = refused_register(folder / "register.csv", 1)
    app = IreiApp(database, actor="tanaka", lang="en", import_dir=folder)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_import(app, pilot, register)
        files = screen.query_one(DirectoryTree)
        files.focus()
        await pilot.press("down")  # the cursor on register.csv, the only file
        await pilot.press("f7")
        await settle(app, pilot)
        listed = [node.data.path.name for node in files.root.children if node.data]
        assert listed == ["register.csv", "register.rejects.xlsx"]
        assert files.cursor_node is not None and files.cursor_node.data is not None
        assert files.cursor_node.data.path == register
        assert app.focused is files


@synchronously
async def test_the_file_picker_lists_folders_and_the_files_an_import_reads(
    database: Database, tmp_path: Path
) -> None:
    """The ministry's files sit beside the database, notes and PDFs, and an office suite's
    lock files beside a workbook open in it: picked, each was refused."""
    folder = tmp_path / "ministry"
    for name in ("2025年度", ".git"):
        (folder / name).mkdir(parents=True)
    readable = ["名簿.xlsx", "結果.CSV", "旧名簿.xls", "一覧.ods", "集計.xlsm", "タブ区切り.txt"]
    others = ["irei.sqlite3", "irei.sqlite3-wal", "送付状.pdf", "truth.json", "~$名簿.xlsx"]
    for name in [*readable, *others, ".~lock.名簿.xlsx#", ".hidden.csv"]:
        (folder / name).write_bytes(b"")
    app = IreiApp(database, actor="tanaka", lang="en", import_dir=folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("i")
        await settle(app, pilot)
        files = app.screen.query_one(DirectoryTree)
        for _ in range(200):  # the picker lists its folder in a worker of its own
            if files.root.children:
                break
            await pilot.pause(0.01)
        listed = [node.data.path.name for node in files.root.children if node.data]
    assert listed == ["2025年度", *sorted(readable, key=str.lower)]


def empty_bar(app: IreiApp) -> bool:
    bar = app.screen.query_one(ProgressBar)
    return bar.total is not None and bar.percentage == 0


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.csv", ""),
        ("notes.txt", "番号,氏名\n1,山田\n"),
        ("unknown.csv", "色,形\n赤,丸\n"),
    ],
)
@synchronously
async def test_a_file_refused_before_its_first_row_leaves_the_bar_empty(
    database: Database, tmp_path: Path, name: str, content: str
) -> None:
    refused = tmp_path / name
    refused.write_text(content, encoding="utf-8")
    app = IreiApp(database, actor="tanaka", lang="en", import_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_import(app, pilot, refused)
        for key in ("f6", "f7"):
            await pilot.press(key)
            await settle(app, pilot)
            assert empty_bar(app), key


@synchronously
async def test_an_import_that_wrote_nothing_leaves_the_bar_empty_after_a_full_dry_run(
    database: Database, tmp_path: Path
) -> None:
    """A full bar beside "Nothing was written" read as a success."""
    register = refused_register(tmp_path / "register.csv", 3)
    app = IreiApp(database, actor="tanaka", lang="en", import_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_import(app, pilot, register)
        await pilot.press("f6")
        await settle(app, pilot)
        assert screen.query_one(ProgressBar).percentage == 1  # every row checked
        assert not screen.query_one("#accept", Checkbox).value
        await pilot.press("f7")
        await settle(app, pilot)
        assert screen.query_one(ImportSummary).text.startswith("Nothing was written")
        assert empty_bar(app)


@synchronously
async def test_a_cancelled_import_leaves_the_bar_empty(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    register = tmp_path / "register.xlsx"
    shutil.copy(SAMPLES / "soviet_deaths_clean.xlsx", register)

    def cancelled_after_the_rows(*args: Any, **kwargs: Any) -> Any:
        stage = kwargs["stage"]

        def then_cancel(step: Any) -> None:
            kwargs["cancel"].set()  # F8, as the first step after the rows begins
            stage(step)

        return pipeline.apply_import(*args, **{**kwargs, "stage": then_cancel})

    monkeypatch.setattr("tui.screens.imports.apply_import", cancelled_after_the_rows)
    app = IreiApp(database, actor="tanaka", lang="en", import_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_import(app, pilot, register)
        await pilot.press("f7")
        await settle(app, pilot)
        assert screen.query_one(ImportSummary).text.startswith("Import cancelled")
        assert empty_bar(app)
    assert counts(database) == (0, 0, 0)


@pytest.mark.parametrize("key", ["f6", "f7"])
@synchronously
async def test_a_user_profile_mended_while_the_screen_is_open_is_no_longer_said_broken(
    demo_db: Database, tmp_path: Path, key: str
) -> None:
    folder = tmp_path / "config/irei/profiles"
    folder.mkdir(parents=True)
    draft = folder / "kenmin.toml"
    draft.write_text(KENMIN.replace('key = "register_no"\n', ""), encoding="utf-8")
    source = tmp_path / "soviet_deaths_clean.xlsx"
    shutil.copy(SAMPLES / "soviet_deaths_clean.xlsx", source)
    app = IreiApp(demo_db, actor="tanaka", lang="en", import_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_import(app, pilot, source)
        shown = str(screen.query_one("#profile").render()).splitlines()
        assert shown[1:] == [f'{draft}: no "key" is given']
        draft.write_text(KENMIN, encoding="utf-8")
        await pilot.press(key)
        await settle(app, pilot)
        shown = str(screen.query_one("#profile").render()).splitlines()
        assert len(shown) == 1 and shown[0].startswith("soviet_deaths_clean.xlsx: profile "), shown


@pytest.mark.postgres
@synchronously
async def test_an_import_a_colleagues_import_of_the_same_file_overtook_is_refused_on_screen(
    pg_database: Database, tmp_path: Path
) -> None:
    """The app died with a traceback of the unique key, dumping the names it inserted."""
    register = tmp_path / "register.xlsx"
    shutil.copy(SAMPLES / "soviet_deaths_clean.xlsx", register)
    create_person(pg_database, "tanaka", name="佐藤　太郎")  # not loaded in bulk, as in use
    app = IreiApp(pg_database, actor="tanaka", lang="en", import_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_import(app, pilot, register)
        with a_colleague_importing(pg_database, register):
            await pilot.press("f7")
            await pilot.pause()
        await settle(app, pilot)

        assert app.screen is screen
        assert screen.query_one(ImportSummary).text == f"{register}: {OVERTAKEN}"


@synchronously
async def test_the_import_screen_names_them_under_the_profile_found(
    demo_db: Database, tmp_path: Path
) -> None:
    path = with_columns(tmp_path, "死因")
    app = IreiApp(demo_db, actor="tanaka", lang="en", import_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_import(app, pilot, path)
        shown = str(screen.query_one("#profile").render()).splitlines()
        assert shown[0].startswith("register.xlsx: profile soviet_deaths ("), shown
        assert shown[1] == (
            "register.xlsx: no field of profile soviet_deaths takes the columns 死因: "
            "their values are not imported"
        )
