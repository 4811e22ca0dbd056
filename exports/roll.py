"""Building a ceremony's roll from the database once, in the order asked for, for any writer.

Only the columns a roll prints are read: a family's contact data and DNA results are never
selected, so no writer can leak them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, cast

from sqlalchemy import select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from exports.order import Order, order_rows
from exports.rows import CeremonyInfo, RollRow
from records.errors import NotFound
from records.models import BurialSite, Ceremony, NameForm, Person, RemainsLot, RollEntry
from records.names import Script, cyrillic_to_katakana, detect_script, to_katakana
from records.prefectures import prefecture_name

SQL_IN_CHUNK = 900  # below SQLite's oldest limit on bound parameters (999)


@dataclass(frozen=True)
class _Entry:
    """One roll entry with what its person, lot and site say, as read in one query."""

    entry_id: int
    person_id: int | None
    bare_name: str
    remarks: str
    name: str
    reading: str
    death_date: str
    death_date_text: str
    prefecture_code: str
    site_name: str
    site_code: str
    lot_number: str
    remains_count: int | None
    linked: bool


def ceremony_info(ceremony: Ceremony) -> CeremonyInfo:
    kind = cast(Literal["interment", "memorial"], ceremony.kind)
    return CeremonyInfo(name=ceremony.name, kind=kind, date=ceremony.date, place=ceremony.place)


def reading_of(name: str) -> str:
    """The katakana a name is read as when no reading was recorded: kana as written,
    Cyrillic or Latin transliterated; '' for kanji, which only a person can read."""
    script = detect_script(name)
    if script is Script.KANA:
        return to_katakana(name)
    if script in (Script.CYRILLIC, Script.LATIN):
        return cyrillic_to_katakana(name)
    return ""


def _entries(session: Session, ceremony_id: int) -> list[_Entry]:
    person_site = aliased(BurialSite)
    lot_site = aliased(BurialSite)
    query = (
        select(
            col(RollEntry.id),
            col(RollEntry.person_id),
            col(RollEntry.bare_name),
            col(RollEntry.remarks),
            col(Person.name),
            col(Person.reading),
            col(Person.death_date),
            col(Person.death_date_text),
            col(Person.prefecture_code),
            col(person_site.name),
            col(person_site.code),
            col(RemainsLot.lot_number),
            col(RemainsLot.count),
            col(lot_site.name),
            col(lot_site.code),
        )
        .outerjoin(Person, col(Person.id) == col(RollEntry.person_id))
        .outerjoin(RemainsLot, col(RemainsLot.id) == col(RollEntry.lot_id))
        .outerjoin(person_site, col(person_site.id) == col(Person.burial_site_id))
        .outerjoin(lot_site, col(lot_site.id) == col(RemainsLot.burial_site_id))
        .where(col(RollEntry.ceremony_id) == ceremony_id)
        .order_by(col(RollEntry.id))
    )
    entries = []
    for row in session.execute(query):
        (entry_id, person_id, bare, remarks, name, reading, died, died_text, pref) = row[:9]
        p_site, p_code, lot_number, count, l_site, l_code = row[9:]
        entries.append(
            _Entry(
                entry_id=entry_id,
                person_id=person_id,
                bare_name=bare,
                remarks=remarks,
                name=name or "",
                reading=reading or "",
                death_date=died or "",
                death_date_text=died_text or "",
                prefecture_code=pref or "",
                # The person's own burial site says where they lay; a lot's site is the
                # fallback for lot-only entries of an interment roll.
                site_name=p_site or l_site or "",
                site_code=p_code or l_code or "",
                lot_number=lot_number or "",
                remains_count=count,
                linked=person_id is not None or lot_number is not None,
            )
        )
    return entries


def _fallback_forms(session: Session, person_ids: list[int]) -> dict[int, list[str]]:
    """Name forms of persons recorded without a kanji name or reading, to print something."""
    forms: dict[int, list[str]] = {}
    for start in range(0, len(person_ids), SQL_IN_CHUNK):
        chunk = person_ids[start : start + SQL_IN_CHUNK]
        for person_id, text in session.execute(
            select(col(NameForm.person_id), col(NameForm.text))
            .where(col(NameForm.person_id).in_(chunk))
            .order_by(col(NameForm.id))
        ):
            forms.setdefault(person_id, []).append(text)
    return forms


def _name_and_reading(entry: _Entry, forms: list[str]) -> tuple[str, str]:
    if entry.person_id is None:
        return entry.bare_name, reading_of(entry.bare_name)
    reading = entry.reading
    if not reading:
        # Kana first: a Cyrillic spelling read back loses long vowels.
        ordered = sorted(forms, key=lambda f: detect_script(f) is not Script.KANA)
        reading = next((r for r in map(reading_of, ordered) if r), "")
    # An unidentified person has no kanji name; the roll prints the reading in its place.
    name = entry.name or reading or next(iter(forms), "")
    return name, reading


def _row(entry: _Entry, forms: list[str]) -> RollRow:
    name, reading = _name_and_reading(entry, forms)
    return RollRow(
        name=name,
        reading=reading,
        death_date=entry.death_date,
        death_date_text=entry.death_date_text,
        prefecture_code=entry.prefecture_code,
        prefecture=prefecture_name(entry.prefecture_code) if entry.prefecture_code else "",
        burial_site=entry.site_name,
        site_code=entry.site_code,
        lot_number=entry.lot_number,
        remains_count=entry.remains_count,
        linked=entry.linked,
        remarks=entry.remarks,
    )


def build_roll(
    session: Session, ceremony_id: int, order: Order = "reading"
) -> tuple[CeremonyInfo, list[RollRow]]:
    """The ceremony and its roll in ``order`` (see ``exports.order.order_rows``)."""
    ceremony = session.get(Ceremony, ceremony_id)
    if ceremony is None:
        raise NotFound("ceremony", ceremony_id)
    entries = _entries(session, ceremony_id)
    unread = [
        e.person_id for e in entries if e.person_id is not None and not (e.name and e.reading)
    ]
    forms = _fallback_forms(session, unread)
    rows = [_row(e, forms.get(e.person_id, []) if e.person_id else []) for e in entries]
    return ceremony_info(ceremony), order_rows(rows, order)
