"""Where each natural key (番号, 整理番号) was first seen in the file being imported, so that
a row repeating it, on the same sheet or on another sheet imported with it, is refused naming
the first."""

from __future__ import annotations

from collections.abc import Hashable

from records.messages import Message


class KeysSeen:
    """The row of each key seen, by sheet. The sheets read before the current one are kept
    apart, so that a register of a million 番号 costs one dictionary entry each, as when a
    file was one sheet."""

    def __init__(self, here: Message, elsewhere: Message) -> None:
        # The refusal of a row repeating a key first seen on its own sheet, and on another:
        # templates of the key ({number}), the row it was first on ({row}) and its {sheet}.
        self.here, self.elsewhere = here, elsewhere
        self.sheet = ""  # the sheet being read
        self.rows: dict[Hashable, int] = {}  # its keys seen, and their row
        self.earlier: list[tuple[str, dict[Hashable, int]]] = []  # the sheets read before

    def add(self, key: Hashable, sheet: str, row: int) -> None:
        self.on(sheet)[key] = row

    def on(self, sheet: str) -> dict[Hashable, int]:
        """The keys seen on this sheet and their row, to look up and add to directly (at a
        million rows, a method call each costs a second); ``where`` then finds them too."""
        if sheet != self.sheet:
            if self.rows:  # not the nothing seen before the first sheet
                self.earlier.append((self.sheet, self.rows))
            self.sheet, self.rows = sheet, {}
        return self.rows

    def where(self, key: Hashable) -> tuple[str, int] | None:
        """The sheet and the row where the key was first seen; None when it was not."""
        row = self.rows.get(key)
        if row is not None:
            return self.sheet, row
        return self.on_earlier_sheet(key)

    def on_earlier_sheet(self, key: Hashable) -> tuple[str, int] | None:
        """The sheet before the current one and the row where the key was seen, if any."""
        for sheet, rows in self.earlier:
            row = rows.get(key)
            if row is not None:
                return sheet, row
        return None

    def repeated(self, key: Hashable, sheet: str, first: tuple[str, int]) -> Message:
        """The refusal of a row of ``sheet`` repeating ``key``, first seen where ``first``
        says (a sheet and a row, as ``where`` finds them)."""
        first_sheet, row = first
        if first_sheet == sheet:
            return Message(self.here, number=key, row=row)
        return Message(self.elsewhere, number=key, row=row, sheet=first_sheet)
