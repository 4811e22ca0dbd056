"""``irei match``, ``ceremony``, ``roll`` and ``export roll`` as a script uses them: exit codes,
one-line errors, and the JSON shapes scripts rely on."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from sqlmodel import col, select
from typer.testing import CliRunner

from records.database import Database
from records.models import AuditEvent, Person, RemainsLot, RollEntry
from tests.records.conftest import create_person, register_lot
from tests.tui.test_cli_foundation import AS_WRITTEN
from tui.cli import app

runner = CliRunner()
WHY = "named by the family association"


@pytest.fixture
def db_path(database: Database, actor: str, tmp_path: Path) -> str:
    create_person(
        database, actor, name="松本　一郎", reading="マツモト イチロウ", prefecture_code="13"
    )
    create_person(database, actor, name="阿部　勇", reading="アベ イサム", country="モンゴル")
    return str(tmp_path / "irei.sqlite3")


def irei(db: str, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--db", db, *args])
    return result.exit_code, result.output


def _ceremony(db: str) -> int:
    code, output = irei(
        db, "ceremony", "create", "--name", "追悼の集い", "--kind", "memorial",
        "--date", "令和8年8月23日", "--place", "千鳥ヶ淵戦没者墓苑", "--json", "--reason", WHY,
    )  # fmt: skip
    assert code == 0, output
    return int(json.loads(output)["id"])


def _stored_entries(database: Database) -> list[tuple[int | None, int | None, int]]:
    """Each roll entry as stored, (person, lot, audit events of it): what a command said it
    wrote must be in the database, recorded."""
    with database.reading() as session:
        return [
            (entry.person_id, entry.lot_id, len(session.exec(
                select(AuditEvent).where(
                    AuditEvent.entity == "RollEntry", AuditEvent.entity_id == entry.id
                )
            ).all()))
            for entry in session.exec(select(RollEntry).order_by(col(RollEntry.id))).all()
        ]  # fmt: skip


def test_match_prints_ranked_candidates_as_json(db_path: str) -> None:
    code, output = irei(db_path, "match", "マスモト イチロウ", "--limit", "3", "--json")
    assert code == 0, output
    found = json.loads(output)
    assert found[0]["name"] == "松本　一郎"
    assert {"id", "name", "names", "reading", "score", "reason"} <= set(found[0])
    assert "松本　一郎" in found[0]["names"]


def test_match_across_scripts_in_a_table(db_path: str) -> None:
    code, output = irei(db_path, "match", "Мацумото Итиро")
    assert code == 0
    assert "松本" in output


def test_ceremony_list_gives_id_name_kind_date_and_entries(db_path: str) -> None:
    ceremony = _ceremony(db_path)
    assert irei(db_path, "roll", "add", str(ceremony), "--person", "1", "--reason", WHY)[0] == 0
    code, output = irei(db_path, "ceremony", "list", "--json")
    assert code == 0
    assert json.loads(output) == [
        {"id": ceremony, "name": "追悼の集い", "kind": "memorial", "date": "2026-08-23",
         "place": "千鳥ヶ淵戦没者墓苑", "entries": 1}
    ]  # fmt: skip


def column_read(table: str, heading: str) -> str:
    """A Rich table's column read down, as a registrar reads a wrapped cell: its lines joined,
    without the spaces a line was broken at."""
    lines = table.splitlines()
    at = [cell.strip() for cell in lines[1].split("┃")].index(heading)
    cells = [line.split("│")[at] for line in lines[3:-1]]
    return "".join(cells).replace(" ", "")


def test_ceremony_list_at_80_columns_wraps_names_dates_and_places_never_cuts_them(
    db_path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    name, place = "シベリア抑留等戦後強制抑留者追悼の集い", "千鳥ヶ淵戦没者墓苑"
    code, output = irei(
        db_path, "ceremony", "create", "--name", name, "--kind", "memorial",
        "--date", "令和8年8月23日", "--place", place, "--reason", WHY,
    )  # fmt: skip
    assert code == 0, output
    monkeypatch.setenv("COLUMNS", "80")

    code, listed = irei(db_path, "ceremony", "list")

    assert code == 0, listed
    assert "…" not in listed
    assert (column_read(listed, "ceremony name"), column_read(listed, "place")) == (name, place)
    assert column_read(listed, "date") == "令和8年8月23日(2026-08-23)"


@pytest.mark.parametrize("text", AS_WRITTEN)
def test_candidates_and_ceremonies_are_listed_as_written(
    database: Database, actor: str, tmp_path: Path, text: str
) -> None:
    create_person(database, actor, name=text, reading="フメイ")
    db = str(tmp_path / "irei.sqlite3")
    code, output = irei(
        db, "ceremony", "create", "--name", text, "--kind", "memorial",
        "--date", "令和8年8月23日", "--place", text, "--reason", WHY,
    )  # fmt: skip
    assert code == 0, output

    for command in (["match", "フメイ"], ["ceremony", "list"]):
        code, output = irei(db, *command)

        assert code == 0, output
        assert text in output


def test_a_ceremony_with_an_unknown_kind_exits_1_with_one_line(db_path: str) -> None:
    code, output = irei(
        db_path, "ceremony", "create", "--name", "x", "--kind", "party", "--date", "2026-08-23",
        "--reason", WHY,
    )  # fmt: skip
    assert code == 1
    assert output.strip().startswith("irei: Kind:")


@pytest.mark.parametrize("reason", [[], ["--reason", " "]], ids=["without", "blank"])
def test_a_ceremony_created_without_a_reason_exits_1_with_one_line(
    db_path: str, reason: list[str]
) -> None:
    code, output = irei(
        db_path, "ceremony", "create", "--name", "拝礼式", "--kind", "interment",
        "--date", "2026-05-25", *reason,
    )  # fmt: skip
    assert code == 1
    assert output.strip().startswith("irei: Reason: say why")
    assert len(output.strip().splitlines()) == 1
    assert irei(db_path, "ceremony", "list", "--json") == (0, "[]\n")


def test_roll_add_link_and_remove(db_path: str) -> None:
    ceremony = _ceremony(db_path)
    code, output = irei(
        db_path,
        "roll",
        "add",
        str(ceremony),
        "--name",
        "マスモト イチロウ",
        "--json",
        "--reason",
        WHY,
    )
    assert code == 0, output
    entry = json.loads(output)
    assert entry["person_id"] is None and entry["bare_name"] == "マスモト イチロウ"
    code, output = irei(
        db_path, "roll", "link", str(ceremony), "--name", "マスモト イチロウ", "--person", "1",
        "--json", "--reason", WHY,
    )  # fmt: skip
    assert code == 0, output
    assert json.loads(output)["person_id"] == 1
    code, output = irei(db_path, "roll", "add", str(ceremony), "--person", "1", "--reason", WHY)
    assert code == 1
    assert "already on this roll" in output
    assert irei(db_path, "roll", "remove", str(ceremony), "--person", "1", "--reason", WHY)[0] == 0
    assert irei(db_path, "roll", "remove", str(ceremony), "--person", "1", "--reason", WHY)[0] == 1


def test_a_bare_name_in_kanji_is_added_and_corrected_with_its_reading(db_path: str) -> None:
    ceremony = _ceremony(db_path)
    code, output = irei(
        db_path, "roll", "add", str(ceremony), "--name", "山田太郎", "--reading", "やまだ たろう",
        "--json", "--reason", WHY,
    )  # fmt: skip
    assert code == 0, output
    entry = json.loads(output)
    assert (entry["bare_name"], entry["bare_reading"]) == ("山田太郎", "ヤマダ タロウ")
    code, output = irei(
        db_path, "roll", "read", str(ceremony), "ヤマダ タロ", "--name", "山田太郎", "--reason", WHY
    )
    assert (code, output.strip()) == (0, "山田太郎 (unlinked) reads ヤマダ タロ")


def test_a_reading_or_a_link_the_line_already_has_says_nothing_changed_and_records_nothing(
    database: Database, db_path: str
) -> None:
    ceremony = _ceremony(db_path)
    add = ("roll", "add", str(ceremony), "--name", "松本", "--reading", "まつもと")
    assert irei(db_path, *add, "--reason", WHY)[0] == 0
    read = ("roll", "read", str(ceremony), "マツモト", "--name", "松本", "--reason", WHY)
    unread = ("roll", "read", str(ceremony), "", "--name", "松本", "--reason", WHY)
    link = ("roll", "link", str(ceremony), "--name", "松本", "--person", "No. 1", "--reason", WHY)
    assert irei(db_path, *unread)[0] == 0
    assert irei(db_path, *link)[0] == 0
    recorded = _stored_entries(database)

    assert irei(db_path, *unread) == (
        0, "松本　一郎 (No. 1) already has no reading: nothing changed\n"
    )  # fmt: skip
    assert irei(db_path, *link) == (
        0,
        f"already linked on the roll of ceremony {ceremony}: 松本　一郎 (No. 1) [entry 1]; "
        "nothing changed\n",
    )
    assert _stored_entries(database) == recorded
    assert irei(db_path, *read)[0] == 0
    assert irei(db_path, *read) == (
        0, "松本　一郎 (No. 1) already reads マツモト: nothing changed\n"
    )  # fmt: skip


def test_a_reading_not_in_kana_exits_1_with_one_line(db_path: str) -> None:
    ceremony = _ceremony(db_path)
    code, output = irei(
        db_path,
        "roll",
        "add",
        str(ceremony),
        "--name",
        "山田太郎",
        "--reading",
        "山田",
        "--reason",
        WHY,
    )
    assert code == 1
    assert (
        output.strip()
        == "irei: Reading of the bare name: '山田' is not a reading: write it in kana"
    )


def test_roll_add_needs_exactly_one_of_person_lot_or_name(db_path: str) -> None:
    ceremony = _ceremony(db_path)
    assert irei(db_path, "roll", "add", str(ceremony), "--reason", WHY)[0] == 1
    assert (
        irei(
            db_path, "roll", "add", str(ceremony), "--person", "1", "--name", "x", "--reason", WHY
        )[0]
        == 1
    )


@pytest.mark.parametrize("name", ["", "　 "])
def test_roll_add_with_an_empty_name_says_the_name_is_empty(
    database: Database, db_path: str, name: str
) -> None:
    ceremony = _ceremony(db_path)

    added = irei(db_path, "roll", "add", str(ceremony), "--name", name, "--reason", WHY)

    assert added == (1, "irei: --name is empty: give the name as the roll received it\n")
    assert _stored_entries(database) == []


def test_roll_bulk_add_reports_added_and_skipped(db_path: str) -> None:
    ceremony = _ceremony(db_path)
    args = ("roll", "bulk-add", str(ceremony), "--country", "モンゴル", "--json", "--reason", WHY)
    assert json.loads(irei(db_path, *args)[1]) == {"added": 1, "skipped": 0}
    assert json.loads(irei(db_path, *args)[1]) == {"added": 0, "skipped": 1}
    assert irei(db_path, "roll", "bulk-add", str(ceremony), "--reason", WHY)[0] == 1  # no criterion


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "pdf"])
def test_export_roll_writes_each_format(db_path: str, tmp_path: Path, file_format: str) -> None:
    ceremony = _ceremony(db_path)
    irei(db_path, "roll", "bulk-add", str(ceremony), "--country", "モンゴル", "--reason", WHY)
    irei(db_path, "roll", "add", str(ceremony), "--person", "1", "--reason", WHY)
    out = tmp_path / f"roll.{file_format}"
    code, output = irei(
        db_path, "export", "roll", str(ceremony), "--format", file_format, "--out", str(out)
    )
    assert code == 0, output
    assert out.stat().st_size > 0
    if file_format == "csv":
        lines = out.read_text(encoding="utf-8-sig").splitlines()
        assert lines[1].startswith("1,阿部　勇,アベ イサム")
    if file_format == "xlsx":
        rows = list(openpyxl.load_workbook(out).worksheets[0].iter_rows(values_only=True))
        assert any(row[1] == "松本　一郎" for row in rows)


def test_export_roll_leaves_a_file_already_there_unless_told_to_replace_it(
    db_path: str, tmp_path: Path
) -> None:
    ceremony = _ceremony(db_path)
    irei(db_path, "roll", "add", str(ceremony), "--person", "1", "--reason", WHY)
    out = tmp_path / "roll.csv"
    out.write_text("the roll the family association annotated", encoding="utf-8")
    export = ("export", "roll", str(ceremony), "--format", "csv", "--out", str(out))
    code, output = irei(db_path, *export)
    assert code == 1
    assert "is already there; nothing was written (--replace writes over it)" in output
    assert out.read_text(encoding="utf-8") == "the roll the family association annotated"
    code, output = irei(db_path, *export, "--replace")
    assert code == 0, output
    assert "松本　一郎" in out.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("name", ["roll.pdf", "roll"])
def test_export_roll_refuses_a_file_name_its_format_does_not_end_in(
    db_path: str, tmp_path: Path, name: str
) -> None:
    ceremony = _ceremony(db_path)
    out = tmp_path / name
    code, output = irei(
        db_path, "export", "roll", str(ceremony), "--format", "xlsx", "--out", str(out)
    )
    assert code == 1
    assert "the format is xlsx; give a file name ending in .xlsx" in output
    assert not out.exists()


def test_export_roll_never_writes_over_the_database_even_told_to_replace(db_path: str) -> None:
    ceremony = _ceremony(db_path)
    before = Path(db_path).read_bytes()
    code, output = irei(
        db_path, "export", "roll", str(ceremony), "--format", "csv", "--out", db_path, "--replace"
    )
    assert code == 1
    assert "give a file name ending in .csv" in output
    assert Path(db_path).read_bytes() == before


def test_export_roll_refuses_an_unknown_order_with_exit_2(db_path: str, tmp_path: Path) -> None:
    ceremony = _ceremony(db_path)
    code, _ = irei(
        db_path, "export", "roll", str(ceremony), "--format", "csv", "--out",
        str(tmp_path / "r.csv"), "--order", "kanji",
    )  # fmt: skip
    assert code == 2


def test_export_roll_refuses_an_encoding_for_a_format_other_than_csv(
    db_path: str, tmp_path: Path
) -> None:
    ceremony = _ceremony(db_path)
    code, output = irei(
        db_path, "export", "roll", str(ceremony), "--format", "xlsx", "--out",
        str(tmp_path / "r.xlsx"), "--encoding", "cp932",
    )  # fmt: skip
    assert code == 2
    assert "only for --format csv, not xlsx" in output
    assert not (tmp_path / "r.xlsx").exists()


def test_export_of_an_unknown_ceremony_exits_1(db_path: str, tmp_path: Path) -> None:
    code, output = irei(
        db_path, "export", "roll", "99", "--format", "csv", "--out", str(tmp_path / "r.csv")
    )
    assert code == 1
    assert "no ceremony 99" in output
    assert not (tmp_path / "r.csv").exists()


def test_match_and_the_roll_commands_speak_japanese_with_lang_ja(db_path: str) -> None:
    ceremony = _ceremony(db_path)

    def irei_ja(*args: str) -> tuple[int, str]:
        return irei(db_path, "--lang", "ja", *args)

    code, matched = irei_ja("match", "マスモト イチロウ", "--limit", "1")
    assert code == 0, matched
    assert "一致度" in matched and "名が完全に一致" in matched  # the reason, wrapped
    assert irei_ja("match", "ズズズ")[1].strip() == "「ズズズ」に該当する候補はありません。"
    listed = irei_ja("ceremony", "list")[1]
    assert "式典名" in listed and "氏名" not in listed
    assert "種類" in listed and "追悼式" in listed
    added = irei_ja("roll", "add", str(ceremony), "--name", "マスモト イチロウ", "--reason", WHY)[1]
    assert added.strip() == (
        f"式典 {ceremony}の名簿に追加しました: マスモト イチロウ（未紐付け） [行ID 1]"
    )
    refused = irei_ja("roll", "add", str(ceremony), "--reason", WHY)[1]
    assert refused.strip() == "irei: --person、--lot、--name のどれか一つを指定してください"
    bulk = irei_ja("roll", "bulk-add", str(ceremony), "--country", "モンゴル", "--reason", WHY)[1]
    assert bulk.strip() == f"式典 {ceremony}: 1件追加、0件は名簿に登録済み"


@pytest.mark.parametrize(
    "command",
    [
        ("roll", "add", "{ceremony}", "--name", "山田太郎"),
        ("roll", "bulk-add", "{ceremony}", "--country", "モンゴル"),
        ("roll", "bulk-add", "{ceremony}", "--interred", "day"),
    ],
)
def test_a_roll_changed_without_a_reason_exits_1_with_one_line(
    db_path: str, command: tuple[str, ...]
) -> None:
    ceremony = _ceremony(db_path)
    code, output = irei(db_path, *(arg.format(ceremony=ceremony) for arg in command))
    assert code == 1
    assert output.strip().startswith("irei: Reason: say why")
    assert len(output.strip().splitlines()) == 1
    code, output = irei(db_path, "ceremony", "list", "--json")
    assert json.loads(output)[0]["entries"] == 0


@pytest.mark.parametrize(
    ("quoted", "name"),
    [("Reg. No. 100504", "阿部　勇"), ("番号 100504", "阿部　勇"), ("No. 4", "佐藤　一")],
)
def test_roll_add_takes_a_person_by_the_number_the_app_shows(
    database: Database, actor: str, db_path: str, quoted: str, name: str
) -> None:
    create_person(database, actor, name="阿部　勇", reading="アベ イサム", register_no=100504)
    create_person(database, actor, name="佐藤　一", reading="サトウ ハジメ")  # id 4, no 番号
    ceremony = _ceremony(db_path)
    code, output = irei(
        db_path, "roll", "add", str(ceremony), "--person", quoted, "--json", "--reason", WHY
    )
    assert code == 0, output
    with database.reading() as session:
        person = session.get(Person, json.loads(output)["person_id"])
        assert person is not None and person.name == name
    # Looking the person up began the transaction the service joined: it must be committed.
    assert _stored_entries(database) == [(person.id, None, 1)]


@pytest.mark.parametrize(
    ("quoted", "said"),
    [
        ("Reg. No. 7", "irei: Person: no person is quoted by Reg. No. 7"),
        ("No. 2x", "irei: --person: 'No. 2x' is neither an id nor 'Reg. No. N' or 'No. N'"),
    ],
)
def test_roll_add_refuses_a_number_that_quotes_no_one(db_path: str, quoted: str, said: str) -> None:
    ceremony = _ceremony(db_path)
    code, output = irei(db_path, "roll", "add", str(ceremony), "--person", quoted, "--reason", WHY)
    assert (code, output.strip()) == (1, said)


def test_roll_add_and_link_take_a_lot_by_the_number_the_app_shows(
    database: Database, actor: str, db_path: str
) -> None:
    ids = [register_lot(database, actor) for _ in range(2)]
    with database.reading() as session:
        first, second = (session.get(RemainsLot, lot_id) for lot_id in ids)
    assert first is not None and second is not None
    ceremony = _ceremony(db_path)
    code, output = irei(
        db_path, "roll", "add", str(ceremony), "--lot", first.lot_number, "--json", "--reason", WHY
    )
    assert code == 0, output
    assert json.loads(output)["lot_id"] == first.id
    entry = irei(
        db_path, "roll", "add", str(ceremony), "--name", "阿部　勇", "--json", "--reason", WHY
    )[1]
    typed = second.lot_number.replace("-", "－")  # as a Japanese keyboard types it
    code, output = irei(
        db_path,
        "roll",
        "link",
        str(ceremony),
        "--name",
        "阿部　勇",
        "--lot",
        typed,
        "--reason",
        WHY,
    )
    assert code == 0, output
    linked = f"linked on the roll of ceremony {ceremony}: lot {second.lot_number}"
    assert output == f"{linked} [entry {json.loads(entry)['id']}]\n"
    assert _stored_entries(database) == [(None, first.id, 1), (None, second.id, 2)]


def test_roll_add_refuses_a_lot_number_no_lot_has_even_one_that_is_a_lot_id(
    database: Database, actor: str, db_path: str
) -> None:
    lot_id = register_lot(database, actor)
    ceremony = _ceremony(db_path)
    for given in (str(lot_id), "2019-HB-012-99999"):
        code, output = irei(db_path, "roll", "add", str(ceremony), "--lot", given, "--reason", WHY)
        assert (code, output.strip()) == (1, f"irei: no lot {given}")
    code, output = irei(db_path, "ceremony", "list", "--json")
    assert json.loads(output)[0]["entries"] == 0


def test_interred_without_its_value_is_refused_under_its_name(db_path: str) -> None:
    ceremony = _ceremony(db_path)
    code, output = irei(db_path, "roll", "bulk-add", str(ceremony), "--interred", "--reason", WHY)
    assert code == 2
    assert "--interred" in output and "day" in output and "fiscal_year" in output
    assert "unexpected extra argument" not in output
    code, output = irei(db_path, "roll", "bulk-add", "--help")
    assert "day|fiscal_year" in output


AS_READ = {"長谷川　治": "ハセガワ オサム"}


AS_READ = {
    "長谷川　治": "ハセガワ オサム",
    "齋藤　一郎": "サイトウ イチロウ",
    "斉藤　一郎": "サイトウ イチロウ",
}


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("Osamu Hasegawa", "長谷川　治"),
        ("Осаму Хасэгава", "長谷川　治"),
        ("斉藤 一郎", "齋藤　一郎"),
        ("齋藤 一郎", "斉藤　一郎"),
    ],
)
def test_match_finds_a_name_in_either_order_or_with_confused_kanji(
    database: Database, actor: str, tmp_path: Path, query: str, name: str
) -> None:
    create_person(database, actor, name=name, reading=AS_READ[name])
    code, output = irei(str(tmp_path / "irei.sqlite3"), "match", query, "--json")
    assert code == 0, output
    # Fit as well as a transliteration or a variant kanji, not as a distant namesake.
    assert [(found["name"], found["score"] >= 90) for found in json.loads(output)] == [(name, True)]


def test_export_roll_refuses_a_folder_or_a_missing_folder_in_one_line(
    db_path: str, tmp_path: Path
) -> None:
    ceremony = _ceremony(db_path)
    folder = tmp_path / "roll.csv"
    folder.mkdir()
    export = ("export", "roll", str(ceremony), "--format", "csv", "--out")
    # --replace too: the folder is not a file it could write over.
    code, output = irei(db_path, *export, str(folder), "--replace")
    assert (code, output) == (
        1, f"irei: {folder}: --out names a folder; give a file name ending in .csv\n"
    )  # fmt: skip
    missing = tmp_path / "no such folder" / "roll.csv"
    code, output = irei(db_path, "--lang", "ja", *export, str(missing))
    assert (code, output) == (
        1, f"irei: {missing}: フォルダ「{missing.parent}」はありません\n"
    )  # fmt: skip
    under_a_file = tmp_path / "roll.pdf" / "roll.csv"  # a file where a folder should be
    (tmp_path / "roll.pdf").write_bytes(b"%PDF-")
    code, output = irei(db_path, *export, str(under_a_file))
    assert (code, output) == (
        1, f"irei: {under_a_file}: {under_a_file.parent} is a file, not a folder\n"
    )  # fmt: skip


def test_roll_add_and_link_name_the_line_in_words_its_entry_after(db_path: str) -> None:
    ceremony = _ceremony(db_path)
    add = ("roll", "add", str(ceremony), "--name", "松本", "--reason", WHY)
    assert irei(db_path, *add) == (
        0, f"added to the roll of ceremony {ceremony}: 松本 (unlinked) [entry 1]\n"
    )  # fmt: skip
    added = irei(db_path, "roll", "add", str(ceremony), "--person", "2", "--reason", WHY)
    assert added == (0, f"added to the roll of ceremony {ceremony}: 阿部　勇 (No. 2) [entry 2]\n")
    link = ("roll", "link", str(ceremony), "--name", "松本", "--person", "No. 1", "--reason", WHY)
    assert irei(db_path, *link) == (
        0, f"linked on the roll of ceremony {ceremony}: 松本　一郎 (No. 1) [entry 1]\n"
    )  # fmt: skip
    other = _ceremony(db_path)
    assert irei(db_path, "roll", "add", str(other), "--name", "松本", "--reason", WHY)[0] == 0
    link_there = (*link[:2], str(other), *link[3:])
    assert irei(db_path, "--lang", "ja", *link_there) == (
        0, f"式典 {other}の名簿で紐付けました: 松本　一郎（No. 1） [行ID 3]\n"
    )  # fmt: skip
