"""A big file is read in a second process beside the import (importers.reading): the same
records, counts and rejected rows as reading it here, the same one-line refusals, and the
reading process always ends with the import, whether it finishes, is cancelled or fails."""

from __future__ import annotations

import dataclasses
import multiprocessing
import sqlite3
import subprocess
import sys
import threading
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from importers import reading
from importers.errors import ImportRefused
from importers.pipeline import ImportCancelled, apply_import, plan_import, prepare_import
from importers.profiles import Column, get_profile
from importers.reading import ReadBeside, ReadHere
from importers.rejects import write_rejects
from records.database import Database, open_database
from records.models import Person
from tests.importers.conftest import SAMPLES
from tests.importers.test_import_cli import HOSTILE

ROOT = Path(__file__).parents[2]
HERE, BESIDE = 10**12, 0  # READ_BESIDE_FROM: no file is big, every file is

HEADERS = ["番号", "氏名（カナ）", "氏名（漢字）", "生年", "死亡年月日", "死亡場所", "収容所",
           "埋葬地", "出身地", "露側記録氏名", "備考"]  # fmt: skip
GOOD = [7, "サトウ タロウ", "佐藤　太郎", 1920, "昭和21年2月13日", "ロシア ハバロフスク地方",
        "第7収容地区第1分所", "ハバロフスク地方第12埋葬地", "東京都", "Сато Таро", ""]  # fmt: skip


@pytest.fixture
def beside(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "READ_BESIDE_FROM", BESIDE)


def faulty_register(path: Path) -> Path:
    """A register whose rows are refused for every kind of reason: unreadable cells (while
    reading), a repeated 番号 and a row without a name (while shaping)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADERS)
    sheet.append(GOOD)
    sheet.append([8, *GOOD[1:4], "昭和99年13月", *GOOD[5:8], "ムー県", *GOOD[9:]])
    sheet.append([7, "サトウ ハナコ", *GOOD[2:]])
    sheet.append([9, None, None, *GOOD[3:9], None, ""])
    sheet.append([None, *GOOD[1:]])
    sheet.append(["合計", "5名"])
    book.save(path)
    return path


def big_register(path: Path, rows: int) -> Path:
    sys.path.insert(0, str(Path(__file__).parents[2] / "bench"))
    from bench_import import generate  # type: ignore[import-not-found]

    generate(path, rows)
    return path


def stored(database: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every imported record, without the batch's timestamps."""
    url = database.engine.url.database
    assert url is not None
    with closing(sqlite3.connect(url)) as conn:
        return {
            table: conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
            for table in ("person", "name_form", "burial_site", "remains_lot", "specimen")
        }


def outcome(report: Any) -> tuple[Any, ...]:
    rejects = [(r.row, r.cells, [e.as_dict() for e in r.errors]) for r in report.rejects]
    return report.counts, rejects


@pytest.mark.parametrize(
    "files",
    [
        ["soviet_deaths_clean.xlsx", "soviet_deaths_messy.xlsx"],  # created, then corrected
        ["faulty"],
        ["recovery_messy.xlsx", "analysis_messy.csv"],  # whole records through the pipe
    ],
)
def test_a_file_read_beside_imports_exactly_as_read_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: list[str]
) -> None:
    paths = [
        faulty_register(tmp_path / "faulty.xlsx") if f == "faulty" else SAMPLES / f for f in files
    ]
    results = {}
    for limit, kind in ((HERE, ReadHere), (BESIDE, ReadBeside)):
        monkeypatch.setattr(reading, "READ_BESIDE_FROM", limit)
        database = open_database(str(tmp_path / f"{kind.__name__}.sqlite3"))
        reports = []
        for path in paths:
            dry = plan_import(database, path)
            plan = prepare_import(path)
            assert isinstance(plan.opened, kind)
            report = apply_import(database, "tester", plan, accept_valid=True)
            reports.append((dry.counts, outcome(report)))
        results[kind] = (reports, stored(database))
        database.close()
    assert results[ReadBeside] == results[ReadHere]
    assert multiprocessing.active_children() == []


def test_rows_refused_beside_keep_their_cells_and_reasons(
    database: Database, tmp_path: Path, beside: None
) -> None:
    report = apply_import(database, "tester", prepare_import(faulty_register(tmp_path / "f.xlsx")))
    assert not report.written
    reasons = {r.row: [e.column for e in r.errors] for r in report.rejects}
    assert reasons == {3: ["死亡年月日", "出身地"], 4: ["番号"], 5: [""], 6: ["番号"]}
    assert report.rejects[1].cells[:2] == (7, "サトウ ハナコ")


def test_corrected_rows_read_beside_keep_where_they_were_first_read(
    database: Database, tmp_path: Path, beside: None
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADERS)
    sheet.append(GOOD)
    sheet.append([8, *GOOD[1:8], "ムー県", *GOOD[9:]])
    book.save(register := tmp_path / "register.xlsx")
    plan = prepare_import(register)
    report = apply_import(database, "tester", plan, accept_valid=True)
    write_rejects(
        rejects := tmp_path / "rejects.xlsx", [(register.name, plan.layouts, report.rejects)]
    )
    corrected = load_workbook(rejects)
    corrected.worksheets[0]["I2"] = "大阪府"
    corrected.save(rejects)
    plan = prepare_import(rejects)
    assert isinstance(plan.opened, ReadBeside)
    assert apply_import(database, "tester", plan).counts.created == 1
    with database.reading() as s:
        person = s.execute(select(Person).where(Person.register_no == 8)).scalar_one()
    assert (person.source_file, person.source_sheet, person.source_row) == (
        "register.xlsx",
        "Sheet",
        3,
    )


@pytest.mark.parametrize("read_beside_from", [HERE, BESIDE], ids=["here", "beside"])
def test_progress_of_a_workbook_has_a_total_and_ends_full(
    database: Database, monkeypatch: pytest.MonkeyPatch, read_beside_from: int
) -> None:
    monkeypatch.setattr(reading, "READ_BESIDE_FROM", read_beside_from)
    seen: list[tuple[int, int | None]] = []
    plan_import(
        database,
        SAMPLES / "soviet_deaths_messy.xlsx",
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen[0][1] is not None and seen[0][1] >= seen[0][0]
    assert seen[-1][0] == seen[-1][1] and seen[-1][0] > 0


def test_cancel_mid_import_stops_the_reading_process_and_writes_nothing(
    database: Database, tmp_path: Path, beside: None
) -> None:
    big = big_register(tmp_path / "big.xlsx", 3 * reading.CHUNK)
    cancel = threading.Event()
    before = stored(database)
    with pytest.raises(ImportCancelled):
        apply_import(
            database, "t", prepare_import(big), progress=lambda *_: cancel.set(), cancel=cancel
        )
    assert stored(database) == before
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_file_refused_beside_is_refused_in_the_same_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    path = tmp_path / name
    HOSTILE[name](path)
    refusals = []
    for limit in (HERE, BESIDE):
        monkeypatch.setattr(reading, "READ_BESIDE_FROM", limit)
        with pytest.raises(ImportRefused) as refused:
            prepare_import(path)
        refusals.append(str(refused.value))
    assert refusals[0] == refusals[1] and "\n" not in refusals[0]
    assert multiprocessing.active_children() == []


def test_a_reading_process_that_dies_refuses_the_import_and_writes_nothing(
    database: Database, tmp_path: Path, beside: None
) -> None:
    plan = prepare_import(big_register(tmp_path / "big.xlsx", 3 * reading.CHUNK))
    [process] = multiprocessing.active_children()
    process.kill()
    with pytest.raises(ImportRefused, match="reading stopped"):
        apply_import(database, "t", plan)
    assert stored(database)["person"] == []
    assert multiprocessing.active_children() == []


def test_a_programming_error_while_reading_beside_names_it_and_the_file(
    database: Database, beside: None
) -> None:
    broken = dataclasses.replace(
        get_profile("soviet_deaths"),
        columns=(Column("番号", "register_no", "no-such-type", required=True),),
    )
    plan = prepare_import(SAMPLES / "soviet_deaths_messy.xlsx", broken)
    with pytest.raises(RuntimeError, match=r"soviet_deaths_messy.xlsx: reading failed: KeyError"):
        apply_import(database, "t", plan)
    assert stored(database)["person"] == []
    assert multiprocessing.active_children() == []


def test_a_big_file_is_read_beside_an_interface_that_captures_stderr(tmp_path: Path) -> None:
    """The terminal app holds stderr in an object whose fileno() is -1; multiprocessing starts
    its resource tracker, once per process, keeping that descriptor for it. A fresh
    interpreter, so that no tracker runs yet."""
    script = f"""
import io, sys
class Captured(io.StringIO):
    def fileno(self):
        return -1
sys.stderr = Captured()
from importers import reading
from importers.pipeline import prepare_import
reading.READ_BESIDE_FROM = 0
plan = prepare_import(reading.Path({str(SAMPLES / "soviet_deaths_clean.xlsx")!r}))
assert isinstance(plan.opened, reading.ReadBeside)
print(sum(len(chunk.rows) for chunk in plan.opened.chunks()))
assert isinstance(sys.stderr, Captured)
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) > 0
