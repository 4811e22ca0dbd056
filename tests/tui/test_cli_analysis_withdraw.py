"""``irei analysis withdraw``: a test entered in error is withdrawn with a reason, through the
service the lot's screen uses; a refusal is one line and exit code 1, and writes nothing."""

from __future__ import annotations

from records.database import Database
from records.models import Analysis
from tests.records.conftest import analyse, register_lot
from tests.tui.test_cli_lot import irei

SPECIMEN = "HB-012-19-0301"


def _withdrawn_by(db: Database, analysis_id: int) -> str:
    with db.reading() as session:
        analysis = session.get(Analysis, analysis_id)
        assert analysis is not None
        return analysis.withdrawn_by


def test_a_test_entered_in_error_is_withdrawn_with_its_reason(
    database: Database, actor: str
) -> None:
    lot_id = register_lot(database, actor, (SPECIMEN,))
    wrong = analyse(database, actor, lot_id, "japanese")

    code, output = irei(
        database, "analysis", "withdraw", str(wrong), "--reason", "entered on the wrong specimen"
    )

    assert (code, output.strip()) == (
        0,
        f"specimen {SPECIMEN}: DNA(STR) test (date not recorded) withdrawn",
    )
    assert _withdrawn_by(database, wrong) == actor


def test_a_withdrawal_refused_is_one_line_and_writes_nothing(
    database: Database, actor: str
) -> None:
    lot_id = register_lot(database, actor, (SPECIMEN,))
    wrong = analyse(database, actor, lot_id, "japanese")

    code, output = irei(database, "analysis", "withdraw", str(wrong))

    assert (code, output.strip()) == (
        1,
        "irei: Reason: say why: every change to an analysis is recorded with its reason",
    )
    assert _withdrawn_by(database, wrong) == ""
    code, output = irei(database, "analysis", "withdraw", "999", "--reason", "wrong")
    assert code == 1 and len(output.strip().splitlines()) == 1
