"""Words the app shows for stored codes (a lot's status, a field's name), translated where
they are shown."""

from __future__ import annotations

from records.names import Script
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
    "register_no": N_("Register No."),
    "name": N_("Name"),
    "reading": N_("Reading"),
    "birth_year": N_("Year of birth"),
    "birth_year_text": N_("Year of birth (as written)"),
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
    "date": N_("Date"),
    "burial_site_id": N_("Burial site"),
    "location_id": N_("Location"),
    "version": N_("Version"),
    "text": N_("Name form"),
    "script": N_("Script"),
    "source": N_("Source"),
    "verdict": N_("Verdict"),
    "evidence": N_("Evidence"),
    "kind": N_("Kind"),
    "parent": N_("Lies in"),
    "code": N_("Code"),
    "specimens": N_("Specimen numbers"),
    "specimen": N_("Specimen"),
}

SCRIPTS: dict[str, str] = {
    Script.KANJI: N_("Kanji"),
    Script.KANA: N_("Kana"),
    Script.CYRILLIC: N_("Cyrillic"),
    Script.LATIN: N_("Latin"),
}

# Where a form of a name comes from, in the order a registrar adding one by hand meets them.
SOURCES: dict[str, str] = {
    "russian-record": N_("Russian record"),
    "register-kanji": N_("Death register (kanji)"),
    "register-kana": N_("Death register (kana)"),
    "reading": N_("Reading"),
    "entered": N_("Entered by a registrar"),
}

# An analysis's own affiliation result, which may still be pending.
AFFILIATIONS: dict[str, str] = {
    "japanese": N_("Japanese"),
    "not_japanese": N_("not Japanese"),
    "undeterminable": N_("undeterminable"),
    "pending": N_("pending"),
}

# What an analysis's comparison with the family's DNA found.
MATCHES: dict[str, str] = {
    "match": N_("match"),
    "in_progress": N_("comparison in progress"),
}

# What a custody event records: the remains recovered, or moved by a change of status.
CUSTODY: dict[str, str] = {
    "recovered": N_("recovered"),
    "interred": N_("interred"),
    "disinterred": N_("disinterred"),
    "reinterred": N_("reinterred"),
    "handed_to_family": N_("handed to family"),
    "repatriated": N_("repatriated"),
}

# What an audit event records (AuditEvent.action), as the audit history tab names it.
ACTIONS: dict[str, str] = {
    "create": N_("created"),
    "update": N_("corrected"),
    "status": N_("status changed"),
    "link": N_("linked"),
    "register": N_("registered"),
    "analysis": N_("analysis recorded"),
    "add_specimens": N_("specimens added"),
    "remove_specimen": N_("specimen removed"),
    "add_name_form": N_("name form added"),
    "add": N_("added to the roll"),
    "remove": N_("removed from the roll"),
    "bulk_add": N_("added to the roll in bulk"),
    "import": N_("imported"),
    "demo": N_("demo data"),
}


def status_label(status: str) -> str:
    return _(STATUS.get(status, status))


def field_label(field: str) -> str:
    return _(FIELDS.get(field, field))


def script_label(script: str) -> str:
    return _(SCRIPTS.get(script, script))


def source_label(source: str) -> str:
    return _(SOURCES.get(source, source))


def affiliation_label(affiliation: str) -> str:
    return _(AFFILIATIONS.get(affiliation, affiliation))


def match_label(match: str) -> str:
    return _(MATCHES[match]) if match in MATCHES else match


def custody_label(kind: str) -> str:
    return _(CUSTODY.get(kind, kind))


def moment(stamp: str) -> str:
    """A stored ISO timestamp as staff read it: date and time to the second."""
    return stamp[:19].replace("T", " ")


def action_label(action: str) -> str:
    return _(ACTIONS.get(action, action))


def value_label(field: str, value: object, named: dict[tuple[str, int], str] | None = None) -> str:
    """A stored value as the registrar reads it: a status or a yes/no in their words, a place
    or a site by its name (``named``, by field and id) rather than its id."""
    if field == "status" and isinstance(value, str):
        return status_label(value)
    if named and isinstance(value, int) and (field, value) in named:
        return named[field, value]
    if isinstance(value, bool):
        return yes_or_no(value)
    if isinstance(value, list):  # the specimens an event added or removed
        return ", ".join(str(item) for item in value)
    return "" if value is None else str(value)


def yes_or_no(value: bool) -> str:
    return _("yes") if value else _("no")
