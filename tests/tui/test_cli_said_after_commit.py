"""A command says what it wrote only once the write has committed: a commit that fails (a
full disk, a server gone) ends in one error line, with no "added" or "recorded" before it
that the database does not hold."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col
from typer.testing import CliRunner

from records.database import Database
from records.models import AuditEvent, Location, RemainsLot, Specimen
from tui.cli import app

runner = CliRunner()


@contextmanager
def commit_fails(database: Database) -> Iterator[Session]:
    with Session(database.engine) as session, session.begin():
        yield session
        raise OperationalError("COMMIT", {}, Exception("disk I/O error"))


def _events(database: Database) -> int:
    with database.reading() as session:
        return session.execute(select(func.count()).select_from(AuditEvent)).scalar_one()


def _commands(database: Database) -> dict[str, list[str]]:
    with database.reading() as session:
        lot = session.execute(
            select(RemainsLot).where(col(RemainsLot.status) == "interred").limit(1)
        ).scalar_one()
        specimen = session.execute(select(Specimen).limit(1)).scalar_one()
        cemetery = session.execute(
            select(Location).where(col(Location.kind) == "cemetery")
        ).scalar_one()
    return {
        "location add": ["location", "add", "vault", "CF-V9", "第9納骨室", "--in", cemetery.code],
        "location rename": ["location", "rename", cemetery.code, "--name", "墓苑"],
        "lot withdraw": ["lot", "withdraw", lot.lot_number],
        "analysis add": ["analysis", "add", specimen.number, "--kind", "DNA(STR)",
                         "--affiliation", "japanese"],
    }  # fmt: skip


@pytest.mark.parametrize("command", ["location add", "location rename", "lot withdraw",
                                     "analysis add"])  # fmt: skip
def test_a_failed_commit_is_not_reported_as_written(
    demo_db: Database, command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = demo_db.engine.url.database
    assert path is not None
    args = _commands(demo_db)[command]
    before = _events(demo_db)
    monkeypatch.setattr(Database, "writing", commit_fails)

    result = runner.invoke(app, ["--db", path, "--lang", "en", *args, "--reason", "letter"])

    assert (result.exit_code, result.output.strip()) == (
        1,
        "irei: database error: disk I/O error",
    )
    assert _events(demo_db) == before
