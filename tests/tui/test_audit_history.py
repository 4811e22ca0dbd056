"""The audit history's "What changed" column names each change in the registrar's words:
fields by their labels, coded values (script, source, status) by theirs, and a date once, as
written."""

from __future__ import annotations

import re

import pytest
from sqlmodel import col, select

from records.database import Database
from records.dates import UNDATED, PartialDate, Precision
from records.models import AuditEvent, BurialSite
from records.services.ceremonies import CEREMONY, create_ceremony
from records.services.lot_status import change_status, decide_affiliation, disinter
from records.services.lots import add_specimens, remove_specimen, update_lot
from records.services.persons import (
    NameFormFields,
    add_name_form,
    remove_name_form,
    update_person,
)
from records.services.roll_bulk import PersonFilter, bulk_add_persons
from records.status import LotStatus
from tests.records.conftest import create_person
from tests.tui.test_record_forms import lot_with_analyses
from tests.tui.test_workflows import first_person, lot_in
from tui.audit_words import what_changed
from tui.i18n import set_language
from tui.labels import reason_said
from tui.record_queries import citable_analyses, locations, lot_record, person_record
from tui.screens.record_view import audit_rows


def latest_person_change(database: Database, person_id: int) -> str:
    record = person_record(database, person_id)
    return audit_rows(record.audit, record.named)[0][3]


def latest_lot_change(database: Database, lot_id: int) -> str:
    record = lot_record(database, lot_id)
    return audit_rows(record.audit, record.named)[0][3]


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", "Date of death: {was} → 1946-07-26; Remarks: (blank) → 再調査"),
        ("ja", "死亡年月日: {was} → 1946-07-26; 備考: （空欄） → 再調査"),
    ],
)
def test_a_corrected_date_of_death_shows_once_as_written(
    demo_db: Database, language: str, shown: str
) -> None:
    person = first_person(demo_db)
    assert person.id is not None
    with demo_db.session() as session:
        changes = {"death_date_text": "1946-07-26", "remarks": "再調査"}
        update_person(session, "tanaka", person.id, changes, "御遺族の申告", expected_version=None)
    set_language(language)
    assert latest_person_change(demo_db, person.id) == shown.format(was=person.death_date_text)


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        (
            "en",
            "Name form: (blank) → Сато; Script: (blank) → Cyrillic; "
            "Source: (blank) → Russian record",
        ),
        (
            "ja",
            "氏名の表記: （空欄） → Сато; 文字種: （空欄） → キリル文字; 出典: （空欄） → 露側記録",
        ),
    ],
)
def test_an_added_name_form_shows_its_script_and_source_in_words(
    demo_db: Database, language: str, shown: str
) -> None:
    person = first_person(demo_db)
    assert person.id is not None
    with demo_db.session() as session:
        form = NameFormFields("Сато", "russian-record", "cyrillic")
        add_name_form(session, "tanaka", person.id, form, "GARF card 1947")
    set_language(language)
    assert latest_person_change(demo_db, person.id) == shown


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        (
            "en",
            "Name form: Сато → (blank); Script: Cyrillic → (blank); "
            "Source: Russian record → (blank)",
        ),
        (
            "ja",
            "氏名の表記: Сато → （空欄）; 文字種: キリル文字 → （空欄）; 出典: 露側記録 → （空欄）",
        ),
    ],
)
def test_a_removed_name_form_shows_what_it_was_in_words(
    demo_db: Database, language: str, shown: str
) -> None:
    person = first_person(demo_db)
    assert person.id is not None
    with demo_db.session() as session:
        form = NameFormFields("Сато", "russian-record", "cyrillic")
        added = add_name_form(session, "tanaka", person.id, form, "GARF card 1947")
    with demo_db.session() as session:
        remove_name_form(
            session, "tanaka", person.id, added.id or 0, "another Sato", expected_version=None
        )
    set_language(language)
    assert latest_person_change(demo_db, person.id) == shown


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", "Sets of remains: {was} → 7; Remarks: (blank) → 再計数"),
        ("ja", "柱数: {was} → 7; 備考: （空欄） → 再計数"),
    ],
)
def test_a_lot_edit_shows_its_fields_in_words(demo_db: Database, language: str, shown: str) -> None:
    lot = lot_in(demo_db, LotStatus.RECOVERED)
    assert lot.id is not None
    with demo_db.session() as session:
        changes = {"count": 7, "remarks": "再計数"}
        update_lot(session, "tanaka", lot.id, changes, "再計数", expected_version=None)
    set_language(language)
    assert latest_lot_change(demo_db, lot.id) == shown.format(was=lot.count)


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", "Status: recovered → affiliation pending"),
        ("ja", "状態: 収容 → 所属判定待ち"),
    ],
)
def test_a_status_change_shows_both_statuses_in_words(
    demo_db: Database, language: str, shown: str
) -> None:
    lot = lot_in(demo_db, LotStatus.RECOVERED)
    assert lot.id is not None
    with demo_db.session() as session:
        change_status(session, "tanaka", lot.id, LotStatus.AFFILIATION_PENDING, "鑑定へ")
    set_language(language)
    assert latest_lot_change(demo_db, lot.id) == shown


def test_a_move_shows_the_date_it_was_made(demo_db: Database) -> None:
    lot = lot_in(demo_db, LotStatus.INTERRED)
    assert lot.id is not None
    on = PartialDate("令和8年1月10日", "2026-01-10", Precision.DAY)
    with demo_db.session() as session:
        disinter(session, "tanaka", lot.id, on, "改葬のため")
    set_language("en")
    assert latest_lot_change(demo_db, lot.id).endswith("; Moved on: (blank) → 令和8年1月10日")


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", "Status: affiliation pending → undeterminable"),
        ("ja", "状態: 所属判定待ち → 判定不能"),
    ],
)
def test_an_affiliation_decision_shows_the_verdict_in_words(
    demo_db: Database, language: str, shown: str
) -> None:
    lot = lot_in(demo_db, LotStatus.AFFILIATION_PENDING)
    assert lot.id is not None
    with demo_db.session() as session:
        decide_affiliation(
            session, "tanaka", lot.id, LotStatus.UNDETERMINABLE, [], "委員会", on=UNDATED
        )
    set_language(language)
    assert latest_lot_change(demo_db, lot.id) == shown


@pytest.mark.parametrize(
    ("language", "decided", "changed", "evidence", "why"),
    [
        (
            "en",
            "affiliation decided",
            "status changed",
            "Evidence: (blank) → ",
            "委員会 (evidence: {})",
        ),
        ("ja", "所属判定", "状態の変更", "根拠: （空欄） → ", "委員会（根拠: {}）"),
    ],
)
def test_an_affiliation_decision_is_named_so_and_its_evidence_shown_in_words(
    demo_db: Database, language: str, decided: str, changed: str, evidence: str, why: str
) -> None:
    """Its reason is the registrar's; the analyses cited are shown under their label, not
    appended to the reason in English, in the audit history and in the custody history alike.
    A later change of status is still a status change."""
    lot = lot_with_analyses(demo_db, LotStatus.AFFILIATION_PENDING, found="japanese")
    assert lot.id is not None
    cited = citable_analyses(demo_db, lot.id)[0]
    with demo_db.session() as session:
        decide_affiliation(
            session, "tanaka", lot.id, LotStatus.JAPANESE, [cited.id], "委員会", on=UNDATED
        )
    set_language(language)
    record = lot_record(demo_db, lot.id)
    _at, _actor, action, what, reason = audit_rows(record.audit, record.named)[0]
    assert (action, reason) == (decided, "委員会")
    named = f"{cited.specimen} {cited.kind} {cited.decided}"
    assert f"{evidence}{named}" in what
    assert record.custody[-1][-1] == why.format(named)
    with demo_db.session() as session:
        section = locations(demo_db)[0][0]
        change_status(session, "tanaka", lot.id, LotStatus.INTERRED, "納骨", location_id=section)
    record = lot_record(demo_db, lot.id)
    assert audit_rows(record.audit, record.named)[0][2] == changed


@pytest.mark.parametrize(
    ("language", "added", "removed"),
    [
        ("en", "Specimen numbers: (blank) → {a}, {b}", "Specimen numbers: {a} → (blank)"),
        ("ja", "検体番号: （空欄） → {a}, {b}", "検体番号: {a} → （空欄）"),
    ],
)
def test_specimens_added_and_removed_show_their_numbers(
    demo_db: Database, language: str, added: str, removed: str
) -> None:
    lot = lot_in(demo_db, LotStatus.RECOVERED)
    assert lot.id is not None
    with demo_db.reading() as session:
        site = session.get(BurialSite, lot.burial_site_id)
        assert site is not None
        a, b = f"{site.code}-99-0001", f"{site.code}-99-0002"
    with demo_db.session() as session:
        add_specimens(session, "tanaka", lot.id, [a, b], "採取漏れ")
    set_language(language)
    assert latest_lot_change(demo_db, lot.id) == added.format(a=a, b=b)
    with demo_db.session() as session:
        remove_specimen(session, "tanaka", lot.id, a, "誤記")
    assert latest_lot_change(demo_db, lot.id) == removed.format(a=a)


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("import batch 4 (recovery_messy.xlsx)", "取込バッチ 4（recovery_messy.xlsx）"),
        ("import (死亡者名簿 (2).csv)", "取込（死亡者名簿 (2).csv）"),
        ("vault renovation completed", "納骨室の改修完了"),
        # What a registrar typed is theirs, even when it begins as the app's own words do.
        (
            "import batch 4 (recovery_messy.xlsx) was wrong",
            "import batch 4 (recovery_messy.xlsx) was wrong",
        ),
        ("御遺族の申告", "御遺族の申告"),
    ],
)
def test_a_reason_the_app_wrote_itself_reads_in_japanese(stored: str, shown: str) -> None:
    set_language("ja")
    assert reason_said(stored) == shown


def test_a_lots_history_and_custody_give_the_apps_reasons_in_japanese(demo_db: Database) -> None:
    lot = lot_in(demo_db, LotStatus.REINTERRED)
    set_language("ja")
    record = lot_record(demo_db, lot.id)
    created = audit_rows(record.audit, record.named)[-1]
    assert re.fullmatch(r"戦没者\d+名のデモデータベース", created[4])
    reasons = [row[6] for row in record.custody]
    assert reasons[0] == "国の遺骨収集"
    assert {"納骨室の改修", "納骨室の改修完了"} <= set(reasons)


def test_a_ceremony_and_its_bulk_add_are_said_in_the_registrars_words(
    database: Database, actor: str
) -> None:
    """`irei audit log` showed them as stored: 種類: memorial, filter: died_to=…, skipped."""
    create_person(database, actor, name="阿部　勇", reading="アベ イサム", country="モンゴル")
    with database.session() as session:
        ceremony = create_ceremony(
            session, actor, "追悼の集い", "memorial", "令和8年8月23日", "千鳥ヶ淵", "annual"
        )
        criteria = PersonFilter(country="モンゴル", identified_only=True, died_to="1946-12")
        bulk_add_persons(session, actor, ceremony.id, criteria, "annual")
        events = session.exec(
            select(AuditEvent).where(AuditEvent.entity == CEREMONY).order_by(col(AuditEvent.id))
        ).all()
    created, bulk = (what_changed(event) for event in events)

    assert "Kind: (blank) → Memorial service" in created
    assert bulk == (
        "Criteria: (blank) → Country=モンゴル, Died to=1946-12, Identified only=yes; "
        "Persons added (Reg. No.): (blank) → (blank); Number of persons added: (blank) → 0; "
        "Already on the roll: (blank) → 0"
    )


@pytest.mark.parametrize(
    ("language", "shown"),
    [("en", "File: (demo generator)"), ("ja", "ファイル: （デモデータ生成）")],
)
def test_a_demo_records_creation_names_the_demo_in_the_screens_language(
    demo_db: Database, language: str, shown: str
) -> None:
    """The demo's stored file name is a word of the app's own: English on a Japanese tab."""
    person = first_person(demo_db)
    assert person.id is not None
    set_language(language)
    assert latest_person_change(demo_db, person.id).startswith(f"{shown}; ")
