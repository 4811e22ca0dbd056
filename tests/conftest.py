"""Databases for tests: a fresh SQLite file per test, and a clean PostgreSQL schema for tests
marked ``postgres``.

PostgreSQL tests use $IREI_TEST_POSTGRES_URL (for example
postgresql+psycopg://irei:irei@localhost/irei_test). Without it they are skipped on a
developer's machine; the gate sets IREI_REQUIRE_POSTGRES=1, and then a missing or unreachable
server fails them instead, so the gate can never pass without having used PostgreSQL."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from records.actor import current_actor
from records.database import Database, open_database
from tui.i18n import set_language

PG_URL_ENV = "IREI_TEST_POSTGRES_URL"
REQUIRE_PG_ENV = "IREI_REQUIRE_POSTGRES"


def _postgres_unavailable(reason: str) -> None:
    if os.environ.get(REQUIRE_PG_ENV) == "1":
        pytest.fail(f"PostgreSQL is required ({REQUIRE_PG_ENV}=1) but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_url() -> str:
    url = os.environ.get(PG_URL_ENV, "")
    if not url:
        _postgres_unavailable(f"{PG_URL_ENV} is not set")
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        _postgres_unavailable(f"cannot reach {PG_URL_ENV}: {str(exc).splitlines()[0]}")
    finally:
        engine.dispose()
    return url


def _clean_postgres(url: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    finally:
        engine.dispose()


@pytest.fixture
def pg_database(postgres_url: str) -> Iterator[Database]:
    """An empty PostgreSQL database with irei's schema (every table dropped before the test)."""
    _clean_postgres(postgres_url)
    db = open_database(postgres_url)
    yield db
    db.close()


@pytest.fixture
def pg_database_in_tokyo(postgres_url: str) -> Iterator[Database]:
    """``pg_database`` on a server whose sessions keep the time in Asia/Tokyo (UTC+9), as a
    server installed in Japan does: its TimeZone setting, given here on each connection."""
    _clean_postgres(postgres_url)
    url = make_url(postgres_url).update_query_dict({"options": "-c TimeZone=Asia/Tokyo"})
    db = open_database(url.render_as_string(hide_password=False))
    yield db
    db.close()


@pytest.fixture(autouse=True)
def own_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The language setting is written under the test's directory, never the user's, and the
    locale is English, for the tests and the commands they start (a command speaks the app's
    language); a test that ran in Japanese leaves the next one in English."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    yield
    set_language("en")


@pytest.fixture(scope="session")
def empty_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated once per run; each test gets a copy (migrating takes ~0.4 s)."""
    path = tmp_path_factory.mktemp("template") / "irei.sqlite3"
    open_database(str(path)).close()
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode=DELETE")
    return path


@pytest.fixture
def database(tmp_path: Path, empty_sqlite: Path) -> Iterator[Database]:
    """A new SQLite database file with irei's schema."""
    path = tmp_path / "irei.sqlite3"
    shutil.copyfile(empty_sqlite, path)
    db = open_database(str(path))
    yield db
    db.close()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_database(request: pytest.FixtureRequest) -> Database:
    """The same test on SQLite and on PostgreSQL."""
    name = "database" if request.param == "sqlite" else "pg_database"
    db = request.getfixturevalue(name)
    assert isinstance(db, Database)
    return db


@pytest.fixture
def actor() -> str:
    return current_actor()


def irei_command() -> list[str]:
    """The installed ``irei`` script of this environment, or the module as a fallback."""
    script = Path(sys.executable).with_name("irei")
    if script.exists():
        return [str(script)]
    found = shutil.which("irei")
    if found:
        return [found]
    return [sys.executable, "-c", "from tui.cli import main; main()"]


def _run_irei(
    args: Sequence[str],
    *,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 300,
) -> subprocess.CompletedProcess[str]:
    """Run ``irei`` in a fresh process, as a user would, and capture what it prints."""
    full_env = {k: v for k, v in os.environ.items() if k != "IREI_DATABASE_URL"}
    full_env.update(env or {})
    full_env.setdefault("COLUMNS", "200")
    return subprocess.run(
        [*irei_command(), *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd,
        timeout=timeout,
        check=False,
    )


RunIrei = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def run_irei() -> RunIrei:
    """``run_irei(["--db", path, "stats"], env={...})``: the command in a fresh process."""
    return _run_irei
