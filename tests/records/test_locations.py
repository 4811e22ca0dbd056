"""The places remains are interred in: the registrar adds the cemetery, its vaults and their
sections, each in the right kind of place, each with a code of its own, every change audited."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

from records import audit
from records.database import Database
from records.errors import Invalid, StaleEdit
from records.models import Location, RemainsLot
from records.services import locations
from records.status import LotStatus
from tests.records.conftest import MakeLot, migrate, ossuary, query_plan


def _add(db: Database, kind: str, name: str, code: str, parent: int | None = None) -> Location:
    with db.session() as session:
        return locations.add_location(
            session, "registrar", kind, name, code, "the ossuary was extended", parent_id=parent
        )


def test_a_new_database_gets_its_cemetery_vaults_and_sections_from_the_registrar(
    database: Database,
) -> None:
    cemetery = _add(database, "cemetery", "千鳥ヶ淵戦没者墓苑", "cf")
    vault = _add(database, "vault", "第7納骨室", "ＣＦ－Ｖ７", cemetery.id)
    _add(database, "section", "第7納骨室 第1区画", "CF-V7-S01", vault.id)
    with database.reading() as session:
        rows = locations.location_rows(session)
        history = audit.history(session, locations.LOCATION, vault.id)
    assert [(r.kind, r.code, r.parent_code, r.lots) for r in rows] == [
        ("cemetery", "CF", "", 0),
        ("vault", "CF-V7", "CF", 0),  # typed full-width, kept as the code it means
        ("section", "CF-V7-S01", "CF-V7", 0),
    ]
    assert [(e.action, e.actor, e.reason) for e in history] == [
        ("create", "registrar", "the ossuary was extended")
    ]


@pytest.mark.parametrize(
    ("kind", "parent", "field", "says"),
    [
        ("vault", None, "parent", "say which cemetery the vault lies in"),
        (
            "section",
            "cemetery",
            "parent",
            "a section lies in a vault, and 千鳥ヶ淵戦没者墓苑 is a cemetery",
        ),
        ("cemetery", "cemetery", "parent", "a cemetery lies in no other place"),
        ("chapel", None, "kind", "'chapel' is not a kind of place"),
    ],
)
def test_a_place_in_the_wrong_kind_of_place_is_refused(
    database: Database, kind: str, parent: str | None, field: str, says: str
) -> None:
    cemetery = _add(database, "cemetery", "千鳥ヶ淵戦没者墓苑", "CF")
    with pytest.raises(Invalid) as refused:
        _add(database, kind, "新しい場所", "NEW", cemetery.id if parent else None)
    assert refused.value.field == field
    assert str(refused.value.reason).startswith(says)
    with database.reading() as session:
        assert [r.code for r in locations.location_rows(session)] == ["CF"]


def test_a_code_is_one_places_and_a_blank_name_or_reason_is_refused(database: Database) -> None:
    cemetery = _add(database, "cemetery", "千鳥ヶ淵戦没者墓苑", "CF")
    with pytest.raises(Invalid, match="the code CF is already used by 千鳥ヶ淵戦没者墓苑"):
        _add(database, "cemetery", "別の墓苑", "cf")
    with pytest.raises(Invalid, match="a place needs a name"):
        _add(database, "vault", "  ", "CF-V1", cemetery.id)
    with pytest.raises(Invalid, match="a code has no spaces"):
        _add(database, "vault", "第1納骨室", "CF V1", cemetery.id)
    with database.session() as session, pytest.raises(Invalid, match="say why"):
        locations.add_location(
            session, "registrar", "vault", "第1納骨室", "CF-V1", " ", parent_id=1
        )


def test_a_name_is_one_places_among_those_beside_it(database: Database) -> None:
    cemetery = _add(database, "cemetery", "千鳥ヶ淵戦没者墓苑", "CF")
    first = _add(database, "vault", "第1納骨室", "CF-V1", cemetery.id)
    second = _add(database, "vault", "第2納骨室", "CF-V2", cemetery.id)
    _add(database, "section", "第1区画", "CF-V1-S01", first.id)
    _add(database, "section", "第1区画", "CF-V2-S01", second.id)  # in another vault: its own

    with pytest.raises(Invalid, match="第1区画 is already the name of CF-V1-S01 beside it"):
        _add(database, "section", "第1区画", "CF-V1-S99", first.id)
    with database.session() as session, pytest.raises(Invalid, match="of CF-V1 beside it"):
        locations.rename_location(
            session,
            "registrar",
            second.id or 0,
            "第1納骨室",
            "CF-V2",
            "typo",
            expected_version=None,
        )
    with database.reading() as session:
        assert len(locations.location_rows(session)) == 5


def test_renaming_a_section_keeps_its_lots_in_it_and_refuses_a_stale_edit(
    database: Database, make_lot: MakeLot
) -> None:
    lot_id = make_lot(LotStatus.INTERRED)
    with database.reading() as session:
        section = next(r for r in locations.location_rows(session) if r.kind == "section")
    assert section.lots == 1
    with database.session() as session:
        locations.rename_location(
            session, "registrar", section.id, "第1納骨室 東区画", section.code, "signs renewed",
            expected_version=section.version,
        )  # fmt: skip
    with database.session() as session, pytest.raises(StaleEdit):
        locations.rename_location(
            session, "clerk", section.id, "第1納骨室 西区画", section.code, "typo",
            expected_version=section.version,
        )  # fmt: skip
    with database.reading() as session:
        renamed = next(r for r in locations.location_rows(session) if r.id == section.id)
        lot = session.get(RemainsLot, lot_id)
        history = audit.history(session, locations.LOCATION, section.id)
    assert (renamed.name, renamed.lots, renamed.version) == ("第1納骨室 東区画", 1, 2)
    assert lot is not None and lot.location_id == section.id
    assert history[-1].reason == "signs renewed"


def test_a_vault_and_the_cemetery_count_the_lots_in_the_places_under_them(
    database: Database,
) -> None:
    ossuary(database)
    with database.reading() as session:
        rows = locations.location_rows(session)
    assert [(r.code, r.lots, r.lots_within) for r in rows] == [
        ("CF", 0, 4),
        ("CF-V1", 0, 3),
        ("CF-V1-S01", 2, 2),
        ("CF-V1-S02", 1, 1),
        ("CF-V2", 0, 1),
        ("CF-V2-S01", 1, 1),
    ]


def test_a_place_lists_the_lots_in_it_and_in_the_places_under_it(database: Database) -> None:
    lots = ossuary(database)
    with database.reading() as session:
        vault, in_vault = locations.lots_in_place(session, "cf-v1")
        _, in_section = locations.lots_in_place(session, "CF-V2-S01")
        _, in_cemetery = locations.lots_in_place(session, "CF")
    assert vault.code == "CF-V1"
    assert [(lot.id, lies_in) for lot, lies_in in in_vault] == [
        (lots["CF-V1-S01#0"], "CF-V1-S01"),
        (lots["CF-V1-S01#1"], "CF-V1-S01"),
        (lots["CF-V1-S02#2"], "CF-V1-S02"),
    ]
    assert [lot.id for lot, _ in in_section] == [lots["CF-V2-S01#3"]]
    assert sorted(lot.id for lot, _ in in_cemetery) == sorted(lots.values())


def test_a_places_lots_are_found_through_the_index_of_where_lots_lie(database: Database) -> None:
    ossuary(database)
    steps = query_plan(
        database, lambda session: locations.lots_in_place(session, "CF-V1-S02"), "remains_lot"
    )
    assert any("ix_remains_lot_location_id" in step for step in steps), steps
    assert not any(step.startswith("SCAN remains_lot") for step in steps), steps


def test_migration_0012_indexes_where_lots_lie_and_takes_it_back(any_database: Database) -> None:
    lots = ossuary(any_database)

    def indexes() -> set[str]:
        return {i["name"] or "" for i in inspect(any_database.engine).get_indexes("remains_lot")}

    migrate(any_database, "0011")
    assert "ix_remains_lot_location_id" not in indexes()
    migrate(any_database, "head")
    assert "ix_remains_lot_location_id" in indexes()
    with any_database.reading() as session:
        _, in_vault = locations.lots_in_place(session, "CF-V2")
    assert [lot.id for lot, _ in in_vault] == [lots["CF-V2-S01#3"]]


@pytest.mark.postgres
def test_places_on_postgresql_are_added_listed_and_refused_alike(pg_database: Database) -> None:
    cemetery = _add(pg_database, "cemetery", "千鳥ヶ淵戦没者墓苑", "CF")
    vault = _add(pg_database, "vault", "第1納骨室", "CF-V1", cemetery.id)
    _add(pg_database, "section", "第1納骨室 第1区画", "CF-V1-S01", vault.id)
    with pytest.raises(Invalid, match="the code CF-V1 is already used by 第1納骨室"):
        _add(pg_database, "vault", "第2納骨室", "cf-v1", cemetery.id)
    with pg_database.reading() as session:
        rows = locations.location_rows(session)
    assert [(r.code, r.parent_code, r.lots) for r in rows] == [
        ("CF", "", 0),
        ("CF-V1", "CF", 0),
        ("CF-V1-S01", "CF-V1", 0),
    ]


@pytest.mark.postgres
def test_places_on_postgresql_count_and_list_the_lots_under_them(pg_database: Database) -> None:
    lots = ossuary(pg_database)
    with pg_database.reading() as session:
        rows = locations.location_rows(session)
        _, in_vault = locations.lots_in_place(session, "CF-V1")
    assert [(r.code, r.lots_within) for r in rows][:2] == [("CF", 4), ("CF-V1", 3)]
    assert len(in_vault) == 3 and lots["CF-V2-S01#3"] not in [lot.id for lot, _ in in_vault]
