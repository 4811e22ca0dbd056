"""`irei import` as staff run it: JSON and table output, exit codes, hostile files refused in
one line with nothing changed, and a SIGKILL mid-import that leaves the database as it was."""

from __future__ import annotations

import errno
import gc
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from tests.importers.conftest import SAMPLES
from tests.importers.test_csv_rows import lots_csv
from tests.records.conftest import size_now
from tui.cli import app
from tui.i18n import save_setting

runner = CliRunner()


def irei(db: Path, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["--db", str(db), "import", *args])


def dump(db: Path) -> list[str]:
    # Closed at once: a connection left to the collector would hold the file open.
    with closing(sqlite3.connect(db)) as conn:
        return list(conn.iterdump())


def test_json_reports_each_file(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    result = irei(
        db, str(SAMPLES / "recovery_messy.xlsx"), str(SAMPLES / "analysis_messy.csv"), "--json"
    )
    assert result.exit_code == 0, result.output
    files = json.loads(result.stdout)["files"]
    assert [(f["profile"], f["created"], f["rejected"]) for f in files] == [
        ("recovery", 120, 0),
        ("analysis", 211, 0),
    ]


def test_a_folder_among_the_files_is_refused_alone_and_the_others_are_imported(
    tmp_path: Path,
) -> None:
    db, folder = tmp_path / "db.sqlite3", tmp_path / "届いた.xlsx"
    folder.mkdir()
    result = irei(
        db,
        str(SAMPLES / "recovery_messy.xlsx"),
        str(folder),
        str(SAMPLES / "analysis_messy.csv"),
        "--json",
    )
    assert result.exit_code == 1
    assert result.stderr == f"irei: {folder}: it is a folder, not a file\n"
    files = json.loads(result.stdout)["files"]
    assert [f["created"] for f in files] == [120, 0, 211]
    # The refused file in the shape of the others, its refusal among its errors.
    reason = f"{folder}: it is a folder, not a file"
    assert files[1] == {
        "file": folder.name,
        "profile": None,
        "sheets": [],
        "not_imported_columns": [],
        "created": 0,
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
        "errors": [
            {"file": folder.name, "sheet": None, "row": None, "column": None, "value": None,
             "reason": reason},
        ],
        "refused": reason,
        "written": False,
    }  # fmt: skip


def test_a_refused_file_is_said_once_not_listed_as_a_rejected_row(tmp_path: Path) -> None:
    db, folder = tmp_path / "db.sqlite3", tmp_path / "届いた.xlsx"
    folder.mkdir()
    result = irei(db, str(SAMPLES / "recovery_messy.xlsx"), str(folder))
    assert result.exit_code == 1
    assert "(refused)" in result.stdout
    assert "row None" not in result.stdout
    assert result.stdout.count("it is a folder") == 0  # said on stderr, not again below the table


@pytest.mark.parametrize("name", ["届いた分", "届いた 分.csv"])
def test_a_folder_is_refused_as_a_folder_whatever_its_name(tmp_path: Path, name: str) -> None:
    db, folder = tmp_path / "db.sqlite3", tmp_path / name
    folder.mkdir()
    result = irei(db, str(folder))
    assert result.exit_code == 1
    assert result.stderr == f"irei: {folder}: it is a folder, not a file\n"


@pytest.mark.parametrize(
    "where", ["an input", "a folder", "a missing folder", "a CSV name", "no suffix"]
)
def test_a_rejects_path_that_cannot_be_used_is_refused_before_anything_is_imported(
    tmp_path: Path, where: str
) -> None:
    db, source = tmp_path / "db.sqlite3", tmp_path / "k.xlsx"
    shutil.copy(SAMPLES / "recovery_messy.xlsx", source)
    rejects = {
        "an input": source,
        "a folder": tmp_path,
        "a missing folder": tmp_path / "x" / "r.xlsx",
        "a CSV name": tmp_path / "却下.csv",
        "no suffix": tmp_path / "却下",
    }
    result = irei(db, str(source), "--accept-valid", "--rejects", str(rejects[where]))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"irei: {rejects[where]}: ") and result.stderr.count("\n") == 1
    assert not db.exists()
    assert source.read_bytes() == (SAMPLES / "recovery_messy.xlsx").read_bytes()
    if where in ("a CSV name", "no suffix"):
        assert "ending in .xlsx" in result.stderr and not rejects[where].exists()


def test_a_rejects_path_already_there_is_kept_and_nothing_imported_unless_replace(
    tmp_path: Path,
) -> None:
    """A corrected workbook named as the next import's rejects is not written over: the
    command is refused before it imports anything, as `irei export roll --out` is."""
    db, corrected = tmp_path / "db.sqlite3", tmp_path / "訂正済.xlsx"
    assert irei(db, str(SAMPLES / "soviet_deaths_clean.xlsx")).exit_code == 0
    shutil.copy(SAMPLES / "recovery_messy.xlsx", corrected)
    before = dump(db)
    args = (str(SAMPLES / "recovery_messy.xlsx"), "--accept-valid", "--rejects", str(corrected))
    result = irei(db, *args)
    assert result.exit_code == 1
    assert result.stderr == (
        f"irei: {corrected} is already there; nothing was written (--replace writes over it)\n"
    )
    assert corrected.read_bytes() == (SAMPLES / "recovery_messy.xlsx").read_bytes()
    assert dump(db) == before
    assert irei(db, *args, "--replace").exit_code == 0
    assert dump(db) != before
    assert corrected.read_bytes() != (SAMPLES / "recovery_messy.xlsx").read_bytes()


def test_a_disk_that_fills_up_while_the_rejects_are_saved_leaves_no_half_workbook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rejects workbook appears whole or not at all: the one named is kept as it was and
    no partial file is left beside it, and the failure is one line naming the file."""
    db, rejects = tmp_path / "db.sqlite3", tmp_path / "rejects.xlsx"
    rejects.write_bytes(b"last year's corrections")

    def disk_full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("records.files.os.fsync", disk_full)
    args = (str(SAMPLES / "analysis_messy.csv"), "--rejects", str(rejects), "--replace")
    result = irei(db, *args)
    assert result.exit_code == 1
    assert result.stderr == "irei: cannot save rejects.xlsx: no space left on the disk\n"
    assert rejects.read_bytes() == b"last year's corrections"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rejects.xlsx"]


def test_rejects_that_cannot_be_saved_after_an_import_leave_the_import_said_as_done(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The folder was writable when checked and the disk filled up during the import: the
    rows written stay written, and the command says so beside the failure, not as if the
    failure had undone them."""
    db, rejects = tmp_path / "db.sqlite3", tmp_path / "rejects.xlsx"

    def disk_full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("records.files.os.fsync", disk_full)
    messy = str(SAMPLES / "recovery_messy.xlsx")
    result = irei(db, messy, "--accept-valid", "--rejects", str(rejects), "--json")
    assert result.exit_code == 1
    assert result.stderr == (
        "irei: cannot save rejects.xlsx: no space left on the disk; recovery_messy.xlsx "
        "imported all the same\n"
    )
    [summary] = json.loads(result.stdout)["files"]
    assert summary["written"] and summary["created"] == 120
    assert not rejects.exists()


def test_a_rejects_folder_nothing_can_be_saved_in_is_refused_before_importing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tried, not judged by the folder's permissions, which a root user or a read-only disk
    make say nothing."""
    db = tmp_path / "db.sqlite3"

    def read_only(**kwargs: object) -> None:  # naming its own file, as the system's does
        raise OSError(errno.EROFS, "Read-only file system", str(tmp_path / "tmpbbruyu1p"))

    monkeypatch.setattr("tui.console.tempfile.TemporaryFile", read_only)
    rejects = tmp_path / "rejects.xlsx"
    result = irei(db, str(SAMPLES / "recovery_messy.xlsx"), "--rejects", str(rejects))
    assert result.exit_code == 1
    assert result.stderr == (
        f"irei: {rejects}: nothing can be saved in {tmp_path}: the disk is read-only\n"
    )
    assert not db.exists()


@pytest.fixture
def unwritable(tmp_path: Path) -> Iterator[Path]:
    """A file there that cannot be written over: read-only, or for root (whom no file mode
    stops) immutable."""
    path = tmp_path / "rejects.xlsx"
    path.write_bytes(b"kept")
    if os.geteuid() != 0:
        path.chmod(0o444)
    elif subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
        pytest.skip("this file system cannot make a file immutable")
    yield path
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_a_rejects_file_that_cannot_be_written_over_is_refused_before_importing(
    tmp_path: Path, unwritable: Path
) -> None:
    """Found only at the end, the rows were imported and the rejects written nowhere."""
    db = tmp_path / "db.sqlite3"
    result = irei(
        db,
        str(SAMPLES / "soviet_deaths_messy.xlsx"),
        "--accept-valid",
        "--rejects",
        str(unwritable),
        "--replace",
    )
    assert result.exit_code == 1
    assert re.fullmatch(
        f"irei: {re.escape(str(unwritable))} cannot be written over: .+; nothing was done\n",
        result.stderr,
    ), result.stderr
    assert not db.exists() and unwritable.read_bytes() == b"kept"


def test_an_old_file_sent_again_after_its_correction_is_refused_not_undoing_it(
    tmp_path: Path,
) -> None:
    """A register, then its corrected copy, then the first by mistake: importing it would put
    the corrected 収容所 back, quietly. Refused, in the dry run too; the same file twice in a
    row still imports as unchanged."""
    db, first, corrected = tmp_path / "db.sqlite3", tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    shutil.copy(SAMPLES / "soviet_deaths_clean.xlsx", first)
    book = openpyxl.load_workbook(first)
    book.active["G2"] = "第99収容所"
    book.save(corrected)
    assert irei(db, str(first)).exit_code == 0
    assert irei(db, str(first), "--json").exit_code == 0  # unchanged: nothing to undo
    assert irei(db, str(corrected)).exit_code == 0
    before = dump(db)
    for dry in ((), ("--dry-run",)):
        result = irei(db, str(first), "--json", *dry)
        assert result.exit_code == 1
        [summary] = json.loads(result.stdout)["files"]
        assert summary["refused"].startswith(f"{first}: this very file was imported on ")
        assert "(import batch 2), and 1 of its rows have been corrected since" in summary["refused"]
        assert dump(db) == before


def test_an_old_copy_saved_again_after_its_correction_is_rejected_where_it_would_undo_it(
    tmp_path: Path,
) -> None:
    """The same old register, opened and saved again, has other bytes: its rows still tell it,
    the row that would put back a corrected value rejected, naming the correction."""
    db, first, corrected = tmp_path / "db.sqlite3", tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    shutil.copy(SAMPLES / "soviet_deaths_clean.xlsx", first)
    book = openpyxl.load_workbook(first)
    camp = book.active["G2"].value
    book.active["G2"] = "第99収容所"
    book.save(corrected)
    assert irei(db, str(first)).exit_code == 0
    assert irei(db, str(corrected)).exit_code == 0
    resaved = tmp_path / "a (2).xlsx"
    openpyxl.load_workbook(first).save(resaved)
    before = dump(db)

    result = irei(db, str(resaved), "--json")

    assert result.exit_code == 1
    [summary] = json.loads(result.stdout)["files"]
    assert (summary["updated"], summary["rejected"]) == (0, 1)
    [error] = summary["errors"]
    assert (error["row"], error["column"], error["value"]) == (2, "収容所", camp)
    assert error["reason"].startswith(
        f"the row puts back 収容所 {camp} of 番号 1, corrected to 第99収容所 on "
    )
    assert "(import batch 2" in error["reason"] and error["reason"].endswith(
        "an older copy of the file? A change meant is made in the app"
    )
    assert dump(db) == before
    # In Japanese, the batch that made the correction too, as the History view says it.
    said = speaking(db, ["--lang", "ja"], str(resaved)).stdout
    assert "訂正されたものです（取込バッチ 2（b.xlsx））" in said.replace("\n", "")


@pytest.mark.parametrize(
    ("header", "written", "meant"),
    [
        ("死亡年月日", "死亡年月", "死亡年月日"),
        ("備考", "備考事項", "備考"),
        ("出身地", "出身都道府県", "出身地"),
    ],
)
def test_a_column_headed_nearly_as_the_format_says_is_refused_not_dropped(
    tmp_path: Path, header: str, written: str, meant: str
) -> None:
    """A header written otherwise than the format's (and none of its aliases) would leave its
    column unread: every date of death, every remark, lost without a word and exit 0."""
    db, register = tmp_path / "db.sqlite3", tmp_path / "名簿.xlsx"
    book = openpyxl.load_workbook(SAMPLES / "soviet_deaths_clean.xlsx")
    [cell] = [c for c in book.active[1] if c.value == header]
    cell.value = written
    book.save(register)
    result = irei(db, str(register))
    assert result.exit_code == 1
    assert result.stderr == (
        f"irei: {register}: sheet 名簿: columns the soviet_deaths format does not read, whose "
        f"values would not be imported: {cell.column_letter} ({written}) → {meant}; if a column "
        "is the one its arrow points to, give it that header (or add its header to the "
        "format's aliases in a profile file)\n"
    )
    assert not db.exists()


def test_dry_run_table_and_nothing_written(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    irei(db, str(SAMPLES / "soviet_deaths_clean.xlsx"))
    result = irei(db, str(SAMPLES / "soviet_deaths_clean.xlsx"), "--dry-run")
    assert result.exit_code == 0 and "dry run" in result.stdout and "200" in result.stdout
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT count(*) FROM import_batch").fetchone() == (1,)


def test_a_dry_run_before_the_first_import_does_not_create_the_database(tmp_path: Path) -> None:
    db = tmp_path / "new" / "db.sqlite3"
    result = irei(db, str(SAMPLES / "soviet_deaths_clean.xlsx"), "--dry-run", "--json")
    assert result.exit_code == 0, result.output
    [summary] = json.loads(result.stdout)["files"]
    assert (summary["created"], summary["rejected"]) == (200, 0)
    assert not db.parent.exists()


def test_an_import_that_writes_nothing_leaves_no_new_database_behind(tmp_path: Path) -> None:
    db, bad = tmp_path / "new.sqlite3", tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n")
    assert irei(db, str(bad)).exit_code == 1  # refused: no profile fits
    assert irei(db, str(SAMPLES / "analysis_messy.csv")).exit_code == 1  # every row rejected
    assert list(tmp_path.iterdir()) == [bad]
    result = irei(db, str(bad), str(SAMPLES / "recovery_clean.xlsx"))
    assert result.exit_code == 1  # the first refused, the second written: the database stays
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT count(*) FROM import_batch").fetchone() == (1,)


def test_rejected_rows_exit_1_and_write_the_rejects_workbook(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    rejects = tmp_path / "rejects.xlsx"
    # The analyses' specimens are unknown until the recovery file is imported.
    result = irei(db, str(SAMPLES / "analysis_messy.csv"), "--rejects", str(rejects), "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["files"][0]["rejected"] == 211
    assert rejects.exists()


def test_the_rows_left_unlisted_are_said_to_be_in_the_rejects_workbook_written(
    tmp_path: Path,
) -> None:
    """Given --rejects, the line under the first 20 rejected rows says where the rest are,
    no longer that --rejects PATH would write them."""
    db = tmp_path / "db.sqlite3"
    rejects = tmp_path / "rejects.xlsx"
    result = irei(db, str(SAMPLES / "analysis_messy.csv"), "--rejects", str(rejects))
    assert result.exit_code == 1
    text = " ".join(result.stdout.split())
    assert f"… and 191 more, all of them in {rejects}" in text
    assert "use --rejects PATH" not in text

    without = irei(db, str(SAMPLES / "analysis_messy.csv"))
    assert "… and 191 more (use --rejects PATH or --json)" in " ".join(without.stdout.split())


def test_files_are_named_as_written_in_the_bar_the_table_and_the_outcome(
    run_irei, tmp_path: Path
) -> None:
    # Read as Rich markup, "[red]" and "[b]" would be dropped from the names and ":a:" read as
    # an emoji's code. No name holds the "[/]" that would stop the command: "/" parts a path.
    db = tmp_path / "db.sqlite3"
    refused, rejected = tmp_path / "[red]不明[b]:a:.csv", tmp_path / "[red]届いた分[b]:a:.csv"
    refused.write_text("a,b\n1,2\n")  # no profile fits
    shutil.copy(SAMPLES / "analysis_messy.csv", rejected)  # every specimen unknown

    # FORCE_COLOR: the progress bar is drawn, as in a terminal.
    result = run_irei(
        ["--db", str(db), "import", str(refused), str(rejected)], env={"FORCE_COLOR": "1"}
    )

    assert result.returncode == 1, result.stderr
    lines = re.split(r"[\r\n]", re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", result.stdout))
    assert any(line.startswith(f"{rejected.name} ") and " rows" in line for line in lines)
    rows = [line.split("│")[1].strip() for line in lines if line.startswith("│")]
    assert rows == [refused.name, rejected.name]
    assert (
        f"  {rejected.name}: nothing written (rows rejected; --accept-valid writes the rest)"
        in lines
    )


def test_at_80_columns_the_table_names_files_whole_that_differ_only_at_the_end(
    run_irei, tmp_path: Path
) -> None:
    db = tmp_path / "db.sqlite3"
    names = [f"ソ連抑留中死亡者名簿_令和6年度_送付分_part{n}.xlsx" for n in (1, 2)]
    for name in names:
        shutil.copy(SAMPLES / "soviet_deaths_clean.xlsx", tmp_path / name)

    result = run_irei(
        ["--db", str(db), "import", "--dry-run", *(str(tmp_path / n) for n in names)],
        env={"COLUMNS": "80"},
    )

    assert result.returncode == 0, result.stderr
    cells = [line.split("│")[1].strip() for line in result.stdout.splitlines() if "│" in line]
    assert "".join(cells) == "".join(names)


def test_the_bar_says_the_indexes_built_and_the_saving_after_the_rows(
    run_irei, tmp_path: Path
) -> None:
    """At a million rows these steps take seconds with the bar full: the registrar must see
    that the import goes on. A dry run builds and saves nothing, and says nothing of it."""
    db, register = tmp_path / "db.sqlite3", str(SAMPLES / "soviet_deaths_clean.xlsx")

    def bar(*args: str) -> str:
        # FORCE_COLOR: the progress bar is drawn, as in a terminal.
        result = run_irei(["--db", str(db), "import", *args], env={"FORCE_COLOR": "1"})
        assert result.returncode == 0, result.stderr
        return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", result.stdout)

    checked = bar(register, "--dry-run")
    assert " 200 rows" in checked
    assert "indexes" not in checked and "Saving" not in checked
    imported = bar(register)  # into no persons: loaded in bulk, its indexes set aside
    assert "200 rows Building search indexes: 1/" in imported
    assert "200 rows Saving…" in imported


def test_a_dry_run_of_several_files_says_the_indexes_the_first_builds_again(
    run_irei, tmp_path: Path
) -> None:
    """A register other files follow in a dry run is written for them to see: into no
    persons, loaded in bulk and its indexes built again, seconds at a million rows with the
    bar full. It is never saved, and nothing says so."""
    db, register = tmp_path / "db.sqlite3", str(SAMPLES / "soviet_deaths_clean.xlsx")
    lots = str(SAMPLES / "recovery_clean.xlsx")
    result = run_irei(
        ["--db", str(db), "import", "--dry-run", register, lots], env={"FORCE_COLOR": "1"}
    )
    assert result.returncode == 0, result.stderr
    checked = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", result.stdout)
    assert "200 rows Building search indexes: 1/" in checked
    assert "Saving" not in checked


def _entity_bomb(path: Path) -> None:
    with zipfile.ZipFile(SAMPLES / "recovery_clean.xlsx") as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = (
                    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>' + data
                )
            dst.writestr(item, data)


def _zip_bomb(path: Path) -> None:
    with (
        zipfile.ZipFile(SAMPLES / "recovery_clean.xlsx") as src,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            dst.writestr(item.filename, src.read(item))
        dst.writestr("xl/worksheets/sheet9.xml", b"\0" * (64 * 1024 * 1024))


HOSTILE = {
    "entity_bomb.xlsx": _entity_bomb,
    "zip_bomb.xlsx": _zip_bomb,
    "truncated.xlsx": lambda p: p.write_bytes(
        (SAMPLES / "recovery_clean.xlsx").read_bytes()[:3000]
    ),
    "not_a_zip.xlsx": lambda p: p.write_text("整理番号,収集年度\n"),
    "locked.xlsx": lambda p: p.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500 + "EncryptedPackage".encode("utf-16-le")
    ),
    "empty.csv": lambda p: p.write_bytes(b""),
    "latin1.csv": lambda p: p.write_bytes("検体番号\n".encode() + b"\xff\xfe\x80\x81\xa0\n"),
    "open_quote.csv": lambda p: lots_csv(p, 10, {2: '"要確認'}),
    "quote_closed_late.csv": lambda p: lots_csv(p, 10, {2: '"要確認', 8: '"'}),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_is_refused_in_one_line_and_changes_nothing(tmp_path: Path, name: str) -> None:
    db = tmp_path / "db.sqlite3"
    assert irei(db, str(SAMPLES / "recovery_clean.xlsx")).exit_code == 0
    before = dump(db)
    path = tmp_path / name
    HOSTILE[name](path)
    result = irei(db, str(path))
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("irei: "), result.stderr
    assert dump(db) == before


# The import as staff start it, reading the file here or (importers.reading) in a second
# process, whichever its size decides; "beside" makes every file big enough.
IMPORT_HERE = [str(Path(sys.executable).parent / "irei")]
IMPORT_BESIDE = [
    sys.executable,
    "-c",
    "import importers.reading as r; r.READ_BESIDE_FROM = 0; from tui.cli import main; main()",
]


@pytest.mark.parametrize("command", [IMPORT_HERE, IMPORT_BESIDE], ids=["here", "beside"])
def test_sigkill_mid_import_leaves_the_database_as_before(
    tmp_path: Path, command: list[str]
) -> None:
    child, db, before = _import_writing(tmp_path, command, subprocess.DEVNULL)
    helpers = _children(child.pid)
    assert bool(helpers) == (command is IMPORT_BESIDE)
    # A big file is written through the rollback journal, a small one beside the WAL.
    assert Path(f"{db}-journal").exists() == (command is IMPORT_BESIDE)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert dump(db) == before
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    # The next import finds the WAL put back, and its records whole.
    assert irei(db, str(SAMPLES / "recovery_clean.xlsx")).exit_code == 0
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    # A reading process left behind would hold the whole sheet in memory: it must end too.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(_running(pid) for pid in helpers):
        time.sleep(0.1)
    assert not any(_running(pid) for pid in helpers)


@pytest.mark.parametrize("command", [IMPORT_HERE, IMPORT_BESIDE], ids=["here", "beside"])
def test_ctrl_c_mid_import_says_interrupted_and_changes_nothing(
    tmp_path: Path, command: list[str]
) -> None:
    child, db, before = _import_writing(tmp_path, command, subprocess.PIPE)
    os.killpg(child.pid, signal.SIGINT)  # as the terminal sends it: to the whole group
    _, stderr = child.communicate(timeout=60)
    assert (child.returncode, stderr.decode().strip()) == (130, "irei: interrupted")
    assert dump(db) == before
    assert irei(db, str(SAMPLES / "recovery_clean.xlsx")).exit_code == 0
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)


# The import as staff start it, with a Ctrl-C (a real SIGINT) once its first search index is
# built again: a register into no persons is loaded in bulk, its indexes set aside.
INTERRUPTED_AT_THE_FIRST_INDEX = [
    sys.executable,
    "-c",
    """
import os, signal
import importers.running as running
built = running._indexes_built
def interrupted(*args):
    report = built(*args)
    def first(done, total):
        report(done, total)
        if done == 1:
            os.kill(os.getpid(), signal.SIGINT)
    return first
running._indexes_built = interrupted
from tui.cli import main; main()
""",
]


def test_ctrl_c_while_the_indexes_are_built_says_interrupted_and_changes_nothing(
    tmp_path: Path,
) -> None:
    """After the last row the indexes take seconds at a million rows: a Ctrl-C then rolls
    back the rows and the indexes and triggers dropped for them, and the next import works."""
    db = tmp_path / "db.sqlite3"
    assert irei(db, str(SAMPLES / "recovery_clean.xlsx")).exit_code == 0  # lots, no persons
    before = dump(db)
    register = str(SAMPLES / "soviet_deaths_clean.xlsx")
    child = subprocess.run(
        [*INTERRUPTED_AT_THE_FIRST_INDEX, "--db", str(db), "import", register],
        capture_output=True,
        cwd=Path(__file__).parents[2],
        timeout=120,
        check=False,
    )
    assert (child.returncode, child.stderr.decode().strip()) == (130, "irei: interrupted")
    assert dump(db) == before
    result = irei(db, register, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["files"][0]["created"] == 200
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_ctrl_c_during_a_later_file_names_the_files_imported_before_it(tmp_path: Path) -> None:
    """The files before the one interrupted are imported: "interrupted" alone read as if
    nothing had been written, and the table of what stands was not shown."""
    db = tmp_path / "db.sqlite3"
    recovery, register = SAMPLES / "recovery_clean.xlsx", SAMPLES / "soviet_deaths_clean.xlsx"
    child = subprocess.run(
        [*INTERRUPTED_AT_THE_FIRST_INDEX, "--db", str(db), "import", str(recovery), str(register)],
        capture_output=True,
        cwd=Path(__file__).parents[2],
        timeout=120,
        check=False,
    )
    assert child.returncode == 130
    assert child.stderr.decode().splitlines() == [
        "irei: interrupted during soviet_deaths_clean.xlsx, nothing of it written; "
        "imported before it: recovery_clean.xlsx",
    ]  # once: a plain "interrupted" under it said the same again
    assert "recovery_clean.xlsx" in child.stdout.decode()  # the table of what stands
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT count(*) FROM remains_lot").fetchone()[0] > 0
        assert conn.execute("SELECT count(*) FROM person").fetchone() == (0,)


def test_ctrl_c_during_a_later_file_lists_it_and_the_files_after_it_in_the_json(
    tmp_path: Path,
) -> None:
    """A script finds every file of the command, not a list that just ends."""
    db = tmp_path / "db.sqlite3"
    files = [SAMPLES / f for f in ("recovery_clean.xlsx", "soviet_deaths_clean.xlsx")]
    files.append(SAMPLES / "analysis_clean.csv")
    child = subprocess.run(
        [*INTERRUPTED_AT_THE_FIRST_INDEX, "--db", str(db), "import", *map(str, files), "--json"],
        capture_output=True,
        cwd=Path(__file__).parents[2],
        timeout=120,
        check=False,
    )
    assert child.returncode == 130
    listed = json.loads(child.stdout)["files"]
    assert [(f["file"], f["written"], f.get("interrupted")) for f in listed] == [
        ("recovery_clean.xlsx", True, None),
        ("soviet_deaths_clean.xlsx", False, "interrupted during it: nothing of it written"),
        ("analysis_clean.csv", False, "not imported: the import was interrupted before it"),
    ]
    assert listed[2]["created"] == 0 and listed[2]["errors"][0]["row"] is None


# The import as staff start it, with a Ctrl-C (a real SIGINT) that arrives while its file is
# being committed: Python sees it only once SQLite has returned, the file written.
INTERRUPTED_IN_THE_COMMIT = [
    sys.executable,
    "-c",
    """
import os, signal
from sqlalchemy import event
from sqlalchemy.orm import Session
import importers.pipeline as pipeline
apply = pipeline.apply_import
def interrupted(*args, stage, **kwargs):
    def saving(step):
        stage(step)
        if step == "Saving…":
            event.listen(
                Session, "after_commit", lambda _: os.kill(os.getpid(), signal.SIGINT), once=True
            )
    return apply(*args, stage=saving, **kwargs)
pipeline.apply_import = interrupted
from tui.cli import main; main()
""",
]


def _batches(db: Path) -> list[str]:
    with closing(sqlite3.connect(db)) as conn:
        return [name for (name,) in conn.execute("SELECT file_name FROM import_batch ORDER BY id")]


def test_ctrl_c_while_the_file_is_saved_says_it_is_imported(tmp_path: Path) -> None:
    """Too late to stop the commit, the Ctrl-C is not reported as an interrupt of an import
    that was written: the registrar would import the file again, or believe it missing."""
    db = tmp_path / "db.sqlite3"
    child = subprocess.run(
        [
            *INTERRUPTED_IN_THE_COMMIT,
            "--db",
            str(db),
            "import",
            str(SAMPLES / "recovery_clean.xlsx"),
        ],
        capture_output=True,
        cwd=Path(__file__).parents[2],
        timeout=120,
        check=False,
    )
    assert (child.returncode, child.stderr.decode().strip()) == (
        0,
        "irei: interrupted while recovery_clean.xlsx was being saved, too late to stop it: "
        "recovery_clean.xlsx is imported",
    )
    assert "Imported" in child.stdout.decode()
    assert _batches(db) == ["recovery_clean.xlsx"]


def test_ctrl_c_while_a_file_is_saved_leaves_the_files_after_it_alone(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    files = [str(SAMPLES / "recovery_clean.xlsx"), str(SAMPLES / "soviet_deaths_clean.xlsx")]
    child = subprocess.run(
        [*INTERRUPTED_IN_THE_COMMIT, "--db", str(db), "import", *files],
        capture_output=True,
        cwd=Path(__file__).parents[2],
        timeout=120,
        check=False,
    )
    assert (child.returncode, child.stderr.decode().strip().splitlines()) == (
        130,
        [
            "irei: interrupted while recovery_clean.xlsx was being saved, too late to stop it: "
            "recovery_clean.xlsx is imported; the 1 file after it is not",
        ],
    )
    assert _batches(db) == ["recovery_clean.xlsx"]


def _import_writing(
    tmp_path: Path, command: list[str], stderr: int
) -> tuple[subprocess.Popen[bytes], Path, list[str]]:
    """`irei import` of a big register started on a database holding a small one, once it
    is really writing (its WAL grows, or the file itself when a big file is written through
    the rollback journal, Database.bulk_session); and the database as it was before."""
    sys.path.insert(0, str(Path(__file__).parents[2] / "bench"))
    from bench_import import generate  # type: ignore[import-not-found]

    big = tmp_path / "big.xlsx"
    generate(big, 60_000)
    db = tmp_path / "db.sqlite3"
    assert irei(db, str(SAMPLES / "soviet_deaths_clean.xlsx")).exit_code == 0
    # The import run here leaves its engine to the collector: a connection still open would
    # keep a big file's import from its rollback journal (bulk_session), as it should.
    gc.collect()
    before = dump(db)
    wal, journal = Path(f"{db}-wal"), Path(f"{db}-journal")
    # The small import's WAL may still be there: a fresh write rewinds over it.
    grown = size_now(wal) + 1_000_000
    larger = db.stat().st_size + 1_000_000

    def writing() -> bool:
        if journal.exists():
            return db.stat().st_size >= larger
        return size_now(wal) >= grown

    child = subprocess.Popen(
        [*command, "--db", str(db), "import", str(big)],
        stdout=subprocess.DEVNULL,
        stderr=stderr,
        cwd=Path(__file__).parents[2],
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not writing():
        assert child.poll() is None, "the import finished before it could be stopped"
        time.sleep(0.05)
    return child, db, before


def _children(pid: int) -> list[int]:
    return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _running(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return status.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has ended


@pytest.mark.parametrize("dry_run", [False, True], ids=["import", "dry run"])
def test_a_ceremony_given_with_a_file_that_is_not_a_roll_is_refused_naming_its_profile(
    tmp_path: Path, dry_run: bool
) -> None:
    db = tmp_path / "db.sqlite3"
    assert irei(db, str(SAMPLES / "recovery_clean.xlsx")).exit_code == 0
    before = dump(db)
    register = SAMPLES / "soviet_deaths_clean.xlsx"
    result = irei(db, str(register), "--ceremony", "1", *(["--dry-run"] if dry_run else []))
    assert result.exit_code == 1
    assert result.stderr == (
        f"irei: {register}: --ceremony is only for a ceremony roll; "
        "this file is 抑留中死亡者名簿 (profile soviet_deaths)\n"
    )
    assert dump(db) == before


def summaries(result) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    """The files' summaries, without whether they were written (a dry run writes none)."""
    files = json.loads(result.stdout)["files"]
    return [{k: v for k, v in f.items() if k != "written"} for f in files]


def test_a_dry_run_of_several_files_sees_what_the_files_before_would_create(
    tmp_path: Path,
) -> None:
    db = tmp_path / "db.sqlite3"
    files = [str(SAMPLES / "recovery_messy.xlsx"), str(SAMPLES / "analysis_messy.csv")]
    checked = irei(db, *files, "--dry-run", "--json")
    assert checked.exit_code == 0, checked.output
    assert not db.exists()
    imported = irei(db, *files, "--json")
    assert summaries(checked) == summaries(imported)
    assert [(f["created"], f["rejected"]) for f in summaries(checked)] == [(120, 0), (211, 0)]


def test_a_dry_run_of_several_files_leaves_the_database_as_it_was(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    assert irei(db, str(SAMPLES / "recovery_messy.xlsx")).exit_code == 0
    before = dump(db)  # the schema too: a register loaded in bulk sets indexes aside
    files = [str(SAMPLES / "soviet_deaths_clean.xlsx"), str(SAMPLES / "analysis_messy.csv")]
    checked = irei(db, *files, "--dry-run", "--json")
    assert [(f["created"], f["rejected"]) for f in summaries(checked)] == [(200, 0), (211, 0)]
    assert dump(db) == before


@pytest.mark.parametrize("accept_valid", [False, True], ids=["all or nothing", "accept valid"])
def test_a_dry_run_sees_of_a_file_with_rejected_rows_what_its_import_would_write(
    tmp_path: Path, accept_valid: bool
) -> None:
    db, lots, tests = tmp_path / "db.sqlite3", tmp_path / "lots.csv", tmp_path / "tests.csv"
    lots.write_text(
        "整理番号,収集年度,埋葬地番号,柱数,検体番号\n"
        "2004-ZB-022-00001,平成16年度,ZB-022,1,ZB-022-04-0001\n"
        "2004-ZB-022-00002,平成16年度,ZB-022,多数,ZB-022-04-0002\n",
        encoding="utf-8",
    )
    tests.write_text(
        "検体番号,鑑定種別,所属集団判定\nZB-022-04-0001,DNA(STR),日本人\nZB-022-04-0002,DNA(STR),日本人\n",
        encoding="utf-8",
    )
    options = ["--json", *(["--accept-valid"] if accept_valid else [])]
    checked = irei(db, str(lots), str(tests), "--dry-run", *options)
    imported = irei(db, str(lots), str(tests), *options)
    assert summaries(checked) == summaries(imported)
    # Without --accept-valid the lots file writes nothing, so no test finds its specimen.
    assert [f["created"] for f in summaries(checked)] == [1, 1 if accept_valid else 0]


def test_a_rejected_row_of_a_csv_file_is_named_without_a_sheet(tmp_path: Path) -> None:
    result = irei(tmp_path / "db.sqlite3", str(SAMPLES / "analysis_messy.csv"))
    assert result.exit_code == 1
    said = [line.strip() for line in result.stdout.splitlines() if " row " in line]
    assert said and all(line.startswith("analysis_messy.csv row ") for line in said), said[:3]


def test_a_date_a_csv_file_holds_as_an_excel_serial_is_refused_saying_so(tmp_path: Path) -> None:
    register = tmp_path / "register.csv"
    register.write_text(
        "番号,氏名（カナ）,氏名（漢字）,生年,死亡年月日,死亡場所,収容所,埋葬地\n"
        "1,イシダ ユタカ,石田　豊,1900,16846,ロシア イルクーツク州,第13収容地区第8分所,"
        "イルクーツク州第3埋葬地\n",
        encoding="utf-8",
    )
    result = irei(tmp_path / "db.sqlite3", str(register), "--dry-run", "--json")
    [error] = json.loads(result.stdout)["files"][0]["errors"]
    assert (error["row"], error["column"], error["value"]) == (2, "死亡年月日", "16846")
    assert error["reason"].startswith(
        "16846 looks like an Excel date serial number, not a date: the date lost its date "
        "format before the file was saved, and the cell holds its number as text."
    )


def test_a_year_of_birth_a_csv_file_holds_as_an_excel_serial_is_refused_saying_so(
    tmp_path: Path,
) -> None:
    register = tmp_path / "register.csv"
    register.write_text(
        "番号,氏名（カナ）,氏名（漢字）,生年,死亡年月日,死亡場所,収容所,埋葬地\n"
        "1,イシダ ユタカ,石田　豊,10360,1946/2/13,ロシア イルクーツク州,第13収容地区第8分所,"
        "イルクーツク州第3埋葬地\n",
        encoding="utf-8",
    )
    result = irei(tmp_path / "db.sqlite3", str(register), "--dry-run", "--json")
    [error] = json.loads(result.stdout)["files"][0]["errors"]
    assert (error["row"], error["column"], error["value"]) == (2, "生年", "10360")
    assert error["reason"].startswith(
        "10360 looks like an Excel date serial number, not a year: the date lost its date "
        "format before the file was saved, and the cell holds its number as text."
    )


REGISTER_HEADER = [
    "番号",
    "氏名（カナ）",
    "氏名（漢字）",
    "生年",
    "死亡年月日",
    "死亡場所",
    "収容所",
    "埋葬地",
]


def test_a_date_a_workbook_holds_as_an_excel_serial_in_text_is_refused_without_naming_csv(
    tmp_path: Path,
) -> None:
    register = tmp_path / "register.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(REGISTER_HEADER)
    sheet.append(
        [1, "イシダ ユタカ", "石田　豊", 1900, "16846", "ロシア イルクーツク州",
         "第13収容地区第8分所", "イルクーツク州第3埋葬地"]
    )  # fmt: skip
    workbook.save(register)
    result = irei(tmp_path / "db.sqlite3", str(register), "--dry-run", "--json")
    [error] = json.loads(result.stdout)["files"][0]["errors"]
    assert (error["row"], error["column"], error["value"]) == (2, "死亡年月日", "16846")
    assert error["reason"].startswith("16846 looks like an Excel date serial number, not a date")
    assert "CSV" not in error["reason"]


@pytest.mark.parametrize(
    "below",
    [[], [["合計", None, None, None, None, None, None, None, "0柱"]]],
    ids=["nothing", "a totals row"],
)
@pytest.mark.parametrize(
    "options", [[], ["--dry-run"], ["--json"]], ids=["import", "dry run", "json"]
)
def test_a_workbook_sheet_with_no_rows_below_its_header_is_refused_naming_it(
    tmp_path: Path, below: list[list[object]], options: list[str]
) -> None:
    db, register = tmp_path / "db.sqlite3", tmp_path / "register.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "名簿"
    for row in [["ソ連抑留中死亡者名簿"], [], REGISTER_HEADER, *below]:
        sheet.append(row)
    workbook.save(register)
    result = irei(db, str(register), *options)
    assert result.exit_code == 1
    assert result.stderr == (
        f"irei: {register.name}: sheet 名簿: there are no rows below the header (row 3): "
        "nothing to import\n"
    )
    assert not db.exists() or not [row for row in dump(db) if "INSERT INTO" in row]


def test_a_csv_file_with_no_rows_below_its_header_is_refused(tmp_path: Path) -> None:
    db, register = tmp_path / "db.sqlite3", tmp_path / "register.csv"
    register.write_text(",".join(REGISTER_HEADER) + "\n\n", encoding="utf-8")
    result = irei(db, str(register), "--json")
    assert result.exit_code == 1
    [file] = json.loads(result.stdout)["files"]
    assert (file["created"], file["written"]) == (0, False)
    assert file["refused"] == (
        f"{register.name}: there are no rows below the header (row 1): nothing to import"
    )


@pytest.mark.parametrize("dry_run", [False, True], ids=["import", "dry run"])
def test_a_file_not_written_is_counted_as_what_it_would_write_never_as_written(
    tmp_path: Path, dry_run: bool
) -> None:
    db, lots = tmp_path / "db.sqlite3", tmp_path / "lots.csv"
    lots.write_text(
        "整理番号,収集年度,埋葬地番号,柱数,検体番号\n"
        "2004-ZB-022-00001,平成16年度,ZB-022,1,ZB-022-04-0001\n"
        "2004-ZB-022-00002,平成16年度,ZB-022,多数,ZB-022-04-0002\n",
        encoding="utf-8",
    )
    options = ["--dry-run"] if dry_run else []
    table = irei(db, str(SAMPLES / "recovery_clean.xlsx"), str(lots), *options)
    assert table.exit_code == 1
    out = table.stdout
    heads = [line for line in out.splitlines() if line.startswith("┃")]
    if dry_run:  # one table: nothing of either file is written
        assert "Import (dry run: nothing written)" in out and len(heads) == 1
    else:  # the file written apart from the file not written
        assert out.index("Imported") < out.index("Not imported: nothing written")
        assert " new " in heads[0] and "would" not in heads[0]
    assert " would create " in heads[-1] and " would update " in heads[-1]
    assert " new " not in heads[-1]
    would = "would write nothing" if dry_run else "nothing written"
    assert f"  lots.csv: {would} (rows rejected; --accept-valid writes the rest)" in out
    fresh = tmp_path / "fresh.sqlite3"
    [summary] = json.loads(irei(fresh, str(lots), *options, "--json").stdout)["files"]
    assert (summary["created"], summary["rejected"], summary["written"]) == (1, 1, False)


def speaking(db: Path, options: list[str], *args: str):  # type: ignore[no-untyped-def]
    """`irei import` with the global options (--lang) before the command, at 80 columns."""
    return runner.invoke(app, [*options, "--db", str(db), "import", *args], env={"COLUMNS": "80"})


JAPANESE_HEADINGS = ["ファイル", "様式", "新規予定", "更新予定", "変更なし", "不採用"]
ENGLISH_HEADINGS = ["file", "profile", "would create", "would update", "unchanged", "rejected"]


@pytest.mark.parametrize(
    ("options", "locale", "saved", "japanese"),
    [
        (["--lang", "ja"], "en_US.UTF-8", None, True),
        ([], "ja_JP.UTF-8", None, True),
        ([], "en_US.UTF-8", "ja", True),
        ([], "ja_JP.UTF-8", "en", False),
        (["--lang", "en"], "ja_JP.UTF-8", "ja", False),
    ],
    ids=["--lang ja", "locale ja", "setting ja", "setting en over locale", "--lang en"],
)
def test_the_table_and_the_rejected_rows_speak_the_apps_language(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    options: list[str],
    locale: str,
    saved: str | None,
    japanese: bool,
) -> None:
    # As the terminal app chooses: --lang, then the saved setting, then the locale.
    monkeypatch.setenv("LANG", locale)
    if saved is not None:
        save_setting("language", saved)
    # Long and wide: at 80 columns its name folds, and no heading is broken or cut.
    source = tmp_path / "令和6年度_分析結果_厚生労働省社会・援護局_第2回_追加分.csv"
    shutil.copy(SAMPLES / "analysis_messy.csv", source)  # every specimen unknown

    result = speaking(tmp_path / "db.sqlite3", options, str(source), "--dry-run")

    assert result.exit_code == 1, result.output
    [heads] = [line for line in result.stdout.splitlines() if line.startswith("┃")]
    assert [cell.strip() for cell in heads.strip("┃").split("┃")] == (
        JAPANESE_HEADINGS if japanese else ENGLISH_HEADINGS
    )
    assert ("取込の試行: 何も書き込んでいません" in result.stdout) is japanese
    reason = (
        "検体「ZB-027-01-0000」を持つ遺骨はありません"
        if japanese
        else "no lot has specimen ZB-027-01-0000"
    )
    assert reason in " ".join(result.stdout.split())


def test_with_lang_ja_a_refusal_is_said_in_japanese_and_the_json_stays_english(
    tmp_path: Path,
) -> None:
    db, folder = tmp_path / "db.sqlite3", tmp_path / "届いた.xlsx"
    folder.mkdir()

    result = speaking(db, ["--lang", "ja"], str(folder), "--json")

    assert result.exit_code == 1
    assert result.stderr == f"irei: {folder}: ファイルではなくフォルダです\n"
    [summary] = json.loads(result.stdout)["files"]
    assert summary["refused"] == f"{folder}: it is a folder, not a file"


def test_with_lang_ja_the_rejects_workbook_gives_its_reasons_in_japanese(tmp_path: Path) -> None:
    # As the Import screen writes it, for the registrar who corrects the rows.
    rejects = tmp_path / "不採用.xlsx"

    speaking(
        tmp_path / "db.sqlite3",
        ["--lang", "ja"],
        str(SAMPLES / "analysis_messy.csv"),
        "--rejects",
        str(rejects),
    )

    sheet = openpyxl.load_workbook(rejects).worksheets[0]
    reason = [c.value for c in sheet[1]].index("却下理由") + 1
    assert sheet.cell(2, reason).value == (
        "2行目: 検体番号: 検体「ZB-027-01-0000」を持つ遺骨はありません"
    )


def test_with_lang_ja_a_rejects_workbook_of_no_rows_says_so_in_japanese(tmp_path: Path) -> None:
    rejects = tmp_path / "不採用.xlsx"

    result = speaking(
        tmp_path / "db.sqlite3",
        ["--lang", "ja"],
        str(SAMPLES / "recovery_clean.xlsx"),
        "--dry-run",
        "--rejects",
        str(rejects),
    )

    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(rejects)
    assert book.sheetnames == ["不採用"]
    assert book.worksheets[0]["A1"].value == "（不採用の行はありません）"


def test_with_lang_ja_a_file_in_neither_encoding_is_refused_wholly_in_japanese(
    tmp_path: Path,
) -> None:
    source = tmp_path / "latin1.csv"
    source.write_bytes("検体番号\n".encode() + "café\n".encode("latin-1"))

    result = speaking(tmp_path / "db.sqlite3", ["--lang", "ja"], str(source))

    assert result.exit_code == 1
    assert result.stderr == (
        f"irei: {source}: このファイルは UTF-8（2行目、オフセット16のバイト0xE9）でも "
        "Shift_JIS/cp932（2行目、オフセット16のバイト0xE9）でもありません："
        "「CSV UTF-8」で保存し直してください\n"
    )


def test_a_csv_of_blank_lines_is_refused_as_a_file_with_no_rows_not_a_sheet(
    tmp_path: Path,
) -> None:
    source = tmp_path / "blank.csv"
    source.write_text(",,,\n\n,,\n", encoding="utf-8")

    result = speaking(tmp_path / "db.sqlite3", [], str(source))

    assert result.exit_code == 1
    assert result.stderr == f"irei: {source}: the file holds no rows, only blank lines\n"


def test_the_japanese_table_counts_the_records_made_as_the_import_screen_does(
    tmp_path: Path,
) -> None:
    result = speaking(
        tmp_path / "db.sqlite3", ["--lang", "ja"], str(SAMPLES / "recovery_clean.xlsx")
    )

    assert result.exit_code == 0, result.output
    [heads] = [line for line in result.stdout.splitlines() if line.startswith("┃")]
    # 新規, as 取込完了: 新規 200 on the Import screen; 作成 names the audit history's event.
    assert [cell.strip() for cell in heads.strip("┃").split("┃")][2:] == [
        "新規", "更新", "変更なし", "不採用"
    ]  # fmt: skip


def test_two_files_of_one_name_from_two_folders_are_told_apart_by_their_paths(
    tmp_path: Path,
) -> None:
    # Each year's register sent under one name, kept in a folder per year.
    db = tmp_path / "db.sqlite3"
    first, second = tmp_path / "2023" / "名簿.xlsx", tmp_path / "2024" / "名簿.xlsx"
    for path in (first, second):
        path.parent.mkdir()
    shutil.copy(SAMPLES / "recovery_messy.xlsx", first)
    shutil.copy(SAMPLES / "analysis_messy.csv", tmp_path / "解析.csv")
    shutil.copy(SAMPLES / "recovery_clean.xlsx", second)

    result = irei(db, str(first), str(tmp_path / "解析.csv"), str(second), "--json", "--dry-run")

    files = json.loads(result.stdout)["files"]
    assert [f["file"] for f in files] == [str(first), "解析.csv", str(second)]
