"""Reading spreadsheets through importers.readers.open_workbook: the ministry's sample files,
and the sheet XML quirks of the programs that write .xlsx files."""

# ruff: noqa: E501  (XML fixtures and data tables read better on one line each)

from __future__ import annotations

import json
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from importers import error_cells
from importers.cells import (
    SpreadsheetError,
    clean_text,
    expand_specimens,
    parse_count,
    parse_int,
)
from importers.errors import ImportRefused
from importers.normalise import is_totals_or_note_row
from importers.readers import SheetRows, open_workbook
from records.dates import parse_date, parse_fiscal_year, parse_year
from records.prefectures import prefecture_code, prefecture_name
from records.sites import parse_site_code, parse_site_name
from tests.importers.xlsx_parts import MAIN, PKG, RELS, sheet, write_xlsx

SAMPLES = Path("/work/shared/samples")


def rows_of(sheet: SheetRows) -> dict[int, list[object]]:
    return dict(sheet.rows)


def table(path: Path, first_header: str) -> list[dict[str, object]]:
    """Rows under the header row as dicts, the totals row (合計) left out."""
    rows = list(open_workbook(path)[0].rows)
    start = next(i for i, (_, values) in enumerate(rows) if values and values[0] == first_header)
    header = [clean_text(h) for h in rows[start][1]]
    return [
        dict(zip(header, values + [None] * (len(header) - len(values)), strict=True))
        for _, values in rows[start + 1 :]
        if values[0] != "合計"
    ]


# --- the samples ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "sheets", "first", "last_row"),
    [
        ("soviet_deaths_clean.xlsx", [("名簿", False)], (1, "番号"), 201),
        ("soviet_deaths_messy.xlsx", [("名簿", False), ("作業用", True)], (1, "旧ソ連邦及びモンゴル抑留中死亡者名簿"), 206),
        ("recovery_clean.xlsx", [("収集実績", False)], (1, "整理番号"), 121),
        ("recovery_messy.xlsx", [("収集実績", False)], (1, "戦没者遺骨収集実績（旧ソ連・モンゴル）"), 123),
        ("analysis_clean.csv", [("analysis_clean.csv", False)], (1, "検体番号"), 212),
        ("analysis_messy.csv", [("analysis_messy.csv", False)], (1, "検体番号"), 212),
    ],
)  # fmt: skip
def test_samples_open_with_their_sheets(
    name: str, sheets: list[tuple[str, bool]], first: tuple[int, str], last_row: int
) -> None:
    book = open_workbook(SAMPLES / name)
    assert [(s.name, s.hidden) for s in book] == sheets
    rows = list(book[0].rows)
    assert (rows[0][0], rows[0][1][0]) == first
    assert rows[-1][0] == last_row


def test_messy_register_keeps_spreadsheet_row_numbers_and_skips_blank_rows() -> None:
    rows = rows_of(open_workbook(SAMPLES / "soviet_deaths_messy.xlsx")[0])
    assert 3 not in rows  # the blank row between the title and the header
    assert rows[4][:2] == ["番号", "氏名（カナ）"]
    assert rows[5][:5] == ["１", "ウチダ タダシ", "内田\u3000正", 1904, date(1947, 10, 22)]
    assert rows[206] == ["合計", "200名"]


def test_real_date_cells_come_out_as_dates() -> None:
    rows = rows_of(open_workbook(SAMPLES / "recovery_messy.xlsx")[0])
    dates = [v[5] for v in rows.values() if len(v) > 5 and isinstance(v[5], date)]
    assert len(dates) == 35
    assert all(not isinstance(d, datetime) for d in dates)


def test_cp932_csv_reads_as_japanese() -> None:
    rows = rows_of(open_workbook(SAMPLES / "analysis_messy.csv")[0])
    assert rows[1][:3] == ["検体番号", "鑑定種別", "所属集団判定"]
    assert rows[3][5] == "令和３年１１月２７日"
    assert rows[2][3] is None  # an empty field reads as an empty cell


def _truth(kind: str, which: str) -> list[dict[str, object]]:
    data: dict[str, list[dict[str, object]]] = json.loads(
        (SAMPLES / f"truth_{which}.json").read_text(encoding="utf-8")
    )
    return data[kind]


@pytest.mark.parametrize("which", ["clean", "messy"])
def test_register_sample_reads_to_the_true_values(which: str) -> None:
    people = table(SAMPLES / f"soviet_deaths_{which}.xlsx", "番号")
    truth = _truth("persons", which)
    assert len(people) == len(truth)
    for row, true in zip(people, truth, strict=True):
        death = parse_date(row["死亡年月日"])
        site = parse_site_name(clean_text(row["埋葬地"]))
        code = prefecture_code(clean_text(row["出身地"]))
        assert parse_int(row["番号"]) == true["no"]
        assert clean_text(row["氏名（漢字）"]) == (true["kanji"] or "")
        assert parse_year(row["生年"]) == true["birth_year"]
        assert (death.value, death.precision) == (true["death_date"], true["death_precision"])
        assert site.code == true["site_code"]
        assert (prefecture_name(code) if code else "") == (true["prefecture"] or "")


@pytest.mark.parametrize("which", ["clean", "messy"])
def test_recovery_sample_reads_to_the_true_values(which: str) -> None:
    lots = table(SAMPLES / f"recovery_{which}.xlsx", "整理番号")
    truth = _truth("lots", which)
    assert len(lots) == len(truth)
    for row, true in zip(lots, truth, strict=True):
        assert clean_text(row["整理番号"]) == true["lot"]
        assert parse_fiscal_year(row["収集年度"]) == true["fiscal_year"]
        assert parse_site_code(clean_text(row["埋葬地番号"])).code == true["site_code"]
        assert parse_date(row["収容年月日"]).value == true["recovered"]
        assert parse_count(row["柱数"]) == true["count"]
        assert expand_specimens(row["検体番号"]) == true["specimens"]


@pytest.mark.parametrize("which", ["clean", "messy"])
def test_analysis_sample_reads_to_the_true_values(which: str) -> None:
    rows = table(SAMPLES / f"analysis_{which}.csv", "検体番号")
    truth = _truth("analyses", which)
    assert len(rows) == len(truth)
    for row, true in zip(rows, truth, strict=True):
        assert clean_text(row["検体番号"]) == true["specimen"]
        assert parse_date(row["判定会議日"]).value == true["decided"]


# --- xlsx quirks ---------------------------------------------------------------------------


def test_openpyxl_workbook_with_shared_strings_dates_gaps_and_hidden_sheets(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "名簿"
    sheet.append(["番号", "氏名（漢字）", "死亡年月日", "確認", "比率"])
    sheet.append([1, "髙橋\u3000﨑男", datetime(1946, 2, 13), True, 0.5])
    sheet["A4"] = "２"
    sheet["E4"] = "ＦＵＬＬ"
    sheet["C5"] = datetime(1946, 2, 13, 14, 30)
    book.create_sheet("作業用").sheet_state = "hidden"
    book.create_sheet("秘密").sheet_state = "veryHidden"
    path = tmp_path / "book.xlsx"
    book.save(path)

    sheets = open_workbook(path)
    assert [(s.name, s.hidden) for s in sheets] == [
        ("名簿", False),
        ("作業用", True),
        ("秘密", True),
    ]
    rows = rows_of(sheets[0])
    assert rows[2] == [1, "髙橋\u3000﨑男", date(1946, 2, 13), True, 0.5]
    assert rows[4] == ["２", None, None, None, "ＦＵＬＬ"]
    assert rows[5] == [None, None, datetime(1946, 2, 13, 14, 30)]
    assert 3 not in rows


@pytest.mark.parametrize(
    ("rows_xml", "expected"),
    [
        # a built-in date format (14) on a serial: 17462 is 1947-10-22
        ('<row r="1"><c r="A1" s="1"><v>17462</v></c></row>', {1: [date(1947, 10, 22)]}),
        # phonetic guides (furigana) are not part of the text
        ('<row r="1"><c r="A1" t="inlineStr"><is><r><t>齋藤</t></r><rPh sb="0" eb="2"><t>サイトウ</t></rPh></is></c></row>', {1: ["齋藤"]}),
        # escaped characters: XML references and OOXML's _xHHHH_
        ('<row r="1"><c r="A1" t="inlineStr"><is><t>A&amp;B&#12354;_x000D_</t></is></c></row>', {1: ["A&Bあ\r"]}),
        # formula results and booleans
        ('<row r="1"><c r="A1" t="str"><f>A2</f><v>文字</v></c><c r="B1" t="b"><v>0</v></c></row>', {1: ["文字", False]}),
        # cells written in another attribute order, and rows without numbers
        ('<row><c t="n" r="B1"><v>1.5</v></c></row><row><c><v>-3</v></c></row>', {1: [None, 1.5], 2: [-3]}),
        # a gap of a missing row and of missing cells
        ('<row r="2"><c r="C2"><v>7</v></c></row><row r="9"><c r="A9"><v>1</v></c><c r="D9"><v>4</v></c></row>', {2: [None, None, 7], 9: [1, None, None, 4]}),
        # styled empty cells and an empty row do not make a row
        ('<row r="1"><c r="A1" s="1"/><c r="B1" t="s"/></row><row r="2"/>', {}),
    ],
)  # fmt: skip
def test_sheet_xml_quirks(tmp_path: Path, rows_xml: str, expected: dict[int, list[object]]) -> None:
    path = write_xlsx(tmp_path / "q.xlsx", sheet(rows_xml))
    assert rows_of(open_workbook(path)[0]) == expected


def test_namespace_prefixed_xml_reads_the_same(tmp_path: Path) -> None:
    rows = '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>内田</x:t></x:is></x:c><x:c r="B1"><x:v>2</x:v></x:c></x:row>'  # fmt: skip
    path = write_xlsx(tmp_path / "x.xlsx", sheet(rows, prefix="x:"))
    assert rows_of(open_workbook(path)[0]) == {1: ["内田", 2]}


def test_shared_strings_with_rich_text_and_phonetics(tmp_path: Path) -> None:
    strings = f'<sst xmlns="{MAIN}"><si><t>佐藤</t></si><si><r><t>渡</t></r><r><t>邉</t></r><rPh><t>ワタナベ</t></rPh></si><si><t xml:space="preserve"> 余白 </t></si></sst>'  # fmt: skip
    rels = f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{RELS}/worksheet" Target="/xl/worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'  # fmt: skip
    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>'  # fmt: skip
    parts = {"xl/sharedStrings.xml": strings, "xl/_rels/workbook.xml.rels": rels}
    path = write_xlsx(tmp_path / "s.xlsx", sheet(rows), parts)
    assert rows_of(open_workbook(path)[0]) == {1: ["佐藤", "渡邉", " 余白 "]}


def test_1904_date_system(tmp_path: Path) -> None:
    workbook = f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><workbookPr date1904="1"/><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'  # fmt: skip
    rows = '<row r="1"><c r="A1" s="1"><v>16000</v></c></row>'
    path = write_xlsx(tmp_path / "d.xlsx", sheet(rows), {"xl/workbook.xml": workbook})
    assert rows_of(open_workbook(path)[0]) == {1: [date(1947, 10, 22)]}


def test_a_large_sheet_reads_every_row_once(tmp_path: Path) -> None:
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 200_001))
    path = write_xlsx(tmp_path / "big.xlsx", sheet(rows))
    stream = open_workbook(path)[0].rows
    assert next(stream) == (1, [1])
    assert sum(1 for _ in stream) == 199_999


def test_rows_keep_their_numbers_when_the_data_starts_below_and_right_of_a1(
    tmp_path: Path,
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["C3"] = "戦没者名簿"
    sheet["B5"], sheet["D5"] = "番号", "氏名"
    path = tmp_path / "low.xlsx"
    book.save(path)
    assert rows_of(open_workbook(path)[0]) == {
        3: [None, None, "戦没者名簿"],
        5: [None, "番号", None, "氏名"],
    }


def test_chart_sheets_are_not_listed(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.create_chartsheet("グラフ")
    path = tmp_path / "chart.xlsx"
    book.save(path)
    assert [s.name for s in open_workbook(path)] == ["Sheet"]


# python-calamine 0.9 reads an error cell as empty (dimastbk/python-calamine#105); the
# sheet's XML is searched for them (importers.error_cells).
NA = SpreadsheetError("#N/A")


@pytest.mark.parametrize(
    ("rows_xml", "expected"),
    [
        ('<row r="1"><c r="A1" t="e"><v>#N/A</v></c></row>', {1: [NA]}),
        # a broken VLOOKUP among values; a row holding only an error comes back
        ('<row r="1"><c r="A1"><v>1</v></c><c r="B1" s="1" t="e"><f>VLOOKUP(A1,地名!A:B,2,FALSE)</f><v>#N/A</v></c><c r="C1"><v>3</v></c></row>'
         '<row r="2"><c r="B2" t="e"><f>A2/0</f><v>#DIV/0!</v></c></row>',
         {1: [1, NA, 3], 2: [None, SpreadsheetError("#DIV/0!")]}),
        # right of the last value, and in a column left of the data's first
        ('<row r="3"><c r="C3"><v>1</v></c><c r="E3" t="e"><v>#REF!</v></c></row><row r="4"><c r="A4" t="e"><v>#NAME?</v></c><c r="C4"><v>2</v></c></row>',
         {3: [None, None, 1, None, SpreadsheetError("#REF!")], 4: [SpreadsheetError("#NAME?"), None, 2]}),
        # as LibreOffice saves a broken VLOOKUP: a style and a formula attribute
        ('<row r="2"><c r="A2" s="0" t="n"><v>4</v></c><c r="B2" s="0" t="e"><f aca="false">VLOOKUP(99,A1:B2,2,FALSE())</f><v>#N/A</v></c></row>', {2: [4, NA]}),
        # single-quoted attributes, and the type before the reference
        ("<row r='1'><c t='e' r='B1'><v>#NUM!</v></c></row>", {1: [None, SpreadsheetError("#NUM!")]}),
        # an error saved without its text nor a formula is empty (test_unsaved_formulas: with one)
        ('<row r="1"><c r="A1" t="e"><v></v></c><c r="B1"><v>1</v></c><c r="C1" t="e"/></row>', {1: [None, 1]}),
        # an error's text written as a character reference
        ('<row r="1"><c r="A1" t="e"><v>&#35;N/A</v></c></row>', {1: [NA]}),
        # the text #N/A is text, and t="e" inside a text is no attribute
        ('<row r="1"><c r="A1" t="inlineStr"><is><t>#N/A</t></is></c><c r="B1" t="str"><f>"t=""e"""</f><v>t="e"</v></c></row>', {1: ["#N/A", 't="e"']}),
    ],
)  # fmt: skip
def test_error_cells_read_as_spreadsheet_errors(
    tmp_path: Path, rows_xml: str, expected: dict[int, list[object]]
) -> None:
    path = write_xlsx(tmp_path / "e.xlsx", sheet(rows_xml))
    assert rows_of(open_workbook(path)[0]) == expected


def test_error_cells_with_a_namespace_prefix(tmp_path: Path) -> None:
    rows = '<x:row r="1"><x:c r="A1" t="e"><x:v>#N/A</x:v></x:c><x:c r="B1"><x:v>2</x:v></x:c></x:row>'  # fmt: skip
    path = write_xlsx(tmp_path / "x.xlsx", sheet(rows, prefix="x:"))
    assert rows_of(open_workbook(path)[0]) == {1: [NA, 2]}


@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 7, 64, 1000])
def test_error_cells_split_across_the_searched_chunks_are_all_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    monkeypatch.setattr(error_cells, "_CHUNK", chunk)
    rows = "".join(
        f'<row r="{n}"><c r="A{n}"><v>{n}</v></c><c r="B{n}" t="e"><f>VLOOKUP(A{n},S!A:B,2,0)</f><v>#N/A</v></c></row>'
        for n in range(1, 21)
    )
    # an error's text thousands of bytes after its t="e", past chunks without a '#'
    long = "+".join(f"C{n}" for n in range(1, 2001))
    rows += f'<row r="21"><c r="A21"><v>21</v></c><c r="B21" t="e"><f>{long}</f><v>#VALUE!</v></c></row>'
    path = write_xlsx(tmp_path / "c.xlsx", sheet(rows))
    expected: dict[int, list[object]] = {n: [n, NA] for n in range(1, 21)}
    assert rows_of(open_workbook(path)[0]) == {**expected, 21: [21, SpreadsheetError("#VALUE!")]}


def test_the_text_na_as_a_shared_string_is_text(tmp_path: Path) -> None:
    strings = f'<sst xmlns="{MAIN}"><si><t>#N/A</t></si></sst>'
    rels = f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'  # fmt: skip
    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="e"><v>#N/A</v></c></row>'
    parts = {"xl/sharedStrings.xml": strings, "xl/_rels/workbook.xml.rels": rels}
    path = write_xlsx(tmp_path / "s.xlsx", sheet(rows), parts)
    assert rows_of(open_workbook(path)[0]) == {1: ["#N/A", NA]}


@pytest.mark.parametrize(
    ("cell", "refusal"),
    [
        ('<c r="A1" t="e"><f>#REF!+{long}</f><v>#REF!</v></c>', "an error cell that does not end"),
        ('<c r="A1"><f>{long}</f></c>', "a formula cell that does not end"),
    ],
)
def test_a_cell_longer_than_the_search_allows_refuses_the_sheet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cell: str, refusal: str
) -> None:
    monkeypatch.setattr(error_cells, "_CHUNK", 16)
    monkeypatch.setattr(error_cells, "_LOOKBACK", 100)
    long = "+".join(f"C{n}" for n in range(1, 201))
    rows = f'<row r="1">{cell.format(long=long)}</row>'
    path = write_xlsx(tmp_path / "long.xlsx", sheet(rows))
    with pytest.raises(ImportRefused, match=refusal):
        rows_of(open_workbook(path)[0])


def test_error_cells_are_found_in_their_own_sheet(tmp_path: Path) -> None:
    workbook = f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets><sheet name="名簿" sheetId="1" r:id="rId7"/><sheet name="作業用" sheetId="2" r:id="rId2"/></sheets></workbook>'  # fmt: skip
    rels = f'<Relationships xmlns="{PKG}"><Relationship Id="rId2" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId7" Type="{RELS}/worksheet" Target="/xl/worksheets/Sheet2.xml"/></Relationships>'  # fmt: skip
    register = sheet('<row r="1"><c r="A1"><v>1</v></c><c r="B1" t="e"><v>#REF!</v></c></row>')
    working = sheet('<row r="1"><c r="A1" t="e"><v>#N/A</v></c></row>')
    parts = {"xl/workbook.xml": workbook, "xl/_rels/workbook.xml.rels": rels,
             "xl/worksheets/sheet1.xml": working, "xl/worksheets/sheet2.xml": register}  # fmt: skip
    path = write_xlsx(tmp_path / "two.xlsx", working, parts)
    first, second = open_workbook(path)
    assert (first.name, rows_of(first)) == ("名簿", {1: [1, SpreadsheetError("#REF!")]})
    assert (second.name, rows_of(second)) == ("作業用", {1: [NA]})


def test_an_error_merged_down_a_block_reaches_every_row_of_it(tmp_path: Path) -> None:
    rows = '<row r="1"><c r="A1"><v>1</v></c><c r="B1" t="e"><v>#N/A</v></c></row><row r="2"><c r="A2"><v>2</v></c><c r="B2"/></row>'  # fmt: skip
    merges = '<mergeCells count="1"><mergeCell ref="B1:B2"/></mergeCells>'
    path = write_xlsx(tmp_path / "m.xlsx", sheet(rows, after=merges))
    assert rows_of(open_workbook(path)[0]) == {1: [1, NA], 2: [2, NA]}


def test_an_error_cell_that_does_not_say_where_it_is_refuses_the_sheet(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", sheet('<row r="1"><c t="e"><v>#N/A</v></c></row>'))
    with pytest.raises(ImportRefused, match=r"spreadsheet error \(#N/A\) in a cell without"):
        rows_of(open_workbook(path)[0])


def test_openpyxl_writes_the_error_values_as_error_cells_and_other_text_as_text(
    tmp_path: Path,
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["#N/A", "#REF!", "#n/a", "#N/A です"])
    sheet.append(["#N/A"])
    sheet["A2"].data_type = "s"  # the text #N/A, as a ministry clerk may type it
    path = tmp_path / "o.xlsx"
    book.save(path)
    with zipfile.ZipFile(path) as z:
        xml = z.read("xl/worksheets/sheet1.xml")
    assert xml.count(b't="e"') == 2
    assert rows_of(open_workbook(path)[0]) == {
        1: [NA, SpreadsheetError("#REF!"), "#n/a", "#N/A です"],
        2: ["#N/A"],
    }


@pytest.mark.parametrize("name", ["notes.pdf", "noext"])
def test_unsupported_file_types_are_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(ImportRefused) as refused:
        open_workbook(path)
    # Every kind it reads named, not only .xlsx and .csv: ministries still send .xls.
    assert str(refused.value).endswith(
        "irei reads workbooks (.xlsx .xlsm .xls .xlsb .ods) and CSV (.csv .txt)"
    )


@pytest.mark.parametrize(
    ("cells", "totals"),
    [
        (["合計", "200名"], True),
        (["合 計 200名"], True),
        (["計20名"], True),
        (["計：二百名"], True),
        ([None, "小計（東京都）", 12], True),
        (["総計"], True),
        (["(合計)"], True),  # in brackets of any kind
        (["【合計】", "3名"], True),
        (["〔 計 〕"], True),
        (["総数 3名"], True),  # the count of persons
        (["合計人数"], True),
        (["総人数：3名"], True),
        (["計良　春雄", 1, "ケイラ ハルオ"], False),  # a person whose name begins with 計
        (["計屋 一郎"], False),
        ([1, "合計"], False),  # a number first: a data row
    ],
)
def test_a_totals_row_is_told_from_a_name_beginning_with_its_word(
    cells: list[object], totals: bool
) -> None:
    assert is_totals_or_note_row(cells) is totals


@pytest.mark.parametrize(
    ("cells", "note"),
    [
        (["※ 生年不明の者は空欄"], True),
        ([None, None, "※印は要確認"], True),
        (["（注）死亡場所は露側記録による", None, "  "], True),
        (["(注1) 本籍地は当時のもの"], True),
        (["注：柱数は推定を含む"], True),
        (["【注】 埋葬地番号は旧番号"], True),
        (["※ 要確認", "サトウ タロウ"], False),  # another cell filled: a row to read or reject
        ([12, "※ 要確認"], False),
        (["注意 生年不明"], False),  # no note's mark
        (["注連 太郎"], False),  # a name beginning with 注
        (["サトウ タロウ", "※ 要確認"], False),
        (["以下余白"], True),  # the line that closes a form
        ([None, "以 下 余 白", None], True),
        (["以下空白"], True),
        (["以下余白", "サトウ タロウ"], False),
        (["以下余白あり"], False),
        (["（以下余白）"], True),  # in brackets, or with a full stop
        (["以下余白。"], True),
        (["【以上】"], True),
        (["（以下余白）", "サトウ タロウ"], False),
        (["以上"], True),  # the line that closes a document
        ([None, "以　上"], True),
        (["－以上－"], True),
        (["以上。"], True),
        (["以上", "サトウ タロウ"], False),
        (["以上の通り"], False),
    ],
)
def test_a_footnote_is_told_from_a_row_that_only_mentions_one(
    cells: list[object], note: bool
) -> None:
    assert is_totals_or_note_row(cells) is note
