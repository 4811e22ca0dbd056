"""The tables of irei: people, remains, custody, ceremonies, imports and the audit log.

Writes go through the service modules (``records.services``), never straight to
these classes, so that every change is audited.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, String, UniqueConstraint
from sqlmodel import Field, SQLModel

# Range scans over search keys (key >= q AND key < q || U+FFFF) need byte order;
# PostgreSQL's default collation would sort kana by locale rules instead.
SearchKey = String().with_variant(String(collation="C"), "postgresql")


def _key_column(*, index: bool = False) -> Column[str]:
    return Column(SearchKey, nullable=False, default="", index=index)


class Versioned(SQLModel):
    """An editable record: a save based on a stale read is refused (optimistic locking)."""

    version: int = Field(default=1, nullable=False)


class Sourced(SQLModel):
    """Where an imported record came from: the batch, and file, sheet and row."""

    import_batch_id: int | None = Field(default=None, foreign_key="import_batch.id", index=True)
    source_file: str = ""
    source_sheet: str = ""
    source_row: int | None = None


class ImportBatch(SQLModel, table=True):
    __tablename__ = "import_batch"

    id: int | None = Field(default=None, primary_key=True)
    file_name: str
    file_sha256: str = Field(index=True)
    profile: str
    actor: str
    started_at: datetime
    finished_at: datetime | None = None
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0


class Location(Versioned, table=True):
    """A place remains can be: the cemetery, an ossuary vault inside it, a section of a vault."""

    # A place removed keeps its id in its audit events: SQLite must never hand it out again
    # (without AUTOINCREMENT it reuses the highest id once that row is gone). Migration 0013.
    __table_args__ = {"sqlite_autoincrement": True}
    id: int | None = Field(default=None, primary_key=True)
    parent_id: int | None = Field(default=None, foreign_key="location.id", index=True)
    kind: str  # cemetery | vault | section
    name: str
    code: str = Field(unique=True)


class BurialSite(Versioned, table=True):
    """A burial place abroad, named HB-012 in recovery files and ハバロフスク地方第12埋葬地
    in registers."""

    __tablename__ = "burial_site"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True)
    name: str
    region: str
    country: str = Field(index=True)
    number: int


class Person(Versioned, Sourced, table=True):
    """A named war dead. The names as received live in ``NameForm``; these columns are the
    registrar's current reading of the record."""

    id: int | None = Field(default=None, primary_key=True)
    register_no: int | None = Field(default=None, index=True)  # 番号 in the death register
    name: str = ""  # kanji as written (variant kanji kept); '' while unidentified
    reading: str = ""  # katakana reading, family and given separated by a space
    birth_year: int | None = None
    birth_year_text: str = ""
    death_date_text: str = ""
    death_date: str | None = None  # ISO, as precise as the source: 1946, 1946-02, 1946-02-13
    death_precision: str | None = None  # day | month | year | approximate
    death_place: str = ""
    country: str = Field(default="", index=True)
    region: str = ""
    camp: str = ""
    burial_site_id: int | None = Field(default=None, foreign_key="burial_site.id", index=True)
    prefecture_code: str = Field(default="", index=True)  # JIS X 0401, '01'..'47'
    # 出身地 as written when it was not a prefecture's plain name: an address (福島県石城郡…),
    # an old form (福島縣) or a former territory (樺太, with no code); '' when it was.
    home: str = Field(default="", sa_column_kwargs={"server_default": ""})
    identified: bool = Field(default=False, index=True)
    remarks: str = ""


# The person's fields the people search filters by, copied onto each of their name forms.
SEARCH_FILTERS = ("identified", "prefecture_code", "country", "burial_site_id")
# A name form's columns as bulk writers (the import, the demo) give them, filters included.
NAME_FORM_COLUMNS = (
    "id", "person_id", "text", "script", "source", "key", "given_key", *SEARCH_FILTERS,
)  # fmt: skip


class NameForm(SQLModel, table=True):
    """One way a person's name was written: kanji, kana, Cyrillic or Latin, and by which source."""

    __tablename__ = "name_form"
    __table_args__ = (
        # A range of keys reads in key, then person order, with the filters at hand.
        Index("ix_name_form_key", "key", "person_id", *SEARCH_FILTERS),
        Index("ix_name_form_given_key", "given_key", "person_id", *SEARCH_FILTERS),
    )

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    text: str  # exactly as received
    script: str  # kanji | kana | cyrillic | latin
    source: str  # register-kanji | register-kana | russian-record | reading | entered
    key: str = Field(sa_column=_key_column())
    given_key: str = Field(sa_column=_key_column())
    # Copies of the person's SEARCH_FILTERS, kept by the database itself (the triggers of
    # migration 0002; an insert that leaves them NULL gets the person's). With them in the
    # key indexes, a filtered search by name reads one index range and no other row.
    identified: bool | None = None
    prefecture_code: str | None = None
    country: str | None = None
    burial_site_id: int | None = None


class RemainsLot(Versioned, Sourced, table=True):
    """A lot of remains recovered by one mission at one burial site; the ministry's lot number
    is its natural key."""

    __tablename__ = "remains_lot"

    id: int | None = Field(default=None, primary_key=True)
    lot_number: str = Field(sa_column=Column(SearchKey, unique=True, nullable=False))
    fiscal_year: int | None = Field(default=None, index=True)
    fiscal_year_text: str = ""
    country: str = Field(default="", index=True)
    region: str = ""
    burial_site_id: int | None = Field(default=None, foreign_key="burial_site.id", index=True)
    recovered_text: str = ""
    recovered_on: str | None = None
    recovered_precision: str | None = None
    count: int = 1  # 柱 (hashira): the counter for sets of remains
    handed_over_by: str = ""
    status: str = Field(default="recovered", index=True)
    location_id: int | None = Field(default=None, foreign_key="location.id", index=True)
    remarks: str = ""


class Specimen(Versioned, Sourced, table=True):
    """A sample taken from a lot for testing, known by an anonymised specimen number."""

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(sa_column=Column(SearchKey, unique=True, nullable=False))
    lot_id: int = Field(foreign_key="remains_lot.id", index=True)


class Analysis(Sourced, table=True):
    """One test of one specimen and the decision drawn from it. Never edited: a later test of
    the same kind points at the one it supersedes; a test of another kind stands beside it.
    Only that link moves, audited, when an older test is entered after it."""

    id: int | None = Field(default=None, primary_key=True)
    specimen_id: int = Field(foreign_key="specimen.id", index=True)
    # DNA(STR), DNA(Y-STR), DNA(mtDNA), 安定同位体: in one form (records.analysis_kinds)
    kind: str
    # As written: ＤＮＡ（Ｙ-ＳＴＲ）. The database has a default too: SQLite adds a column
    # to a table holding rows (migration 0003) only with one.
    kind_text: str = Field(default="", sa_column_kwargs={"server_default": ""})
    affiliation: str  # japanese | not_japanese | undeterminable | pending
    match_result: str = ""  # match | in_progress | ''
    matched_name: str = ""
    matched_person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    decided_text: str = ""
    decided_on: str | None = None
    decided_precision: str | None = None
    remarks: str = ""
    supersedes_id: int | None = Field(default=None, foreign_key="analysis.id", index=True)
    recorded_by: str
    recorded_at: datetime
    # A test entered in error is withdrawn, never deleted: it stays, marked, out of the chain
    # of its kind, and no reader of the evidence counts it (records.services.analysis_withdrawal).
    withdrawn_at: datetime | None = None
    withdrawn_by: str = Field(default="", sa_column_kwargs={"server_default": ""})
    withdrawn_reason: str = Field(default="", sa_column_kwargs={"server_default": ""})


class CustodyEvent(SQLModel, table=True):
    """Something that happened to a lot: recovered, received, the affiliation decided (dated by
    the committee's meeting, no place), interred, disinterred, reinterred, handed to the
    family, repatriated."""

    __tablename__ = "custody_event"

    id: int | None = Field(default=None, primary_key=True)
    lot_id: int = Field(foreign_key="remains_lot.id", index=True)
    kind: str
    from_location_id: int | None = Field(default=None, foreign_key="location.id")
    to_location_id: int | None = Field(default=None, foreign_key="location.id")
    happened_text: str = ""
    happened_on: str | None = None  # ISO, as precise as known
    actor: str
    reason: str = ""  # the registrar's own words
    # The analyses a decision cites, each named (records.services.analyses.named_analysis), joined
    # by "; ". A decision recorded before migration 0004 names them in its reason, in English.
    evidence: str = Field(default="", sa_column_kwargs={"server_default": ""})
    recorded_at: datetime
    # The lot's status before this event, which its withdrawal puts back; None for an event
    # recorded before migration 0006 (records.services.custody derives it).
    status_before: str | None = None
    # A hand-over's person, whose family received the remains: the one the lot's DNA matches
    # named that day, kept as the fact of the hand-over, since a later test may name someone
    # else. None for any other event.
    person_id: int | None = Field(default=None, foreign_key="person.id")
    # An event recorded in error is withdrawn, never deleted: it stays, marked, and every
    # reader of the history treats it as not having happened (records.services.custody).
    withdrawn_at: datetime | None = None
    withdrawn_by: str = Field(default="", sa_column_kwargs={"server_default": ""})
    withdrawn_reason: str = Field(default="", sa_column_kwargs={"server_default": ""})


class Ceremony(Versioned, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str
    kind: str  # interment | memorial
    date: str  # ISO
    place: str = ""


class RollEntry(Versioned, table=True):
    """A line of a ceremony roll: a person and/or a lot, or a bare name awaiting a link."""

    __tablename__ = "roll_entry"
    # A line removed keeps its id in its audit events, never handed out again (as Location's).
    __table_args__ = (UniqueConstraint("ceremony_id", "person_id"), {"sqlite_autoincrement": True})

    id: int | None = Field(default=None, primary_key=True)
    ceremony_id: int = Field(foreign_key="ceremony.id", index=True)
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    lot_id: int | None = Field(default=None, foreign_key="remains_lot.id", index=True)
    bare_name: str = ""  # as received, when the entry came as a name only
    # The bare name's reading in katakana, which the roll's gojūon order goes by: a name in
    # kanji cannot be read by the app, only by a registrar or the file that sent it.
    bare_reading: str = Field(default="", sa_column_kwargs={"server_default": ""})
    remarks: str = ""


class FamilyContact(Versioned, table=True):
    """Personal data of a bereaved family. Restricted: never exported in a roll."""

    __tablename__ = "family_contact"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    name: str
    relation: str = ""
    address: str = ""
    phone: str = ""
    notes: str = ""


class AuditEvent(SQLModel, table=True):
    """One change: who, when, what, before, after, why. Each event's hash covers the previous
    one, so a row changed, deleted or inserted behind the app's back breaks the chain."""

    __tablename__ = "audit_event"
    # A user's events, or a kind of record's, by an index in the log's order, newest first
    # (migrations 0008, 0009); the events since a date by their time (records.audit_log).
    __table_args__ = (
        Index("ix_audit_event_entity", "entity", "entity_id"),
        Index("ix_audit_event_actor", "actor", "id"),
        Index("ix_audit_event_kind", "entity", "id"),
        Index("ix_audit_event_at", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    at: str  # ISO 8601 UTC with microseconds; text so that the hashed bytes never change
    actor: str
    action: str
    entity: str
    entity_id: int | None = None
    before: str = ""  # JSON
    after: str = ""  # JSON
    reason: str = ""
    prev_hash: str
    hash: str


class AuditHead(SQLModel, table=True):
    """The chain's last link, so that deleting the newest events is noticed too."""

    __tablename__ = "audit_head"

    id: int = Field(default=1, primary_key=True)
    last_id: int = 0
    last_hash: str = ""
    count: int = 0
