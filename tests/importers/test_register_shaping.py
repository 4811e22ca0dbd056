"""A death register's rows read, checked and shaped in the reading process
(importers.reading.read_chunks with importers.person_rows.PersonShaper): every refusal
named, across chunks and sheets, and every usual row shaped as its careful reading is."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from importers import reading
from importers.cells import SpreadsheetError
from importers.headers import Found, Layout
from importers.normalise import RowReader
from importers.profiles import get_profile
from importers.reading import Chunk, read_chunks

PROFILE = get_profile("soviet_deaths")
FIELDS = ("register_no", "reading", "name", "birth_year", "death", "prefecture_code")


def _layout(sheet: str, fields: tuple[str, ...] = FIELDS) -> Layout:
    columns = {column.field: column for column in PROFILE.columns}
    positions = tuple((columns[field], i) for i, field in enumerate(fields))
    return Layout(PROFILE, sheet, 1, (), positions)


def _read(sheets: dict[str, list[list[object]]]) -> list[Chunk]:
    found = [
        Found(_layout(sheet), iter(enumerate(rows, start=2))) for sheet, rows in sheets.items()
    ]
    return list(read_chunks(found, "名簿.xlsx"))


def _refused(chunks: list[Chunk]) -> list[tuple[str, int, str, object, str]]:
    return [
        (r.sheet, r.row, e.column, e.value, str(e.reason))
        for chunk in chunks
        for r in chunk.rejected
        for e in r.errors
    ]


def _taken(chunks: list[Chunk]) -> list[tuple[str, int, int]]:
    return [(chunk.sheet, row[0], row[1]) for chunk in chunks for row in chunk.rows]


def test_a_number_repeated_in_a_later_chunk_or_sheet_is_refused_naming_the_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(reading, "CHUNK", 2)
    chunks = _read(
        {
            "一": [[1.0, "タナカ"], [2.0, "スズキ"], [1.0, "サトウ"]],
            "二": [[3.0, "ヤマダ"], [2.0, "イトウ"], [3, "キムラ"]],
        }
    )
    assert _taken(chunks) == [("一", 2, 1), ("一", 3, 2), ("二", 2, 3)]
    assert _refused(chunks) == [
        ("一", 4, "番号", 1, "番号 1 is already on row 2"),
        ("二", 3, "番号", 2, "番号 2 is already on row 3 of sheet 一"),
        ("二", 4, "番号", 3, "番号 3 is already on row 2"),
    ]


def test_totals_and_note_rows_are_skipped_and_bad_rows_refused_with_their_reason() -> None:
    chunks = _read(
        {
            "名簿": [
                [1.0, "タナカ", None, 1900.0, "昭和21年2月13日"],
                ["合計", "3名"],
                ["※ 生年不明の者は空欄"],
                [None, "スズキ"],  # no 番号
                [2.0, None, None, None, "S21.2.13"],  # no form of the name
                [3.0, "サトウ", None, 1950.0, "昭和21年2月13日"],  # dies before birth
                [-4.0, "ヤマダ"],  # not a row number
                [5, "キムラ", "木村 一", True],  # an int and a bool: the careful reading
            ]
        }
    )
    assert chunks[0].read == 8
    assert _taken(chunks) == [("名簿", 2, 1)]
    assert _refused(chunks) == [
        ("名簿", 8, "番号", -4, "-4 is not a row number (a whole number from 1)"),
        ("名簿", 9, "生年", True, chunks[0].rejected[1].errors[0].reason),
        ("名簿", 5, "番号", None, "the register number (番号) is blank"),
        ("名簿", 6, "", None, "the row holds no form of the name"),
        (
            "名簿",
            7,
            "死亡年月日",
            "昭和21年2月13日",
            "the death (1946-02-13) is before the year of birth (1950)",
        ),
    ]
    assert chunks[0].rejected[2].cells == (None, "スズキ")


def test_a_shaped_row_carries_its_fields_and_name_forms() -> None:
    [chunk] = _read(
        {"名簿": [[7.0, "タナカ タダシ", "田中 正", "M29", "昭和24年2月11日", "東京都"]]}
    )
    [(row, number, values, site, forms)] = chunk.rows
    assert (row, number, site) == (2, 7, None)
    assert values[:7] == (
        "田中 正",
        "タナカ タダシ",
        1896,
        "M29",
        "昭和24年2月11日",
        "1949-02-11",
        "day",
    )
    assert values[10:] == ("", "13", "", True, "")
    assert [(text, source) for text, _script, source, _key, _given in forms] == [
        ("タナカ タダシ", "register-kana"),
        ("田中 正", "register-kanji"),
    ]


CELLS: list[Any] = [
    None, "", " 1 ", "1", 1, 1.0, True, 1.5, 1921.0, "大正10年", date(1946, 2, 13),
    datetime(1946, 2, 13, 0, 0), datetime(1946, 2, 13, 9, 30), "S21.2.13", "M29",
    SpreadsheetError("#N/A"), "16846", "東京都", "07", 7.0, 99.0, "計良 春雄",
]  # fmt: skip


@pytest.mark.parametrize("field", ["register_no", "name", "birth_year", "death", "prefecture_code"])
def test_the_quick_reading_of_a_row_is_its_careful_reading(field: str) -> None:
    reader = RowReader.for_layout(_layout("名簿", (field,)))
    for cell in CELLS * 2:  # the second time from the caches
        fields, errors = reader.read([cell])
        quick = reader.values([cell])
        if errors:
            assert quick is None, cell
        elif quick is not None:
            assert quick == tuple(fields.values()), cell
            assert type(quick[0]) is type(fields[field]), cell
