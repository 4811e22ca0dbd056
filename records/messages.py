"""Messages for the user, in English, that remember how they were made: an interface in
another language looks up the template in its catalog and fills in the same values."""

from __future__ import annotations

import errno
import re
import unicodedata
from typing import Any

# What repr() writes for a character it escapes, or for a backslash (kept as repr wrote it).
_ESCAPE = re.compile(r"\\\\|\\x[0-9a-f]{2}|\\u[0-9a-f]{4}")


class Shown(str):
    """A value quoted in a message (``{value!r}``) as the registrar typed it or the file holds
    it: repr() escapes the full-width space between a surname and a given name (石田\\u3000春雄),
    which is a space to them; other invisible characters stay escaped, to be seen."""

    def __repr__(self) -> str:
        def spaced(escape: re.Match[str]) -> str:
            if escape[0] == "\\\\":
                return escape[0]
            char = chr(int(escape[0][2:], 16))
            return char if unicodedata.category(char) == "Zs" else escape[0]

        return _ESCAPE.sub(spaced, str.__repr__(self))


def shown(value: Any) -> Any:
    """``value``, a text as a ``Shown``: put in a message, it is quoted with its spaces."""
    return Shown(value) if type(value) is str else value


class Message(str):
    """``Message("there is no month {month}", month=13)`` is the string "there is no month
    13", and keeps the template and the values for a translation. Values are put in as they
    are: a name or a cell value holding braces is never read as a template."""

    template: str
    values: dict[str, Any]

    def __new__(cls, template: str, /, **values: Any) -> Message:
        filled = template.format(**{k: shown(v) for k, v in values.items()}) if values else template
        message = super().__new__(cls, filled)
        message.template = template
        message.values = values
        return message

    def __getnewargs_ex__(self) -> tuple[tuple[str], dict[str, Any]]:
        """Sent to another process (the import's reader), it arrives whole."""
        return (self.template,), self.values


class Recorded(str):
    """A reason as the audit trail stores it, put in a message: an interface shows it as it
    shows the trail's reasons, the ones the app writes itself ("import batch 3 (名簿.xlsx)")
    in the registrar's language, the ones a person typed as they typed them."""


# The operating system's reasons a registrar meets when opening or saving a file, worded so a
# catalog can translate them; any other keeps the system's own words.
_OS_REASONS = {
    errno.ENOENT: Message("no such file or folder"),
    errno.EACCES: Message("permission denied"),
    errno.EPERM: Message("permission denied"),
    errno.ENOSPC: Message("no space left on the disk"),
    errno.EROFS: Message("the disk is read-only"),
    errno.EISDIR: Message("it is a folder, not a file"),
    errno.ENOTDIR: Message("a part of the path is not a folder"),
    errno.EEXIST: Message("it already exists"),
    errno.ENAMETOOLONG: Message("the name is too long"),
    errno.EIO: Message("the disk could not be read or written (input/output error)"),
}


def os_reason(error: OSError) -> str:
    """Why the operating system refused, without the errno number: a Message for the
    reasons above, the system's own words otherwise."""
    reason = _OS_REASONS.get(error.errno or 0)
    return reason or error.strerror or str(error)


def os_refusal(error: OSError) -> Message:
    """The refusal with the file it concerns: "/home/x/roll.xlsx: permission denied"."""
    if error.filename is None:
        return Message("{reason}", reason=os_reason(error))
    return Message("{path}: {reason}", path=str(error.filename), reason=os_reason(error))


# Characters no font draws because they are not drawn at all: a line break typed into a name
# (or kept from a spreadsheet cell) is to be corrected in the record, not looked for in fonts.
CONTROL_NAMES = {
    "\n": Message("a line break"),
    "\r": Message("a line break"),
    "\t": Message("a tab"),
}


def control_character(text: str) -> str | None:
    """The first control character in the text (a tab, a line break), which nothing prints."""
    return next((c for c in text if unicodedata.category(c) == "Cc"), None)


def control_named(char: str) -> Message:
    """A control character as a message names it: a tab, a line break."""
    return CONTROL_NAMES.get(char, Message("a control character"))
