"""The guard every export passes through: cells no spreadsheet will run as formulas. Files that
appear whole or not at all are ``records.files.atomic_write``."""

from __future__ import annotations

_FORMULA_STARTS = ("=", "+", "-", "@")
_CONTROL_STARTS = ("\t", "\r")


def formula_like(value: str) -> bool:
    """Whether a spreadsheet opening ``value`` as plain text (a CSV field) could run it as a
    formula. Excel and LibreOffice skip leading blanks before deciding, so " =1+1" is too."""
    return value.startswith(_CONTROL_STARTS) or value.lstrip().startswith(_FORMULA_STARTS)


def neutralise(value: str) -> str:
    """The value with a leading apostrophe if a spreadsheet could run it as a formula: for
    CSV, which has no way to say a field is text."""
    return "'" + value if formula_like(value) else value
