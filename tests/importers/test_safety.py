"""Files refused whole before any row is read: zip bombs, XML entity bombs, damaged,
truncated or password-protected workbooks, and files that only carry a workbook's name."""

# ruff: noqa: E501  (XML fixtures read better on one line each)

from __future__ import annotations

import shutil
import struct
import zipfile
from pathlib import Path

import openpyxl
import pytest

from importers.errors import ImportRefused
from importers.readers import open_workbook
from tests.importers.conftest import SAMPLES
from tests.importers.xlsx_parts import MAIN, sheet, write_xlsx

BOMB = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10))
    + "]>"
)  # fmt: skip


@pytest.mark.parametrize(
    "member",
    [
        "xl/workbook.xml",
        "xl/worksheets/sheet1.xml",
        "xl/sharedStrings.xml",
        "xl/styles.xml",
        "xl/_rels/workbook.xml.rels",
    ],
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


def declare_sizes(path: Path, member: str, unpacked: int, packed: int | None = None) -> None:
    """Patch the central directory's record of `member` to declare other sizes."""
    data = bytearray(path.read_bytes())
    entry = data.rindex(member.encode()) - 46
    assert data[entry : entry + 4] == b"PK\x01\x02"
    if packed is not None:
        struct.pack_into("<I", data, entry + 20, packed)
    struct.pack_into("<I", data, entry + 24, unpacked)
    path.write_bytes(bytes(data))


def test_zip_bomb_by_declared_size_is_refused(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "declared.xlsx", sheet(""))
    declare_sizes(path, "xl/worksheets/sheet1.xml", unpacked=0xFFFF0000)
    with pytest.raises(ImportRefused, match="would unpack to"):
        open_workbook(path)


def test_styles_part_of_implausible_size_is_refused(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "styles.xlsx", sheet(""))
    declare_sizes(path, "xl/styles.xml", unpacked=100 * 1024**2, packed=2 * 1024**2)
    with pytest.raises(ImportRefused, match=r"xl/styles\.xml is implausibly large"):
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
        ("番号,氏名\n1,内田\n".encode(), "a text file (CSV) named like .xlsx: rename it to .csv"),
        (
            "番号,氏名\n1,内田\n".encode("cp932"),
            "a text file (CSV) named like .xlsx: rename it to .csv",
        ),
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
    with pytest.raises(ImportRefused) as refused:
        list(open_workbook(path)[0].rows)
    assert refused.value.reason.startswith("damaged sheet S (")
    assert "\n" not in str(refused.value)


@pytest.mark.parametrize("name", ["old.xls", "sheet.ods", "binary.xlsb"])
def test_damaged_calamine_formats_are_refused(tmp_path: Path, name: str) -> None:
    """Each of its kind by its first bytes and parts, and damaged inside."""
    path = tmp_path / name
    if name.endswith(".xls"):
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"damaged" * 100)
    else:
        with zipfile.ZipFile(path, "w") as z:
            if name.endswith(".ods"):
                z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
                z.writestr("content.xml", "<unclosed")
            else:
                z.writestr("xl/workbook.bin", b"damaged")
    with pytest.raises(ImportRefused, match="not a readable"):
        open_workbook(path)


@pytest.mark.parametrize("name", ["old.xls", "sheet.ods", "binary.xlsb"])
def test_a_sentence_with_a_workbook_name_is_no_spreadsheet(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"this is not a workbook at all")
    with pytest.raises(
        ImportRefused, match=r"^.*: not a spreadsheet \(not (a zip archive|an Excel)"
    ):
        open_workbook(path)


def test_ods_zip_bomb_is_refused_before_calamine_reads_it(tmp_path: Path) -> None:
    path = tmp_path / "bomb.ods"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", bytes(64 * 1024 * 1024))
    with pytest.raises(ImportRefused, match="zip bomb"):
        open_workbook(path)


def _ods(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    return path


@pytest.mark.parametrize(
    ("made", "named", "reason"),
    [
        ("xlsx", "名簿.csv", "an Excel workbook (.xlsx) named like .csv: rename it to .xlsx"),
        ("xlsx", "名簿.xls", "an Excel workbook (.xlsx) named like .xls: rename it to .xlsx"),
        ("xlsx", "名簿.ods", "an Excel workbook (.xlsx) named like .ods: rename it to .xlsx"),
        (
            "ods",
            "名簿.xls",
            "an OpenDocument spreadsheet (.ods) named like .xls: rename it to .ods",
        ),
        (
            "ods",
            "名簿.xlsx",
            "an OpenDocument spreadsheet (.ods) named like .xlsx: rename it to .ods",
        ),
        (
            "ods",
            "名簿.txt",
            "an OpenDocument spreadsheet (.ods) named like .txt: rename it to .ods",
        ),
        (
            "xls",
            "名簿.csv",
            "an old Excel 97-2003 workbook (.xls) named like .csv: rename it to .xls",
        ),
        (
            "xls",
            "名簿.ods",
            "an old Excel 97-2003 workbook (.xls) named like .ods: rename it to .xls",
        ),
        ("csv", "名簿.xls", "a text file (CSV) named like .xls: rename it to .csv"),
        ("zip", "名簿.csv", "a zip archive, not a text file (CSV)"),
        ("junk", "名簿.xls", "not a spreadsheet (not an Excel 97-2003 workbook)"),
    ],
)
def test_a_file_renamed_to_another_kind_is_refused_saying_what_it_is(
    tmp_path: Path, made: str, named: str, reason: str
) -> None:
    """A registrar who renamed a file, or a system that saved one under another kind's name,
    is told what the file really is; the parser's own words told them nothing."""
    path = tmp_path / named
    if made == "xlsx":
        shutil.copy(SAMPLES / "soviet_deaths_clean.xlsx", path)
    elif made == "ods":
        _ods(path)
    elif made == "xls":
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    elif made == "csv":
        shutil.copy(SAMPLES / "analysis_clean.csv", path)
    elif made == "zip":
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("a.txt", "x")
    else:
        path.write_bytes(b"\x00\x01 random bytes")
    with pytest.raises(ImportRefused) as refused:
        open_workbook(path)
    assert refused.value.reason == reason


def test_an_ods_named_ods_and_an_xlsm_holding_an_xlsx_are_read(tmp_path: Path) -> None:
    macro = tmp_path / "名簿.xlsm"
    shutil.copy(SAMPLES / "soviet_deaths_clean.xlsx", macro)
    assert open_workbook(macro)[0].name
    with pytest.raises(ImportRefused) as refused:  # an .ods, read by calamine, not misnamed
        open_workbook(_ods(tmp_path / "名簿.ods"))
    assert "rename" not in refused.value.reason


def test_a_value_typed_far_outside_the_table_is_refused_before_calamine_loads(
    tmp_path: Path,
) -> None:
    # calamine would ask for 17 billion cells at once and abort the process.
    path = tmp_path / "stray.xlsx"
    shutil.copy(SAMPLES / "recovery_clean.xlsx", path)
    workbook = openpyxl.load_workbook(path)
    workbook.active["XFD1048576"] = "x"
    workbook.save(path)
    with pytest.raises(ImportRefused, match=r"reaches cell XFD1048576 \(1,048,576 rows by 16,384"):
        list(open_workbook(path)[0].rows)


def test_a_sheet_wide_but_short_is_read(tmp_path: Path) -> None:
    path = tmp_path / "wide.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "番号"
    workbook.active["XFD3"] = "x"
    workbook.save(path)
    rows = list(open_workbook(path)[0].rows)
    assert [(number, cells[0], cells[-1], len(cells)) for number, cells in rows] == [
        (1, "番号", "番号", 1),
        (3, None, "x", 16384),
    ]
