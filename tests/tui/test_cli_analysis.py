"""``irei analysis add``: a registrar records a laboratory's result by hand, a DNA match naming
the person chosen by 番号 or name, so that the remains can be handed to the family before the
ministry's file arrives; a refusal is one line and exit code 1, and writes nothing."""

from __future__ import annotations

import pytest
from sqlmodel import col, func, select

from records.database import Database
from records.models import Analysis, RemainsLot
from records.services import lot_status
from records.status import LotStatus
from tests.records.conftest import add_section, create_person, path_to, register_lot, walk
from tests.tui.test_cli_lot import irei

SPECIMEN = "HB-012-19-0201"


def _japanese_lot(db: Database, actor: str) -> int:
    lot_id = register_lot(db, actor, (SPECIMEN,))
    walk(db, actor, lot_id, path_to(LotStatus.JAPANESE), add_section(db))
    return lot_id


def _analyses(db: Database) -> int:
    with db.reading() as session:
        return session.execute(select(func.count(col(Analysis.id)))).scalar_one()


def test_a_dna_match_entered_by_hand_lets_the_remains_go_to_the_family(
    database: Database, actor: str
) -> None:
    lot_id = _japanese_lot(database, actor)
    create_person(database, actor, name="佐藤 太郎", register_no=12)
    create_person(database, actor, name="佐藤 太郎", register_no=13)  # a namesake

    code, output = irei(
        database, "analysis", "add", SPECIMEN, "--kind", "DNA(STR)", "--affiliation", "japanese",
        "--match", "match", "--person", "番号 12", "--on", "令和3年3月4日",
        "--reason", "laboratory letter of 令和3年3月",
    )  # fmt: skip

    assert code == 0, output
    with database.session() as session:
        handed = lot_status.change_status(
            session, actor, lot_id, LotStatus.HANDED_TO_FAMILY, "family visit"
        )
        assert handed.status == LotStatus.HANDED_TO_FAMILY
    with database.reading() as session:
        analysis = session.execute(
            select(Analysis).order_by(col(Analysis.id).desc()).limit(1)
        ).scalar_one()
    assert (analysis.decided_on, analysis.matched_name) == ("2021-03-04", "佐藤 太郎")
    assert output.strip() == (
        f"specimen {SPECIMEN}: DNA(STR) test recorded, Japanese, match: 佐藤 太郎 (Reg. No. 12) "
        f"[analysis {analysis.id}]"
    )


def test_a_result_is_named_in_the_ministrys_words_or_the_apps_in_either_language(
    database: Database, actor: str
) -> None:
    """日本人 and 一致 are what the registrar reads in the laboratory's letter and the file."""
    _japanese_lot(database, actor)
    create_person(database, actor, name="佐藤 太郎", register_no=12)
    before = _analyses(database)
    for affiliation, match in (("日本人", "一致"), ("Japanese", "MATCH"), ("ｊａｐａｎｅｓｅ", "")):
        code, output = irei(
            database, "analysis", "add", SPECIMEN, "--kind", "DNA(STR)",
            "--affiliation", affiliation, "--match", match,
            *(("--person", "番号 12") if match else ()), "--reason", "letter",
        )  # fmt: skip
        assert code == 0, output
        assert output.startswith(f"specimen {SPECIMEN}: DNA(STR) test recorded, Japanese")
    with database.reading() as session:
        stored = session.execute(
            select(Analysis.affiliation, Analysis.match_result).order_by(col(Analysis.id))
        ).all()
    assert [tuple(row) for row in stored[before:]] == [
        ("japanese", "match"),
        ("japanese", "match"),
        ("japanese", ""),
    ]


def test_a_result_that_is_none_of_the_choices_is_refused_naming_them(
    database: Database, actor: str
) -> None:
    _japanese_lot(database, actor)
    before = _analyses(database)
    code, output = irei(
        database, "analysis", "add", SPECIMEN, "--kind", "DNA(STR)", "--affiliation", "yes",
        "--reason", "letter",
    )  # fmt: skip
    assert (code, output.strip()) == (
        1,
        "irei: --affiliation: 'yes' is not one of japanese (日本人), not_japanese (日本人以外), "
        "undeterminable (判定不能), pending (未判定)",
    )
    assert _analyses(database) == before


@pytest.mark.parametrize(
    ("options", "refusal"),
    [
        (
            (
                "--kind",
                "DNA(STR)",
                "--affiliation",
                "japanese",
                "--match",
                "match",
                "--person",
                "佐藤 太郎",
                "--reason",
                "letter",
            ),
            "irei: Person: 佐藤 太郎 quotes more than one person: quote the one meant by their "
            "number (Reg. No. 12, or No. 14 for a person outside the register)",
        ),
        (
            (
                "--kind",
                "DNA(STR)",
                "--affiliation",
                "japanese",
                "--match",
                "match",
                "--reason",
                "letter",
            ),
            "irei: Person: a match names the person it matched",
        ),
        (
            (
                "--kind",
                "DNA(STR)",
                "--affiliation",
                "japanese",
                "--person",
                "番号 12",
                "--reason",
                "letter",
            ),
            "irei: Person: a person is named only by a match or a comparison in progress",
        ),
        (
            (
                "--kind",
                "DNA(STR)",
                "--affiliation",
                "not_japanese",
                "--match",
                "match",
                "--person",
                "番号 12",
                "--reason",
                "letter",
            ),
            "irei: Affiliation: remains matched with a Japanese family are not 日本人以外",
        ),
        (
            (
                "--kind",
                "DNA(STR)",
                "--affiliation",
                "japanese",
                "--on",
                "令和3年2月30日",
                "--reason",
                "letter",
            ),
            "irei: Date: '令和3年2月30日' is not a date (there is no such day: 2021年2月30日)",
        ),
        (
            (
                "--kind",
                "DNA(STR)",
                "--affiliation",
                "japanese",
                "--on",
                "2999-01-05",
                "--reason",
                "x",
            ),
            "irei: Date: 2999-01-05 is in the future",
        ),
        (
            ("--kind", "DNA(STR)", "--affiliation", "japanese", "--on", "先月", "--reason", "x"),
            "irei: Date: '先月' is not a date (not a date spelling we know "
            "(e.g. 昭和21年2月13日, S21.2.13, 1946/2/13))",
        ),
        (
            ("--affiliation", "japanese", "--reason", "letter"),
            "irei: Kind: say which test it is, e.g. DNA(STR)",
        ),
        (
            ("--kind", "DNA(STR)", "--affiliation", "japanese"),
            "irei: Reason: say why: every change to an analysis is recorded with its reason",
        ),
    ],
    ids=[
        "namesakes",
        "match without person",
        "person without match",
        "match not japanese",
        "no such day",
        "in the future",
        "no date",
        "kind",
        "reason",
    ],
)
def test_a_refused_analysis_is_one_line_and_writes_nothing(
    database: Database, actor: str, options: tuple[str, ...], refusal: str
) -> None:
    _japanese_lot(database, actor)
    create_person(database, actor, name="佐藤 太郎", register_no=12)
    create_person(database, actor, name="佐藤 太郎", register_no=13)
    before = _analyses(database)

    code, output = irei(database, "analysis", "add", SPECIMEN, *options)

    assert (code, output.strip()) == (1, refusal)
    assert _analyses(database) == before
    with database.reading() as session:
        assert session.execute(select(RemainsLot.status)).scalar_one() == LotStatus.JAPANESE


def test_a_specimen_number_typed_full_width_is_read_as_the_specimens_form_reads_it(
    database: Database, actor: str
) -> None:
    _japanese_lot(database, actor)
    before = _analyses(database)

    code, output = irei(
        database, "analysis", "add", "ＨＢ－０１２－１９－０２０１", "--kind", "DNA(STR)",
        "--affiliation", "japanese", "--reason", "laboratory letter",
    )  # fmt: skip

    assert (code, output.strip()) == (
        0,
        f"specimen {SPECIMEN}: DNA(STR) test recorded, Japanese [analysis {before + 1}]",
    )
    assert _analyses(database) == before + 1


@pytest.mark.parametrize(
    ("typed", "refusal"),
    [
        ("HB-012-19-0201～0203", "'HB-012-19-0201～0203' is not a specimen number"),
        ("HB-12", "'HB-12' is not a specimen number"),
    ],
    ids=["a range", "not a number"],
)
def test_a_specimen_argument_that_is_not_one_number_is_refused(
    database: Database, actor: str, typed: str, refusal: str
) -> None:
    _japanese_lot(database, actor)
    before = _analyses(database)

    code, output = irei(
        database, "analysis", "add", typed, "--kind", "DNA(STR)", "--affiliation", "japanese",
        "--reason", "letter",
    )  # fmt: skip

    assert (code, output.strip()) == (
        1,
        f"irei: Specimen: {refusal} (e.g. HB-012-20-0009)",
    )
    assert _analyses(database) == before
