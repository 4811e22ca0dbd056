"""A lot's fiscal year (収集年度), registered or corrected in the app, must hold its recovery
date, as the import requires of a recovery row."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from records.database import Database
from records.dates import PartialDate, Precision
from records.errors import Invalid
from records.models import RemainsLot
from records.services import lots
from tests.records.conftest import burial_site, register_lot


def test_a_fiscal_year_that_does_not_hold_the_recovery_date_is_refused(
    database: Database, actor: str
) -> None:
    lot_id = register_lot(database, actor)  # recovered 2019-08-01, fiscal year 2019

    with pytest.raises(Invalid) as caught, database.session() as session:
        lots.update_lot(session, actor, lot_id, {"fiscal_year": 2008}, "typo", expected_version=1)

    assert caught.value.field == "fiscal_year"
    assert "the recovery date (2019-08-01) is outside the fiscal year 2008 " in str(caught.value)
    assert "(2008-04-01 to 2009-03-31)" in str(caught.value)
    with database.reading() as session:
        lot = session.get(RemainsLot, lot_id)
        assert lot is not None and lot.fiscal_year == 2019


def test_a_lot_recovered_outside_its_fiscal_year_is_not_registered(
    database: Database, actor: str
) -> None:
    fields = lots.LotFields(
        lot_number="2019-HB-012-00001",
        fiscal_year=2019,
        fiscal_year_text="令和元年度",
        recovered=PartialDate("令和2年8月1日", "2020-08-01", Precision.DAY),
    )

    with pytest.raises(Invalid) as caught, database.session() as session:
        lots.register_lot(session, actor, fields, [], "recovery mission 2019")

    assert caught.value.field == "recovered"
    assert caught.value.reason == (
        "the recovery date (2020-08-01) is outside the fiscal year 令和元年度 "
        "(2019-04-01 to 2020-03-31)"
    )
    with database.reading() as session:
        assert session.execute(select(RemainsLot.id)).first() is None


def test_a_fiscal_year_that_holds_the_recovery_date_is_taken(
    database: Database, actor: str
) -> None:
    lot_id = register_lot(database, actor)

    with database.session() as session:
        lot = lots.update_lot(
            session, actor, lot_id, {"fiscal_year": 2019, "remarks": "checked"}, "re-read",
            expected_version=1,
        )  # fmt: skip
        assert (lot.fiscal_year, lot.remarks) == (2019, "checked")


def as_written_in_the_recovery_file(
    database: Database, lot_id: int, lot_number: str | None = None
) -> None:
    """The lot as an import leaves it: 収集年度 kept as written; its recovery date unknown, so
    that any year may be given, unless its number (numbered otherwise when given) says one."""
    with database.session() as session:
        lot = session.get(RemainsLot, lot_id)
        assert lot is not None
        lot.fiscal_year_text, lot.recovered_on = "令和元年度", None
        lot.lot_number = lot_number or lot.lot_number
        session.commit()


def test_a_corrected_fiscal_year_is_shown_as_corrected_not_as_first_written(
    database: Database, actor: str
) -> None:
    lot_id = register_lot(database, actor)
    as_written_in_the_recovery_file(database, lot_id, lot_number="ハバロフスク-108")

    with database.session() as session:
        lot = lots.update_lot(
            session, actor, lot_id, {"fiscal_year": 2020}, "誤記", expected_version=1
        )
        assert (lot.fiscal_year, lot.fiscal_year_text) == (2020, "2020")


def test_a_fiscal_year_or_site_other_than_the_lot_number_says_is_refused(
    database: Database, actor: str
) -> None:
    """2019-HB-012-00001 is numbered for fiscal year 2019 and burial site HB-012: a correction
    to another year or site makes one of the two wrong for good (a lot number is its key)."""
    lot_id = register_lot(database, actor, site="HB-012")
    as_written_in_the_recovery_file(database, lot_id)
    other_site = burial_site(database, "HB-013")
    for changes, field in (
        ({"fiscal_year": 2020}, "fiscal_year"),
        ({"burial_site_id": other_site}, "burial_site_id"),
    ):
        with pytest.raises(Invalid) as caught, database.session() as session:
            lots.update_lot(session, actor, lot_id, changes, "誤記", expected_version=1)
        assert caught.value.field == field
        assert "one of them is mistyped" in caught.value.reason
    with database.session() as session:  # a lot recorded before the check: other fields move
        lot = session.get(RemainsLot, lot_id)
        assert lot is not None
        lot.fiscal_year = 2018
        session.commit()
    with database.session() as session:
        lot = lots.update_lot(
            session, actor, lot_id, {"remarks": "確認"}, "再読", expected_version=1
        )
        assert lot.fiscal_year == 2018


def test_the_same_fiscal_year_given_again_keeps_its_text_as_written(
    database: Database, actor: str
) -> None:
    lot_id = register_lot(database, actor)
    as_written_in_the_recovery_file(database, lot_id)

    with database.session() as session:
        lot = lots.update_lot(
            session, actor, lot_id, {"fiscal_year": 2019, "remarks": "確認"}, "再読",
            expected_version=1,
        )  # fmt: skip
        assert (lot.fiscal_year, lot.fiscal_year_text) == (2019, "令和元年度")
