"""``irei analysis``: a test result entered by hand from a script or a terminal (a laboratory's
letter before the ministry's file arrives), through the service the lot's screen uses."""

from __future__ import annotations

from typing import Annotated

import typer

from records.actor import current_actor
from tui.console import ReasonOption, code_named, open_db, out, user_errors
from tui.i18n import N_, _

analysis_app = typer.Typer(
    help=N_("Tests of specimens: DNA and stable isotope."), no_args_is_help=True
)


@analysis_app.command(
    "add",
    help=N_("Record a test of a specimen. An earlier test of the same kind is kept, superseded."),
)
def analysis_add(
    specimen: Annotated[str, typer.Argument(help=N_("The specimen's number: HB-012-19-0001."))],
    kind: Annotated[
        str, typer.Option("--kind", help=N_("The test: DNA(STR), 安定同位体, ..."))
    ] = "",
    affiliation: Annotated[
        str,
        typer.Option(
            "--affiliation",
            help=N_(
                "What it found: japanese, not_japanese, undeterminable, pending, or as the "
                "ministry writes it (日本人, 日本人以外, 判定不能, 未判定)."
            ),
        ),
    ] = "",
    match: Annotated[
        str,
        typer.Option(
            "--match", help=N_("match (一致) or in_progress (照合中); none when left out.")
        ),
    ] = "",
    person: Annotated[
        str,
        typer.Option("--person", help=N_("Whom it matched: 番号 12, No. 14, or the whole name.")),
    ] = "",
    on: Annotated[
        str, typer.Option("--on", help=N_("When decided: 令和3年3月4日 or 2021-03."))
    ] = "",
    remarks: Annotated[str, typer.Option("--remarks", help=N_("Remarks on the result."))] = "",
    reason: ReasonOption = "",
) -> None:
    from records.dates import DateInFuture, DateUnreadable, parse_date
    from records.errors import Invalid
    from records.messages import Message
    from records.search import person_quoted
    from records.services.analyses import AnalysisFields, record_analysis
    from tui.labels import AFFILIATIONS, MATCHES, affiliation_label, match_label, person_named

    with user_errors(), open_db().writing() as session:
        number = specimen_number(specimen)
        affiliation = code_named("--affiliation", affiliation, AFFILIATIONS)
        match = code_named("--match", match, MATCHES)
        try:
            decided = parse_date(on)
        except DateInFuture as future:
            # A date still, read and dated (2027-01-05 is in the future): never "not a date".
            raise Invalid("date", future.reason) from None
        except DateUnreadable as unreadable:
            # Quoted, as a ceremony's date is: the reason alone (no date spelling we know)
            # does not say which option of the line it is about.
            reason = Message("{text!r} is not a date ({reason})", text=on, reason=unreadable.reason)
            raise Invalid("date", reason) from None
        matched = person_quoted(session, person) if person.strip() else None
        fields = AnalysisFields(
            kind=kind,
            affiliation=affiliation,
            match_result=match,
            decided=decided,
            remarks=remarks,
            matched_person_id=matched.id if matched else None,
        )
        analysis = record_analysis(session, current_actor(), number, fields, reason)
    # Said once the transaction has committed: a commit refused must not follow "recorded".
    said = _("specimen {number}: {kind} test recorded, {affiliation}").format(
        number=number, kind=analysis.kind_text, affiliation=affiliation_label(affiliation)
    )
    if matched is not None:
        said += ", " + _("{match}: {person}").format(
            match=match_label(match),
            person=person_named(matched.name, matched.register_no, matched.id),
        )
    # Its number, which `analysis withdraw` takes should it prove entered in error.
    said += " " + _("[analysis {id}]").format(id=analysis.id)
    out.print(said, markup=False, soft_wrap=True)


@analysis_app.command(
    "withdraw",
    help=N_(
        "Withdraw a test entered in error (wrong specimen, kind or date).\n\n"
        "It stays in the lot's Specimens tab, marked withdrawn, and is no longer evidence; the "
        "test before it of its kind stands again. Refused while a decision standing cites it."
    ),
)
def analysis_withdraw(
    analysis_id: Annotated[
        int,
        typer.Argument(
            metavar="ID",
            help=N_(
                "The analysis's number, as `irei analysis add` said it, or the lot's Sources "
                "tab shows it."
            ),
        ),
    ],
    reason: ReasonOption = "",
) -> None:
    from records.models import Specimen
    from records.services.analysis_withdrawal import withdraw_analysis

    with user_errors(), open_db().writing() as session:
        analysis = withdraw_analysis(session, current_actor(), analysis_id, reason)
        specimen = session.get(Specimen, analysis.specimen_id)
        assert specimen is not None
        number = specimen.number
    # Said once the transaction has committed: a commit refused must not follow "withdrawn".
    said = _("specimen {number}: {kind} test ({date}) withdrawn").format(
        number=number,
        kind=analysis.kind_text or analysis.kind,
        date=analysis.decided_text or analysis.decided_on or _("date not recorded"),
    )
    out.print(said, markup=False, soft_wrap=True)


def specimen_number(typed: str) -> str:
    """The one specimen number typed, read as the specimens form and the import read theirs
    (ＨＢ－０１２－２０－０００９ is HB-012-20-0009)."""
    from importers.cells import expand_specimens
    from importers.errors import CellUnreadable
    from records.errors import Invalid
    from records.messages import Message

    try:
        numbers = expand_specimens(typed)
    except CellUnreadable as unreadable:
        raise Invalid("specimen", unreadable.reason) from None
    if len(numbers) != 1:
        # A list or a range (HB-012-20-0009～0011) names several; a test is of one specimen.
        not_one = Message(
            "{text!r} is not a specimen number (e.g. HB-012-20-0009)", text=typed.strip()
        )
        raise Invalid("specimen", not_one)
    return numbers[0]


def register(app: typer.Typer) -> None:
    app.add_typer(analysis_app, name="analysis")
