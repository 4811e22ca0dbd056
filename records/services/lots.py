"""A lot of remains as its record holds it: registered with the specimens taken from it,
specimens added or removed later, its descriptive fields edited. Each function is one business
action in one audited transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, select

from records import audit
from records.dates import UNDATED, PartialDate, recovery_outside_fiscal_year
from records.errors import Invalid
from records.messages import Message
from records.models import Analysis, BurialSite, CustodyEvent, RemainsLot, Specimen
from records.services.base import (
    apply_changes,
    check_version,
    get,
    get_for_update,
    require_reason,
    snapshot,
    transaction,
    year_as_written,
)
from records.sites import (
    SiteRef,
    lot_number_contradicted,
    place_contradicted,
    specimen_of_another_site,
)
from records.status import LotStatus

ENTITY = "RemainsLot"


@dataclass(frozen=True)
class LotFields:
    lot_number: str
    fiscal_year: int | None = None
    fiscal_year_text: str = ""
    country: str = ""
    region: str = ""
    burial_site_id: int | None = None
    recovered: PartialDate = UNDATED
    count: int = 1
    handed_over_by: str = ""
    remarks: str = ""


def register_lot(
    session: Session, actor: str, fields: LotFields, specimens: Sequence[str], reason: str
) -> RemainsLot:
    """A newly recovered lot with the specimen numbers taken from it. Refused, as the import
    refuses such a row, when no day of its recovery date falls in its fiscal year (収集年度),
    when its country or region is not its burial site's, or when a specimen number is not of
    its burial site."""
    if fields.count < 1:
        raise Invalid("count", Message("a lot holds at least one set of remains (柱)"))
    if outside := recovery_outside_fiscal_year(
        fields.fiscal_year, fields.fiscal_year_text, fields.recovered.value
    ):
        raise Invalid("recovered", outside)
    with transaction(session):
        if session.execute(
            select(RemainsLot.id).where(col(RemainsLot.lot_number) == fields.lot_number)
        ).first():
            raise Invalid("lot_number", Message("lot {lot} already exists", lot=fields.lot_number))
        site = get(session, BurialSite, fields.burial_site_id) if fields.burial_site_id else None
        if contradicted := lot_number_contradicted(
            fields.lot_number, fields.fiscal_year, site.code if site else None
        ):
            raise Invalid(*contradicted)
        if site and (
            misplaced := place_contradicted(fields.country, fields.region, _as_site_ref(site))
        ):
            raise Invalid(*misplaced)
        lot = RemainsLot(
            lot_number=fields.lot_number,
            fiscal_year=fields.fiscal_year,
            fiscal_year_text=fields.fiscal_year_text,
            country=fields.country,
            region=fields.region,
            burial_site_id=fields.burial_site_id,
            recovered_text=fields.recovered.text,
            recovered_on=fields.recovered.value,
            recovered_precision=fields.recovered.precision,
            count=fields.count,
            handed_over_by=fields.handed_over_by,
            remarks=fields.remarks,
            status=LotStatus.RECOVERED,
        )
        session.add(lot)
        session.flush()
        assert lot.id is not None
        for number in specimens:
            _add_specimen(session, lot.id, number, site.code if site else None)
        session.add(
            CustodyEvent(
                lot_id=lot.id,
                kind="recovered",
                happened_text=fields.recovered.text,
                happened_on=fields.recovered.value,
                actor=actor,
                reason=reason,
                recorded_at=audit.now_utc(),
            )
        )
        audit.record(
            session,
            actor,
            "register",
            ENTITY,
            lot.id,
            after=snapshot(lot) | {"specimens": list(specimens)},
            reason=reason,
        )
        return lot


def _add_specimen(
    session: Session, lot_id: int, number: str, site_code: str | None = None
) -> Specimen:
    """``site_code``: the lot's burial site's, with which the number must begin."""
    owner = session.execute(
        select(RemainsLot.lot_number)
        .join(Specimen, col(Specimen.lot_id) == col(RemainsLot.id))
        .where(col(Specimen.number) == number)
    ).scalar()
    if owner is not None:
        raise Invalid(
            "specimens",
            Message("specimen {number} already belongs to lot {lot}", number=number, lot=owner),
        )
    if site_code is not None and (refused := specimen_of_another_site(number, site_code)):
        raise Invalid("specimens", refused)
    specimen = Specimen(number=number, lot_id=lot_id)
    session.add(specimen)
    session.flush()
    return specimen


def add_specimens(
    session: Session, actor: str, lot_id: int, numbers: Sequence[str], reason: str
) -> RemainsLot:
    """Specimens of a registered lot that its record lacks (a number missed when the lot was
    recorded, a sample taken later), added by hand; a number belongs to one lot only, and to
    the lot's burial site when it has one."""
    reason = require_reason(reason, Message("a lot"))
    if not numbers:
        raise Invalid("specimens", Message("write at least one specimen number"))
    with transaction(session):
        lot = get_for_update(session, RemainsLot, lot_id)
        site = get(session, BurialSite, lot.burial_site_id) if lot.burial_site_id else None
        for number in numbers:
            _add_specimen(session, lot_id, number, site.code if site else None)
        # As an import that adds specimens records it: the numbers added.
        audit.record(
            session,
            actor,
            "add_specimens",
            ENTITY,
            lot_id,
            after={"specimens": list(numbers)},
            reason=reason,
        )
        return lot


def remove_specimen(
    session: Session, actor: str, lot_id: int, number: str, reason: str
) -> RemainsLot:
    """A specimen recorded against a lot in error (a mistyped number, another lot's sample).
    Refused once a test of it is recorded: an analysis is evidence, never removed. The audit
    event keeps the specimen's row as it was, where it was read from included."""
    reason = require_reason(reason, Message("a lot"))
    with transaction(session):
        lot = get_for_update(session, RemainsLot, lot_id)
        specimen = session.execute(
            select(Specimen).where(col(Specimen.lot_id) == lot_id, col(Specimen.number) == number)
        ).scalar_one_or_none()
        if specimen is None:
            raise Invalid(
                "specimen",
                Message("lot {lot} has no specimen {number}", lot=lot.lot_number, number=number),
            )
        if session.execute(
            select(Analysis.id).where(col(Analysis.specimen_id) == specimen.id)
        ).first():
            raise Invalid(
                "specimen",
                Message(
                    "specimen {number} cannot be removed: a test of it is recorded, and an "
                    "analysis is evidence",
                    number=number,
                ),
            )
        removed = snapshot(specimen)
        session.delete(specimen)
        session.flush()
        audit.record(
            session,
            actor,
            "remove_specimen",
            ENTITY,
            lot_id,
            before={"specimens": [number], "removed": removed},
            after={"specimens": []},
            reason=reason,
        )
        return lot


def update_lot(
    session: Session,
    actor: str,
    lot_id: int,
    changes: dict[str, object],
    reason: str,
    *,
    expected_version: int | None,
) -> RemainsLot:
    """Edit a lot's descriptive fields; its status changes only through ``change_status``."""
    reason = require_reason(reason, Message("a lot"))
    editable = {
        "fiscal_year",
        "country",
        "region",
        "burial_site_id",
        "count",
        "handed_over_by",
        "remarks",
    }
    unknown = set(changes) - editable
    if unknown:
        raise Invalid(sorted(unknown)[0], Message("cannot be edited here"))
    # A cleared field (None) too: the column cannot be empty, and the save would fail at it.
    count = changes.get("count", 1)
    if not isinstance(count, int) or count < 1:
        raise Invalid("count", Message("a lot holds at least one set of remains (柱)"))
    with transaction(session):
        lot = get_for_update(session, RemainsLot, lot_id)
        check_version(session, lot, ENTITY, expected_version)
        if "fiscal_year" in changes:
            _recovered_in_fiscal_year(lot, changes["fiscal_year"])
        if {"fiscal_year", "burial_site_id"} & changes.keys():
            _numbered_so(session, lot, changes)
        if {"country", "region", "burial_site_id"} & changes.keys():
            _placed_so(session, lot, changes)
        changes = year_as_written(lot, changes, "fiscal_year", "fiscal_year_text")
        apply_changes(session, actor, lot, ENTITY, changes, reason)
        return lot


def _numbered_so(session: Session, lot: RemainsLot, changes: dict[str, object]) -> None:
    """Refuse a fiscal year or burial site corrected to other than the lot number says."""
    year = changes.get("fiscal_year", lot.fiscal_year)
    site_id = changes.get("burial_site_id", lot.burial_site_id)
    site = get(session, BurialSite, site_id) if isinstance(site_id, int) else None
    contradicted = lot_number_contradicted(
        lot.lot_number, year if isinstance(year, int) else None, site.code if site else None
    )
    if contradicted:
        raise Invalid(*contradicted)


def _placed_so(session: Session, lot: RemainsLot, changes: dict[str, object]) -> None:
    """Refuse a country or region (国・地域, 地域詳細) corrected to another place than the
    lot's burial site, or a burial site corrected to one elsewhere, as the import refuses such
    a row."""
    site_id = changes.get("burial_site_id", lot.burial_site_id)
    site = get(session, BurialSite, site_id) if isinstance(site_id, int) else None
    country = changes.get("country", lot.country)
    region = changes.get("region", lot.region)
    if site is None or not isinstance(country, str) or not isinstance(region, str):
        return
    if misplaced := place_contradicted(country, region, _as_site_ref(site)):
        raise Invalid(*misplaced)


def _as_site_ref(site: BurialSite) -> SiteRef:
    """The site as its record holds it."""
    return SiteRef(site.code, site.region, site.country, site.number, site.name)


def _recovered_in_fiscal_year(lot: RemainsLot, fiscal_year: object) -> None:
    """Refuse a fiscal year (収集年度) in which no day of the lot's recovery date falls, as
    the import refuses such a row: one of the two is mistyped."""
    if isinstance(fiscal_year, int) and (
        outside := recovery_outside_fiscal_year(fiscal_year, "", lot.recovered_on)
    ):
        raise Invalid("fiscal_year", outside)
