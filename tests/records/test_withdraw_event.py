"""A custody event recorded in error is withdrawn: the lot goes back to its status and place
before it, the event stays marked, the audit log says who, when and why, and nothing that
reads the history counts it any more."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text
from sqlmodel import col, select

from records import audit
from records.database import Database
from records.dates import PartialDate, Precision
from records.errors import Invalid, StaleEdit
from records.models import CustodyEvent, RemainsLot
from records.services import ceremonies, lot_status, roll_bulk
from records.services.custody import latest_event, withdraw_event
from records.stats import statistics
from records.status import LotStatus
from tests.records.conftest import (
    MakeLot,
    add_section,
    migrate,
    move,
    path_to,
    register_lot,
    walk,
)

WRONG_LOT = "recorded on the wrong lot"


def _day(iso: str) -> PartialDate:
    return PartialDate(iso, iso, Precision.DAY)


def _lot(db: Database, lot_id: int) -> RemainsLot:
    with db.reading() as session:
        lot = session.get(RemainsLot, lot_id)
        assert lot is not None
        return lot


def _latest(db: Database, lot_id: int) -> CustodyEvent:
    with db.reading() as session:
        event = latest_event(session, lot_id)
        assert event is not None
        return event


def _withdraw(db: Database, actor: str, event_id: int, reason: str = WRONG_LOT) -> RemainsLot:
    with db.session() as session:
        return withdraw_event(session, actor, event_id, reason)


def test_a_mistaken_interment_is_withdrawn_and_the_lot_is_as_before_it(
    database: Database, actor: str, make_lot: MakeLot, section: int
) -> None:
    lot_id = make_lot(LotStatus.JAPANESE)
    with database.session() as session:
        lot_status.inter(session, actor, lot_id, section, _day("2021-05-01"), "interred")
    interment = _latest(database, lot_id)
    version = _lot(database, lot_id).version

    _withdraw(database, actor, interment.id or 0)

    lot = _lot(database, lot_id)
    assert (lot.status, lot.location_id, lot.version) == ("japanese", None, version + 1)
    with database.reading() as session:
        kept = session.get(CustodyEvent, interment.id)
    assert kept is not None and kept.withdrawn_at is not None
    assert (kept.kind, kept.withdrawn_by, kept.withdrawn_reason) == ("interred", actor, WRONG_LOT)
    assert _latest(database, lot_id).kind == "decided_japanese"


def test_a_withdrawn_disinterment_puts_the_remains_back_where_they_lay(
    database: Database, actor: str, make_lot: MakeLot, section: int
) -> None:
    lot_id = make_lot(LotStatus.DISINTERRED)
    _withdraw(database, actor, _latest(database, lot_id).id or 0)
    lot = _lot(database, lot_id)
    assert (lot.status, lot.location_id) == ("interred", section)


def test_the_withdrawal_is_audited_with_before_after_and_reason(
    database: Database, actor: str, make_lot: MakeLot, section: int
) -> None:
    lot_id = make_lot(LotStatus.INTERRED)
    interment = _latest(database, lot_id)
    _withdraw(database, actor, interment.id or 0)

    with database.reading() as session:
        event = audit.history(session, "RemainsLot", lot_id)[-1]
    assert (event.action, event.actor, event.reason) == ("withdraw_event", actor, WRONG_LOT)
    before, after = json.loads(event.before), json.loads(event.after)
    assert (before["status"], before["location_id"]) == ("interred", section)
    assert (after["status"], after["location_id"]) == ("japanese", None)
    assert after["withdrawn_event"]["id"] == interment.id
    assert after["withdrawn_event"]["kind"] == "interred"


def test_an_event_before_the_latest_is_refused_naming_the_latest(
    database: Database, actor: str, make_lot: MakeLot
) -> None:
    lot_id = make_lot(LotStatus.INTERRED)
    with database.reading() as session:
        decision = session.execute(
            select(CustodyEvent).where(
                col(CustodyEvent.lot_id) == lot_id, col(CustodyEvent.kind) == "decided_japanese"
            )
        ).scalar_one()
    lot = _lot(database, lot_id)

    with pytest.raises(Invalid) as refused:
        _withdraw(database, actor, decision.id or 0)

    assert refused.value.reason == (
        f"only the latest event of lot {lot.lot_number} can be withdrawn: interred, "
        "date not recorded"
    )
    assert (_lot(database, lot_id).status, _lot(database, lot_id).version) == (
        "interred",
        lot.version,
    )


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_withdrawal_without_a_reason_is_refused(
    database: Database, actor: str, make_lot: MakeLot, reason: str
) -> None:
    lot_id = make_lot(LotStatus.INTERRED)
    with pytest.raises(Invalid) as refused:
        _withdraw(database, actor, _latest(database, lot_id).id or 0, reason)
    assert refused.value.field == "reason"
    assert _lot(database, lot_id).status == "interred"
    assert _latest(database, lot_id).withdrawn_at is None


def test_the_recovery_is_never_withdrawn(database: Database, actor: str) -> None:
    lot_id = register_lot(database, actor)
    with pytest.raises(Invalid, match="where its record begins"):
        _withdraw(database, actor, _latest(database, lot_id).id or 0)


def test_a_withdrawal_based_on_a_stale_read_is_refused(
    database: Database, actor: str, make_lot: MakeLot
) -> None:
    lot_id = make_lot(LotStatus.INTERRED)
    version = _lot(database, lot_id).version
    with database.session() as session, pytest.raises(StaleEdit):
        withdraw_event(
            session, actor, _latest(database, lot_id).id or 0, WRONG_LOT,
            expected_version=version - 1,
        )  # fmt: skip


def test_an_event_withdrawn_no_longer_bars_the_date_of_the_right_one(
    database: Database, actor: str, make_lot: MakeLot, section: int
) -> None:
    """Interred on 2021-05-01 in error (it was 2020-05-01): the right date is before the
    mistaken one, which is refused until the mistake is withdrawn."""
    lot_id = make_lot(LotStatus.JAPANESE)
    with database.session() as session:
        lot_status.inter(session, actor, lot_id, section, _day("2021-05-01"), "interred")
    with database.session() as session:
        lot_status.disinter(session, actor, lot_id, _day("2021-06-01"), "moved")
    _withdraw(database, actor, _latest(database, lot_id).id or 0)
    with database.session() as session, pytest.raises(Invalid, match="last recorded move"):
        lot_status.disinter(session, actor, lot_id, _day("2020-06-01"), "moved")
    _withdraw(database, actor, _latest(database, lot_id).id or 0)

    with database.session() as session:
        lot_status.inter(session, actor, lot_id, section, _day("2020-05-01"), "interred")
    with database.session() as session:
        lot_status.disinter(session, actor, lot_id, _day("2020-06-01"), "moved")
    assert _lot(database, lot_id).status == "disinterred"


def test_a_verdict_reached_through_pending_goes_back_to_pending(
    database: Database, actor: str, make_lot: MakeLot
) -> None:
    """Japanese, sent back to the committee by withdrawing the decision, then not Japanese by
    mistake: the status before the mistake is pending, which no event records."""
    lot_id = make_lot(LotStatus.JAPANESE)
    _withdraw(database, actor, _latest(database, lot_id).id or 0)
    move(database, actor, lot_id, LotStatus.NOT_JAPANESE, "committee")
    _withdraw(database, actor, _latest(database, lot_id).id or 0)
    assert _lot(database, lot_id).status == "affiliation_pending"


def test_an_event_recorded_before_migration_0006_goes_back_by_the_events_before_it(
    database: Database, actor: str, make_lot: MakeLot
) -> None:
    """Such an event keeps no status before it: a verdict on a recovered lot was reached
    through pending, the one status that leads from recovered to a verdict."""
    lot_id = make_lot(LotStatus.JAPANESE)
    with database.engine.begin() as conn:
        conn.execute(text("UPDATE custody_event SET status_before = NULL"))
    _withdraw(database, actor, _latest(database, lot_id).id or 0)
    assert _lot(database, lot_id).status == "affiliation_pending"


def test_a_withdrawn_interment_puts_no_lot_on_the_ceremony_roll(
    database: Database, actor: str, section: int
) -> None:
    with database.session() as session:
        spring = ceremonies.create_ceremony(
            session, actor, "拝礼式", "interment", "2026-05-25", "", "planned"
        )
    lot_id = register_lot(database, actor)
    walk(database, actor, lot_id, path_to(LotStatus.INTERRED)[:-1], section)
    with database.session() as session:
        lot_status.inter(session, actor, lot_id, section, _day("2026-05-25"), "ceremony")
    _withdraw(database, actor, _latest(database, lot_id).id or 0)

    with database.session() as session:
        added = roll_bulk.bulk_add_interred_lots(session, actor, spring.id or 0, "planned")
    assert (added.added, added.skipped) == (0, 0)


def test_the_figures_count_a_withdrawn_event_apart(
    database: Database, actor: str, make_lot: MakeLot
) -> None:
    lot_id = make_lot(LotStatus.INTERRED)  # recovered, decided, interred
    _withdraw(database, actor, _latest(database, lot_id).id or 0)
    with database.reading() as session:
        figures = statistics(session)
    assert figures["custody_events"] == {"total": 2, "withdrawn": 1}
    assert figures["lots"]["by_status"]["japanese"] == 1


def test_migration_0006_keeps_the_events_and_lets_the_latest_be_withdrawn(
    any_database: Database, actor: str
) -> None:
    """Events recorded before the withdrawal had columns stand, with no status kept before
    them; going back to 0005 is refused while an event is withdrawn."""
    lot_id = register_lot(any_database, actor)
    migrate(any_database, "0005")
    with any_database.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO custody_event (lot_id, kind, happened_text, actor, reason, "
                "evidence, recorded_at) VALUES (:lot, 'decided_undeterminable', '', 'clerk', "
                "'committee', '', CURRENT_TIMESTAMP)"
            ),
            {"lot": lot_id},
        )
        conn.execute(
            text("UPDATE remains_lot SET status = 'undeterminable' WHERE id = :lot"),
            {"lot": lot_id},
        )
    migrate(any_database, "head")

    decision = _latest(any_database, lot_id)
    assert (decision.kind, decision.withdrawn_at, decision.withdrawn_by) == (
        "decided_undeterminable",
        None,
        "",
    )
    assert (decision.withdrawn_reason, decision.status_before) == ("", None)
    _withdraw(any_database, actor, decision.id or 0)
    assert _lot(any_database, lot_id).status == "affiliation_pending"
    with pytest.raises(RuntimeError, match="withdrawn"):
        migrate(any_database, "0005")


def test_an_event_another_user_withdrew_first_is_refused_naming_who_and_when(
    database: Database, actor: str, make_lot: MakeLot
) -> None:
    lot_id = make_lot(LotStatus.INTERRED)
    read = _latest(database, lot_id)
    _withdraw(database, "bob", read.id or 0)
    version = _lot(database, lot_id).version

    with pytest.raises(Invalid) as refused:
        _withdraw(database, actor, read.id or 0)

    with database.reading() as session:
        withdrawn = session.get(CustodyEvent, read.id)
    assert withdrawn is not None and withdrawn.withdrawn_at is not None
    assert refused.value.reason == (
        f"this event of lot {_lot(database, lot_id).lot_number} (interred, date not recorded) "
        f"was withdrawn by bob at {withdrawn.withdrawn_at:%Y-%m-%d %H:%M:%S}"
    )
    assert (_lot(database, lot_id).version, _latest(database, lot_id).kind) == (
        version,
        "decided_japanese",
    )


@pytest.mark.postgres
def test_on_postgresql_an_event_withdrawn_while_waiting_for_the_lot_is_refused(
    pg_database: Database, actor: str
) -> None:
    lot_id = register_lot(pg_database, actor)
    walk(pg_database, actor, lot_id, path_to(LotStatus.INTERRED), add_section(pg_database))
    with pg_database.session() as session:
        read = latest_event(session, lot_id)  # kept by the session as read: not yet withdrawn
        assert read is not None
        _withdraw(pg_database, "bob", read.id or 0)
        with pytest.raises(Invalid, match=r"\(interred, date not recorded\) was withdrawn by bob"):
            withdraw_event(session, actor, read.id or 0, WRONG_LOT)
    assert _latest(pg_database, lot_id).kind == "decided_japanese"
