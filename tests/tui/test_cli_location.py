"""``irei location``: a site sets up the places remains are interred in from a script, and
each change is written (one transaction for the lookup by code and the change)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from records.database import Database
from records.models import RemainsLot
from tests.records.conftest import ossuary
from tests.tui.test_cli_ceremony import column_read
from tests.tui.test_cli_foundation import AS_WRITTEN
from tui.cli import app

runner = CliRunner()


def irei(db: str, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--db", db, *args])
    return result.exit_code, result.output


def test_a_site_adds_its_cemetery_a_vault_and_a_section_then_corrects_a_name(
    database: Database, tmp_path: Path
) -> None:
    db = str(tmp_path / "irei.sqlite3")
    steps = [
        ("add", "cemetery", "CF", "千鳥ヶ淵戦没者墓苑"),
        ("add", "vault", "cf-v1", "第1納骨室", "--in", "cf"),
        ("add", "section", "ＣＦ－Ｖ１－Ｓ０１", "第1納骨室 第1区画", "--in", "CF-V1"),
        ("rename", "CF-V1-S01", "--name", "第1納骨室 東区画"),
    ]
    for step in steps:
        code, output = irei(db, "location", *step, "--reason", "the ossuary opened")
        assert code == 0, output
    code, output = irei(db, "location", "list", "--json")
    assert code == 0, output
    assert [(p["code"], p["name"], p["kind"], p["parent_code"]) for p in json.loads(output)] == [
        ("CF", "千鳥ヶ淵戦没者墓苑", "cemetery", ""),
        ("CF-V1", "第1納骨室", "vault", "CF"),
        ("CF-V1-S01", "第1納骨室 東区画", "section", "CF-V1"),
    ]


def test_a_refused_place_is_one_line_and_exit_code_1(database: Database, tmp_path: Path) -> None:
    db = str(tmp_path / "irei.sqlite3")
    code, output = irei(db, "location", "add", "section", "S1", "区画", "--reason", "x")
    assert (code, output.strip()) == (1, "irei: Lies in: say which vault the section lies in")
    code, output = irei(
        db, "location", "add", "vault", "V1", "納骨室", "--in", "CF", "--reason", "x"
    )
    assert (code, output.strip()) == (1, "irei: no place CF")
    code, output = irei(db, "location", "list", "--json")
    assert json.loads(output) == []


@pytest.mark.parametrize("name", AS_WRITTEN)
def test_a_place_is_listed_with_its_name_as_written(
    database: Database, tmp_path: Path, name: str
) -> None:
    db = str(tmp_path / "irei.sqlite3")
    code, output = irei(db, "location", "add", "cemetery", "CF", name, "--reason", "x")
    assert (code, output) == (0, f"cemetery CF added: {name}\n")

    code, output = irei(db, "location", "list")

    assert code == 0, output
    assert name in output


def test_a_long_place_name_is_wrapped_at_60_columns_never_cut(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(tmp_path / "irei.sqlite3")
    name = "千鳥ヶ淵戦没者墓苑第一納骨室東側区画シベリア抑留者合祀所"
    code, output = irei(db, "location", "add", "cemetery", "CF", name, "--reason", "x")
    assert code == 0, output
    monkeypatch.setenv("COLUMNS", "60")

    code, listed = irei(db, "location", "list")

    assert code == 0, listed
    assert "…" not in listed
    assert column_read(listed, "place name") == name


def test_a_place_is_added_and_listed_in_japanese_with_lang_ja(
    database: Database, tmp_path: Path
) -> None:
    db = str(tmp_path / "irei.sqlite3")

    code, added = irei(
        db, "--lang", "ja", "location", "add", "cemetery", "CF", "千鳥ヶ淵戦没者墓苑",
        "--reason", "the ossuary opened",
    )  # fmt: skip
    listed = irei(db, "--lang", "ja", "location", "list")[1]

    assert code == 0, added
    assert added.strip() == "墓苑 CFを追加しました: 千鳥ヶ淵戦没者墓苑"
    assert "コード" in listed and "墓苑" in listed
    # A place's name, as the Places screen heads it: 氏名 is a person's.
    assert "名称" in listed and "氏名" not in listed


def test_a_vault_counts_the_lots_in_its_sections_and_lists_them(
    database: Database, tmp_path: Path
) -> None:
    db = str(tmp_path / "irei.sqlite3")
    lots = ossuary(database)
    with database.reading() as session:
        number = {lot.id: lot.lot_number for lot in session.exec(select(RemainsLot))}

    listed = irei(db, "location", "list")[1]
    as_json = json.loads(irei(db, "location", "list", "--json")[1])
    code, in_vault = irei(db, "location", "lots", "cf-v1")
    in_json = json.loads(irei(db, "location", "lots", "CF-V2", "--json")[1])

    assert "lots within" in listed.splitlines()[1]
    assert [line.split("│")[5].strip() for line in listed.splitlines()[3:-1]] == [
        "4", "3", "2", "1", "1", "1",
    ]  # fmt: skip
    assert [(p["code"], p["lots"], p["lots_within"]) for p in as_json][:2] == [
        ("CF", 0, 4),
        ("CF-V1", 0, 3),
    ]
    assert code == 0, in_vault
    rows = [line.split("│") for line in in_vault.splitlines()[3:-1]]
    assert [(row[1].strip(), row[3].strip()) for row in rows] == [
        (number[lots["CF-V1-S01#0"]], "CF-V1-S01"),
        (number[lots["CF-V1-S01#1"]], "CF-V1-S01"),
        (number[lots["CF-V1-S02#2"]], "CF-V1-S02"),
    ]
    assert in_json == [
        {"lot_number": number[lots["CF-V2-S01#3"]], "status": "interred",
         "place_code": "CF-V2-S01", "fiscal_year": "2019"},
    ]  # fmt: skip


def test_the_lots_of_an_empty_or_unknown_place_are_said_in_one_line(
    database: Database, tmp_path: Path
) -> None:
    db = str(tmp_path / "irei.sqlite3")
    irei(db, "location", "add", "cemetery", "CF", "千鳥ヶ淵戦没者墓苑", "--reason", "opened")

    assert irei(db, "location", "lots", "CF") == (0, "No lots in CF 千鳥ヶ淵戦没者墓苑.\n")
    assert irei(db, "location", "lots", "CF-V9") == (1, "irei: no place CF-V9\n")


def _parents(db: str) -> dict[str, str]:
    listed = json.loads(irei(db, "location", "list", "--json")[1])
    return {place["code"]: place["parent_code"] for place in listed}


def test_a_section_added_under_the_wrong_vault_is_moved_to_the_right_one_or_removed(
    database: Database, tmp_path: Path
) -> None:
    db = str(tmp_path / "irei.sqlite3")
    ossuary(database)
    added = irei(db, "location", "add", "section", "CF-V2-S11", "第2納骨室 第11区画",
                 "--in", "CF-V1", "--reason", "new section")  # fmt: skip
    assert added[0] == 0, added[1]

    moved = irei(db, "location", "rename", "cf-v2-s11", "--in", "CF-V2", "--reason", "wrong vault")

    assert moved == (0, "section CF-V2-S11: 第2納骨室 第11区画\n")
    assert _parents(db)["CF-V2-S11"] == "CF-V2"

    removed = irei(db, "location", "remove", "CF-V2-S11", "--reason", "added in error")

    assert removed == (0, "section CF-V2-S11 removed: 第2納骨室 第11区画\n")
    assert "CF-V2-S11" not in _parents(db)


@pytest.mark.parametrize(
    "args",
    [
        ("--name", "第2納骨室 第11区画"),
        ("--code", "ｃｆ－ｖ２－ｓ１１"),
        ("--in", "CF-V2"),
        ("--name", " 第2納骨室 第11区画 ", "--code", "CF-V2-S11", "--in", "cf-v2"),
    ],
    ids=["name", "code", "vault", "all three"],
)
def test_a_rename_to_what_the_place_already_is_says_nothing_changed_and_records_nothing(
    database: Database, tmp_path: Path, args: tuple[str, ...]
) -> None:
    db = str(tmp_path / "irei.sqlite3")
    ossuary(database)
    added = irei(db, "location", "add", "section", "CF-V2-S11", "第2納骨室 第11区画",
                 "--in", "CF-V2", "--reason", "new section")  # fmt: skip
    assert added[0] == 0, added[1]
    events = len(json.loads(irei(db, "audit", "log", "--json")[1]))

    renamed = irei(db, "location", "rename", "CF-V2-S11", *args, "--reason", "typed again")

    assert renamed == (0, "section CF-V2-S11 is already as given: nothing changed\n")
    assert len(json.loads(irei(db, "audit", "log", "--json")[1])) == events


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("remove", "CF-V1-S01"), "irei: Place: CF-V1-S01 holds lots: 2"),
        (("remove", "CF-V2"), "irei: Place: CF-V2 has places under it: 1"),
        (
            ("remove", "CF-V1-S02"),
            "irei: Reason: say why: every change to a place is recorded with its reason",
        ),
        (
            ("rename", "CF-V1-S02", "--in", "CF"),
            "irei: Lies in: a section lies in a vault, and 千鳥ヶ淵戦没者墓苑 is a cemetery",
        ),
        (("rename", "CF-V1-S02", "--in", "CF-V9"), "irei: no place CF-V9"),
    ],
)
def test_a_refused_removal_or_move_is_one_line_and_changes_nothing(
    database: Database, tmp_path: Path, args: tuple[str, ...], says: str
) -> None:
    db = str(tmp_path / "irei.sqlite3")
    ossuary(database)
    before = _parents(db)
    reason = () if args[0] == "remove" and args[1] == "CF-V1-S02" else ("--reason", "x")

    code, output = irei(db, "location", *args, *reason)

    assert (code, output.strip()) == (1, says)
    assert _parents(db) == before


def test_a_removed_place_is_still_named_in_the_audit_log_and_found_by_its_code(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "250")
    db = str(tmp_path / "irei.sqlite3")
    ossuary(database)
    for args in (
        ("add", "vault", "CF-V9", "第9納骨室", "--in", "CF", "--reason", "new vault"),
        ("add", "section", "CF-V9-S01", "第9納骨室 第1区画", "--in", "CF-V9", "--reason", "new"),
        ("rename", "CF-V9-S01", "--in", "CF-V1", "--reason", "wrong vault"),
        ("remove", "CF-V9", "--reason", "added in error"),
        ("add", "vault", "CF-V9", "第9納骨室", "--in", "CF", "--reason", "built at last"),
    ):
        done = irei(db, "location", *args)
        assert done[0] == 0, done[1]

    code, listed = irei(db, "audit", "log", "--entity", "place", "--id", "cf-v9", "--json")

    assert code == 0, listed
    events = json.loads(listed)
    assert [e["reason"] for e in events] == ["built at last", "added in error", "new vault"]
    # The table names the places a change refers to, the removed one by what it was.
    table = irei(db, "audit", "log", "--entity", "place", "--limit", "3")[1]
    assert [line.split("│")[5].strip() for line in table.splitlines()[3:-1]] == [
        "place CF-V9", "place CF-V9", "place CF-V9-S01",
    ]  # fmt: skip
    assert "Lies in: 第9納骨室 → 第1納骨室" in table


def test_a_place_code_searched_for_says_where_its_lots_are_listed(
    database: Database, tmp_path: Path
) -> None:
    """`irei search` finds persons and lots; a registrar who types a section's code there is
    told it is a place and how to list the lots in it, not only that nothing was found."""
    db = str(tmp_path / "irei.sqlite3")
    ossuary(database)

    code, output = irei(db, "search", "cf-v1-s01")
    assert code == 0
    assert output.splitlines() == [
        "Nothing found for 'cf-v1-s01'.",
        "CF-V1-S01 is a place: irei location lots CF-V1-S01 lists the lots in it.",
    ]
    assert irei(db, "search", "CF-V9")[1].splitlines() == ["Nothing found for 'CF-V9'."]
