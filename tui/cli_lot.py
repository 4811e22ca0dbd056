"""``irei lot``: corrections to a lot of remains from a script or a terminal, through the
same services the lot's screen uses."""

from __future__ import annotations

from typing import Annotated

import typer

from records.actor import current_actor
from tui.console import ReasonOption, open_db, out, user_errors
from tui.i18n import N_, _

lot_app = typer.Typer(help=N_("Lots of remains."), no_args_is_help=True)


@lot_app.command(
    "withdraw",
    help=N_(
        "Withdraw the lot's latest custody event, recorded in error.\n\n"
        "The lot goes back to its status (and place) before it; the event stays in its history, "
        "marked withdrawn, and the audit log keeps who, when and why."
    ),
)
def lot_withdraw(
    lot: Annotated[str, typer.Argument(help=N_("The lot's number: 2019-HB-012-00001."))],
    reason: ReasonOption = "",
) -> None:
    from records.services.custody import latest_to_withdraw, withdraw_event
    from tui.labels import custody_label, status_label
    from tui.roll_warnings import still_on_rolls

    with user_errors():
        database = open_db()
        # The event meant is the one read here: if another user withdraws it before this
        # writes, the withdrawal is refused, never moved on to the event before it.
        with database.reading() as session:
            event = latest_to_withdraw(session, lot)
        with database.writing() as session:
            now = withdraw_event(session, current_actor(), event.id or 0, reason)
            on_rolls = still_on_rolls(session, event.lot_id, now.lot_number)
    # Said once the transaction has committed: a commit refused must not follow "withdrawn".
    said = _("lot {lot}: {event}, {date}, withdrawn; now {status}").format(
        lot=now.lot_number,
        event=custody_label(event.kind),
        date=event.happened_text or event.happened_on or _("date not recorded"),
        status=status_label(now.status),
    )
    out.print(said, markup=False)
    if on_rolls:
        out.print(on_rolls, markup=False)


def register(app: typer.Typer) -> None:
    app.add_typer(lot_app, name="lot")
