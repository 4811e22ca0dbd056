"""A row read through the profile's converters, whose readings are cached by cell value."""

from __future__ import annotations

from datetime import date

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
