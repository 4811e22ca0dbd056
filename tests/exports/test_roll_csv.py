"""The CSV roll for the ministry: fixed bytes, Excel's line endings, and no silent loss of a name
when the ministry asks for cp932."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from exports.errors import ExportRefused
from exports.roll_csv import write_roll_csv
from exports.rows import CeremonyInfo, RollRow

GOLDEN = Path(__file__).parent / "golden"
MakeRow = Callable[..., RollRow]


def _matches_golden(written: Path, golden_name: str) -> None:
    golden = GOLDEN / golden_name
    # IREI_UPDATE_GOLDEN=1 rewrites the golden file after a deliberate format change.
    if os.environ.get("IREI_UPDATE_GOLDEN"):
        golden.write_bytes(written.read_bytes())
    assert written.read_bytes() == golden.read_bytes()


def test_utf8_roll_matches_the_golden_bytes(
    tmp_path: Path, ceremony: CeremonyInfo, roll: list[RollRow]
) -> None:
    write_roll_csv(tmp_path / "roll.csv", ceremony, roll)
    _matches_golden(tmp_path / "roll.csv", "roll_utf8.csv")


def test_cp932_roll_matches_the_golden_bytes(
    tmp_path: Path, ceremony: CeremonyInfo, roll: list[RollRow]
) -> None:
    write_roll_csv(tmp_path / "roll.csv", ceremony, roll, encoding="cp932")
    _matches_golden(tmp_path / "roll.csv", "roll_cp932.csv")


def test_utf8_roll_starts_with_a_bom_and_the_header_and_ends_lines_with_crlf(
    tmp_path: Path, ceremony: CeremonyInfo, roll: list[RollRow]
) -> None:
    write_roll_csv(tmp_path / "roll.csv", ceremony, roll)
    data = (tmp_path / "roll.csv").read_bytes()
    assert data.startswith(
        "\ufeff番号,氏名,フリガナ,死亡年月日,出身地,埋葬地,整理番号,柱数,備考\r\n".encode()
    )
    assert data.count(b"\r\n") == len(roll) + 1
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_variant_kanji_survive_cp932(
    tmp_path: Path, ceremony: CeremonyInfo, roll: list[RollRow]
) -> None:
    write_roll_csv(tmp_path / "roll.csv", ceremony, roll, encoding="cp932")
    text = (tmp_path / "roll.csv").read_bytes().decode("cp932")
    assert "髙橋　清" in text
    assert "山﨑　茂" in text


def test_remains_on_the_roll_without_a_person_are_written_as_unnamed_not_blank(
    tmp_path: Path, ceremony: CeremonyInfo, make_row: MakeRow
) -> None:
    lot_only = make_row(
        "", "", death_date="", death_date_text="", prefecture_code="", prefecture=""
    )
    write_roll_csv(tmp_path / "roll.csv", ceremony, [lot_only], encoding="cp932")
    line = (tmp_path / "roll.csv").read_bytes().decode("cp932").splitlines()[1]
    assert line.startswith("1,氏名不詳,,,,ハバロフスク地方第12埋葬地,HB-012-20-0001,1,")


def test_cp932_refusal_names_the_row_and_the_name_and_writes_nothing(
    tmp_path: Path, ceremony: CeremonyInfo, roll: list[RollRow], make_row: MakeRow
) -> None:
    roll = [*roll, make_row("𠮷田　次郎", "ヨシダ ジロウ"), make_row("𠮷川　一", "ヨシカワ ハジメ")]
    with pytest.raises(ExportRefused) as refused:
        write_roll_csv(tmp_path / "roll.csv", ceremony, roll, encoding="cp932")
    message = str(refused.value)
    assert "row 5 (𠮷田　次郎)" in message
    assert "U+20BB7" in message
    assert "(1 more row too)" in message
    assert "\n" not in message
    assert list(tmp_path.iterdir()) == []


def test_cp932_refusal_covers_every_column_not_only_the_name(
    tmp_path: Path, ceremony: CeremonyInfo, make_row: MakeRow
) -> None:
    rows = [make_row("佐藤　清", "サトウ キヨシ", remarks="𠮷野町出身")]
    with pytest.raises(ExportRefused, match=r"row 1 \(佐藤　清\)"):
        write_roll_csv(tmp_path / "roll.csv", ceremony, rows, encoding="cp932")


@pytest.mark.parametrize("formula", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_like_remarks_are_written_with_a_leading_apostrophe(
    tmp_path: Path, ceremony: CeremonyInfo, make_row: MakeRow, formula: str
) -> None:
    write_roll_csv(
        tmp_path / "roll.csv", ceremony, [make_row("佐藤　清", "サトウ", remarks=formula)]
    )
    last_field = (tmp_path / "roll.csv").read_bytes().decode("utf-8-sig").split(",", 17)[-1]
    assert last_field.lstrip('"').startswith("'" + formula[:1])
