"""The demo database as `irei demo` builds it: what the registrar watches while it is built."""

from __future__ import annotations

import pytest
from sqlmodel import col, select

from records.database import Database
from records.demo import build_demo
from records.models import Ceremony, CustodyEvent, RemainsLot, RollEntry
from records.services.analyses import cited_evidence, current_matches, named_analysis
from records.services.custody import STATUS_AFTER, UNRECORDED, latest_event
from records.services.lot_status import CUSTODY_KINDS
from records.services.verdicts import AGREES_WITH, standing_verdict
from records.status import LotStatus, is_allowed


def test_the_demo_reports_its_indexes_built_one_by_one(database: Database, actor: str) -> None:
    """The last step of `irei demo` is building the indexes: its progress bar must move as
    they are built and end full, not stand at nothing built."""
    reports: list[tuple[str, int, int]] = []
    build_demo(database, actor, 50, progress=lambda *report: reports.append(report))
    indexes = [(done, total) for stage, done, total in reports if stage == "indexes"]
    total = indexes[0][1]
    assert total > 0
    assert indexes == [(done, total) for done in range(total + 1)]
    assert reports[-1] == ("indexes", total, total)


@pytest.mark.parametrize("size", [10, 2000], ids=["no identified detainee", "many lots"])
def test_every_lot_the_demo_hands_to_a_family_was_identified_by_a_dna_match(
    database: Database, actor: str, size: int
) -> None:
    """As change_status demands: standing matches naming one person, which the hand-over
    cites. A demo of 10 persons has no identified detainee to hand remains over as; one of
    2,000 has lots tested on several specimens, each of which must name the same person."""
    build_demo(database, actor, size)

    with database.reading() as session:
        handed = session.execute(
            select(RemainsLot.id).where(col(RemainsLot.status) == LotStatus.HANDED_TO_FAMILY)
        ).scalars()
        for lot_id in handed:
            matches = current_matches(session, lot_id)
            assert len({person.id for _a, _n, person in matches}) == 1, lot_id
            evidence = session.execute(
                select(CustodyEvent.evidence).where(
                    col(CustodyEvent.lot_id) == lot_id,
                    col(CustodyEvent.kind) == "handed_to_family",
                )
            ).scalar_one()
            named = [named_analysis(n, a.kind, a.decided_text) for a, n, _p in matches]
            assert evidence == cited_evidence(named)


def test_every_demo_lot_moved_after_its_verdict_agrees_with_it(
    database: Database, actor: str
) -> None:
    """As change_status demands: no remains decided Japanese held or repatriated, none decided
    not Japanese interred, and none set pending again while a decision stands."""
    build_demo(database, actor, 2000)

    with database.reading() as session:
        for lot in session.execute(select(RemainsLot)).scalars():
            verdict = standing_verdict(session, lot.id or 0)
            if verdict is not None and lot.status != verdict:
                assert lot.status in AGREES_WITH[verdict], (lot.lot_number, verdict)


def test_every_demo_lot_stands_where_its_latest_event_left_it(
    database: Database, actor: str
) -> None:
    """The history explains the status and the place: the latest event left the lot in them,
    or in the status before a hold or a return to pending, which no event records (as in
    the app's own status change)."""
    build_demo(database, actor, 2000)

    with database.reading() as session:
        for lot in session.execute(select(RemainsLot)).scalars():
            latest = latest_event(session, lot.id or 0)
            assert latest is not None, lot.lot_number
            left = STATUS_AFTER[latest.kind]
            unrecorded = lot.status in UNRECORDED and is_allowed(left, LotStatus(lot.status))
            assert lot.status == left or unrecorded, (lot.lot_number, lot.status, latest.kind)
            if latest.kind in CUSTODY_KINDS.values():
                assert lot.location_id == latest.to_location_id, lot.lot_number


def test_the_demo_interment_roll_lists_the_lots_interred_at_the_ceremony(
    database: Database, actor: str
) -> None:
    """Exactly the lots whose interment is dated on the ceremony's day, as `irei roll
    bulk-add --interred day` would take them: none interred on another day, none missing."""
    build_demo(database, actor, 2000)

    with database.reading() as session:
        ceremony = session.execute(
            select(Ceremony).where(col(Ceremony.kind) == "interment")
        ).scalar_one()
        on_roll = session.execute(
            select(RollEntry.lot_id).where(col(RollEntry.ceremony_id) == ceremony.id)
        ).scalars()
        interred_that_day = session.execute(
            select(CustodyEvent.lot_id).where(
                col(CustodyEvent.kind) == "interred",
                col(CustodyEvent.happened_on) == ceremony.date,
            )
        ).scalars()
        roll = sorted(lot_id for lot_id in on_roll if lot_id is not None)
        assert roll
        assert roll == sorted(interred_that_day)
