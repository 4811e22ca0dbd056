"""``irei roll list``, and ``roll read``, ``remove`` and ``link`` naming a line by what it holds:
the person, the lot, the bare name; each refusal writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import col, select
from typer.testing import CliRunner

from exports.roll import build_roll
from records.database import Database
from records.models import AuditEvent, RemainsLot, RollEntry
from tests.records.conftest import create_person, register_lot
from tests.tui.test_cli_ceremony import column_read
from tui.cli import app

runner = CliRunner()
WHY = "named by the family association"


@pytest.fixture
def db_path(database: Database, actor: str, tmp_path: Path) -> str:
    create_person(database, actor, name="松本　一郎", reading="マツモト イチロウ")
    create_person(database, actor, name="阿部　勇", reading="アベ イサム")
    return str(tmp_path / "irei.sqlite3")


@pytest.fixture
def lot_number(database: Database, actor: str) -> str:
    with database.reading() as session:
        lot = session.get(RemainsLot, register_lot(database, actor))
        assert lot is not None
        return lot.lot_number


def irei(db: str, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--db", db, *args])
    return result.exit_code, result.output


def _ceremony(db: str) -> str:
    code, output = irei(
        db, "ceremony", "create", "--name", "追悼の集い", "--kind", "memorial",
        "--date", "2026-08-23", "--json", "--reason", WHY,
    )  # fmt: skip
    assert code == 0, output
    return str(json.loads(output)["id"])


def _add(db: str, ceremony: str, *line: str) -> None:
    code, output = irei(db, "roll", "add", ceremony, *line, "--reason", WHY)
    assert code == 0, output


def _roll(database: Database) -> list[tuple[int | None, int | None, str, str, list[str]]]:
    """Each line as stored (person, lot, bare name, reading) with its audit trail's actions."""
    with database.reading() as session:
        return [
            (e.person_id, e.lot_id, e.bare_name, e.bare_reading, list(session.exec(
                select(AuditEvent.action).where(
                    AuditEvent.entity == "RollEntry", AuditEvent.entity_id == e.id
                ).order_by(col(AuditEvent.id))
            ).all()))
            for e in session.exec(select(RollEntry).order_by(col(RollEntry.id))).all()
        ]  # fmt: skip


def _removals(database: Database) -> int:
    with database.reading() as session:
        return len(session.exec(select(AuditEvent).where(AuditEvent.action == "remove")).all())


def test_roll_list_numbers_the_lines_as_the_export_does_and_says_what_each_holds(
    database: Database, db_path: str, lot_number: str
) -> None:
    ceremony = _ceremony(db_path)
    for line in (["--name", "山田太郎", "--reading", "ヤマダ"], ["--lot", lot_number],
                 ["--person", "No. 1"], ["--person", "No. 2"]):  # fmt: skip
        _add(db_path, ceremony, *line)

    code, output = irei(db_path, "roll", "list", ceremony, "--json")

    assert code == 0, output
    listed = json.loads(output)
    with database.reading() as session:
        exported = build_roll(session, int(ceremony))[1]
    assert [(line["no"], line["name"], line["lot"]) for line in listed] == [
        (number, row.name, row.lot_number) for number, row in enumerate(exported, start=1)
    ]
    assert [(line["name"], line["person_id"], line["holds"]) for line in listed] == [
        ("阿部　勇", 2, "person"), ("松本　一郎", 1, "person"), ("山田太郎", None, "name"),
        ("", None, "lot"),
    ]  # fmt: skip
    table = irei(db_path, "roll", "list", ceremony)[1]
    assert "No. 2" in table and "name only" in table and lot_number in table


def test_roll_list_at_80_columns_wraps_a_long_name_and_reading_never_cuts_them(
    db_path: str, lot_number: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    name, reading = "シベリア抑留中死亡者氏名不詳第百二十三号", "シベリアヨクリュウチュウシボウシャ"
    ceremony = _ceremony(db_path)
    _add(db_path, ceremony, "--name", name, "--reading", reading)
    _add(db_path, ceremony, "--person", "No. 1")
    _add(db_path, ceremony, "--lot", lot_number)
    monkeypatch.setenv("COLUMNS", "80")

    code, output = irei(db_path, "roll", "list", ceremony)

    assert code == 0, output
    assert "…" not in output
    assert name in column_read(output, "name") and reading in column_read(output, "reading")
    assert lot_number in output and "No. 1" in output


def test_a_long_roll_is_listed_in_aligned_columns_with_every_number_whole(
    db_path: str, lot_number: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tui.cli_roll_lines.RICH_LINES", 1)
    ceremony = _ceremony(db_path)
    _add(db_path, ceremony, "--person", "No. 1")
    _add(db_path, ceremony, "--lot", lot_number)

    code, output = irei(db_path, "roll", "list", ceremony)

    assert code == 0, output
    assert output.splitlines() == [
        "No.  name        reading            person  lot                holds   entry",
        "1    松本　一郎  マツモト イチロウ  No. 1                      person  1",
        f"2                                           {lot_number}  lot     2",
    ]


def test_roll_list_of_no_ceremony_exits_1_with_one_line(db_path: str) -> None:
    assert irei(db_path, "roll", "list", "99") == (1, "irei: no ceremony 99\n")


def test_roll_remove_by_person_removes_that_line_and_says_whom(
    database: Database, db_path: str
) -> None:
    ceremony = _ceremony(db_path)
    _add(db_path, ceremony, "--person", "No. 1")
    _add(db_path, ceremony, "--person", "No. 2")

    code, output = irei(db_path, "roll", "remove", ceremony, "--person", "No. 1", "--reason", WHY)

    assert (code, output) == (
        0,
        f"removed from the roll of ceremony {ceremony}: 松本　一郎 (No. 1)\n",
    )
    assert _roll(database) == [(2, None, "", "", ["add"])]
    assert _removals(database) == 1


def test_a_person_with_only_a_reading_is_named_by_it_on_adding_removing_and_in_the_audit_log(
    database: Database, actor: str, db_path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "250")
    create_person(database, actor, reading="タカハシ タロウ")
    ceremony = _ceremony(db_path)

    added = irei(db_path, "roll", "add", ceremony, "--person", "No. 3", "--reason", WHY)
    removed = irei(db_path, "roll", "remove", ceremony, "--person", "No. 3", "--reason", WHY)
    code, log = irei(db_path, "audit", "log", "--entity", "roll_entry", "--limit", "2")

    assert added[1].startswith(
        f"added to the roll of ceremony {ceremony}: タカハシ タロウ (No. 3) ["
    )
    assert removed[1] == f"removed from the roll of ceremony {ceremony}: タカハシ タロウ (No. 3)\n"
    assert code == 0 and log.count("追悼の集い: タカハシ タロウ (No. 3)") == 2


def test_roll_remove_by_lot_removes_the_lots_own_line(
    database: Database, db_path: str, lot_number: str
) -> None:
    ceremony = _ceremony(db_path)
    _add(db_path, ceremony, "--lot", lot_number)
    _add(db_path, ceremony, "--person", "No. 2")

    code, output = irei(db_path, "roll", "remove", ceremony, "--lot", lot_number, "--reason", WHY)

    assert (code, output) == (
        0,
        f"removed from the roll of ceremony {ceremony}: lot {lot_number}\n",
    )
    assert _roll(database) == [(2, None, "", "", ["add"])]
    assert _removals(database) == 1


@pytest.mark.parametrize(
    ("naming", "said"),
    [
        ([], "irei: name the line with one of --person, --lot, --name or --entry"),
        (
            ["--person", "No. 1", "--name", "x"],
            "irei: name the line with one of --person, --lot, --name or --entry",
        ),
        (
            ["--person", "No. 2"],
            "irei: --person 'No. 2': no line of the roll of ceremony 1 holds it",
        ),
        (["--person", "No. 9"], "irei: Person: no person is quoted by No. 9"),
        (["--name", "山田"], "irei: --name '山田': no line of the roll of ceremony 1 holds it"),
        (["--entry", "2"], "irei: --entry '2': no line of the roll of ceremony 1 holds it"),
    ],
    ids=["none", "two", "not-on-the-roll", "no-such-person", "no-such-name", "other-ceremony"],
)
def test_roll_remove_refuses_a_line_it_cannot_tell_and_writes_nothing(
    database: Database, db_path: str, naming: list[str], said: str
) -> None:
    ceremony = _ceremony(db_path)
    _add(db_path, ceremony, "--person", "No. 1")
    _add(db_path, _ceremony(db_path), "--person", "No. 2")  # entry 2, on another roll

    code, output = irei(db_path, "roll", "remove", ceremony, *naming, "--reason", WHY)

    assert (code, output) == (1, said + "\n")
    assert _roll(database) == [(1, None, "", "", ["add"]), (2, None, "", "", ["add"])]
    assert _removals(database) == 0


def test_roll_read_by_name_gives_the_bare_name_its_reading(
    database: Database, db_path: str
) -> None:
    ceremony = _ceremony(db_path)
    _add(db_path, ceremony, "--name", "山田太郎")

    code, output = irei(
        db_path, "roll", "read", ceremony, "やまだ たろう", "--name", "山田太郎", "--reason", WHY
    )

    assert (code, output) == (0, "山田太郎 (unlinked) reads ヤマダ タロウ\n")
    assert _roll(database) == [(None, None, "山田太郎", "ヤマダ タロウ", ["add", "update"])]


def test_a_name_received_twice_is_read_by_its_entry_and_refused_by_name(
    database: Database, db_path: str
) -> None:
    ceremony = _ceremony(db_path)
    _add(db_path, ceremony, "--name", "山田太郎")
    _add(db_path, ceremony, "--name", "山田太郎")
    read = ("roll", "read", ceremony, "ヤマダ", "--reason", WHY)

    refused = irei(db_path, *read, "--name", "山田太郎")
    read_second = irei(db_path, *read, "--entry", "2")

    assert refused == (1, "irei: --name '山田太郎': 2 lines of the roll of ceremony 1 hold it; "
                          "name one with --entry (see irei roll list)\n")  # fmt: skip
    assert read_second == (0, "山田太郎 (unlinked) reads ヤマダ\n")
    assert _roll(database) == [
        (None, None, "山田太郎", "", ["add"]), (None, None, "山田太郎", "ヤマダ", ["add", "update"])
    ]  # fmt: skip


def test_roll_read_by_lot_reaches_the_lots_line(
    database: Database, db_path: str, lot_number: str
) -> None:
    ceremony = _ceremony(db_path)
    _add(db_path, ceremony, "--lot", lot_number)

    code, output = irei(
        db_path, "roll", "read", ceremony, "ヤマダ", "--lot", lot_number, "--reason", WHY
    )

    # A lot's line has no bare name to read: the line was found, the service refused it.
    assert (code, output) == (
        1,
        "irei: Reading of the bare name: only a bare name is given a reading\n",
    )
    assert _roll(database) == [(None, 1, "", "", ["add"])]


def test_roll_link_by_person_gives_the_persons_line_the_lot(
    database: Database, db_path: str, lot_number: str
) -> None:
    ceremony = _ceremony(db_path)
    _add(db_path, ceremony, "--person", "No. 1")

    code, output = irei(
        db_path, "roll", "link", ceremony, "--person", "No. 1", "--lot", lot_number, "--reason", WHY
    )

    said = f"linked on the roll of ceremony {ceremony}: 松本　一郎 (No. 1) and lot {lot_number}"
    assert (code, output) == (0, f"{said} [entry 1]\n")
    assert _roll(database) == [(1, 1, "", "", ["add", "link"])]


def test_roll_link_by_lot_gives_the_lots_line_the_person(
    database: Database, db_path: str, lot_number: str
) -> None:
    ceremony = _ceremony(db_path)
    _add(db_path, ceremony, "--lot", lot_number)

    code, output = irei(
        db_path, "roll", "link", ceremony, "--lot", lot_number, "--person", "No. 2", "--reason", WHY
    )

    said = f"linked on the roll of ceremony {ceremony}: 阿部　勇 (No. 2) and lot {lot_number}"
    assert (code, output) == (0, f"{said} [entry 1]\n")
    assert _roll(database) == [(2, 1, "", "", ["add", "link"])]


@pytest.mark.parametrize(
    ("lines", "naming", "said"),
    [
        (
            [["--person", "No. 1"]],
            ["--person", "No. 1"],
            "name the line to link with --name or --entry, or give both --person and --lot",
        ),
        (
            [["--person", "No. 1"], ["--lot", "LOT"]],
            ["--person", "No. 1", "--lot", "LOT"],
            "the person and the lot each have a line on the roll: remove one, then link",
        ),
        (
            [["--person", "No. 1"]],
            ["--person", "No. 2", "--lot", "LOT"],
            "neither the person nor the lot is on the roll: add one with irei roll add",
        ),
    ],
    ids=["one-side-only", "each-on-the-roll", "neither-on-the-roll"],
)
def test_roll_link_refuses_a_line_it_cannot_tell_and_writes_nothing(
    database: Database, db_path: str, lot_number: str,
    lines: list[list[str]], naming: list[str], said: str,
) -> None:  # fmt: skip
    ceremony = _ceremony(db_path)
    for line in lines:
        _add(db_path, ceremony, *(lot_number if word == "LOT" else word for word in line))
    before = _roll(database)

    code, output = irei(
        db_path, "roll", "link", ceremony,
        *(lot_number if word == "LOT" else word for word in naming), "--reason", WHY,
    )  # fmt: skip

    assert (code, output) == (1, f"irei: {said}\n")
    assert _roll(database) == before
