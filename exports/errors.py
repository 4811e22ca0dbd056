"""The one error an export raises when it will not write a file; its message tells the registrar
why."""

from __future__ import annotations

from records.errors import IreiError


class ExportRefused(IreiError):
    """An export that would lose or alter data, or has nowhere to go; the message is one line."""

    def __init__(self, message: str) -> None:
        # Only line breaks are folded: a name's full-width space (髙橋　清) must reach the user
        # exactly as written.
        super().__init__(" ".join(message.splitlines()))
