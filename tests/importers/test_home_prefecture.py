"""The home prefecture (出身地) of a death register as the wartime registers write it: read as
its prefecture, and kept as written when that was not the prefecture's plain name."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from importers.normalise import shown
from records.database import Database
from records.models import AuditEvent, Person
from records.prefectures import read_home
from tests.importers.test_import_pipeline import ROW, register, run
from tests.records.conftest import migrate

HOME = 8  # the position of 出身地 in ROW


def with_home(number: int, home: object) -> list[object]:
    row = [number, *ROW[1:]]
    row[HOME] = home
    return row


def stored_homes(database: Database) -> list[tuple[str, str]]:
    with database.reading() as s:
        query = select(Person.prefecture_code, Person.home).order_by(Person.register_no)
        return [(code, home) for code, home in s.execute(query)]


def test_a_prefecture_in_its_old_kanji_imports_as_that_prefecture(
    database: Database, tmp_path: Path
) -> None:
    report = run(database, register(tmp_path / "register.xlsx", [with_home(1, "福島縣")]))
    assert (report.counts.created, report.rejects) == (1, [])
    with database.reading() as s:
        assert s.execute(select(Person.prefecture_code)).scalar_one() == "07"


@pytest.mark.parametrize(
    ("written", "code", "home"),
    [("福島県石城郡草野村", "07", "福島県石城郡草野村"), ("福島縣石城郡", "07", "福島縣石城郡"),
     ("樺太", "", "樺太"), ("臺灣", "", "臺灣"), ("朝鮮京畿道", "", "朝鮮京畿道"),
     ("福島縣", "07", "福島縣"), ("東京府", "13", "東京府"), ("ふくしま", "07", "ふくしま"),
     ("福島県", "07", ""), ("福島", "07", ""), (" 福島 県 ", "07", ""), ("07", "07", ""),
     ("", "", ""), ("不明", "", "不明"), ("不詳", "", "不詳")],
)  # fmt: skip
def test_the_home_is_kept_as_written_unless_it_is_a_prefectures_plain_name(
    database: Database, tmp_path: Path, written: str, code: str, home: str
) -> None:
    report = run(database, register(tmp_path / "register.xlsx", [with_home(1, written)]))
    assert report.rejects == []
    assert stored_homes(database) == [(code, home)]


@pytest.mark.parametrize("written", ["東京市本郷区", "京都市", "満洲", "ロシア"])
def test_a_home_that_is_no_prefecture_nor_territory_is_still_rejected(
    database: Database, tmp_path: Path, written: str
) -> None:
    report = run(database, register(tmp_path / "register.xlsx", [with_home(1, written)]))
    assert [error.reason for error in report.errors] == [
        f"{written!r} is not a prefecture or former territory"
    ]
    assert stored_homes(database) == []


def test_the_preview_shows_the_home_as_written_and_the_code_read() -> None:
    assert shown(read_home("福島縣石城郡")) == "福島縣石城郡 (07)"
    assert shown(read_home("樺太")) == "樺太"
    assert shown(read_home("福島")) == "福島県 (07)"


HOMES = ["福島県", "福島縣", "福島県石城郡草野村", "樺太", "大阪"]


def test_the_same_file_twice_updates_nothing(database: Database, tmp_path: Path) -> None:
    rows = [with_home(number, home) for number, home in enumerate(HOMES, 1)]
    path = register(tmp_path / "register.xlsx", rows)
    run(database, path)
    again = run(database, path)
    assert (again.counts.created, again.counts.updated, again.counts.unchanged) == (0, 0, 5)


def test_a_re_sent_home_written_otherwise_updates_it_with_an_audit_event(
    database: Database, tmp_path: Path
) -> None:
    run(database, register(tmp_path / "a.xlsx", [with_home(1, "福島縣")]))
    report = run(database, register(tmp_path / "b.xlsx", [with_home(1, "福島県石城郡草野村")]))
    assert report.counts.updated == 1
    assert stored_homes(database) == [("07", "福島県石城郡草野村")]
    with database.reading() as s:
        event = s.execute(select(AuditEvent).where(AuditEvent.action == "update")).scalar_one()
    assert '"home": "福島縣"' in (event.before or "")
    assert '"home": "福島県石城郡草野村"' in (event.after or "")


def test_a_re_sent_row_blank_where_a_territory_is_held_erases_nothing(
    database: Database, tmp_path: Path
) -> None:
    run(database, register(tmp_path / "a.xlsx", [with_home(1, "樺太")]))
    report = run(database, register(tmp_path / "b.xlsx", [with_home(1, "")]))
    assert [error.reason for error in report.errors] == [
        "the row leaves blank what 番号 1 holds (出身地: 樺太): an import erases nothing stored; "
        "if it is to go, clear it in the app"
    ]
    assert stored_homes(database) == [("", "樺太")]


def test_persons_imported_before_migration_0010_are_unchanged_by_their_file_again(
    database: Database, tmp_path: Path
) -> None:
    path = register(tmp_path / "register.xlsx", [with_home(1, "福島県"), with_home(2, "大阪")])
    run(database, path)
    migrate(database, "0009")  # as a database imported before held them
    migrate(database, "head")
    assert stored_homes(database) == [("07", ""), ("27", "")]
    again = run(database, path)
    assert (again.counts.updated, again.counts.unchanged) == (0, 2)
