"""Death-register records shaped into the rows of the person tables: the fields in column
order and the name forms analysed. Everything here is judged from the file alone, so a big
file's rows can be shaped in the process that reads it (importers.reading); the database
part (ids, burial sites, comparing with stored persons) is importers.target_persons."""

from __future__ import annotations

from collections.abc import Hashable
from functools import lru_cache, partial
from typing import Any

from importers.errors import RowRejected
from importers.keys_seen import KeysSeen
from importers.normalise import Memo, Record, name_keys
from records.dates import UNDATED, PartialDate, dies_before_birth
from records.messages import Message
from records.names import REGISTER_FORM_SOURCES
from records.prefectures import NO_HOME, Home
from records.scripts import detect_script
from records.sites import SiteRef

# The person's columns read from the file, in the order PersonRow carries them; the burial
# site travels beside them as a SiteRef, since only the database knows its id.
FROM_FILE = (
    "name", "reading", "birth_year", "birth_year_text", "death_date_text", "death_date",
    "death_precision", "death_place", "country", "region", "camp", "prefecture_code", "home",
    "identified", "remarks",
)  # fmt: skip

FormColumns = tuple[str, str, str, str, str]  # text, script, source, key, given_key
# (row, 番号, FROM_FILE values, burial site, name forms): a plain tuple, the cheapest thing
# to send between processes (a named tuple costs a Python call per row to unpickle).
PersonRow = tuple[int, int, tuple[Any, ...], SiteRef | None, list[FormColumns]]


@lru_cache(maxsize=1 << 16)
def form_columns(text: str, kind: str) -> FormColumns:
    """A name form's text, script, source and search keys: names recur (family names, whole
    names in a large register), so each is analysed once."""
    key, given = name_keys(text)
    return text, str(detect_script(text)), kind, key, given


class PersonShaper:
    """Shapes a file's records, chunk after chunk and sheet after sheet, into PersonRows;
    rejects a row without a 番号 or a form of the name, a 番号 already seen on an earlier row
    of the file, and a death dated before the year of birth (as the person form refuses it)."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.sheet = ""  # the sheet of the records being shaped
        self.seen = KeysSeen(  # register_no → sheet and row in this file
            Message("番号 {number} is already on row {row}"),
            Message("番号 {number} is already on row {row} of sheet {sheet}"),
        )
        # Each column's name forms by their text, looked up at the cost of a plain dict's.
        self.forms = [
            (field, Memo(partial(form_columns, kind=kind))) for field, kind in REGISTER_FORM_SOURCES
        ]

    def __call__(
        self, records: list[Record], sheet: str
    ) -> tuple[list[PersonRow], list[RowRejected]]:
        self.sheet = sheet
        seen = self.seen.on(sheet)
        rows: list[PersonRow] = []
        rejects: list[RowRejected] = []
        for record in records:
            problem = self._check(record, seen)
            if problem is not None:
                rejects.append(problem)
                continue
            row, fields, _ = record
            number = fields["register_no"]
            seen[number] = row
            forms = []
            for field, analysed in self.forms:
                if text := fields.get(field):
                    forms.append(analysed[text])
            rows.append((row, number, _values(fields), fields.get("burial_site"), forms))
        return rows, rejects

    def _check(self, record: Record, seen: dict[Hashable, int]) -> RowRejected | None:
        """``seen``: the 番号 seen on this sheet, and their row."""
        fields = record.fields
        number = fields.get("register_no")
        if number is None:
            return self._reject(
                record, "番号", None, Message("the register number (番号) is blank")
            )
        first = (self.sheet, seen[number]) if number in seen else self.seen.on_earlier_sheet(number)
        if first is not None:
            reason = self.seen.repeated(number, self.sheet, first)
            return self._reject(record, "番号", number, reason)
        if not (fields.get("reading") or fields.get("name") or fields.get("russian_name")):
            return self._reject(record, "", None, Message("the row holds no form of the name"))
        born, death = fields.get("birth_year"), fields.get("death")
        if born and death and dies_before_birth(born.value, death.value):
            reason = Message(
                "the death ({death}) is before the year of birth ({born})",
                death=death.value,
                born=born.value,
            )
            return self._reject(record, "死亡年月日", death.text, reason)
        return None

    def _reject(self, record: Record, column: str, value: object, reason: str) -> RowRejected:
        return RowRejected(self.file, self.sheet, record.row, column, value, reason)


def _values(f: dict[str, Any]) -> tuple[Any, ...]:
    """The person's fields in FROM_FILE order."""
    death: PartialDate = f.get("death") or UNDATED
    place = f.get("death_place")
    year = f.get("birth_year")
    name = f.get("name", "")
    home: Home = f.get("prefecture_code") or NO_HOME
    return (
        name,
        f.get("reading", ""),
        year.value if year else None,
        year.text if year else "",
        death.text,
        death.value,
        str(death.precision) if death.precision else None,
        place.text if place else "",
        place.country if place else "",
        place.region if place else "",
        f.get("camp", ""),
        home.code,
        home.text,
        bool(name),
        f.get("remarks", ""),
    )
