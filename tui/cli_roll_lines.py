"""How ``irei roll`` names a line of a roll: by what it holds (the person, the lot, the bare
name it came with), never by a database id the registrar sees nowhere else; and ``irei roll
list``, which shows each line so."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tui.console import person_id_given
from tui.i18n import N_, _

if TYPE_CHECKING:
    from rich.table import Table
    from sqlmodel import Session

    from exports.rows import RollRow
    from records.services.roll_entries import LineHolds


def entry_named(
    session: Session,
    ceremony_id: int,
    *,
    person: str | None = None,
    lot: str | None = None,
    name: str | None = None,
    entry: int | None = None,
) -> int:
    """The one line of the roll that the one option given names; refused, naming what was
    given, when none or several lines hold it."""
    from records.errors import IreiError
    from records.search import lot_numbered
    from records.services import roll_entries

    given = {"--person": person, "--lot": lot, "--name": name, "--entry": entry}
    chosen = [(option, value) for option, value in given.items() if value is not None]
    if len(chosen) != 1:
        raise IreiError(_("name the line with one of --person, --lot, --name or --entry"))
    option, value = chosen[0]
    if person is not None:
        found = roll_entries.entries_named(
            session, ceremony_id, person_id=person_id_given(session, person)
        )
    elif lot is not None:
        lot_id = lot_numbered(session, lot).id
        found = roll_entries.entries_named(session, ceremony_id, lot_id=lot_id)
    else:
        found = roll_entries.entries_named(session, ceremony_id, bare_name=name, entry_id=entry)
    if not found:
        refusal = _("{option} {given!r}: no line of the roll of ceremony {ceremony} holds it")
        raise IreiError(refusal.format(option=option, given=str(value), ceremony=ceremony_id))
    if len(found) > 1:
        refusal = _(
            "{option} {given!r}: {count} lines of the roll of ceremony {ceremony} hold it; "
            "name one with --entry (see irei roll list)"
        )
        raise IreiError(
            refusal.format(option=option, given=str(value), count=len(found), ceremony=ceremony_id)
        )
    return found[0]


def entry_version(session: Session, entry_id: int) -> int:
    """The line's version as read before a change: the same after it when the change was
    what the line already held, and nothing was written."""
    from records.models import RollEntry
    from records.services.base import get

    return get(session, RollEntry, entry_id).version


def line_words(session: Session, entry_id: int) -> str:
    """A line as staff quote it: the person by name and number, the lot by its number, a bare
    name as received."""
    from records.models import Person, RemainsLot, RollEntry
    from records.names import known_as
    from tui.labels import person_named

    entry = session.get(RollEntry, entry_id)
    assert entry is not None  # named by entry_named in the same transaction
    person = session.get(Person, entry.person_id) if entry.person_id else None
    lot = session.get(RemainsLot, entry.lot_id) if entry.lot_id else None
    named = (
        person_named(known_as(person.name, person.reading, []), person.register_no, person.id)
        if person
        else ""
    )
    if person and lot:
        return _("{person} and lot {lot}").format(person=named, lot=lot.lot_number)
    if person:
        return named
    if lot:
        return _("lot {lot}").format(lot=lot.lot_number)
    return _("{name} (unlinked)").format(name=entry.bare_name)


def line_to_link(
    session: Session,
    ceremony_id: int,
    person_id: int | None,
    lot_id: int | None,
    name: str | None,
    entry: int | None,
) -> int:
    """The bare name's line; or, given a person and a lot, the line holding one of them,
    which is given the other: refused when each has its own line already, as linking one
    would leave the lot twice on the roll."""
    from records.errors import IreiError
    from records.services import roll_entries

    if name is not None or entry is not None:
        return entry_named(session, ceremony_id, name=name, entry=entry)
    if person_id is None or lot_id is None:
        raise IreiError(
            _("name the line to link with --name or --entry, or give both --person and --lot")
        )
    lines = roll_entries.entries_named(session, ceremony_id, person_id=person_id)
    lines += roll_entries.entries_named(session, ceremony_id, lot_id=lot_id)
    if len(lines) == 1:
        return lines[0]
    if lines:
        refusal = _("the person and the lot each have a line on the roll: remove one, then link")
    else:
        refusal = _("neither the person nor the lot is on the roll: add one with irei roll add")
    raise IreiError(refusal)


HOLDS = {
    "person": N_("person"),
    "lot": N_("lot"),
    "person_and_lot": N_("person and lot"),
    "name": N_("name only"),
}
LIST_HEADINGS = (
    N_("No."), N_("name"), N_("reading"), N_("person"), N_("lot"), N_("holds"), N_("entry")
)  # fmt: skip


def _holds(line: LineHolds) -> str:
    if line.person_id is not None:
        return "person" if line.lot_id is None else "person_and_lot"
    return "lot" if line.lot_id is not None else "name"


def listed_lines(
    rows: list[tuple[int, RollRow]], holding: dict[int, LineHolds]
) -> list[dict[str, Any]]:
    """Each line in the order given, numbered as the app and the export number it; the entry
    id last, for the one case nothing else tells two lines apart (a name received twice)."""
    listed = []
    for number, (entry_id, row) in enumerate(rows, start=1):
        line = holding[entry_id]
        listed.append(
            {
                "no": number, "name": row.name, "reading": row.reading,
                "person_id": line.person_id, "register_no": line.register_no,
                "lot": row.lot_number, "holds": _holds(line), "entry": entry_id,
            }
        )  # fmt: skip
    return listed


def listed_table(lines: list[dict[str, Any]]) -> Table:
    """The lines under the columns some line fills; a number (No., the person's, the lot's,
    the entry's) is never cut or wrapped, for it is what the registrar quotes back."""
    from tui.console import plain, uncut_table

    cells = [_cells(line) for line in lines]
    kept = [i for i in range(len(LIST_HEADINGS)) if not lines or any(row[i] for row in cells)]
    whole = [column for column, i in enumerate(kept) if i in QUOTED_COLUMNS]
    table = uncut_table([_(LIST_HEADINGS[i]) for i in kept], whole)
    for row in cells:
        table.add_row(*plain(*(row[i] for i in kept)))
    return table


QUOTED_COLUMNS = (0, 3, 4, 6)
# Rich lays a table out at about a millisecond a line (measured: 84 s for the demo's 57,003
# lines); past this many, the same columns are aligned by hand, under a second.
RICH_LINES = 1000


def listed_columns(lines: list[dict[str, Any]]) -> str:
    """The lines as aligned columns of text, for a roll too long for a Rich table."""
    from rich.cells import cell_len

    cells = [[_(heading) for heading in LIST_HEADINGS], *(_cells(line) for line in lines)]
    kept = [i for i in range(len(LIST_HEADINGS)) if any(row[i] for row in cells[1:])]
    widths = {i: max(cell_len(row[i]) for row in cells) for i in kept}
    text = [
        "  ".join(row[i] + " " * (widths[i] - cell_len(row[i])) for i in kept).rstrip()
        for row in cells
    ]
    return "\n".join(text) + "\n"


def _cells(line: dict[str, Any]) -> list[str]:
    from tui.labels import person_number

    person = line["person_id"]
    return [
        str(line["no"]), line["name"], line["reading"],
        person_number(line["register_no"], person) if person is not None else "",
        line["lot"], _(HOLDS[line["holds"]]), str(line["entry"]),
    ]  # fmt: skip
