"""``irei match``, ``irei ceremony`` and ``irei roll``: ceremonies and their rolls from a
script (``irei export roll``, in tui.cli_export, writes them). Each command collects its
input, calls one service, prints."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Any, Literal, cast

import typer

from records.actor import current_actor
from tui.cli_export import OrderOption
from tui.console import (
    JsonOption,
    ReasonOption,
    check_choice,
    err,
    filled_table,
    open_db,
    out,
    person_id_given,
    plain,
    print_json,
    uncut_table,
    user_errors,
)
from tui.i18n import N_, _, said

if TYPE_CHECKING:
    from sqlmodel import Session

    from records.matching import MatchScore
    from records.search import PersonHit

# Only the commands' signatures are read when `irei` starts (see tui/cli.py); each command
# imports the services, exports and Rich tables it uses when it runs.


def candidate_json(hit: PersonHit, score: MatchScore) -> dict[str, Any]:
    return {
        "id": hit.id,
        "name": hit.name,
        "reading": hit.reading,
        "names": hit.forms,
        "death_date": hit.death_date,
        "prefecture": hit.prefecture,
        "site": hit.site,
        "score": score.score,
        "reason": score.reason,
    }


# The id, not the 番号: it is what `irei roll link --person` takes.
MATCH_HEADINGS = (
    N_("id"), N_("name"), N_("reading"), N_("other forms"), N_("died"), N_("score"), N_("reason")
)  # fmt: skip


def match(
    name: Annotated[str, typer.Argument(help=N_("A name in kanji, kana, Cyrillic or Latin."))],
    limit: Annotated[
        int, typer.Option("--limit", min=1, max=200, help=N_("Show at most this many, best first."))
    ] = 10,
    as_json: JsonOption = False,
) -> None:
    from records.candidates import candidates

    with user_errors(), open_db().reading() as session:
        ranked = candidates(session, name, limit)
    if as_json:
        print_json([candidate_json(hit, score) for hit, score in ranked])
        return
    if not ranked:
        err.print(_("No candidates for {name!r}.").format(name=name), markup=False)
        return
    headings = [_(heading) for heading in MATCH_HEADINGS]
    rows = [
        [
            str(hit.id), hit.name, hit.reading,
            ", ".join(f for f in hit.forms if f not in (hit.name, hit.reading)),
            hit.death_date or "", f"{score.score:.1f}", said(score.reason),
        ]
        for hit, score in ranked
    ]  # fmt: skip
    out.print(filled_table(headings, rows))


ceremony_app = typer.Typer(help=N_("Memorial ceremonies."), no_args_is_help=True)
roll_app = typer.Typer(help=N_("The roll of a ceremony."), no_args_is_help=True)


CEREMONY_HEADINGS = (
    N_("id"),
    N_("ceremony name"),
    N_("kind"),
    N_("date"),
    N_("place"),
    N_("entries"),
)


@ceremony_app.command("list", help=N_("Every ceremony, newest first, with the size of its roll."))
def ceremony_list(as_json: JsonOption = False) -> None:
    from records.dates import format_wareki
    from records.services import ceremonies as service
    from tui.labels import ceremony_kind_label

    with user_errors(), open_db().reading() as session:
        found = service.list_ceremonies(session)
    rows = [
        {"id": c.id, "name": c.name, "kind": c.kind, "date": c.date, "place": c.place,
         "entries": count}
        for c, count in found
    ]  # fmt: skip
    if as_json:
        print_json(rows)
        return
    table = uncut_table([_(heading) for heading in CEREMONY_HEADINGS], whole=(0, 5))
    for c, count in found:
        when = f"{format_wareki(c.date)} ({c.date})"
        kind = ceremony_kind_label(c.kind)
        table.add_row(*plain(str(c.id), c.name, kind, when, c.place, f"{count:,}"))
    out.print(table)


@ceremony_app.command("create", help=N_("Create a ceremony."))
def ceremony_create(
    name: Annotated[str, typer.Option("--name", help=N_("The ceremony's name."))],
    kind: Annotated[str, typer.Option("--kind", help=N_("interment or memorial."))],
    date: Annotated[str, typer.Option("--date", help=N_("2026-05-25 or 令和8年5月25日."))],
    place: Annotated[
        str, typer.Option("--place", help=N_("Where it is held: 千鳥ヶ淵戦没者墓苑."))
    ] = "",
    reason: ReasonOption = "",
    as_json: JsonOption = False,
) -> None:
    from records.services import ceremonies as service

    with user_errors():
        db = open_db(create=True)
        with db.writing() as session:
            created = service.create_ceremony(
                session, current_actor(), name, kind, date, place, reason
            )
    if as_json:
        print_json(created.model_dump())
        return
    said_created = _("ceremony {id} created: {name} ({date})")
    out.print(
        said_created.format(id=created.id, name=created.name, date=created.date), markup=False
    )


PERSON_HELP = N_(
    "The person: the id `irei match` prints (figures alone), or the number the app shows: "
    "'Reg. No. 100504' (番号 in the death register) or 'No. 14' (a person outside it)."
)
PersonOption = Annotated[str | None, typer.Option("--person", help=PERSON_HELP)]
LotOption = Annotated[
    str | None,
    typer.Option("--lot", help=N_("The lot's number, as the app shows it: 2019-HB-012-00001.")),
]


def _lot_id(session: Session, given: str | None) -> int | None:
    from records.search import lot_numbered

    return None if given is None else lot_numbered(session, given).id


def _exactly_one(person: str | None, lot: str | None, name: str | None) -> None:
    from records.errors import IreiError

    given = [v for v in (person, lot, name) if v is not None]
    if len(given) != 1:
        # Said as it is, under no field's name: it names the options itself.
        raise IreiError(_("give exactly one of --person, --lot or --name"))


@roll_app.command(
    "add", help=N_("Add one entry: a person, a lot, or a bare name (with its reading).")
)
def roll_add(
    ceremony_id: Annotated[int, typer.Argument(help=N_("The ceremony's id."))],
    person: PersonOption = None,
    lot: LotOption = None,
    name: Annotated[
        str | None, typer.Option("--name", help=N_("A bare name, kept unlinked until linked."))
    ] = None,
    reading: Annotated[
        str, typer.Option("--reading", help=N_("The bare name's reading in kana, if in kanji."))
    ] = "",
    remarks: Annotated[
        str, typer.Option("--remarks", help=N_("Remarks on the line, printed on the roll."))
    ] = "",
    reason: ReasonOption = "",
    as_json: JsonOption = False,
) -> None:
    from records.errors import IreiError
    from records.services import roll_entries
    from tui.cli_roll_lines import line_words

    with user_errors():
        if name is not None and not name.strip():
            # Told apart from no --name at all: the name was meant, and lost on the way.
            raise IreiError(_("--name is empty: give the name as the roll received it"))
        _exactly_one(person, lot, name)
        with open_db().writing() as session:
            person_id = person_id_given(session, person) if person is not None else None
            entry = roll_entries.add_entry(
                session, current_actor(), ceremony_id, person_id=person_id,
                lot_id=_lot_id(session, lot),
                bare_name=name or "", bare_reading=reading, remarks=remarks, reason=reason,
            )  # fmt: skip
            assert entry.id is not None  # flushed by add_entry
            line = line_words(session, entry.id)
    if as_json:
        print_json(entry.model_dump())
        return
    added = _("added to the roll of ceremony {ceremony}: {line} [entry {entry}]")
    out.print(
        added.format(ceremony=ceremony_id, line=line, entry=entry.id), markup=False, soft_wrap=True
    )


NameOption = Annotated[
    str | None,
    typer.Option("--name", help=N_("The line's bare name, as the roll received it.")),
]
EntryOption = Annotated[
    int | None,
    typer.Option(
        "--entry",
        help=N_("The line's entry, as `irei roll list` shows it: for a name received twice."),
    ),
]
CeremonyArgument = Annotated[int, typer.Argument(help=N_("The ceremony's id."))]


@roll_app.command(
    "list", help=N_("The roll in the order the app shows and exports it, and what each line holds.")
)
def roll_list(
    ceremony_id: CeremonyArgument,
    order: OrderOption = "reading",
    as_json: JsonOption = False,
) -> None:
    from exports.order import ORDERS, Order
    from exports.roll import roll_entries as roll_rows
    from records.services import roll_entries
    from tui.cli_roll_lines import RICH_LINES, listed_columns, listed_lines, listed_table

    check_choice("--order", order, ORDERS)
    with user_errors(), open_db().reading() as session:
        rows = roll_rows(session, ceremony_id, cast(Order, order))[1]
        lines = listed_lines(rows, roll_entries.lines_holding(session, ceremony_id))
    if as_json:
        print_json(lines)
        return
    if len(lines) > RICH_LINES:
        sys.stdout.write(listed_columns(lines))
    else:
        out.print(listed_table(lines))


@roll_app.command(
    "read",
    help=N_(
        "Give a bare name its reading, which the roll's gojūon order goes by; name the line "
        "with --name (or --entry)."
    ),
)
def roll_read(
    ceremony_id: CeremonyArgument,
    reading: Annotated[str, typer.Argument(help=N_("The bare name's reading in kana; '' clears."))],
    person: PersonOption = None,
    lot: LotOption = None,
    name: NameOption = None,
    entry: EntryOption = None,
    reason: ReasonOption = "",
    as_json: JsonOption = False,
) -> None:
    from records.services import roll_entries
    from tui.cli_roll_lines import entry_named, entry_version, line_words

    with user_errors(), open_db().writing() as session:
        entry_id = entry_named(session, ceremony_id, person=person, lot=lot, name=name, entry=entry)
        read_version = entry_version(session, entry_id)
        read = roll_entries.read_bare_name(
            session, current_actor(), entry_id, reading, reason, expected_version=None
        )
        line = line_words(session, entry_id)
    if as_json:
        print_json(read.model_dump())
        return
    unchanged = read.version == read_version
    if read.bare_reading and unchanged:
        reads = _("{line} already reads {reading}: nothing changed")
    elif read.bare_reading:
        reads = _("{line} reads {reading}")
    elif unchanged:
        reads = _("{line} already has no reading: nothing changed")
    else:
        reads = _("{line} has no reading")
    out.print(reads.format(line=line, reading=read.bare_reading), markup=False, soft_wrap=True)


@roll_app.command(
    "remove",
    help=N_("Remove one line from a ceremony's roll, named by --person, --lot, --name or --entry."),
)
def roll_remove(
    ceremony_id: CeremonyArgument,
    person: PersonOption = None,
    lot: LotOption = None,
    name: NameOption = None,
    entry: EntryOption = None,
    reason: ReasonOption = "",
) -> None:
    from records.services import roll_entries
    from tui.cli_roll_lines import entry_named, line_words

    with user_errors(), open_db().writing() as session:
        entry_id = entry_named(session, ceremony_id, person=person, lot=lot, name=name, entry=entry)
        line = line_words(session, entry_id)
        roll_entries.remove_entry(session, current_actor(), entry_id, reason, expected_version=None)
    removed = _("removed from the roll of ceremony {ceremony}: {line}")
    out.print(removed.format(ceremony=ceremony_id, line=line), markup=False, soft_wrap=True)


@roll_app.command(
    "link",
    help=N_(
        "Link a line to the person and/or lot you confirmed; see `irei match`. The line is the "
        "bare name given by --name (or --entry); without them, the line already holding "
        "--person or --lot gets the other."
    ),
)
def roll_link(
    ceremony_id: CeremonyArgument,
    person: PersonOption = None,
    lot: LotOption = None,
    name: NameOption = None,
    entry: EntryOption = None,
    reason: ReasonOption = "",
    as_json: JsonOption = False,
) -> None:
    from records.services import roll_entries
    from tui.cli_roll_lines import entry_version, line_to_link, line_words

    with user_errors(), open_db().writing() as session:
        person_id = person_id_given(session, person) if person is not None else None
        lot_id = _lot_id(session, lot)
        entry_id = line_to_link(session, ceremony_id, person_id, lot_id, name, entry)
        read_version = entry_version(session, entry_id)
        linked_entry = roll_entries.link_entry(
            session, current_actor(), entry_id, person_id=person_id, lot_id=lot_id,
            reason=reason, expected_version=None,
        )  # fmt: skip
        line = line_words(session, entry_id)
    if as_json:
        print_json(linked_entry.model_dump())
        return
    if linked_entry.version == read_version:
        linked = _(
            "already linked on the roll of ceremony {ceremony}: {line} [entry {entry}]; "
            "nothing changed"
        )
    else:
        linked = _("linked on the roll of ceremony {ceremony}: {line} [entry {entry}]")
    out.print(
        linked.format(ceremony=ceremony_id, line=line, entry=entry_id), markup=False, soft_wrap=True
    )


@roll_app.command(
    "bulk-add",
    help=N_(
        "Add every person matching the filters, or every lot interred at this ceremony.\n\n"
        "With --interred, the lots; entries already on the roll are skipped and counted."
    ),
)
def roll_bulk_add(
    ceremony_id: Annotated[int, typer.Argument(help=N_("The ceremony's id."))],
    country: Annotated[str, typer.Option("--country", help=N_("ロシア, モンゴル …"))] = "",
    region: Annotated[str, typer.Option("--region", help=N_("ハバロフスク地方 …"))] = "",
    site: Annotated[str, typer.Option("--site", help=N_("Burial site code, HB-012."))] = "",
    prefecture: Annotated[str, typer.Option("--prefecture", help=N_("JIS code, 01–47."))] = "",
    identified: Annotated[bool, typer.Option("--identified", help=N_("Identified only."))] = False,
    identified_since: Annotated[
        str, typer.Option("--identified-since", help=N_("DNA match decided on or after."))
    ] = "",
    died_from: Annotated[str, typer.Option("--died-from", help=N_("Died on or after."))] = "",
    died_to: Annotated[str, typer.Option("--died-to", help=N_("Died on or before."))] = "",
    # A choice, checked as the arguments are read: a value left out (--interred --reason X)
    # is refused under --interred's name, where a free text took --reason as the value.
    interred: Annotated[
        Literal["day", "fiscal_year"] | None,
        typer.Option(
            "--interred",
            help=N_(
                "Add the lots interred at the ceremony instead of persons; takes day (on its "
                "date) or fiscal_year (in its fiscal year)."
            ),
        ),
    ] = None,
    reason: ReasonOption = "",
    as_json: JsonOption = False,
) -> None:
    from records.services import roll_bulk

    criteria = roll_bulk.PersonFilter(
        country=country, region=region, site_code=site, prefecture_code=prefecture,
        identified_only=identified, identified_since=identified_since,
        died_from=died_from, died_to=died_to,
    )  # fmt: skip
    with user_errors():
        if interred is not None:
            _refuse_person_filters(
                {"--country": country, "--region": region, "--site": site,
                 "--prefecture": prefecture, "--identified": identified,
                 "--identified-since": identified_since, "--died-from": died_from,
                 "--died-to": died_to}
            )  # fmt: skip
        with open_db().writing() as session:
            if interred is not None:
                result = roll_bulk.bulk_add_interred_lots(
                    session, current_actor(), ceremony_id, reason, window=interred
                )
            else:
                result = roll_bulk.bulk_add_persons(
                    session, current_actor(), ceremony_id, criteria, reason
                )
    if as_json:
        print_json({"added": result.added, "skipped": result.skipped})
        return
    counted = _("{added} added, {skipped} already on the roll").format(
        added=f"{result.added:,}", skipped=f"{result.skipped:,}"
    )
    out.print(_("ceremony {id}: {result}").format(id=ceremony_id, result=counted))


def _refuse_person_filters(given: dict[str, str | bool]) -> None:
    """The lots interred at a ceremony are chosen by their interment alone: a person filter
    given with --interred would be dropped unsaid, and the roll take lots it was meant to
    leave out."""
    from records.errors import IreiError

    for option, value in given.items():
        if value.strip() if isinstance(value, str) else value:
            refusal = _("{option} filters persons, not lots: leave it out, or leave out --interred")
            raise IreiError(refusal.format(option=option))


def register(app: typer.Typer) -> None:
    app.command(
        "match",
        help=N_(
            "Persons whose names best fit NAME, ranked across scripts, with the reason for each."
        ),
    )(match)
    app.add_typer(ceremony_app, name="ceremony")
    app.add_typer(roll_app, name="roll")
