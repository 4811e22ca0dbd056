"""The ``irei`` command as a script sees it: help for every subcommand, exit codes (0 ok,
1 failed, 2 wrong usage), one-line errors, stats as JSON, backups and the demo database."""

from __future__ import annotations

import errno
import json
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer.main
from sqlmodel import select
from typer.testing import CliRunner

from records.database import Database, open_database
from records.models import RemainsLot
from records.services import persons
from records.stats import statistics
from tests.importers.conftest import SAMPLES
from tests.records.conftest import register_lot
from tui.cli import FIGURES_SAID, app
from tui.console import user_errors


def _command_paths() -> Iterator[tuple[str, ...]]:
    def walk(command: object, path: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
        yield path
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            yield from walk(sub, (*path, name))

    yield from walk(typer.main.get_command(app), ())


COMMANDS = list(_command_paths())


def _no_traceback(text: str) -> None:
    assert "Traceback" not in text
    assert 'File "' not in text


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(p) or "irei" for p in COMMANDS])
def test_every_command_has_help(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(app, [*path, "--help"])

    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(p) or "irei" for p in COMMANDS])
def test_every_command_is_summed_up_in_one_sentence(path: tuple[str, ...]) -> None:
    """Its group's list of commands shows the help's first paragraph with its line breaks
    kept: a summary broken over two source lines read as a ragged line in the list."""
    command = typer.main.get_command(app)
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    summary = (command.help or "").split("\n\n")[0]

    assert "\n" not in summary
    assert "``" not in (command.help or "")


@pytest.mark.parametrize("group", ["audit", "ceremony", "db", "export", "location", "lot", "roll"])
def test_a_group_without_its_command_shows_its_help_and_no_empty_error(
    run_irei, group: str
) -> None:
    result = run_irei([group])

    assert result.returncode == 2
    assert "Usage:" in result.stdout
    assert result.stderr == ""


def test_the_foundation_commands_are_all_there() -> None:
    assert {
        ("demo",),
        ("stats",),
        ("search",),
        ("backup",),
        ("audit", "verify"),
        ("db", "upgrade"),
    } <= set(COMMANDS)


def _db_with_people(tmp_path: Path, count: int = 3) -> Path:
    path = tmp_path / "irei.sqlite3"
    db = open_database(str(path))
    try:
        for n in range(count):
            with db.session() as session:
                persons.create_person(
                    session, "registrar", persons.PersonFields(name=f"佐藤　{n}"), "register"
                )
    finally:
        db.close()
    return path


def test_stats_json_has_totals_and_lots_by_status(run_irei, tmp_path: Path) -> None:
    path = _db_with_people(tmp_path)

    result = run_irei(["--db", str(path), "stats", "--json"])

    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["persons"]["total"] == 3
    assert figures["persons"]["identified"] == 3
    assert figures["lots"]["total"] == 0
    assert figures["lots"]["by_status"]["interred"] == 0
    assert set(figures["lots"]["by_status"]) >= {"recovered", "affiliation_pending", "interred"}
    assert figures["audit_events"]["total"] == 3
    assert all("total" in group for group in figures.values())


def test_stats_as_a_table(run_irei, tmp_path: Path) -> None:
    result = run_irei(["--db", str(_db_with_people(tmp_path)), "stats"])

    assert result.returncode == 0, result.stderr
    assert "persons" in result.stdout


def test_stats_as_a_table_says_what_a_registrar_reads(run_irei, tmp_path: Path) -> None:
    """The keys --json keeps for scripts (by_status: affiliation_pending) read as words."""
    result = run_irei(["--db", str(_db_with_people(tmp_path)), "stats"], env={"COLUMNS": "80"})

    assert result.returncode == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if line.startswith("│")]
    said = {row.strip("│ ").rstrip("│ 0123456789,") for row in rows}
    assert {"by country", "by status", "affiliation pending", "audit events"} <= said
    assert not any("_" in row for row in rows)


def test_stats_in_japanese_says_the_figures_in_the_registrars_words(
    run_irei, tmp_path: Path
) -> None:
    path = str(_db_with_people(tmp_path))

    result = run_irei(["--db", path, "--lang", "ja", "stats"], env={"COLUMNS": "80"})

    assert result.returncode == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if line.startswith("│")]
    said = {row.strip("│ ").rstrip("│ 0123456789,") for row in rows}
    assert {"戦没者", "身元判明", "国別", "遺骨", "状態別", "変更履歴"} <= said
    assert "項目" in result.stdout and "件数" in result.stdout
    # --json keeps its keys for scripts, whatever the language.
    figures = json.loads(run_irei(["--db", path, "--lang", "ja", "stats", "--json"]).stdout)
    assert figures["persons"]["identified"] == 3


def test_every_figure_of_stats_has_a_word_the_catalog_translates(database: Database) -> None:
    """A key without one was shown as it is, in English in the Japanese table (withdrawn)."""
    with database.reading() as session:
        figures = statistics(session)
    keys = set(figures) | {key for values in figures.values() for key in values if key != "total"}
    assert keys - FIGURES_SAID.keys() == set()


def test_search_in_japanese_heads_its_columns_and_says_when_nothing_is_found(
    run_irei, tmp_path: Path
) -> None:
    path = str(_db_with_haruos(tmp_path))

    found = run_irei(["--db", path, "--lang", "ja", "search", "春雄"], env={"COLUMNS": "80"})
    nothing = run_irei(["--db", path, "--lang", "ja", "search", "山田"])

    assert found.returncode == 0, found.stderr
    assert _headings(found.stdout) == ["種類", "ID", "氏名", "読み", "都道府県"]
    assert "戦没者" in found.stdout
    assert nothing.stderr.strip() == "「山田」に該当するものはありません。"


def test_a_refusal_and_a_backup_are_said_in_japanese(run_irei, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.sqlite3"
    path = _db_with_people(tmp_path)

    refused = run_irei(["--db", str(missing), "--lang", "ja", "stats"])
    backed_up = run_irei(["--db", str(path), "--lang", "ja", "backup", str(tmp_path / "b.db")])

    assert refused.returncode == 1
    assert refused.stderr.startswith(f"irei: 「{missing}」にデータベースがありません：")
    assert backed_up.stdout.strip() == f"バックアップを「{tmp_path / 'b.db'}」に書き込みました"


def _db_with_haruos(tmp_path: Path) -> Path:
    """Two persons with a name, a reading and a prefecture: no register number, no burial
    site, no other name form."""
    path = tmp_path / "irei.sqlite3"
    db = open_database(str(path))
    try:
        for name, reading in (("斉藤　春雄", "サイトウ ハルオ"), ("佐藤　春雄", "サトウ ハルオ")):
            with db.session() as session:
                fields = persons.PersonFields(name=name, reading=reading, prefecture_code="15")
                persons.create_person(session, "registrar", fields, "register")
    finally:
        db.close()
    return path


def _headings(table: str) -> list[str]:
    return [cell.strip() for cell in table.splitlines()[1].strip("┃").split("┃")]


def test_search_at_80_columns_shows_only_the_columns_filled_with_headings_whole(
    run_irei, tmp_path: Path
) -> None:
    """Empty columns ("no.", "site") took the room that cut a heading to "prefectu…"."""
    result = run_irei(
        ["--db", str(_db_with_haruos(tmp_path)), "search", "春雄"], env={"COLUMNS": "80"}
    )

    assert result.returncode == 0, result.stderr
    assert _headings(result.stdout) == ["kind", "id", "name", "reading", "prefecture"]
    assert "…" not in result.stdout


@pytest.mark.parametrize(
    ("lang", "headings"),
    [
        ("en", ["kind", "no.", "died / status", "specimens"]),
        ("ja", ["種類", "番号", "死亡 / 状態", "検体"]),
    ],
)
def test_search_shows_a_lot_by_its_number_and_its_specimens_under_their_headings(
    run_irei, tmp_path: Path, lang: str, headings: list[str]
) -> None:
    """A lot's specimen numbers were shown under "reading", its number under "name"; and its
    id, which no command takes, under "id"."""
    path = tmp_path / "irei.sqlite3"
    db = open_database(str(path))
    try:
        register_lot(db, "registrar", specimens=("HB-012-19-00007", "HB-012-19-00008"))
        with db.reading() as session:
            [lot_number] = session.execute(select(RemainsLot.lot_number)).scalars()
    finally:
        db.close()

    result = run_irei(
        ["--db", str(path), "--lang", lang, "search", "HB-012-19-00007"], env={"COLUMNS": "160"}
    )

    assert result.returncode == 0, result.stderr
    assert _headings(result.stdout) == headings
    [row] = [line for line in result.stdout.splitlines() if line.startswith("│")]
    cells = dict(zip(headings, (cell.strip() for cell in row.strip("│").split("│")), strict=True))
    assert cells[headings[1]] == lot_number
    assert cells[headings[3]] == "HB-012-19-00007, HB-012-19-00008"


def test_match_at_80_columns_gives_the_reason_room_to_read(run_irei, tmp_path: Path) -> None:
    """An empty "other forms" column left the reason a word a line."""
    path = _db_with_haruos(tmp_path)

    result = run_irei(["--db", str(path), "match", "サトウ ハルオ"], env={"COLUMNS": "80"})

    assert result.returncode == 0, result.stderr
    assert "other forms" not in _headings(result.stdout)
    reasons = [line.split("│")[-2].strip() for line in result.stdout.splitlines()[3:-1]]
    assert all(" " in reason for reason in reasons if reason), reasons


# Text as staff typed or imported it. Read as Rich markup, "[red]" is dropped and "[/]",
# closing nothing, stops the command with a traceback; ":a:" is read as an emoji's code.
AS_WRITTEN = ["[/]不明[red]", "第2区画:a:"]


@pytest.mark.parametrize("text", AS_WRITTEN)
def test_search_and_stats_show_a_record_as_written(run_irei, tmp_path: Path, text: str) -> None:
    path = tmp_path / "irei.sqlite3"
    db = open_database(str(path))
    try:
        with db.session() as session:
            fields = persons.PersonFields(name=text, reading="フメイ", country=text)
            persons.create_person(session, "registrar", fields, "register")
    finally:
        db.close()

    for command in (["search", "フメイ"], ["stats"]):
        result = run_irei(["--db", str(path), *command])

        assert result.returncode == 0, result.stderr
        _no_traceback(result.stderr)
        assert text in result.stdout


def test_search_names_an_unidentified_person_by_their_first_form_as_the_app_does(
    run_irei, tmp_path: Path
) -> None:
    path = tmp_path / "irei.sqlite3"
    db = open_database(str(path))
    try:
        with db.session() as session:
            forms = (
                persons.NameFormFields("ヤマモト ゴンベエ", "register-kana"),
                persons.NameFormFields("Ямамото Гомбэ", "russian-record"),
            )
            persons.create_person(session, "registrar", persons.PersonFields(forms=forms), "card")
    finally:
        db.close()

    result = run_irei(["--db", str(path), "search", "Ямамото"])

    assert result.returncode == 0, result.stderr
    (row,) = [line for line in result.stdout.splitlines() if "person" in line]
    cells = [cell.strip() for cell in row.strip("│").split("│")]
    name = cells[_headings(result.stdout).index("name")]
    assert name == "ヤマモト ゴンベエ"  # the first form, not every form joined


def test_backup_is_a_consistent_copy_and_never_overwrites(run_irei, tmp_path: Path) -> None:
    path = _db_with_people(tmp_path)
    target = tmp_path / "backup.sqlite3"

    made = run_irei(["--db", str(path), "backup", str(target)])
    again = run_irei(["--db", str(path), "backup", str(target)])

    assert made.returncode == 0, made.stderr
    conn = sqlite3.connect(target)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM person").fetchone() == (3,)
        assert conn.execute("SELECT count(*) FROM audit_event").fetchone() == (3,)
    finally:
        conn.close()
    copy_verifies = run_irei(["--db", str(target), "audit", "verify"])
    assert copy_verifies.returncode == 0, copy_verifies.stderr
    before = target.read_bytes()
    assert again.returncode == 1
    assert again.stderr.count("\n") == 1
    assert "already exists" in again.stderr
    assert target.read_bytes() == before


def test_backup_into_a_missing_directory_is_one_line_and_exit_1(run_irei, tmp_path: Path) -> None:
    path = _db_with_people(tmp_path, 1)

    result = run_irei(["--db", str(path), "backup", str(tmp_path / "no" / "such" / "b.db")])

    assert result.returncode == 1
    assert (
        result.stderr
        == f"irei: there is no folder {tmp_path / 'no' / 'such'}; nothing was written\n"
    )


@pytest.mark.parametrize("written", ["{folder}", "{folder}/"], ids=["folder", "with a slash"])
def test_a_backup_into_a_folder_is_a_new_file_there_named_by_the_time(
    run_irei, tmp_path: Path, written: str
) -> None:
    path = _db_with_people(tmp_path, 2)
    folder = tmp_path / "usb"
    folder.mkdir()

    result = run_irei(["--db", str(path), "backup", written.format(folder=folder)])

    assert result.returncode == 0, result.stderr
    (made,) = folder.iterdir()
    assert re.fullmatch(r"irei-backup-\d{8}-\d{6}\.sqlite3", made.name)
    assert result.stdout.strip() == f"backup written to {made}"
    conn = sqlite3.connect(made)
    try:
        assert conn.execute("SELECT count(*) FROM person").fetchone() == (2,)
    finally:
        conn.close()


def test_a_backup_into_a_folder_written_with_a_slash_that_is_not_there_writes_nothing(
    run_irei, tmp_path: Path
) -> None:
    """ "backup /media/usb/" with the stick not mounted: not a file named usb in /media."""
    path = _db_with_people(tmp_path, 1)

    result = run_irei(["--db", str(path), "backup", f"{tmp_path / 'usb'}/"])

    assert result.returncode == 1
    assert result.stderr == f"irei: there is no folder {tmp_path / 'usb'}; nothing was written\n"
    assert not (tmp_path / "usb").exists()


def test_a_backup_under_a_file_as_if_a_folder_is_refused(run_irei, tmp_path: Path) -> None:
    path = _db_with_people(tmp_path, 1)
    (tmp_path / "notes").write_text("a file")

    result = run_irei(["--db", str(path), "backup", str(tmp_path / "notes" / "b.sqlite3")])

    assert result.returncode == 1
    assert result.stderr == (
        f"irei: {tmp_path / 'notes'} is a file, not a folder; nothing was written\n"
    )


def test_a_database_url_that_cannot_be_opened_is_one_line_and_exit_1(run_irei) -> None:
    result = run_irei(["--db", "postgresql+psycopg://nobody:secret@127.0.0.1:1/none", "stats"])

    assert result.returncode == 1
    assert result.stderr.startswith("irei: cannot open database ")
    assert result.stderr.count("\n") == 1
    assert "secret" not in result.stderr
    _no_traceback(result.stderr)


def test_an_unknown_driver_is_one_line_and_exit_1(run_irei) -> None:
    result = run_irei(["--db", "nosuchdriver://x/y", "stats"])

    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    _no_traceback(result.stderr)


READING = [
    ["stats"],
    ["search", "山田"],
    ["match", "山田太郎"],
    ["audit", "verify"],
    ["ceremony", "list"],
    ["export", "roll", "1", "--format", "xlsx", "--out", "roll.xlsx"],
    ["location", "list"],
    ["location", "rename", "CF", "--name", "墓苑"],
    ["backup", "copy.sqlite3"],
]


@pytest.mark.parametrize("args", READING, ids=[" ".join(a[:2]) for a in READING])
def test_a_command_that_reads_refuses_a_database_file_that_is_not_there(
    tmp_path: Path, args: list[str]
) -> None:
    """A mistyped --db must not read as an empty database: 0 persons, nothing found, an
    intact audit log of 0 events, a backup of nothing."""
    missing = tmp_path / "typo" / "irei.sqlite3"
    result = CliRunner().invoke(app, ["--db", str(missing), *args])
    assert result.exit_code == 1
    assert result.output.startswith(f"irei: no database at {missing}: check --db")
    assert not missing.parent.exists()


@pytest.mark.parametrize(
    "args",
    [
        ["no-such-command"],
        ["demo", "--size", "5"],
        ["stats", "--no-such-option"],
        ["--lang", "fr", "stats"],
        ["search"],
    ],
    ids=["unknown-command", "size-too-small", "unknown-option", "unknown-language", "no-text"],
)
def test_wrong_usage_exits_2_without_a_traceback(run_irei, args: list[str]) -> None:
    result = run_irei(args, env={"XDG_DATA_HOME": "/nonexistent-irei-test"})

    assert result.returncode == 2
    assert result.stdout == ""
    _no_traceback(result.stderr)


def test_demo_twice_builds_once_then_reuses(run_irei, tmp_path: Path) -> None:
    path = tmp_path / "demo.sqlite3"

    first = run_irei(["--db", str(path), "demo", "--no-open", "--size", "200"])
    second = run_irei(["--db", str(path), "demo", "--no-open", "--size", "200"])

    assert first.returncode == 0, first.stderr
    assert "Demo database at" in first.stderr
    assert second.returncode == 0, second.stderr
    assert "Reusing the demo database" in second.stderr
    stats = json.loads(run_irei(["--db", str(path), "stats", "--json"]).stdout)
    assert stats["persons"]["total"] == 200
    assert stats["lots"]["total"] > 0
    assert stats["ceremonies"]["total"] == 2
    assert stats["imports"]["total"] == 1


def test_demo_is_reused_with_the_records_imported_into_it(run_irei, tmp_path: Path) -> None:
    """A sample file tried out in the demo: the next `irei demo` opens the same demo, the
    imported people with it, instead of taking it for a demo of another size."""
    path = tmp_path / "demo.sqlite3"
    assert run_irei(["--db", str(path), "demo", "--no-open", "--size", "200"]).returncode == 0
    sample = SAMPLES / "soviet_deaths_clean.xlsx"
    imported = run_irei(["--db", str(path), "import", str(sample), "--json"])
    assert imported.returncode == 0, imported.stderr
    created = json.loads(imported.stdout)["files"][0]["created"]

    again = run_irei(["--db", str(path), "demo", "--no-open", "--size", "200"])

    assert again.returncode == 0, again.stderr
    assert "Reusing the demo database" in again.stderr
    stats = json.loads(run_irei(["--db", str(path), "stats", "--json"]).stdout)
    assert stats["persons"]["total"] == 200 + created


def test_demo_refuses_a_database_with_real_records(run_irei, tmp_path: Path) -> None:
    path = _db_with_people(tmp_path)

    result = run_irei(["--db", str(path), "demo", "--no-open", "--size", "200"])

    assert result.returncode == 1
    assert "already holds records" in result.stderr
    assert result.stderr.count("\n") == 1


def test_demo_without_db_never_touches_the_real_database(run_irei, tmp_path: Path) -> None:
    data = tmp_path / "data"

    result = run_irei(["demo", "--no-open", "--size", "20"], env={"XDG_DATA_HOME": str(data)})

    assert result.returncode == 0, result.stderr
    assert (data / "irei" / "demo.sqlite3").is_file()
    assert not (data / "irei" / "irei.sqlite3").exists()


@pytest.mark.postgres
def test_postgresql_backup_and_stats(run_irei, pg_database, tmp_path: Path) -> None:
    with pg_database.session() as session:
        persons.create_person(session, "registrar", persons.PersonFields(name="佐藤　正"), "r")
    url = pg_database.url
    target = tmp_path / "irei.pgdump"

    stats = run_irei(["--db", url, "stats", "--json"])
    made = run_irei(["--db", url, "backup", str(target)])
    verified = run_irei(["--db", url, "audit", "verify"])

    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["persons"]["total"] == 1
    assert made.returncode == 0, made.stderr
    assert target.read_bytes().startswith(b"PGDMP")
    assert verified.returncode == 0, verified.stderr


def test_an_os_error_is_one_line_naming_the_file_without_its_number(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(typer.Exit) as exited, user_errors():
        raise PermissionError(errno.EACCES, "Permission denied", "/srv/irei/roll.xlsx")
    assert exited.value.exit_code == 1
    assert capsys.readouterr().err == "irei: /srv/irei/roll.xlsx: permission denied\n"


# A name of 45 kanji, 90 columns: wider than the 80 Rich gave a pipe.
LONG_NAME = (
    "寿限無寿限無五劫の擦り切れ海砂利水魚の水行末雲来末風来末食う寝る処に住む処やぶら小路の藪柑子"
)


def test_a_table_piped_to_a_file_or_a_program_comes_out_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Written to a pipe with no $COLUMNS, as `irei search … | cat` or `> list.txt` are, a
    table and a line were wrapped at 80 columns: a script read half a name."""
    path = tmp_path / "a long folder name that takes the line past eighty columns" / "irei.db"
    path.parent.mkdir()
    db = open_database(str(path))
    try:
        with db.session() as session:
            fields = persons.PersonFields(name=LONG_NAME, reading="ジュゲム")
            persons.create_person(session, "registrar", fields, "register")
    finally:
        db.close()
    monkeypatch.delenv("COLUMNS", raising=False)

    found = CliRunner().invoke(app, ["--db", str(path), "search", "ジュゲム"])
    stats = CliRunner().invoke(app, ["--db", str(path), "stats"])

    assert found.exit_code == stats.exit_code == 0, found.output + stats.output
    assert [line for line in found.output.splitlines() if LONG_NAME in line]
    assert f"irei — sqlite:///{path}" in stats.output.splitlines()


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["ceremony", "create", "--kind", "memorial"], "irei ceremony create: Missing option"),
        (["roll", "add"], "irei roll add: Missing argument 'ceremony_id'"),
        (["roll", "add", "1", "--bogus"], "irei roll add: No such option: --bogus"),
        (
            ["export", "roll", "1", "--format", "doc", "--out", "a.doc"],
            "irei export roll: Invalid value for --format",
        ),
        (["no-such-command"], "irei: No such command"),
    ],
)
def test_wrong_usage_names_the_command_it_was_given_to(
    run_irei, args: list[str], said: str
) -> None:
    """A line such as "Missing option '--name'" left a script's author to guess which of its
    commands it was."""
    result = run_irei(args)

    assert result.returncode == 2
    assert result.stderr.startswith(said)
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--db", "", "stats"], "'--db'"),
        (["backup", ""], "'path'"),
        (["audit", "anchor", ""], "'path'"),
        (["audit", "verify", "--anchor", ""], "'--anchor'"),
        (["import", ""], "'files'"),
        (["import", "--rejects", "", "register.xlsx"], "'--rejects'"),
        (["export", "roll", "1", "--format", "csv", "--out", ""], "'--out'"),
    ],
)
def test_an_empty_path_is_refused_naming_its_option_not_taken_as_this_folder(
    run_irei, tmp_path: Path, args: list[str], option: str
) -> None:
    """Path("") is ".": a backup was written into the current folder, and an empty --db read
    the default database."""
    result = run_irei(args, cwd=tmp_path, env={"XDG_DATA_HOME": str(tmp_path / "data")})

    assert result.returncode == 2
    assert option in result.stderr
    assert "it is empty; give a file or folder name" in result.stderr
    assert result.stderr.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def _options(command: object, path: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    for param in getattr(command, "params", []):
        if param.name != "help":
            yield " ".join(path) or "irei", param.name
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from _options(sub, (*path, name))


OPTIONS = list(_options(typer.main.get_command(app), ()))


@pytest.mark.parametrize(("command", "option"), OPTIONS, ids=[" ".join(o) for o in OPTIONS])
def test_every_option_and_argument_says_what_it_is_for(command: str, option: str) -> None:
    """--limit, --place and --remarks showed in --help with no word of what they do."""
    path = [] if command == "irei" else command.split()
    found = typer.main.get_command(app)
    for name in path:
        found = found.commands[name]  # type: ignore[attr-defined]
    [param] = [param for param in found.params if param.name == option]

    assert getattr(param, "help", None)
