"""Words the app shows for stored codes (a lot's status, a field's name), translated where
they are shown."""

from __future__ import annotations

from records.status import LotStatus
from tui.i18n import N_, _

S = LotStatus
STATUS: dict[str, str] = {
    S.RECOVERED: N_("recovered"),
    S.AFFILIATION_PENDING: N_("affiliation pending"),
    S.JAPANESE: N_("Japanese"),
    S.NOT_JAPANESE: N_("not Japanese"),
    S.UNDETERMINABLE: N_("undeterminable"),
    S.HANDED_TO_FAMILY: N_("identified, handed to family"),
    S.INTERRED: N_("interred"),
    S.HELD: N_("held"),
    S.REPATRIATED: N_("repatriated"),
    S.DISINTERRED: N_("disinterred"),
    S.REINTERRED: N_("reinterred"),
}

FIELDS: dict[str, str] = {
    "name": N_("Name"),
    "reading": N_("Reading"),
    "birth_year": N_("Year of birth"),
    "death_date_text": N_("Date of death"),
    "death_place": N_("Place of death"),
    "country": N_("Country"),
    "region": N_("Region"),
    "camp": N_("Camp"),
    "prefecture_code": N_("Prefecture code"),
    "identified": N_("Identified"),
    "remarks": N_("Remarks"),
    "fiscal_year": N_("Fiscal year"),
    "count": N_("Sets of remains"),
    "handed_over_by": N_("Handed over by"),
    "reason": N_("Reason"),
    "status": N_("Status"),
    "location": N_("Location"),
    "burial_site_id": N_("Burial site"),
    "version": N_("Version"),
}


def status_label(status: str) -> str:
    return _(STATUS.get(status, status))


def field_label(field: str) -> str:
    return _(FIELDS.get(field, field))
