"""A natural key (番号, 整理番号) repeated in one file: the row repeating it is refused naming
the row, and the sheet when it is another, where the key was first seen."""

from __future__ import annotations

from pathlib import Path

from importers.keys_seen import KeysSeen
from importers.pipeline import plan_import
from records.database import Database
from records.messages import Message
from tests.importers.test_import_pipeline import ROW, register
from tests.importers.test_sheets import RECOVERY, lot, workbook

HERE = Message("lot {number} is already on row {row}")
ELSEWHERE = Message("lot {number} is already on row {row} of sheet {sheet}")


def refusal(key: str, sheet: str, seen: KeysSeen) -> Message:
    first = seen.where(key)
    assert first is not None
    return seen.repeated(key, sheet, first)


def test_a_key_repeated_on_its_own_sheet_is_refused_naming_the_row() -> None:
    seen = KeysSeen(HERE, ELSEWHERE)
    seen.add("2023-HB-012-00001", "令和5年度", 2)
    reason = refusal("2023-HB-012-00001", "令和5年度", seen)
    assert reason == "lot 2023-HB-012-00001 is already on row 2"
    assert (reason.template, reason.values) == (HERE, {"number": "2023-HB-012-00001", "row": 2})


def test_a_key_repeated_on_another_sheet_is_refused_naming_that_sheet() -> None:
    seen = KeysSeen(HERE, ELSEWHERE)
    seen.add("2023-HB-012-00001", "令和5年度", 2)
    seen.add("2024-HB-012-00003", "令和6年度", 2)
    reason = refusal("2023-HB-012-00001", "令和6年度", seen)
    assert reason == "lot 2023-HB-012-00001 is already on row 2 of sheet 令和5年度"
    assert reason.template == ELSEWHERE


def test_the_first_row_of_a_sheet_repeating_a_key_of_the_sheet_before_names_that_sheet() -> None:
    """No key of the new sheet seen yet: the keys seen are still the last sheet's own."""
    seen = KeysSeen(HERE, ELSEWHERE)
    seen.add("2023-HB-012-00001", "令和5年度", 2)
    reason = refusal("2023-HB-012-00001", "令和6年度", seen)
    assert reason == "lot 2023-HB-012-00001 is already on row 2 of sheet 令和5年度"


def test_a_register_number_or_a_lot_repeated_on_its_sheet_is_refused_naming_the_row(
    database: Database, tmp_path: Path
) -> None:
    deaths = register(tmp_path / "deaths.xlsx", [ROW, [1, "サトウ ハナコ", *ROW[2:]]])
    recovery = workbook(tmp_path / "recovery.xlsx", ("実績", [RECOVERY, lot(1), lot(1)]))
    reasons = [
        [e.reason for r in plan_import(database, path).rejects for e in r.errors]
        for path in (deaths, recovery)
    ]
    assert reasons == [
        ["番号 1 is already on row 2"],
        ["lot 2024-HB-012-00001 is already on row 2"],
    ]
