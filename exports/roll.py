"""Building a ceremony's roll from the database once, in the order asked for, for any writer.

Only the columns a roll prints are read: a family's contact data and DNA results are never
selected, so no writer can leak them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Literal, cast

from sqlalchemy import select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from exports.errors import ExportRefused
from exports.order import Order, order_rows
from exports.roll_csv import CsvEncoding, write_roll_csv
from exports.rows import CeremonyInfo, Progress, RollRow
from records.errors import NotFound
from records.models import BurialSite, Ceremony, NameForm, Person, RemainsLot, RollEntry
from records.prefectures import PREFECTURES
from records.readings import cyrillic_to_katakana, to_katakana
from records.scripts import Script, detect_script

SQL_IN_CHUNK = 900  # below SQLite's oldest limit on bound parameters (999)
FORMATS = ("xlsx", "csv", "pdf")
# Stored codes are already JIS two-digit codes; a dict lookup beats normalising 57,000 times.
_PREFECTURE_NAMES = dict(PREFECTURES)


@dataclass(frozen=True)
class _Entry:
    """One roll entry with what its person, lot and site say, as read in one query."""

    entry_id: int
    person_id: int | None
    bare_name: str
    bare_reading: str
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
            col(RollEntry.bare_reading),
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
    # Core rows, not ORM results: at 57,000 entries the ORM's row processing cost a second.
    for row in session.connection().execute(query).all():
        (entry_id, person_id, bare, bare_reading, remarks, name, reading, died) = row[:8]
        died_text, pref, p_site, p_code, lot_number, count, l_site, l_code = row[8:]
        assert entry_id is not None  # a primary key
        entries.append(
            _Entry(
                entry_id=entry_id,
                person_id=person_id,
                bare_name=bare,
                bare_reading=bare_reading,
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


Form = tuple[str, str]  # (text as written, script)


def _fallback_forms(session: Session, person_ids: list[int]) -> dict[int, list[Form]]:
    """Name forms of persons recorded without a kanji name or reading, to print something."""
    forms: dict[int, list[Form]] = {}
    for start in range(0, len(person_ids), SQL_IN_CHUNK):
        chunk = person_ids[start : start + SQL_IN_CHUNK]
        for person_id, text, script in session.execute(
            select(col(NameForm.person_id), col(NameForm.text), col(NameForm.script))
            .where(col(NameForm.person_id).in_(chunk))
            .order_by(col(NameForm.id))
        ).all():
            forms.setdefault(person_id, []).append((text, script))
    return forms


def _reading_from_forms(forms: list[Form]) -> str:
    # Kana first: a Cyrillic spelling read back has lost its long vowels.
    for text, script in forms:
        if script == Script.KANA:
            return to_katakana(text)
    for text, script in forms:
        if script in (Script.CYRILLIC, Script.LATIN):
            return cyrillic_to_katakana(text)
    return ""


def _name_and_reading(entry: _Entry, forms: list[Form]) -> tuple[str, str]:
    if entry.person_id is None:
        # The reading a registrar or the roll file gave; a name in kanji without one has
        # nothing to be ordered by and goes last.
        return entry.bare_name, entry.bare_reading or reading_of(entry.bare_name)
    reading = entry.reading or _reading_from_forms(forms)
    # An unidentified person has no kanji name; the roll prints the reading in its place.
    name = entry.name or reading or (forms[0][0] if forms else "")
    return name, reading


def _row(entry: _Entry, forms: list[Form]) -> RollRow:
    name, reading = _name_and_reading(entry, forms)
    return RollRow(
        name=name,
        reading=reading,
        death_date=entry.death_date,
        death_date_text=entry.death_date_text,
        prefecture_code=entry.prefecture_code,
        prefecture=_PREFECTURE_NAMES.get(entry.prefecture_code, ""),
        burial_site=entry.site_name,
        site_code=entry.site_code,
        lot_number=entry.lot_number,
        remains_count=entry.remains_count,
        linked=entry.linked,
        remarks=entry.remarks,
    )


def roll_entries(
    session: Session, ceremony_id: int, order: Order = "reading"
) -> tuple[CeremonyInfo, list[tuple[int, RollRow]]]:
    """The ceremony and its rows in ``order``, each with the id of its roll entry, for a
    screen that lets the user act on one entry."""
    ceremony = session.get(Ceremony, ceremony_id)
    if ceremony is None:
        raise NotFound("ceremony", ceremony_id)
    entries = _entries(session, ceremony_id)
    unread = [
        e.person_id for e in entries if e.person_id is not None and not (e.name and e.reading)
    ]
    forms = _fallback_forms(session, unread)
    rows = [_row(e, forms.get(e.person_id, []) if e.person_id else []) for e in entries]
    # Equal rows (two lot-only entries, say) compare equal, so entries follow their row
    # objects by identity through the sort.
    entry_of = {id(row): entry.entry_id for row, entry in zip(rows, entries, strict=True)}
    return ceremony_info(ceremony), [(entry_of[id(row)], row) for row in order_rows(rows, order)]


def build_roll(
    session: Session, ceremony_id: int, order: Order = "reading"
) -> tuple[CeremonyInfo, list[RollRow]]:
    """The ceremony and its roll in ``order`` (see ``exports.order.order_rows``)."""
    ceremony, entries = roll_entries(session, ceremony_id, order)
    return ceremony, [row for _, row in entries]


def refuse_misnamed(path: str | os.PathLike[str], file_format: str) -> None:
    """Refuse a file whose name does not end in the format's suffix: CSV text in 名簿.xlsx opens
    in no program that trusts the name, and a name ending in anything else may be the database
    itself (irei.sqlite3). The app's form and the command line say it alike."""
    if os.path.splitext(path)[1].lower() != f".{file_format}":
        raise ExportRefused(
            "{path}: the format is {format}; give a file name ending in .{format}",
            path=os.fspath(path),
            format=file_format,
        )


def write_roll(
    path: str | os.PathLike[str],
    ceremony: CeremonyInfo,
    rows: list[RollRow],
    file_format: str,
    encoding: CsvEncoding = "utf-8-sig",
    progress: Progress | None = None,
) -> None:
    """Hand rows built once to the writer of one format (the CLI and the app share it)."""
    if not rows:
        # A roll of headings alone, printed or sent, would read as a roll of no one.
        raise ExportRefused(
            "the roll of {name} ({date}) has no entries: nothing was written",
            name=ceremony.name,
            date=ceremony.date,
        )
    # fpdf and openpyxl take half a second to import; only the export that needs one pays.
    if file_format == "csv":
        write_roll_csv(path, ceremony, rows, encoding)
        if progress is not None:
            progress(len(rows), len(rows))
    elif file_format == "xlsx":
        from exports.roll_xlsx import write_roll_xlsx

        write_roll_xlsx(path, ceremony, rows, progress=progress)
    elif file_format == "pdf":
        from exports.roll_pdf import write_roll_pdf

        write_roll_pdf(path, ceremony, rows, progress=progress)
    else:
        raise ExportRefused(
            "{format} is not a roll format (choose {formats})",
            format=repr(file_format),
            formats=", ".join(FORMATS),
        )
