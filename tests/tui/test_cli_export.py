"""``irei export roll`` as a registrar reads what it says: how many entries it wrote, and a
roll with none refused rather than printed empty."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from records.database import Database
from records.services import ceremonies, roll_entries
from tests.records.conftest import create_person
from tui.cli import app


def _roll(database: Database, actor: str, *, with_person: bool) -> int:
    """A ceremony with no one or one person on its roll; its id."""
    with database.session() as session:
        ceremony = ceremonies.create_ceremony(
            session, actor, "追悼の集い", "memorial", "2026-08-23", "", "test"
        )
        ceremony_id = ceremony.id
    assert ceremony_id is not None
    if with_person:
        person = create_person(database, actor, name="松本　一郎", reading="マツモト イチロウ")
        with database.session() as session:
            roll_entries.add_entry(session, actor, ceremony_id, person_id=person, reason="test")
    return ceremony_id


def _export(
    database: Database, ceremony: int, out: Path, file_format: str = "csv"
) -> tuple[int, str]:
    args = ["export", "roll", str(ceremony), "--format", file_format, "--out", str(out)]
    result = CliRunner().invoke(app, ["--db", database.url, *args])
    return result.exit_code, result.output


def test_a_roll_of_one_entry_says_entry_not_entries(
    database: Database, actor: str, tmp_path: Path
) -> None:
    out = tmp_path / "roll.csv"

    code, output = _export(database, _roll(database, actor, with_person=True), out)

    assert (code, output) == (0, f"1 entry written to {out}\n")


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "pdf"])
def test_a_roll_with_no_entries_is_refused_and_nothing_is_written(
    database: Database, actor: str, tmp_path: Path, file_format: str
) -> None:
    """A printout of headings alone was written, and read as a roll of no one."""
    ceremony = _roll(database, actor, with_person=False)
    out = tmp_path / f"roll.{file_format}"

    code, output = _export(database, ceremony, out, file_format)

    assert code == 1
    said = "irei: the roll of 追悼の集い (2026-08-23) has no entries: nothing was written\n"
    assert output == said
    assert not out.exists()
