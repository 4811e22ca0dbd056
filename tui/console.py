"""What every ``irei`` command shares: the consoles, the global options, one-line errors."""

from __future__ import annotations

import json
import os
import sys
import tempfile
import unicodedata
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.cells import cell_len
from rich.console import Console, ConsoleDimensions
from rich.text import Text
from sqlalchemy.exc import SQLAlchemyError

from records import database
from records.errors import Invalid, IreiError
from records.messages import Message, os_reason, shown
from tui.i18n import N_, _, said

if TYPE_CHECKING:
    from rich.table import Table
    from sqlmodel import Session

# The options every command that prints or changes records shares.
JsonOption = Annotated[bool, typer.Option("--json", help=N_("Print JSON."))]
ReasonOption = Annotated[str, typer.Option("--reason", help=N_("Why; kept in the audit log."))]

# Wider than any line irei prints, yet bounded: a table or a line is never cut at it, and
# nothing that fills the width (a rule) could grow without end.
PIPED_WIDTH = 100_000


class WholeLineConsole(Console):
    """A console that fits the terminal, and writing to a file or a pipe (``irei search 佐藤 >
    list.txt``, ``| grep``) neither wraps nor cuts a line: Rich took the terminal's width,
    or 80 columns, there too, and a script or a file lost what did not fit. A width asked for
    with $COLUMNS is kept."""

    @property
    def size(self) -> ConsoleDimensions:
        size = super().size
        if self.is_terminal or "COLUMNS" in os.environ:
            return size
        return ConsoleDimensions(PIPED_WIDTH, size.height)

    @size.setter
    def size(self, new_size: tuple[int, int]) -> None:
        Console.size.fset(self, new_size)  # type: ignore[attr-defined]


# Without emoji codes: a value such as "S:a:1" is printed as written, not as "S🅰1".
out = WholeLineConsole(emoji=False)
err = WholeLineConsole(stderr=True, emoji=False)


class State:
    db: str | None = None
    lang: str | None = None


state = State()


def plain(*cells: str) -> list[Text]:
    """Cells of a Rich table as written: a name or file name holding [brackets] is not read
    as markup (mangled, or "[/]" refused with a traceback)."""
    return [Text(cell) for cell in cells]


def uncut_table(headings: Sequence[str], whole: Collection[int] = ()) -> Table:
    """A table that wraps a cell rather than cut it: a name, a date or a place without spaces
    (most Japanese) was cut with "…" at 80 columns, and a registrar's list must lose no text.
    No heading's word is cut either; a column in ``whole`` (a number quoted back) is never
    wrapped."""
    from rich.table import Table

    table = Table()
    for i, heading in enumerate(headings):
        widest = max((cell_len(word) for word in heading.split()), default=0)
        table.add_column(heading, min_width=widest, overflow="fold", no_wrap=i in whole)
    return table


def filled_table(headings: Sequence[str], rows: Sequence[Sequence[str]]) -> Table:
    """The rows under the columns some row fills, as written (plain): at 80 columns the empty
    ones ("other forms", "site") took the room that a heading ("prefectu…") or a reason (a
    word a line) needed."""
    kept = [i for i, _ in enumerate(headings) if any(row[i] for row in rows)]
    table = uncut_table([headings[i] for i in kept])
    for row in rows:
        table.add_row(*plain(*(row[i] for i in kept)))
    return table


# The exit code of Ctrl-C: Typer turns the KeyboardInterrupt into it, and returns it.
INTERRUPTED = 130


def say(message: str, command: str = "irei") -> None:
    """One line on stderr, as the command's every error and interrupt is said: as written, not
    read as markup, never cut; after the command it concerns."""
    err.print(f"{command}: {message}", markup=False, highlight=False, soft_wrap=True)


def fail(message: str) -> typer.Exit:
    say(message)
    return typer.Exit(1)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn the errors a registrar can act on into one line and exit code 1, in the user's
    language (--lang)."""
    try:
        yield
    except Invalid as refused:
        from tui.labels import field_label  # which reads the demo's module: only when needed

        # The field as the app names it (Reading of the bare name), not its column's code.
        field = field_label(refused.field)
        raise fail(said(Message("{field}: {reason}", field=field, reason=refused.reason))) from None
    except (IreiError, OSError) as exc:
        raise fail(said(exc)) from None
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise fail(_("database error: {reason}").format(reason=reason)) from None


def path_typed(typed: str) -> str:
    """A file's or folder's path as typed, refused when empty: Path("") is the current folder,
    which an empty --out or --rejects (a script's unset variable) wrote into unasked. Given as
    an option's parser, the refusal names the option."""
    if not typed.strip():
        raise typer.BadParameter(_("it is empty; give a file or folder name"))
    return typed


def path_given(typed: str) -> Path:
    """``path_typed`` as a Path."""
    return Path(path_typed(typed))


def check_choice(option: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise typer.BadParameter(
            _("choose {choices}").format(choices=", ".join(allowed)), param_hint=option
        )


def code_named(option: str, typed: str, labels: dict[str, str]) -> str:
    """The stored code an option names, typed as the code (not_japanese) or as the app says
    it in either language (not Japanese, 日本人以外: the words of the ministry's files). Left
    out, it stays empty, for the service to say what is missing; anything else is refused
    with the choices."""
    from tui.i18n import load_catalog

    text = " ".join(unicodedata.normalize("NFKC", typed).split())
    if not text:
        return ""
    japanese = load_catalog("ja")
    for code, label in labels.items():
        if text.casefold() in (code, label.casefold()) or text == japanese.get(label):
            return code
    choices = ", ".join(f"{code} ({japanese.get(label, label)})" for code, label in labels.items())
    refusal = _("{option}: {typed!r} is not one of {choices}")
    raise IreiError(refusal.format(option=option, typed=shown(typed), choices=choices))


def refuse_unwritable(path: Path, option: str, suffix: str) -> None:
    """Refuse, before anything is done, a file a command could not write: a folder, or a file
    in a folder that is not there (only said once the work was done, or as "already there")."""
    if path.is_dir():
        refusal = _("{path}: {option} names a folder; give a file name ending in {suffix}")
    elif path.parent.exists() and not path.parent.is_dir():
        refusal = _("{path}: {folder} is a file, not a folder")
    elif not path.parent.is_dir():
        refusal = _("{path}: the folder {folder} does not exist")
    else:
        try:  # tried, not judged by its permissions: a root user, a read-only disk
            with tempfile.TemporaryFile(dir=path.parent):
                return
        except OSError as error:
            refusal = _("{path}: nothing can be saved in {folder}: {reason}")
            raise IreiError(
                # The reason alone: the error names the probe's own file, not the one asked for.
                refusal.format(path=path, folder=path.parent, reason=said(os_reason(error)))
            ) from None
    raise IreiError(refusal.format(path=path, option=option, suffix=suffix, folder=path.parent))


def refuse_replacing(path: Path, replace: bool) -> None:
    """Refuse, before anything is done, a file a command would write over: the app asks before
    it replaces a file, and a script cannot answer, so it must say --replace."""
    if path.exists() and not replace:
        refusal = _("{path} is already there; nothing was written (--replace writes over it)")
        raise IreiError(refusal.format(path=path))
    if path.is_file():
        try:  # opened to write and closed unwritten: a read-only or locked file is said now,
            with path.open("r+b"):  # not once an import has committed without its rejects
                return
        except OSError as error:
            refusal = _("{path} cannot be written over: {reason}; nothing was done")
            raise IreiError(refusal.format(path=path, reason=said(os_reason(error)))) from None


def open_db(db: str | None = None, *, create: bool = False) -> database.Database:
    """The database --db names. Only a command that writes (create) makes a new SQLite file
    there: one that reads refuses a file that is not there, rather than reporting that an
    empty database it has just created holds nothing (a mistyped --db would read as "not
    found"). The default database, named by no one, is created by any command."""
    named = db or state.db or os.environ.get(database.ENV_URL)
    url = database.resolve_url(db or state.db)
    missing = None if create or not named else database.missing_sqlite_file(url)
    if missing is not None:
        refusal = _(
            "no database at {path}: check --db (irei creates one when the app opens it, "
            "or on the first import)"
        )
        raise IreiError(refusal.format(path=missing))
    return database.open_database(url)


def person_id_given(session: Session, given: str, option: str = "--person") -> int:
    """The id of the one person ``given`` quotes: 'Reg. No. 12', 'No. 14', or figures alone,
    which stay the id, as before the app's numbers were taken: a script passing ids must not
    reach another person by 番号."""
    from records.search import person_quoted, quoted_number

    quoted = quoted_number(given)
    if quoted is None:
        raise Invalid(
            option,
            Message("{given!r} is neither an id nor 'Reg. No. N' or 'No. N'", given=given),
        )
    if quoted.register and quoted.app:
        return quoted.number
    person_id = person_quoted(session, given).id
    assert person_id is not None
    return person_id


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2, default=str) + "\n")
