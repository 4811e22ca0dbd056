"""What an import profile may say, and the check of a profile file's contents against it: a
registrar writes profiles by hand, and a field misspelled or given the wrong type would
otherwise drop or corrupt a column's values without a word."""

from __future__ import annotations

from datetime import date
from typing import Any

from records.messages import Message
from records.services.analyses import AFFILIATIONS, MATCH_RESULTS

_TEXT = frozenset({"text", "name"})
_SITE = frozenset({"site_name", "site_code"})

# Each record kind the pipeline writes (importers.apply), the fields it reads from a row and
# the column types (importers.normalise) whose values each field can hold: a prefecture
# code read as text would store 東京都 as a code, a death read as text breaks the import.
FIELD_TYPES: dict[str, dict[str, frozenset[str]]] = {
    "person": {
        "register_no": frozenset({"number"}),
        "reading": _TEXT,
        "name": _TEXT,
        "russian_name": _TEXT,
        "birth_year": frozenset({"year"}),
        "death": frozenset({"date"}),
        "death_place": frozenset({"place"}),
        "camp": _TEXT,
        "burial_site": _SITE,
        "prefecture_code": frozenset({"prefecture"}),
        "remarks": _TEXT,
    },
    "lot": {
        # "code": a profile made before lot numbers were read as such, still read as then.
        "lot_number": frozenset({"lot_number", "code"}),
        "fiscal_year": frozenset({"fiscal_year"}),
        "country": _TEXT,
        "region": _TEXT,
        "burial_site": _SITE,
        "recovered": frozenset({"date"}),
        "count": frozenset({"count"}),
        "specimens": frozenset({"specimens"}),
        "handed_over_by": _TEXT,
        "remarks": _TEXT,
    },
    "analysis": {
        "specimen": frozenset({"specimen"}),
        "kind": _TEXT,
        "affiliation": frozenset({"choice"}),
        "match_result": frozenset({"choice"}),
        "matched_name": _TEXT,
        "decided": frozenset({"date"}),
        "remarks": _TEXT,
    },
    "roll_entry": {
        "roll_no": frozenset({"number"}),
        "name": _TEXT,
        "reading": _TEXT,
        "death": frozenset({"date"}),
        "home": _TEXT,
        "burial_place": _TEXT,
        "lot_number": frozenset({"code"}),
        "count": frozenset({"int", "count"}),
        "remarks": _TEXT,
    },
}
# The field each record kind is found by: the pipeline rejects a row without it.
TARGET_KEYS = {
    "person": "register_no",
    "lot": "lot_number",
    "analysis": "specimen",
    "roll_entry": "roll_no",
}
TARGETS = frozenset(FIELD_TYPES)
# The values a choice field stores: the pipeline writes a column's choices as they are.
CHOICE_VALUES = {"affiliation": AFFILIATIONS, "match_result": MATCH_RESULTS}
# What a column's cells read into; each name is handled by importers.normalise.
COLUMN_TYPES = frozenset(t for fields in FIELD_TYPES.values() for ts in fields.values() for t in ts)

_PROFILE_KEYS = ("name", "title", "title_en", "target", "key", "deaths_between", "columns")
_COLUMN_KEYS = ("header", "field", "type", "required", "not_blank", "aliases", "choices", "blank")
_TEXTS = frozenset(
    {"name", "title", "title_en", "target", "key", "header", "field", "type", "blank"}
)
_NEEDED = frozenset({"name", "target", "key", "header", "field", "type"})


class ProfileMistake(ValueError):
    """What is wrong with a profile file's contents, and the column it is in (from 1)."""

    def __init__(self, reason: Message, column: int | None = None, header: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.column = column
        self.header = header

    @property
    def where(self) -> Message:
        """The mistake with the column it is in: 'column 3 (氏名): …'."""
        if self.column is None:
            return self.reason
        if self.header:
            return Message(
                "column {number} ({header}): {reason}",
                number=self.column,
                header=self.header,
                reason=self.reason,
            )
        return Message("column {number}: {reason}", number=self.column, reason=self.reason)


def check_profile(data: dict[str, Any]) -> None:
    """Raise ProfileMistake for the first thing the profile says that the pipeline cannot
    do as the registrar meant."""
    _check_keys(data, _PROFILE_KEYS)
    target = data["target"]
    if target not in TARGETS:
        known = ", ".join(sorted(TARGETS))
        raise ProfileMistake(
            Message('target "{target}" is not one of: {known}', target=target, known=known)
        )
    key = TARGET_KEYS[target]
    if data["key"] != key:
        reason = Message(
            'the key of a {target} profile is {key}, not "{given}"',
            target=target,
            key=key,
            given=data["key"],
        )
        raise ProfileMistake(reason)
    _check_period(data.get("deaths_between"), target)
    columns = data.get("columns")
    if not isinstance(columns, list) or not columns:
        raise ProfileMistake(Message("no [[columns]] table"))
    for number, column in enumerate(columns, 1):
        _check_column(columns, number, column, target)
    _check_key_column(columns, target, key)


def _check_period(days: object, target: str) -> None:
    """``deaths_between``: the first and last day of death a person register holds, as TOML
    dates (no quotes): [1945-08-09, 1956-12-31]."""
    if days is None:
        return
    if target != "person":
        raise ProfileMistake(Message('"deaths_between" is for a person profile only'))
    if not isinstance(days, list) or len(days) != 2 or any(type(d) is not date for d in days):
        reason = Message(
            '"deaths_between" must be two dates without quotes: [1945-08-09, 1956-12-31]'
        )
        raise ProfileMistake(reason)
    if days[0] > days[1]:
        raise ProfileMistake(Message('"deaths_between" must give the first day first'))


def _check_keys(data: dict[str, Any], known: tuple[str, ...]) -> None:
    for name in data:
        if name not in known:
            reason = Message(
                'unknown key "{name}"; the keys are: {known}', name=name, known=", ".join(known)
            )
            raise ProfileMistake(reason)
    for name in known:
        if name in _NEEDED and name not in data:
            raise ProfileMistake(Message('no "{name}" is given', name=name))
        if name in _TEXTS and not isinstance(data.get(name, ""), str):
            raise ProfileMistake(Message('"{name}" must be text in quotes', name=name))


def _check_options(column: dict[str, Any]) -> None:
    for name in ("required", "not_blank"):
        if not isinstance(column.get(name, False), bool):
            raise ProfileMistake(Message('"{name}" must be true or false', name=name))
    aliases = column.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise ProfileMistake(Message('"aliases" must be a list of texts in quotes'))
    choices = column.get("choices", {})
    if not isinstance(choices, dict) or not all(isinstance(v, str) for v in choices.values()):
        raise ProfileMistake(Message('"choices" must be a table of texts in quotes'))


def _check_column(columns: list[Any], number: int, column: object, target: str) -> None:
    if not isinstance(column, dict):
        raise ProfileMistake(Message("not a [[columns]] table"), number)
    header = column.get("header")
    try:
        _check_keys(column, _COLUMN_KEYS)
        _check_options(column)
        _check_field(column, target)
        _check_given_once(columns[: number - 1], column["field"])
    except ProfileMistake as mistake:
        shown = header if isinstance(header, str) else ""
        raise ProfileMistake(mistake.reason, number, shown) from None


def _check_field(column: dict[str, Any], target: str) -> None:
    field, kind = column["field"], column["type"]
    fields = FIELD_TYPES[target]
    if field not in fields:
        reason = Message(
            'no field "{field}" in a {target} record; fields: {known}',
            field=field,
            target=target,
            known=", ".join(fields),
        )
        raise ProfileMistake(reason)
    if kind not in COLUMN_TYPES:
        known = ", ".join(sorted(COLUMN_TYPES))
        raise ProfileMistake(
            Message('no column type "{type}"; types: {known}', type=kind, known=known)
        )
    if kind not in fields[field]:
        reason = Message(
            "field {field} takes type {allowed}, not {type}",
            field=field,
            allowed="/".join(sorted(fields[field])),
            type=kind,
        )
        raise ProfileMistake(reason)
    if kind == "choice":
        _check_choices(column)


def _check_choices(column: dict[str, Any]) -> None:
    """A choice stored as a value its field has not (Japanese for japanese, or nothing for
    a blank cell of a decision) is written unchecked, and shown as a decision no screen
    knows."""
    choices: dict[str, str] = column.get("choices", {})
    if not choices:
        raise ProfileMistake(Message("a column of type choice must list its choices"))
    field = column["field"]
    allowed = CHOICE_VALUES[field]
    listed = ", ".join(f'"{v}"' for v in allowed)
    for value in choices.values():
        if value not in allowed:
            reason = Message(
                'field {field} has no value "{value}"; its values: {allowed}',
                field=field,
                value=value,
                allowed=listed,
            )
            raise ProfileMistake(reason)
    if not column.get("not_blank", False) and column.get("blank", "") not in allowed:
        reason = Message(
            'field {field} has no value "{value}" for a blank cell; give "blank" one of: {allowed}',
            field=field,
            value=column.get("blank", ""),
            allowed=listed,
        )
        raise ProfileMistake(reason)


def _check_given_once(before: list[dict[str, Any]], field: str) -> None:
    """Two columns of one field: a row with both would keep one cell and drop the other."""
    for number, column in enumerate(before, 1):
        if column["field"] == field:
            reason = Message(
                "field {field} is given by column {number} ({header}) already",
                field=field,
                number=number,
                header=column["header"],
            )
            raise ProfileMistake(reason)


def _check_key_column(columns: list[dict[str, Any]], target: str, key: str) -> None:
    """Every row is found by its key: a profile that may fit a file without the key's
    column has every row rejected for a column neither the file nor the profile names."""
    for number, column in enumerate(columns, 1):
        if column["field"] == key:
            if not column.get("required", False):
                reason = Message("the key column must say required = true")
                raise ProfileMistake(reason, number, column["header"])
            return
    raise ProfileMistake(
        Message("a {target} profile needs a column for {key} (its key)", target=target, key=key)
    )
