"""The .xlsx sheet reader that streams the XML (importers.xlsx_stream) gives every row and
value exactly as calamine does, types included, and leaves to calamine, from the row where
it stopped, what it does not read itself."""

# ruff: noqa: E501  (XML fixtures read better on one line each)

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from importers import xlsx_stream
from importers.readers import Row, open_workbook
from importers.workbook_rows import WorkbookSheet, load_workbook
from importers.xlsx_stream import NotPlain, open_streamed
from tests.importers.xlsx_parts import MAIN, sheet, write_xlsx

SAMPLES = Path("/work/shared/samples")
STYLES = (
    f'<styleSheet xmlns="{MAIN}"><numFmts count="4"><numFmt numFmtId="164" formatCode="yyyy/m/d"/>'
    '<numFmt numFmtId="165" formatCode="[$-411]ggge&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>'
    '<numFmt numFmtId="166" formatCode="[h]:mm:ss"/><numFmt numFmtId="167" formatCode="0.00"/></numFmts>'
    '<cellXfs count="8"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="22"/><xf numFmtId="164"/>'
    '<xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="167"/><xf numFmtId="49"/></cellXfs></styleSheet>'
)


def typed(rows: list[Row]) -> list[tuple[int, list[tuple[type, object]]]]:
    """Rows with each value's type beside it: 1 and 1.0 and True are equal, not the same."""
    return [(number, [(type(v), v) for v in values]) for number, values in rows]


def both(path: Path) -> tuple[list[Row], list[Row]]:
    """The first sheet's rows as the reader gives them, and as calamine alone reads them."""
    book = load_workbook(path)
    name = book.sheet_names[0]
    return list(WorkbookSheet(path, book, name).rows()), list(
        WorkbookSheet(path, book, name)._calamine_rows()
    )


def streams_whole(path: Path) -> bool:
    """Whether the first sheet is read to its end without calamine."""
    try:
        list(open_streamed(path, load_workbook(path).sheet_names[0]).rows())
    except NotPlain:
        return False
    return True


@pytest.mark.parametrize(
    "name", ["soviet_deaths_clean", "soviet_deaths_messy", "recovery_clean", "recovery_messy"]
)
def test_the_samples_stream_as_calamine_reads_them(name: str) -> None:
    path = SAMPLES / f"{name}.xlsx"
    streamed, calamine = both(path)
    assert typed(streamed) == typed(calamine)
    assert streams_whole(path)


def test_what_openpyxl_writes_streams_as_calamine_reads_it(tmp_path: Path) -> None:
    from datetime import date, datetime, time

    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    values: list[object] = [1, 2.5, -0.0, 1e20, True, False, "a&b<c>", "x_x000D_y", "一\n二", " 空白 ", "",
                            date(1946, 2, 13), datetime(1946, 2, 13), "=1+1"]  # fmt: skip
    for column, value in enumerate(values, 1):
        ws.cell(1, column, value)
    ws.cell(3, 2, "飛び")
    ws.cell(4, 1).number_format = "yyyy/m/d"  # styled, empty
    for row, code in enumerate(
        ["yyyy/m/d", "[$-411]ggge年m月d日", "m/d/yy h:mm", "0.00", "@", "yyyy年m月"], 5
    ):
        ws.cell(row, 1, 16846).number_format = code
    ws.merge_cells("C5:C8")
    ws["C5"] = "ハバロフスク地方第1埋葬地"
    ws.cell(20, 1, time(10, 30))  # not a plain date: calamine reads it
    book.save(tmp_path / "o.xlsx")
    streamed, calamine = both(tmp_path / "o.xlsx")
    assert typed(streamed) == typed(calamine)


@pytest.mark.parametrize(
    ("rows_xml", "plain"),
    [
        # dates in built-in, custom and era formats; a date and time at midnight; 0.00; text (@)
        (
            '<row r="1"><c r="A1" s="1"><v>17462</v></c><c r="B1" s="2"><v>17462</v></c><c r="C1" s="3"><v>17462</v></c><c r="D1" s="4"><v>17462</v></c><c r="E1" s="6"><v>17462</v></c><c r="F1" s="7"><v>17462</v></c></row>',
            True,
        ),
        # a time of day, a duration, Excel's first days: left to calamine
        (
            '<row r="1"><c r="A1" s="1"><v>100</v></c></row><row r="2"><c r="A2" s="1"><v>17462.5</v></c></row>',
            False,
        ),
        ('<row r="1"><c r="A1" s="5"><v>1.25</v></c></row>', False),
        ('<row r="1"><c r="A1" s="1"><v>60</v></c><c r="B1" s="1"><v>1</v></c></row>', False),
        # booleans, errors (with and without their formula), formula results
        (
            '<row r="1"><c r="A1" t="b"><v>1</v></c><c r="B1" t="e"><f>VLOOKUP(X1,Y:Z,2,0)</f><v>#N/A</v></c><c r="C1" t="e"><v>#DIV/0!</v></c><c r="D1" t="str"><f>A2&amp;"様"</f><v>佐藤様</v></c><c r="E1"><f>1+1</f><v>2</v></c></row>',
            True,
        ),
        # a formula saved without its value, and one saved as empty text
        (
            '<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><f>SUM(A1:A1)</f></c></row>',
            False,
        ),
        (
            '<row r="1"><c r="A1" t="str"><f>IF(B1="","",B1)</f><v></v></c><c r="B1"><v>3</v></c></row>',
            False,
        ),
        # inline strings: plain, kept spaces, rich, with a reading; escapes
        (
            '<row r="1"><c r="A1" t="inlineStr"><is><t xml:space="preserve"> 前後 </t></is></c><c r="B1" t="inlineStr"><is><r><t>齋</t></r><r><rPr><b/></rPr><t>藤</t></r><rPh sb="0" eb="2"><t>サイトウ</t></rPh></is></c><c r="C1" t="inlineStr"><is><t>A&amp;B&#12354;&#x3042;_x000D__x005F_x0041_</t></is></c></row>',
            False,
        ),
        # cells in another attribute order, without references, out of order; rows without numbers
        (
            '<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c t="n" r="B2"><v>1.5</v></c></row><row><c><v>-3</v></c></row>',
            False,
        ),
        ('<row r="1"><c r="B1"><v>2</v></c><c r="A1"><v>1</v></c></row>', False),
        # gaps, styled empty cells, empty and self-closing rows, white space between elements
        (
            '<row r="2" spans="1:4"><c r="C2"><v>7</v></c></row>\n  <row r="5"/><row r="9" ht="20" customHeight="1"><c r="A9"><v>1</v></c><c r="B9" s="1"/><c r="D9" s="0"><v>4</v></c><c r="E9" s="1" /></row><row r="10"></row>',
            True,
        ),
        # a cell whose reference names another row than its row's
        ('<row r="1"><c r="A2"><v>1</v></c></row>', False),
        # a type no plain sheet uses: an ISO date
        ('<row r="1"><c r="A1" t="d"><v>1946-02-13T00:00:00</v></c></row>', False),
        # a shared formula, and a dynamic array's cell (cm)
        (
            '<row r="1"><c r="A1"><f t="shared" ref="A1:A2" si="0">B1*2</f><v>4</v></c><c r="B1"><v>2</v></c></row><row r="2"><c r="A2"><f t="shared" si="0"/><v>6</v></c><c r="B2" cm="1"><v>3</v></c></row>',
            False,
        ),
    ],
)
def test_sheet_xml_streams_as_calamine_reads_it(tmp_path: Path, rows_xml: str, plain: bool) -> None:
    path = write_xlsx(tmp_path / "q.xlsx", sheet(rows_xml), {"xl/styles.xml": STYLES})
    streamed, calamine = both(path)
    assert typed(streamed) == typed(calamine)
    assert streams_whole(path) is plain


@pytest.mark.parametrize(
    ("strings", "plain"),
    [
        # plain, empty, kept spaces, escapes, a rich string with a reading (furigana)
        (
            '<si><t>佐藤</t></si><si><t/></si><si><t xml:space="preserve"> 春雄 </t></si><si><t>A&amp;B_x000D_</t></si><si><r><t>齋</t></r><r><rPr><sz val="11"/><rFont val="ＭＳ 明朝"/></rPr><t>藤</t></r><rPh sb="0" eb="2"><t>サイトウ</t></rPh><phoneticPr fontId="1"/></si>',
            True,
        ),
        (
            '<si><t>漢字</t><rPh sb="0" eb="2"><t>カンジ</t></rPh><phoneticPr fontId="1" type="noConversion"/></si><si></si><si/>',
            True,
        ),
        # an element no plain string holds: calamine reads the strings
        ("<si><t>一</t></si><si><x>二</x></si>", False),
    ],
)
def test_shared_strings_stream_as_calamine_reads_them(
    tmp_path: Path, strings: str, plain: bool
) -> None:
    count = strings.count("<si")
    cells = "".join(f'<c r="{chr(65 + n)}1" t="s"><v>{n}</v></c>' for n in range(count))
    parts = {"xl/sharedStrings.xml": f'<sst xmlns="{MAIN}">{strings}</sst>'}
    path = write_xlsx(tmp_path / "s.xlsx", sheet(f'<row r="1">{cells}</row>'), parts)
    streamed, calamine = both(path)
    assert typed(streamed) == typed(calamine)
    assert streams_whole(path) is plain


def test_a_1904_workbook_dates_stream_as_calamine_reads_them(tmp_path: Path) -> None:
    workbook = f'<workbook xmlns="{MAIN}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr date1904="1"/><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'
    path = write_xlsx(
        tmp_path / "m.xlsx",
        sheet('<row r="1"><c r="A1" s="1"><v>16846</v></c><c r="B1"><v>16846</v></c></row>'),
        {"xl/workbook.xml": workbook},
    )
    streamed, calamine = both(path)
    assert typed(streamed) == typed(calamine)
    assert streams_whole(path)


@pytest.mark.parametrize(
    ("after", "plain"),
    [
        # a vertical merge, a title across the columns, a whole-column merge made by accident
        (
            '<mergeCells count="3"><mergeCell ref="B1:B3"/><mergeCell ref="A5:C5"/><mergeCell ref="C2:C1048576"/></mergeCells>',
            True,
        ),
        # merges written so that this reader leaves them to calamine
        ('<mergeCells count="1"><mergeCell  ref="B1:B3"/></mergeCells>', False),
    ],
)
def test_merged_cells_stream_as_calamine_reads_them(
    tmp_path: Path, after: str, plain: bool
) -> None:
    first = '<c r="B1" t="inlineStr"><is><t>埋葬地</t></is></c><c r="C1"><v>0</v></c>'
    rows = "".join(
        f'<row r="{n}"><c r="A{n}"><v>{n}</v></c>{first if n == 1 else ""}</row>'
        for n in range(1, 6)
    )
    path = write_xlsx(tmp_path / "m.xlsx", sheet(rows, after=after))
    streamed, calamine = both(path)
    assert typed(streamed) == typed(calamine)
    assert streamed[1] == (2, [2, "埋葬地"])
    rows = open_streamed(path, "S")
    list(rows.rows())
    assert (rows.end.exception() is None) is plain


def test_calamine_goes_on_after_the_last_row_streamed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx_stream, "_BLOCK", 64)  # a few rows a block
    plain = "".join(
        f'<row r="{n}"><c r="A{n}"><v>{n}</v></c><c r="B{n}" s="1"><v>{17000 + n}</v></c></row>'
        for n in range(1, 40)
    )
    odd = '<row r="40"><c r="A40" t="d"><v>1946-02-13T00:00:00</v></c></row>'
    rest = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(41, 60))
    path = write_xlsx(tmp_path / "f.xlsx", sheet(plain + odd + rest))
    streamed = open_streamed(path, "S")
    with pytest.raises(NotPlain):
        list(streamed.rows())
    assert 30 <= streamed.last < 40  # the rows before the odd one's block were streamed
    rows, calamine = both(path)
    assert typed(rows) == typed(calamine)
    assert [number for number, _ in rows] == list(range(1, 60))


def test_the_stream_gives_the_last_row_holding_a_value(tmp_path: Path) -> None:
    rows = '<row r="3"><c r="A3"><v>1</v></c></row><row r="7"><c r="A7" s="1"/></row><row r="900" ht="15"/>'
    path = write_xlsx(tmp_path / "l.xlsx", sheet(rows))
    (found,) = open_workbook(path)
    assert list(found.rows) == [(3, [1.0])]
    assert found.last_row() == 3
