"""Where the records live: choosing the database, connecting safely, and keeping its schema
at the version this code knows (through Alembic migrations)."""

from __future__ import annotations

import ast
import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs
from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from records.errors import Busy, IreiError, SchemaMismatch, Unreachable
from records.messages import Message

if TYPE_CHECKING:
    from alembic.config import Config

ENV_URL = "IREI_DATABASE_URL"
MIGRATIONS = Path(__file__).with_name("migrations")
READ_ONLY = "irei_read_only"
# Seconds a connection waits for another's write lock before it gives up.
BUSY_TIMEOUT = 10
PAGE_SIZE = 16384  # bytes, for a new SQLite database (see _sqlite_pragmas)
VERSION_TABLE = "alembic_version"
LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's SQLSTATE when lock_timeout runs out
# The header every migration file has (see migrations/script.py.mako): `revision: str = "0002"`,
# `down_revision: str | None = "0001"`.
REVISION_LINE = re.compile(r"^(revision|down_revision)\b[^=\n]*=\s*(.+?)\s*$", re.MULTILINE)


def default_database_path() -> Path:
    return Path(platformdirs.user_data_dir("irei", appauthor=False)) / "irei.sqlite3"


def demo_database_path() -> Path:
    return Path(platformdirs.user_data_dir("irei", appauthor=False)) / "demo.sqlite3"


def resolve_url(db: str | None) -> str:
    """``--db`` wins, then $IREI_DATABASE_URL, then the file in the user's data directory.
    A plain path means a SQLite file."""
    value = db or os.environ.get(ENV_URL) or str(default_database_path())
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" hook decide how each transaction starts.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # Heard only by a database still empty, and before WAL, which fixes the page size. With
    # 16 KiB pages a million-row import builds its indexes and commits faster than with the
    # default 4 KiB (measured on 1M persons and 2.75M name forms, the nine indexes and the
    # commit: 11.7–12.6 s in three runs → 9.0–10.7 s in four); 32 and 64 KiB commit slower.
    cursor.execute(f"PRAGMA page_size={PAGE_SIZE}")
    # Not while another process writes the file through its rollback journal (bulk_session),
    # which puts the WAL back when it is done: asked without waiting (busy_timeout, below).
    cursor.execute("PRAGMA busy_timeout=0")
    _set_journal(dbapi_connection, "wal")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT * 1000}")
    cursor.close()


def _set_journal(dbapi_connection: Any, mode: str) -> bool:
    """Whether the file's journal is now ``mode``. SQLite will not leave or enter WAL while
    another connection has the file open or writes it: it says "database is locked" at once.
    Reading the mode first rolls back what a process killed mid-write left in a journal."""
    try:
        return str(dbapi_connection.execute(f"PRAGMA journal_mode={mode}").fetchone()[0]) == mode
    except sqlite3.OperationalError as exc:
        if not _locked(exc):
            raise
        return False


def _sqlstate(exc: OperationalError) -> str:
    return str(getattr(exc.orig, "sqlstate", None) or "")


def _unreachable(exc: OperationalError) -> bool:
    """Whether PostgreSQL's server could not be reached or went away: no connection (no
    SQLSTATE), a connection lost (class 08), a server shutting down (57P01-57P03)."""
    state = _sqlstate(exc)
    return exc.connection_invalidated or not state or state.startswith(("08", "57P"))


def _locked(exc: object) -> bool:
    """Whether SQLite refused for another connection's lock (after the busy timeout)."""
    return "database is locked" in str(exc)


def _sqlite_begin(conn: Connection) -> None:
    # A write transaction takes the write lock when it starts, so two writers queue on the
    # busy timeout instead of one failing with "database is locked" halfway through.
    if conn.get_execution_options().get(READ_ONLY):
        conn.exec_driver_sql("BEGIN")
    else:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def _refuse_newer_sqlite(path: Path) -> None:
    """Read an existing file's schema version without our pragmas: journal_mode=WAL is written
    into the file, so a database this code must refuse would otherwise be changed anyway."""
    if not path.is_file():
        return
    try:
        # Not mode=ro: a read-only connection to a WAL file leaves -wal and -shm behind.
        # Half the busy timeout: the engine waits again, and says why it cannot open it.
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT / 2)
    except sqlite3.Error:
        return  # the engine reports what is wrong with the file
    try:
        row = conn.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchone()
    except sqlite3.Error:
        return
    finally:
        conn.close()
    if row is not None and row[0] not in _known_revisions():
        raise _too_new(str(row[0]))


def sqlite_file(url: str) -> Path | None:
    """The file a SQLite URL names; None for any other database."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def missing_sqlite_file(url: str) -> Path | None:
    """The file a SQLite URL names, when there is no such file yet (opening it would create
    an empty database); None for any other database."""
    path = sqlite_file(url)
    return None if path is None or path.exists() else path


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):  # else the driver missing was all it said
        refusal = Message(
            "cannot open database {url}: irei keeps its records in SQLite (a file) or "
            "PostgreSQL (postgresql+psycopg://…), not {backend}",
            url=_safe(url),
            backend=backend,
        )
        raise IreiError(refusal)
    if backend == "sqlite":
        if parsed.database and Path(parsed.database).is_dir():  # else "unable to open"
            refusal = Message(
                "cannot open database {path}: it is a folder; name a file in it, such as {example}",
                path=parsed.database,
                example=str(Path(parsed.database) / "irei.sqlite3"),
            )
            raise IreiError(refusal)
        if parsed.database and parsed.database != ":memory:":
            _refuse_newer_sqlite(Path(parsed.database))
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@cache
def _migration_graph(versions: Path) -> dict[str, tuple[str, ...]]:
    """Each migration's revision → the revisions it follows, read from the files' headers.

    Alembic itself takes ~0.1 s to import; reading the headers lets an up-to-date database
    open without it (tests/records/test_database.py checks both agree)."""
    graph: dict[str, tuple[str, ...]] = {}
    for path in sorted(versions.glob("*.py")):
        header = dict(REVISION_LINE.findall(path.read_text(encoding="utf-8")))
        if "revision" not in header:
            continue
        down = ast.literal_eval(header.get("down_revision", "None"))
        graph[ast.literal_eval(header["revision"])] = (
            () if down is None else (down,) if isinstance(down, str) else tuple(down)
        )
    return graph


def _known_revisions() -> set[str]:
    return set(_migration_graph(MIGRATIONS / "versions"))


def head_revision() -> str:
    """The newest revision: the one no other migration follows."""
    graph = _migration_graph(MIGRATIONS / "versions")
    followed = {down for downs in graph.values() for down in downs}
    heads = [revision for revision in graph if revision not in followed]
    assert len(heads) == 1, f"the migrations must have one head, not {heads}"
    return heads[0]


def current_revision(engine: Engine) -> str | None:
    with _read_only(engine).connect() as conn:
        if not inspect(conn).has_table(VERSION_TABLE):
            return None
        revision = conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
    return None if revision is None else str(revision)


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Bring the schema to this code's head; refuse a schema newer than the code."""
    from alembic import command  # only a database that needs a migration pays for Alembic

    before = current_revision(engine)
    if before is not None and before not in _known_revisions():
        raise _too_new(before)
    with migrating(engine) as conn:
        command.upgrade(_alembic_config(conn), "head")
    return before, head_revision()


@contextmanager
def migrating(engine: Engine) -> Iterator[Connection]:
    """A connection whose transaction migrates the schema. On SQLite its foreign keys are
    checked once, before the commit, and not statement by statement: a migration that
    rebuilds a table (0013) copies it, drops the old one and renames the copy, and the
    tables that point at it are right again only at the end."""
    with engine.connect() as conn:
        driver = conn.connection.driver_connection if engine.dialect.name == "sqlite" else None
        if driver is not None:  # before the transaction begins: within one SQLite ignores it
            driver.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                yield conn
                if driver is not None and (broken := driver.execute(FK_CHECK).fetchone()):
                    raise SchemaMismatch(
                        Message("the migration left a row of {table} pointing at nothing",
                                table=broken[0])
                    )  # fmt: skip
        finally:
            if driver is not None and not conn.invalidated:
                driver.execute("PRAGMA foreign_keys=ON")


FK_CHECK = "PRAGMA foreign_key_check"


def _too_new(revision: str) -> SchemaMismatch:
    return SchemaMismatch(
        f"the database's schema ({revision}) is newer than this irei knows "
        f"({head_revision()}); install the newer irei, the database was not changed"
    )


@dataclass
class Database:
    # Out of its repr: the URL may hold the server's password, and a repr reaches tracebacks.
    url: str = field(repr=False)
    engine: Engine

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def session(self) -> Session:
        """A session that leaves its transactions to its user (the import's, which commits
        once at the end); a service call is made in writing(). Writes begin IMMEDIATE on
        SQLite."""
        return Session(self.engine, expire_on_commit=False)

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A session whose work is one transaction, committed when the block ends and rolled
        back if it raises. A look-up made before the service call (a lot by its number, a
        person by 番号) begins the transaction, and the service joins it rather than committing
        its own: in a bare session() its write would be dropped when the session closes.
        A write kept waiting past the busy timeout is refused (Busy), and one the server did
        not answer (Unreachable), for the form that asked to say so and keep what was typed."""
        try:
            with self.session() as session, session.begin():
                if not self.is_sqlite:
                    # PostgreSQL would wait for a row lock for as long as its holder keeps it
                    # (a big import's transaction), the app frozen meanwhile. Not set on the
                    # import's own session, which must not give up halfway.
                    session.execute(text(f"SET LOCAL lock_timeout = '{BUSY_TIMEOUT}s'"))
                yield session
        except OperationalError as exc:
            if _locked(exc.orig) or _sqlstate(exc) == LOCK_NOT_AVAILABLE:
                raise Busy() from exc
            if not self.is_sqlite and _unreachable(exc):
                raise Unreachable(self.server(), saving=True) from None
            raise

    @contextmanager
    def bulk_session(self) -> Iterator[Session]:
        """A session() for one large write whose process holds the database alone, as the
        command line's import of a big file does. On SQLite, when no other connection has the
        file open, its pages go through a rollback journal for the while instead of the WAL,
        where a million-row import's pages are written once more, read back from as its
        indexes are built, and copied into the file at the checkpoint (measured on 1M persons
        and 2.75M name forms: the import 38.9 → 33.1 s, medians of three). Others cannot read
        the file while it writes, as they can beside the WAL: the app, whose screens read while
        an import runs, uses session(). A process killed in the middle leaves a journal the next
        connection rolls back before it puts the WAL back (_sqlite_pragmas)."""
        with self.engine.connect() as conn:
            # The driver's own connection: a pragma through SQLAlchemy would begin a transaction.
            driver = conn.connection.driver_connection
            switched = self.is_sqlite and _set_journal(driver, "delete")
            try:
                with Session(conn, expire_on_commit=False) as session:
                    yield session
            finally:
                # Not on a connection dropped mid-statement (Ctrl-C): the next one puts it back.
                if switched and not conn.invalidated:
                    _set_journal(driver, "wal")

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads only; it never takes the write lock."""
        try:
            with Session(_read_only(self.engine)) as session:
                yield session
        except OperationalError as exc:
            if self.is_sqlite or not _unreachable(exc):
                raise
            raise Unreachable(self.server(), saving=False) from None

    def server(self) -> str:
        """Where a database server is, without the user and password the URL may hold."""
        url = make_url(self.url)
        return f"{url.host or 'localhost'}:{url.port or 5432}"

    def display_url(self) -> str:
        return make_url(self.url).render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()


def open_database(db: str | None = None, *, upgrade_empty: bool = True) -> Database:
    """Open the database named by ``db`` (a path or URL; see ``resolve_url``).

    A new, empty database gets the schema; an older schema must be upgraded on purpose
    with ``irei db upgrade``; a newer one is refused and left untouched."""
    url = resolve_url(db)
    engine: Engine | None = None
    try:
        engine = make_engine(url)
        database = Database(url, engine)
        _check_schema(database, upgrade_empty=upgrade_empty)
    except Exception as exc:
        # A refused database must not stay open (and locked) behind the caller's back.
        if engine is not None:
            engine.dispose()
        if isinstance(exc, IreiError):
            raise
        if _locked(exc):
            # Beside a big import writing through the rollback journal (bulk_session).
            raise IreiError(
                Message(
                    "cannot open database {url}: another user's change (an import?) is writing "
                    "to it: try again when it has finished",
                    url=_safe(url),
                )
            ) from exc
        # the driver's own message says what is wrong with the URL
        raise IreiError(f"cannot open database {_safe(url)}: {_first_line(exc)}") from exc
    return database


def _check_schema(database: Database, *, upgrade_empty: bool) -> None:
    revision = current_revision(database.engine)
    if revision == head_revision():
        return
    if revision is None:
        tables = set(inspect(_read_only(database.engine)).get_table_names())
        if tables:
            raise SchemaMismatch(
                f"{database.display_url()} holds tables but no irei schema version; "
                "it is not an irei database"
            )
        if upgrade_empty:
            upgrade(database.engine)
        return
    if revision not in _known_revisions():
        raise _too_new(revision)
    raise SchemaMismatch(
        f"the database's schema ({revision}) is older than this irei ({head_revision()}); "
        "make a backup with `irei backup PATH`, then run `irei db upgrade`"
    )


def _read_only(engine: Engine) -> Engine:
    """The engine reading only: its transactions take no write lock (_sqlite_begin), so the
    schema is checked beside the WAL while another process writes, as during an import."""
    return engine.execution_options(**{READ_ONLY: True})


def _safe(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "(unreadable URL)"


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
