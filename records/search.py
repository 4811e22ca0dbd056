"""Finding people and lots by any form of a name, a lot number or a specimen number.

Every name form carries a loose search key (``search_keys.search_key``) for the whole name
and one for the given name, each under a B-tree index, so a query is two index range scans:
two-character surnames (佐藤), given names, garbled katakana and Cyrillic all take the same
path, with no full-text index to keep up to date."""

from __future__ import annotations

import heapq
import re
import unicodedata
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from itertools import pairwise

from sqlalchemy import ColumnElement, bindparam, case
from sqlmodel import Session, col, select

from records.errors import Invalid, NotFound
from records.folding import fold_number
from records.gojuon import GojuonKey, gojuon_key
from records.messages import Message
from records.models import BurialSite, NameForm, Person, RemainsLot, Specimen
from records.prefectures import prefecture_shown
from records.scripts import Script
from records.search_keys import (
    confused_kanji_spellings,
    given_name_first,
    prefix_keys,
    search_key,
    written_key,
)
from records.sites import read_lot_number

KEY_END = "\uffff"
LOT_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9\-]*$")


@dataclass(frozen=True)
class PersonHit:
    id: int
    register_no: int | None  # 番号 in the death register; ``id`` is the app's own number
    name: str
    reading: str
    forms: list[str]
    birth_year: int | None
    death_date: str | None
    death_precision: str | None
    country: str
    region: str
    prefecture_code: str
    prefecture: str
    site_code: str
    site: str
    identified: bool
    kind: str = "person"


@dataclass(frozen=True)
class LotHit:
    id: int
    lot_number: str
    status: str
    country: str
    region: str
    site_code: str
    site: str
    fiscal_year: int | None
    recovered_on: str | None
    count: int
    specimens: list[str] = field(default_factory=list)
    kind: str = "lot"


def _key_range(column: str, key: str) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    return (col(column) >= key, col(column) < key + KEY_END)


@dataclass(frozen=True)
class QuotedNumber:
    """A person quoted by number: by a 番号 of the death register, by the app's own number
    (which quotes a person outside the register), or by either when the query is figures
    alone."""

    number: int
    register: bool
    app: bool


# A number as a person's heading quotes it (tui.labels.person_number, in English or Japanese),
# or its figures alone. "№" reads "No" once folded.
_QUOTED = re.compile(r"(?:(reg\.?\s*no\.?|番号)|(no\.?))?\s*([0-9]{1,10})", re.IGNORECASE)
# The largest number PostgreSQL's INTEGER holds (SQLite's holds more): a larger one numbers no
# record, and comparing a column with it fails there. Such a query is read as a name.
LARGEST_NUMBER = 2**31 - 1


def quoted_number(text: str) -> QuotedNumber | None:
    """The number a query quotes a person by (１００５０４ too), if it is one."""
    match = _QUOTED.fullmatch(unicodedata.normalize("NFKC", text).strip())
    if match is None or int(match[3]) > LARGEST_NUMBER:
        return None
    register, app, digits = match.groups()
    return QuotedNumber(int(digits), register=app is None, app=register is None)


def find_by_number(
    session: Session,
    quoted: QuotedNumber,
    limit: int,
    conditions: Sequence[ColumnElement[bool]] = (),
) -> list[int]:
    """Ids of the people a number quotes (``conditions`` on Person): those of the death
    register numbered so first, as figures typed are most often a 番号, then the person outside
    the register whose heading shows that app number. A person of the register is never quoted
    by its id, so figures find no one by the id their heading does not show."""
    ids: list[int] = []
    if quoted.register:
        query = (
            select(col(Person.id))
            .where(col(Person.register_no) == quoted.number, *conditions)
            .order_by(col(Person.id))
            .limit(limit)
        )
        ids.extend(session.execute(query).scalars())
    if quoted.app and len(ids) < limit:
        query = select(col(Person.id)).where(
            col(Person.id) == quoted.number, col(Person.register_no).is_(None), *conditions
        )
        ids.extend(session.execute(query).scalars())
    return ids


def find_person_ids(
    session: Session, text: str, limit: int, conditions: Sequence[ColumnElement[bool]] = ()
) -> list[int]:
    """Ids of at most ``limit`` people one of whose name forms starts with the query (whole
    name or given name), best first: whole-name matches, then whole-name matches of a Latin or
    Cyrillic query's two parts swapped (``given_name_first``), then given-name matches,
    each in reading order (``in_reading_order``). ``conditions`` on NameForm's copies of the
    person's filters narrow it within the same index range."""
    found: dict[int, None] = {}
    tier_ends: list[int] = []
    keys = _query_keys(text)
    swapped = given_name_first(text)
    reached = False
    for tier in (keys, _query_keys(swapped) if swapped else []):
        reached = reached or any(
            _read_ranges(session, NameForm.key, spellings, conditions, found, limit)
            for spellings in tier
        )
        tier_ends.append(len(found))  # each tier of matches is put in reading order apart
    if not reached:
        for spellings in keys:
            if _read_ranges(session, NameForm.given_key, spellings, conditions, found, limit):
                break
    ids = list(found)
    bounds = [0, *tier_ends, len(ids)]
    return [i for start, end in pairwise(bounds) for i in in_reading_order(session, ids[start:end])]


def _query_keys(text: str) -> list[list[str]]:
    """The key prefixes a query stands for, each with its spellings in the kanji registers
    confuse."""
    return [confused_kanji_spellings(typed) for typed in prefix_keys(text)]


def _read_ranges(
    session: Session,
    column: str,
    spellings: Sequence[str],
    conditions: Sequence[ColumnElement[bool]],
    found: dict[int, None],
    limit: int,
) -> bool:
    """Add to ``found`` the people of one key prefix's ranges, one per spelling, merged in the
    index's order as if the spellings were one range: by what follows the prefix, then by
    person. A common surname (斎藤) fills the limit with every spelling of it, not with the
    first spelling's people; each range is read through its index only as far as the merge
    takes from it. Whether ``limit`` was reached."""
    results = [
        session.connection().execute(
            select(col(column), col(NameForm.person_id))
            .where(*_key_range(column, key), *conditions)
            .order_by(col(column), col(NameForm.person_id))
        )
        for key in spellings
    ]
    # Read lazily (a Core result; the ORM's would fetch every row first) and stop at the
    # limit: a person may have several forms in the range, so no LIMIT on forms says how
    # many people it holds. Spellings are of one length, so the prefix cut is the same.
    cut = len(spellings[0])
    merged = heapq.merge(*results, key=lambda row: (row[0][cut:], row[1]))
    try:
        for _key, person_id in merged:
            found.setdefault(person_id, None)
            if len(found) >= limit:
                return True
    finally:
        for result in results:
            result.close()
    return False


def in_reading_order(session: Session, ids: list[int]) -> list[int]:
    """The people in gojūon order of their reading, then by 番号, as a roll is read: never in
    the code-point order of a kanji name. A person without a reading (unidentified, known by
    the forms the records wrote) is placed by the first kana form of their name.

    Only the people found are sorted, at most a search's limit, never a whole table: the key
    ranges are read through their index as before. A query matching more people than the
    limit (counted "1,000+") shows the first ones its key ranges hold (the spellings of a
    confused kanji merged as one range, ``_read_ranges``), in reading order, not
    the first ones of all in reading order: that would read every match on each keystroke."""
    if len(ids) < 2:
        return ids
    first_kana = (
        select(col(NameForm.text))
        .where(col(NameForm.person_id) == col(Person.id), col(NameForm.script) == Script.KANA.value)
        .order_by(col(NameForm.id))
        .limit(1)
        .scalar_subquery()
    )
    reading = case((col(Person.reading) == "", first_kana), else_=col(Person.reading))
    # One expanding parameter: a thousand ids coerced one by one cost more than the query.
    query = select(col(Person.id), reading, col(Person.register_no)).where(
        col(Person.id).in_(bindparam("ids", expanding=True))
    )
    people = {
        person_id: (reading or "", number)
        for person_id, reading, number in session.connection().execute(query, {"ids": ids})
    }

    def order(person_id: int) -> tuple[GojuonKey, bool, int, int]:
        reading, number = people.get(person_id, ("", None))
        return (
            gojuon_key(reading),
            number is None,
            number or 0,
            person_id,
        )

    return sorted(ids, key=order)


def persons_by_id(session: Session, ids: list[int]) -> list[PersonHit]:
    if not ids:
        return []
    rows = session.execute(
        select(Person, BurialSite.code, BurialSite.name)
        .outerjoin(BurialSite, col(BurialSite.id) == col(Person.burial_site_id))
        .where(col(Person.id).in_(ids))
    ).all()
    forms: dict[int, list[str]] = {}
    for person_id, text in session.execute(
        select(NameForm.person_id, NameForm.text)
        .where(col(NameForm.person_id).in_(ids))
        .order_by(col(NameForm.id))
    ):
        forms.setdefault(person_id, []).append(text)
    by_id = {
        person.id: PersonHit(
            id=person.id,
            register_no=person.register_no,
            name=person.name,
            reading=person.reading,
            forms=forms.get(person.id, []),
            birth_year=person.birth_year,
            death_date=person.death_date,
            death_precision=person.death_precision,
            country=person.country,
            region=person.region,
            prefecture_code=person.prefecture_code,
            prefecture=prefecture_shown(person.prefecture_code),
            site_code=code or "",
            site=site or "",
            identified=person.identified,
        )
        for person, code, site in rows
    }
    return [by_id[i] for i in ids if i in by_id]


def find_lots(session: Session, text: str, limit: int) -> list[LotHit]:
    """Lots whose number, or one of whose specimen numbers, starts with the query."""
    query = fold_number(text).strip()
    if not LOT_PATTERN.match(query):
        return []
    low, high = _key_range(RemainsLot.lot_number, query)
    lot_ids = list(
        session.execute(
            select(RemainsLot.id).where(low, high).order_by(col(RemainsLot.lot_number)).limit(limit)
        ).scalars()
    )
    if len(lot_ids) < limit:
        low, high = _key_range(Specimen.number, query)
        for lot_id in session.execute(
            select(Specimen.lot_id).where(low, high).order_by(col(Specimen.number)).limit(limit)
        ).scalars():
            if lot_id not in lot_ids and len(lot_ids) < limit:
                lot_ids.append(lot_id)
    return lots_by_id(session, lot_ids)


def lots_by_id(session: Session, ids: list[int]) -> list[LotHit]:
    """The lots with every specimen each holds, whether the query found it by one or not."""
    if not ids:
        return []
    specimens: dict[int, list[str]] = {}
    for lot_id, number in session.execute(
        select(Specimen.lot_id, Specimen.number)
        .where(col(Specimen.lot_id).in_(ids))
        .order_by(col(Specimen.number))
    ):
        specimens.setdefault(lot_id, []).append(number)
    rows = session.execute(
        select(RemainsLot, BurialSite.code, BurialSite.name)
        .outerjoin(BurialSite, col(BurialSite.id) == col(RemainsLot.burial_site_id))
        .where(col(RemainsLot.id).in_(ids))
    ).all()
    by_id = {
        lot.id: LotHit(
            id=lot.id,
            lot_number=lot.lot_number,
            status=lot.status,
            country=lot.country,
            region=lot.region,
            site_code=code or "",
            site=site or "",
            fiscal_year=lot.fiscal_year,
            recovered_on=lot.recovered_on,
            count=lot.count,
            specimens=specimens.get(lot.id, []),
        )
        for lot, code, site in rows
    }
    return [by_id[i] for i in ids if i in by_id]


def search(session: Session, text: str, limit: int = 50) -> list[PersonHit | LotHit]:
    """People and lots for a query in any script, a lot or specimen number, or the number a
    person is quoted by: a 番号 in the death register or the app's own."""
    lots = find_lots(session, text, limit)
    remaining = max(limit - len(lots), 0)
    if not remaining:
        return [*lots]
    quoted = quoted_number(text)
    ids = (
        find_by_number(session, quoted, remaining)
        if quoted is not None
        else find_person_ids(session, text, remaining)
    )
    return [*lots, *persons_by_id(session, ids)]


def person_quoted(session: Session, text: str) -> Person:
    """The one person a registrar quotes by 番号 ("12", "番号 12"), by the app's number
    ("No. 14") or by a whole name as one of the person's forms writes it, in any script, up to
    its width, spacing, kind of kana and variant kanji (``written_key``). Refused when it
    quotes no one, or several (namesakes, or figures that are one person's 番号 and another's
    number): a person is never guessed."""
    quoted = quoted_number(text)
    if quoted is not None:
        ids = find_by_number(session, quoted, 2)
    else:
        # The key finds the forms written like it; of those, only a form written as quoted
        # names its person (ススキ quotes no スズキ): a loose likeness is a guess.
        written = written_key(text)
        forms = session.execute(
            select(NameForm.person_id, NameForm.text).where(col(NameForm.key) == search_key(text))
        )
        ids = list(dict.fromkeys(person for person, form in forms if written_key(form) == written))
    if not ids:
        raise Invalid("person", Message("no person is quoted by {text}", text=text.strip()))
    if len(ids) > 1:
        raise Invalid(
            "person",
            Message(
                "{text} quotes more than one person: quote the one meant by their number "
                "(Reg. No. 12, or No. 14 for a person outside the register)",
                text=text.strip(),
            ),
        )
    person = session.get(Person, ids[0])
    assert person is not None
    return person


def lot_numbered(session: Session, text: str) -> RemainsLot:
    """The lot numbered ``text``, typed on a Japanese keyboard or not: staff know a lot by
    its number, never by its row in the database."""
    lot = lot_by_number(session, text)
    if lot is None:
        raise NotFound("lot", unicodedata.normalize("NFKC", text).strip())
    return lot


def lot_by_number(session: Session, text: str) -> RemainsLot | None:
    """The lot stored under ``text`` as written, else under the lot number it reads as
    (sites.read_lot_number): lots imported before lot numbers were read so keep the number
    as the file wrote it (2019‐HB‐012‐00002, with U+2010), and are still found by it."""
    written = unicodedata.normalize("NFKC", text).strip()
    numbers = [written]
    with suppress(ValueError):
        numbers.append(read_lot_number(text))
    lots = session.execute(
        select(RemainsLot).where(col(RemainsLot.lot_number).in_(numbers))
    ).scalars()
    by_number = {lot.lot_number: lot for lot in lots}
    return next((by_number[n] for n in numbers if n in by_number), None)
