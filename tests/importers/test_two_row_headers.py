"""A header written over two rows, as printed forms draw it: 氏名 over カナ and 漢字, merged
across both columns, 番号 merged down both rows. Each column's titles are joined and read as
the column they name; a rejected row's workbook writes them in one row, and imports again."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select
from sqlmodel import col

from importers.pipeline import apply_import, plan_import
from importers.rejects import write_rejects
from records.database import Database
from records.models import Person

TOP = [
    "番号",
    "氏名",
    None,
    "生年",
    "死亡",
    None,
    "収容所",
    "埋葬地",
    "出身地",
    "露側記録氏名",
    "備考",
]
BOTTOM = [None, "カナ", "漢字", None, "年月日", "場所", None, None, None, None, None]
MERGES = ["A2:A3", "B2:C2", "D2:D3", "E2:F2", "G2:G3", "H2:H3", "I2:I3", "J2:J3", "K2:K3"]


def person(number: int, death: object = "昭和21年2月13日") -> list[object]:
    return [number, "サトウ タロウ", f"佐藤\u3000太郎{number}", 1920, death,
            "ロシア ハバロフスク地方", "第7収容地区第1分所", "ハバロフスク地方第12埋葬地",
            "東京都", "Сато Таро", None]  # fmt: skip


def register(path: Path, rows: list[list[object]], merges: list[str] = MERGES) -> Path:
    """A death register under a title row, its header on rows 2 and 3."""
    book = openpyxl.Workbook()
    ws = book.active
    assert isinstance(ws, Worksheet)
    ws.title = "名簿"
    ws.append(["抑留中死亡者名簿"])
    ws.append(TOP)
    ws.append(BOTTOM)
    for values in rows:
        ws.append(values)
    for cells in merges:
        ws.merge_cells(cells)
    book.save(path)
    return path


def persons(database: Database) -> list[tuple[object, ...]]:
    with database.reading() as s:
        found = s.execute(select(Person).order_by(col(Person.register_no))).scalars()
        return [
            (p.register_no, p.reading, p.name, p.death_date, p.death_place, p.source_row)
            for p in found
        ]


def test_a_header_over_two_merged_rows_reads_every_column(
    database: Database, tmp_path: Path
) -> None:
    path = register(tmp_path / "two rows.xlsx", [person(1), person(2)])
    plan = plan_import(database, path)
    [layout] = plan.layouts
    assert layout.header_row == 3
    assert len(layout.fields) == 11 and layout.unread == ()
    assert layout.headers["reading"] == "氏名 カナ"
    assert layout.headers["death_place"] == "死亡 場所"
    assert plan.counts is not None and (plan.counts.created, plan.counts.rejected) == (2, 0)
    assert apply_import(database, "tester", plan).written
    assert persons(database) == [
        (1, "サトウ タロウ", "佐藤\u3000太郎1", "1946-02-13", "ロシア ハバロフスク地方", 4),
        (2, "サトウ タロウ", "佐藤\u3000太郎2", "1946-02-13", "ロシア ハバロフスク地方", 5),
    ]


def test_a_header_over_two_rows_without_merges_reads_the_same(
    database: Database, tmp_path: Path
) -> None:
    """Saved as CSV, or drawn with borders only: the title over カナ and 漢字 stands in the
    first of its columns, and the second joins it all the same."""
    path = register(tmp_path / "unmerged.xlsx", [person(1)], merges=[])
    plan = plan_import(database, path)
    assert plan.layouts[0].headers["name"] == "氏名 漢字"
    assert plan.counts is not None and (plan.counts.created, plan.counts.rejected) == (1, 0)


def test_a_two_row_header_in_a_csv_file(database: Database, tmp_path: Path) -> None:
    lines: list[Sequence[object]] = [TOP, BOTTOM, person(1)]
    text = "\n".join(",".join("" if c is None else str(c) for c in line) for line in lines)
    path = tmp_path / "two rows.csv"
    path.write_text(text + "\n", encoding="utf-8")
    plan = plan_import(database, path)
    assert plan.layouts[0].header_row == 2
    assert plan.counts is not None and (plan.counts.created, plan.counts.rejected) == (1, 0)


def test_the_rejects_of_a_two_row_header_import_again_once_corrected(
    database: Database, tmp_path: Path
) -> None:
    path = register(tmp_path / "two rows.xlsx", [person(1), person(2, "昭和21年2月30日")])
    plan = plan_import(database, path)
    assert plan.counts is not None and plan.counts.rejected == 1
    rejects = tmp_path / "rejects.xlsx"
    write_rejects(rejects, [(path.name, plan.layouts, plan.rejects)])
    book = openpyxl.load_workbook(rejects)
    ws = book.active
    assert isinstance(ws, Worksheet)
    header = [cell.value for cell in next(ws.iter_rows(max_row=1))]
    assert header[:6] == ["番号", "氏名 カナ", "氏名 漢字", "生年", "死亡 年月日", "死亡 場所"]
    ws.cell(row=2, column=5).value = "昭和21年2月28日"
    book.save(rejects)
    again = plan_import(database, rejects)
    assert again.counts is not None and (again.counts.created, again.counts.rejected) == (1, 0)


def test_a_row_of_titles_alone_is_still_the_header(database: Database, tmp_path: Path) -> None:
    """A one-row header is found as before, the row below it read as data even when its
    cells could join the titles above."""
    book = openpyxl.Workbook()
    ws = book.active
    assert isinstance(ws, Worksheet)
    ws.append(["番号", "氏名（カナ）", "氏名（漢字）", "生年", "死亡年月日"])
    ws.append(person(1)[:5])
    book.save(tmp_path / "one row.xlsx")
    plan = plan_import(database, tmp_path / "one row.xlsx")
    assert plan.layouts[0].header_row == 1
    assert plan.counts is not None and plan.counts.created == 1


def test_a_two_row_header_repeated_between_pasted_pages_is_no_record(
    database: Database, tmp_path: Path
) -> None:
    """Its merges pasted with it, as a page copied whole carries them."""
    again = [m.replace("2", "5").replace("3", "6") for m in MERGES]
    path = register(tmp_path / "pasted.xlsx", [person(1), TOP, BOTTOM, person(2)], MERGES + again)
    plan = plan_import(database, path)
    assert plan.counts is not None and (plan.counts.created, plan.counts.rejected) == (2, 0)
