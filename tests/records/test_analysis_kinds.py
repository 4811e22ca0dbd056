"""A kind of test in its one form, whichever way a file or a registrar wrote it; analyses
stored before the form was kept get it when the schema is upgraded."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from records.analysis_kinds import kind_key
from records.database import Database
from records.services import analyses
from tests.records.conftest import migrate, register_lot


@pytest.mark.parametrize(
    ("written", "kind"),
    [
        ("DNA(Y-STR)", "DNA(Y-STR)"),
        ("ＤＮＡ（Ｙ-ＳＴＲ）", "DNA(Y-STR)"),  # full-width letters and brackets
        ("ＤＮＡ（Ｙ－ＳＴＲ）", "DNA(Y-STR)"),  # a full-width hyphen too
        ("DNA (mtDNA)", "DNA(mtDNA)"),  # a space before the bracket
        ("ＤＮＡ（ｍｔＤＮＡ）", "DNA(mtDNA)"),  # the lower case of mtDNA is kept
        (" 安定同位体\u3000", "安定同位体"),  # ideographic space around it
        ("安定 同位体", "安定同位体"),
        ("", ""),
        # a known kind written short, or in other letter case, is that kind
        ("STR", "DNA(STR)"),
        ("str", "DNA(STR)"),
        ("ＳＴＲ", "DNA(STR)"),
        ("dna（ｓｔｒ）", "DNA(STR)"),
        ("DNA-STR", "DNA(STR)"),
        ("Y-STR", "DNA(Y-STR)"),
        ("ｙｓｔｒ", "DNA(Y-STR)"),
        ("mtDNA", "DNA(mtDNA)"),
        ("mtdna", "DNA(mtDNA)"),
        ("DNA(MT-DNA)", "DNA(mtDNA)"),
        # but not a spelling that could be more than one kind, nor one not known
        ("DNA", "DNA"),
        ("ＤＮＡ鑑定", "DNA鑑定"),
        ("DNA(STR)(再鑑定)", "DNA(STR)(再鑑定)"),
    ],
)
def test_a_kind_is_compared_in_one_form(written: str, kind: str) -> None:
    assert kind_key(written) == kind


def _analyses(db: Database) -> list[tuple[str, str]]:
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT * FROM analysis ORDER BY id")).mappings().all()
    return [(row["kind"], row.get("kind_text", "(none)")) for row in rows]


def test_the_upgrade_keeps_each_stored_kind_as_written_and_puts_it_in_one_form(
    any_database: Database, actor: str
) -> None:
    register_lot(any_database, actor, ("HB-012-19-90001",))
    # The second test supersedes the first: a link between two rows the upgrade must keep.
    tests = (
        ("ＤＮＡ（Ｙ-ＳＴＲ）", "pending"),
        ("DNA (Y-STR)", "japanese"),
        ("安定同位体", "pending"),
    )
    for kind, affiliation in tests:
        with any_database.session() as session:
            fields = analyses.AnalysisFields(kind=kind, affiliation=affiliation)
            analyses.record_analysis(session, actor, "HB-012-19-90001", fields, "laboratory report")
    migrate(any_database, "0002")
    # As an import before 0003 stored them: the kind as written, and nothing beside it.
    assert _analyses(any_database) == [(kind, "(none)") for kind, _ in tests]

    migrate(any_database, "head")

    assert _analyses(any_database) == [
        ("DNA(Y-STR)", "ＤＮＡ（Ｙ-ＳＴＲ）"),
        ("DNA(Y-STR)", "DNA (Y-STR)"),
        ("安定同位体", "安定同位体"),
    ]
