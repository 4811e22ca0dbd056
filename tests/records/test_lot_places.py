"""A lot's country (国・地域) and region (地域詳細), registered or corrected in the app, must be
its burial site's, as the import requires of a recovery row."""

from __future__ import annotations

import pytest
from sqlmodel import col, select

from records.database import Database
from records.errors import Invalid
from records.models import BurialSite, RemainsLot
from records.services import lots
from tests.records.conftest import burial_site, register_lot

NOT_HB_012 = "is not the {} of burial site HB-012"


def _amur_site(db: Database) -> int:
    with db.session() as session, session.begin():
        site = BurialSite(
            code="AM-003",
            name="アムール州第3埋葬地",
            region="アムール州",
            country="ロシア",
            number=3,
        )
        session.add(site)
        session.flush()
        assert site.id is not None
        return site.id


def _place(db: Database, lot_id: int) -> tuple[str, str, int | None]:
    with db.reading() as session:
        lot = session.get(RemainsLot, lot_id)
        assert lot is not None
        return lot.country, lot.region, lot.burial_site_id


def test_a_lot_registered_in_another_region_than_its_sites_is_refused(
    database: Database, actor: str
) -> None:
    fields = lots.LotFields(
        lot_number="2019-HB-012-00001",
        country="ロシア",
        region="アムール州",
        burial_site_id=burial_site(database, "HB-012"),
    )

    with pytest.raises(Invalid) as caught, database.session() as session:
        lots.register_lot(session, actor, fields, [], "recovery mission 2019")

    assert caught.value.field == "region"
    assert caught.value.reason == (
        "'アムール州' is not the region of burial site HB-012 (ハバロフスク地方): one of them "
        "is mistyped"
    )
    with database.reading() as session:
        assert session.execute(select(col(RemainsLot.id))).first() is None


def test_a_lot_registered_in_a_town_of_its_sites_region_is_taken(
    database: Database, actor: str
) -> None:
    """アムールスク is a town of the Khabarovsk Krai, not the Amur region (アムール州)."""
    site_id = burial_site(database, "HB-012")
    fields = lots.LotFields(
        lot_number="2019-HB-012-00001",
        country="ロシア",
        region="アムールスク",
        burial_site_id=site_id,
    )

    with database.session() as session:
        lot = lots.register_lot(session, actor, fields, [], "recovery mission 2019")
        assert lot.id is not None

    assert _place(database, lot.id) == ("ロシア", "アムールスク", site_id)


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"country": "モンゴル"}, "country"), ({"region": "イルクーツク州"}, "region"),
     ({"country": "ソ連", "region": "ウランバートル"}, "region")],
)  # fmt: skip
def test_a_country_or_region_corrected_to_another_place_than_the_sites_is_refused(
    database: Database, actor: str, changes: dict[str, object], field: str
) -> None:
    lot_id = register_lot(database, actor, site="HB-012")  # ロシア, ハバロフスク地方

    with pytest.raises(Invalid) as caught, database.session() as session:
        lots.update_lot(session, actor, lot_id, changes, "誤記", expected_version=1)

    assert caught.value.field == field
    assert NOT_HB_012.format(field) in caught.value.reason
    assert _place(database, lot_id)[:2] == ("ロシア", "ハバロフスク地方")


def test_a_burial_site_corrected_to_one_elsewhere_is_refused(
    database: Database, actor: str
) -> None:
    fields = lots.LotFields(
        lot_number="ハバロフスク-108",  # numbered otherwise: the number names no site
        country="ロシア",
        region="ハバロフスク地方",
        burial_site_id=burial_site(database, "HB-012"),
    )
    with database.session() as session:
        lot_id = lots.register_lot(session, actor, fields, [], "recovery").id
    assert lot_id is not None
    amur = _amur_site(database)

    with pytest.raises(Invalid) as caught, database.session() as session:
        lots.update_lot(
            session, actor, lot_id, {"burial_site_id": amur}, "誤記", expected_version=1
        )

    assert caught.value.field == "region"
    assert "is not the region of burial site AM-003 (アムール州)" in caught.value.reason


def test_a_region_corrected_to_a_place_within_the_sites_is_taken(
    database: Database, actor: str
) -> None:
    lot_id = register_lot(database, actor, site="HB-012")

    with database.session() as session:
        lot = lots.update_lot(
            session, actor, lot_id, {"region": "ハバロフスク地方コムソモリスク"}, "詳細",
            expected_version=1,
        )  # fmt: skip
        assert lot.region == "ハバロフスク地方コムソモリスク"


def test_a_lot_recorded_in_another_place_before_the_check_keeps_its_other_fields_editable(
    database: Database, actor: str
) -> None:
    lot_id = register_lot(database, actor, site="HB-012")
    with database.session() as session:
        lot = session.get(RemainsLot, lot_id)
        assert lot is not None
        lot.region = "アムール州"
        session.commit()

    with database.session() as session:
        lot = lots.update_lot(
            session, actor, lot_id, {"remarks": "確認"}, "再読", expected_version=1
        )
        assert (lot.region, lot.remarks) == ("アムール州", "確認")
