"""The カナ column holds the reading, the name in kana the roll is ordered by and a person
known by it alone is shown by: kanji or Latin letters typed into it are refused, naming the
cell, as the app refuses them in a person's form, never stored as a reading."""

from __future__ import annotations

from pathlib import Path

import pytest

from records.database import Database
from tests.importers.test_import_pipeline import ROW, register, run
from tests.importers.test_placeholder_cells import _reader


@pytest.mark.parametrize("profile", ["soviet_deaths", "roll"])
@pytest.mark.parametrize(
    ("cell", "reading"),
    [
        ("イシダ ハルオ", "イシダ ハルオ"),
        ("いしだ　はるお", "いしだ　はるお"),  # hiragana, as typed, its space kept
        ("ｲｼﾀﾞ ﾊﾙｵ", "ｲｼﾀﾞ ﾊﾙｵ"),  # half-width, as old systems write it
        ("イシダ・ハルオ", "イシダ・ハルオ"),
        ("不明", ""),  # a reading not known: none
    ],
)
def test_a_reading_in_kana_is_read_as_written(profile: str, cell: str, reading: str) -> None:
    fields, errors = _reader(profile, "reading").read([cell])
    assert errors == []
    assert fields["reading"] == reading


@pytest.mark.parametrize("profile", ["soviet_deaths", "roll"])
@pytest.mark.parametrize("cell", ["石田 春雄", "ISHIDA HARUO", "イシダ 春雄", "1923"])
def test_anything_but_kana_in_the_reading_is_refused(profile: str, cell: str) -> None:
    reader = _reader(profile, "reading")
    _fields, [error] = reader.read([cell])
    assert (error.value, error.reason) == (cell, f"{cell!r} is not a reading: write it in kana")
    assert reader.values([cell]) is None  # the fast path leaves it to read(), which says why


def test_a_register_row_with_kanji_in_its_kana_column_is_rejected(
    database: Database, tmp_path: Path
) -> None:
    path = register(tmp_path / "register.xlsx", [ROW, [2, "石田 春雄", *ROW[2:]]])
    report = run(database, path, accept_valid=True)
    assert (report.counts.created, report.counts.rejected) == (1, 1)
    [rejected] = report.rejects
    assert [(e.column, e.value) for e in rejected.errors] == [("氏名（カナ）", "石田 春雄")]
