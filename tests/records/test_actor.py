"""The actor in the audit log is the operating-system account as the kernel reports it;
setting $USER or $LOGNAME cannot put another name there."""

from __future__ import annotations

import os
import pwd
from pathlib import Path

from sqlmodel import select

from records import audit
from records.actor import current_actor
from records.database import open_database
from records.models import AuditEvent


def test_the_actor_is_the_account_of_the_process_uid(monkeypatch) -> None:
    monkeypatch.setenv("USER", "mallory")
    monkeypatch.setenv("LOGNAME", "mallory")

    assert current_actor() == pwd.getpwuid(os.getuid()).pw_name


def test_user_cannot_be_spoofed_through_the_environment(run_irei, tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    result = run_irei(
        ["--db", str(path), "demo", "--no-open", "--size", "20"],
        env={"USER": "mallory", "LOGNAME": "mallory", "USERNAME": "mallory"},
    )
    assert result.returncode == 0, result.stderr

    db = open_database(str(path))
    try:
        with db.reading() as session:
            events = list(session.exec(select(AuditEvent)))
            assert audit.verify(session).events == 1
    finally:
        db.close()
    assert [event.actor for event in events] == [pwd.getpwuid(os.getuid()).pw_name]
    assert "mallory" not in {event.actor for event in events}
