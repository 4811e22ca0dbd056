"""Where the pipeline's rows come from. Every file is first opened by importers.readers, which
checks and refuses hostile or broken files whole. A checked .xlsx is then iterated with
python-calamine: readers' own XML streaming runs about five times slower than calamine
(bench/bench_readers.py), which alone would miss the import's speed target."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

from importers import readers
from importers.errors import ImportRefused
from importers.readers import SheetRows


def open_sheets(path: str | Path) -> list[SheetRows]:
    """The file's sheets, refused whole (ImportRefused) when the file is unsafe or broken."""
    path = Path(path)
    sheets = readers.open_workbook(path)
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return sheets
    for sheet in sheets:
        # The streams readers prepared are not used: close them without reading.
        sheet.rows.close()  # type: ignore[attr-defined]
    return _calamine_sheets(path, [(s.name, s.hidden) for s in sheets])


def _calamine_sheets(path: Path, names: list[tuple[str, bool]]) -> list[SheetRows]:
    from python_calamine import CalamineError, CalamineWorkbook

    _refuse_doctype_in_data_parts(path)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except (CalamineError, ValueError, OSError) as error:
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise ImportRefused(path, f"not a readable workbook ({first})") from None
    return [
        SheetRows(name, hidden, _guarded(path, readers.calamine_rows(workbook, name)))
        for name, hidden in names
    ]


def _guarded(path: Path, rows: Iterator[readers.Row]) -> Iterator[readers.Row]:
    try:
        yield from rows
    except Exception as error:  # calamine's Rust errors arrive as several exception types
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise ImportRefused(path, f"damaged sheet ({first})") from None


def _refuse_doctype_in_data_parts(path: Path) -> None:
    # readers checks the sheets and shared strings only when it streams them; calamine reads
    # them instead, so the same DOCTYPE refusal (entity bombs) runs here first.
    with zipfile.ZipFile(path) as archive:
        for member in archive.namelist():
            if member.startswith("xl/") and member.endswith(".xml"):
                readers.refuse_doctype(path, archive, member)
