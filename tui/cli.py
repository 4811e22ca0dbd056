"""The ``irei`` command: every subcommand calls the same service functions the terminal app
uses. Errors a user can act on are one line on stderr and exit code 1; wrong usage is 2."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.exceptions import TyperException

from records.actor import current_actor
from tui import (
    cli_analysis,
    cli_audit,
    cli_ceremony,
    cli_export,
    cli_import,
    cli_location,
    cli_lot,
)
from tui.cli_help import asked_language, say_typers_words, translate_help, usage_said
from tui.console import (
    INTERRUPTED,
    JsonOption,
    err,
    filled_table,
    open_db,
    out,
    path_typed,
    plain,
    print_json,
    say,
    state,
    user_errors,
)
from tui.i18n import N_, _, counted, resolve_language, set_language

if TYPE_CHECKING:
    from sqlmodel import Session

    from records.database import Database
    from records.search import LotHit, PersonHit

# `irei` alone must draw its first screen in under a second, so this module and the feature
# modules import only what declares the commands; each command imports the rest (the
# spreadsheet, PDF and migration libraries, Rich's tables) when it runs.

# Feature modules, each with a register(app) that adds its commands.
FEATURES: tuple[ModuleType, ...] = (
    cli_analysis,
    cli_audit,
    cli_ceremony,
    cli_export,
    cli_import,
    cli_location,
    cli_lot,
)

app = typer.Typer(
    name="irei",
    help=N_("irei (慰霊): records of the unidentified war dead, their remains and ceremonies."),
    no_args_is_help=False,
    pretty_exceptions_enable=False,
    add_completion=False,
)
db_app = typer.Typer(help=N_("The database schema."), no_args_is_help=True)
app.add_typer(db_app, name="db")


@app.callback(invoke_without_command=True)
def main_callback(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            parser=path_typed,
            help=N_(
                "SQLite file or database URL (postgresql+psycopg://…); "
                "default: $IREI_DATABASE_URL, then the user data directory."
            ),
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help=N_(
                "Language of the terminal app and of what the commands say: ja or en; "
                "default: the app's saved setting, then the locale ($LANG), then en."
            ),
        ),
    ] = None,
) -> None:
    """Without a command, open the terminal app on the database."""
    state.db, state.lang = db, lang
    if lang is not None and lang not in ("ja", "en"):
        raise typer.BadParameter(_("choose ja or en"), param_hint="--lang")
    # A command speaks the language the app would: tui.i18n chose it from the setting and the
    # locale when it was imported, before --lang was read.
    set_language(resolve_language(lang))
    if ctx.invoked_subcommand is None:
        with user_errors():
            run_app(open_db(create=True))


def run_app(db: Database) -> None:
    from tui.app import IreiApp  # Textual loads only when the app really opens

    app = IreiApp(db, actor=current_actor(), lang=state.lang)
    app.run()
    if app.return_code:  # stopped on a refusal (IreiApp._handle_exception), said as it ended
        raise typer.Exit(app.return_code)


@app.command(
    help=N_(
        "Build (or reuse) a demo database with realistic synthetic records, then open it.\n\n"
        "Without --db it lives in its own file beside (never in) your real database."
    )
)
def demo(
    size: Annotated[int, typer.Option("--size", min=10, help=N_("Number of persons."))] = 20_000,
    no_open: Annotated[
        bool, typer.Option("--no-open", help=N_("Build only; do not open."))
    ] = False,
) -> None:
    from records import database
    from records.demo import existing_demo_size, is_empty
    from records.errors import IreiError

    with user_errors():
        target = state.db or str(database.demo_database_path())
        if state.db is None and database.demo_database_path().exists():
            db = database.open_database(target)
            if existing_demo_size(db) != size:
                db.close()
                _remove_sqlite(database.demo_database_path())
        db = database.open_database(target)
        reused = existing_demo_size(db)
        if reused == size:
            reusing = _("Reusing the demo database at {url} ({size:,} persons).")
            err.print(reusing.format(url=db.display_url(), size=size), markup=False)
        elif not is_empty(db):
            refusal = _(
                "{url} already holds records that are not a demo of {size:,} persons; "
                "choose another --db"
            )
            raise IreiError(refusal.format(url=db.display_url(), size=size))
        else:
            _build_with_progress(db, size)
        if not no_open:
            run_app(db)


def _remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


# The demo builder's stages, as its progress bars name them.
DEMO_STAGES = {"persons": N_("persons"), "lots": N_("lots"), "indexes": N_("search indexes")}


def _build_with_progress(db: Database, size: int) -> None:
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from records.demo import build_demo

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:,}/{task.total:,}"),
        TimeElapsedColumn(),
        console=err,
        transient=False,
    ) as bar:
        tasks: dict[str, Any] = {}

        def report(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(_(DEMO_STAGES[stage]), total=total or None)
            bar.update(tasks[stage], completed=done)

        summary = build_demo(db, current_actor(), size, progress=report)
    built = _("Demo database at {url}: {persons}, {lots}, {specimens}, {analyses}, {entries}.")
    err.print(
        built.format(
            url=db.display_url(),
            persons=counted(summary.persons, N_("{count} person"), N_("{count} persons")),
            lots=counted(summary.lots, N_("{count} lot"), N_("{count} lots")),
            specimens=counted(summary.specimens, N_("{count} specimen"), N_("{count} specimens")),
            analyses=counted(summary.analyses, N_("{count} analysis"), N_("{count} analyses")),
            entries=counted(
                summary.roll_entries, N_("{count} roll entry"), N_("{count} roll entries")
            ),
        ),
        markup=False,
    )


@app.command(help=N_("Counts of persons, lots by status, and the rest."))
def stats(as_json: JsonOption = False) -> None:
    from rich.table import Table
    from rich.text import Text

    from records.stats import statistics

    with user_errors():
        db = open_db()
        with db.reading() as session:
            figures = statistics(session)
    if as_json:
        print_json(figures)
        return
    # Above the table, not its title: a title is wrapped to the table's width, which cut a
    # database's path in two even in a file.
    out.print(Text(f"irei — {db.display_url()}"))
    table = Table()
    table.add_column(_("what"))
    table.add_column(_("count"), justify="right")
    for group, values in figures.items():
        table.add_row(*plain(_said(group), f"{values['total']:,}"))
        for key, value in values.items():
            if isinstance(value, dict):
                table.add_row(*plain(f"  {_said(key)}", ""))
                for name, count in value.items():
                    table.add_row(*plain(f"    {_named(key, name)}", f"{count:,}"))
            elif key != "total":
                table.add_row(*plain(f"  {_said(key)}", f"{value:,}"))
    out.print(table)


# The keys of the figures as a registrar reads them; --json keeps the keys, which scripts read.
FIGURES_SAID = {
    "persons": N_("persons"),
    "identified": N_("identified"),
    "unidentified": N_("unidentified"),
    "by_country": N_("by country"),
    "lots": N_("lots"),
    "by_status": N_("by status"),
    "specimens": N_("specimens"),
    "analyses": N_("analyses"),
    "custody_events": N_("custody events"),
    "withdrawn": N_("withdrawn"),
    "ceremonies": N_("ceremonies"),
    "roll_entries": N_("roll entries"),
    "imports": N_("imports"),
    "audit_events": N_("audit events"),
}


def _said(key: str) -> str:
    """A key of the figures as a registrar reads it ("by country", "audit events")."""
    return _(FIGURES_SAID.get(key, key.replace("_", " ")))


def _named(key: str, name: str) -> str:
    """A lot's status by the app's word for it ("affiliation pending"); a country as the
    records write it."""
    from tui.labels import status_label

    return status_label(name) if key == "by_status" else name


SEARCH_HEADINGS = (
    N_("kind"),
    N_("id"),
    N_("no."),
    N_("name"),
    N_("reading"),
    N_("died / status"),
    N_("prefecture"),
    N_("site"),
    N_("specimens"),
)


@app.command(
    "search",
    help=N_("Find persons and lots by kanji, kana, Cyrillic, lot or specimen number, 番号 or No."),
)
def search_command(
    text: Annotated[
        str,
        typer.Argument(
            help=N_("Any form of a name, a lot or specimen number, or a person's 番号 or No.")
        ),
    ],
    as_json: JsonOption = False,
    limit: Annotated[
        int, typer.Option("--limit", min=1, max=10_000, help=N_("Show at most this many."))
    ] = 50,
) -> None:
    from dataclasses import asdict

    from records.search import search

    with user_errors():
        db = open_db()
        with db.reading() as session:
            hits = search(session, text, limit)
            place = None if hits else _place_code(session, text)
    if as_json:
        print_json([asdict(hit) for hit in hits])
        return
    if not hits:
        err.print(_("Nothing found for {text!r}.").format(text=text), markup=False)
        if place is not None:
            said_place = _("{code} is a place: irei location lots {code} lists the lots in it.")
            err.print(said_place.format(code=place), markup=False)
        return
    headings = [_(heading) for heading in SEARCH_HEADINGS]
    out.print(filled_table(headings, [_hit_cells(hit) for hit in hits]))


def _place_code(session: Session, text: str) -> str | None:
    """The code of the place ``text`` names however typed (cf-v1-s01), if it names one: a
    search for persons and lots finds none there."""
    from records.errors import NotFound
    from records.services.locations import location_by_code

    try:
        return location_by_code(session, text).code
    except NotFound:
        return None


def _hit_cells(hit: PersonHit | LotHit) -> list[str]:
    from records.names import known_as
    from records.search import PersonHit
    from tui.labels import status_label

    if isinstance(hit, PersonHit):
        return [
            _("person"),
            str(hit.id),
            "" if hit.register_no is None else str(hit.register_no),
            known_as(hit.name, hit.reading, hit.forms),
            hit.reading,
            hit.death_date or "",
            hit.prefecture,
            hit.site,
            "",
        ]
    # A lot has a number and specimens, no name nor reading: each under its own heading. Its id
    # is left out, as no command takes it: staff and `irei roll add --lot` know it by number.
    return [
        _("lot"),
        "",
        hit.lot_number,
        "",
        "",
        status_label(hit.status),
        "",
        hit.site,
        ", ".join(hit.specimens),
    ]


@app.command("backup", help=N_("A consistent online backup of the database."))
def backup_command(
    path: Annotated[
        str,
        typer.Argument(
            parser=path_typed,
            help=N_(
                "New file to write, never overwritten; or a folder to write a new file "
                "named by the time into."
            ),
        ),
    ],
) -> None:
    from records.backup import backup as backup_database

    # Read as text: a Path drops the final "/" that says a folder was meant.
    into_folder = path.endswith(("/", os.sep))
    with user_errors():
        written = backup_database(open_db(), Path(path), into_folder)
    out.print(_("backup written to {path}").format(path=written), markup=False)


@db_app.command("upgrade", help=N_("Create or upgrade the schema to this version of irei."))
def db_upgrade() -> None:
    from records import database

    with user_errors():
        url = database.resolve_url(state.db)
        engine = database.make_engine(url)
        try:
            before, after = database.upgrade(engine)
        finally:
            engine.dispose()
    if before == after:
        out.print(_("schema already at {revision}").format(revision=after))
    elif before:
        out.print(_("schema upgraded from {before} to {after}").format(before=before, after=after))
    else:
        out.print(_("schema upgraded from empty to {revision}").format(revision=after))


def main() -> None:
    """Run the command, its help in the user's language; wrong usage is one line on stderr
    and exit code 2."""
    set_language(resolve_language(asked_language(sys.argv[1:])))
    command = typer.main.get_group(app)
    say_typers_words()
    translate_help(command)
    try:
        code = command(standalone_mode=False, prog_name="irei")
    except typer.Abort:  # end of input at a prompt
        code = INTERRUPTED
    except TyperException as exc:
        message = usage_said(exc)
        if message:  # a group run without its command has printed its help, and says no more
            # Named by the command it was given to, whose --help says how it is used.
            wrong_in = getattr(exc, "ctx", None)
            say(message, wrong_in.command_path if wrong_in else "irei")
        sys.exit(int(getattr(exc, "exit_code", 2)))
    if code == INTERRUPTED:
        say(_("interrupted"))
    sys.exit(code if isinstance(code, int) else 0)


# Each feature's commands live in their own module and add themselves to the app here.
for feature in FEATURES:
    feature.register(app)
