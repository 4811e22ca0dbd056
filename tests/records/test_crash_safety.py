"""A process killed with SIGKILL in the middle of a large write leaves the database exactly as
it was before the write began, and intact."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from records import audit
from records.database import Database, open_database
from records.services import persons
from tests.records.conftest import size_now

TABLES = (
    "person",
    "name_form",
    "remains_lot",
    "specimen",
    "analysis",
    "custody_event",
    "audit_event",
    "import_batch",
    "location",
    "burial_site",
    "ceremony",
    "roll_entry",
)

DEMO_WRITE = """
import sys
from records.database import open_database
from records.demo import build_demo
build_demo(open_database(sys.argv[1]), "crash-test", 200_000)
"""

# An import applying many rows: every service call joins the caller's one transaction.
SERVICE_WRITE = """
import sys
from records.database import open_database
from records.services import persons
db = open_database(sys.argv[1])
with db.session() as session, session.begin():
    for n in range(1_000_000):
        persons.create_person(
            session, "crash-test",
            persons.PersonFields(name=f"佐藤　{n}", reading="サトウ タダシ"), "import")
"""


def _state(path: Path) -> dict[str, object]:
    conn = sqlite3.connect(path)
    try:
        state: dict[str, object] = {
            table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES
        }
        state["audit_head"] = conn.execute("SELECT last_id, last_hash FROM audit_head").fetchall()
        state["integrity"] = conn.execute("PRAGMA integrity_check").fetchall()
        return state
    finally:
        conn.close()


def _kill_mid_write(script: str, path: Path, wal_bytes: int = 8_000_000) -> None:
    wal = Path(f"{path}-wal")
    process = subprocess.Popen([sys.executable, "-c", script, str(path)])
    try:
        deadline = time.monotonic() + 120
        while size_now(wal) <= wal_bytes:
            assert process.poll() is None, "the write finished before it could be interrupted"
            assert time.monotonic() < deadline, "the write log never grew"
            time.sleep(0.02)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL


def _small_database(database: Database, actor: str) -> Path:
    for name in ("佐藤　正", "髙橋　春雄", "山﨑　清"):
        with database.session() as session:
            persons.create_person(session, actor, persons.PersonFields(name=name), "register")
    database.close()
    path = database.engine.url.database
    assert path is not None
    return Path(path)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("script", "with_records", "wal_bytes"),
    # The page cache holds ~2 MB; past that, the uncommitted write spills into the WAL file.
    [(DEMO_WRITE, False, 8_000_000), (SERVICE_WRITE, True, 3_000_000)],
    ids=["demo-into-empty-copy", "one-transaction-of-service-calls"],
)
def test_killed_large_write_leaves_the_database_exactly_as_before(
    database: Database, actor: str, tmp_path: Path, script: str, with_records: bool, wal_bytes: int
) -> None:
    source = (
        _small_database(database, actor)
        if with_records
        else Path(str(database.engine.url.database))
    )
    database.close()
    path = tmp_path / "copy.sqlite3"
    shutil.copyfile(source, path)
    before = _state(path)
    assert before["integrity"] == [("ok",)]
    assert before["person"] == (3 if with_records else 0)

    _kill_mid_write(script, path, wal_bytes)

    assert _state(path) == before
    reopened = open_database(str(path))
    try:
        with reopened.reading() as session:
            assert audit.verify(session).events == before["audit_event"]
    finally:
        reopened.close()
