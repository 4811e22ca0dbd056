"""An exported xlsx roll imports back, through the roll profile, to the same entries."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from sqlmodel import select

from exports.roll import build_roll, write_roll
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
