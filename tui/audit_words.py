"""What an audit event changed, in the registrar's words, for the record screens' history
and `irei audit log` alike (which must not load Textual to say it)."""

from __future__ import annotations

import json

from records.audit import ImportCreation
from records.models import AuditEvent
from tui.audit_names import Named
from tui.i18n import _
from tui.labels import changed_fields, field_label, value_label
from tui.record_queries import sheet_of


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
        f"{field_label(name)}: {_cut(changed_value(name, before.get(name), named), longest)} → "
        f"{_cut(changed_value(name, after.get(name), named), longest)}"
        for name in changed_fields(before, after)
    ]
    return "; ".join(parts)


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
    parts = [(_("File"), created.file), (_("Sheet"), sheet), (_("Row"), row)]
    return "; ".join(f"{label}: {value}" for label, value in parts if value)
