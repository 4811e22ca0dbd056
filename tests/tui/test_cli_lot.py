"""``irei lot withdraw``: a registrar withdraws a lot's latest custody event, recorded in
error, from a terminal; a refusal is one line and exit code 1, and changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session
from typer.testing import CliRunner

from records.database import Database
from records.models import CustodyEvent, RemainsLot
from records.services import custody
from records.status import LotStatus
from tests.records.conftest import add_section, path_to, register_lot, walk
from tests.records.test_interment_rolls import interred_on_the_roll
from tui.cli import app

runner = CliRunner()


def irei(db: Database, *args: str) -> tuple[int, str]:
    path = db.engine.url.database
    assert path is not None
    result = runner.invoke(app, ["--db", path, "--lang", "en", *args])
    return result.exit_code, result.output


def _lot(db: Database, lot_id: int) -> RemainsLot:
    with db.reading() as session:
        lot = session.get(RemainsLot, lot_id)
        assert lot is not None
        return lot


def test_the_latest_event_is_withdrawn_and_the_lot_is_as_before_it(
    database: Database, actor: str
) -> None:
    lot_id = register_lot(database, actor)
    walk(database, actor, lot_id, path_to(LotStatus.INTERRED), add_section(database))
    number = _lot(database, lot_id).lot_number

    code, output = irei(database, "lot", "withdraw", number, "--reason", "wrong lot")

    assert (code, output.strip()) == (
        0,
        f"lot {number}: interred, date not recorded, withdrawn; now Japanese",
    )
    assert (_lot(database, lot_id).status, _lot(database, lot_id).location_id) == (
        "japanese",
        None,
    )


def test_a_refused_withdrawal_is_one_line_and_changes_nothing(
    database: Database, actor: str
) -> None:
    lot_id = register_lot(database, actor)
    number = _lot(database, lot_id).lot_number
    walk(database, actor, lot_id, path_to(LotStatus.JAPANESE), add_section(database))
    version = _lot(database, lot_id).version

    refusals = [
        (("lot", "withdraw", number), "irei: Reason: say why: every change to a lot is "
         "recorded with its reason"),
        (("lot", "withdraw", "2019-XX-000-00000", "--reason", "x"),
         "irei: no lot 2019-XX-000-00000"),
    ]  # fmt: skip
    for args, said in refusals:
        code, output = irei(database, *args)
        assert (code, output.strip()) == (1, said)
    assert _lot(database, lot_id).version == version


def test_a_lot_with_only_its_recovery_has_nothing_to_withdraw(
    database: Database, actor: str
) -> None:
    number = _lot(database, register_lot(database, actor)).lot_number
    code, output = irei(database, "lot", "withdraw", number, "--reason", "x")
    assert (code, output.strip()) == (
        1,
        f"irei: Lot: lot {number} has no event to withdraw: its recovery is where its "
        "record begins",
    )


def test_a_withdrawn_interment_names_the_roll_still_listing_the_lot_and_its_export_warns(
    database: Database, actor: str, tmp_path: Path
) -> None:
    lot_id, spring, _memorial = interred_on_the_roll(database, actor, add_section(database))
    number = _lot(database, lot_id).lot_number

    code, output = irei(database, "lot", "withdraw", number, "--reason", "wrong lot")

    assert code == 0
    assert " ".join(output.split()).endswith(
        f"Lot {number} is not interred but is still on the roll of 「拝礼式」 (2026-05-25): "
        "remove its line there if the remains were not interred at it."
    )
    out = tmp_path / "roll.csv"
    code, output = irei(
        database, "export", "roll", str(spring), "--format", "csv", "--out", str(out)
    )
    assert code == 0
    assert f"On this interment roll, lots not interred now: {number} (Japanese)" in output
    assert number in out.read_text(encoding="utf-8-sig")  # warned of, never dropped unsaid


def test_a_withdrawal_another_user_made_first_is_refused_and_the_event_before_it_stands(
    database: Database, actor: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    lot_id = register_lot(database, actor)
    walk(database, actor, lot_id, path_to(LotStatus.INTERRED), add_section(database))
    number = _lot(database, lot_id).lot_number

    def read_then_another_withdraws(session: Session, lot_number: str) -> CustodyEvent:
        seen = custody.latest_event(session, lot_id)
        assert seen is not None
        with database.session() as other:
            custody.withdraw_event(other, "bob", seen.id or 0, "interment entered in error")
        return seen

    monkeypatch.setattr(custody, "latest_to_withdraw", read_then_another_withdraws)
    code, output = irei(database, "lot", "withdraw", number, "--reason", "interment in error")

    assert code == 1
    assert " ".join(output.split()).startswith(
        f"irei: Event: this event of lot {number} (interred, date not recorded) was withdrawn "
        "by bob at "
    )
    assert _lot(database, lot_id).status == "japanese"
