"""Where each natural key (番号, 整理番号) was first seen in the file being imported, so that
a row repeating it, on the same sheet or on another sheet imported with it, is refused naming
the first."""

from __future__ import annotations

from collections.abc import Hashable


class KeysSeen:
    """The row of each key seen, by sheet. The sheets read before the current one are kept
    apart, so that a register of a million 番号 costs one dictionary entry each, as when a
    file was one sheet."""

    def __init__(self) -> None:
        self.sheet = ""  # the sheet being read
        self.rows: dict[Hashable, int] = {}  # its keys seen, and their row
        self.earlier: list[tuple[str, dict[Hashable, int]]] = []  # the sheets read before

    def add(self, key: Hashable, sheet: str, row: int) -> None:
        if sheet != self.sheet:
            self.earlier.append((self.sheet, self.rows))
            self.sheet, self.rows = sheet, {}
        self.rows[key] = row

    def where(self, key: Hashable) -> tuple[str, int] | None:
        """The sheet and the row where the key was first seen; None when it was not."""
        row = self.rows.get(key)
        if row is not None:
            return self.sheet, row
        for sheet, rows in self.earlier:
            row = rows.get(key)
            if row is not None:
                return sheet, row
        return None
