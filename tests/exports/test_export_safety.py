"""No exported cell runs as a formula."""

from __future__ import annotations

import pytest

from exports.safety import neutralise


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("\rtext", "'\rtext"),
        (" =1+1", "' =1+1"),  # spreadsheets skip leading blanks before deciding
        ("\u3000=1+1", "'\u3000=1+1"),  # the full-width space as well
        ("髙橋　清", "髙橋　清"),
        ("HB-012-20-0001", "HB-012-20-0001"),  # a minus inside is harmless
        ("1+1=2", "1+1=2"),
        ("", ""),
    ],
)
def test_cells_a_spreadsheet_would_run_get_a_leading_apostrophe(value: str, written: str) -> None:
    assert neutralise(value) == written
