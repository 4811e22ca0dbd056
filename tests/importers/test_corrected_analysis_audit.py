"""A file that corrects a stored test adds a test superseding it, traced in the audit log as a
test added by hand is, naming the import batch; the tests a file creates share its summary."""

from __future__ import annotations

import json
from pathlib import Path

from sqlmodel import col, select

from records import audit
from records.database import Database
from records.models import AuditEvent
from tests.importers.conftest import SAMPLES
from tests.importers.test_import_pipeline import results, run, stored_tests


def test_a_corrected_test_reimported_is_audited_naming_its_batch(
    database: Database, tmp_path: Path
) -> None:
    run(database, SAMPLES / "recovery_messy.xlsx")
    run(database, results(tmp_path / "a.csv", "ZB-027-01-0000,DNA(STR),日本人以外,,,2022-07-03,"))
    corrected = results(tmp_path / "b.csv", "ZB-027-01-0000,DNA(STR),判定不能,,,2022-07-03,再判定")

    report = run(database, corrected)

    assert report.counts.updated == 1
    first, correction = stored_tests(database)
    assert correction.supersedes_id == first.id
    with database.reading() as session:
        [event] = audit.history(session, "Analysis", correction.id or 0)
    assert (event.action, event.actor) == ("analysis", "tester")
    assert event.reason == f"import batch {report.batch_id} (b.csv)"
    after = json.loads(event.after)
    assert (after["affiliation"], after["remarks"]) == ("undeterminable", "再判定")
    assert after["supersedes_id"] == first.id


def test_a_test_a_file_creates_shares_the_batch_summary(database: Database, tmp_path: Path) -> None:
    run(database, SAMPLES / "recovery_messy.xlsx")

    report = run(
        database, results(tmp_path / "a.csv", "ZB-027-01-0000,DNA(STR),日本人以外,,,2022-07-03,")
    )

    assert report.counts.created == 1
    [created] = stored_tests(database)
    with database.reading() as session:
        assert audit.history(session, "Analysis", created.id or 0) == []
        assert audit.import_creation(session, "Analysis", created.id or 0) is not None
        assert session.execute(
            select(col(AuditEvent.entity)).where(col(AuditEvent.reason).contains("a.csv"))
        ).scalars().all() == ["ImportBatch"]
