"""Records set up the way staff create them: through the service functions."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from itertools import count
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import event, or_, select
from sqlmodel import Session, col

from records import database as db_module
from records.database import Database
from records.dates import PartialDate, Precision
from records.models import SEARCH_FILTERS, BurialSite, NameForm, Person, Specimen
from records.services import analyses, locations, lot_status, lots, persons
from records.services.verdicts import AGREES_WITH
from records.status import NEEDS_EVIDENCE, TRANSITIONS, VERDICTS, LotStatus

_numbers = count(1)
# When the committee decides, in the lots set up here: after their recovery (令和元年8月1日).
DECIDED = PartialDate("令和2年3月4日", "2020-03-04", Precision.DAY)


def size_now(path: Path) -> int:
    """The file's size, or 0 while it does not exist. Opening a database creates its write log
    and closing the last connection removes it, so the log can vanish between two looks."""
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def query_plan(db: Database, read: Callable[[Session], object], table: str = "") -> list[str]:
    """Each step of how SQLite reads what ``read(session)`` asks for: the plans of the
    statements it runs, those naming ``table`` when one is given."""
    statements: list[tuple[str, Any]] = []

    def heard(conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        statements.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", heard)
    try:
        with db.reading() as session:
            read(session)
    finally:
        event.remove(db.engine, "before_cursor_execute", heard)
    with db.engine.connect() as connection:
        return [
            row[-1]
            for statement, parameters in statements
            if table in statement
            for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
        ]


def path_to(status: LotStatus) -> list[LotStatus]:
    """The shortest way a newly recovered lot can reach ``status``."""
    previous: dict[LotStatus, LotStatus | None] = {LotStatus.RECOVERED: None}
    queue = deque([LotStatus.RECOVERED])
    while queue:
        current = queue.popleft()
        for following in TRANSITIONS[current]:
            if following not in previous:
                previous[following] = current
                queue.append(following)
    steps: list[LotStatus] = []
    step: LotStatus | None = status
    while step is not None and step != LotStatus.RECOVERED:
        steps.append(step)
        step = previous[step]
    return steps[::-1]


def contradicts_verdict_on_path(current: LotStatus, following: LotStatus) -> bool:
    """Whether a plain status change to ``following`` contradicts the verdict the shortest path
    to ``current`` records, and is so refused."""
    verdicts = [step for step in path_to(current) if step in VERDICTS]
    return (
        following not in VERDICTS and bool(verdicts) and following not in AGREES_WITH[verdicts[-1]]
    )


def add_section(db: Database) -> int:
    """An ossuary section of the cemetery, added as the registrar adds one."""
    n = next(_numbers)
    with db.session() as session:
        cemetery = locations.add_location(
            session, "registrar", "cemetery", "千鳥ヶ淵戦没者墓苑", f"CF{n}", "opened"
        )
        vault = locations.add_location(
            session, "registrar", "vault", "第1納骨室", f"CF{n}-V1", "built", parent_id=cemetery.id
        )
        section = locations.add_location(
            session, "registrar", "section", "第1納骨室 第1区画", f"CF{n}-V1-S01", "built",
            parent_id=vault.id,
        )  # fmt: skip
        assert section.id is not None
        return section.id


def ossuary(db: Database) -> dict[str, int]:
    """A cemetery CF of two vaults and three sections, and four lots interred in the sections
    (two in CF-V1-S01, one in CF-V1-S02, one in CF-V2-S01) by "CF-V1-S01#0" and so on, and a
    lot recovered and in no place yet."""
    with db.session() as session:

        def add(kind: str, name: str, code: str, parent: int | None = None) -> int:
            place = locations.add_location(
                session, "registrar", kind, name, code, "built", parent_id=parent
            )
            return place.id or 0

        cemetery = add("cemetery", "千鳥ヶ淵戦没者墓苑", "CF")
        first, second = (
            add("vault", "第1納骨室", "CF-V1", cemetery),
            add("vault", "第2納骨室", "CF-V2", cemetery),
        )
        sections = {
            "CF-V1-S01": add("section", "第1納骨室 第1区画", "CF-V1-S01", first),
            "CF-V1-S02": add("section", "第1納骨室 第2区画", "CF-V1-S02", first),
            "CF-V2-S01": add("section", "第2納骨室 第1区画", "CF-V2-S01", second),
        }
    lots: dict[str, int] = {}
    for n, code in enumerate(["CF-V1-S01", "CF-V1-S01", "CF-V1-S02", "CF-V2-S01"]):
        lot_id = register_lot(db, "registrar")
        walk(db, "registrar", lot_id, path_to(LotStatus.INTERRED), sections[code])
        lots[f"{code}#{n}"] = lot_id
    register_lot(db, "registrar")
    return lots


def burial_site(db: Database, code: str) -> int:
    """The burial site of this code (HB-012), as the first file naming it records it."""
    with db.session() as session, session.begin():
        found = session.execute(select(BurialSite).where(col(BurialSite.code) == code)).scalar()
        if found is None:
            number = int(code.split("-")[1])
            found = BurialSite(
                code=code,
                name=f"ハバロフスク地方第{number}埋葬地",
                region="ハバロフスク地方",
                country="ロシア",
                number=number,
            )
            session.add(found)
            session.flush()
        assert found.id is not None
        return found.id


def migrate(db: Database, to: str) -> None:
    """Bring the schema up to the head, or down to revision ``to``, as `irei db upgrade` does."""
    with db_module.migrating(db.engine) as conn:
        config = db_module._alembic_config(conn)
        (command.upgrade if to == "head" else command.downgrade)(config, to)


def register_lot(
    db: Database, actor: str, specimens: tuple[str, ...] = (), site: str | None = None
) -> int:
    """A lot recovered in fiscal year 2019; at burial site ``site`` (HB-012) when given."""
    n = next(_numbers)
    fields = lots.LotFields(
        lot_number=f"2019-{site or 'HB-012'}-{n:05d}",
        fiscal_year=2019,
        country="ロシア",
        region="ハバロフスク地方",
        burial_site_id=burial_site(db, site) if site else None,
        recovered=PartialDate("令和元年8月1日", "2019-08-01", Precision.DAY),
        count=2,
    )
    with db.session() as session:
        lot = lots.register_lot(
            session, actor, fields, specimens or (f"HB-012-19-{n:05d}",), "recovery mission 2019"
        )
    assert lot.id is not None
    return lot.id


def walk(db: Database, actor: str, lot_id: int, steps: list[LotStatus], section_id: int) -> None:
    for step in steps:
        move(db, actor, lot_id, step, "as decided", location_id=section_id)


def move(
    db: Database,
    actor: str,
    lot_id: int,
    status: LotStatus,
    reason: str,
    *,
    location_id: int | None = None,
    expected_version: int | None = None,
) -> None:
    """One step of a lot's life as staff take it: a verdict by deciding the affiliation (a
    Japanese or not-Japanese one citing a new analysis of the lot's specimen), any other
    status by changing it; a hand-over to the family once a DNA test has identified whose
    remains they are."""
    if status == LotStatus.HANDED_TO_FAMILY:
        identify(db, actor, lot_id)
    if status not in VERDICTS:
        with db.session() as session:
            lot_status.change_status(
                session,
                actor,
                lot_id,
                status,
                reason,
                location_id=location_id,
                expected_version=expected_version,
            )
        return
    evidence = [analyse(db, actor, lot_id, status.value)] if status in NEEDS_EVIDENCE else []
    with db.session() as session:
        lot_status.decide_affiliation(
            session,
            actor,
            lot_id,
            status,
            evidence,
            reason,
            on=DECIDED,
            expected_version=expected_version,
        )


def analyse(db: Database, actor: str, lot_id: int, affiliation: str, matched: str = "") -> int:
    """A DNA test of the lot's first specimen, concluding ``affiliation`` and matching the
    person named ``matched`` when given; its id."""
    with db.reading() as session:
        specimen = (
            session.execute(
                select(Specimen.number)
                .where(col(Specimen.lot_id) == lot_id)
                .order_by(col(Specimen.id))
            )
            .scalars()
            .first()
        )
    assert specimen is not None
    fields = analyses.AnalysisFields(
        kind="DNA(STR)",
        affiliation=affiliation,
        match_result="match" if matched else "",
        matched_name=matched,
    )
    with db.session() as session:
        analysis = analyses.record_analysis(session, actor, specimen, fields, "laboratory report")
    assert analysis.id is not None
    return analysis.id


def identify(db: Database, actor: str, lot_id: int) -> int:
    """A person of the death register, and a DNA test of the lot's first specimen matching
    them, as the laboratory reports an identification; the person's id. Each person's name is
    their own (佐藤 一二郎 for 番号 12): a match is never linked between namesakes."""
    n = next(_numbers)
    name = "佐藤 " + "".join("十一二三四五六七八九"[int(digit)] for digit in str(n)) + "郎"
    person_id = create_person(db, actor, name=name, register_no=n)
    analyse(db, actor, lot_id, "japanese", matched=name)
    return person_id


MakeLot = Callable[..., int]


@pytest.fixture
def section(database: Database) -> int:
    return add_section(database)


@pytest.fixture
def make_lot(database: Database, actor: str, section: int) -> MakeLot:
    """``make_lot(status)``: a lot registered and moved to ``status`` by allowed steps."""

    def make(status: LotStatus = LotStatus.RECOVERED) -> int:
        lot_id = register_lot(database, actor)
        walk(database, actor, lot_id, path_to(status), section)
        return lot_id

    return make


MakePerson = Callable[..., int]


def create_person(db: Database, actor: str, **fields: object) -> int:
    with db.session() as session:
        person = persons.create_person(
            session, actor, persons.PersonFields(**fields), "entered from the death register"
        )
    assert person.id is not None
    return person.id


@pytest.fixture
def make_person(database: Database, actor: str) -> MakePerson:
    """``make_person(name=..., reading=..., forms=[...])``: a person created by the service."""

    def make(**fields: object) -> int:
        return create_person(database, actor, **fields)

    return make


def name_forms_out_of_step(db: Database) -> list[int]:
    """Ids of name forms whose copies of their person's search filters differ from the
    person's (every write path must leave none)."""
    mismatch = or_(
        *(
            getattr(NameForm, name).is_distinct_from(getattr(Person, name))
            for name in SEARCH_FILTERS
        )
    )
    with db.reading() as session:
        return list(
            session.execute(
                select(col(NameForm.id))
                .join(Person, col(Person.id) == col(NameForm.person_id))
                .where(mismatch)
            ).scalars()
        )
