"""A roll built from the database: gojūon order of readings whatever the kanji, fallbacks for
entries without a recorded reading, and nothing of a family's contact data or DNA results."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from sqlmodel import col, select

from exports.order import Order
from exports.roll import build_roll, reading_of, write_roll
from exports.roll_csv import write_roll_csv
from exports.roll_xlsx import write_roll_xlsx
from exports.rows import COLUMNS
from records import audit
from records.database import Database
from records.dates import PartialDate, Precision
from records.models import Analysis, FamilyContact, Specimen
from records.services import ceremonies, roll_entries
from records.services.persons import NameFormFields
from tests.records.conftest import create_person, register_lot

REASON = "roll for the memorial"
HEADER = ["番号", "氏名", "フリガナ", "死亡年月日", "出身地", "埋葬地", "整理番号", "柱数", "備考"]


@pytest.fixture
def memorial(database: Database, actor: str) -> int:
    with database.session() as session:
        made = ceremonies.create_ceremony(
            session, actor, "追悼の集い", "memorial", "2026-08-23", "千鳥ヶ淵戦没者墓苑", REASON
        )
    assert made.id is not None
    return made.id


def _person(db: Database, actor: str, ceremony_id: int, **fields: object) -> int:
    person_id = create_person(db, actor, **fields)
    with db.session() as session:
        roll_entries.add_entry(session, actor, ceremony_id, person_id=person_id, reason=REASON)
    return person_id


def _bare(db: Database, actor: str, ceremony_id: int, name: str, reading: str = "") -> None:
    with db.session() as session:
        roll_entries.add_entry(
            session, actor, ceremony_id, bare_name=name, bare_reading=reading, reason=REASON
        )


def test_the_roll_follows_the_reading_not_the_kanji(
    database: Database, actor: str, memorial: int
) -> None:
    # By code point 阿 < 渡 < 東 < 髙, by reading アベ < タカハシ < ヒガシ < ワタナベ;
    # 東 and 東 (ヒガシ, アズマ) share their kanji but not their place in the roll.
    for name, reading in (
        ("渡邉　實", "ワタナベ ミノル"),
        ("東　一郎", "ヒガシ イチロウ"),
        ("髙橋　清", "タカハシ キヨシ"),
        ("東　次郎", "アズマ ジロウ"),
        ("阿部　勇", "アベ イサム"),
    ):
        _person(database, actor, memorial, name=name, reading=reading)
    with database.reading() as session:
        _, rows = build_roll(session, memorial, "reading")
    assert [r.reading for r in rows] == [
        "アズマ ジロウ", "アベ イサム", "タカハシ キヨシ", "ヒガシ イチロウ", "ワタナベ ミノル",
    ]  # fmt: skip
    assert rows[2].name == "髙橋　清"  # the variant kanji kept as written


def test_namesakes_are_ordered_by_date_of_death(
    database: Database, actor: str, memorial: int
) -> None:
    for died in ("1947-03-01", "1946-01-20"):
        _person(
            database, actor, memorial, name="佐藤　清", reading="サトウ キヨシ",
            death=PartialDate(died, died, Precision.DAY),
        )  # fmt: skip
    with database.reading() as session:
        _, rows = build_roll(session, memorial, "reading")
    assert [r.death_date for r in rows] == ["1946-01-20", "1947-03-01"]


def test_prefecture_order_follows_the_jis_code(
    database: Database, actor: str, memorial: int
) -> None:
    for name, reading, code in (
        ("阿部　勇", "アベ イサム", "47"),
        ("渡辺　実", "ワタナベ ミノル", "01"),
        ("伊藤　茂", "イトウ シゲル", "13"),
    ):
        _person(database, actor, memorial, name=name, reading=reading, prefecture_code=code)
    with database.reading() as session:
        _, rows = build_roll(session, memorial, "prefecture")
    assert [r.prefecture for r in rows] == ["北海道", "東京都", "沖縄県"]


def test_entries_without_a_recorded_reading_still_get_one(
    database: Database, actor: str, memorial: int
) -> None:
    _person(
        database, actor, memorial,
        forms=[NameFormFields("Исида Харуо", "russian-record")],
    )  # fmt: skip
    _bare(database, actor, memorial, "ヤマモト キヨシ")
    _bare(database, actor, memorial, "佐藤　ハルオ")
    with database.reading() as session:
        _, rows = build_roll(session, memorial, "reading")
    by_name = {r.name: r for r in rows}
    assert by_name["ヤマモト キヨシ"].reading == "ヤマモト キヨシ"
    assert not by_name["ヤマモト キヨシ"].linked
    assert by_name["イシダ ハルオ"].reading == "イシダ ハルオ"  # read back from the Cyrillic
    assert by_name["イシダ ハルオ"].linked
    assert rows[-1].name == "佐藤　ハルオ"  # kanji only a person can read: last, not guessed
    assert rows[-1].reading == ""


def _roll_with_kanji_bare_names(db: Database, actor: str, ceremony_id: int) -> None:
    _person(db, actor, ceremony_id, name="渡辺実", reading="ワタナベ ミノル", prefecture_code="01")
    _person(db, actor, ceremony_id, name="阿部勇", reading="アベ イサム", prefecture_code="47")
    _bare(db, actor, ceremony_id, "山田太郎", "やまだ たろう")
    _bare(db, actor, ceremony_id, "佐藤ハルオ")
    _bare(db, actor, ceremony_id, "イトウ シゲル")
    _bare(db, actor, ceremony_id, "加藤清", "カトウ キヨシ")


@pytest.mark.parametrize(
    ("order", "names"),
    [
        # A kanji bare name goes where its reading puts it; in kana it reads itself; in kanji
        # with no reading, it has nothing to go by and goes last.
        ("reading", ["阿部勇", "イトウ シゲル", "加藤清", "山田太郎", "渡辺実", "佐藤ハルオ"]),
        # A bare name has no prefecture or site: after those that have one, by reading.
        ("prefecture", ["渡辺実", "阿部勇", "イトウ シゲル", "加藤清", "山田太郎", "佐藤ハルオ"]),
        ("site", ["阿部勇", "イトウ シゲル", "加藤清", "山田太郎", "渡辺実", "佐藤ハルオ"]),
    ],
)
def test_a_bare_name_in_kanji_is_ordered_by_the_reading_it_was_given(
    database: Database, actor: str, memorial: int, order: Order, names: list[str]
) -> None:
    _roll_with_kanji_bare_names(database, actor, memorial)
    with database.reading() as session:
        _, rows = build_roll(session, memorial, order)
    assert [r.name for r in rows] == names
    readings = {r.name: r.reading for r in rows}
    assert (readings["山田太郎"], readings["佐藤ハルオ"]) == ("ヤマダ タロウ", "")


def test_every_format_prints_a_bare_name_s_reading_in_the_furigana_column(
    database: Database, actor: str, memorial: int, tmp_path: Path
) -> None:
    _bare(database, actor, memorial, "山田太郎", "ヤマダ タロウ")
    with database.reading() as session:
        ceremony, rows = build_roll(session, memorial, "reading")
    for file_format in ("csv", "xlsx", "pdf"):
        write_roll(tmp_path / f"roll.{file_format}", ceremony, rows, file_format)

    with (tmp_path / "roll.csv").open(encoding="utf-8-sig", newline="") as written:
        lines = list(csv.reader(written))
    header_at = lines.index(HEADER)
    assert lines[header_at + 1][1:3] == ["山田太郎", "ヤマダ タロウ"]
    sheet = openpyxl.load_workbook(tmp_path / "roll.xlsx", read_only=True).worksheets[0]
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    header_at = next(i for i, row in enumerate(values) if row[: len(HEADER)] == HEADER)
    assert values[header_at + 1][1:3] == ["山田太郎", "ヤマダ タロウ"]
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils is not installed")
    pdf_text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "roll.pdf"), "-"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    assert "ヤマダ タロウ" in " ".join(pdf_text.split())


@pytest.mark.parametrize(
    ("name", "reading"),
    [
        ("ｻﾄｳ ｷﾖｼ", "サトウ キヨシ"),
        ("さとう きよし", "サトウ キヨシ"),
        ("Сато Киёси", "サト キヨシ"),
    ],
)
def test_a_bare_name_is_read_in_katakana(name: str, reading: str) -> None:
    assert reading_of(name) == reading


def test_family_contacts_and_dna_details_never_reach_a_roll(
    database: Database, actor: str, memorial: int, tmp_path: Path
) -> None:
    person = _person(database, actor, memorial, name="松本　一郎", reading="マツモト イチロウ")
    lot_id = register_lot(database, actor)
    with database.session() as session:
        entry = roll_entries.add_entry(
            session, actor, memorial, lot_id=lot_id, remarks="第1納骨室", reason=REASON
        )
        session.add(
            FamilyContact(
                person_id=person, name="松本　花子", relation="長女",
                address="東京都千代田区九段南1-1", phone="03-1234-5678", notes="秘匿",
            )
        )  # fmt: skip
        specimen = session.exec(select(Specimen).where(col(Specimen.lot_id) == lot_id)).one()
        session.add(
            Analysis(
                specimen_id=specimen.id, kind="DNA(STR)", affiliation="japanese",
                match_result="match", matched_name="松本　一郎", matched_person_id=person,
                remarks="STR 15座位一致", recorded_by=actor, recorded_at=audit.now_utc(),
            )
        )  # fmt: skip
        session.commit()
    assert entry.id is not None
    with database.reading() as session:
        ceremony, rows = build_roll(session, memorial, "reading")
    out = tmp_path / "roll.csv"
    write_roll_csv(out, ceremony, rows)
    text = out.read_text(encoding="utf-8-sig")
    for secret in ("松本　花子", "長女", "九段南", "03-1234-5678", "秘匿", "STR", specimen.number):
        assert secret not in text
    assert "松本　一郎" in text


def test_an_exported_xlsx_roll_carries_the_header_the_roll_importer_reads(
    database: Database, actor: str, memorial: int, tmp_path: Path
) -> None:
    _person(database, actor, memorial, name="阿部　勇", reading="アベ イサム")
    with database.reading() as session:
        ceremony, rows = build_roll(session, memorial, "reading")
    out = tmp_path / "roll.xlsx"
    write_roll_xlsx(out, ceremony, rows)
    sheet = openpyxl.load_workbook(out, read_only=True).worksheets[0]
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    header_at = next(i for i, row in enumerate(values) if row[: len(HEADER)] == HEADER)
    assert list(COLUMNS) == HEADER
    assert values[header_at + 1][1:3] == ["阿部　勇", "アベ イサム"]


def test_the_roll_builder_and_candidates_load_without_a_terminal() -> None:
    probe = (
        "import sys\n"
        "import exports.roll, records.candidates, records.services.ceremonies\n"
        "import records.services.roll_bulk, records.services.roll_entries\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=Path(__file__).parents[2],
        check=True,
        capture_output=True,
        text=True,
    )
    assert result.stdout.strip() == "[]"
