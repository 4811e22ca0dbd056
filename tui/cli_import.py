"""``irei import FILE...``: the ministry's spreadsheets into the records, through the import
pipeline (importers.pipeline), with a dry run, a rejects workbook and a progress bar."""

from __future__ import annotations

import signal
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from records.actor import current_actor
from records.database import Database, missing_sqlite_file, open_database, resolve_url
from records.errors import IreiError
from records.messages import Message, os_refusal, shown
from tui.console import (
    INTERRUPTED,
    open_db,
    out,
    path_given,
    plain,
    print_json,
    refuse_replacing,
    refuse_unwritable,
    say,
    state,
    user_errors,
)
from tui.i18n import N_, _, counted, plural, said

if TYPE_CHECKING:
    from rich.progress import Progress

    from importers.headers import Layout
    from importers.pipeline import DryRun

# Only the command's signature is read when `irei` starts (see tui/cli.py); the pipeline and
# the spreadsheet libraries are imported when an import really runs.


def _progress_bar(enabled: bool) -> Progress:
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("{task.description}", markup=False),  # the file's name, as written
        BarColumn(),
        TextColumn("{task.fields[rows]}"),
        TextColumn("{task.fields[rate]}"),  # or the step after the rows
        TimeElapsedColumn(),
        console=out,
        transient=True,
        # Piped into a file, a bar is nothing to watch and would leave a blank line per file.
        disable=not (enabled and out.is_terminal),
    )


def _summary(
    name: str, profile: str, layouts: list[Layout], counts: Any, errors: list[Any]
) -> dict[str, Any]:
    return {
        "file": name,
        "profile": profile,
        "sheets": [layout.sheet for layout in layouts],
        "not_imported_columns": [
            {"sheet": layout.sheet, "header": header}
            for layout in layouts
            for header in layout.unread
        ],
        "created": counts.created,
        "updated": counts.updated,
        "unchanged": counts.unchanged,
        "rejected": counts.rejected,
        "errors": [e.as_dict() for e in errors],
    }


def _names(files: list[Path]) -> list[str]:
    """Each file as the report names it: by its name, but by its path as given when another
    file of the command has the same name (2023/死亡者名簿.xlsx and 2024/死亡者名簿.xlsx,
    each year's register sent under one name), whose lines would otherwise be told apart by
    nothing."""
    seen = Counter(path.name for path in files)
    return [str(path) if seen[path.name] > 1 else path.name for path in files]


def _not_imported(
    names: list[str], profile: str | None, interrupted: str | None
) -> list[dict[str, Any]]:
    """The files a Ctrl-C left unimported, the one it stopped and those after it: a script
    reading the JSON finds every file of the command, not a list that just ends."""
    stopped = "interrupted during it: nothing of it written"
    after = "not imported: the import was interrupted before it"
    return [
        _unread(name, profile, "interrupted", stopped if name == interrupted else after)
        for name in names
    ]


def _unread(name: str, profile: str | None, why: str, reason: str) -> dict[str, Any]:
    """A file refused whole, or not imported for an interruption (``why``: "refused" or
    "interrupted"), in the shape of any other: a script reading the counts of each file
    needs no case of its own, and finds the reason among the errors (no sheet, row or
    column: it concerns the whole file) as well as under ``why``. The profile is the one
    forced with --profile, null when it was to be detected."""
    error = {"file": name, "sheet": None, "row": None, "column": None, "value": None}
    return {
        "file": name,
        "profile": profile,
        "sheets": [],
        "not_imported_columns": [],
        **dict.fromkeys(COUNTS, 0),
        "errors": [{**error, "reason": reason}],
        why: reason,
        "written": False,
    }


class _LateInterrupt:
    """A Ctrl-C pressed once a file's commit has begun (the pipeline's SAVING step) is noted,
    not raised: SQLite finishes the commit whatever Python does, and the KeyboardInterrupt
    raised after it returned said "interrupted" of a file that was imported. The file is
    reported as imported, and the files after it are left alone."""

    def __init__(self) -> None:
        self.noted = False
        self._previous: Any = None

    def hold(self) -> None:
        self._previous = signal.signal(signal.SIGINT, self._note)

    def _note(self, signum: int, frame: object) -> None:
        self.noted = True

    @contextmanager
    def around(self) -> Iterator[None]:
        """Around one file's import. A commit that fails on its own writes nothing: a Ctrl-C
        noted during it is raised then, as one pressed before the commit would have been."""
        try:
            yield
        except Exception:
            self._release()
            if self.noted:
                raise KeyboardInterrupt from None
            raise
        finally:
            self._release()

    def _release(self) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)
            self._previous = None


def import_command(
    files: Annotated[
        list[Path],
        typer.Argument(parser=path_given, help=N_("Spreadsheets (.xlsx, .csv …) to import.")),
    ],
    profile: Annotated[
        str | None, typer.Option("--profile", help=N_("Use this profile, not the detected one."))
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help=N_("Report what would change; write nothing."))
    ] = False,
    accept_valid: Annotated[
        bool, typer.Option("--accept-valid", help=N_("Write the valid rows despite rejected ones."))
    ] = False,
    sheet: Annotated[
        list[str] | None,
        typer.Option(
            "--sheet",
            help=N_(
                "Import this sheet of each workbook (repeat it for several sheets); needed "
                "when several sheets have headers a profile fits."
            ),
        ),
    ] = None,
    rejects: Annotated[
        Path | None,
        typer.Option(
            "--rejects", parser=path_given, help=N_("Write the rejected rows to this .xlsx.")
        ),
    ] = None,
    replace: Annotated[
        bool,
        typer.Option("--replace", help=N_("Write over the --rejects file if it is already there.")),
    ] = False,
    ceremony: Annotated[
        int | None, typer.Option("--ceremony", help=N_("Ceremony id, for a roll (profile roll)."))
    ] = None,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help=N_(
                "Print JSON, for scripts: its keys and reasons are in English whatever --lang says."
            ),
        ),
    ] = False,
) -> None:
    from importers.errors import ImportRefused
    from importers.pipeline import ImportCancelled
    from importers.rejects import write_rejects
    from records.files import CannotSave

    summaries: list[dict[str, Any]] = []
    rejected_rows: list[Any] = []
    failed = False
    late = _LateInterrupt()
    interrupted: str | None = None  # the file a Ctrl-C stopped, once files before it are in
    if profile is not None:
        _check_profile_known(profile)
    with user_errors(), ExitStack() as stack:
        if rejects is not None:
            _check_rejects_path(rejects, files, replace)
        new_file = None if dry_run else missing_sqlite_file(resolve_url(state.db))
        database = _database(dry_run)
        if new_file is not None:
            stack.callback(_remove_if_unwritten, database, new_file, summaries)
        checking = stack.enter_context(_checking(database, accept_valid)) if dry_run else None
        _say_broken_profiles(profile)
        names = _names(files)
        for number, (path, name) in enumerate(zip(files, names, strict=True), 1):
            try:
                summary, layout_rows, ok = _one(
                    database,
                    checking,
                    path,
                    name,
                    profile,
                    sheet or [],
                    accept_valid,
                    ceremony,
                    not as_json,
                    late,
                    others_follow=number < len(files),
                )
            except KeyboardInterrupt:
                if not any(s["written"] for s in summaries):
                    raise  # nothing is written: the plain "interrupted" says it all
                interrupted = name
                break
            except (ImportRefused, ImportCancelled, OSError) as error:
                # One clear line for this file; the other files still get their own import.
                # In the user's language; the JSON keeps the English that scripts match.
                reason = str(os_refusal(error)) if isinstance(error, OSError) else str(error)
                say(said(error))
                summaries.append(_unread(name, profile, "refused", reason))
                failed = True
                continue
            summaries.append(summary)
            rejected_rows.append(layout_rows)
            failed = failed or not ok
            if late.noted:
                break
    done = len(summaries)  # the files imported, checked or refused
    if interrupted is not None or late.noted:
        summaries += _not_imported(names[done:], profile, interrupted)
    unsaved = None
    if rejects is not None:
        try:
            write_rejects(rejects, rejected_rows, said)
        except CannotSave as error:  # checked before, yet the disk filled up: the import stands
            unsaved, failed = said(error), True
    if as_json:
        print_json({"files": summaries})
    else:
        _tables(summaries, dry_run, accept_valid, None if unsaved else rejects)
    if unsaved is not None:
        _rejects_unsaved(unsaved, summaries)
    if late.noted:
        _too_late(summaries[done - 1]["file"], len(files) - done)
    if interrupted is not None:
        _stopped_after_some(interrupted, summaries, len(files) - done - 1)
    if failed:
        raise typer.Exit(1)


def _check_profile_known(name: str) -> None:
    """A --profile naming no profile is wrong usage, refused before any file is read: refused
    file by file, it said the same line once for each file, headed by the profile's name as
    if it were a file's."""
    from importers.errors import ImportRefused
    from importers.profiles import UnknownProfile, get_profile

    try:
        get_profile(name)
    except UnknownProfile as error:
        raise typer.BadParameter(said(error.reason), param_hint="--profile") from None
    except ImportRefused:
        pass  # a broken profile of the user's: each file's refusal says what is wrong in it


def _say_broken_profiles(forced: str | None) -> None:
    """The user's profiles left out: a file of their format would be refused as fitting none.
    The one forced with --profile is said as each file's refusal instead."""
    from importers.profiles import broken_profiles

    for broken in broken_profiles():
        if broken.name != forced:
            say(said(broken.error))


def _rejects_unsaved(reason: str, summaries: list[dict[str, Any]]) -> None:
    """The rejects workbook that could not be saved once the files were imported: what was
    written stays written, which the registrar must not read the failure as undoing."""
    written = [s["file"] for s in summaries if s["written"]]
    if written:
        reason = _("{reason}; {files} imported all the same").format(
            reason=reason, files=", ".join(written)
        )
    say(reason)


def _too_late(name: str, left: int) -> None:
    """The Ctrl-C that came during a commit: the file is imported, and the files after it
    are not, which the exit code of an interrupt then says."""
    if left:
        line = plural(
            left,
            N_(
                "interrupted while {name} was being saved, too late to stop it: {name} is "
                "imported; the {left} file after it is not"
            ),
            N_(
                "interrupted while {name} was being saved, too late to stop it: {name} is "
                "imported; the {left} files after it are not"
            ),
        )
    else:
        line = _(
            "interrupted while {name} was being saved, too late to stop it: {name} is imported"
        )
    say(line.format(name=name, left=left))
    if left:
        _exit_interrupted()


def _stopped_after_some(name: str, summaries: list[dict[str, Any]], left: int) -> None:
    """A Ctrl-C during a file after others were imported: the table shows what stands, and
    this line says the files imported, lest "interrupted" alone read as nothing written."""
    imported = ", ".join(s["file"] for s in summaries if s["written"])
    if left:
        line = plural(
            left,
            N_(
                "interrupted during {name}, nothing of it written (nor of the {left} file "
                "after it); imported before it: {imported}"
            ),
            N_(
                "interrupted during {name}, nothing of it written (nor of the {left} files "
                "after it); imported before it: {imported}"
            ),
        )
    else:
        line = _("interrupted during {name}, nothing of it written; imported before it: {imported}")
    say(line.format(name=name, left=left, imported=imported))
    _exit_interrupted()


def _exit_interrupted() -> NoReturn:
    """Exit as interrupted, the line that says what stands already said. Not by
    ``typer.Exit``: a bare Ctrl-C comes back from Typer as that same exit code, which `irei`
    then says as "interrupted", a second line under this one."""
    sys.exit(INTERRUPTED)


def _check_rejects_path(rejects: Path, files: list[Path], replace: bool) -> None:
    """Refuse, before anything is imported, a rejects workbook that could not be written or
    that would replace one of the files being imported, or any file unless --replace: a
    registrar's corrected workbook is lost to the next import's rejects otherwise."""
    if rejects.resolve() in {f.resolve() for f in files}:
        refusal = _("{path}: --rejects names a file being imported; choose another name")
        raise IreiError(refusal.format(path=rejects))
    refuse_unwritable(rejects, "--rejects", ".xlsx")
    if rejects.suffix.lower() != ".xlsx":
        # An .xlsx workbook saved as 却下.csv opens in no program that trusts the name, and
        # imported again it is refused as a CSV in neither UTF-8 nor cp932.
        refusal = _(
            "{path}: the rejects are written as an .xlsx workbook; give a file name ending in .xlsx"
        )
        raise IreiError(refusal.format(path=rejects))
    refuse_replacing(rejects, replace)


def _database(dry_run: bool) -> Database:
    """The database to import into; a dry run against a database not created yet compares
    with an empty one in memory, so that it writes nothing, not even a new file."""
    url = resolve_url(state.db)
    if dry_run and missing_sqlite_file(url) is not None:
        return open_database("sqlite://")
    return open_db(create=True)


def _remove_if_unwritten(database: Database, path: Path, summaries: list[dict[str, Any]]) -> None:
    """Remove the database file this command created when no file was written into it (each
    refused, or all-or-nothing with rejected rows, or interrupted): a mistyped --db must not
    leave an empty database behind, which later commands would read as a real one."""
    if any(summary.get("written") for summary in summaries):
        return
    database.engine.dispose()
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _checking(database: Database, accept_valid: bool) -> AbstractContextManager[DryRun]:
    """The dry run of all the files: each sees what the files before it would write, as
    their import one after another would."""
    from importers.pipeline import dry_run

    return dry_run(database, current_actor(), accept_valid)


def _one(
    database: Database,
    checking: DryRun | None,
    path: Path,
    name: str,
    profile: str | None,
    sheets: list[str],
    accept_valid: bool,
    ceremony: int | None,
    show: bool,
    late: _LateInterrupt,
    others_follow: bool,
) -> tuple[dict[str, Any], Any, bool]:
    """Import one file, or check it when ``checking`` (a dry run); ``name``: the file as the
    report names it; ``others_follow``: files after it in the command, which a dry run must
    let see what this one would write."""
    from importers.pipeline import SAVING, ImportPlan, apply_import, prepare_import
    from tui.import_words import rows_per_second

    with _progress_bar(show) as bar:
        task = bar.add_task(
            name, total=None, rows=counted(0, N_("{count} row"), N_("{count} rows")), rate=""
        )
        started = time.monotonic()

        def report(done: int, total: int | None) -> None:
            bar.update(
                task,
                completed=done,
                total=total,
                rows=counted(done, N_("{count} row"), N_("{count} rows")),
                rate=rows_per_second(done, started),
            )

        def after_rows(step: Message) -> None:
            if step == SAVING:
                late.hold()
            # Drawn at once: the step is what the registrar watches for the seconds it takes.
            bar.update(task, rate=said(step), refresh=True)

        plan: ImportPlan
        if checking is not None:
            plan = checking.check(
                path,
                profile,
                report,
                ceremony,
                sheets,
                others_follow=others_follow,
                stage=after_rows,
            )
            assert plan.counts is not None
            errors = [e for r in plan.rejects for e in r.errors]
            summary = _summary(name, plan.profile.name, plan.layouts, plan.counts, errors)
            summary["written"] = False
            return summary, (name, plan.layouts, plan.rejects), not plan.rejects
        plan = prepare_import(path, profile, ceremony, sheets)
        with late.around():
            result = apply_import(
                database, current_actor(), plan, accept_valid, report, stage=after_rows, alone=True
            )
    summary = _summary(name, result.profile, plan.layouts, result.counts, result.errors)
    summary["written"] = result.written
    return summary, (name, plan.layouts, result.rejects), not result.rejects


# The counts of a file written, and of one not written (refused, or all-or-nothing with rows
# rejected, or any file of a dry run): what its import would have created and updated, under
# headings that say so, never as if it had been. A record made is counted "new", as the Import
# screen and the dashboard count it: "created" is the audit history's word for the event.
WRITTEN_COUNTS = (N_("new"), N_("updated"), N_("unchanged"), N_("rejected"))
UNWRITTEN_COUNTS = (N_("would create"), N_("would update"), N_("unchanged"), N_("rejected"))
COUNTS = ("created", "updated", "unchanged", "rejected")  # their keys in a file's summary


def _tables(
    summaries: list[dict[str, Any]], dry_run: bool, accept_valid: bool, rejects: Path | None
) -> None:
    """The files written in one table, the files not written in another, then the rejected
    rows; each file's own order kept within its table. ``rejects``: the workbook the rejected
    rows were written to, if asked for."""
    written = [s for s in summaries if s["written"]]
    unwritten = [s for s in summaries if not s["written"]]
    if written:
        _table(_("Imported"), written, WRITTEN_COUNTS)
    if unwritten:
        if dry_run:
            title = _("Import (dry run: nothing written)")
        else:
            title = _("Not imported: nothing written")
        _table(title, unwritten, UNWRITTEN_COUNTS)
    from tui.import_words import not_imported

    for s in summaries:
        if columns := s["not_imported_columns"]:
            pairs = [(c["sheet"], c["header"]) for c in columns]
            out.print("  " + not_imported(s["file"], s["profile"], pairs), markup=False)
        _rejected_rows(s, rejects)
        if s.get("rejected") and not accept_valid:
            if dry_run:
                line = _(
                    "{file}: would write nothing (rows rejected; --accept-valid writes the rest)"
                )
            else:
                line = _("{file}: nothing written (rows rejected; --accept-valid writes the rest)")
            out.print("  " + line.format(file=s["file"]), markup=False)


def _table(title: str, summaries: list[dict[str, Any]], headings: tuple[str, ...]) -> None:
    from rich.table import Table

    table = Table(title=title)
    # A file's name is folded onto more lines, never cut: files sent together often differ
    # only at the end of their names (…_2024_part1.xlsx, …_2024_part2.xlsx).
    for column in (N_("file"), N_("profile")):
        table.add_column(_(column), overflow="fold")
    for column in headings:
        table.add_column(_(column), justify="right")
    for s in summaries:
        if "refused" in s or "interrupted" in s:
            what = _("(refused)") if "refused" in s else _("(interrupted)")
            table.add_row(*plain(s["file"], what, "", "", "", ""))
            continue
        # The sheets, when several were imported, as the rejected rows name them.
        sheets = f" [{', '.join(s['sheets'])}]" if len(s["sheets"]) > 1 else ""
        counts = (f"{s[k]:,}" for k in COUNTS)
        table.add_row(*plain(s["file"] + sheets, s["profile"], *counts))
    out.print(table)


def _rejected_rows(s: dict[str, Any], rejects: Path | None) -> None:
    """The first rejected rows, and how many more, said to be in the rejects workbook when
    one was written."""
    from tui.record_queries import sheet_of

    if "refused" in s or "interrupted" in s:
        return  # said on its own line, and no row of it was read
    for error in s["errors"][:20]:
        sheet = sheet_of(s["file"], error["sheet"])  # a CSV file has none
        if sheet:
            where = _("{file} [{sheet}] row {row}").format(
                file=s["file"], sheet=sheet, row=error["row"]
            )
        else:
            where = _("{file} row {row}").format(file=s["file"], row=error["row"])
        if error["column"]:
            where = _("{where}, {column}").format(where=where, column=error["column"])
        if error["value"] not in (None, ""):
            where = _("{where} ({value!r})").format(where=where, value=shown(error["value"]))
        out.print(f"  {where}: {said(error['reason'])}", markup=False, highlight=False)
    if len(s["errors"]) > 20:
        count = len(s["errors"]) - 20
        if rejects is None:
            more = _("… and {count:,} more (use --rejects PATH or --json)").format(count=count)
        else:
            more = _("… and {count:,} more, all of them in {path}").format(
                count=count, path=rejects
            )
        out.print("  " + more, markup=False)


def register(app: typer.Typer) -> None:
    app.command(
        "import",
        help=N_("Import ministry spreadsheets: all-or-nothing per file unless --accept-valid."),
    )(import_command)
