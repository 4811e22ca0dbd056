"""A re-sent file that differs from the one imported only in the width of its characters
(full-width digits and letters, half-width kana, an ideographic space) says the same thing:
nothing is updated, no correction is audited, and the stored text stays as first written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlmodel import col

from importers.cells import width_folded
from importers.pipeline import apply_import, plan_import, prepare_import
from records.database import Database
from records.models import Analysis, AuditEvent, NameForm, Person, RemainsLot
from tests.importers.test_import_pipeline import ROW, register, results, run, stored_tests

# The row of test_import_pipeline, typed again at other widths.
WIDE = [1, "ｻﾄｳ ﾀﾛｳ", "佐藤 太郎", "１９２０", "昭和２１年２月１３日", "ロシア　ハバロフスク地方",
        "第７収容地区第１分所", "ハバロフスク地方第１２埋葬地", "東京都", "Сато Таро",
        "ＤＮＡ照合済"]  # fmt: skip


def corrections(database: Database) -> list[tuple[str, str]]:
    with database.reading() as s:
        events = s.execute(select(AuditEvent).where(col(AuditEvent.action) != "import")).scalars()
        return [(e.action, e.after or "") for e in events if e.reason.startswith("import batch")]


def test_a_register_resent_at_other_widths_is_unchanged_and_keeps_the_text_stored(
    database: Database, tmp_path: Path
) -> None:
    first = [*ROW[:10], "DNA照合済"]
    run(database, register(tmp_path / "a.xlsx", [first]))
    with database.reading() as s:
        before = [tuple(p) for p in s.execute(select(Person)).scalars()]
        forms = sorted(s.execute(select(col(NameForm.text))).scalars())
    resent = register(tmp_path / "b.xlsx", [WIDE])

    plan = plan_import(database, resent)
    report = run(database, resent)

    assert plan.counts is not None
    assert (plan.counts.updated, plan.counts.unchanged) == (0, 1)
    assert (report.counts.updated, report.counts.unchanged) == (0, 1)
    assert corrections(database) == []
    with database.reading() as s:
        person = s.execute(select(Person)).scalar_one()
        assert [tuple(p) for p in s.execute(select(Person)).scalars()] == before
        assert sorted(s.execute(select(col(NameForm.text))).scalars()) == forms
    assert (person.name, person.reading, person.death_date_text, person.remarks) == (
        "佐藤　太郎",
        "サトウ タロウ",
        "昭和21年2月13日",
        "DNA照合済",
    )


def test_a_real_correction_beside_width_only_differences_changes_that_field_alone(
    database: Database, tmp_path: Path
) -> None:
    run(database, register(tmp_path / "a.xlsx", [[*ROW[:10], "DNA照合済"]]))
    corrected = [*WIDE[:8], "大阪府", *WIDE[9:]]

    report = run(database, register(tmp_path / "b.xlsx", [corrected]))

    assert report.counts.updated == 1
    [(action, after)] = corrections(database)
    assert action == "update"
    assert set(json.loads(after)) == {"prefecture_code", "version"}
    with database.reading() as s:
        person = s.execute(select(Person)).scalar_one()
    assert (person.name, person.prefecture_code, person.remarks) == (
        "佐藤　太郎",
        "27",
        "DNA照合済",
    )


LOTS = "整理番号,収集年度,埋葬地番号,柱数,検体番号,引渡機関,備考\n"


def test_a_recovery_file_resent_at_other_widths_is_unchanged(
    database: Database, tmp_path: Path
) -> None:
    first = tmp_path / "a.csv"
    first.write_text(
        LOTS + "2004-ZB-022-00001,平成16年度,ZB-022,3,ZB-022-04-0001,ロシア連邦 国防省,頭骨2\n",
        encoding="utf-8",
    )
    run(database, first)
    wide = tmp_path / "b.csv"
    wide.write_text(
        LOTS
        + "２００４-ＺＢ-０２２-００００１,平成１６年度,ＺＢ-０２２,３柱,ＺＢ-０２２-０４-０００１,"
        "ﾛｼｱ連邦　国防省,頭骨２\n",
        encoding="utf-8",
    )

    report = run(database, wide)

    assert (report.counts.updated, report.counts.unchanged) == (0, 1)
    assert corrections(database) == []
    with database.reading() as s:
        lot = s.execute(select(RemainsLot)).scalar_one()
    assert (lot.fiscal_year_text, lot.handed_over_by, lot.remarks, lot.version) == (
        "平成16年度",
        "ロシア連邦 国防省",
        "頭骨2",
        1,
    )


def test_identification_results_resent_at_other_widths_add_no_test(
    database: Database, tmp_path: Path
) -> None:
    run(database, _lot(tmp_path))
    run(
        database,
        results(
            tmp_path / "a.csv",
            "ZB-022-04-0001,DNA(STR),日本人,一致,佐藤　太郎,2022-01-01,DNA抽出2回目",
        ),
    )
    resent = results(
        tmp_path / "b.csv",
        "ＺＢ-０２２-０４-０００１,ＤＮＡ（ＳＴＲ）,日本人,一致,佐藤 太郎,"
        "２０２２-０１-０１,ＤＮＡ抽出２回目",
    )

    report = apply_import(database, "tester", prepare_import(resent))

    assert (report.counts.created, report.counts.updated, report.counts.unchanged) == (0, 0, 1)
    with database.reading() as s:
        [test] = s.execute(select(Analysis)).scalars()
    assert (test.matched_name, test.remarks) == ("佐藤　太郎", "DNA抽出2回目")


def _lot(tmp_path: Path) -> Path:
    lots = tmp_path / "lots.csv"
    lots.write_text(LOTS + "2004-ZB-022-00001,平成16年度,ZB-022,1,ZB-022-04-0001,,\n")
    return lots


def test_a_known_kind_written_short_is_that_kind_and_keeps_its_spelling(
    database: Database, tmp_path: Path
) -> None:
    run(database, _lot(tmp_path))
    first = results(
        tmp_path / "a.csv",
        "ZB-022-04-0001,STR,日本人,一致,佐藤　太郎,2022-01-01,",
        "ZB-022-04-0001,mtdna,日本人,,,2022-01-01,",
    )
    assert run(database, first).counts.created == 2
    resent = results(
        tmp_path / "b.csv",
        "ZB-022-04-0001,ＤＮＡ（ＳＴＲ）,日本人,一致,佐藤　太郎,2022-01-01,",
        "ZB-022-04-0001,DNA(mtDNA),日本人,,,2022-01-01,",
    )

    report = run(database, resent)

    assert (report.counts.created, report.counts.unchanged) == (0, 2)
    assert [(t.kind, t.kind_text) for t in stored_tests(database)] == [
        ("DNA(STR)", "STR"),
        ("DNA(mtDNA)", "mtdna"),
    ]


@pytest.mark.parametrize(
    ("stored", "sent"),
    [("⾼橋", "高橋"), ("①", "1"), ("㍼", "昭和"), ("Ⅱ", "II")],
)
def test_a_correction_of_more_than_width_is_not_taken_for_the_same_text(
    stored: str, sent: str
) -> None:
    """⾼橋 (a Kangxi radical, copied from a PDF) corrected to 高橋 is a correction, which NFKC
    would have folded away."""
    assert width_folded(stored) != width_folded(sent)


@pytest.mark.parametrize(
    ("stored", "sent"),
    [
        ("ｲｼﾀﾞ　ﾕﾀｶ", "イシダ ユタカ"),
        ("２１年", "21年"),
        ("ﾊﾟﾗｵ", "パラオ"),
        ("ＨＢ－０１２", "HB-012"),
    ],
)
def test_texts_written_at_another_width_are_one_text(stored: str, sent: str) -> None:
    assert width_folded(stored) == width_folded(sent)
