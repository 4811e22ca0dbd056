"""Where the records live and how they are opened: the default file, --db and
$IREI_DATABASE_URL, SQLite's safety settings, the write lock, and the schema's version."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlmodel import Session, SQLModel

import records.models  # noqa: F401  (the tables the migrations must match)
from records import database as db_module
from records.database import Database, make_engine, open_database, resolve_url
from records.errors import IreiError, SchemaMismatch
from records.services import persons


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _person(db: Database, actor: str, name: str = "佐藤　正") -> None:
    with db.session() as session:
        persons.create_person(session, actor, persons.PersonFields(name=name), "register")


def test_default_database_is_in_the_user_data_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("IREI_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))

    assert resolve_url(None) == f"sqlite:///{tmp_path / 'data' / 'irei' / 'irei.sqlite3'}"


def test_the_command_creates_the_default_database_in_the_user_data_directory(
    run_irei, tmp_path: Path
) -> None:
    result = run_irei(["stats", "--json"], env={"XDG_DATA_HOME": str(tmp_path / "data")})

    assert result.returncode == 0, result.stderr
    assert (tmp_path / "data" / "irei" / "irei.sqlite3").is_file()


def test_a_path_means_a_sqlite_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("IREI_DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)

    assert resolve_url("records.db") == f"sqlite:///{tmp_path / 'records.db'}"


def test_the_environment_names_the_database_and_db_wins_over_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("IREI_DATABASE_URL", "postgresql+psycopg://irei@db.example/irei")

    assert resolve_url(None) == "postgresql+psycopg://irei@db.example/irei"
    assert resolve_url(str(tmp_path / "x.db")) == f"sqlite:///{tmp_path / 'x.db'}"


def test_db_option_and_environment_reach_the_command(run_irei, tmp_path: Path) -> None:
    by_option = run_irei(["--db", str(tmp_path / "a.db"), "stats", "--json"])
    by_env = run_irei(["stats", "--json"], env={"IREI_DATABASE_URL": str(tmp_path / "b.db")})

    # Neither file is there, and a command that only reads says so, naming the one it was given.
    assert by_option.returncode == 1 and f"no database at {tmp_path / 'a.db'}" in by_option.stderr
    assert by_env.returncode == 1 and f"no database at {tmp_path / 'b.db'}" in by_env.stderr


def test_sqlite_connections_are_safe(database: Database) -> None:
    with database.engine.connect() as conn:
        pragma = {
            name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
        }

    assert pragma == {
        "journal_mode": "wal",
        "synchronous": 2,  # FULL
        "foreign_keys": 1,
        "busy_timeout": 10000,
    }


def _journal_mode(path: str) -> str:
    """The file's journal as a new connection finds it (any mode but WAL reads "delete")."""
    with closing(sqlite3.connect(path)) as conn:
        return str(conn.execute("PRAGMA journal_mode").fetchone()[0])


def _names(database: Database) -> list[str]:
    with database.reading() as session:
        return list(session.execute(text("SELECT name FROM person ORDER BY id")).scalars())


def _add(session: Session, name: str) -> None:
    persons.create_person(session, "test", persons.PersonFields(name=name), "import")


@pytest.mark.parametrize("reader", [False, True], ids=["alone", "another-connection-open"])
def test_a_bulk_session_alone_writes_through_the_rollback_journal_then_puts_the_wal_back(
    database: Database, reader: bool
) -> None:
    path = database.engine.url.database
    assert path is not None
    with closing(sqlite3.connect(path)) as other:
        if reader:  # having read, it holds the file open beside the WAL
            assert other.execute("SELECT count(*) FROM person").fetchone() == (0,)
        with database.bulk_session() as session, session.begin():
            _add(session, "佐藤　正")
            mode = session.connection().exec_driver_sql("PRAGMA journal_mode").scalar()
            journal = Path(f"{path}-journal").exists()
    assert (mode, journal) == (("wal", False) if reader else ("delete", True))
    assert _journal_mode(path) == "wal"
    assert _names(database) == ["佐藤　正"]


def test_a_connection_made_while_a_bulk_session_writes_reads_and_the_wal_comes_back(
    database: Database,
) -> None:
    path = database.engine.url.database
    assert path is not None
    with database.bulk_session() as session, session.begin():
        _add(session, "佐藤　正")
        # A connection made now cannot put the WAL back; it reads what was committed.
        meanwhile = Database(database.url, db_module.make_engine(database.url))
        assert _names(meanwhile) == []
    # Idle, it holds no lock: the bulk session put the WAL back, and it reads beside it.
    assert _journal_mode(path) == "wal"
    assert _names(meanwhile) == ["佐藤　正"]
    meanwhile.close()


def test_a_write_transaction_takes_the_write_lock_when_it_begins(database: Database) -> None:
    path = database.engine.url.database
    assert path is not None
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        with database.session() as session, session.begin():
            session.execute(text("SELECT 1"))  # only a read so far
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
    finally:
        other.close()


def test_irei_opens_and_reads_while_an_import_writes_beside_the_wal(
    database: Database, actor: str
) -> None:
    """Checking the schema takes no write lock: a second irei opens during a long import
    (a colleague's, or the app's own Import screen) and reads what was committed, where it
    used to wait for the import and then give up with "database is locked"."""
    _person(database, actor, "佐藤　正")
    with database.session() as importing, importing.begin():
        _add(importing, "田中　勇")
        importing.flush()  # the write lock is held until the commit
        meanwhile = open_database(database.url)
        assert _names(meanwhile) == ["佐藤　正"]
        meanwhile.close()


def test_irei_opened_beside_an_import_through_the_journal_says_what_keeps_it_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A big import from the command line writes through the rollback journal, which keeps
    every other connection out until it commits: the second irei says so, in words."""
    path = tmp_path / "irei.sqlite3"
    open_database(str(path)).close()
    monkeypatch.setattr(db_module, "BUSY_TIMEOUT", 0)  # give up at once, not after 10 s
    importing = sqlite3.connect(path, isolation_level=None)
    try:
        assert importing.execute("PRAGMA journal_mode=DELETE").fetchone()[0] == "delete"
        importing.execute("BEGIN EXCLUSIVE")
        with pytest.raises(IreiError, match=r"another user's change .* is writing to it"):
            open_database(str(path))
    finally:
        importing.close()


def test_a_second_writer_waits_and_a_reader_does_not(database: Database, actor: str) -> None:
    _person(database, actor, "佐藤　正")
    finished = threading.Event()

    def second_writer() -> None:
        _person(database, actor, "田中　勇")
        finished.set()

    with database.session() as first, first.begin():
        first.execute(text("SELECT 1"))
        writer = threading.Thread(target=second_writer)
        writer.start()
        time.sleep(0.5)
        assert not finished.is_set(), "the second writer did not wait for the first"
        started = time.monotonic()
        with database.reading() as reader:
            assert reader.execute(text("SELECT count(*) FROM person")).scalar_one() == 1
        assert time.monotonic() - started < 1
    writer.join(timeout=15)

    assert finished.is_set()
    with database.reading() as reader:
        assert reader.execute(text("SELECT count(*) FROM person")).scalar_one() == 2


def test_a_new_empty_database_gets_the_schema(tmp_path: Path) -> None:
    db = open_database(str(tmp_path / "new.db"))
    try:
        assert db_module.current_revision(db.engine) == db_module.head_revision()
    finally:
        db.close()


def test_a_new_database_has_large_pages_and_an_old_one_keeps_its_own(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, actor: str
) -> None:
    old, new = tmp_path / "old.db", tmp_path / "new.db"
    with monkeypatch.context() as before:  # made by an irei with SQLite's default pages
        before.setattr(db_module, "PAGE_SIZE", 4096)
        open_database(str(old)).close()
    for path in (old, new):
        db = open_database(str(path))
        _person(db, actor)
        db.close()

    sizes = {}
    for path in (old, new):
        with sqlite3.connect(path) as conn:
            sizes[path.name] = conn.execute("PRAGMA page_size").fetchone()[0]
        conn.close()
    assert sizes == {"old.db": 4096, "new.db": 16384}


def test_the_migration_headers_name_the_revisions_alembic_knows() -> None:
    config = Config()
    config.set_main_option("script_location", str(db_module.MIGRATIONS))
    script = ScriptDirectory.from_config(config)

    assert db_module.head_revision() == script.get_current_head()
    assert db_module._known_revisions() == {r.revision for r in script.walk_revisions()}


def test_an_up_to_date_database_opens_without_loading_alembic(tmp_path: Path) -> None:
    path = tmp_path / "current.db"
    open_database(str(path)).close()
    opens = (
        "import sys; from records.database import open_database; "
        f"open_database({str(path)!r}).close(); print(sorted(m for m in sys.modules "
        "if m.split('.')[0] == 'alembic'))"
    )

    result = subprocess.run(
        [sys.executable, "-c", opens], capture_output=True, text=True, check=True
    )

    assert result.stdout.strip() == "[]"


NEXT_MIGRATION = '''"""a table the next version of irei needs"""

import sqlalchemy as sa
from alembic import op

revision: str = "0002_next"
down_revision: str | None = "{head}"


def upgrade() -> None:
    op.create_table("next_version_note", sa.Column("id", sa.Integer(), primary_key=True))


def downgrade() -> None:
    op.drop_table("next_version_note")
'''


def test_a_database_one_migration_behind_is_refused_then_upgraded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "older.db"
    head = db_module.head_revision()
    open_database(str(path)).close()
    # This irei, one migration later: the new file alone makes it the head.
    migrations = tmp_path / "migrations"
    shutil.copytree(db_module.MIGRATIONS, migrations, ignore=shutil.ignore_patterns("__pycache__"))
    (migrations / "versions" / "0002_next.py").write_text(NEXT_MIGRATION.format(head=head))
    monkeypatch.setattr(db_module, "MIGRATIONS", migrations)

    with pytest.raises(SchemaMismatch, match=rf"\({head}\) is older than this irei \(0002_next\)"):
        open_database(str(path))
    engine = db_module.make_engine(f"sqlite:///{path}")
    try:
        assert db_module.upgrade(engine) == (head, "0002_next")
    finally:
        engine.dispose()
    upgraded = open_database(str(path))
    try:
        assert db_module.current_revision(upgraded.engine) == "0002_next"
        with upgraded.reading() as session:
            session.execute(text("SELECT count(*) FROM next_version_note")).scalar_one()
    finally:
        upgraded.close()


def _schema_differences(db: Database) -> list[object]:
    with db.engine.connect() as conn:
        return list(compare_metadata(MigrationContext.configure(conn), SQLModel.metadata))


def test_the_migrations_build_exactly_the_models_tables(any_database: Database) -> None:
    assert _schema_differences(any_database) == []


def _from_the_future(path: Path, journal_mode: str) -> None:
    open_database(str(path)).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA journal_mode={journal_mode}")
    conn.close()


@pytest.mark.parametrize("journal_mode", ["wal", "delete"])
def test_a_newer_schema_is_refused_and_left_byte_for_byte_unchanged(
    tmp_path: Path, journal_mode: str
) -> None:
    path = tmp_path / "future.db"
    _from_the_future(path, journal_mode)
    before = _sha(path)

    with pytest.raises(SchemaMismatch) as caught:
        open_database(str(path))

    assert "newer than this irei knows" in str(caught.value)
    assert _sha(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["future.db"]


def test_db_upgrade_refuses_a_newer_schema_too(run_irei, tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    _from_the_future(path, "delete")
    before = _sha(path)

    result = run_irei(["--db", str(path), "db", "upgrade"])

    assert result.returncode == 1
    assert result.stderr.startswith("irei: the database's schema (9999_future) is newer")
    assert _sha(path) == before


def test_a_database_of_another_application_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY)")
    conn.close()

    with pytest.raises(SchemaMismatch, match="not an irei database"):
        open_database(str(path))


def test_an_unreadable_url_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(IreiError, match="cannot open database"):
        open_database("nosuchdriver://somewhere/db")


def test_db_upgrade_creates_then_reports_the_schema(run_irei, tmp_path: Path) -> None:
    path = tmp_path / "fresh.db"
    head = db_module.head_revision()

    first = run_irei(["--db", str(path), "db", "upgrade"])
    second = run_irei(["--db", str(path), "db", "upgrade"])

    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == f"schema upgraded from empty to {head}"
    assert second.returncode == 0, second.stderr
    assert second.stdout.strip() == f"schema already at {head}"


@pytest.mark.postgres
def test_postgresql_database_gets_the_schema_and_is_usable(
    pg_database: Database, actor: str
) -> None:
    _person(pg_database, actor)

    assert db_module.current_revision(pg_database.engine) == db_module.head_revision()
    with pg_database.reading() as session:
        assert session.execute(text("SELECT count(*) FROM person")).scalar_one() == 1


def test_a_database_is_shown_without_the_password_its_url_holds() -> None:
    url = "postgresql+psycopg://irei:s3cret@db.example:5432/irei"

    shown = repr(Database(url, make_engine(url)))

    assert "s3cret" not in shown and "Database(" in shown


@pytest.mark.parametrize(
    ("given", "refusal"),
    [
        (
            "mysql://registrar@server/irei",
            "cannot open database mysql://registrar@server/irei: irei keeps its records in "
            "SQLite (a file) or PostgreSQL (postgresql+psycopg://…), not mysql",
        ),
        (
            "{folder}",
            "cannot open database {folder}: it is a folder; name a file in it, such as "
            "{folder}/irei.sqlite3",
        ),
    ],
    ids=["mysql", "folder"],
)
def test_a_database_irei_cannot_keep_records_in_is_refused_saying_why(
    tmp_path: Path, given: str, refusal: str
) -> None:
    """Not as the driver that is missing (No module named 'MySQLdb') or as "unable to open
    database file"."""
    with pytest.raises(IreiError) as refused:
        open_database(given.format(folder=tmp_path))
    assert str(refused.value) == refusal.format(folder=tmp_path)
    assert list(tmp_path.iterdir()) == []
