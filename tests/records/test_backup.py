"""Backups into a folder: each press of Backup is a new file, and no file is ever replaced."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from records import backup as backups
from records.database import Database, open_database
from records.errors import IreiError
from records.messages import Message
from tests.records.conftest import create_person

SECOND = datetime(2026, 11, 21, 23, 5, 12, tzinfo=UTC)


@pytest.fixture
def same_second(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every backup taken within one second, as Backup pressed twice quickly is."""
    monkeypatch.setattr(backups, "now_utc", lambda: SECOND)


@pytest.fixture
def stick(tmp_path: Path) -> Path:
    """A folder of backups only, away from the database's own files."""
    folder = tmp_path / "usb"
    folder.mkdir()
    return folder


def _persons_in(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM person").fetchone()[0])
    finally:
        conn.close()


@pytest.mark.usefixtures("same_second")
def test_backups_into_a_folder_in_the_same_second_are_numbered(
    database: Database, actor: str, stick: Path
) -> None:
    create_person(database, actor, reading="サトウ タロウ")

    made = [backups.backup(database, stick) for _ in range(3)]

    assert [p.name for p in made] == [
        "irei-backup-20261121-230512.sqlite3",
        "irei-backup-20261121-230512-2.sqlite3",
        "irei-backup-20261121-230512-3.sqlite3",
    ]
    assert sorted(stick.iterdir()) == sorted(made)
    assert [_persons_in(p) for p in made] == [1, 1, 1]


@pytest.mark.usefixtures("same_second")
def test_a_file_already_under_the_timed_name_is_left_as_it_is(
    database: Database, stick: Path
) -> None:
    taken = stick / "irei-backup-20261121-230512.sqlite3"
    taken.write_bytes(b"a backup made by another machine")

    made = backups.backup(database, stick, into_folder=True)

    assert made.name == "irei-backup-20261121-230512-2.sqlite3"
    assert taken.read_bytes() == b"a backup made by another machine"


def test_a_named_file_that_appears_while_the_copy_is_made_is_not_replaced(
    database: Database, stick: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The name was free when the backup began; another hand wrote it before it ended."""
    target = stick / "backup.sqlite3"
    copy = backups._sqlite_backup

    def copy_while_another_writes(db: Database, partial: Path) -> None:
        copy(db, partial)
        target.write_bytes(b"another backup")

    monkeypatch.setattr(backups, "_sqlite_backup", copy_while_another_writes)

    with pytest.raises(IreiError, match="already exists; choose a new file name"):
        backups.backup(database, target)

    assert target.read_bytes() == b"another backup"
    assert list(stick.iterdir()) == [target]


@pytest.mark.parametrize(
    ("written", "template"),
    [
        ("no/such/b.sqlite3", "there is no folder {folder}; nothing was written"),
        ("notes/b.sqlite3", "{folder} is a file, not a folder; nothing was written"),
        ("notes", "{path} already exists; choose a new file name, nothing was written"),
    ],
    ids=["no folder", "under a file", "already there"],
)
def test_a_refused_backup_is_a_message_the_japanese_interface_translates(
    database: Database, tmp_path: Path, written: str, template: str
) -> None:
    """`irei --lang ja backup` said these in English: they were f-strings, not Messages."""
    (tmp_path / "notes").write_text("a file")

    with pytest.raises(IreiError) as refused:
        backups.backup(database, tmp_path / written)

    said = refused.value.args[0]
    assert isinstance(said, Message)
    assert said.template == template


@pytest.mark.parametrize("name", ["irei 2026#2.sqlite3", "irei?new.sqlite3"])
def test_a_database_whose_path_has_a_hash_or_question_mark_is_the_one_backed_up(
    tmp_path: Path, stick: Path, name: str
) -> None:
    # The neighbour a path cut at '#' or '?' would have named: copied instead, said written.
    neighbour = open_database(str(tmp_path / name.split("#")[0].split("?")[0]))
    neighbour.engine.dispose()
    database = open_database(str(tmp_path / name))
    create_person(database, "tanaka", name="佐藤　一郎")

    written = backups.backup(database, stick / "copy.sqlite3")

    assert _persons_in(written) == 1


def test_a_folder_that_cannot_be_written_is_said_as_the_system_says_it(
    database: Database,
) -> None:
    # /proc takes no new files, whoever asks: a read-only stick or another user's folder.
    with pytest.raises(IreiError) as refused:
        backups.backup(database, Path("/proc/irei-backup.sqlite3"))
    assert str(refused.value).startswith("cannot write in /proc: ")
