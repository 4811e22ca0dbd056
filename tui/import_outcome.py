"""What the import screen says when a check or an import ends: the counts, headed as
`irei import` heads them, and where the rejected rows were saved."""

from __future__ import annotations

from pathlib import Path

from importers.apply import Counts
from importers.headers import Layout
from importers.reading import RejectedRow
from importers.rejects import rejects_paths, write_rejects
from records.files import CannotSave
from tui.i18n import N_, _, plural, said


def checked_outcome(counts: Counts, accept_valid: bool) -> str:
    """Headed as `irei import --dry-run` heads them: "1 new" above "2 rejected" read as one
    record to be written by an import that, all or nothing, would write none."""
    message = _(
        "Dry run: would create {created:,}, would update {updated:,}, {unchanged:,} "
        "unchanged, {rejected:,} rejected"
    ).format(**counts.__dict__)
    if counts.rejected and not accept_valid:
        nothing = _(
            "Would write nothing while rows are rejected (correct them, or tick Skip "
            "rejected rows to import the others)"
        )
        message = "\n".join([message, nothing])
    return message


def imported_outcome(counts: Counts, written: bool) -> str:
    if written:
        return _(
            "Imported: {created:,} new, {updated:,} updated, {unchanged:,} "
            "unchanged, {rejected:,} rejected"
        ).format(**counts.__dict__)
    nothing = plural(
        counts.rejected,
        N_(
            "Nothing was written: {rejected:,} row was rejected (correct it, or tick "
            "Skip rejected rows to import the others)"
        ),
        N_(
            "Nothing was written: {rejected:,} rows were rejected (correct them, or "
            "tick Skip rejected rows to import the others)"
        ),
    ).format(rejected=counts.rejected)
    # What the other rows would have written, as `irei import` heads them: never as
    # if they had been (a registrar read "updated 40" above "nothing written").
    would = _(
        "Would create {created:,}, would update {updated:,}, {unchanged:,} unchanged (not written)"
    ).format(**counts.__dict__)
    return "\n".join([nothing, would])


def save_rejects(path: Path, layouts: list[Layout], rejects: list[RejectedRow]) -> str:
    """Write the rejected rows to a workbook and say where, or why not: the import itself
    stands either way. Named, not pathed: the path box above shows the folder, and a whole
    path took two of the few lines the rejected rows have at 80×24."""
    usual, workbook = rejects_paths(path)
    try:
        write_rejects(workbook, [(path.name, layouts, rejects)], said)
    except CannotSave as error:
        return _("Rejected rows: {reason}").format(reason=said(error))
    if workbook == usual:
        return _("Rejected rows: {file} (beside the imported file)").format(file=workbook.name)
    return _(
        "Rejected rows: {file} (beside the imported file; the {earlier} already there is kept)"
    ).format(file=workbook.name, earlier=usual.name)
