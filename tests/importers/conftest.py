from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from records.database import Database, open_database

SAMPLES = Path("/work/shared/samples")


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = open_database(str(tmp_path / "irei.sqlite3"))
    yield db
    db.close()
