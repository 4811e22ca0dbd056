"""The demo database as `irei demo` builds it: what the registrar watches while it is built."""

from __future__ import annotations

from records.database import Database
from records.demo import build_demo


def test_the_demo_reports_its_indexes_built_one_by_one(database: Database, actor: str) -> None:
    """The last step of `irei demo` is building the indexes: its progress bar must move as
    they are built and end full, not stand at nothing built."""
    reports: list[tuple[str, int, int]] = []
    build_demo(database, actor, 50, progress=lambda *report: reports.append(report))
    indexes = [(done, total) for stage, done, total in reports if stage == "indexes"]
    total = indexes[0][1]
    assert total > 0
    assert indexes == [(done, total) for done in range(total + 1)]
    assert reports[-1] == ("indexes", total, total)
