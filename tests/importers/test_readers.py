"""The file readers on the ministry's sample files and on hostile files built in tmp_path."""

# ruff: noqa: E501  (XML fixtures and data tables read better on one line each)

from __future__ import annotations

import json
import struct
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from importers.cells import clean_text, expand_specimens, parse_count, parse_int
from importers.errors import ImportRefused
from importers.readers import SheetRows, open_workbook
from records.dates import parse_date, parse_fiscal_year, parse_year
from records.prefectures import prefecture_code, prefecture_name
from records.sites import parse_site_code, parse_site_name

SAMPLES = Path("/work/shared/samples")
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


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


def write_xlsx(path: Path, sheet_xml: str, parts: dict[str, str] | None = None) -> Path:
    """A minimal workbook around one sheet's XML; `parts` adds or replaces zip members."""
    members = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "_rels/.rels": f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/styles.xml": f'<styleSheet xmlns="{MAIN}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>',
        "xl/worksheets/sheet1.xml": sheet_xml,
    }  # fmt: skip
    members.update(parts or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in members.items():
            z.writestr(name, text)
    return path


def sheet(rows: str, prefix: str = "") -> str:
    ns = f"xmlns:{prefix[:-1]}" if prefix else "xmlns"
    return f'<{prefix}worksheet {ns}="{MAIN}"><{prefix}sheetData>{rows}</{prefix}sheetData></{prefix}worksheet>'  # fmt: skip


@pytest.mark.parametrize(
    ("rows_xml", "expected"),
    [
        # a built-in date format (14) on a serial: 17462 is 1947-10-22
        ('<row r="1"><c r="A1" s="1"><v>17462</v></c></row>', {1: [date(1947, 10, 22)]}),
        # phonetic guides (furigana) are not part of the text
        ('<row r="1"><c r="A1" t="inlineStr"><is><r><t>齋藤</t></r><rPh sb="0" eb="2"><t>サイトウ</t></rPh></is></c></row>', {1: ["齋藤"]}),
        # escaped characters: XML references and OOXML's _xHHHH_
        ('<row r="1"><c r="A1" t="inlineStr"><is><t>A&amp;B&#12354;_x000D_</t></is></c></row>', {1: ["A&Bあ\r"]}),
        # formula results, errors and booleans
        ('<row r="1"><c r="A1" t="str"><f>A2</f><v>文字</v></c><c r="B1" t="e"><v>#N/A</v></c><c r="C1" t="b"><v>0</v></c></row>', {1: ["文字", "#N/A", False]}),
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


def test_rows_stream_without_reading_the_whole_sheet(tmp_path: Path) -> None:
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 200_001))
    path = write_xlsx(tmp_path / "big.xlsx", sheet(rows))
    stream = open_workbook(path)[0].rows
    assert next(stream) == (1, [1])
    assert sum(1 for _ in stream) == 199_999


# --- hostile files -------------------------------------------------------------------------

BOMB = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10))
    + "]>"
)  # fmt: skip


@pytest.mark.parametrize(
    "member", ["xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"]
)
def test_xml_entity_bomb_is_refused(tmp_path: Path, member: str) -> None:
    bomb = BOMB + f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'  # fmt: skip
    path = write_xlsx(tmp_path / "bomb.xlsx", sheet(""), {member: bomb})
    with pytest.raises(ImportRefused, match="DOCTYPE"):
        for s in open_workbook(path):
            list(s.rows)


def test_zip_bomb_by_compression_ratio_is_refused(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "ratio.xlsx", sheet(""))
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/media/zeros.bin", bytes(64 * 1024 * 1024))
    with pytest.raises(ImportRefused, match=r"compressed .*:1 \(zip bomb"):
        open_workbook(path)


def test_zip_bomb_by_declared_size_is_refused(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "declared.xlsx", sheet(""))
    data = bytearray(path.read_bytes())
    # Patch the central directory's record of the sheet to declare about 4 GB unpacked.
    name = b"xl/worksheets/sheet1.xml"
    entry = data.rindex(name) - 46
    assert data[entry : entry + 4] == b"PK\x01\x02"
    struct.pack_into("<I", data, entry + 24, 0xFFFF0000)
    path.write_bytes(bytes(data))
    with pytest.raises(ImportRefused, match="would unpack to"):
        open_workbook(path)


def test_truncated_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cut.xlsx"
    whole = (SAMPLES / "soviet_deaths_clean.xlsx").read_bytes()
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(ImportRefused) as refused:
        open_workbook(path)
    assert str(refused.value) == f"{path}: not a spreadsheet (truncated or damaged zip archive)"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file (0 bytes)"),
        (b"\x00\x01 random bytes", "not a spreadsheet (not a zip archive)"),
        ("番号,氏名\n1,内田\n".encode(), "not a spreadsheet (not a zip archive)"),
        (b"<html><body><table>", "not a spreadsheet (an HTML or XML page with a workbook name)"),
    ],
)
def test_files_that_are_not_workbooks_are_refused(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(content)
    with pytest.raises(ImportRefused) as refused:
        open_workbook(path)
    assert (refused.value.file, refused.value.reason) == (str(path), reason)


@pytest.mark.parametrize("suffix", [".xlsx", ".xls"])
def test_password_protected_workbook_is_refused(tmp_path: Path, suffix: str) -> None:
    directory_entry = "EncryptedPackage".encode("utf-16-le").ljust(64, b"\x00")
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + directory_entry + bytes(4096)
    path = tmp_path / f"locked{suffix}"
    path.write_bytes(ole)
    with pytest.raises(
        ImportRefused, match="password-protected workbook: save it without a password"
    ):
        open_workbook(path)


def test_old_xls_named_xlsx_is_refused_with_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "old.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    with pytest.raises(ImportRefused, match=r"rename it to \.xls"):
        open_workbook(path)


def test_zip_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "word.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", "<document/>")
    with pytest.raises(ImportRefused, match=r"no xl/workbook\.xml"):
        open_workbook(path)


def test_damaged_cell_is_refused_not_skipped(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "bad.xlsx", sheet('<row r="1"><c r="A1" t="s"><v>5</v></c></row>'))
    with pytest.raises(ImportRefused, match="unreadable cell"):
        list(open_workbook(path)[0].rows)


@pytest.mark.parametrize("name", ["notes.pdf", "noext"])
def test_unsupported_file_types_are_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(ImportRefused, match="unsupported file type"):
        open_workbook(path)


# --- CSV encodings -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoded", "first"),
    [
        ("検体番号,鑑定種別\n".encode(), "検体番号"),
        ("\ufeff検体番号,鑑定種別\n".encode(), "検体番号"),  # Excel's "CSV UTF-8" adds a BOM
        ("検体番号,鑑定種別\n".encode("cp932"), "検体番号"),
        ("髙橋,﨑\n".encode("cp932"), "髙橋"),  # NEC/IBM extensions exist only in cp932
    ],
)
def test_csv_in_utf8_or_cp932(tmp_path: Path, encoded: bytes, first: str) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(encoded)
    assert rows_of(open_workbook(path)[0])[1][0] == first


def test_latin1_csv_is_refused_saying_where(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("specimen,note\nHB-012-20-0009,café,\n".encode("latin-1"))
    with pytest.raises(ImportRefused) as refused:
        open_workbook(path)
    message = str(refused.value)
    assert "neither UTF-8" in message and "cp932" in message
    assert "byte 0xE9 at offset 32, line 2" in message


def test_csv_with_a_bad_byte_near_the_end_is_refused_before_any_row(tmp_path: Path) -> None:
    path = tmp_path / "late.csv"
    path.write_bytes("検体番号\n".encode() * 300_000 + b"\xff\n")
    with pytest.raises(ImportRefused, match="line 300001"):
        open_workbook(path)


def test_csv_streams_records_with_embedded_newlines(tmp_path: Path) -> None:
    path = tmp_path / "multi.csv"
    path.write_text(
        '検体番号,備考\nHB-012-20-0009,"二行\nの備考"\n\n,\nHB-012-20-0010,\n', encoding="utf-8"
    )
    assert list(open_workbook(path)[0].rows) == [
        (1, ["検体番号", "備考"]),
        (2, ["HB-012-20-0009", "二行\nの備考"]),
        (5, ["HB-012-20-0010"]),
    ]


@pytest.mark.parametrize("name", ["old.xls", "sheet.ods", "binary.xlsb"])
def test_damaged_calamine_formats_are_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"this is not a workbook at all")
    with pytest.raises(ImportRefused, match="not a readable"):
        open_workbook(path)


def test_ods_zip_bomb_is_refused_before_calamine_reads_it(tmp_path: Path) -> None:
    path = tmp_path / "bomb.ods"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", bytes(64 * 1024 * 1024))
    with pytest.raises(ImportRefused, match="zip bomb"):
        open_workbook(path)


@pytest.mark.parametrize("name", ["soviet_deaths_messy.xlsx", "recovery_messy.xlsx"])
def test_calamine_engine_reads_the_same_rows(name: str) -> None:
    def normalised(sheet: SheetRows) -> list[tuple[int, list[object]]]:
        return [(n, [int(v) if isinstance(v, float) and v.is_integer() else v for v in values])
                for n, values in sheet.rows]  # fmt: skip

    streamed = open_workbook(SAMPLES / name)
    read_whole = open_workbook(SAMPLES / name, engine="calamine")
    assert [(s.name, s.hidden) for s in read_whole] == [(s.name, s.hidden) for s in streamed]
    assert [normalised(s) for s in read_whole] == [normalised(s) for s in streamed]


def test_calamine_engine_still_refuses_entity_bombs(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "bomb.xlsx", sheet(""), {"xl/styles.xml": BOMB + "<styleSheet/>"})
    with pytest.raises(ImportRefused, match="DOCTYPE"):
        open_workbook(path, engine="calamine")
