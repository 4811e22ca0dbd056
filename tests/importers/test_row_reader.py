"""A row read through the profile's converters, whose readings are cached by cell value."""

from __future__ import annotations

from datetime import date

import pytest

from importers.headers import Layout
from importers.normalise import Memo, RowReader
from importers.profiles import get_profile


def _reader() -> RowReader:
    profile = get_profile("soviet_deaths")
    columns = {column.field: column for column in profile.columns}
    positions = ((columns["remarks"], 0), (columns["birth_year"], 1), (columns["death"], 2))
    return RowReader.for_layout(Layout(profile, "名簿", 1, (), positions))


def test_equal_cells_of_other_types_read_as_themselves() -> None:
    """1, 1.0 and True are equal keys: the cache must not hand one the reading of another."""
    reader = _reader()
    read = [reader.read([cell])[0]["remarks"] for cell in ("1", 1, True, 1.0, "1", True, None)]
    assert read == ["1", "1", "TRUE", "1", "1", "TRUE", ""]


def test_text_dates_and_date_cells_read_alike_again_and_again() -> None:
    reader = _reader()
    rows = [[None, "大正2年", "昭和21年2月13日"], [None, 1913, date(1946, 2, 13)]] * 3
    read = [reader.read(cells)[0] for cells in rows]
    assert {fields["birth_year"].value for fields in read} == {1913}
    assert {fields["death"].value for fields in read} == {"1946-02-13"}


def test_a_cell_that_cannot_be_read_is_refused_each_time_it_recurs() -> None:
    reader = _reader()
    for _ in range(2):
        fields, errors = reader.read([None, "大正百年", None])
        assert "birth_year" not in fields
        assert [error.column for error in errors] == ["生年"]


def test_a_full_memo_starts_again() -> None:
    calls: list[str] = []
    memo = Memo(lambda text: calls.append(text) or text.upper())
    for text in ("a", "b", "a"):
        assert memo[text] == text.upper()
    assert calls == ["a", "b"]
    memo.update((str(n), "") for n in range(1 << 16))
    assert memo["c"] == "C"
    assert memo == {"c": "C"} and calls == ["a", "b", "c"]


@pytest.mark.parametrize(
    ("cell", "year"),
    [("1921", 1921), ("1921.0", 1921), ("１９２１．０", 1921), ("1,921", 1921), ("大正10年", 1921)],
)
def test_a_year_a_program_wrote_out_as_a_number_reads_as_that_year(cell: str, year: int) -> None:
    fields, errors = _reader().read([None, cell, None])
    assert errors == []
    assert (fields["birth_year"].text, fields["birth_year"].value) == (cell, year)


@pytest.mark.parametrize(
    ("cell", "reason"),
    [(1921.5, "1921.5 is not a year: a whole year from 1868 to this year is expected"),
     (16846.0, "16846 is not a year: a whole year from 1868 to this year is expected"),
     ("1921,5", "not a year spelling we know (e.g. 大正10年"),
     ("千九百二十一", "not a year spelling")],
)  # fmt: skip
def test_a_year_that_is_no_whole_year_is_refused_saying_what_is_expected(
    cell: object, reason: str
) -> None:
    _, [error] = _reader().read([None, cell, None])
    assert error.reason.startswith(reason), error.reason


SERIAL = (
    "looks like an Excel date serial number, not a date: the date lost its date format "
    "before the file was saved, and the cell holds its number as text."
)


@pytest.mark.parametrize(
    ("cell", "reason"),
    [("16846", f"16846 {SERIAL}"), ("１６８４６", f"16846 {SERIAL}"),
     ("16846.5", f"16846.5 {SERIAL}"),  # with a time of day
     # no date of a serial yet, nor a number cell, which says it is a number
     ("99999", "a year without an era must have four digits"),
     (16846.0, "a number, not a date")],
)  # fmt: skip
def test_a_date_written_as_an_excel_serial_is_refused_saying_so_never_read(
    cell: object, reason: str
) -> None:
    fields, [error] = _reader().read([None, None, cell])
    assert "death" not in fields
    assert error.reason.startswith(reason), error.reason


YEAR_SERIAL = (
    "looks like an Excel date serial number, not a year: the date lost its date format "
    "before the file was saved, and the cell holds its number as text."
)


@pytest.mark.parametrize(
    ("cell", "reason"),
    [("16846", f"16846 {YEAR_SERIAL}"), ("１６８４６", f"16846 {YEAR_SERIAL}"),
     ("16846.5", f"16846.5 {YEAR_SERIAL}"), ("16846.0", f"16846.0 {YEAR_SERIAL}"),
     # no date of a serial yet; a number cell says it is no year
     ("99999", "a year without an era must have four digits"),
     (16846.0, "16846 is not a year: a whole year from 1868 to this year is expected")],
)  # fmt: skip
def test_a_year_of_birth_written_as_an_excel_serial_is_refused_saying_so_never_read(
    cell: object, reason: str
) -> None:
    fields, [error] = _reader().read([None, cell, None])
    assert "birth_year" not in fields
    assert error.reason.startswith(reason), error.reason


def _fiscal_year(cell: object) -> object:
    profile = get_profile("recovery")
    [column] = [c for c in profile.columns if c.field == "fiscal_year"]
    reader = RowReader.for_layout(Layout(profile, "実績", 1, (), ((column, 0),)))
    fields, errors = reader.read([cell])
    return errors[0].reason if errors else fields["fiscal_year"].value


@pytest.mark.parametrize(
    ("cell", "read"),
    [("2004.0", 2004), ("2,004", 2004), (2004.0, 2004), ("平成16年度", 2004),
     (2004.5, "2004.5 is not a fiscal year: a whole year is expected (e.g. 2004年度 or "
              "令和元年度)")],
)  # fmt: skip
def test_a_fiscal_year_written_out_as_a_number_reads_as_that_year(
    cell: object, read: object
) -> None:
    assert _fiscal_year(cell) == read


def _prefecture(cell: object) -> object:
    profile = get_profile("soviet_deaths")
    [column] = [c for c in profile.columns if c.field == "prefecture_code"]
    reader = RowReader.for_layout(Layout(profile, "名簿", 1, (), ((column, 0),)))
    fields, errors = reader.read([cell])
    return errors[0].reason if errors else fields["prefecture_code"].code


@pytest.mark.parametrize(
    ("cell", "code"),
    [(47, "47"), ("07", "07"), ("７", "07"), ("０７", "07"), (7, "07"), (7.0, "07"),
     ("7.0", "07"), ("1", "01"), ("福島県", "07"), ("福島", "07"), (None, "")],
)  # fmt: skip
def test_a_home_prefecture_written_as_its_jis_code_reads_as_that_prefecture(
    cell: object, code: str
) -> None:
    assert _prefecture(cell) == code


@pytest.mark.parametrize(
    ("cell", "reason"),
    [(48, "'48' is not a prefecture code: the code must be 01 to 47 (JIS X 0401)"),
     ("００", "'００' is not a prefecture code: the code must be 01 to 47 (JIS X 0401)"),
     (7.5, "'7.5' is not a prefecture or former territory"),
     ("東京市", "'東京市' is not a prefecture or former territory"),
     ("長崎県、佐賀県",
      "'長崎県、佐賀県' names more than one prefecture (長崎県、佐賀県): give the one the "
      "record means")],
)  # fmt: skip
def test_a_number_of_no_prefecture_is_refused_saying_the_codes_there_are(
    cell: object, reason: str
) -> None:
    assert _prefecture(cell) == reason


@pytest.mark.parametrize(
    ("profile_name", "field", "written"),
    [("soviet_deaths", "burial_site", "不明"), ("soviet_deaths", "burial_site", "不詳"),
     ("recovery", "burial_site", "不明"), ("recovery", "burial_site", "？")],
)  # fmt: skip
def test_a_burial_site_written_unknown_reads_as_no_site_as_a_blank_one(
    profile_name: str, field: str, written: str
) -> None:
    profile = get_profile(profile_name)
    column = next(column for column in profile.columns if column.field == field)
    reader = RowReader.for_layout(Layout(profile, "名簿", 1, (), ((column, 0),)))
    assert reader.read([written]) == ({field: None}, [])
