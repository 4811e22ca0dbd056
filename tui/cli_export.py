"""``irei export roll``: a ceremony's roll written for printing or for the ministry, as xlsx,
csv or PDF, in the order asked for."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, cast

import typer

from tui.console import (
    check_choice,
    err,
    open_db,
    out,
    path_given,
    refuse_replacing,
    refuse_unwritable,
    user_errors,
)
from tui.i18n import N_, _, plural

OrderOption = Annotated[str, typer.Option("--order", help=N_("reading, prefecture or site."))]

export_app = typer.Typer(
    help=N_("Export records for printing and for the ministry."), no_args_is_help=True
)


@export_app.command(
    "roll",
    help=N_("Write a ceremony's roll, in gojūon order of the readings unless told otherwise."),
)
def export_roll(
    ceremony_id: Annotated[int, typer.Argument(help=N_("The ceremony's id."))],
    file_format: Annotated[str, typer.Option("--format", help=N_("xlsx, csv or pdf."))],
    path: Annotated[Path, typer.Option("--out", parser=path_given, help=N_("File to write."))],
    order: OrderOption = "reading",
    encoding: Annotated[
        str | None,
        typer.Option("--encoding", help=N_("csv only: utf-8-sig (the default) or cp932.")),
    ] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help=N_("Write over the file if it is already there."))
    ] = False,
) -> None:
    from exports.order import ORDERS, Order
    from exports.roll import FORMATS, build_roll, write_roll
    from exports.roll_csv import ENCODINGS, CsvEncoding
    from tui.roll_warnings import lots_not_interred

    check_choice("--format", file_format, FORMATS)
    check_choice("--order", order, ORDERS)
    if encoding is not None:
        check_choice("--encoding", encoding, ENCODINGS)
        if file_format != "csv":
            # Dropped unsaid, it would leave the registrar believing the file is in cp932.
            raise typer.BadParameter(
                _("only for --format csv, not {format}").format(format=file_format),
                param_hint="--encoding",
            )
    with user_errors():
        _check_out_path(path, file_format, replace)
        with open_db().reading() as session:
            ceremony, rows = build_roll(session, ceremony_id, cast(Order, order))
            not_interred = lots_not_interred(session, ceremony_id)
        write_roll(path, ceremony, rows, file_format, cast(CsvEncoding, encoding or ENCODINGS[0]))
    unlinked = sum(not row.linked for row in rows)
    if unlinked:
        written = plural(
            len(rows),
            N_("{count} entry written to {path} ({unlinked} unlinked)"),
            N_("{count} entries written to {path} ({unlinked} unlinked)"),
        )
    else:
        written = plural(
            len(rows),
            N_("{count} entry written to {path}"),
            N_("{count} entries written to {path}"),
        )
    said = written.format(count=f"{len(rows):,}", path=path, unlinked=f"{unlinked:,}")
    out.print(said, markup=False)
    if not_interred:
        err.print(not_interred, markup=False)


def _check_out_path(path: Path, file_format: str, replace: bool) -> None:
    """Refuse, before the roll is built, a file that would be lost or misnamed."""
    from exports.roll import refuse_misnamed

    refuse_unwritable(path, "--out", f".{file_format}")
    refuse_misnamed(path, file_format)
    refuse_replacing(path, replace)


def register(app: typer.Typer) -> None:
    app.add_typer(export_app, name="export")
