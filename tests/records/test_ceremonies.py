"""Ceremonies and their rolls: entries linked to persons and lots, bare names kept unlinked
until a user links them, duplicates refused, bulk adds audited once with their count."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import text
from sqlmodel import col, select

from records import audit
from records.database import Database
from records.dates import PartialDate, Precision
from records.errors import Invalid, NotFound, StaleEdit
from records.models import Analysis, AuditEvent, RollEntry, Specimen
from records.services import ceremonies, lot_status, roll_bulk, roll_entries
from records.services.roll_bulk import PersonFilter
from records.status import LotStatus
from tests.records.conftest import MakePerson, migrate, path_to, register_lot, walk

REASON = "planned by the ceremony office"


@pytest.fixture
def memorial(database: Database, actor: str) -> int:
    with database.session() as session:
        made = ceremonies.create_ceremony(
            session, actor, "シベリア抑留中死亡者追悼の集い", "memorial", "令和8年8月23日",
            "千鳥ヶ淵戦没者墓苑", REASON,
        )  # fmt: skip
    assert made.id is not None
    return made.id


def _entries(db: Database, ceremony_id: int) -> list[RollEntry]:
    with db.reading() as session:
        return list(
            session.exec(
                select(RollEntry)
                .where(col(RollEntry.ceremony_id) == ceremony_id)
                .order_by(col(RollEntry.id))
            )
        )


def _add(db: Database, actor: str, ceremony_id: int, **what: object) -> RollEntry:
    with db.session() as session:
        return roll_entries.add_entry(session, actor, ceremony_id, reason=REASON, **what)  # type: ignore[arg-type]


def test_a_ceremony_keeps_its_date_as_iso_whatever_spelling_was_typed(
    database: Database, memorial: int
) -> None:
    with database.reading() as session:
        made = ceremonies.ceremony(session, memorial)
    assert (made.kind, made.date) == ("memorial", "2026-08-23")


@pytest.mark.parametrize(
    ("name", "kind", "date", "field"),
    [
        ("", "memorial", "2026-08-23", "name"),
        ("追悼式", "wedding", "2026-08-23", "kind"),
        ("追悼式", "memorial", "2026-08", "date"),
        ("追悼式", "memorial", "someday", "date"),
    ],
)
def test_a_ceremony_without_name_kind_or_full_date_is_refused(
    database: Database, actor: str, name: str, kind: str, date: str, field: str
) -> None:
    with database.session() as session, pytest.raises(Invalid) as refused:
        ceremonies.create_ceremony(session, actor, name, kind, date, "", REASON)
    assert refused.value.field == field


@pytest.mark.parametrize("typed", ["", "  "])
def test_a_ceremony_without_a_date_is_told_so_without_quoting_nothing(
    database: Database, actor: str, typed: str
) -> None:
    with database.session() as session, pytest.raises(Invalid) as refused:
        ceremonies.create_ceremony(session, actor, "追悼式", "memorial", typed, "", REASON)
    assert str(refused.value) == "date: a ceremony needs a date"


def _years_from_now(years: int) -> str:
    return f"{date.today().year + years}-06-01"


@pytest.mark.parametrize(
    "typed", ["1800-01-01", "明治40年1月1日", "1944-12-31", _years_from_now(6), "2999-12-31"]
)
def test_a_ceremony_dated_before_the_war_ended_or_years_ahead_is_refused(
    database: Database, actor: str, typed: str
) -> None:
    with database.session() as session, pytest.raises(Invalid, match="check the year") as refused:
        ceremonies.create_ceremony(session, actor, "追悼式", "memorial", typed, "", REASON)
    assert refused.value.field == "date"
    with database.reading() as session:
        assert ceremonies.list_ceremonies(session) == []


@pytest.mark.parametrize("typed", ["昭和34年3月28日", _years_from_now(5)])
def test_a_ceremony_held_since_the_war_or_planned_a_few_years_ahead_is_kept(
    database: Database, actor: str, typed: str
) -> None:
    with database.session() as session:
        made = ceremonies.create_ceremony(session, actor, "追悼式", "memorial", typed, "", REASON)
    assert made.id is not None


def test_a_ceremony_moved_to_a_date_years_ahead_is_refused(
    database: Database, actor: str, memorial: int
) -> None:
    with database.session() as session, pytest.raises(Invalid, match="check the year"):
        ceremonies.update_ceremony(
            session, actor, memorial, {"date": "2999-12-31"}, "typo", expected_version=1
        )
    with database.reading() as session:
        assert ceremonies.ceremony(session, memorial).date == "2026-08-23"


def test_a_ceremony_created_without_a_reason_is_refused_after_its_fields(
    database: Database, actor: str
) -> None:
    with database.session() as session, pytest.raises(Invalid, match="say why") as refused:
        ceremonies.create_ceremony(session, actor, "追悼式", "memorial", "2026-08-23", "", " ")
    assert refused.value.field == "reason"
    assert "every change to a ceremony" in str(refused.value)
    with database.session() as session, pytest.raises(Invalid) as refused:
        ceremonies.create_ceremony(session, actor, "", "memorial", "2026-08-23", "", " ")
    assert refused.value.field == "name"  # the first field to fix, as the form lists them
    with database.reading() as session:
        assert ceremonies.list_ceremonies(session) == []


def test_an_entry_added_without_a_reason_is_refused_and_nothing_is_written(
    database: Database, actor: str, memorial: int
) -> None:
    with database.session() as session, pytest.raises(Invalid, match="say why") as refused:
        roll_entries.add_entry(session, actor, memorial, bare_name="マツモト イチロウ", reason=" ")
    assert refused.value.field == "reason"
    assert _entries(database, memorial) == []


@pytest.mark.parametrize(
    ("name", "said"), [("松本\t一郎", "a tab (U+0009)"), ("松本\n一郎", "a line break (U+000A)")]
)
def test_a_bare_name_holding_what_no_roll_prints_is_refused_when_added(
    database: Database, actor: str, memorial: int, name: str, said: str
) -> None:
    """Pasted with a tab or a line break, a name is refused as it is added, where it can be
    retyped, not weeks later when the roll is printed."""
    with database.session() as session, pytest.raises(Invalid) as refused:
        roll_entries.add_entry(session, actor, memorial, bare_name=name, reason="association")
    assert refused.value.field == "bare_name"
    assert refused.value.reason == (
        f"a name on a roll cannot hold {said}, which a printed roll cannot show"
    )
    assert _entries(database, memorial) == []


def test_a_ceremony_is_edited_with_its_version_and_audited(
    database: Database, actor: str, memorial: int
) -> None:
    with database.session() as session:
        ceremonies.update_ceremony(
            session, actor, memorial, {"place": "千鳥ヶ淵"}, "moved", expected_version=1
        )
    with database.session() as session, pytest.raises(StaleEdit):
        ceremonies.update_ceremony(
            session, actor, memorial, {"place": "九段"}, "again", expected_version=1
        )
    with database.reading() as session:
        assert ceremonies.ceremony(session, memorial).place == "千鳥ヶ淵"
        assert [e.action for e in audit.history(session, "Ceremony", memorial)] == [
            "create",
            "update",
        ]


def test_the_same_person_twice_in_one_roll_is_refused_naming_the_person(
    database: Database, actor: str, memorial: int, make_person
) -> None:
    """Named as a registrar knows them, not by the entry's internal id: the roll numbers its
    lines in the order it is printed."""
    person = make_person(name="髙橋　清", reading="タカハシ キヨシ")
    _add(database, actor, memorial, person_id=person)
    with pytest.raises(Invalid) as refused:
        _add(database, actor, memorial, person_id=person)
    assert str(refused.value) == f"person: 髙橋　清 (person {person}) is already on this roll"
    assert len(_entries(database, memorial)) == 1


def test_a_bare_name_is_kept_unlinked_until_a_user_links_it(
    database: Database, actor: str, memorial: int, make_person
) -> None:
    person = make_person(name="松本　一郎", reading="マツモト イチロウ")
    entry = _add(database, actor, memorial, bare_name="マスモト イチロウ")
    assert (entry.person_id, entry.lot_id) == (None, None)
    assert entry.id is not None
    with database.session() as session:
        linked = roll_entries.link_entry(
            session, actor, entry.id, person_id=person, reason="confirmed against the register",
            expected_version=entry.version,
        )  # fmt: skip
    assert linked.person_id == person
    assert linked.bare_name == "マスモト イチロウ"  # the name as received stays as evidence
    with database.reading() as session:
        actions = [e.action for e in audit.history(session, "RollEntry", entry.id)]
    assert actions == ["add", "link"]


def test_linking_needs_the_version_the_user_saw(
    database: Database, actor: str, memorial: int, make_person
) -> None:
    person = make_person(name="松本　一郎", reading="マツモト イチロウ")
    entry = _add(database, actor, memorial, bare_name="マスモト イチロウ")
    assert entry.id is not None
    with database.session() as session, pytest.raises(StaleEdit):
        roll_entries.link_entry(
            session, actor, entry.id, person_id=person, reason="confirmed", expected_version=7
        )


def test_linking_to_a_person_already_on_the_roll_is_refused(
    database: Database, actor: str, memorial: int, make_person
) -> None:
    person = make_person(name="松本　一郎", reading="マツモト イチロウ")
    _add(database, actor, memorial, person_id=person)
    entry = _add(database, actor, memorial, bare_name="マツモト イチロー")
    assert entry.id is not None
    with database.session() as session, pytest.raises(Invalid):
        roll_entries.link_entry(
            session, actor, entry.id, person_id=person, reason="same", expected_version=None
        )


def test_a_bare_name_in_kanji_keeps_its_reading_in_katakana(
    database: Database, actor: str, memorial: int
) -> None:
    entry = _add(database, actor, memorial, bare_name="山田太郎", bare_reading="やまだ　たろう")
    assert (entry.bare_name, entry.bare_reading) == ("山田太郎", "ヤマダ タロウ")


@pytest.mark.parametrize(
    ("what", "message"),
    [
        (
            {"bare_name": "山田太郎", "bare_reading": "山田"},
            "bare_reading: '山田' is not a reading: write it in kana",
        ),
        (
            {"bare_name": "山田太郎", "bare_reading": "Yamada"},
            "bare_reading: 'Yamada' is not a reading: write it in kana",
        ),
    ],
)
def test_a_reading_not_in_kana_is_refused(
    database: Database, actor: str, memorial: int, what: dict[str, str], message: str
) -> None:
    with pytest.raises(Invalid) as refused:
        _add(database, actor, memorial, **what)
    assert str(refused.value) == message
    assert _entries(database, memorial) == []


def test_only_a_bare_name_is_given_a_reading(database: Database, actor: str, memorial: int) -> None:
    lot_id = register_lot(database, actor)
    with pytest.raises(Invalid) as refused:
        _add(database, actor, memorial, lot_id=lot_id, bare_reading="ヤマダ")
    assert str(refused.value) == "bare_reading: only a bare name is given a reading"


def test_a_bare_name_is_given_its_reading_later_through_the_audit_log(
    database: Database, actor: str, memorial: int
) -> None:
    entry = _add(database, actor, memorial, bare_name="山田太郎")
    assert entry.id is not None and entry.bare_reading == ""
    with database.session() as session:
        read = roll_entries.read_bare_name(
            session, actor, entry.id, "ﾔﾏﾀﾞ ﾀﾛｳ", "read by the association",
            expected_version=entry.version,
        )  # fmt: skip
    assert (read.bare_reading, read.version) == ("ヤマダ タロウ", 2)
    with database.reading() as session:
        last = audit.history(session, "RollEntry", entry.id)[-1]
    assert (last.action, last.reason) == ("update", "read by the association")
    assert json.loads(last.before)["bare_reading"] == ""
    assert json.loads(last.after)["bare_reading"] == "ヤマダ タロウ"


def test_a_reading_given_to_an_entry_read_since_is_refused(
    database: Database, actor: str, memorial: int
) -> None:
    entry = _add(database, actor, memorial, bare_name="山田太郎")
    assert entry.id is not None
    with database.session() as session:
        roll_entries.read_bare_name(
            session, actor, entry.id, "ヤマダ タロウ", "first", expected_version=1
        )
    with database.session() as session, pytest.raises(StaleEdit):
        roll_entries.read_bare_name(
            session, actor, entry.id, "ヤマダ タロ", "second", expected_version=1
        )


def test_an_entry_needs_a_person_a_lot_or_a_name(
    database: Database, actor: str, memorial: int
) -> None:
    with pytest.raises(Invalid):
        _add(database, actor, memorial, bare_name="  ")


def test_an_entry_for_an_unknown_person_is_refused(
    database: Database, actor: str, memorial: int
) -> None:
    with pytest.raises(NotFound):
        _add(database, actor, memorial, person_id=999)


def test_a_removed_entry_leaves_its_last_state_in_the_audit_log(
    database: Database, actor: str, memorial: int
) -> None:
    entry = _add(database, actor, memorial, bare_name="ヤマモト キヨシ")
    assert entry.id is not None
    with database.session() as session:
        roll_entries.remove_entry(session, actor, entry.id, "sent twice", expected_version=1)
    assert _entries(database, memorial) == []
    with database.reading() as session:
        removed = audit.history(session, "RollEntry", entry.id)[-1]
    assert removed.action == "remove"
    assert json.loads(removed.before)["bare_name"] == "ヤマモト キヨシ"


def test_a_line_added_after_one_removed_never_takes_its_id_nor_its_history(
    database: Database, actor: str, memorial: int
) -> None:
    removed = _add(database, actor, memorial, bare_name="ヤマモト キヨシ")
    with database.session() as session:
        roll_entries.remove_entry(session, actor, removed.id or 0, "sent twice", expected_version=1)

    added = _add(database, actor, memorial, bare_name="サトウ タロウ")

    assert added.id != removed.id
    with database.reading() as session:
        assert [e.action for e in audit.history(session, "RollEntry", added.id or 0)] == ["add"]


def test_bulk_add_takes_the_filter_skips_who_is_on_the_roll_and_audits_once(
    database: Database, actor: str, memorial: int, make_person
) -> None:
    died = PartialDate("昭和21年2月", "1946-02", Precision.MONTH)
    mongolia = [
        make_person(name=f"佐藤　{n}", reading="サトウ", country="モンゴル", death=died)
        for n in "一二三"
    ]
    make_person(name="鈴木　一", reading="スズキ ハジメ", country="ロシア", death=died)
    _add(database, actor, memorial, person_id=mongolia[0])
    with database.session() as session:
        result = roll_bulk.bulk_add_persons(
            session, actor, memorial,
            PersonFilter(country="モンゴル", died_from="1946-01-01", died_to="1946-02"), REASON,
        )  # fmt: skip
    assert (result.added, result.skipped) == (2, 1)
    assert sorted(e.person_id for e in _entries(database, memorial)) == sorted(mongolia)
    with database.reading() as session:
        bulk = session.exec(select(AuditEvent).where(AuditEvent.action == "bulk_add")).all()
    assert len(bulk) == 1
    assert json.loads(bulk[0].after)["persons_added"] == 2


@pytest.mark.parametrize(("died_from", "died_to"), [("1947", "1946"), ("1946-03", "1946-02-15")])
def test_bulk_add_over_a_period_that_runs_backwards_is_refused(
    database: Database, actor: str, memorial: int, died_from: str, died_to: str
) -> None:
    """It selected no one, and "0 added" read as a roll that already held them all."""
    with database.session() as session, pytest.raises(Invalid) as refused:
        roll_bulk.bulk_add_persons(
            session, actor, memorial,
            PersonFilter(country="モンゴル", died_from=died_from, died_to=died_to), REASON,
        )  # fmt: skip
    assert refused.value.field == "died_to"
    assert str(refused.value).endswith(
        f"died from {died_from} to {died_to}: the period runs backwards"
    )
    assert _entries(database, memorial) == []


def test_bulk_add_records_whom_it_put_on_the_roll(
    database: Database, actor: str, memorial: int, make_person: MakePerson
) -> None:
    added = [make_person(name=f"山田　{n}", reading="ヤマダ", country="モンゴル") for n in "一二"]
    already = make_person(name="山田　三", reading="ヤマダ", country="モンゴル")
    _add(database, actor, memorial, person_id=already)
    with database.session() as session:
        roll_bulk.bulk_add_persons(
            session, actor, memorial, PersonFilter(country="モンゴル"), REASON
        )
    with database.reading() as session:
        bulk = session.exec(select(AuditEvent).where(AuditEvent.action == "bulk_add")).one()
    assert json.loads(bulk.after)["persons"] == sorted(added)


def test_bulk_add_with_no_criterion_is_refused(
    database: Database, actor: str, memorial: int
) -> None:
    with database.session() as session, pytest.raises(Invalid):
        roll_bulk.bulk_add_persons(session, actor, memorial, PersonFilter(), REASON)


def test_bulk_add_of_persons_identified_after_a_date_follows_the_standing_dna_match(
    database: Database, actor: str, memorial: int, make_person
) -> None:
    early, late = (
        make_person(name="早川　一", reading="ハヤカワ"),
        make_person(name="遅野　二", reading="オソノ"),
    )
    lot_id = register_lot(database, actor)
    with database.session() as session:
        specimen = session.exec(select(Specimen).where(Specimen.lot_id == lot_id)).one()
        for person, decided in ((early, "2019-01-10"), (late, "2024-03-01")):
            session.add(
                Analysis(
                    specimen_id=specimen.id, kind="DNA(STR)", affiliation="japanese",
                    match_result="match", matched_person_id=person, decided_on=decided,
                    recorded_by=actor, recorded_at=audit.now_utc(),
                )
            )  # fmt: skip
        session.commit()
    with database.session() as session:
        result = roll_bulk.bulk_add_persons(
            session, actor, memorial, PersonFilter(identified_since="2020-04-01"), REASON
        )
    assert result.added == 1
    assert [e.person_id for e in _entries(database, memorial)] == [late]


def _interred_on(database: Database, actor: str, section: int, on: str) -> int:
    lot_id = register_lot(database, actor)
    walk(database, actor, lot_id, path_to(LotStatus.INTERRED)[:-1], section)
    with database.session() as session:
        lot_status.inter(
            session, actor, lot_id, section, PartialDate(on, on, Precision.DAY), "ceremony"
        )
    return lot_id


def test_lots_interred_on_the_ceremony_date_are_added_once(
    database: Database, actor: str, section: int
) -> None:
    with database.session() as session:
        spring = ceremonies.create_ceremony(
            session, actor, "拝礼式", "interment", "2026-05-25", "", REASON
        )
    assert spring.id is not None
    on_day = _interred_on(database, actor, section, "2026-05-25")
    in_year = _interred_on(database, actor, section, "2026-11-02")
    _interred_on(database, actor, section, "2026-03-30")  # the fiscal year before
    with database.session() as session:
        day = roll_bulk.bulk_add_interred_lots(session, actor, spring.id, REASON)
    assert (day.added, [e.lot_id for e in _entries(database, spring.id)]) == (1, [on_day])
    with database.session() as session:
        year = roll_bulk.bulk_add_interred_lots(
            session, actor, spring.id, REASON, window="fiscal_year"
        )
    assert (year.added, year.skipped) == (1, 1)
    assert sorted(e.lot_id for e in _entries(database, spring.id)) == sorted([on_day, in_year])


@pytest.mark.parametrize(
    ("ceremony_date", "window"),
    [("2026-05-25", ("2026-04", "2027-04")), ("2027-02-11", ("2026-04", "2027-04"))],
)
def test_the_fiscal_year_window_runs_from_april_to_march(
    ceremony_date: str, window: tuple[str, str]
) -> None:
    assert roll_bulk.interred_window(ceremony_date, "fiscal_year") == window


def test_ceremonies_are_listed_with_the_size_of_their_roll(
    database: Database, actor: str, memorial: int
) -> None:
    _add(database, actor, memorial, bare_name="タナカ イサム")
    with database.reading() as session:
        listed = ceremonies.list_ceremonies(session)
    assert [(c.id, n) for c, n in listed] == [(memorial, 1)]


def test_migration_0005_keeps_the_roll_and_leaves_its_bare_names_unread(
    any_database: Database, actor: str
) -> None:
    """Entries recorded before their reading had a column keep what they were; going back to
    0004 and up again loses nothing but the readings given since."""
    with any_database.session() as session:
        made = ceremonies.create_ceremony(
            session, actor, "追悼の集い", "memorial", "2026-08-23", "千鳥ヶ淵", REASON
        )
    assert made.id is not None
    migrate(any_database, "0004")
    with any_database.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO roll_entry (ceremony_id, bare_name, remarks, version) "
                "VALUES (:ceremony, '山田太郎', '遺族会より', 1)"
            ),
            {"ceremony": made.id},
        )
    migrate(any_database, "head")

    entries = _entries(any_database, made.id)
    assert [(e.bare_name, e.bare_reading, e.remarks) for e in entries] == [
        ("山田太郎", "", "遺族会より")
    ]
    with any_database.session() as session:
        read = roll_entries.read_bare_name(
            session, actor, entries[0].id or 0, "ヤマダ タロウ", REASON, expected_version=1
        )
    assert read.bare_reading == "ヤマダ タロウ"


@pytest.mark.parametrize("typed", ["1", "１", "01", "北海道"])
def test_bulk_add_reads_a_prefecture_as_the_person_form_does(
    database: Database, actor: str, memorial: int, make_person: MakePerson, typed: str
) -> None:
    hokkaido = make_person(name="佐藤　一", reading="サトウ", prefecture_code="01")
    with database.session() as session:
        result = roll_bulk.bulk_add_persons(
            session, actor, memorial, PersonFilter(prefecture_code=typed), REASON
        )
    assert result.added == 1
    assert [e.person_id for e in _entries(database, memorial)] == [hokkaido]


@pytest.mark.parametrize(
    ("criteria", "refused"),
    [
        (PersonFilter(prefecture_code="48"), "prefecture_code"),
        (PersonFilter(site_code="HB-999"), "site_code"),
    ],
)
def test_bulk_add_refuses_a_prefecture_or_site_that_is_none_rather_than_add_no_one(
    database: Database, actor: str, memorial: int, criteria: PersonFilter, refused: str
) -> None:
    with pytest.raises(Invalid) as invalid, database.session() as session:
        roll_bulk.bulk_add_persons(session, actor, memorial, criteria, REASON)
    assert invalid.value.field == refused
    with database.reading() as session:
        assert session.exec(select(AuditEvent).where(AuditEvent.action == "bulk_add")).all() == []
