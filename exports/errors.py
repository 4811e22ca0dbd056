"""The one error an export raises when it will not write a file; its message tells the registrar
why."""

from __future__ import annotations

from typing import Any

from records.errors import IreiError
from records.messages import Message


class ExportRefused(IreiError):
    """An export that would lose or alter data, or has nowhere to go; the message is one line,
    a Message the interface can translate."""

    def __init__(self, template: str, /, **values: Any) -> None:
        # Only line breaks are folded: a name's full-width space (髙橋　清) must reach the user
        # exactly as written.
        folded = {k: _one_line(v) for k, v in values.items()}
        super().__init__(Message(template, **folded))


def _one_line(value: object) -> object:
    if isinstance(value, str) and not isinstance(value, Message):
        return " ".join(value.splitlines())
    return value  # a Message (a reason) stays one, so it is translated with the rest
