"""Small demo databases for the terminal app's tests, built once and copied per test, with
the settings file kept inside the test's own directory."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from records.database import Database, open_database
from records.demo import build_demo
from tui.i18n import set_language

DEMO_SIZE = 400
# The demo stamps its import batch with the build time; snapshots need the same text each run.
FIXED_IMPORT_TIME = "2025-04-01 09:00:00.000000"


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    database = open_database(str(path))
    build_demo(database, "registrar", DEMO_SIZE)
    with database.engine.begin() as conn:
        conn.execute(
            text("UPDATE import_batch SET started_at = :t, finished_at = :t"),
            {"t": FIXED_IMPORT_TIME},
        )
    database.close()
    return path


@pytest.fixture(autouse=True)
def own_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The language setting is written under the test's directory, never the user's; a test
    that ran in Japanese leaves the next one in English."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    yield
    set_language("en")


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Iterator[Database]:
    path = tmp_path / "irei.sqlite3"
    shutil.copy(demo_template, path)
    database = open_database(str(path))
    yield database
    database.close()
