"""Merged cells: a register often merges one 埋葬地 (burial site) or 収容所 (camp) cell over a
block of persons; every person in the block gets the value, while a title merged across the
columns stays one cell and a blank row stays blank."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from importers import error_cells_xls_ods
from importers.cells import SpreadsheetError
from importers.error_cells_xls_ods import ErrorsAndMerges, ods_errors_and_merges
from importers.pipeline import apply_import, plan_import
from importers.readers import open_workbook
from records.database import Database
from records.models import BurialSite, Person
from tests.importers.test_error_cells_xls_ods import COVERED, EMPTY, error, row, text, write_ods
from tests.importers.xlsx_parts import sheet, write_xlsx

HEADERS = ["番号", "氏名（カナ）", "氏名（漢字）", "生年", "死亡年月日", "死亡場所", "収容所",
           "埋葬地", "出身地", "露側記録氏名", "備考"]  # fmt: skip
SITE = "ハバロフスク地方第12埋葬地"
OTHER_SITE = "ハバロフスク地方第7埋葬地"


def person(number: int, site: str | None = None) -> list[object]:
    return [number, "サトウ タロウ", f"佐藤\u3000太郎{number}", 1920, "昭和21年2月13日",
            "ロシア ハバロフスク地方", "第7収容地区第1分所", site,
            "東京都", "Сато Таро"]  # fmt: skip


def register(path: Path, rows: list[list[object] | None], merges: list[str]) -> Path:
    """A death register under a title row, with a row per entry (None: a blank row) from
    row 3 on, and the given cell ranges merged after the values are in."""
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "名簿"
    ws.append(["抑留中死亡者名簿"])
    ws.append(HEADERS)
    for values in rows:
        ws.append(values or [])
    for cells in ["A1:K1", *merges]:
        ws.merge_cells(cells)
    book.save(path)
    return path


def rows_of(path: Path) -> dict[int, list[object]]:
    return dict(open_workbook(path)[0].rows)


def persons_by_row(database: Database) -> dict[int | None, str | None]:
    with database.reading() as s:
        found = s.execute(
            select(Person.source_row, BurialSite.name).outerjoin(
                BurialSite,
                Person.burial_site_id == BurialSite.id,  # type: ignore[arg-type]
            )
        ).all()
    return {row: site for row, site in found}


def test_a_burial_site_merged_over_three_rows_goes_to_all_three_persons(
    database: Database, tmp_path: Path
) -> None:
    rows: list[list[object] | None] = [person(1, SITE), person(2), person(3), person(4, OTHER_SITE)]
    path = register(tmp_path / "merged.xlsx", rows, ["H3:H5"])
    plan = plan_import(database, path)
    assert plan.counts is not None and (plan.counts.created, plan.counts.rejected) == (4, 0)
    report = apply_import(database, "tester", plan)
    assert report.written
    assert persons_by_row(database) == {3: SITE, 4: SITE, 5: SITE, 6: OTHER_SITE}


def test_a_blank_row_inside_a_merged_block_stays_skipped(
    database: Database, tmp_path: Path
) -> None:
    rows: list[list[object] | None] = [person(1, SITE), None, person(2), person(3)]
    path = register(tmp_path / "gap.xlsx", rows, ["H3:H6"])
    assert 4 not in rows_of(path)
    plan = plan_import(database, path)
    assert plan.counts is not None and (plan.counts.created, plan.counts.rejected) == (3, 0)
    apply_import(database, "tester", plan)
    assert persons_by_row(database) == {3: SITE, 5: SITE, 6: SITE}


def test_a_title_merged_across_the_columns_keeps_its_value_in_its_first_cell(
    tmp_path: Path,
) -> None:
    path = register(tmp_path / "title.xlsx", [person(1, SITE)], [])
    rows = rows_of(path)
    assert rows[1] == ["抑留中死亡者名簿"]
    assert rows[3][7] == SITE


def test_a_merge_over_columns_and_rows_fills_its_left_column_only(tmp_path: Path) -> None:
    camp = "第7収容地区第1分所"
    rows: list[list[object] | None] = [[1, "サトウ", camp], [2, "スズキ"], [3, "タカハシ"]]
    path = register(tmp_path / "block.xlsx", rows, ["C3:D5"])
    assert {n: r for n, r in rows_of(path).items() if n > 2} == {
        3: [1, "サトウ", camp],
        4: [2, "スズキ", camp],
        5: [3, "タカハシ", camp],
    }


def test_a_merge_down_the_whole_column_stops_at_the_last_row_with_data(tmp_path: Path) -> None:
    rows_xml = "".join(
        f'<row r="{n}"><c r="A{n}"><v>{n}</v></c>'
        + (f'<c r="B{n}" t="inlineStr"><is><t>{SITE}</t></is></c>' if n == 1 else "")
        + "</row>"
        for n in range(1, 4)
    )
    merge = '<mergeCells count="1"><mergeCell ref="B1:B1048576"/></mergeCells>'
    path = write_xlsx(tmp_path / "column.xlsx", sheet(rows_xml, after=merge))
    tracemalloc.start()
    try:
        rows = rows_of(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert rows == {1: [1, SITE], 2: [2, SITE], 3: [3, SITE]}
    assert peak < 5 * 1024**2  # a million rows of merge would take well over 100 MB


# --- .ods: python-calamine gives no merged ranges, so they are read from content.xml ---------


def spanned(value: str, rows: int, columns: int = 1) -> str:
    """A merged cell as LibreOffice writes it, its covered cells to be written after it (to
    its right) and in the rows below."""
    return (
        f'<table:table-cell table:number-columns-spanned="{columns}" '
        f'table:number-rows-spanned="{rows}" office:value-type="string" '
        f'calcext:value-type="string"><text:p>{value}</text:p></table:table-cell>'
    )


def ods_person(number: int, site: str) -> str:
    """A person's row in an .ods, `site` the XML of its 埋葬地 cell."""
    cells = [EMPTY if v is None else text(str(v)) for v in person(number)]
    cells[7] = site
    return row(*cells)


def ods_register(path: Path, rows: str) -> Path:
    title = row(spanned("抑留中死亡者名簿", 1, 11), COVERED * 10)
    return write_ods(path, {"名簿": title + row(*map(text, HEADERS)) + rows})


def test_a_burial_site_merged_down_four_rows_of_an_ods_goes_to_all_four_persons(
    database: Database, tmp_path: Path
) -> None:
    rows = ods_person(1, spanned(SITE, 4)) + "".join(ods_person(n, COVERED) for n in (2, 3, 4))
    path = ods_register(tmp_path / "merged.ods", rows + ods_person(5, text(OTHER_SITE)))
    plan = plan_import(database, path)
    assert plan.counts is not None and (plan.counts.created, plan.counts.rejected) == (5, 0)
    apply_import(database, "tester", plan)
    assert persons_by_row(database) == {3: SITE, 4: SITE, 5: SITE, 6: SITE, 7: OTHER_SITE}


def ods_rows_of(path: Path, rows: str) -> dict[int, list[object]]:
    return rows_of(write_ods(path, {"名簿": rows}))


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # a merge over columns and rows fills its left column only; a title merged across
        # the columns (rows-spanned="1", as LibreOffice writes it) keeps its first cell
        (row(spanned("title", 1, 3), COVERED * 2)
         + row(text("a"), spanned("camp", 3, 2), COVERED) + row(text("b"), COVERED * 2)
         + row(text("c"), COVERED * 2),
         {1: ["title"], 2: ["a", "camp"], 3: ["b", "camp"], 4: ["c", "camp"]}),
        # rows repeated, a blank row inside the merge, and a row group all count as rows
        (row(EMPTY, repeat=2) + row(text("a"), spanned("site", 5))
         + row(text("b"), COVERED, repeat=2) + row(EMPTY, COVERED)
         + "<table:table-row-group>" + row(text("c"), COVERED) + "</table:table-row-group>",
         {3: ["a", "site"], 4: ["b", "site"], 5: ["b", "site"], 7: ["c", "site"]}),
        # two merges side by side, written as one cell repeated
        (row(text("a"), spanned("x", 2).replace("<table:table-cell ",
         '<table:table-cell table:number-columns-repeated="2" ')) + row(text("b"), COVERED * 2),
         {1: ["a", "x", "x"], 2: ["b", "x", "x"]}),
    ],
    ids=["over columns and rows", "repeated, blank and grouped rows", "side by side"],
)  # fmt: skip
def test_ods_vertical_merges_give_their_value_to_every_row(
    tmp_path: Path, rows: str, expected: dict[int, list[object]]
) -> None:
    assert ods_rows_of(tmp_path / "m.ods", rows) == expected


def test_an_ods_merge_down_the_whole_column_stops_at_the_last_row_with_data(
    tmp_path: Path,
) -> None:
    # A merge down to row 1,048,576, its covered rows written as one repeated row (LibreOffice
    # writes each of them: 169 MB of XML, which importers.safety refuses as a zip bomb).
    rows = (
        row(text("1"), spanned(SITE, 1_048_576))
        + row(text("2"), COVERED)
        + row(text("3"), COVERED)
        + row(EMPTY, COVERED, repeat=1_048_573)
    )
    tracemalloc.start()
    try:
        found = ods_rows_of(tmp_path / "column.ods", rows)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert found == {1: ["1", SITE], 2: ["2", SITE], 3: ["3", SITE]}
    assert peak < 5 * 1024**2


def test_an_ods_tables_merges_and_error_cells_are_found_in_one_parse_of_that_table(
    tmp_path: Path,
) -> None:
    path = write_ods(
        tmp_path / "two.ods",
        {
            "地名": row(spanned("x", 2)) + row(COVERED),
            "名簿": row(text("a"), spanned("x", 12)) + row(error("#N/A"), COVERED, repeat=11),
        },
    )
    na = SpreadsheetError("#N/A")
    # Rows as the file says, to be cut at the last row with data when the rows are read.
    assert ods_errors_and_merges(path, "名簿") == ErrorsAndMerges(
        {r: {0: na} for r in range(2, 13)}, [(1, 12, 1)]
    )
    assert ods_errors_and_merges(path, "地名") == ErrorsAndMerges({}, [(1, 2, 0)])


def test_an_ods_with_only_titles_merged_across_the_columns_is_not_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = ods_register(tmp_path / "title.ods", ods_person(1, text(SITE)))

    def parsed(*_: object) -> None:
        raise AssertionError("the table was parsed")

    monkeypatch.setattr(error_cells_xls_ods, "_ods_cells", parsed)
    assert ods_errors_and_merges(path, "名簿") == ErrorsAndMerges()
    assert rows_of(path)[3][7] == SITE


@pytest.mark.parametrize("chunk", [1, 7, 64])
def test_a_merge_mark_split_across_the_searched_chunks_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    monkeypatch.setattr(error_cells_xls_ods, "_CHUNK", chunk)
    path = write_ods(tmp_path / "m.ods", {"名簿": row(spanned("x", 10)) + row(COVERED)})
    assert ods_errors_and_merges(path, "名簿").merges == [(1, 10, 0)]
