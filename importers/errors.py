"""Errors the import pipeline raises, each carrying a message a registrar can act on."""

from __future__ import annotations

from pathlib import Path

from records.messages import Message


class ImportRefused(Exception):
    """A whole file refused before any of its rows is imported."""

    def __init__(self, file: str | Path, reason: str) -> None:
        self.file = str(file)
        self.reason = reason
        super().__init__(Message("{file}: {reason}", file=self.file, reason=reason))

    def __reduce__(self) -> tuple[type[ImportRefused], tuple[object, ...]]:
        # Sent from the reading process (importers.reading): rebuilt from its fields, since
        # an exception unpickles by calling its class with its message.
        return ImportRefused, (self.file, self.reason)


class SheetsToChoose(ImportRefused):
    """A workbook with several visible sheets whose headers a profile fits (an example sheet
    記入例 and the real one, or one sheet a year): which to import is the registrar's choice.
    ``profiles``: the profile each sheet fits, in the same order."""

    def __init__(self, file: str | Path, sheets: list[str], profiles: list[str]) -> None:
        self.sheets = sheets
        self.profiles = profiles
        if len(set(profiles)) > 1:  # a rejects workbook of a run of files of several formats
            reason = Message(
                "{count} sheets have headers of different import profiles ({sheets}): import "
                "them one at a time, each chosen with --sheet",
                count=len(sheets),
                sheets="、".join(f"{s} ({p})" for s, p in zip(sheets, profiles, strict=True)),
            )
        else:
            reason = Message(
                "{count} sheets have headers an import profile fits ({sheets}); choose them "
                "with --sheet",
                count=len(sheets),
                sheets="、".join(sheets),
            )
        super().__init__(file, reason)

    def __reduce__(self) -> tuple[type[SheetsToChoose], tuple[object, ...]]:
        return SheetsToChoose, (self.file, self.sheets, self.profiles)


def first_line(error: BaseException) -> str:
    """What a reader's exception says, on one line; its type when it says nothing."""
    return str(error).splitlines()[0] if str(error) else type(error).__name__


def damaged_sheet(file: str | Path, sheet: str, error: BaseException) -> ImportRefused:
    """The refusal of a sheet whose contents a reader could not get through."""
    reason = Message("damaged sheet {sheet} ({error})", sheet=sheet, error=first_line(error))
    return ImportRefused(file, reason)


class CellUnreadable(ValueError):
    """One cell whose value cannot be read; the pipeline adds file, sheet, row and column."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class RowRejected(Exception):
    """One row that cannot be imported, with where it is and why, so staff can fix the cell."""

    def __init__(
        self, file: str, sheet: str, row: int, column: str, value: object, reason: str
    ) -> None:
        self.file = file
        self.sheet = sheet
        self.row = row
        self.column = column
        # calamine reads every number cell as a float: the cell the registrar sees says 16846.
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        self.value = value
        self.reason = reason
        where = f"{file} [{sheet}] row {row}" + (f", column {column}" if column else "")
        shown = "" if value is None or value == "" else f" ({value!r})"
        super().__init__(f"{where}{shown}: {reason}")

    def __reduce__(self) -> tuple[type[RowRejected], tuple[object, ...]]:
        # Rejected rows are sent from the reading process (importers.reading): rebuilt from
        # their fields, since an exception unpickles by calling its class with its message.
        return RowRejected, (self.file, self.sheet, self.row, self.column, self.value, self.reason)

    def as_dict(self) -> dict[str, object]:
        value = self.value if isinstance(self.value, str | int | float | None) else str(self.value)
        return {
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "value": value,
            "reason": self.reason,
        }
