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
