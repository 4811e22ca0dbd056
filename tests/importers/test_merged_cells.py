"""Merged cells: a register often merges one 埋葬地 (burial site) or 収容所 (camp) cell over a
block of persons; every person in the block gets the value, while a title merged across the
columns stays one cell and a blank row stays blank."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import openpyxl
from sqlalchemy import select

from importers.pipeline import apply_import, plan_import
from importers.readers import open_workbook
from records.database import Database
from records.models import BurialSite, Person
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
    for row in rows:
        ws.append(row or [])
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
