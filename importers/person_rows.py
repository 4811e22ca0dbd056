"""Death-register records shaped into the rows of the person tables: the fields in column
order and the name forms analysed. Everything here is judged from the file alone, so a big
file's rows can be shaped in the process that reads it (importers.reading); the database
part (ids, burial sites, comparing with stored persons) is importers.target_persons."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache, partial
from operator import itemgetter
from typing import Any

from importers.errors import RowRejected
from importers.keys_seen import KeysSeen
from importers.normalise import Memo, ReadRow, name_keys
from records.dates import (
    ERAS,
    UNDATED,
    PartialDate,
    dies_before_birth,
    format_wareki,
    surely_before,
)
from records.messages import Message
from records.names import REGISTER_FORM_SOURCES
from records.prefectures import NO_HOME
from records.scripts import detect_script

# The person's columns read from the file, in the order PersonRow carries them; the burial
# site travels beside them as its code, since only the database knows its id.
FROM_FILE = (
    "name", "reading", "birth_year", "birth_year_text", "death_date_text", "death_date",
    "death_precision", "death_place", "country", "region", "camp", "prefecture_code", "home",
    "identified", "remarks",
)  # fmt: skip

FormColumns = tuple[str, str, str, str, str]  # text, script, source, key, given_key
# (row, 番号, FROM_FILE values, burial site's code, name forms): plain tuples, strings and
# numbers, the cheapest things to send between processes, for marshal takes them
# (importers.reading); a named tuple or a SiteRef would have to be pickled.
PersonRow = tuple[int, int, tuple[Any, ...], str | None, list[FormColumns]]


@lru_cache(maxsize=1 << 16)
def form_columns(text: str, kind: str) -> FormColumns:
    """A name form's text, script, source and search keys: names recur (family names, whole
    names in a large register), so each is analysed once."""
    key, given = name_keys(text)
    return text, str(detect_script(text)), kind, key, given


# The fields a shaper takes from a row, and what it takes when the sheet has no such column.
_TAKEN = (
    ("register_no", None), ("reading", ""), ("name", ""), ("russian_name", None),
    ("birth_year", None), ("death", None), ("death_place", None), ("camp", ""),
    ("burial_site", None), ("prefecture_code", None), ("remarks", ""),
)  # fmt: skip


@dataclass(frozen=True)
class Period:
    """The days within which every death in a register fell, as its profile says
    (``deaths_between``), first and last in ISO. A date outside is mistyped, most often in its
    era: 平成21年 (2009) for 昭和21年 (1946) in a register of detainees."""

    first: str
    last: str

    def outside(self, death: PartialDate) -> Message | None:
        """Why a death cannot be as read: no day of it (ISO, any precision) falls within the
        period. None when some day does (1945 alone may be in its autumn)."""
        value = death.value
        if value is None or self._holds(value):
            return None
        if (eras := self._other_era(value)) is not None:
            written, showa = eras
            return Message(
                "the death ({death}) is outside the period of this register ({first} to "
                "{last}): is the era mistyped, {written} for {showa}?",
                death=value,
                first=self.first,
                last=self.last,
                written=written,
                showa=showa,
            )
        return Message(
            "the death ({death}) is outside the period of this register ({first} to {last}): "
            "is the date mistyped?",
            death=value,
            first=self.first,
            last=self.last,
        )

    def born_after(self, born: int | None) -> Message | None:
        """Why a year of birth cannot be right: after the period ended, when the person died
        in it (asked of a row with no date of death to compare it with)."""
        if born is None or born <= int(self.last[:4]):
            return None
        return Message(
            "the year of birth ({born}) is after the period of this register ended ({last}): "
            "is the era or the year mistyped?",
            born=born,
            last=self.last,
        )

    def _holds(self, value: str) -> bool:
        """Whether some day of a date (ISO, any precision) falls within the period."""
        return not (surely_before(value, self.first) or surely_before(self.last, value))

    def _other_era(self, value: str) -> tuple[str, str] | None:
        """A date's year in wareki (平成21年) and the year of Shōwa it would be with the era
        mistyped (昭和21年), when the date so read falls in the period, as far as it was
        written: 平成20年3月 is no 昭和20年 death in a period from 1945-08-09. A date cell too:
        Excel turns H21.2.13 typed into a cell into a date."""
        written = _ERA_YEAR.match(format_wareki(value))
        if written is None:
            return None
        year = 1 if written[2] == "元" else int(written[2])
        if not self._holds(f"{_SHOWA_FIRST_YEAR + year - 1:04d}{value[4:]}"):
            return None
        return written[0], f"昭和{written[2]}年"


_ERA_YEAR = re.compile(r"(明治|大正|平成|令和)(元|\d+)年")
_SHOWA_FIRST_YEAR = next(era.start.year for era in ERAS if era.name == "昭和")


class PersonShaper:
    """Shapes a file's rows, chunk after chunk and sheet after sheet, into PersonRows;
    rejects a row without a 番号 or a form of the name, a 番号 already seen on an earlier row
    of the file, a death dated before the year of birth (as the person form refuses it), and
    a death or a birth outside the period its profile gives (``Period``)."""

    def __init__(self, file: str, period: Period | None) -> None:
        self.file = file
        self.period = period
        self.seen = KeysSeen(  # register_no → sheet and row in this file
            Message("番号 {number} is already on row {row}"),
            Message("番号 {number} is already on row {row} of sheet {sheet}"),
        )
        # Each column's name forms by their text, looked up at the cost of a plain dict's.
        self.forms = {
            field: Memo(partial(form_columns, kind=kind)) for field, kind in REGISTER_FORM_SOURCES
        }

    def __call__(
        self, read: list[ReadRow], sheet: str, names: tuple[str, ...]
    ) -> tuple[list[PersonRow], list[RowRejected]]:
        """``read``: the rows of ``sheet`` read without fault, their fields in the order of
        ``names``. One loop, without a dict or a call a row where it can do without: at a
        million rows, each costs a second."""
        seen = self.seen.on(sheet)
        period = self.period
        earlier = self.seen.earlier  # the sheets before this one, if any
        # The fields taken, from a row's values followed by the defaults of absent columns.
        defaults = tuple(default for _field, default in _TAKEN)
        position = {name: i for i, name in enumerate(names)}  # the last, as in a dict of them
        taken = itemgetter(
            *(position.get(field, len(names) + i) for i, (field, _) in enumerate(_TAKEN))
        )
        reading_forms, name_forms, russian_forms = (
            self.forms[field] for field in ("reading", "name", "russian_name")
        )
        rows: list[PersonRow] = []
        rejects: list[RowRejected] = []
        for row, values, _cells in read:
            (number, reading, name, russian, born, death, place, camp, site, home, remarks) = taken(
                values + defaults
            )
            if number is None:
                reason = Message("the register number (番号) is blank")
                rejects.append(RowRejected(self.file, sheet, row, "番号", None, reason))
                continue
            if number in seen:
                first: tuple[str, int] | None = (sheet, seen[number])
            else:
                first = self.seen.on_earlier_sheet(number) if earlier else None
            if first is not None:
                reason = self.seen.repeated(number, sheet, first)
                rejects.append(RowRejected(self.file, sheet, row, "番号", number, reason))
                continue
            if not (reading or name or russian):
                reason = Message("the row holds no form of the name")
                rejects.append(RowRejected(self.file, sheet, row, "", None, reason))
                continue
            if born and death and dies_before_birth(born.value, death.value):
                reason = Message(
                    "the death ({death}) is before the year of birth ({born})",
                    death=death.value,
                    born=born.value,
                )
                rejects.append(RowRejected(self.file, sheet, row, "死亡年月日", death.text, reason))
                continue
            # Two comparisons of ISO text a row; the careful check only for a date outside,
            # or for 1945 and 1945-08, which sort before the first day yet may hold it.
            when = death.value if death else None
            if (
                period is not None
                and when
                and (when < period.first or when > period.last)
                and (outside := period.outside(death))
            ):
                rejects.append(
                    RowRejected(self.file, sheet, row, "死亡年月日", death.text, outside)
                )
                continue
            if (
                period is not None
                and not when
                and born
                and (unborn := period.born_after(born.value))
            ):
                rejects.append(RowRejected(self.file, sheet, row, "生年", born.text, unborn))
                continue
            seen[number] = row
            forms = [reading_forms[reading]] if reading else []
            if name:
                forms.append(name_forms[name])
            if russian:
                forms.append(russian_forms[russian])
            if not death:
                death = UNDATED
            if not home:
                home = NO_HOME
            values = (
                name,
                reading,
                born.value if born else None,
                born.text if born else "",
                death.text,
                death.value,
                str(death.precision) if death.precision else None,
                place.text if place else "",
                place.country if place else "",
                place.region if place else "",
                camp,
                home.code,
                home.text,
                bool(name),
                remarks,
            )  # in FROM_FILE order
            rows.append((row, number, values, site.code if site else None, forms))
        return rows, rejects
