"""A plain status change agrees with the lot's standing verdict: remains decided Japanese are
neither repatriated nor set pending again, remains decided not Japanese are not interred;
a new decision, or the decision withdrawn, changes what may follow."""

from __future__ import annotations

import pytest

from records.database import Database
from records.errors import Invalid
from records.models import RemainsLot
from records.services import lot_status
from records.services.verdicts import moves_agreeing
from records.status import TRANSITIONS, LotStatus
from tests.records.conftest import MakeLot, contradicts_verdict_on_path, move

S = LotStatus
CONTRADICTING = [
    (current, following)
    for current, nexts in TRANSITIONS.items()
    for following in nexts
    if contradicts_verdict_on_path(current, following)
]


def _status(db: Database, lot_id: int) -> str:
    with db.reading() as session:
        lot = session.get(RemainsLot, lot_id)
        assert lot is not None
        return lot.status


@pytest.mark.parametrize(
    ("current", "following"),
    CONTRADICTING,
    ids=[f"{a.value}->{b.value}" for a, b in CONTRADICTING],
)
def test_a_status_contradicting_the_standing_verdict_is_refused_naming_it(
    database: Database, actor: str, make_lot: MakeLot, current: LotStatus, following: LotStatus
) -> None:
    lot_id = make_lot(current)

    with database.session() as session, pytest.raises(Invalid) as refused:
        lot_status.change_status(session, actor, lot_id, following, "returned")

    assert refused.value.field == "status"
    assert "is decided" in str(refused.value)
    assert "record a new affiliation decision, or withdraw the decision" in str(refused.value)
    assert _status(database, lot_id) == current


def test_disinterred_remains_decided_japanese_are_not_repatriated(
    database: Database, actor: str, make_lot: MakeLot
) -> None:
    lot_id = make_lot(S.DISINTERRED)

    with database.session() as session, pytest.raises(Invalid) as refused:
        lot_status.change_status(session, actor, lot_id, S.REPATRIATED, "returned")

    assert str(refused.value).endswith(
        "is decided Japanese, so it cannot become repatriated: record a new affiliation "
        "decision, or withdraw the decision if it was recorded in error"
    )


def test_disinterred_remains_decided_anew_not_japanese_may_be_repatriated(
    database: Database, actor: str, make_lot: MakeLot
) -> None:
    lot_id = make_lot(S.DISINTERRED)

    move(database, actor, lot_id, S.NOT_JAPANESE, "a later DNA test")
    move(database, actor, lot_id, S.REPATRIATED, "returned")

    assert _status(database, lot_id) == S.REPATRIATED


@pytest.mark.parametrize(
    ("current", "offered"),
    [
        (S.JAPANESE, [S.HANDED_TO_FAMILY, S.INTERRED]),
        (S.NOT_JAPANESE, [S.HELD, S.REPATRIATED]),
        (S.UNDETERMINABLE, []),
        (S.DISINTERRED, [S.REINTERRED, S.HANDED_TO_FAMILY]),
        (S.RECOVERED, [S.AFFILIATION_PENDING]),
    ],
    ids=["japanese", "not japanese", "undeterminable", "disinterred", "no verdict"],
)
def test_the_status_form_is_offered_only_what_agrees_with_the_verdict(
    database: Database, make_lot: MakeLot, current: LotStatus, offered: list[LotStatus]
) -> None:
    lot_id = make_lot(current)

    with database.reading() as session:
        lot = session.get(RemainsLot, lot_id)
        assert lot is not None
        assert list(moves_agreeing(session, lot)) == offered
