"""Messages for the user, in English, that remember how they were made: an interface in
another language looks up the template in its catalog and fills in the same values."""

from __future__ import annotations

from typing import Any


class Message(str):
    """``Message("there is no month {month}", month=13)`` is the string "there is no month
    13", and keeps the template and the values for a translation. Values are put in as they
    are: a name or a cell value holding braces is never read as a template."""

    template: str
    values: dict[str, Any]

    def __new__(cls, template: str, /, **values: Any) -> Message:
        message = super().__new__(cls, template.format(**values) if values else template)
        message.template = template
        message.values = values
        return message

    def __getnewargs_ex__(self) -> tuple[tuple[str], dict[str, Any]]:
        """Sent to another process (the import's reader), it arrives whole."""
        return (self.template,), self.values
