"""Tests stored under a kind's short spelling (STR, mtdna) before it was folded to the kind as
the records write it are put in that form by the upgrade (migration 0014), so that the file
that brought them changes nothing when it is sent again."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from records.database import Database
from tests.importers.conftest import SAMPLES
from tests.importers.test_import_pipeline import results, run, stored_tests
from tests.records.conftest import migrate


def _kinds(database: Database) -> list[tuple[str, str]]:
    query = text("SELECT kind, kind_text FROM analysis ORDER BY id")
    with database.reading() as s:
        return [(kind, written) for kind, written in s.execute(query)]


def test_the_upgrade_folds_stored_spellings_and_a_re_sent_file_changes_nothing(
    database: Database, tmp_path: Path
) -> None:
    run(database, SAMPLES / "recovery_messy.xlsx")
    sent = results(
        tmp_path / "a.csv",
        "ZB-027-01-0000,STR,日本人以外,,,2021-07-03,",
        "ZB-027-01-0000,mtdna,未判定,,,2021-07-03,",
        "ZB-027-01-0000,ＤＮＡ（Ｙ－ＳＴＲ）,未判定,,,2021-07-03,",
    )
    run(database, sent)
    migrate(database, "0013")
    # As the import stored them before the fold: NFKC without whitespace, letter case kept.
    assert _kinds(database) == [
        ("STR", "STR"),
        ("mtdna", "mtdna"),
        ("DNA(Y-STR)", "ＤＮＡ（Ｙ－ＳＴＲ）"),
    ]

    migrate(database, "head")

    assert _kinds(database) == [
        ("DNA(STR)", "STR"),
        ("DNA(mtDNA)", "mtdna"),
        ("DNA(Y-STR)", "ＤＮＡ（Ｙ－ＳＴＲ）"),
    ]
    counts = run(database, sent).counts
    assert (counts.created, counts.updated, counts.unchanged) == (0, 0, 3)
    assert len(stored_tests(database)) == 3


def test_two_tests_the_upgrade_puts_in_one_kind_both_stay_as_written_and_as_linked(
    database: Database, tmp_path: Path
) -> None:
    """A file that wrote STR for a test stored as DNA(STR) brought a test of a kind of its own
    before the fold: both stay, each with its text, and neither is made to supersede the
    other."""
    run(database, SAMPLES / "recovery_messy.xlsx")
    run(database, results(tmp_path / "a.csv", "ZB-027-01-0000,DNA(STR),未判定,,,2021-07-03,"))
    run(database, results(tmp_path / "b.csv", "ZB-027-01-0000,STR,日本人以外,,,2022-07-03,"))
    migrate(database, "0013")
    with database.writing() as s:
        # Stored before the fold, the second was of another kind and superseded nothing.
        s.execute(text("UPDATE analysis SET supersedes_id = NULL"))

    migrate(database, "head")

    assert _kinds(database) == [("DNA(STR)", "DNA(STR)"), ("DNA(STR)", "STR")]
    assert [t.supersedes_id for t in stored_tests(database)] == [None, None]
