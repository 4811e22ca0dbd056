"""The Specimens tab of a lot and of a person: every test is kept, and those that no longer
stand are marked, so that a registrar sees at once which result stands."""

from __future__ import annotations

from records.database import Database
from records.services.analysis_withdrawal import withdraw_analysis
from tests.records.conftest import analyse, create_person, register_lot
from tui.record_queries import citable_analyses, lot_record, person_record


def _tests(rows: list[tuple[str, ...]]) -> list[str]:
    return [row[2] for row in rows]


def test_a_superseded_test_is_marked_on_the_lots_specimens_tab(
    database: Database, actor: str
) -> None:
    lot_id = register_lot(database, actor)
    analyse(database, actor, lot_id, "pending")
    analyse(database, actor, lot_id, "japanese")

    assert _tests(lot_record(database, lot_id).analyses) == [
        "DNA(STR) (superseded)",
        "DNA(STR)",
    ]


def test_a_match_superseded_by_a_test_naming_nobody_is_marked_on_the_persons_tab(
    database: Database, actor: str
) -> None:
    person_id = create_person(database, actor, name="長谷川 治", register_no=100018)
    lot_id = register_lot(database, actor)
    analyse(database, actor, lot_id, "japanese", matched="長谷川 治")
    analyse(database, actor, lot_id, "undeterminable")

    assert _tests(person_record(database, person_id).analyses) == ["DNA(STR) (superseded)"]


def test_a_withdrawn_test_is_marked_with_who_withdrew_it_and_why(
    database: Database, actor: str
) -> None:
    lot_id = register_lot(database, actor)
    analyse(database, actor, lot_id, "pending")
    wrong = analyse(database, actor, lot_id, "japanese")
    with database.session() as session:
        withdraw_analysis(session, "tanaka", wrong, "entered on the wrong specimen")

    first, withdrawn = lot_record(database, lot_id).analyses

    assert (first[2], withdrawn[2]) == ("DNA(STR)", "DNA(STR) (withdrawn)")
    assert withdrawn[7].startswith("withdrawn by tanaka at ")
    assert withdrawn[7].endswith(": entered on the wrong specimen")


def test_the_affiliation_form_offers_no_withdrawn_test_as_evidence(
    database: Database, actor: str
) -> None:
    lot_id = register_lot(database, actor)
    first = analyse(database, actor, lot_id, "pending")
    wrong = analyse(database, actor, lot_id, "japanese")
    with database.session() as session:
        withdraw_analysis(session, "tanaka", wrong, "entered on the wrong specimen")

    offered = citable_analyses(database, lot_id)

    assert [(a.id, a.superseded) for a in offered] == [(first, False)]
