"""Finding people and lots by any form of a name — kanji, katakana, hiragana, half-width
katakana, a katakana garbled by a Russian clerk, Cyrillic — or by a lot or specimen number."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func
from sqlalchemy.orm import aliased
from sqlmodel import col, select

from records.database import Database, open_database
from records.dates import PartialDate, Precision
from records.demo import COMMITTEE, build_demo
from records.errors import Invalid
from records.models import (
    Analysis,
    BurialSite,
    CustodyEvent,
    NameForm,
    Person,
    RemainsLot,
    Specimen,
)
from records.search import LotHit, PersonHit, person_quoted, search
from records.services import lots, persons
from records.services.lot_status import DECIDED_KINDS
from records.services.persons import NameFormFields, PersonFields
from records.stats import statistics
from records.status import LotStatus


@dataclass(frozen=True)
class Records:
    db: Database
    path: Path
    takasaki: int  # 髙﨑　寅之助, kanji and reading, buried at a known site
    unnamed: int  # known only from a Russian record: Cyrillic and garbled katakana
    sato: int  # 佐藤　権兵衛
    russian: dict[str, int]  # Cyrillic name as a Russian record spells it -> person
    lot_number: str
    specimen: str
    site_name: str


# Names as Russian clerks spelled them, each with a letter that reads differently once the
# next one is typed: дз, a doubled т, й ending a syllable, м before м, нъ before a vowel.
RUSSIAN_SPELLINGS = ("Фудзита Сэйдзи", "Хаттори Синъити", "Сайто Кэйсукэ", "Хомма Дзюнъити")


def _create(db: Database, fields: PersonFields) -> int:
    with db.session() as session:
        person = persons.create_person(session, "registrar", fields, "death register")
    assert person.id is not None
    return person.id


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Records]:
    path = tmp_path_factory.mktemp("search") / "demo.sqlite3"
    db = open_database(str(path))
    build_demo(db, "registrar", 2000, seed=1945)
    with db.reading() as session:
        site = session.exec(select(BurialSite).where(col(BurialSite.code) == "HB-012")).one()
    takasaki = _create(
        db,
        PersonFields(
            name="髙﨑　寅之助",
            reading="タカサキ トラノスケ",
            death=PartialDate("昭和21年2月13日", "1946-02-13", Precision.DAY),
            country="ロシア",
            burial_site_id=site.id,
            prefecture_code="13",
        ),
    )
    unnamed = _create(
        db,
        PersonFields(
            forms=(
                NameFormFields("ヒラツカ ゲンノスケ", "register-kana"),
                NameFormFields("Хирацука Гэнносукэ", "russian-record"),
            ),
            death=PartialDate("昭和22年", "1947", Precision.YEAR),
        ),
    )
    sato = _create(db, PersonFields(name="佐藤　権兵衛", reading="サトウ ゴンベエ"))
    russian = {
        name: _create(db, PersonFields(forms=(NameFormFields(name, "russian-record"),)))
        for name in RUSSIAN_SPELLINGS
    }
    with db.session() as session:
        lot = lots.register_lot(
            session,
            "registrar",
            lots.LotFields(lot_number="1999-HB-012-90001", burial_site_id=site.id),
            ["HB-012-99-90001"],
            "recovery mission",
        )
    assert lot.id is not None
    yield Records(
        db,
        path,
        takasaki,
        unnamed,
        sato,
        russian,
        "1999-HB-012-90001",
        "HB-012-99-90001",
        site.name,
    )
    db.close()


def test_the_demo_has_lots_in_every_status_and_two_ceremonies(records: Records) -> None:
    with records.db.reading() as session:
        figures = statistics(session)

    assert [s for s, n in figures["lots"]["by_status"].items() if n == 0] == []
    assert figures["ceremonies"]["total"] == 2
    assert figures["ceremonies"]["roll_entries"] > 0
    assert figures["analyses"]["total"] > 0
    assert figures["custody_events"]["total"] > figures["lots"]["total"]


def test_each_retest_of_the_demo_supersedes_a_test_of_its_own_kind(records: Records) -> None:
    retest = aliased(Analysis)
    with records.db.reading() as session:
        kinds = session.execute(
            select(col(Analysis.kind), col(retest.kind)).join(
                retest, col(retest.supersedes_id) == col(Analysis.id)
            )
        ).all()

    assert kinds and all(first == again for first, again in kinds)


def test_every_decided_demo_lot_has_a_dated_decision_before_its_moves(records: Records) -> None:
    """As deciding the affiliation records it: a lot past its verdict has a decision event,
    dated after its recovery and before any move, citing its tests by specimen number."""
    decided = tuple(DECIDED_KINDS.values())
    with records.db.reading() as session:
        statuses = dict(session.execute(select(col(RemainsLot.id), col(RemainsLot.status))).all())
        events = session.execute(
            select(CustodyEvent).order_by(col(CustodyEvent.lot_id), col(CustodyEvent.id))
        ).scalars()
        by_lot: dict[int, list[CustodyEvent]] = {}
        for each in events:
            by_lot.setdefault(each.lot_id, []).append(each)

    pending = (LotStatus.RECOVERED, LotStatus.AFFILIATION_PENDING)
    for lot_id, status in statuses.items():
        kinds = [e.kind for e in by_lot.get(lot_id, [])]
        assert any(kind in decided for kind in kinds) == (status not in pending), lot_id
        dates = [e.happened_on for e in by_lot.get(lot_id, []) if e.happened_on]
        assert dates == sorted(dates), lot_id
    japanese = next(e for events in by_lot.values() for e in events if e.kind == "decided_japanese")
    assert japanese.reason == COMMITTEE
    assert re.match(r"[A-Z]{2}-\d{3}-\d{2}-\d{4} (?:DNA|安定同位体)", japanese.evidence)


def test_no_demo_test_or_event_is_dated_before_its_lot_was_recovered_or_in_the_future(
    records: Records,
) -> None:
    """A lot recovered lately has its tests, decisions and moves closer together, all by the
    demo's spring ceremony, whatever day it is built: none dated after today, none before the
    lot came home."""
    with records.db.reading() as session:
        recovered = dict(
            session.execute(select(col(RemainsLot.id), col(RemainsLot.recovered_on))).all()
        )
        tested = session.execute(
            select(col(Specimen.lot_id), col(Analysis.decided_on)).join(
                Specimen, col(Specimen.id) == col(Analysis.specimen_id)
            )
        ).all()
        moved = session.execute(
            select(col(CustodyEvent.lot_id), col(CustodyEvent.happened_on))
        ).all()

    dated = [(lot_id, day) for lot_id, day in [*tested, *moved] if day]
    assert len(dated) > len(recovered)
    assert [(lot_id, day) for lot_id, day in dated if day < recovered[lot_id]] == []
    assert max(day for _, day in dated) <= "2026-05-25"


def _find(records: Records, text: str, limit: int = 50) -> list[PersonHit | LotHit]:
    with records.db.reading() as session:
        return search(session, text, limit)


def _person_ids(records: Records, text: str, limit: int = 50) -> list[int]:
    return [hit.id for hit in _find(records, text, limit) if isinstance(hit, PersonHit)]


def test_a_two_character_kanji_surname_finds_everyone_of_that_name(records: Records) -> None:
    hits = [hit for hit in _find(records, "佐藤", 500) if isinstance(hit, PersonHit)]

    assert len(hits) > 10
    assert records.sato in {hit.id for hit in hits}
    assert all(any(form.startswith("佐藤") for form in hit.forms) for hit in hits)


def test_a_variant_kanji_is_found_by_its_common_form_and_kept_as_written(
    records: Records,
) -> None:
    hits = [hit for hit in _find(records, "高崎") if isinstance(hit, PersonHit)]

    assert [hit.id for hit in hits] == [records.takasaki]
    assert hits[0].name == "髙﨑　寅之助"


@pytest.mark.parametrize(
    "query",
    ["髙﨑　寅之助", "タカサキ", "たかさき", "ﾀｶｻｷ ﾄﾗﾉｽｹ", "タカサキ トラノスケ", "Такасаки"],
    ids=["kanji", "katakana", "hiragana", "half-width", "full-reading", "cyrillic-via-reading"],
)
def test_any_script_finds_the_person(records: Records, query: str) -> None:
    assert _person_ids(records, query) == [records.takasaki]


@pytest.mark.parametrize("query", ["寅之助", "トラノスケ", "とらのすけ"])
def test_a_given_name_alone_finds_the_person(records: Records, query: str) -> None:
    assert records.takasaki in _person_ids(records, query)


def test_cyrillic_finds_the_person_through_the_russian_record_form(records: Records) -> None:
    hits = [hit for hit in _find(records, "Хирацука") if isinstance(hit, PersonHit)]

    assert [hit.id for hit in hits] == [records.unnamed]
    assert hits[0].name == ""
    assert "Хирацука Гэнносукэ" in hits[0].forms


@pytest.mark.parametrize("name", ["Хирацука Гэнносукэ", "Hiratsuka Gennosuke"])
def test_a_name_typed_letter_by_letter_finds_the_person_at_every_letter(
    records: Records, name: str
) -> None:
    # Хир stops between р and its vowel: it must not read as ヒル and lose ヒラツカ.
    for end in range(3, len(name) + 1):
        assert records.unnamed in _person_ids(records, name[:end], 2000), name[:end]


@pytest.mark.parametrize("name", RUSSIAN_SPELLINGS)
def test_a_cyrillic_name_typed_letter_by_letter_finds_the_person_from_the_first_letter(
    records: Records, name: str
) -> None:
    for end in range(1, len(name) + 1):
        assert records.russian[name] in _person_ids(records, name[:end], 10_000), name[:end]


@pytest.mark.parametrize(
    ("typed", "written"),
    [("Фудзита", "Фудзита"), ("Сайто", "Саито")],
    # Polivanov writes サイトウ as Саито; Russian spelling, and staff, write Сайто.
    ids=["polivanov", "russian-spelling"],
)
def test_every_prefix_of_a_cyrillic_surname_finds_the_demo_people_of_that_name(
    records: Records, typed: str, written: str
) -> None:
    for end in range(1, len(typed) + 1):
        hits = [hit for hit in _find(records, typed[:end], 10_000) if isinstance(hit, PersonHit)]
        assert any(form.startswith(written) for hit in hits for form in hit.forms), typed[:end]


# A Cyrillic prefix stands for several keys; a kanji registers confuse, for one per spelling.
@pytest.mark.parametrize("query", ["Фуд", "斉藤"])
def test_a_prefix_is_looked_up_by_index_ranges_only(records: Records, query: str) -> None:
    statements: list[tuple[str, Any]] = []

    def record(conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if "name_form" in statement:
            statements.append((statement, parameters))

    event.listen(records.db.engine, "before_cursor_execute", record)
    try:
        _find(records, query)
    finally:
        event.remove(records.db.engine, "before_cursor_execute", record)

    assert len(statements) >= 2
    with records.db.engine.connect() as connection:
        for statement, parameters in statements:
            plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
            details = [row[-1] for row in plan]
            assert not any(d.startswith("SCAN name_form") for d in details), details
            # A range read in the index's order, not sorted whole before its first row.
            if '"key" >=' in statement:
                assert not any("TEMP B-TREE" in d for d in details), details


def test_katakana_finds_a_person_known_only_from_a_russian_record(records: Records) -> None:
    assert _person_ids(records, "ヒラツカ ゲンノスケ") == [records.unnamed]


def test_garbled_katakana_finds_the_person(records: Records) -> None:
    # A clerk's サト for サトウ: the long vowel is relaxed in the search key.
    assert _person_ids(records, "サト ゴンベエ") == [records.sato]
    sato_readings = [
        hit.reading for hit in _find(records, "サト", 300) if isinstance(hit, PersonHit)
    ]
    assert sato_readings
    assert all(reading.startswith("サトウ") for reading in sato_readings if reading)


def test_the_demo_holds_russian_records_found_by_cyrillic(records: Records) -> None:
    hits = [hit for hit in _find(records, "Сато", 200) if isinstance(hit, PersonHit)]

    from_russia = [hit for hit in hits if any(form.startswith("Сато") for form in hit.forms)]
    assert from_russia
    assert {hit.country for hit in from_russia} <= {"ロシア", "モンゴル", "カザフスタン"}
    assert records.sato in {hit.id for hit in hits}  # through the reading サトウ


@pytest.mark.parametrize("query", ["1999-HB-012-90001", "１９９９－ＨＢ－０１２－９０００１"])
def test_a_lot_number_finds_the_lot(records: Records, query: str) -> None:
    hits = _find(records, query)

    assert [(hit.kind, getattr(hit, "lot_number", "")) for hit in hits] == [
        ("lot", records.lot_number)
    ]


def test_a_specimen_number_finds_its_lot(records: Records) -> None:
    hits = _find(records, records.specimen)

    assert len(hits) == 1
    assert isinstance(hits[0], LotHit)
    assert hits[0].lot_number == records.lot_number
    assert hits[0].specimens == [records.specimen]
    assert hits[0].site == records.site_name


def test_demo_lots_and_specimens_are_found_by_number(records: Records) -> None:
    with records.db.reading() as session:
        lot = session.exec(select(RemainsLot).order_by(col(RemainsLot.id))).first()
        specimen = session.exec(select(Specimen).order_by(col(Specimen.id).desc())).first()
    assert lot is not None and specimen is not None

    assert [hit.id for hit in _find(records, lot.lot_number)] == [lot.id]
    assert specimen.lot_id in [hit.id for hit in _find(records, specimen.number)]


def test_a_lot_found_lists_every_specimen_it_holds(records: Records) -> None:
    with records.db.reading() as session:
        lot_id, held = session.execute(
            select(Specimen.lot_id, func.group_concat(Specimen.number))
            .group_by(col(Specimen.lot_id))
            .having(func.count() > 1)
            .limit(1)
        ).one()
        lot = session.get(RemainsLot, lot_id)
    assert lot is not None
    numbers = sorted(held.split(","))
    for query in (lot.lot_number, numbers[-1]):
        (hit,) = [hit for hit in _find(records, query) if hit.id == lot_id]
        assert isinstance(hit, LotHit) and hit.specimens == numbers, query


def test_nothing_is_found_for_an_unknown_name(records: Records) -> None:
    assert _find(records, "ズンドコベロンチョ") == []
    assert _find(records, "   ") == []


def test_the_limit_is_respected(records: Records) -> None:
    assert len(_find(records, "サ", 7)) == 7


def test_search_json_has_kind_id_names_reading_iso_dates_prefecture_and_site(
    records: Records, run_irei
) -> None:
    result = run_irei(["--db", str(records.path), "search", "ﾀｶｻｷ", "--json"])

    assert result.returncode == 0, result.stderr
    [hit] = json.loads(result.stdout)
    assert hit["kind"] == "person"
    assert hit["id"] == records.takasaki
    assert hit["name"] == "髙﨑　寅之助"
    assert hit["reading"] == "タカサキ トラノスケ"
    assert hit["death_date"] == "1946-02-13"
    assert hit["prefecture"] == "東京都"
    assert hit["site"] == records.site_name
    assert hit["site_code"] == "HB-012"


def test_search_json_of_a_lot(records: Records, run_irei) -> None:
    result = run_irei(["--db", str(records.path), "search", records.lot_number, "--json"])

    assert result.returncode == 0, result.stderr
    [hit] = json.loads(result.stdout)
    assert (hit["kind"], hit["lot_number"], hit["site"]) == (
        "lot",
        records.lot_number,
        records.site_name,
    )


def test_search_finds_nothing_politely(records: Records, run_irei) -> None:
    result = run_irei(["--db", str(records.path), "search", "ズンドコベロンチョ"])
    as_json = run_irei(["--db", str(records.path), "search", "ズンドコベロンチョ", "--json"])

    assert result.returncode == 0
    assert "Nothing found" in result.stderr
    assert json.loads(as_json.stdout) == []


@pytest.mark.postgres
@pytest.mark.parametrize(
    "query",
    ["髙﨑", "高崎", "タカサキ", "たかさき", "ﾀｶｻｷ", "Такасаки", "寅之助", "タカサ"],
)
def test_postgresql_finds_the_person_in_any_script(pg_database: Database, query: str) -> None:
    # PostgreSQL's locale collation would break the key range scans; the keys use "C".
    takasaki = _create(
        pg_database, PersonFields(name="髙﨑　寅之助", reading="タカサキ トラノスケ")
    )
    _create(pg_database, PersonFields(name="田中　勇", reading="タナカ イサム"))

    with pg_database.reading() as session:
        hits = search(session, query)

    assert [hit.id for hit in hits] == [takasaki]


@pytest.mark.postgres
def test_postgresql_finds_lots_by_number_and_specimen(pg_database: Database) -> None:
    with pg_database.session() as session:
        lot = lots.register_lot(
            session,
            "registrar",
            lots.LotFields(lot_number="1999-HB-012-90001"),
            ["HB-012-99-90001"],
            "recovery mission",
        )

    for query in ("1999-HB-012", "HB-012-99-90001"):
        with pg_database.reading() as session:
            assert [hit.id for hit in search(session, query)] == [lot.id]


def test_a_persons_register_number_finds_them(records: Records) -> None:
    with records.db.reading() as session:
        person = session.exec(
            select(Person).where(col(Person.register_no) > 1000).order_by(col(Person.id))
        ).first()
    assert person is not None and person.register_no is not None
    for query in (str(person.register_no), _wide(person.register_no)):
        hits = _find(records, query)
        assert [(hit.id, getattr(hit, "register_no", None)) for hit in hits] == [
            (person.id, person.register_no)
        ]


def test_people_found_are_listed_in_gojuon_order_of_their_reading_then_register_number(
    any_database: Database,
) -> None:
    def person(number: int, name: str, reading: str, *kana: str) -> int:
        forms = tuple(NameFormFields(text, "register-kana") for text in kana)
        fields = PersonFields(name=name, reading=reading, register_no=number, forms=forms)
        return _create(any_database, fields)

    kazuo = person(30, "鈴木　一男", "スズキ カズオ")
    akira_20 = person(20, "鈴木　明", "スズキ アキラ")
    ichiro = person(10, "鈴木　一郎", "スズキ イチロウ")
    akira_5 = person(5, "鈴木　昭", "スズキ アキラ")
    # Known only by kana: a reading without kanji, or only the register's kana form.
    kana_akira = person(1, "", "スズキ アキラ")
    kana_isamu = person(7, "", "", "スズキ イサム")

    def found(query: str) -> list[int]:
        with any_database.reading() as session:
            return [hit.id for hit in search(session, query) if isinstance(hit, PersonHit)]

    # In code-point order 一男 and 一郎 came first, 明 and 昭 last. A kanji query cannot be
    # read into kana without guessing, so it finds the people written in kanji.
    assert found("鈴木") == [akira_5, akira_20, ichiro, kazuo]
    for kana in ("スズキ", "すずき"):
        assert found(kana) == [kana_akira, akira_5, akira_20, kana_isamu, ichiro, kazuo]


def test_whole_name_matches_come_before_given_name_matches_each_in_reading_order(
    database: Database,
) -> None:
    def person(name: str, reading: str) -> int:
        return _create(database, PersonFields(name=name, reading=reading))

    given_late = person("山田　幸子", "ヤマダ サチコ")
    whole = person("幸田　実", "コウダ ミノル")
    given_early = person("井上　幸子", "イノウエ サチコ")

    with database.reading() as session:
        ids = [hit.id for hit in search(session, "幸") if isinstance(hit, PersonHit)]

    assert ids == [whole, given_early, given_late]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("14", ["register", "app"]),  # figures: the 番号 first, then the heading's number
        ("１４", ["register", "app"]),
        ("No. 14", ["app"]),  # a heading of a person outside the register, as shown
        ("no14", ["app"]),
        ("№14", ["app"]),
        ("Reg. No. 14", ["register"]),  # a heading of a person of the register
        ("番号 14", ["register"]),
        ("番号１４", ["register"]),
    ],
)
def test_the_number_a_persons_heading_shows_finds_them_a_register_number_first(
    database: Database, query: str, found: list[str]
) -> None:
    outside = _create(database, PersonFields(forms=(NameFormFields("ヤマダ", "entered"),)))
    registered = _create(database, PersonFields(name="田中　勇", register_no=outside))
    people = {"register": registered, "app": outside}
    # Say the numbers are 14: the app's number of one and the 番号 of the other.
    query = query.replace("14", str(outside)).replace("１４", _wide(outside))

    with database.reading() as session:
        hits = search(session, query)

    assert [hit.id for hit in hits] == [people[name] for name in found]


def test_figures_find_no_one_by_the_app_number_of_a_person_quoted_by_a_register_number(
    database: Database,
) -> None:
    registered = _create(database, PersonFields(name="田中　勇", register_no=9000))

    with database.reading() as session:
        assert search(session, str(registered)) == []
        assert search(session, f"No. {registered}") == []


@pytest.mark.parametrize("figures", [2**31, 10**18, 10**30])
def test_a_number_larger_than_any_record_finds_nothing_and_raises_nothing(
    any_database: Database, figures: int
) -> None:
    _create(any_database, PersonFields(name="田中　勇", register_no=9000))

    with any_database.reading() as session:
        for query in (str(figures), f"No. {figures}", f"番号 {figures}"):
            assert search(session, query) == []


def test_the_command_finds_a_person_by_the_number_of_their_heading(
    records: Records, run_irei
) -> None:
    result = run_irei(["--db", str(records.path), "search", f"No. {records.unnamed}", "--json"])

    assert result.returncode == 0, result.stderr
    assert [hit["id"] for hit in json.loads(result.stdout)] == [records.unnamed]


def _wide(number: int) -> str:
    return str(number).translate(str.maketrans("0123456789", "０１２３４５６７８９"))


NAMESAKES = {
    "長谷川　治": "ハセガワ オサム",
    "平　正樹": "タイラ マサキ",
    "正木　平": "マサキ タイラ",
    "斉藤　一郎": "サイトウ イチロウ",
    "斎藤　一郎": "サイトウ イチロウ",
    "齋藤　一郎": "サイトウ イチロウ",
    "齊藤　一郎": "サイトウ イチロウ",
    "佐藤　一郎": "サトウ イチロウ",
}
SAITO = ["斉藤　一郎", "斎藤　一郎", "齋藤　一郎", "齊藤　一郎"]


@pytest.fixture
def namesakes(database: Database) -> dict[str, int]:
    """Names a registrar finds in either order or with kanji the registers confuse."""
    return {
        name: _create(database, PersonFields(name=name, reading=reading))
        for name, reading in NAMESAKES.items()
    }


def _names_found(database: Database, query: str) -> list[str]:
    with database.reading() as session:
        return [hit.name for hit in search(session, query) if isinstance(hit, PersonHit)]


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("Hasegawa Osamu", ["長谷川　治"]),
        ("Osamu Hasegawa", ["長谷川　治"]),  # given name first, as romaji often is
        ("Осаму Хасэгава", ["長谷川　治"]),  # as a Russian record writes it
        ("Ｏｓａｍｕ　Ｈａｓｅｇａｗａ", ["長谷川　治"]),
        ("Taira Masaki", ["平　正樹", "正木　平"]),  # the order as typed first
        ("Masaki Taira", ["正木　平", "平　正樹"]),
        ("オサム ハセガワ", []),  # Japanese writes the family name first: kana is not swapped
        ("治 長谷川", []),
    ],
)
def test_a_latin_or_cyrillic_name_is_found_in_either_order(
    database: Database, namesakes: dict[str, int], query: str, names: list[str]
) -> None:
    assert _names_found(database, query) == names


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("Ёсида Кёко", "Есида Кеко"),  # the dots left off, as Russian print mostly does
        ("Есида Кеко", "Ёсида Кёко"),  # a record that left them off, found by a dotted query
        ("Ёсида Кёко", "Есида Кё"),
        ("Ёсида Кёко", "Ес"),
    ],
)
def test_a_cyrillic_e_and_yo_find_each_other(database: Database, written: str, typed: str) -> None:
    wanted = _create(database, PersonFields(forms=(NameFormFields(written, "russian-record"),)))
    with database.reading() as session:
        hits = [hit.id for hit in search(session, typed) if isinstance(hit, PersonHit)]

    assert hits == [wanted]


def test_a_cyrillic_name_written_with_latin_look_alikes_is_found_by_cyrillic(
    database: Database,
) -> None:
    written = "Иcида Xаруо"  # a Latin c and X, drawn as the Cyrillic с and Х
    wanted = _create(database, PersonFields(forms=(NameFormFields(written, "russian-record"),)))
    with database.reading() as session:
        hits = [hit.id for hit in search(session, "Исида Харуо") if isinstance(hit, PersonHit)]
        forms = session.exec(select(NameForm.text).where(NameForm.person_id == wanted)).all()

    assert hits == [wanted]
    assert forms == [written]  # kept as written


@pytest.mark.parametrize("query", ["斉藤", "斎藤", "齋藤", "齊藤", "斉藤 一郎", "齋藤　一郎"])
def test_kanji_the_registers_confuse_find_each_other(
    database: Database, namesakes: dict[str, int], query: str
) -> None:
    assert sorted(_names_found(database, query)) == sorted(SAITO)


@pytest.mark.parametrize(
    ("query", "name"), [("Osamu Hasegawa", "長谷川　治"), ("斉藤 一郎", "齋藤　一郎")]
)
def test_irei_search_finds_the_name_in_either_order_and_confused_kanji(
    database: Database, namesakes: dict[str, int], run_irei, tmp_path: Path, query: str, name: str
) -> None:
    result = run_irei(["--db", str(tmp_path / "irei.sqlite3"), "search", query, "--json"])

    assert result.returncode == 0, result.stderr
    assert name in [hit["name"] for hit in json.loads(result.stdout)]


# Six people of the common surname, spelled three ways as the registers wrote it. Their given
# names, in katakana, run in the same order in the index as in the readings, so the people the
# limit keeps can be told by their reading alone.
SPELLED_APART = (
    ("斎藤　アイ", "サイトウ アイ"),
    ("斎藤　イネ", "サイトウ イネ"),
    ("斉藤　ウメ", "サイトウ ウメ"),
    ("斉藤　エツ", "サイトウ エツ"),
    ("齋藤　オト", "サイトウ オト"),
    ("斉藤　カメ", "サイトウ カメ"),
)


@pytest.mark.parametrize("query", ["斉藤", "斎藤", "齋藤"])
@pytest.mark.parametrize("limit", range(1, len(SPELLED_APART)))
def test_a_surname_searched_alone_past_the_limit_keeps_every_spelling_in_reading_order(
    database: Database, query: str, limit: int
) -> None:
    for name, reading in SPELLED_APART:
        _create(database, PersonFields(name=name, reading=reading))

    with database.reading() as session:
        hits = search(session, query, limit)

    # Not the first spelling's people first: the spellings are read as one range of the index.
    assert [hit.name for hit in hits] == [name for name, _ in SPELLED_APART[:limit]]


def test_a_person_stored_with_a_code_of_no_prefecture_is_found_showing_it(tmp_path: Path) -> None:
    """Written before user profiles were checked, a profile reading 出身地 as text stored
    東京都 where the JIS code belongs: the search showed nothing but a KeyError."""
    db = open_database(str(tmp_path / "db.sqlite3"))
    person_id = _create(db, PersonFields(name="内田　一郎", reading="ウチダ イチロウ"))
    with db.engine.begin() as conn:
        update = "UPDATE person SET prefecture_code = '東京都' WHERE id = ?"
        conn.exec_driver_sql(update, (person_id,))
    with db.reading() as session:
        [hit] = [h for h in search(session, "ウチダ") if isinstance(h, PersonHit)]
    assert hit.prefecture == "東京都"
    db.close()


@pytest.mark.parametrize(
    "quoted", ["髙橋　治", "高橋 治", "髙橋治", "たかはし おさむ", "ﾀｶﾊｼ ｵｻﾑ", "Такахаси Осаму"]
)
def test_a_person_is_quoted_by_a_form_of_the_name_as_written(
    database: Database, quoted: str
) -> None:
    wanted = _create(
        database,
        PersonFields(
            name="髙橋　治",
            reading="タカハシ オサム",
            forms=(NameFormFields("Такахаси Осаму", "russian-record"),),
        ),
    )
    with database.reading() as session:
        assert person_quoted(session, quoted).id == wanted


# Each finds the person in a search, which relaxes voicing, long vowels and the script; but a
# person quoted to link a test's match to must be the one whose name is written so.
@pytest.mark.parametrize(
    "quoted", ["タガハシ オサム", "タカハシ オーサム", "Takahashi Osamu", "Такахаши Осаму"]
)
def test_a_name_only_like_a_persons_quotes_no_one(database: Database, quoted: str) -> None:
    _create(
        database,
        PersonFields(
            name="髙橋　治",
            reading="タカハシ オサム",
            forms=(NameFormFields("Такахаси Осаму", "russian-record"),),
        ),
    )
    with database.reading() as session, pytest.raises(Invalid, match="no person is quoted"):
        person_quoted(session, quoted)
