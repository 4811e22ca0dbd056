"""An exported xlsx roll imports back, through the roll profile, to the same entries; a roll
sent with names no record holds keeps the reading of those written in kanji."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import openpyxl
from sqlmodel import select

from exports.roll import build_roll, write_roll
from exports.rows import COLUMNS
from importers.pipeline import apply_import, plan_import
from records.database import Database
from records.demo import build_demo
from records.models import RollEntry
from records.services.ceremonies import create_ceremony

MEMORIAL = 2  # the demo's 23 August memorial: persons and bare names


def _entries(database: Database, ceremony_id: int) -> Counter[tuple[int | None, int | None, str]]:
    with database.reading() as session:
        rows = session.exec(select(RollEntry).where(RollEntry.ceremony_id == ceremony_id)).all()
    return Counter((row.person_id, row.lot_id, row.bare_name) for row in rows)


def _round_trip(database: Database, actor: str, tmp_path: Path, ceremony_id: int) -> int:
    with database.reading() as session:
        ceremony, rows = build_roll(session, ceremony_id, "reading")
    exported = tmp_path / "roll.xlsx"
    write_roll(exported, ceremony, rows, "xlsx")
    with database.session() as session:
        copy = create_ceremony(
            session,
            actor,
            f"{ceremony.name}（写）",
            ceremony.kind,
            ceremony.date,
            ceremony.place,
            "round trip of the exported roll",
        )
        assert copy.id is not None
        copy_id = copy.id
    plan = plan_import(database, exported, ceremony_id=copy_id)
    assert plan.counts.rejected == 0, plan.rejects[:3]
    report = apply_import(database, actor, plan)
    assert report.written
    return copy_id


def test_exported_memorial_roll_imports_back_to_the_same_entries(
    database: Database, actor: str, tmp_path: Path
) -> None:
    build_demo(database, actor, 400)
    copy_id = _round_trip(database, actor, tmp_path, MEMORIAL)
    assert _entries(database, copy_id) == _entries(database, MEMORIAL)


def test_exported_interment_roll_imports_back_to_the_same_lots(
    database: Database, actor: str, tmp_path: Path
) -> None:
    build_demo(database, actor, 3000)
    spring = 1
    assert _entries(database, spring), "the demo's spring ceremony has lots on its roll"
    copy_id = _round_trip(database, actor, tmp_path, spring)
    assert _entries(database, copy_id) == _entries(database, spring)


def _roll_file(path: Path, rows: list[tuple[object, ...]]) -> Path:
    """A roll as a ministry office sends one back: the header the roll profile reads, then
    numbered rows, some of them names no record holds."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(COLUMNS))
    for number, (name, reading) in enumerate(rows, start=1):
        sheet.append([number, name, reading, "", "", "", "", None, ""])
    book.save(path)
    return path


def _bare_names(database: Database, ceremony_id: int) -> dict[str, str]:
    with database.reading() as session:
        rows = session.exec(select(RollEntry).where(RollEntry.ceremony_id == ceremony_id)).all()
    return {row.bare_name: row.bare_reading for row in rows}


def _ceremony(database: Database, actor: str) -> int:
    with database.session() as session:
        made = create_ceremony(
            session, actor, "追悼の集い", "memorial", "2026-08-23", "千鳥ヶ淵", "sent by the office"
        )
    assert made.id is not None
    return made.id


def test_a_bare_name_in_kanji_takes_the_reading_of_its_row(
    database: Database, actor: str, tmp_path: Path
) -> None:
    ceremony_id = _ceremony(database, actor)
    sent = _roll_file(
        tmp_path / "roll.xlsx",
        [("山田太郎", "ﾔﾏﾀﾞ ﾀﾛｳ"), ("佐藤ハルオ", ""), ("いとう しげる", "イトウ シゲル")],
    )
    plan = plan_import(database, sent, ceremony_id=ceremony_id)
    assert plan.counts.rejected == 0, plan.rejects[:3]
    apply_import(database, actor, plan)

    # In kanji, the file's reading, in katakana; in kana, the name reads itself, as before.
    assert _bare_names(database, ceremony_id) == {
        "山田太郎": "ヤマダ タロウ",
        "佐藤ハルオ": "",
        "いとう しげる": "",
    }
    with database.reading() as session:
        _, rows = build_roll(session, ceremony_id, "reading")
    assert [r.name for r in rows] == ["いとう しげる", "山田太郎", "佐藤ハルオ"]


def test_a_re_sent_roll_gives_a_bare_name_the_reading_it_lacked(
    database: Database, actor: str, tmp_path: Path
) -> None:
    ceremony_id = _ceremony(database, actor)
    first = _roll_file(tmp_path / "first.xlsx", [("山田太郎", "")])
    apply_import(database, actor, plan_import(database, first, ceremony_id=ceremony_id))
    again = _roll_file(tmp_path / "again.xlsx", [("山田太郎", "ヤマダ タロウ")])

    plan = plan_import(database, again, ceremony_id=ceremony_id)
    assert (plan.counts.created, plan.counts.updated) == (0, 1)
    apply_import(database, actor, plan)

    assert _bare_names(database, ceremony_id) == {"山田太郎": "ヤマダ タロウ"}


def test_a_reading_not_in_kana_is_a_rejected_row_even_in_a_dry_run(
    database: Database, actor: str, tmp_path: Path
) -> None:
    ceremony_id = _ceremony(database, actor)
    sent = _roll_file(tmp_path / "roll.xlsx", [("山田太郎", "山田"), ("加藤清", "カトウ キヨシ")])

    plan = plan_import(database, sent, ceremony_id=ceremony_id)

    assert (plan.counts.created, plan.counts.rejected) == (1, 1)
    assert [str(e.reason) for e in plan.rejects[0].errors] == [
        "'山田' is not a reading: write it in kana"
    ]
