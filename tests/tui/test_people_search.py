"""What the People search does for each keystroke: it reads at most a capped number of people
and the count says so, shows the first form of the name for a person known only from a Russian
record, stops when the next keystroke replaces it, and types into a heap that full garbage
collections no longer walk."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable

import pytest
from sqlalchemy import func, select, text
from sqlmodel import Session, col

import tui.queries
import tui.screens.base
from records.database import Database
from records.models import NameForm, Person
from records.services.persons import NameFormFields
from tests.records.conftest import create_person, name_forms_out_of_step
from tests.tui.helpers import screen_lines, settle, synchronously
from tui.app import IreiApp
from tui.i18n import set_language
from tui.labels import person_number
from tui.queries import SEARCH_CAP, PeopleSearchSource, PersonFilters
from tui.screens.base import count_text
from tui.widgets.paged_table import Row

# A query that never ends by itself: counting an unbounded series.
ENDLESS = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n"


@pytest.mark.parametrize(
    ("total", "searching", "shown"),
    [
        (SEARCH_CAP + 1, True, "1,000+ found"),  # the search stopped reading at the cap
        (SEARCH_CAP, True, "1,000 found"),
        (12, True, "12 found"),
        (2_400_000, False, "2,400,000 found"),  # everyone, counted in full
    ],
)
def test_the_count_says_when_a_search_stopped_at_the_cap(
    total: int, searching: bool, shown: str
) -> None:
    set_language("en")
    assert count_text(total, searching) == shown


def test_a_search_reads_one_person_past_the_cap_and_no_more(
    demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tui.queries, "SEARCH_CAP", 5)
    found = PeopleSearchSource(demo_db, "ヤ", PersonFilters())
    assert found.count() == 6
    assert len(found.fetch(0, 100, 6)) == 6


def test_a_person_known_only_from_a_russian_record_shows_the_first_form_of_the_name(
    demo_db: Database,
) -> None:
    with demo_db.reading() as session:
        person_id = session.execute(
            select(col(Person.id)).where(col(Person.name) == "").limit(1)
        ).scalar_one()
        first_form = session.execute(
            select(col(NameForm.text))
            .where(col(NameForm.person_id) == person_id)
            .order_by(col(NameForm.id))
            .limit(1)
        ).scalar_one()
    rows = PeopleSearchSource(demo_db, first_form, PersonFilters()).fetch(0, 100, -1)
    cells = next(cells for row_id, cells in rows if row_id == person_id)
    assert cells[1] == first_form


def test_a_search_cancelled_halfway_through_its_query_finds_nobody(
    demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    def endless(self: PeopleSearchSource, session: Session) -> list[int]:
        started.set()
        session.execute(text(ENDLESS)).all()
        return [1]  # never reached: the query is stopped

    started = threading.Event()
    monkeypatch.setattr(PeopleSearchSource, "_read", endless)
    search = PeopleSearchSource(demo_db, "ヤマ", PersonFilters())
    found: list[int] = []
    worker = threading.Thread(target=lambda: found.append(search.count()))
    worker.start()
    assert started.wait(10)
    search.cancel()
    worker.join(10)
    assert not worker.is_alive()
    assert found == [0]


def test_a_search_cancelled_before_it_starts_reads_nothing(demo_db: Database) -> None:
    search = PeopleSearchSource(demo_db, "ヤマ", PersonFilters())
    search.cancel()
    assert search.count() == 0


@synchronously
async def test_the_objects_of_start_up_are_left_out_of_garbage_collections(
    demo_db: Database,
) -> None:
    gc.unfreeze()
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("p")
        await settle(app, pilot)
        assert gc.get_freeze_count() > 0


def test_the_cap_counts_people_not_their_forms(
    database: Database, actor: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tui.queries, "SEARCH_CAP", 3)
    spellings = ("サトウ タロウ", "さとう たろう", "ｻﾄｳ ﾀﾛｳ")  # one search key, three forms each
    for _ in range(5):
        forms = [NameFormFields(text, "entered") for text in spellings]
        create_person(database, actor, reading=spellings[0], forms=forms)
    found = PeopleSearchSource(database, "サトウ", PersonFilters()).ids()
    assert len(found) == len(set(found)) == 4  # the cap and one more: "3+ found"


def test_the_demo_leaves_no_name_form_out_of_step_with_its_person(demo_db: Database) -> None:
    assert name_forms_out_of_step(demo_db) == []


FILTERS_FROM: dict[str, Callable[[Person], PersonFilters]] = {
    "identified": lambda p: PersonFilters(identified=p.identified),
    "country": lambda p: PersonFilters(country=p.country),
    "prefecture": lambda p: PersonFilters(prefecture_code=p.prefecture_code),
    "burial site": lambda p: PersonFilters(burial_site_id=p.burial_site_id),
    "three at once": lambda p: PersonFilters(
        identified=p.identified, country=p.country, prefecture_code=p.prefecture_code
    ),
}


@pytest.mark.parametrize("identified", [True, False], ids=["identified", "unidentified"])
@pytest.mark.parametrize("name", list(FILTERS_FROM))
def test_a_filtered_name_search_finds_exactly_the_filtered_people(
    demo_db: Database, name: str, identified: bool
) -> None:
    # Each filter takes its values from a person the search finds, so it keeps somebody.
    everyone = set(PeopleSearchSource(demo_db, "ヤ", PersonFilters()).ids())
    with demo_db.reading() as session:
        sample = session.execute(
            select(Person)
            .where(col(Person.id).in_(everyone), col(Person.identified).is_(identified))
            .order_by(col(Person.id))
            .limit(1)
        ).scalar_one()
        filters = FILTERS_FROM[name](sample)
        kept = set(
            session.execute(
                select(col(Person.id)).where(col(Person.id).in_(everyone), *filters.where())
            ).scalars()
        )
    # The search tests the copies on the name forms; the people's own fields agree.
    found = set(PeopleSearchSource(demo_db, "ヤ", filters).ids())
    assert len(everyone) <= SEARCH_CAP and sample.id in kept and found == kept


@synchronously
async def test_a_person_is_found_by_the_registers_number_and_listed_under_it(
    demo_db: Database,
) -> None:
    with demo_db.reading() as session:
        person = session.execute(
            select(Person).where(col(Person.register_no) > 1000).limit(1)
        ).scalar_one()
    assert person.register_no != person.id
    typed = str(person.register_no).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    rows = await _found_in_japanese(demo_db, lambda: typed)
    assert [(person_id, cells[0]) for person_id, cells in rows] == [
        (person.id, str(person.register_no))
    ]


@synchronously
async def test_a_person_outside_the_register_is_found_by_the_number_their_heading_shows(
    demo_db: Database,
) -> None:
    with demo_db.reading() as session:
        person_id = session.execute(
            select(col(Person.id)).where(col(Person.register_no).is_(None)).limit(1)
        ).scalar_one()
    # The heading as the Japanese screens word it, once the app has set their language.
    rows = await _found_in_japanese(demo_db, lambda: person_number(None, person_id))
    assert [row_id for row_id, _cells in rows] == [person_id]


async def _found_in_japanese(db: Database, typed: Callable[[], str]) -> list[Row]:
    """The rows the People screen lists for what is typed into its search, in Japanese."""
    app = IreiApp(db, actor="tanaka", lang="ja")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("p")
        await settle(app, pilot)
        app.screen.query_one("#search").value = typed()  # type: ignore[attr-defined]
        await settle(app, pilot)
        await pilot.pause(0.5)
        await settle(app, pilot)
        table = app.screen.query_one("#people")
        rows: list[Row] = table.source.fetch(0, 10, table.source.count())  # type: ignore[attr-defined]
        return rows


@synchronously
async def test_a_person_outside_the_register_is_listed_by_the_number_their_heading_shows(
    demo_db: Database,
) -> None:
    with demo_db.reading() as session:
        person_id = session.execute(
            select(func.max(Person.id)).where(col(Person.register_no).is_(None))
        ).scalar_one()
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("p")
        await settle(app, pilot)
        app.screen.query_one("#search").value = str(person_id)  # type: ignore[attr-defined]
        await settle(app, pilot)
        await pilot.pause(0.5)
        await settle(app, pilot)
        assert any(line.startswith(f"No. {person_id} ") for line in screen_lines(app))


@pytest.mark.parametrize(
    ("typed", "names"),
    [
        ("Hasegawa Osamu", ["長谷川　治"]),
        ("Osamu Hasegawa", ["長谷川　治"]),
        ("Осаму Хасэгава", ["長谷川　治"]),
        ("斉藤", ["斉藤　一郎", "斎藤　一郎", "齋藤　一郎"]),
        ("齋藤 一郎", ["斉藤　一郎", "斎藤　一郎", "齋藤　一郎"]),
    ],
)
@synchronously
async def test_the_people_screen_finds_a_name_in_either_order_or_with_confused_kanji(
    database: Database, actor: str, typed: str, names: list[str]
) -> None:
    ids = {
        create_person(database, actor, name=name, reading=reading): name
        for name, reading in (
            ("長谷川　治", "ハセガワ オサム"),
            ("斉藤　一郎", "サイトウ イチロウ"),
            ("斎藤　一郎", "サイトウ イチロウ"),
            ("齋藤　一郎", "サイトウ イチロウ"),
        )
    }
    rows = await _found_in_japanese(database, lambda: typed)
    assert sorted(ids[person_id] for person_id, _cells in rows) == sorted(names)
