"""Small demo databases for the terminal app's tests, built once and copied per test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from records.database import Database, open_database
from records.demo import build_demo

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


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Iterator[Database]:
    path = tmp_path / "irei.sqlite3"
    shutil.copy(demo_template, path)
    database = open_database(str(path))
    yield database
    database.close()
