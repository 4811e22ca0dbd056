"""The import screen's file picker: the folders, and the files the import can read."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual.widgets import DirectoryTree

from importers.readers import CSV_SUFFIXES, WORKBOOK_SUFFIXES

READABLE = CSV_SUFFIXES + WORKBOOK_SUFFIXES


class SpreadsheetTree(DirectoryTree):
    """A DirectoryTree that lists only folders and the workbooks and CSV files the import
    reads: the ministry's files often sit beside the database, its journal, notes and PDFs,
    which the import would only refuse. Hidden files and folders are left
    out, and so are the lock files an office suite keeps beside a workbook open in it (Excel's
    ~$名簿.xlsx, LibreOffice's .~lock.名簿.xlsx#), which are no workbook. A path typed in the
    box above is imported whatever its name."""

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [path for path in paths if _listed(path)]


def _listed(path: Path) -> bool:
    if path.name.startswith((".", "~$")):
        return False
    try:
        if path.is_dir():
            return True
    except OSError:  # a folder we may not look into is no file to import either
        return False
    return path.suffix.lower() in READABLE
