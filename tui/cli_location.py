"""``irei location``: the places in the cemetery where remains are interred (the cemetery, its
vaults and their sections), for a site setting up its database or extending its ossuary."""

from __future__ import annotations

from typing import Annotated

import typer

from records.actor import current_actor
from tui.console import (
    JsonOption,
    ReasonOption,
    err,
    open_db,
    out,
    plain,
    print_json,
    uncut_table,
    user_errors,
)
from tui.i18n import N_, _, said

location_app = typer.Typer(
    help=N_("Places in the cemetery: vaults and sections."), no_args_is_help=True
)


@location_app.command(
    "list",
    help=N_(
        "Every place by code, with where it lies and the lots in it now: a vault's and the "
        "cemetery's count the lots in the places under them."
    ),
)
def location_list(as_json: JsonOption = False) -> None:
    from records.services import locations

    with user_errors(), open_db().reading() as session:
        rows = locations.location_rows(session)
    if as_json:
        print_json([row.__dict__ for row in rows])
        return
    headings = (N_("code"), N_("place name"), N_("kind"), N_("in"), N_("lots within"))
    table = uncut_table([_(h) for h in headings], whole=(0, 3, 4))
    for row in rows:
        kind = _kind_said(row.kind)
        table.add_row(*plain(row.code, row.name, kind, row.parent_code, f"{row.lots_within:,}"))
    out.print(table)


@location_app.command(
    "lots", help=N_("The lots in a place and in the places under it, by lot number.")
)
def location_lots(
    code: Annotated[str, typer.Argument(help=N_("The place's code: CF-V1 or CF-V1-S01."))],
    as_json: JsonOption = False,
) -> None:
    from records.services import locations
    from tui.labels import status_label

    with user_errors(), open_db().reading() as session:
        place, found = locations.lots_in_place(session, code)
    rows = [
        (lot.lot_number, lot.status, lies_in, str(lot.fiscal_year or lot.fiscal_year_text))
        for lot, lies_in in found
    ]
    if as_json:
        keys = ("lot_number", "status", "place_code", "fiscal_year")
        print_json([dict(zip(keys, row, strict=True)) for row in rows])
        return
    if not rows:
        said_empty = _("No lots in {code} {name}.")
        err.print(said_empty.format(code=place.code, name=place.name), markup=False)
        return
    headings = (N_("lot number"), N_("status"), N_("place"), N_("fiscal year"))
    table = uncut_table([_(h) for h in headings], whole=(0, 2, 3))
    for number, status, lies_in, year in rows:
        table.add_row(*plain(number, status_label(status), lies_in, year))
    out.print(table)


@location_app.command(
    "add", help=N_("Add a cemetery, a vault in a cemetery, or a section in a vault.")
)
def location_add(
    kind: Annotated[str, typer.Argument(help=N_("cemetery, vault or section."))],
    code: Annotated[str, typer.Argument(help=N_("A code of its own: CF-V7-S01."))],
    name: Annotated[str, typer.Argument(help=N_("Its name: 第7納骨室 第1区画."))],
    within: Annotated[
        str | None,
        typer.Option("--in", help=N_("Code of the place it lies in (not for a cemetery).")),
    ] = None,
    reason: ReasonOption = "",
) -> None:
    from records.services import locations

    # One transaction for the lookup and the change: the service joins it, and it commits.
    with user_errors(), open_db(create=True).writing() as session:
        parent = locations.location_by_code(session, within).id if within else None
        added = locations.add_location(
            session, current_actor(), kind, name, code, reason, parent_id=parent
        )
    # Said once the transaction has committed: a commit refused must not follow "added".
    said_added = _("{kind} {code} added: {name}")
    kind = _kind_said(added.kind)
    out.print(said_added.format(kind=kind, code=added.code, name=added.name), markup=False)


@location_app.command(
    "rename",
    help=N_("Correct a place's name or code, or the place it lies in; the lots in it stay in it."),
)
def location_rename(
    code: Annotated[str, typer.Argument(help=N_("The place's code now."))],
    name: Annotated[str | None, typer.Option("--name", help=N_("Its new name."))] = None,
    new_code: Annotated[str | None, typer.Option("--code", help=N_("Its new code."))] = None,
    within: Annotated[
        str | None,
        typer.Option("--in", help=N_("Code of the place it really lies in (a section's vault).")),
    ] = None,
    reason: ReasonOption = "",
) -> None:
    from records.services import locations

    with user_errors(), open_db().writing() as session:
        place = locations.location_by_code(session, code)
        read_version = place.version
        parent = locations.location_by_code(session, within).id if within else place.parent_id
        renamed = locations.rename_location(
            session, current_actor(), place.id or 0, name if name is not None else place.name,
            new_code if new_code is not None else place.code, reason,
            parent_id=parent, expected_version=read_version,
        )  # fmt: skip
    kind = _kind_said(renamed.kind)
    if renamed.version == read_version:
        # The service wrote nothing (no event either): saying the name back would read as done.
        unchanged = _("{kind} {code} is already as given: nothing changed")
        out.print(unchanged.format(kind=kind, code=renamed.code), markup=False)
        return
    said_renamed = _("{kind} {code}: {name}")
    out.print(said_renamed.format(kind=kind, code=renamed.code, name=renamed.name), markup=False)


@location_app.command(
    "remove",
    help=N_(
        "Remove a place added in error: one that has never held a lot and has no place under it."
    ),
)
def location_remove(
    code: Annotated[str, typer.Argument(help=N_("The place's code."))],
    reason: ReasonOption = "",
) -> None:
    from records.services import locations

    with user_errors(), open_db().writing() as session:
        place = locations.location_by_code(session, code)
        kind, removed_code, name = _kind_said(place.kind), place.code, place.name
        locations.remove_location(
            session, current_actor(), place.id or 0, reason, expected_version=place.version
        )
    said_removed = _("{kind} {code} removed: {name}")
    out.print(said_removed.format(kind=kind, code=removed_code, name=name), markup=False)


def _kind_said(kind: str) -> str:
    from records.services.locations import KIND_WORDS

    return said(KIND_WORDS.get(kind, kind))


def register(app: typer.Typer) -> None:
    app.add_typer(location_app, name="location")
