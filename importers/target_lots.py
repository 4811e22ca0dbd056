"""Recovery rows into RemainsLots with their Specimens (整理番号, the lot number, is the
natural key)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlmodel import col

from importers.apply import (
    SOURCE_COLUMNS,
    Context,
    Ids,
    absent_fields,
    changes_between,
    erasing,
    only_width_differs,
    source,
    table_of,
    undoing,
)
from importers.errors import RowRejected
from importers.keys_seen import KeysSeen
from importers.normalise import Record
from records import audit
from records.bulk import Built, stored_value
from records.dates import UNDATED, PartialDate, recovery_outside_fiscal_year
from records.messages import Message
from records.models import Analysis, CustodyEvent, RemainsLot, Specimen
from records.services.base import apply_changes
from records.sites import (
    lot_number_contradicted,
    place_contradicted,
    specimen_of_another_site,
)
from records.status import LotStatus

LOT, SPECIMEN, CUSTODY, ANALYSIS = (
    table_of(m) for m in (RemainsLot, Specimen, CustodyEvent, Analysis)
)
LOT_COMPARED = (
    "fiscal_year", "fiscal_year_text", "country", "region", "burial_site_id", "recovered_text",
    "recovered_on", "recovered_precision", "count", "handed_over_by", "remarks",
)  # fmt: skip
# The stored fields read from each column of a recovery file.
LOT_DERIVED = {
    "fiscal_year": ("fiscal_year_text", "fiscal_year"),
    "country": ("country",),
    "region": ("region",),
    "burial_site": ("burial_site_id",),
    "recovered": ("recovered_text", "recovered_on", "recovered_precision"),
    "count": ("count",),
    "handed_over_by": ("handed_over_by",),
    "remarks": ("remarks",),
}
LOT_COLUMNS = ("id", "lot_number", *LOT_COMPARED, "status", "version", *SOURCE_COLUMNS)
SPECIMEN_COLUMNS = ("id", "number", "lot_id", "version", *SOURCE_COLUMNS)
CUSTODY_COLUMNS = (
    "id", "lot_id", "kind", "happened_text", "happened_on", "actor", "reason", "recorded_at",
)  # fmt: skip


class LotTarget:
    bulk = False

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.seen = KeysSeen(  # lot number → sheet and row in this file
            Message("lot {number} is already on row {row}"),
            Message("lot {number} is already on row {row} of sheet {sheet}"),
        )
        self.specimens_seen: dict[str, str] = {}  # specimen → lot number, in this file
        if ctx.write:
            self.ids = Ids(ctx.conn, [LOT, SPECIMEN, CUSTODY])
            self.recorded_at = stored_value(ctx.conn, CUSTODY.c.recorded_at, audit.now_utc())

    def take(self, records: list[Record]) -> list[RowRejected]:
        # The records are of one sheet, whose columns say what the file says nothing about.
        self.absent = absent_fields(self.ctx, LOT_DERIVED)
        rejects: list[RowRejected] = []
        numbers = [r.fields["lot_number"] for r in records if r.fields.get("lot_number")]
        specimens = [s for r in records for s in r.fields.get("specimens", ())]
        stored = self._stored(numbers)
        owners = self._specimen_owners(specimens)
        # A sheet without the column says nothing about specimens; one with it lists them all.
        kept = (
            self._specimens_of([lot["id"] for lot in stored.values()])
            if "specimens" in self.ctx.columns
            else None
        )
        lots, specimen_rows, custody = [], [], []
        for record in records:
            problem = self._check(record, owners)
            if problem is not None:
                rejects.append(problem)
                continue
            number = record.fields["lot_number"]
            self.seen.add(number, self.ctx.sheet, record.row)
            for specimen in record.fields.get("specimens", ()):
                self.specimens_seen[specimen] = number
            values = self._values(record)
            if number in stored:
                erased = self._compare(record, stored[number], values, owners, kept)
                if erased is not None:
                    rejects.append(erased)
                continue
            self.ctx.counts.created += 1
            if not self.ctx.write:
                continue
            lot_id = self.ids.take(LOT)
            lots.append(
                (
                    lot_id,
                    number,
                    *(values[c] for c in LOT_COMPARED),
                    str(LotStatus.RECOVERED),
                    1,
                    *source(self.ctx, record),
                )
            )
            specimens = record.fields.get("specimens", ())  # the column is optional
            specimen_rows.extend(self._specimens(lot_id, record, specimens))
            custody.append(self._recovered_event(lot_id, values))
        if lots:
            from records.bulk import insert_rows

            insert_rows(self.ctx.conn, LOT, LOT_COLUMNS, lots)
            insert_rows(self.ctx.conn, SPECIMEN, SPECIMEN_COLUMNS, specimen_rows)
            insert_rows(self.ctx.conn, CUSTODY, CUSTODY_COLUMNS, custody)
        return rejects

    def _check(self, record: Record, owners: dict[str, str]) -> RowRejected | None:
        number = record.fields.get("lot_number")
        if not number:
            return self.ctx.reject(
                record, "整理番号", None, Message("the lot number (整理番号) is blank")
            )
        seen = self.seen.where(number)
        if seen is not None:
            reason = self.seen.repeated(number, self.ctx.sheet, seen)
            return self.ctx.reject(record, "整理番号", number, reason)
        site = record.fields.get("burial_site")
        year = record.fields.get("fiscal_year")
        if contradicted := lot_number_contradicted(
            number, year.value if year else None, site.code if site else None
        ):
            field, reason = contradicted
            if field == "fiscal_year":
                return self.ctx.reject(record, "収集年度", year.text if year else None, reason)
            return self.ctx.reject(record, "埋葬地番号", site.code if site else None, reason)
        if site is not None and (
            misplaced := place_contradicted(
                record.fields.get("country", ""), record.fields.get("region", ""), site
            )
        ):
            field, reason = misplaced
            header = self.ctx.headers.get(field, field)
            return self.ctx.reject(record, header, record.fields[field], reason)
        for specimen in record.fields.get("specimens", ()):
            if site is not None and (elsewhere := specimen_of_another_site(specimen, site.code)):
                return self.ctx.reject(record, "検体番号", specimen, elsewhere)
            owner = owners.get(specimen) or self.specimens_seen.get(specimen)
            if owner is not None and owner != number:
                return self.ctx.reject(
                    record,
                    "検体番号",
                    specimen,
                    Message(
                        "specimen {specimen} belongs to lot {lot}", specimen=specimen, lot=owner
                    ),
                )
        recovered = record.fields.get("recovered")
        if (
            year
            and recovered
            and (outside := recovery_outside_fiscal_year(year.value, year.text, recovered.value))
        ):
            return self.ctx.reject(record, "収容年月日", recovered.text, outside)
        return None

    def _values(self, record: Record) -> dict[str, Any]:
        f = record.fields
        site = f.get("burial_site")
        year = f.get("fiscal_year")
        recovered: PartialDate = f.get("recovered") or UNDATED
        return {
            "fiscal_year": year.value if year else None,
            "fiscal_year_text": year.text if year else "",
            "country": f.get("country") or (site.country if site else ""),
            "region": f.get("region") or (site.region if site else ""),
            "burial_site_id": self.ctx.site_id(site),
            "recovered_text": recovered.text,
            "recovered_on": recovered.value,
            "recovered_precision": str(recovered.precision) if recovered.precision else None,
            "count": f.get("count", 1),
            "handed_over_by": f.get("handed_over_by", ""),
            "remarks": f.get("remarks", ""),
        }

    def _specimens(self, lot_id: int, record: Record, numbers: Any) -> list[tuple[Any, ...]]:
        return [
            (self.ids.take(SPECIMEN), number, lot_id, 1, *source(self.ctx, record))
            for number in numbers
        ]

    def _recovered_event(self, lot_id: int, values: dict[str, Any]) -> tuple[Any, ...]:
        return (
            self.ids.take(CUSTODY),
            lot_id,
            "recovered",
            values["recovered_text"],
            values["recovered_on"],
            self.ctx.actor,
            self.ctx.reason,
            self.recorded_at,
        )

    def _stored(self, numbers: list[str]) -> dict[str, dict[str, Any]]:
        if not numbers:
            return {}
        columns = [col(getattr(RemainsLot, c)) for c in ("id", "lot_number", *LOT_COMPARED)]
        rows = self.ctx.session.execute(
            select(*columns).where(col(RemainsLot.lot_number).in_(numbers))
        ).all()
        return {r.lot_number: dict(r._mapping) for r in rows}

    def _specimen_owners(self, specimens: list[str]) -> dict[str, str]:
        if not specimens:
            return {}
        rows = self.ctx.session.execute(
            select(Specimen.number, RemainsLot.lot_number)  # type: ignore[call-overload]
            .join(RemainsLot, col(RemainsLot.id) == col(Specimen.lot_id))
            .where(col(Specimen.number).in_(specimens))
        )
        return {number: lot for number, lot in rows}

    def _specimens_of(self, lot_ids: list[int]) -> dict[int, list[str]]:
        """The stored specimens of each lot, in the order they were added."""
        if not lot_ids:
            return {}
        rows = self.ctx.session.execute(
            select(Specimen.lot_id, Specimen.number)  # type: ignore[call-overload]
            .where(col(Specimen.lot_id).in_(lot_ids))
            .order_by(col(Specimen.id))
        )
        found: dict[int, list[str]] = {}
        for lot_id, number in rows:
            found.setdefault(lot_id, []).append(number)
        return found

    def _compare(
        self,
        record: Record,
        stored: dict[str, Any],
        values: dict[str, Any],
        owners: dict[str, str],
        kept: dict[int, list[str]] | None,
    ) -> RowRejected | None:
        """Refuses a row that would erase a stored value, or that no longer lists a specimen
        the lot has (``kept``: each stored lot's specimens; None when the sheet has no
        specimen column): an import removes no specimen, which its tests would lose."""
        listed = record.fields.get("specimens", ())
        if kept is not None:
            dropped = [s for s in kept.get(stored["id"], []) if s not in listed]
            if dropped:
                reason = Message(
                    "lot {lot} has specimens this row no longer lists ({specimens}): an "
                    "import removes no specimen; list them in the row again, or remove one "
                    "entered in error on the lot in the app",
                    lot=record.fields["lot_number"],
                    specimens="、".join(dropped),
                )
                return self.ctx.reject(record, "検体番号", "、".join(listed) or None, reason)
        wanted = values | {name: stored[name] for name in self.absent}
        # A value written at another width only (２００４年度 for 2004年度) is no change: the
        # stored one stays, as it was written.
        changes = {
            name: value
            for name, value in changes_between(stored, wanted).items()
            if not only_width_differs(stored[name], value)
        }
        added = [s for s in listed if s not in owners]
        if not changes and not added:
            self.ctx.counts.unchanged += 1
            return None
        number = f"整理番号 {record.fields['lot_number']}"
        if erased := erasing(self.ctx, record.row, number, stored, wanted, LOT_DERIVED):
            return erased
        entity = ("RemainsLot", stored["id"])
        if undone := undoing(self.ctx, record.row, number, entity, stored, changes, LOT_DERIVED):
            return undone
        self.ctx.counts.updated += 1
        if not self.ctx.write:
            return None
        session = self.ctx.session
        lot = session.get(RemainsLot, stored["id"])
        assert lot is not None
        apply_changes(session, self.ctx.actor, lot, "RemainsLot", changes, self.ctx.reason)
        if added:
            from records.bulk import insert_rows

            insert_rows(
                self.ctx.conn,
                SPECIMEN,
                SPECIMEN_COLUMNS,
                self._specimens(stored["id"], record, added),
            )
            audit.record(
                session,
                self.ctx.actor,
                "add_specimens",
                "RemainsLot",
                stored["id"],
                after={"specimens": added},
                reason=self.ctx.reason,
            )
        return None

    def finish(self, built: Built | None) -> None:
        if self.ctx.write:
            self.ids.sync()
