"""CSV files through importers.readers.open_workbook: UTF-8 with or without BOM and cp932 are
read, any other encoding is refused saying where, before a single row is imported."""

from __future__ import annotations

from pathlib import Path

import pytest

from importers.errors import ImportRefused
from importers.readers import SheetRows, open_workbook


def rows_of(sheet: SheetRows) -> dict[int, list[object]]:
    return dict(sheet.rows)


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


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_a_utf16_csv_is_refused_as_what_it_is(tmp_path: Path, encoding: str) -> None:
    """Excel's "Unicode text" begins with the BOM that names it: said so, not as bytes that
    are neither UTF-8 nor cp932."""
    path = tmp_path / "unicode.csv"
    path.write_bytes("\ufeff検体番号,鑑定種別\n".encode(encoding))
    with pytest.raises(ImportRefused) as refused:
        open_workbook(path)
    assert str(refused.value) == (
        f"{path}: this file is UTF-16 (Unicode text): save it again as CSV UTF-8"
    )


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


def test_a_line_break_in_a_quoted_field_of_a_windows_csv_is_read_as_a_cells(
    tmp_path: Path,
) -> None:
    """Excel writes CRLF between records and inside a quoted field; a cell typed with
    Alt+Enter holds a bare LF, so the same remark must read the same from either file."""
    path = tmp_path / "crlf.csv"
    path.write_bytes('検体番号,備考\r\nHB-012-20-0009,"二行\r\nの備考"\r\n'.encode())
    assert list(open_workbook(path)[0].rows) == [
        (1, ["検体番号", "備考"]),
        (2, ["HB-012-20-0009", "二行\nの備考"]),
    ]


# --- a quote left open ----------------------------------------------------------------------

LOTS_HEADER = "整理番号,収集年度,埋葬地番号,柱数,検体番号,備考\n"


def lots_csv(path: Path, rows: int, remarks: dict[int, str]) -> Path:
    """A recovery results file of `rows` lots, the nth holding remarks[n] as its 備考."""
    lines = [
        f"2004-ZB-022-{n:05d},平成16年度,ZB-022,1,ZB-022-04-{n:04d},{remarks.get(n, '')}\n"
        for n in range(1, rows + 1)
    ]
    path.write_text(LOTS_HEADER + "".join(lines), encoding="utf-8")
    return path


def test_a_quote_left_open_to_the_end_of_the_file_is_refused_naming_where(
    tmp_path: Path,
) -> None:
    path = lots_csv(tmp_path / "open.csv", 10, {2: '"要確認'})
    with pytest.raises(ImportRefused) as refused:
        rows_of(open_workbook(path)[0])
    assert str(refused.value) == (
        f"{path}: damaged CSV: the row on line 3 opens a quote in column 6 and never closes it"
    )


def test_a_quote_open_in_the_last_row_is_refused_too(tmp_path: Path) -> None:
    path = tmp_path / "last.csv"
    path.write_text(LOTS_HEADER + '2004-ZB-022-00001,平成16年度,ZB-022,1,"ZB-022', encoding="utf-8")
    with pytest.raises(ImportRefused, match="row on line 2 opens a quote in column 5 and never"):
        rows_of(open_workbook(path)[0])


def test_a_quote_left_open_below_a_multi_line_remark_is_refused_at_its_own_line(
    tmp_path: Path,
) -> None:
    path = lots_csv(tmp_path / "below.csv", 10, {2: '"二行\nの備考"', 5: '"要確認'})
    with pytest.raises(ImportRefused, match="row on line 7 opens a quote in column 6 and never"):
        rows_of(open_workbook(path)[0])


def test_a_quote_closed_rows_later_is_refused_naming_the_first_row_it_takes_in(
    tmp_path: Path,
) -> None:
    path = lots_csv(tmp_path / "late.csv", 10, {2: '"要確認', 8: '"'})
    with pytest.raises(ImportRefused) as refused:
        rows_of(open_workbook(path)[0])
    assert str(refused.value) == (
        f"{path}: damaged CSV: the row on line 3 opens a quote in column 6 that takes in line 4, "
        "which reads as a row of its own"
    )


def test_multi_line_remarks_are_read_whole_when_no_line_reads_as_a_row(tmp_path: Path) -> None:
    # A line of text may hold a comma or four (one fewer than the header's delimiters), and
    # the row's other fields may follow the closing quote on its last line.
    remarks = {2: '"要確認\n追記, 令和5年, 担当, 課, 係"', 3: '"二行\r\nの備考"'}
    path = lots_csv(tmp_path / "remarks.csv", 4, remarks)
    first = tmp_path / "first.csv"
    first.write_text(
        '備考,整理番号,埋葬地番号\n"一行目\n二行目",2004-ZB-022-00001,ZB-022\n', encoding="utf-8"
    )
    rows = rows_of(open_workbook(path)[0])
    assert [rows[n][5] for n in (3, 4)] == ["要確認\n追記, 令和5年, 担当, 課, 係", "二行\nの備考"]
    assert rows[5][0] == "2004-ZB-022-00004"
    assert rows_of(open_workbook(first)[0])[2] == ["一行目\n二行目", "2004-ZB-022-00001", "ZB-022"]
