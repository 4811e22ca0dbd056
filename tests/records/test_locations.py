"""The places remains are interred in: the registrar adds the cemetery, its vaults and their
sections, each in the right kind of place, each with a code of its own, every change audited."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import inspect

from records import audit
from records.database import Database
from records.errors import Invalid, RemovedSince, StaleEdit
from records.models import Location, RemainsLot
from records.services import locations
from records.status import LotStatus
from tests.records.conftest import MakeLot, migrate, move, ossuary, query_plan


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
            parent_id=second.parent_id,
            expected_version=None,
        )
    with database.reading() as session:
        assert len(locations.location_rows(session)) == 5


def test_renaming_a_section_keeps_its_lots_in_it_and_refuses_a_stale_edit(
    database: Database, make_lot: MakeLot
) -> None:
    lot_id = make_lot(LotStatus.INTERRED)
    with database.reading() as session:
        rows = locations.location_rows(session)
    section = next(r for r in rows if r.kind == "section")
    vault_id = next(r.id for r in rows if r.code == section.parent_code)
    assert section.lots == 1
    with database.session() as session:
        locations.rename_location(
            session, "registrar", section.id, "第1納骨室 東区画", section.code, "signs renewed",
            parent_id=vault_id, expected_version=section.version,
        )  # fmt: skip
    with database.session() as session, pytest.raises(StaleEdit):
        locations.rename_location(
            session, "clerk", section.id, "第1納骨室 西区画", section.code, "typo",
            parent_id=vault_id, expected_version=section.version,
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


def _row(db: Database, code: str) -> locations.LocationRow:
    return next(r for r in _rows(db) if r.code == code)


def _remove(db: Database, code: str) -> None:
    place = _row(db, code)
    with db.session() as session:
        locations.remove_location(
            session, "registrar", place.id, "added in error", expected_version=place.version
        )


def test_a_place_added_in_error_is_removed_and_its_removal_audited(database: Database) -> None:
    ossuary(database)
    vault = _row(database, "CF-V2")
    wrong = _add(database, "section", "第2納骨室 第11区画", "CF-V2-S11", _row(database, "CF-V1").id)

    _remove(database, "CF-V2-S11")

    with database.reading() as session:
        codes = [r.code for r in locations.location_rows(session)]
        history = audit.history(session, locations.LOCATION, wrong.id or 0)
    assert "CF-V2-S11" not in codes and "CF-V2" in codes and vault.lots_within == 1
    removal = history[-1]
    assert (removal.action, removal.actor, removal.reason) == (
        "remove_place", "registrar", "added in error"
    )  # fmt: skip
    before = json.loads(removal.before or "{}")
    assert (before["code"], before["name"], before["kind"], before["parent_code"]) == (
        "CF-V2-S11", "第2納骨室 第11区画", "section", "CF-V1"
    )  # fmt: skip


@pytest.mark.parametrize(
    ("code", "says"),
    [
        ("CF-V1-S01", "CF-V1-S01 holds lots: 2"),
        ("CF-V1", "CF-V1 has places under it: 2"),
    ],
)
def test_a_place_holding_lots_or_places_is_not_removed(
    database: Database, code: str, says: str
) -> None:
    ossuary(database)
    with pytest.raises(Invalid, match=says):
        _remove(database, code)
    with database.reading() as session:
        assert len(locations.location_rows(session)) == 6


def test_a_place_that_held_lots_before_is_kept_for_its_history(
    database: Database, make_lot: MakeLot, section: int
) -> None:
    move(database, "registrar", make_lot(LotStatus.INTERRED), LotStatus.DISINTERRED, "moved")
    code = next(r.code for r in _rows(database) if r.id == section)
    assert _row(database, code).lots == 0

    with pytest.raises(Invalid, match=f"{code} held lots before: its history keeps it"):
        _remove(database, code)


def _rows(db: Database) -> list[locations.LocationRow]:
    with db.reading() as session:
        return locations.location_rows(session)


def test_a_section_under_the_wrong_vault_is_put_in_the_right_one_with_its_lots(
    database: Database,
) -> None:
    lots = ossuary(database)
    section, right = _row(database, "CF-V1-S02"), _row(database, "CF-V2")
    with database.session() as session:
        locations.rename_location(
            session, "registrar", section.id, section.name, section.code, "wrong vault",
            parent_id=right.id, expected_version=section.version,
        )  # fmt: skip
    with database.reading() as session:
        _, in_vault = locations.lots_in_place(session, "CF-V2")
        history = audit.history(session, locations.LOCATION, section.id)
    assert _row(database, "CF-V1-S02").parent_code == "CF-V2"
    assert lots["CF-V1-S02#2"] in [lot.id for lot, _ in in_vault]
    moved = history[-1]
    assert json.loads(moved.before or "{}")["parent_id"] == _row(database, "CF-V1").id
    assert json.loads(moved.after or "{}")["parent_id"] == right.id
    assert moved.reason == "wrong vault"


@pytest.mark.parametrize(
    ("code", "within", "says"),
    [
        ("CF-V1-S02", "CF", "a section lies in a vault, and 千鳥ヶ淵戦没者墓苑 is a cemetery"),
        ("CF-V1", "CF-V1", "a vault lies in a cemetery, and 第1納骨室 is a vault"),
        ("CF-V1-S02", None, "say which vault the section lies in"),
    ],
)
def test_a_place_is_not_put_in_the_wrong_kind_of_place_or_under_itself(
    database: Database, code: str, within: str | None, says: str
) -> None:
    ossuary(database)
    place = _row(database, code)
    parent = _row(database, within).id if within else None
    with database.session() as session, pytest.raises(Invalid, match=says):
        locations.rename_location(
            session, "registrar", place.id, place.name, place.code, "moved",
            parent_id=parent, expected_version=place.version,
        )  # fmt: skip
    assert _row(database, code).parent_code == place.parent_code


def test_a_place_added_after_one_removed_never_takes_its_id_nor_its_history(
    any_database: Database,
) -> None:
    cemetery = _add(any_database, "cemetery", "千鳥ヶ淵戦没者墓苑", "CF")
    slip = _add(any_database, "vault", "第7納骨室", "CF-V7", cemetery.id)
    _remove(any_database, "CF-V7")  # the highest id, which SQLite alone would hand out again

    vault = _add(any_database, "vault", "第1納骨室", "CF-V1", cemetery.id)

    assert vault.id != slip.id
    with any_database.reading() as session:
        assert [e.action for e in audit.history(session, "location", vault.id or 0)] == ["create"]


def test_migration_0013_hands_out_no_id_a_removed_place_had_even_one_reused_before(
    database: Database,
) -> None:
    lots = ossuary(database)
    migrate(database, "0012")
    with database.reading() as session:
        vault = locations.location_by_code(session, "CF-V2")
    for code in ("CF-V8", "CF-V9"):  # before 0013 both got the same id, the highest
        _add(database, "vault", "予備", code, vault.parent_id)
        _remove(database, code)

    migrate(database, "head")
    added = _add(database, "vault", "第3納骨室", "CF-V3", vault.parent_id)

    with database.reading() as session:
        removed = {p.id for p in locations.removed_places(session)}
        _, in_vault = locations.lots_in_place(session, "CF-V2")  # the lots still lie there
    assert len(removed) == 1 and added.id not in removed
    assert added.id == max(removed) + 1
    assert [lot.id for lot, _ in in_vault] == [lots["CF-V2-S01#3"]]


def test_a_place_a_colleague_removed_meanwhile_is_refused_by_its_code(
    any_database: Database,
) -> None:
    cemetery = _add(any_database, "cemetery", "千鳥ヶ淵戦没者墓苑", "CF")
    slip = _add(any_database, "vault", "第7納骨室", "CF-V7", cemetery.id)
    _remove(any_database, "CF-V7")  # by a colleague, after this user read the list

    with any_database.session() as session, pytest.raises(RemovedSince) as refused:
        locations.remove_location(
            session, "tanaka", slip.id or 0, "added in error", expected_version=slip.version
        )

    assert re.fullmatch(
        r"the place CF-V7 was removed by registrar at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d",
        str(refused.value),
    )
