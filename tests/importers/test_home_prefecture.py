"""The home prefecture (出身地) of a death register as the wartime registers write it."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from records.database import Database
from records.models import Person
from tests.importers.test_import_pipeline import ROW, register, run


def test_a_prefecture_in_its_old_kanji_imports_as_that_prefecture(
    database: Database, tmp_path: Path
) -> None:
    row = [*ROW[:8], "福島縣", *ROW[9:]]
    report = run(database, register(tmp_path / "register.xlsx", [row]))
    assert (report.counts.created, report.rejects) == (1, [])
    with database.reading() as s:
        assert s.execute(select(Person.prefecture_code)).scalar_one() == "07"
