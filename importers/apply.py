"""What every target shares while an import runs: the open transaction, the batch, the
counts, burial sites looked up or created, and bulk inserts of new rows as tuples."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.engine import Connection
from sqlmodel import Session, SQLModel

from importers.cells import width_folded
from importers.errors import RowRejected
from importers.normalise import Origin, Record
from records import audit
from records.bulk import insert_rows, keep_sequence_past, next_id
from records.messages import Message, Recorded
from records.models import BurialSite
from records.prefectures import prefecture_name
from records.sites import SiteRef, parse_site_code


def table_of(model: type[SQLModel]) -> Table:
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    undoing: int = 0  # of the rejected, rows that would put back what was corrected since


@dataclass
class Context:
    session: Session
    actor: str
    file: str  # the file's name, as the records' source
    sheet: str
    write: bool  # False for a dry run: compare and count, write nothing
    batch_id: int | None
    counts: Counts = field(default_factory=Counts)
    ceremony_id: int | None = None
    columns: frozenset[str] = frozenset()  # the profile's fields whose column the file has
    headers: Mapping[str, str] = field(default_factory=dict)  # those fields' headers
    sites: dict[str, int] = field(default_factory=dict)  # code → id
    sites_created: int = 0
    # The rows of the chunk taken that a corrected rejects workbook says where they were
    # first read (importers.reading.origins_of): their records' source.
    origins: Mapping[int, Origin] = field(default_factory=dict)
    _fake_ids: int = 0

    @property
    def conn(self) -> Connection:
        return self.session.connection()

    @property
    def reason(self) -> str:
        batch = f"import batch {self.batch_id}" if self.batch_id is not None else "import"
        return f"{batch} ({self.file})"

    def reject(self, record: Record, column: str, value: object, reason: str) -> RowRejected:
        return RowRejected(self.file, self.sheet, record.row, column, value, reason)

    def load_sites(self) -> None:
        rows = self.session.execute(select(BurialSite.code, BurialSite.id))  # type: ignore[call-overload]
        self.sites = {code: site_id for code, site_id in rows}

    def site_id_of_code(self, code: str | None) -> int | None:
        """The id of the burial site with this code, created as ``site_id`` creates it."""
        if code is None:
            return None
        found = self.sites.get(code)
        return found if found is not None else self.site_id(parse_site_code(code))

    def site_id(self, site: SiteRef | None) -> int | None:
        """The burial site's id, creating the site the first time any file names it."""
        if site is None:
            return None
        found = self.sites.get(site.code)
        if found is not None:
            return found
        if self.write:
            site_id = next_id(self.conn, table_of(BurialSite))
            insert_rows(
                self.conn,
                table_of(BurialSite),
                ("id", "code", "name", "region", "country", "number", "version"),
                [(site_id, site.code, site.name, site.region, site.country, site.number, 1)],
            )
            keep_sequence_past(self.conn, table_of(BurialSite), site_id + 1)
        else:
            self._fake_ids -= 1  # a dry run only needs the site to be distinct
            site_id = self._fake_ids
        self.sites[site.code] = site_id
        self.sites_created += 1
        return site_id


class Ids:
    """Ids handed out in Python for rows inserted in bulk (no RETURNING round trip)."""

    def __init__(self, conn: Connection, tables: Sequence[Table]) -> None:
        self._conn = conn
        self._tables = list(tables)
        self._next = {t.name: next_id(conn, t) for t in tables}

    def take(self, table: Table, count: int = 1) -> int:
        """The first of ``count`` consecutive ids."""
        value = self._next[table.name]
        self._next[table.name] = value + count
        return value

    def sync(self) -> None:
        """Move PostgreSQL's id sequences past the ids handed out, before a service function
        inserts a row of these tables (it takes the sequence's next) and when the load ends."""
        for table in self._tables:
            keep_sequence_past(self._conn, table, self._next[table.name])


def source(ctx: Context, record: Record) -> tuple[int | None, str, str, int]:
    return (ctx.batch_id, *origin(ctx, record.row))


def origin(ctx: Context, row: int) -> Origin:
    """The file, sheet and row a record read from ``row`` keeps as its source: where a
    corrected rejects workbook says the row was first read, else where it was read."""
    return ctx.origins.get(row) or (ctx.file, ctx.sheet, row)


SOURCE_COLUMNS = ("import_batch_id", "source_file", "source_sheet", "source_row")


def absent_fields(ctx: Context, derived: Mapping[str, tuple[str, ...]]) -> frozenset[str]:
    """The stored fields the file says nothing about, derived (``derived``: a column's field →
    the stored fields read from it) from the optional columns it lacks: a stored record keeps
    them, since a file without a 備考 column does not say that every remark is to go."""
    return frozenset(
        name for column, names in derived.items() if column not in ctx.columns for name in names
    )


def kept_positions(
    ctx: Context, derived: Mapping[str, tuple[str, ...]], compared: Sequence[str]
) -> frozenset[int]:
    """The positions in ``compared`` of the fields absent_fields keeps."""
    absent = absent_fields(ctx, derived)
    return frozenset(i for i, name in enumerate(compared) if name in absent)


def with_kept(
    stored: Sequence[Any], wanted: Sequence[Any], kept: frozenset[int]
) -> tuple[Any, ...]:
    """The values wanted, but the stored one at each kept position."""
    return tuple(stored[i] if i in kept else value for i, value in enumerate(wanted))


def erasing(
    ctx: Context,
    row: int,
    record: str,
    stored: Mapping[str, Any],
    wanted: Mapping[str, Any],
    derived: Mapping[str, tuple[str, ...]],
) -> RowRejected | None:
    """A row of a re-sent file whose cells are blank where ``record`` (番号 12, lot …) holds
    a value, refused: a blank cell is more often a copy that lacks it than a decision that
    it is wrong, and an identified person would quietly lose their name. What is to go is
    cleared in the app, with a reason. ``derived``: each column's field → the stored fields
    read from it, the first of which is the one written as the file writes it."""
    held = [
        (ctx.headers.get(column, column), names)
        for column, names in derived.items()
        if _says_nothing(wanted, names) and not _says_nothing(stored, names)
    ]
    if not held:
        return None
    shown = [(header, _held(ctx, stored, names)) for header, names in held]
    reason = Message(
        "the row leaves blank what {record} holds ({held}): an import erases nothing stored; "
        "if it is to go, clear it in the app",
        record=record,
        held="、".join(f"{header}: {value}" for header, value in shown),
    )
    return RowRejected(ctx.file, ctx.sheet, row, held[0][0], "", reason)


def _says_nothing(values: Mapping[str, Any], names: tuple[str, ...]) -> bool:
    """Whether the fields read from one column hold nothing: the one the file writes is blank,
    and so is every other text beside it (a home prefecture kept as written has no code when
    it is a former territory, 樺太)."""
    return _blank(values[names[0]]) and all(
        _blank(values[name]) for name in names[1:] if isinstance(values[name], str)
    )


def _held(ctx: Context, stored: Mapping[str, Any], names: tuple[str, ...]) -> Any:
    """What a record holds from one column, as the file writes it: its first field not blank."""
    name = next(name for name in names if not _blank(stored[name]))
    return _as_written(ctx, name, stored[name])


def undoing(
    ctx: Context,
    row: int,
    record: str,
    entity: tuple[str, int],
    stored: Mapping[str, Any],
    changes: Mapping[str, Any],
    derived: Mapping[str, tuple[str, ...]],
) -> RowRejected | None:
    """A row that would put back a value the record's latest change of that field replaced
    (an older copy of a file, opened and saved again, after a corrected one or a correction
    in the app), refused naming the correction: the bytes of such a copy differ from the
    file imported, so only its values tell it. ``entity``: the audit trail's kind and id."""
    wanted = {names[0]: column for column, names in derived.items() if names[0] in changes}
    for event in reversed(audit.history(ctx.session, *entity)):
        if not wanted:
            break
        after = json.loads(event.after or "{}")
        before = json.loads(event.before or "{}")
        for name in [name for name in wanted if name in after]:
            column = wanted.pop(name)  # only the field's latest change can be undone
            if name in before and before[name] == changes[name] and after[name] == stored[name]:
                header = ctx.headers.get(column, column)
                ctx.counts.undoing += 1
                refusal = Message(
                    "the row puts back {header} {old} of {record}, corrected to {new} on "
                    "{day} ({reason}): an older copy of the file? A change meant is made in "
                    "the app",
                    header=header,
                    old=_as_written(ctx, name, changes[name]),
                    record=record,
                    new=_as_written(ctx, name, stored[name]),
                    day=event.at[:10],
                    reason=Recorded(event.reason),
                )
                return RowRejected(ctx.file, ctx.sheet, row, header, changes[name], refusal)
    return None


def _as_written(ctx: Context, name: str, value: Any) -> Any:
    """A stored value as a file writes it: a burial site by its code, a prefecture by name."""
    if name == "burial_site_id":
        return next((code for code, site_id in ctx.sites.items() if site_id == value), value)
    if name == "prefecture_code":
        with suppress(KeyError):  # a code of no prefecture, as stored
            return prefecture_name(value)
    return value


def _blank(value: Any) -> bool:
    return value is None or value == ""


def only_width_differs(stored: Any, wanted: Any) -> bool:
    """Whether two values are texts that differ only in width (importers.cells.width_folded):
    a re-sent file typed with full-width digits or half-width kana says the same as the one
    imported, and a registrar would call it no correction. Asked only of values that differ."""
    return (
        isinstance(stored, str)
        and isinstance(wanted, str)
        and width_folded(stored) == width_folded(wanted)
    )


def with_width_kept(stored: Sequence[Any], wanted: Sequence[Any]) -> tuple[Any, ...]:
    """The values wanted, but the stored one, as it was written, where the two differ only in
    width."""
    return tuple(
        s if w != s and only_width_differs(s, w) else w for s, w in zip(stored, wanted, strict=True)
    )


def changes_between(stored: dict[str, Any], wanted: dict[str, Any]) -> dict[str, Any]:
    """The fields whose value in the file differs from the one stored."""
    return {name: value for name, value in wanted.items() if stored.get(name) != value}
