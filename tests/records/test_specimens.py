"""Specimens added to a lot by hand, and one entered in error removed, with the audit kept."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from sqlmodel import col

from records.database import Database
from records.errors import Invalid
from records.models import AuditEvent, RemainsLot, Specimen
from records.services import lots
from tests.records.conftest import analyse, burial_site, register_lot


def _numbers(db: Database, lot_id: int) -> list[str]:
    with db.reading() as session:
        return list(
            session.execute(
                select(Specimen.number)
                .where(col(Specimen.lot_id) == lot_id)
                .order_by(col(Specimen.number))
            ).scalars()
        )


def _last_event(db: Database, lot_id: int) -> AuditEvent:
    with db.reading() as session:
        return (
            session.execute(
                select(AuditEvent)
                .where(col(AuditEvent.entity) == "RemainsLot", col(AuditEvent.entity_id) == lot_id)
                .order_by(col(AuditEvent.id).desc())
            )
            .scalars()
            .first()
        )  # type: ignore[return-value]


def test_specimens_are_added_to_a_lot_with_the_reason(database: Database, actor: str) -> None:
    lot_id = register_lot(database, actor, ("HB-012-19-0001",))
    with database.session() as session:
        lots.add_specimens(
            session, actor, lot_id, ["HB-012-19-0002", "HB-012-19-0003"], "sampled again"
        )
    assert _numbers(database, lot_id) == ["HB-012-19-0001", "HB-012-19-0002", "HB-012-19-0003"]
    event = _last_event(database, lot_id)
    assert (event.action, event.actor, event.reason) == ("add_specimens", actor, "sampled again")
    assert json.loads(event.after or "{}") == {"specimens": ["HB-012-19-0002", "HB-012-19-0003"]}


def test_a_specimen_of_another_lot_is_refused_and_nothing_is_added(
    database: Database, actor: str
) -> None:
    mine = register_lot(database, actor, ("HB-012-19-0011",))
    register_lot(database, actor, ("HB-012-19-0012",))
    with pytest.raises(Invalid, match="already belongs"), database.session() as session:
        lots.add_specimens(
            session, actor, mine, ["HB-012-19-0013", "HB-012-19-0012"], "sampled again"
        )
    assert _numbers(database, mine) == ["HB-012-19-0011"]


def test_a_specimen_of_another_burial_site_is_refused_and_nothing_is_added(
    database: Database, actor: str
) -> None:
    lot_id = register_lot(database, actor, ("HB-006-19-0001",), site="HB-006")

    with pytest.raises(Invalid) as caught, database.session() as session:
        lots.add_specimens(
            session, actor, lot_id, ["HB-006-19-0002", "PR-999-20-0001"], "sampled again"
        )

    assert caught.value.field == "specimens"
    assert caught.value.reason == (
        "specimen PR-999-20-0001 is not from burial site HB-006: its number begins with "
        "another code"
    )
    assert _numbers(database, lot_id) == ["HB-006-19-0001"]


def test_a_specimen_taken_in_a_later_year_at_the_lots_site_is_added(
    database: Database, actor: str
) -> None:
    lot_id = register_lot(database, actor, ("HB-006-19-0001",), site="HB-006")

    with database.session() as session:
        lots.add_specimens(session, actor, lot_id, ["HB-006-23-0001"], "sampled again in 2023")

    assert _numbers(database, lot_id) == ["HB-006-19-0001", "HB-006-23-0001"]


def test_adding_specimens_needs_numbers_and_a_reason(database: Database, actor: str) -> None:
    lot_id = register_lot(database, actor)
    for numbers, reason, field in (([], "why", "specimens"), (["HB-012-19-0021"], " ", "reason")):
        with pytest.raises(Invalid) as refused, database.session() as session:
            lots.add_specimens(session, actor, lot_id, numbers, reason)
        assert refused.value.field == field


def test_a_specimen_entered_in_error_is_removed_and_its_row_kept_in_the_audit(
    database: Database, actor: str
) -> None:
    lot_id = register_lot(database, actor, ("HB-012-19-0031", "HB-012-19-0310"))
    with database.session() as session:
        lots.remove_specimen(session, actor, lot_id, "HB-012-19-0310", "mistyped: 0031 only")
    assert _numbers(database, lot_id) == ["HB-012-19-0031"]
    event = _last_event(database, lot_id)
    assert (event.action, event.reason) == ("remove_specimen", "mistyped: 0031 only")
    before = json.loads(event.before or "{}")
    assert before["specimens"] == ["HB-012-19-0310"]
    assert before["removed"]["number"] == "HB-012-19-0310"
    assert json.loads(event.after or "{}") == {"specimens": []}
    with database.session() as session:  # the number is free again, for the lot it belongs to
        lots.add_specimens(session, actor, lot_id, ["HB-012-19-0310"], "its own lot after all")


def test_a_tested_specimen_is_never_removed(database: Database, actor: str) -> None:
    lot_id = register_lot(database, actor, ("HB-012-19-0041",))
    analyse(database, actor, lot_id, "pending")
    with pytest.raises(Invalid, match="a test of it is recorded"), database.session() as session:
        lots.remove_specimen(session, actor, lot_id, "HB-012-19-0041", "mistyped")
    assert _numbers(database, lot_id) == ["HB-012-19-0041"]


def test_removing_a_specimen_the_lot_does_not_have_is_refused(
    database: Database, actor: str
) -> None:
    lot_id = register_lot(database, actor, ("HB-012-19-0051",))
    other = register_lot(database, actor, ("HB-012-19-0052",))
    with pytest.raises(Invalid, match="has no specimen"), database.session() as session:
        lots.remove_specimen(session, actor, lot_id, "HB-012-19-0052", "mistyped")
    assert _numbers(database, other) == ["HB-012-19-0052"]


def test_a_lot_registered_with_a_specimen_of_another_burial_site_is_refused(
    database: Database, actor: str
) -> None:
    fields = lots.LotFields(
        lot_number="2019-HB-006-00001", burial_site_id=burial_site(database, "HB-006")
    )

    with pytest.raises(Invalid) as caught, database.session() as session:
        lots.register_lot(session, actor, fields, ["HB-006-19-0001", "PR-999-20-0001"], "recovery")

    assert caught.value.field == "specimens"
    assert caught.value.reason == (
        "specimen PR-999-20-0001 is not from burial site HB-006: its number begins with "
        "another code"
    )
    with database.reading() as session:
        assert session.execute(select(RemainsLot.id)).first() is None
