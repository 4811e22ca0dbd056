"""What an audit event changed, in the registrar's words, for the record screens' history
and `irei audit log` alike (which must not load Textual to say it)."""

from __future__ import annotations

import json

from records.audit import ImportCreation
from records.models import AuditEvent
from tui.audit_names import Named
from tui.i18n import N_, _
from tui.labels import changed_fields, field_label, file_label, value_label
from tui.record_queries import sheet_of

# Fields whose name means one thing in one kind of record and another elsewhere (a ceremony's
# name is no person's; a demo's "persons" counts them, a bulk add's lists them), by the kind of
# record as the events store it.
FIELDS_OF: dict[str, dict[str, str]] = {
    "Ceremony": {"name": N_("Ceremony name"), "persons": N_("Persons added (Reg. No.)")},
    "location": {"name": N_("Place name")},
    "RollEntry": {"person_id": N_("Person")},  # whom the entry names, not whom a lot was handed to
    "ImportBatch": {
        # A demo database's counts.
        "persons": N_("Persons"),
        "lots": N_("Lots"),
        "specimens": N_("Number of specimens"),
        "analyses": N_("Number of analyses"),
        "custody_events": N_("Number of custody events"),
        "roll_entries": N_("Number of roll entries"),
        "reused": N_("Existing demo reused"),
        # An import's file and its counts.
        "file": N_("File"),
        "sha256": N_("SHA-256 of the file"),
        "profile": N_("Import profile"),
        "sheets": N_("Sheets"),
        "created": N_("New records"),
        "updated": N_("Records updated"),
        "unchanged": N_("Records unchanged"),
        "rejected": N_("Rows rejected"),
    },
}


def what_changed(
    event: ImportCreation | AuditEvent, named: Named | None = None, longest: int | None = None
) -> str:
    """Each field the event changed, before → after; each side cut to ``longest`` characters
    when given (a bulk add lists every person it put on the roll)."""
    if isinstance(event, ImportCreation):
        return created_from(event)
    before = json.loads(event.before) if event.before else {}
    after = json.loads(event.after) if event.after else {}
    parts = [
        f"{audit_field_label(event.entity, name)}: "
        f"{_cut(changed_value(name, before.get(name), named), longest)} → "
        f"{_cut(changed_value(name, after.get(name), named), longest)}"
        for name in changed_fields(before, after)
    ]
    return "; ".join(parts)


def audit_field_label(entity: str, field: str) -> str:
    """A changed field's name as the kind of record it belongs to means it."""
    own = FIELDS_OF.get(entity, {})
    return _(own[field]) if field in own else field_label(field)


def _cut(text: str, longest: int | None) -> str:
    if longest is None or len(text) <= longest:
        return text
    return text[: longest - 1] + "…"


def changed_value(name: str, value: object, named: Named | None) -> str:
    """One side of a change, an empty one said in words as the import preview says a blank
    cell: left as nothing, it read as two spaces between the colon and the arrow."""
    return value_label(name, value, named) or _("(blank)")


def created_from(created: ImportCreation) -> str:
    """Where an imported record's row was read; the batch is named by the event's reason."""
    row = "" if created.row is None else str(created.row)
    sheet = sheet_of(created.file, created.sheet)
    parts = [(_("File"), file_label(created.file)), (_("Sheet"), sheet), (_("Row"), row)]
    return "; ".join(f"{label}: {value}" for label, value in parts if value)
