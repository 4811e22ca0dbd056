"""Re-imports, corrections, all-or-nothing, dry runs, rejects workbooks and profiles, through
the pipeline API the CLI and the TUI share."""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, inspect, select, text

from importers.errors import ImportRefused
from importers.headers import ORIGIN_HEADERS
from importers.normalise import shown
from importers.pipeline import (
    ImportCancelled,
    apply_import,
    detect_profile,
    dry_run,
    plan_import,
    prepare_import,
    preview,
)
from importers.reading import CHUNK
from importers.rejects import REASON_HEADER, write_rejects
from records import audit
from records.database import Database
from records.messages import Message
from records.models import Analysis, AuditEvent, ImportBatch, NameForm, Person, RemainsLot
from records.services import lots, persons
from tests.importers.conftest import SAMPLES
from tests.importers.test_csv_rows import lots_csv
from tests.records.conftest import name_forms_out_of_step

HEADERS = ["番号", "氏名（カナ）", "氏名（漢字）", "生年", "死亡年月日", "死亡場所", "収容所",
           "埋葬地", "出身地", "露側記録氏名", "備考"]  # fmt: skip
ROW = [1, "サトウ タロウ", "佐藤　太郎", 1920, "昭和21年2月13日", "ロシア ハバロフスク地方",
       "第7収容地区第1分所", "ハバロフスク地方第12埋葬地", "東京都", "Сато Таро", ""]  # fmt: skip


def register(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def run(database: Database, path: Path, accept_valid: bool = False):  # type: ignore[no-untyped-def]
    return apply_import(database, "tester", prepare_import(path), accept_valid)


def indexes_of(database: Database) -> list[object]:
    found = inspect(database.engine)
    return [found.get_indexes(table) for table in sorted(found.get_table_names())]


def count(database: Database, model: type) -> int:
    with database.reading() as s:
        return int(s.execute(select(func.count()).select_from(model)).scalar_one())


def sqlite_schema(database: Database) -> list[tuple[str, str, str]]:
    with database.reading() as s:
        query = text("SELECT type, name, sql FROM sqlite_master ORDER BY type, name")
        return [(kind, name, sql) for kind, name, sql in s.execute(query)]


def test_profile_is_detected_from_headers_below_a_title() -> None:
    assert detect_profile(SAMPLES / "soviet_deaths_messy.xlsx").name == "soviet_deaths"
    assert detect_profile(SAMPLES / "recovery_messy.xlsx").name == "recovery"
    assert detect_profile(SAMPLES / "analysis_messy.csv").name == "analysis"


def test_preview_shows_the_first_rows_as_read() -> None:
    shown = preview(SAMPLES / "soviet_deaths_messy.xlsx", rows=3)
    [layout] = shown.layouts
    assert (layout.sheet, layout.header_row) == ("名簿", 4)
    assert [r[:2] for r in shown.rows] == [("名簿", 5), ("名簿", 6), ("名簿", 7)]
    assert shown.rows[0][2]["register_no"] == 1  # full-width １


def test_the_preview_shows_each_field_as_understood_not_as_an_object() -> None:
    fields = preview(SAMPLES / "soviet_deaths_messy.xlsx", rows=1).rows[0][2]
    assert shown(fields["death"]) == "1947-10-22"
    assert shown(fields["birth_year"]) == "1904"
    assert shown(fields["burial_site"]) == "クラスノヤルスク地方第18埋葬地 (KR-018)"
    assert shown(fields["death_place"]).startswith("ロシア")
    assert shown(None) == ""
    assert shown(fields["prefecture_code"]) == "高知県 (39)"


def test_the_preview_leaves_out_the_totals_row_and_a_footnote_as_the_import_does(
    tmp_path: Path,
) -> None:
    path = register(tmp_path / "deaths.xlsx", [ROW, ["合計", "1名"], ["※ 生年不明の者は空欄"]])
    assert [(r[1], r[3]) for r in preview(path).rows] == [(2, [])]


def test_headers_matching_no_profile_are_refused_naming_the_closest(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("番号,氏名,備考\n1,佐藤,\n", encoding="utf-8")
    with pytest.raises(ImportRefused) as refused:
        detect_profile(path)
    assert "headers found: 番号、氏名、備考" in str(refused.value)
    assert "lacks:" in str(refused.value)


@pytest.mark.parametrize(
    ("second", "named"),
    [("備考", "the column 備考 is there more than once: K (備考)、L (備考)"),
     ("カナ氏名", "the column 氏名（カナ） is there more than once: "
                  "B (氏名（カナ）)、L (カナ氏名)")],
)  # fmt: skip
def test_a_column_headed_twice_refuses_the_file_instead_of_dropping_one(
    database: Database, tmp_path: Path, second: str, named: str
) -> None:
    """A clerk's second 備考 column, or an alias beside its header, would have been read from
    one of the two columns only: the other's values were lost without a word."""
    path = tmp_path / "x.xlsx"
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([*HEADERS, second])
    sheet.append([*ROW, "サトウ ジロウ" if second == "カナ氏名" else "二つ目の備考"])
    book.save(path)
    with pytest.raises(ImportRefused) as refused:
        run(database, path)
    assert named in str(refused.value), str(refused.value)
    assert str(refused.value).startswith(f"{path}: sheet Sheet: ")
    assert count(database, Person) == 0
    csv = tmp_path / "x.csv"
    csv.write_text(f"番号,氏名（カナ）,備考,{second}\n1,サトウ タロウ,a,b\n", encoding="utf-8")
    with pytest.raises(ImportRefused, match=f"^{csv}: the column .* more than once: "):
        run(database, csv)


def test_same_file_twice_creates_and_updates_nothing(any_database: Database) -> None:
    first = run(any_database, SAMPLES / "soviet_deaths_messy.xlsx")
    second = run(any_database, SAMPLES / "soviet_deaths_messy.xlsx")
    assert (first.counts.created, second.counts.created, second.counts.updated) == (200, 0, 0)
    assert second.counts.unchanged == 200


def test_corrected_file_updates_only_changed_fields_with_audit_naming_the_batch(
    any_database: Database, tmp_path: Path
) -> None:
    run(any_database, register(tmp_path / "a.xlsx", [ROW, [2, *ROW[1:]]]))
    corrected = [ROW, [2, *ROW[1:9], "Сато Таро", "遺族確認済"]]
    corrected[1][8] = "大阪府"
    report = run(any_database, register(tmp_path / "b.xlsx", corrected))
    assert (report.counts.updated, report.counts.unchanged) == (1, 1)
    with any_database.reading() as s:
        person = s.execute(select(Person).where(Person.register_no == 2)).scalar_one()
        assert (person.prefecture_code, person.remarks, person.version) == ("27", "遺族確認済", 2)
        event = s.execute(
            select(AuditEvent).where(
                AuditEvent.action == "update", AuditEvent.entity_id == person.id
            )
        ).scalar_one()
        assert event.reason == f"import batch {report.batch_id} (b.xlsx)"
        assert '"prefecture_code": "13"' in event.before and '"remarks"' in event.after
    # The bulk-created forms and the corrected person's forms carry the person's filters.
    assert name_forms_out_of_step(any_database) == []


def test_a_re_sent_row_with_a_new_spelling_raises_the_version_as_the_app_does(
    any_database: Database, tmp_path: Path
) -> None:
    """A Cyrillic spelling the register did not have before is a change to the person, as a
    form added in the app is: a registrar's edit opened before the import must see it."""
    run(any_database, register(tmp_path / "a.xlsx", [ROW]))
    resent = [*ROW[:9], "Сато Таро Иванович", ""]

    report = run(any_database, register(tmp_path / "b.xlsx", [resent]))

    assert report.counts.updated == 1
    with any_database.reading() as s:
        person = s.execute(select(Person)).scalar_one()
        last = audit.history(s, "Person", person.id)[-1]
    assert person.version == 2
    assert (last.action, json.loads(last.after)["text"]) == ("add_name_form", "Сато Таро Иванович")


def test_a_re_sent_row_with_blank_cells_erases_nothing_stored(
    any_database: Database, tmp_path: Path
) -> None:
    """A copy of the register with the kanji name, the camp and the prefecture left blank
    would have made an identified person unidentified without a word: the row is refused,
    naming what is stored, and its cells are marked in the rejects workbook."""
    run(any_database, register(tmp_path / "a.xlsx", [ROW]))
    blank = [1, "サトウ タロウ", "", *ROW[3:6], "", ROW[7], "", *ROW[9:]]
    path = register(tmp_path / "b.xlsx", [blank])
    plan = plan_import(any_database, path)
    assert plan.counts is not None
    assert (plan.counts.updated, plan.counts.rejected) == (0, 1)
    report = run(any_database, path, accept_valid=True)
    assert (report.counts.updated, report.counts.rejected) == (0, 1)
    error = report.errors[0]
    assert (error.row, error.column) == (2, "氏名（漢字）")
    assert error.reason == (
        "the row leaves blank what 番号 1 holds (氏名（漢字）: 佐藤　太郎、"
        "収容所: 第7収容地区第1分所、出身地: 東京都): an import erases nothing stored; "
        "if it is to go, clear it in the app"
    )
    with any_database.reading() as s:
        person = s.execute(select(Person)).scalar_one()
    assert (person.name, person.identified, person.camp, person.version) == (
        "佐藤　太郎",
        True,
        "第7収容地区第1分所",
        1,
    )
    out = tmp_path / "rejects.xlsx"
    assert write_rejects(out, [("b.xlsx", plan.layouts, plan.rejects)]) == 1
    marked = [
        c.column_letter
        for c in load_workbook(out).worksheets[0][2]
        if c.fill.fgColor.rgb not in (None, "00000000")
    ]
    assert marked == ["C"]  # the first of the blank cells: 氏名（漢字）

    # A cell that says something new is still a correction; a column the file lacks, nothing.
    narrow = tmp_path / "c.csv"
    narrow.write_text("番号,氏名（カナ）,氏名（漢字）,生年\n1,サトウ タロウ,佐藤　太郎,1921\n")
    assert run(any_database, narrow).counts.updated == 1


def test_a_re_sent_recovery_row_with_a_blank_cell_erases_nothing_stored(
    any_database: Database, tmp_path: Path
) -> None:
    run(any_database, lots_csv(tmp_path / "a.csv", 3, {2: "遺骨一部欠損"}))
    report = run(any_database, lots_csv(tmp_path / "b.csv", 3, {}), accept_valid=True)
    assert (report.counts.unchanged, report.counts.rejected) == (2, 1)
    error = report.errors[0]
    assert (error.row, error.column) == (3, "備考")
    assert "the row leaves blank what 整理番号 2004-ZB-022-00002 holds (備考: 遺骨一部欠損)" in (
        error.reason
    )
    with any_database.reading() as s:
        remarks = s.execute(select(RemainsLot.remarks).order_by(RemainsLot.id)).scalars().all()
    assert remarks == ["", "遺骨一部欠損", ""]


def test_an_older_recovery_file_putting_back_a_corrected_remark_is_rejected_naming_it(
    any_database: Database, tmp_path: Path
) -> None:
    """As for a register: a lot's field set back to the value its latest change replaced."""
    run(any_database, lots_csv(tmp_path / "a.csv", 2, {2: "要確認"}))
    run(any_database, lots_csv(tmp_path / "b.csv", 2, {2: "要確認（済）"}))
    older = lots_csv(tmp_path / "c.csv", 3, {2: "要確認"})  # the old file with a lot added
    report = run(any_database, older, accept_valid=True)
    assert (report.counts.created, report.counts.updated, report.counts.rejected) == (1, 0, 1)
    error = report.errors[0]
    assert (error.row, error.column, error.value) == (3, "備考", "要確認")
    assert error.reason.startswith(
        "the row puts back 備考 要確認 of 整理番号 2004-ZB-022-00002, corrected to 要確認（済） on "
    )
    with any_database.reading() as s:
        remarks = s.execute(select(RemainsLot.remarks).order_by(RemainsLot.id)).scalars().all()
    assert remarks == ["", "要確認（済）", ""]


OTHER = [1, "スズキ ハルオ", "鈴木　春雄", 1921, "昭和22年3月1日", "ロシア 沿海地方",
         "第3収容地区第2分所", "沿海地方第4埋葬地", "大阪府", "Судзуки Харуо", ""]  # fmt: skip


def test_another_person_under_a_stored_number_is_refused_not_merged(
    any_database: Database, tmp_path: Path
) -> None:
    """A register numbered from 1 again for other people: each row would otherwise correct
    the person stored under its 番号 into someone else and add the new names to theirs."""
    run(any_database, register(tmp_path / "a.xlsx", [ROW]))
    afresh = register(tmp_path / "b.xlsx", [OTHER, [2, *OTHER[1:]]])

    plan = plan_import(any_database, afresh)
    assert plan.counts is not None
    assert (plan.counts.created, plan.counts.updated, plan.counts.rejected) == (1, 0, 1)
    report = run(any_database, afresh)
    assert not report.written
    error = report.errors[0]
    assert (error.file, error.row, error.column, error.value) == ("b.xlsx", 2, "番号", 1)
    assert "番号 1 is already 佐藤　太郎, whom this row does not match" in error.reason
    out = tmp_path / "rejects.xlsx"  # the row as it was, to send back to the ministry
    assert write_rejects(out, [("b.xlsx", plan.layouts, plan.rejects)]) == 1
    assert [c.value for c in load_workbook(out).worksheets[0][2]][:3] == OTHER[:3]

    report = run(any_database, afresh, accept_valid=True)
    assert (report.counts.created, report.counts.updated, report.counts.rejected) == (1, 0, 1)
    with any_database.reading() as s:
        first = s.execute(select(Person).where(Person.register_no == 1)).scalar_one()
        forms = s.execute(select(NameForm.text).where(NameForm.person_id == first.id)).all()
    assert (first.name, first.version) == ("佐藤　太郎", 1)
    assert sorted(text for (text,) in forms) == ["Сато Таро", "サトウ タロウ", "佐藤　太郎"]


CYRILLIC_ONLY = [1, "", "", *ROW[3:9], "Сато Таро", ""]  # not yet identified


@pytest.mark.parametrize(
    ("stored", "corrected"),
    [
        (ROW, [1, "サトウ タロウ", "齋藤　太郎", *OTHER[3:9], "Сайто Таро", ""]),  # the reading
        # No kana or kanji stored to compare with the names found since: the death agrees.
        (CYRILLIC_ONLY, [1, "サトウ タロウ", "佐藤　太郎", *ROW[3:9], "", ""]),
    ],
    ids=["a-name-form-agrees", "no-name-to-compare-the-death-agrees"],
)
def test_a_correction_that_keeps_a_name_form_or_the_death_is_taken(
    any_database: Database, tmp_path: Path, stored: list[object], corrected: list[object]
) -> None:
    run(any_database, register(tmp_path / "a.xlsx", [stored]))
    report = run(any_database, register(tmp_path / "b.xlsx", [corrected]))
    assert report.written and (report.counts.updated, report.counts.rejected) == (1, 0)


def test_another_person_who_died_the_same_day_is_not_taken_for_a_correction(
    any_database: Database, tmp_path: Path
) -> None:
    """Thousands died in one month in the camps: a register renumbered after a name was put
    in is refused row by row, not merged into the persons who shared a date of death."""
    run(any_database, register(tmp_path / "a.xlsx", [ROW]))
    same_day = [1, *OTHER[1:4], ROW[4], *OTHER[5:]]
    report = run(any_database, register(tmp_path / "b.xlsx", [same_day]), accept_valid=True)
    assert (report.counts.updated, report.counts.rejected) == (0, 1)
    assert report.errors[0].reason == (
        "番号 1 is already 佐藤　太郎, whom this row does not match (no form of the name "
        "agrees with theirs): another register numbered afresh?"
    )
    with any_database.reading() as s:
        assert s.execute(select(Person.name)).scalars().all() == ["佐藤　太郎"]


def test_records_entered_after_an_import_take_ids_of_their_own(
    any_database: Database, tmp_path: Path
) -> None:
    """Imports number their rows in bulk; PostgreSQL's sequences must move past them, or the
    next person, name form or lot entered in the app collides with an imported one."""
    run(any_database, register(tmp_path / "a.xlsx", [ROW, [2, *ROW[1:]]]))
    run(any_database, SAMPLES / "recovery_clean.xlsx")
    with any_database.session() as s:
        fields = persons.PersonFields(name="山田　一郎", reading="ヤマダ イチロウ")
        person = persons.create_person(s, "tester", fields, "entered by hand")
    with any_database.session() as s:
        lot = lots.register_lot(s, "tester", lots.LotFields(lot_number="X-1"), ["X-1-1"], "r")
    assert (person.id, count(any_database, Person)) == (3, 3)
    assert lot.id == count(any_database, RemainsLot)


def test_a_rejected_row_writes_nothing_by_default(database: Database, tmp_path: Path) -> None:
    bad = [3, *ROW[1:4], "昭和99年13月", *ROW[5:]]
    report = run(database, register(tmp_path / "a.xlsx", [ROW, bad]))
    assert not report.written and report.counts.rejected == 1
    error = report.errors[0]
    assert (error.file, error.sheet, error.row, error.column) == (
        "a.xlsx",
        "Sheet",
        3,
        "死亡年月日",
    )
    assert error.value == "昭和99年13月" and error.reason
    assert count(database, Person) == 0 and count(database, ImportBatch) == 0


def test_a_bulk_load_puts_back_the_indexes_and_triggers_it_set_aside(
    database: Database, tmp_path: Path
) -> None:
    """Into empty tables, rows are loaded with the indexes and triggers dropped; they come
    back whether the import is rolled back (a rejected row) or lands."""
    before = sqlite_schema(database)
    assert {"name_form_filters_on_insert", "ix_name_form_key"} <= {name for _, name, _ in before}
    bad = [3, *ROW[1:4], "昭和99年13月", *ROW[5:]]
    assert not run(database, register(tmp_path / "a.xlsx", [ROW, bad])).written
    assert sqlite_schema(database) == before
    assert run(database, SAMPLES / "soviet_deaths_messy.xlsx").written
    assert sqlite_schema(database) == before
    assert name_forms_out_of_step(database) == []


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        ([4, *ROW[1:3], 1920, "1919/5/1", *ROW[5:]], "死亡年月日", "before the year of birth"),
        ([0, *ROW[1:]], "番号", "not a row number"),
        (["-5", *ROW[1:]], "番号", "not a row number"),
    ],
    ids=["death-before-birth", "number-zero", "number-negative"],
)
def test_a_row_the_person_form_would_refuse_is_rejected(
    database: Database, tmp_path: Path, row: list[object], column: str, reason: str
) -> None:
    report = run(database, register(tmp_path / "a.xlsx", [ROW, row]), accept_valid=True)
    assert (report.counts.created, report.counts.rejected) == (1, 1)
    assert (report.errors[0].row, report.errors[0].column) == (3, column)
    assert reason in report.errors[0].reason


def test_dates_in_kanji_numerals_import_read_and_as_written(
    database: Database, tmp_path: Path
) -> None:
    row = [*ROW[:3], "大正十年", "昭和二〇年八月十五日", *ROW[5:]]
    report = run(database, register(tmp_path / "a.xlsx", [row]))

    assert report.counts.created == 1, [str(e) for e in report.errors]
    with database.reading() as s:
        person = s.execute(select(Person)).scalar_one()
        assert (person.birth_year, person.birth_year_text) == (1921, "大正十年")
        assert (person.death_date, person.death_date_text) == ("1945-08-15", "昭和二〇年八月十五日")


def test_a_register_row_saying_what_it_does_not_know_imports_with_those_parts_unknown(
    database: Database, tmp_path: Path
) -> None:
    """不明 under 埋葬地 and 出身地 as under 生年 and 死亡年月日: the row is not refused."""
    row = [*ROW[:3], "不明", "1946/2/不明", *ROW[5:7], "不明", "不明", *ROW[9:]]
    report = run(database, register(tmp_path / "a.xlsx", [row]))

    assert report.counts.created == 1, [str(e) for e in report.errors]
    with database.reading() as s:
        person = s.execute(select(Person)).scalar_one()
        assert (person.birth_year, person.death_date, person.burial_site_id) == (
            None,
            "1946-02",
            None,
        )
        assert (person.prefecture_code, person.home) == ("", "不明")


def test_accept_valid_writes_the_valid_rows(database: Database, tmp_path: Path) -> None:
    bad = [3, *ROW[1:8], "火星", *ROW[9:]]
    report = run(database, register(tmp_path / "a.xlsx", [ROW, bad]), accept_valid=True)
    assert report.written and (report.counts.created, report.counts.rejected) == (1, 1)
    assert count(database, Person) == 1


def test_dry_run_writes_nothing_at_all(database: Database) -> None:
    plan = plan_import(database, SAMPLES / "recovery_messy.xlsx")
    assert plan.counts is not None and plan.counts.created == 120
    assert count(database, RemainsLot) == 0 and count(database, ImportBatch) == 0
    assert count(database, AuditEvent) == 0


def test_a_dry_run_of_several_files_sees_what_the_earlier_would_write_and_keeps_nothing(
    any_database: Database,
) -> None:
    indexes = indexes_of(any_database)
    steps: list[str] = []
    with dry_run(any_database, "tester") as checking:
        # A register into no persons is loaded in bulk, its tables' indexes set aside and
        # built again for the files after it, which it says; it saves nothing.
        persons = checking.check(
            SAMPLES / "soviet_deaths_clean.xlsx", others_follow=True, stage=steps.append
        )
        lots = checking.check(SAMPLES / "recovery_messy.xlsx", others_follow=True)
        tests = checking.check(SAMPLES / "analysis_messy.csv")
    total = len(Person.__table__.indexes) + len(NameForm.__table__.indexes)  # type: ignore[attr-defined]
    assert steps == [f"Building search indexes: {done}/{total}" for done in range(1, total + 1)]
    created = [plan.counts.created if plan.counts else None for plan in (persons, lots, tests)]
    assert created == [200, 120, 211]
    assert tests.counts is not None and tests.counts.rejected == 0
    for model in (Person, RemainsLot, Analysis, ImportBatch, AuditEvent):
        assert count(any_database, model) == 0
    assert indexes_of(any_database) == indexes


def test_a_file_refused_in_a_dry_run_of_several_is_undone_alone(
    database: Database, tmp_path: Path
) -> None:
    # Its first chunk of rows is written in the dry run when the open quote is reached.
    refused = lots_csv(tmp_path / "open.csv", CHUNK + 10, {CHUNK + 5: '"要確認'})
    tests = results(
        tmp_path / "tests.csv",
        "ZB-027-01-0000,DNA(STR),日本人,,,2022-01-01,",  # of recovery_messy.xlsx
        "ZB-022-04-0001,DNA(STR),日本人,,,2022-01-01,",  # of the file refused
    )
    with dry_run(database, "tester", accept_valid=True) as checking:
        checking.check(SAMPLES / "recovery_messy.xlsx", others_follow=True)
        with pytest.raises(ImportRefused, match="opens a quote"):
            checking.check(refused, others_follow=True)
        checked = checking.check(tests)
    assert checked.counts is not None
    assert (checked.counts.created, checked.counts.rejected) == (1, 1)
    assert count(database, RemainsLot) == 0


def rejects_of_a_bad_row(database: Database, tmp_path: Path) -> Path:
    """The rejects workbook of a.xlsx, whose row 3 is refused for its 出身地 (火星)."""
    bad = [2, *ROW[1:8], "火星", *ROW[9:]]
    plan = plan_import(database, register(tmp_path / "a.xlsx", [ROW, bad]))
    out = tmp_path / "rejects.xlsx"
    assert write_rejects(out, [("a.xlsx", plan.layouts, plan.rejects)]) == 1
    return out


def test_rejects_workbook_keeps_rows_as_they_were_and_imports_again_once_fixed(
    database: Database, tmp_path: Path
) -> None:
    out = rejects_of_a_bad_row(database, tmp_path)
    sheet = load_workbook(out).worksheets[0]
    assert [c.value for c in sheet[1]] == [*HEADERS, REASON_HEADER, *ORIGIN_HEADERS]
    assert sheet["I2"].value == "火星" and sheet["I2"].fill.fgColor.rgb == "FFFF9999"
    assert "出身地" in sheet["L2"].value
    assert [c.value for c in sheet[2]][-3:] == ["a.xlsx", "Sheet", 3]
    sheet["I2"].value = "大阪府"
    sheet.parent.save(out)
    assert detect_profile(out).name == "soviet_deaths"
    assert run(database, out).counts.created == 1
    # The person's source is the row the ministry's file had, not the workbook's row 2; the
    # import batch names the workbook the corrected row came in.
    with database.reading() as s:
        person = s.execute(select(Person).where(Person.register_no == 2)).scalar_one()
        batch = s.get(ImportBatch, person.import_batch_id)
    assert (person.source_file, person.source_sheet, person.source_row) == ("a.xlsx", "Sheet", 3)
    assert batch is not None and batch.file_name == "rejects.xlsx"


def test_a_row_refused_again_keeps_where_it_was_first_read(
    database: Database, tmp_path: Path
) -> None:
    first, second = rejects_of_a_bad_row(database, tmp_path), tmp_path / "second.xlsx"
    again = plan_import(database, first)  # not corrected: refused again
    assert [(r.sheet, r.row) for r in again.rejects] == [("Sheet", 2)]
    assert write_rejects(second, [(first.name, again.layouts, again.rejects)]) == 1
    sheet = load_workbook(second).worksheets[0]
    # One reason and one origin, the row's first: not the reasons of each round.
    assert [c.value for c in sheet[1]] == [*HEADERS, REASON_HEADER, *ORIGIN_HEADERS]
    assert [c.value for c in sheet[2]][-3:] == ["a.xlsx", "Sheet", 3]
    assert sheet["L2"].value.startswith("row 2: 出身地")
    assert sheet["I2"].fill.fgColor.rgb == "FFFF9999"


def test_a_corrected_row_whose_origin_was_cleared_has_the_workbook_as_its_source(
    database: Database, tmp_path: Path
) -> None:
    out = rejects_of_a_bad_row(database, tmp_path)
    book = load_workbook(out)
    sheet = book.worksheets[0]
    sheet["I2"].value = "大阪府"
    sheet["O2"].value = None  # the row number cleared
    book.save(out)
    assert run(database, out).counts.created == 1
    with database.reading() as s:
        person = s.execute(select(Person).where(Person.register_no == 2)).scalar_one()
    assert (person.source_file, person.source_sheet, person.source_row) == (
        "rejects.xlsx",
        "Sheet",
        2,
    )


def test_unknown_specimen_is_a_rejected_row(database: Database, tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(
        "検体番号,鑑定種別,所属集団判定,照合結果,照合先氏名,判定会議日,備考\n"
        "HB-012-20-0009,DNA(STR),日本人,,,2022-01-01,\n",
        encoding="utf-8",
    )
    report = run(database, path)
    assert (
        report.errors[0].column == "検体番号" and "no lot has specimen" in report.errors[0].reason
    )
    assert count(database, Analysis) == 0


def test_a_changed_decision_supersedes_and_keeps_the_old(
    database: Database, tmp_path: Path
) -> None:
    run(database, SAMPLES / "recovery_messy.xlsx")
    header = "検体番号,鑑定種別,所属集団判定,照合結果,照合先氏名,判定会議日,備考\n"
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text(header + "ZB-027-01-0000,DNA(STR),未判定,,,2021-07-03,\n", encoding="utf-8")
    second.write_text(
        header + "ZB-027-01-0000,DNA(STR),日本人以外,,,2022-07-03,\n", encoding="utf-8"
    )
    run(database, first)
    assert run(database, first).counts.unchanged == 1
    assert run(database, second).counts.updated == 1
    with database.reading() as s:
        tests = s.execute(select(Analysis).order_by(Analysis.id)).scalars().all()  # type: ignore[arg-type]
    assert [t.affiliation for t in tests] == ["pending", "not_japanese"]
    assert tests[1].supersedes_id == tests[0].id


ANALYSIS_HEADER = "検体番号,鑑定種別,所属集団判定,照合結果,照合先氏名,判定会議日,備考"


def results(path: Path, *rows: str) -> Path:
    """An identification results file (鑑定結果) of these rows."""
    path.write_text("\n".join([ANALYSIS_HEADER, *rows, ""]), encoding="utf-8")
    return path


def stored_tests(database: Database) -> list[Analysis]:
    with database.reading() as s:
        return list(s.execute(select(Analysis).order_by(Analysis.id)).scalars())  # type: ignore[arg-type]


def test_an_older_result_imported_later_stands_superseded_by_the_newer(
    database: Database, tmp_path: Path
) -> None:
    """In a later file or further down the same one, an older report is kept as evidence, but
    the newer test of its kind still stands (records.analysis_order)."""
    run(database, SAMPLES / "recovery_messy.xlsx")
    run(database, results(tmp_path / "a.csv", "ZB-027-01-0000,DNA(STR),日本人以外,,,2025-05-01,"))
    backlog = results(
        tmp_path / "b.csv",
        "ZB-027-01-0000,DNA(STR),日本人,,,2024-01-10,",
        "AM-031-07-0003,DNA(STR),日本人以外,,,2025-05-01,",
        "AM-031-07-0003,DNA(STR),日本人,,,2024-01-10,",
    )
    assert run(database, backlog).counts.updated == 2
    newer, older, other_newer, other_older = stored_tests(database)
    assert (newer.supersedes_id, older.supersedes_id) == (older.id, None)
    assert (other_newer.supersedes_id, other_older.supersedes_id) == (other_older.id, None)
    assert run(database, backlog).counts.unchanged == 3


def test_results_whose_cells_contradict_each_other_are_rejected_where_they_clash(
    database: Database, tmp_path: Path
) -> None:
    """A match names whom it matched, only a match or a comparison under way names anyone,
    and remains matched with a Japanese family are not judged 日本人以外: a file saying
    otherwise is refused at the cell to look at, and nothing is written."""
    run(database, SAMPLES / "recovery_messy.xlsx")
    path = results(
        tmp_path / "a.csv",
        "ZB-027-01-0000,DNA(STR),日本人,一致,,2022-01-01,",
        "AM-031-07-0003,DNA(STR),日本人,,小野　実,2022-01-01,",
        "AM-031-07-0004,DNA(STR),日本人以外,一致,小野　実,2022-01-01,",
        "HB-025-10-0006,DNA(STR),日本人,照合中,小野　実,2022-01-01,",
    )
    report = run(database, path)
    assert [(e.row, e.column, e.value) for e in report.errors] == [
        (2, "照合先氏名", None),
        (3, "照合先氏名", "小野\u3000実"),
        (4, "所属集団判定", "日本人以外"),
    ]
    assert report.errors[2].reason == "remains matched with a Japanese family are not 日本人以外"
    assert stored_tests(database) == []


def test_a_dna_match_not_judged_japanese_is_rejected_at_its_judgement(
    database: Database, tmp_path: Path
) -> None:
    """A match with a Japanese family judged 判定不能 or 未判定 is refused as 日本人以外 is. (An
    isotope 'match' arrives in the Ministry's files and is kept: it identifies no one.)"""
    run(database, SAMPLES / "recovery_messy.xlsx")
    path = results(
        tmp_path / "a.csv",
        "AM-031-07-0003,DNA(STR),判定不能,一致,小野　実,2022-01-01,",
        "AM-031-07-0004,DNA(STR),未判定,一致,小野　実,2022-01-01,",
    )
    report = run(database, path)
    assert [(e.row, e.column, e.value) for e in report.errors] == [
        (2, "所属集団判定", "判定不能"),
        (3, "所属集団判定", "未判定"),
    ]
    assert stored_tests(database) == []


def test_a_narrow_resent_result_contradicting_the_test_it_supersedes_is_rejected(
    database: Database, tmp_path: Path
) -> None:
    """A file without the match columns keeps the stored match, which it may not contradict."""
    run(database, SAMPLES / "recovery_messy.xlsx")
    run(database, results(tmp_path / "a.csv", "ZB-027-01-0000,DNA(STR),日本人,一致,小野　実,,"))
    narrow = tmp_path / "narrow.csv"
    narrow.write_text("検体番号,鑑定種別,所属集団判定\nZB-027-01-0000,DNA(STR),日本人以外\n")
    report = run(database, narrow)
    assert [(e.column, e.value) for e in report.errors] == [("所属集団判定", "日本人以外")]
    assert [t.affiliation for t in stored_tests(database)] == ["japanese"]


def test_a_kind_is_stored_in_one_form_and_results_resent_in_full_width_are_unchanged(
    database: Database, tmp_path: Path
) -> None:
    run(database, SAMPLES / "recovery_messy.xlsx")
    first = results(
        tmp_path / "a.csv",
        "ZB-027-01-0000,DNA(Y-STR),日本人,,,2022-01-01,",
        "AM-031-07-0003,ＤＮＡ （ｍｔＤＮＡ）,未判定,,,2022-01-01,",
    )
    assert run(database, first).counts.created == 2
    again = results(
        tmp_path / "b.csv",
        "ZB-027-01-0000,ＤＮＡ（Ｙ-ＳＴＲ）,日本人,,,2022-01-01,",
        "AM-031-07-0003,DNA(mtDNA),未判定,,,2022-01-01,",
    )
    assert run(database, again).counts.unchanged == 2
    assert [(t.kind, t.kind_text) for t in stored_tests(database)] == [
        ("DNA(Y-STR)", "DNA(Y-STR)"),
        ("DNA(mtDNA)", "ＤＮＡ （ｍｔＤＮＡ）"),
    ]


def test_a_test_of_another_kind_is_recorded_beside_the_first_not_superseding_it(
    database: Database, tmp_path: Path
) -> None:
    run(database, SAMPLES / "recovery_messy.xlsx")
    run(database, results(tmp_path / "a.csv", "ZB-027-01-0000,DNA(STR),日本人,,,2022-01-01,"))
    isotope = results(tmp_path / "b.csv", "ZB-027-01-0000,安定同位体,日本人以外,,,2022-03-01,")
    assert run(database, isotope).counts.created == 1
    retest = results(tmp_path / "c.csv", "ZB-027-01-0000,ＤＮＡ(STR),判定不能,,,2022-05-01,")
    assert run(database, retest).counts.updated == 1
    dna, isotope_test, dna_again = stored_tests(database)
    assert isotope_test.supersedes_id is None
    assert dna_again.supersedes_id == dna.id


def test_two_kinds_of_test_of_one_specimen_in_one_file_are_both_new(
    database: Database, tmp_path: Path
) -> None:
    run(database, SAMPLES / "recovery_messy.xlsx")
    rows = (f"ZB-027-01-0000,{kind},日本人,,,2022-01-01," for kind in ("DNA(STR)", "DNA(mtDNA)"))
    path = results(tmp_path / "a.csv", *rows)
    assert plan_import(database, path).counts.created == 2  # type: ignore[union-attr]
    assert run(database, path).counts.created == 2
    assert [t.supersedes_id for t in stored_tests(database)] == [None, None]


def test_cancel_rolls_everything_back(database: Database) -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(ImportCancelled):
        apply_import(database, "t", prepare_import(SAMPLES / "recovery_messy.xlsx"), cancel=cancel)
    assert count(database, RemainsLot) == 0 and count(database, ImportBatch) == 0


@pytest.mark.parametrize("when", ["last row", "first index", "last index"])
def test_a_cancel_after_the_rows_are_read_still_writes_nothing(
    database: Database, when: str
) -> None:
    """Once every row is read, a bulk load builds its indexes again and commits: seconds at a
    million rows, in which the registrar may still cancel. The indexes and triggers it set
    aside come back with the rollback, and the next import works."""
    before = sqlite_schema(database)
    cancel = threading.Event()
    total = len(Person.__table__.indexes) + len(NameForm.__table__.indexes)  # type: ignore[attr-defined]
    press_at = {
        "last row": None,
        "first index": f"Building search indexes: 1/{total}",
        "last index": f"Building search indexes: {total}/{total}",
    }[when]
    steps: list[str] = []

    def progress(done: int, rows: int | None) -> None:
        if when == "last row" and done == rows:
            cancel.set()

    def stage(step: Message) -> None:
        steps.append(step)
        if step == press_at:
            cancel.set()

    plan = prepare_import(SAMPLES / "soviet_deaths_clean.xlsx")
    with pytest.raises(ImportCancelled, match="import cancelled, nothing was written"):
        apply_import(database, "t", plan, progress=progress, cancel=cancel, stage=stage)
    assert "Saving…" not in steps
    if when == "first index":
        assert steps == [press_at]  # stopped before the second index
    assert count(database, Person) == 0 and count(database, ImportBatch) == 0
    assert sqlite_schema(database) == before
    assert run(database, SAMPLES / "soviet_deaths_clean.xlsx").counts.created == 200
    assert sqlite_schema(database) == before
    assert name_forms_out_of_step(database) == []


def test_a_csv_quote_left_open_below_a_written_chunk_writes_nothing(
    database: Database, tmp_path: Path
) -> None:
    # The first chunk of rows has gone to the database when the open quote is reached.
    path = lots_csv(tmp_path / "open.csv", CHUNK + 10, {CHUNK + 5: '"要確認'})
    with pytest.raises(ImportRefused, match=f"row on line {CHUNK + 6} opens a quote"):
        run(database, path, accept_valid=True)
    assert count(database, RemainsLot) == 0 and count(database, ImportBatch) == 0


def test_progress_is_reported(database: Database) -> None:
    seen: list[int] = []
    plan_import(
        database, SAMPLES / "analysis_clean.csv", progress=lambda done, _t: seen.append(done)
    )
    assert seen and seen[-1] >= 211


def test_user_profile_folder_adds_a_format(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "profiles"
    folder.mkdir()
    text = (Path(__file__).parents[2] / "importers/profiles/recovery.toml").read_text()
    (folder / "mine.toml").write_text(
        text.replace('name = "recovery"', 'name = "mine"').replace('"柱数"', '"遺骨数"')
    )
    monkeypatch.setattr("importers.profiles.user_profile_dir", lambda: folder)
    csv = tmp_path / "m.csv"
    shutil.copy(SAMPLES / "analysis_clean.csv", csv)
    names = {p.name for p in __import__("importers.profiles").profiles.all_profiles()}
    assert {"mine", "recovery", "soviet_deaths", "analysis", "roll"} <= names


def test_name_forms_keep_every_spelling(database: Database) -> None:
    run(database, SAMPLES / "soviet_deaths_messy.xlsx")
    with database.reading() as s:
        sources = {f.source for f in s.execute(select(NameForm)).scalars()}
    assert sources == {"register-kana", "register-kanji", "russian-record"}


# --- a file without an optional column says nothing about it ---------------------------------


def without(path: Path, target: Path, *dropped: str) -> Path:
    """The sheet of ``path`` (header on row 1) saved again without the columns ``dropped``."""
    book = load_workbook(path)
    sheet = book.active
    assert sheet is not None
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    keep = [i for i, header in enumerate(rows[0]) if header not in dropped]
    out = Workbook()
    written = out.active
    assert written is not None
    for row in rows:
        written.append([row[i] for i in keep])
    out.save(target)
    return target


def test_a_register_without_optional_columns_keeps_what_is_stored(
    database: Database, tmp_path: Path
) -> None:
    full = register(tmp_path / "full.xlsx", [ROW, [2, *ROW[1:]]])
    run(database, full)
    narrow = without(full, tmp_path / "narrow.xlsx", "死亡年月日", "出身地", "埋葬地", "備考")
    assert run(database, narrow).counts.unchanged == 2
    corrected = register(tmp_path / "corrected.xlsx", [ROW, [2, *ROW[1:3], 1921, *ROW[4:]]])
    report = run(database, without(corrected, tmp_path / "c.xlsx", "死亡年月日", "出身地"))
    assert (report.counts.updated, report.counts.unchanged) == (1, 1)
    with database.reading() as s:
        stored = s.execute(
            select(
                Person.birth_year, Person.death_date, Person.prefecture_code, Person.identified
            ).where(Person.register_no == 2)  # type: ignore[arg-type]
        ).one()
        changed = s.execute(
            select(AuditEvent.before, AuditEvent.after).where(AuditEvent.action == "update")  # type: ignore[arg-type]
        ).all()
    assert (stored[0], str(stored[1]), stored[2], stored[3]) == (1921, "1946-02-13", "13", True)
    [(before, after)] = changed  # one event, naming only the year of birth
    assert json.loads(before) == {"birth_year": 1920, "birth_year_text": "1920", "version": 1}
    assert json.loads(after) == {"birth_year": 1921, "birth_year_text": "1921", "version": 2}


def test_a_recovery_file_without_specimens_or_optional_columns(
    database: Database, tmp_path: Path
) -> None:
    run(database, SAMPLES / "recovery_clean.xlsx")
    with database.reading() as s:
        before = s.execute(select(RemainsLot).order_by(RemainsLot.id)).scalars().all()  # type: ignore[arg-type]
    narrow = without(
        SAMPLES / "recovery_clean.xlsx", tmp_path / "narrow.xlsx",
        "検体番号", "引渡機関", "地域詳細", "収容年月日", "備考",
    )  # fmt: skip
    report = run(database, narrow)
    assert (report.counts.updated, report.counts.unchanged) == (0, len(before))
    with database.reading() as s:
        after = s.execute(select(RemainsLot).order_by(RemainsLot.id)).scalars().all()  # type: ignore[arg-type]
    assert [lot.model_dump() for lot in after] == [lot.model_dump() for lot in before]
    new_lot = tmp_path / "new.xlsx"
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["整理番号", "収集年度", "埋葬地番号", "柱数"])
    sheet.append(["2004-ZB-022-09999", "平成16年度", "ZB-022", 3])
    book.save(new_lot)
    assert run(database, new_lot).counts.created == 1  # no specimens: none are recorded


def test_an_analysis_file_with_only_the_required_columns_supersedes_nothing(
    database: Database, tmp_path: Path
) -> None:
    run(database, SAMPLES / "recovery_messy.xlsx")
    path = tmp_path / "a.csv"
    path.write_text(
        "検体番号,鑑定種別,所属集団判定,照合結果,照合先氏名,判定会議日,備考\n"
        "ZB-027-01-0000,DNA(STR),未判定,照合中,,2021-07-03,再検査予定\n",
        encoding="utf-8",
    )
    run(database, path)
    narrow = tmp_path / "narrow.csv"
    narrow.write_text("検体番号,鑑定種別,所属集団判定\nZB-027-01-0000,DNA(STR),未判定\n")
    assert run(database, narrow).counts.unchanged == 1
    decided = tmp_path / "decided.csv"
    decided.write_text("検体番号,鑑定種別,所属集団判定\nZB-027-01-0000,DNA(STR),日本人以外\n")
    assert run(database, decided).counts.updated == 1
    with database.reading() as s:
        tests = s.execute(select(Analysis).order_by(Analysis.id)).scalars().all()  # type: ignore[arg-type]
    assert [(t.affiliation, t.match_result, t.remarks) for t in tests] == [
        ("pending", "in_progress", "再検査予定"),
        ("not_japanese", "in_progress", "再検査予定"),
    ]
    carried = {(str(t.decided_on), t.decided_text, t.decided_precision) for t in tests}
    assert carried == {("2021-07-03", "2021-07-03", "day")}


def test_the_steps_after_the_rows_are_reported_index_by_index_then_the_commit(
    database: Database,
) -> None:
    """Into an empty register the persons are loaded in bulk: building the indexes set aside
    and the commit take seconds at a million rows, with the rows' bar full."""
    steps: list[str] = []
    report = apply_import(
        database, "tester", prepare_import(SAMPLES / "soviet_deaths_clean.xlsx"), stage=steps.append
    )
    assert report.written
    total = len(Person.__table__.indexes) + len(NameForm.__table__.indexes)  # type: ignore[attr-defined]
    assert steps == [
        *(f"Building search indexes: {done}/{total}" for done in range(1, total + 1)),
        "Saving…",
    ]


def test_an_import_that_writes_nothing_reports_no_commit(
    database: Database, tmp_path: Path
) -> None:
    steps: list[str] = []
    bad = [3, *ROW[1:4], "昭和99年13月", *ROW[5:]]
    plan = prepare_import(register(tmp_path / "a.xlsx", [ROW, bad]))
    assert not apply_import(database, "tester", plan, stage=steps.append).written
    assert "Saving…" not in steps
