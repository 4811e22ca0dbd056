"""Reads the terminal app needs and the services do not offer: pages of people and lots under
filters, the choices of the filter menus. Plain SQLAlchemy reads; every
write goes through ``records.services``."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col

from records.database import Database
from records.models import (
    BurialSite,
    Location,
    NameForm,
    Person,
    RemainsLot,
)
from records.prefectures import prefecture_shown
from records.search import find_by_number, find_lots, find_person_ids, quoted_number
from records.services.locations import in_place
from tui.labels import listed_number
from tui.widgets.paged_table import Row

# A search shows at most this many people; the count then reads "1,000+", so no keystroke
# ever counts millions of rows.
SEARCH_CAP = 1000
# SQLite virtual-machine steps between two looks at whether a search was cancelled: some 7 ms
# of a filtered search here, and too rare a look to slow a query (measured: no difference).
CANCEL_CHECK_STEPS = 100_000


@dataclass(frozen=True)
class PersonFilters:
    identified: bool | None = None
    country: str = ""
    burial_site_id: int | None = None
    prefecture_code: str = ""

    def where(self) -> list[Any]:
        return self._on(Person)

    def on_name_forms(self) -> list[Any]:
        """The same conditions on the copies each name form keeps of its person's filters,
        which the key indexes hold: a filtered search by name reads one index range."""
        return self._on(NameForm)

    def _on(self, table: type[Person] | type[NameForm]) -> list[Any]:
        chosen = {
            "identified": self.identified,
            "country": self.country or None,
            "burial_site_id": self.burial_site_id,
            "prefecture_code": self.prefecture_code or None,
        }
        return [
            col(getattr(table, name)) == value
            for name, value in chosen.items()
            if value is not None
        ]


@dataclass(frozen=True)
class LotFilters:
    status: str = ""
    burial_site_id: int | None = None
    fiscal_year: int | None = None
    country: str = ""
    number: str = ""  # lot or specimen number prefix
    location_id: int | None = None  # the place, with the places under it

    def where(self) -> list[Any]:
        clauses: list[Any] = []
        if self.location_id is not None:
            clauses.append(in_place(self.location_id))
        if self.status:
            clauses.append(col(RemainsLot.status) == self.status)
        if self.burial_site_id is not None:
            clauses.append(col(RemainsLot.burial_site_id) == self.burial_site_id)
        if self.fiscal_year is not None:
            clauses.append(col(RemainsLot.fiscal_year) == self.fiscal_year)
        if self.country:
            clauses.append(col(RemainsLot.country) == self.country)
        return clauses


def _window(offset: int, limit: int, total: int) -> tuple[bool, int, int]:
    """(descending?, offset, limit) for a window: windows in the second half are read from
    the end, so the last page of two million rows costs what the first one does (SQLite walks
    every skipped row of an OFFSET)."""
    if total > 0 and offset > total // 2:
        size = max(min(limit, total - offset), 0)
        return True, max(total - offset - limit, 0), size
    return False, offset, limit


def _people_rows(database: Database, ids: list[int]) -> list[Row]:
    if not ids:
        return []
    # Plain columns, not Person objects: a page of rows is read on every keystroke of a search,
    # and a SQLModel object costs some 60 times a dict (PERFORMANCE.md).
    with database.reading() as session:
        people = session.execute(
            select(
                col(Person.id),
                col(Person.register_no),
                col(Person.name),
                col(Person.reading),
                col(Person.death_date),
                col(Person.death_date_text),
                col(Person.prefecture_code),
                col(BurialSite.code),
                col(Person.identified),
            )
            .outerjoin(BurialSite, col(BurialSite.id) == col(Person.burial_site_id))
            .where(col(Person.id).in_(ids))
        ).all()
        nameless = [person_id for person_id, _number, name, *_ in people if not name]
        first_form: dict[int, str] = {}
        if nameless:
            for person_id, text in session.execute(
                select(col(NameForm.person_id), col(NameForm.text))
                .where(col(NameForm.person_id).in_(nameless))
                .order_by(col(NameForm.id))
            ):
                first_form.setdefault(person_id, text)
    by_id: dict[int, Row] = {}
    for person_id, number, name, reading, died, died_text, prefecture, site, identified in people:
        by_id[person_id] = (
            person_id,
            (
                listed_number(number, person_id),
                name or first_form.get(person_id, ""),
                reading,
                died or died_text,
                prefecture_shown(prefecture),
                site or "",
                "✓" if identified else "",
            ),
        )
    return [by_id[i] for i in ids if i in by_id]


class PeopleSource:
    """Every person under the filters, in id order."""

    def __init__(self, database: Database, filters: PersonFilters) -> None:
        self.database = database
        self.filters = filters

    def count(self) -> int:
        with self.database.reading() as session:
            query = select(func.count()).select_from(Person).where(*self.filters.where())
            return int(session.execute(query).scalar_one())

    def fetch(self, offset: int, limit: int, total: int) -> list[Row]:
        descending, skip, size = _window(offset, limit, total)
        order = col(Person.id).desc() if descending else col(Person.id)
        query = select(col(Person.id)).where(*self.filters.where()).order_by(order)
        with self.database.reading() as session:
            ids = list(session.execute(query.offset(skip).limit(size)).scalars())
        if descending:
            ids.reverse()
        return _people_rows(self.database, ids)


class PeopleSearchSource:
    """People one of whose name forms (whole or given name) starts with the query, under the
    filters; at most ``SEARCH_CAP`` + 1, found once and then paged from memory."""

    def __init__(self, database: Database, text: str, filters: PersonFilters) -> None:
        self.database = database
        self.text = text
        self.filters = filters
        self._ids: list[int] | None = None
        # Pages may be read by several workers at once; one search serves them all.
        self._lock = threading.Lock()
        self._cancelled = False

    def ids(self) -> list[int]:
        with self._lock:
            if self._ids is None:
                self._ids = self._find()
            return self._ids

    def cancel(self) -> None:
        """Stop this search halfway once a newer keystroke replaced it: under a filter, one
        query over millions of people can take seconds, and typing would queue one per key."""
        self._cancelled = True

    def _find(self) -> list[int]:
        if self._cancelled:
            return []
        with self.database.reading() as session:
            connection = session.connection().connection.driver_connection
            # sqlite3 asks every so many steps whether to go on (other drivers just finish);
            # unlike interrupt(), this cannot miss a query that has not quite started.
            watch = getattr(connection, "set_progress_handler", None)
            if watch is not None:
                watch(lambda: self._cancelled, CANCEL_CHECK_STEPS)
            try:
                return self._read(session)
            except OperationalError:
                if self._cancelled:
                    return []
                raise
            finally:
                if watch is not None:
                    watch(None, 0)

    def _read(self, session: Session) -> list[int]:
        quoted = quoted_number(self.text)
        if quoted is not None:
            return find_by_number(session, quoted, SEARCH_CAP + 1, self.filters.where())
        return find_person_ids(session, self.text, SEARCH_CAP + 1, self.filters.on_name_forms())

    def count(self) -> int:
        return len(self.ids())

    def fetch(self, offset: int, limit: int, total: int) -> list[Row]:
        return _people_rows(self.database, self.ids()[offset : offset + limit])


def _lot_rows(database: Database, ids: list[int], status_label: Any) -> list[Row]:
    if not ids:
        return []
    with database.reading() as session:
        rows = session.execute(
            select(RemainsLot, col(BurialSite.code))
            .outerjoin(BurialSite, col(BurialSite.id) == col(RemainsLot.burial_site_id))
            .where(col(RemainsLot.id).in_(ids))
        ).all()
    by_id: dict[int, Row] = {
        lot.id: (
            lot.id,
            (
                lot.lot_number,
                status_label(lot.status),
                str(lot.fiscal_year or lot.fiscal_year_text),
                lot.country,
                site or "",
                str(lot.count),
                lot.remarks,
            ),
        )
        for lot, site in rows
    }
    return [by_id[i] for i in ids if i in by_id]


class LotsSource:
    """Lots under the filters in lot-number order; with a number, the lots whose number or
    one of whose specimens' numbers starts with it."""

    def __init__(self, database: Database, filters: LotFilters, status_label: Any = str) -> None:
        self.database = database
        self.filters = filters
        self.status_label = status_label
        self._ids: list[int] | None = None
        self._lock = threading.Lock()

    def _by_number(self) -> list[int]:
        with self._lock:
            return self._find_by_number()

    def _find_by_number(self) -> list[int]:
        if self._ids is None:
            with self.database.reading() as session:
                hits = find_lots(session, self.filters.number, SEARCH_CAP + 1)
                found = [h.id for h in hits]
                # The filters as the list without a number reads them: a burial site and a
                # place were left out of a search by number.
                kept = select(col(RemainsLot.id)).where(
                    col(RemainsLot.id).in_(found), *self.filters.where()
                )
                wanted = set(session.execute(kept).scalars())
            self._ids = [i for i in found if i in wanted]
        return self._ids

    def count(self) -> int:
        if self.filters.number:
            return len(self._by_number())
        with self.database.reading() as session:
            query = select(func.count()).select_from(RemainsLot).where(*self.filters.where())
            return int(session.execute(query).scalar_one())

    def fetch(self, offset: int, limit: int, total: int) -> list[Row]:
        if self.filters.number:
            return _lot_rows(
                self.database, self._by_number()[offset : offset + limit], self.status_label
            )
        descending, skip, size = _window(offset, limit, total)
        number = col(RemainsLot.lot_number)
        query = (
            select(col(RemainsLot.id))
            .where(*self.filters.where())
            .order_by(number.desc() if descending else number)
        )
        with self.database.reading() as session:
            ids = list(session.execute(query.offset(skip).limit(size)).scalars())
        if descending:
            ids.reverse()
        return _lot_rows(self.database, ids, self.status_label)


# Choices for the filter menus and the dashboard ----------------------------------------------


@dataclass(frozen=True)
class Choices:
    person_countries: list[str]
    lot_countries: list[str]
    sites: list[tuple[int, str]]  # (id, "HB-012 ハバロフスク地方第12埋葬地")
    fiscal_years: list[int]
    places: list[tuple[int, str]]  # (id, "CF-V1 第1納骨室")


def choices(database: Database) -> Choices:
    with database.reading() as session:
        # DISTINCT over an indexed column walks the index only, never the table.
        person_countries = [
            c
            for c in session.execute(
                select(col(Person.country)).distinct().order_by(Person.country)
            ).scalars()
            if c
        ]
        lot_countries = [
            c
            for c in session.execute(
                select(col(RemainsLot.country)).distinct().order_by(RemainsLot.country)
            ).scalars()
            if c
        ]
        sites = [
            (site_id, f"{code} {name}")
            for site_id, code, name in session.execute(
                select(col(BurialSite.id), col(BurialSite.code), col(BurialSite.name)).order_by(
                    BurialSite.code
                )
            )
        ]
        years = [
            y
            for y in session.execute(
                select(col(RemainsLot.fiscal_year)).distinct().order_by(col(RemainsLot.fiscal_year))
            ).scalars()
            if y is not None
        ]
        places = place_choices(session)
    return Choices(person_countries, lot_countries, sites, years, places)


def place_choices(session: Session) -> list[tuple[int, str]]:
    """Every place by code, a vault's sections after it, as the place filter offers them."""
    query = select(col(Location.id), col(Location.code), col(Location.name))
    return [
        (i, f"{code} {name}") for i, code, name in session.execute(query.order_by(Location.code))
    ]
