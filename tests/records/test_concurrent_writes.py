"""Two users writing at once on PostgreSQL: the one who loses a race is told so in the words
irei uses when there is no race, never by a constraint's name, and nothing of theirs is
half-written. Each race is made to happen: one user's transaction is held open until the
other's waits on it."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlmodel import Session
from typer.testing import CliRunner, Result

from importers.errors import ImportRefused
from importers.pipeline import SAVING, apply_import, prepare_import
from records import database
from records.database import Database, make_engine
from records.errors import Busy, Invalid, Unreachable
from records.messages import Message
from records.models import ImportBatch, Person
from records.services import ceremonies, persons, roll_bulk, roll_entries
from tests.importers.test_import_pipeline import ROW, count, register
from tests.records.conftest import create_person
from tui.cli import app

pytestmark = pytest.mark.postgres

REASON = "planned by the ceremony office"


def _wait_until_someone_waits_for_a_lock(db: Database) -> None:
    waiting = text(
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE wait_event_type = 'Lock' AND datname = current_database()"
    )
    for _ in range(200):
        with db.engine.connect() as conn:
            if conn.execute(waiting).scalar_one():
                return
        time.sleep(0.05)
    raise AssertionError("no transaction came to wait for the other's lock")


def _save_a_person(db: Database, actor: str) -> None:
    """As the app's person form saves."""
    with db.writing() as session:
        persons.create_person(session, actor, persons.PersonFields(name="佐藤　太郎"), REASON)


def _in_thread(work: Callable[[], Any]) -> tuple[threading.Thread, list[BaseException]]:
    raised: list[BaseException] = []

    def run() -> None:
        try:
            work()
        except BaseException as exc:
            raised.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, raised


def _memorial(db: Database, actor: str) -> int:
    with db.session() as session:
        made = ceremonies.create_ceremony(
            session, actor, "追悼の集い", "memorial", "令和8年8月23日", "千鳥ヶ淵", REASON
        )
    assert made.id is not None
    return made.id


def _while_a_colleague_adds_to_the_roll(
    db: Database, actor: str, memorial: int, person: int, ours: Callable[[Session], Any]
) -> list[Any]:
    """What ``ours`` returned or raised, started while a colleague's line for ``person`` is
    added and not yet committed."""
    outcome: list[Any] = []

    def in_its_own_session() -> None:
        with db.session() as session:
            outcome.append(ours(session))

    with db.session() as colleague, colleague.begin():
        roll_entries.add_entry(colleague, actor, memorial, person_id=person, reason=REASON)
        thread, raised = _in_thread(in_its_own_session)
        _wait_until_someone_waits_for_a_lock(db)
    thread.join()
    return outcome + raised


def test_the_same_person_added_to_a_roll_by_two_users_at_once_is_refused_as_already_on_it(
    pg_database: Database, actor: str
) -> None:
    person = create_person(pg_database, actor, name="髙橋　清", reading="タカハシ キヨシ")
    memorial = _memorial(pg_database, actor)

    [refused] = _while_a_colleague_adds_to_the_roll(
        pg_database,
        actor,
        memorial,
        person,
        lambda s: roll_entries.add_entry(s, actor, memorial, person_id=person, reason=REASON),
    )

    assert isinstance(refused, Invalid)
    assert str(refused) == f"person: 髙橋　清 (person {person}) is already on this roll"


def test_a_bulk_add_beside_a_colleagues_add_of_one_of_its_persons_skips_that_person(
    pg_database: Database, actor: str
) -> None:
    person = create_person(pg_database, actor, name="髙橋　清", country="ロシア")
    create_person(pg_database, actor, name="佐藤　太郎", country="ロシア")
    memorial = _memorial(pg_database, actor)
    russia = roll_bulk.PersonFilter(country="ロシア")

    [added] = _while_a_colleague_adds_to_the_roll(
        pg_database,
        actor,
        memorial,
        person,
        lambda s: roll_bulk.bulk_add_persons(s, actor, memorial, russia, REASON),
    )

    assert added == roll_bulk.BulkAdded(added=1, skipped=1)


OVERTAKEN = (
    "the file was imported by someone else while this import ran: nothing of this import was "
    "written; import it again to compare"
)


@contextmanager
def a_colleague_importing(db: Database, path: Path) -> Iterator[None]:
    """A colleague's import of ``path`` with its rows written, committed once the block has
    started an import that waits on them."""
    saving = threading.Event()

    def colleague_waits_to_commit(message: Message) -> None:
        if message == SAVING:
            saving.wait(10)

    colleague, colleague_raised = _in_thread(
        lambda: apply_import(db, "colleague", prepare_import(path), stage=colleague_waits_to_commit)
    )
    for _ in range(200):  # until the colleague's rows are in, not yet committed
        if colleague_raised or _uncommitted_import(db):
            break
        time.sleep(0.05)
    try:
        yield
        _wait_until_someone_waits_for_a_lock(db)
    finally:
        saving.set()
        colleague.join()
    assert colleague_raised == []


def test_an_import_that_a_colleagues_import_of_the_same_file_overtook_writes_nothing(
    pg_database: Database, tmp_path: Path
) -> None:
    path = register(tmp_path / "名簿.xlsx", [ROW, [2, *ROW[1:]]])

    with a_colleague_importing(pg_database, path):
        ours, raised = _in_thread(lambda: apply_import(pg_database, "me", prepare_import(path)))
    ours.join()

    [refused] = raised
    assert isinstance(refused, ImportRefused)
    assert refused.reason == OVERTAKEN
    assert (count(pg_database, ImportBatch), count(pg_database, Person)) == (1, 2)


def test_the_command_line_overtaken_by_a_colleagues_import_says_so_in_its_json_too(
    pg_database: Database, tmp_path: Path
) -> None:
    path = register(tmp_path / "名簿.xlsx", [ROW, [2, *ROW[1:]]])
    command = ["--db", pg_database.url, "--lang", "en", "import", str(path), "--json"]
    results: list[Result] = []

    with a_colleague_importing(pg_database, path):
        ours, _ = _in_thread(lambda: results.append(CliRunner().invoke(app, command)))
    ours.join()

    [result] = results
    assert result.exit_code == 1
    assert result.stderr == f"irei: {path}: {OVERTAKEN}\n"
    [refused] = json.loads(result.stdout)["files"]
    assert (refused["refused"], refused["written"]) == (f"{path}: {OVERTAKEN}", False)


def _uncommitted_import(db: Database) -> bool:
    idle = text(
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE state = 'idle in transaction' AND datname = current_database()"
    )
    with db.engine.connect() as conn:
        return bool(conn.execute(idle).scalar_one())


def test_a_save_waiting_for_a_row_another_transaction_holds_gives_up_as_busy(
    pg_database: Database, actor: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As on SQLite, after the busy timeout: a colleague's import holds the audit chain, which
    every write appends to, until it commits."""
    monkeypatch.setattr(database, "BUSY_TIMEOUT", 1)
    _save_a_person(pg_database, actor)  # the chain's head, for the importer to hold
    with pg_database.engine.connect() as importer, importer.begin():
        importer.execute(text("SELECT * FROM audit_head FOR UPDATE"))
        saving, raised = _in_thread(lambda: _save_a_person(pg_database, actor))
        saving.join(timeout=5)
        gave_up = not saving.is_alive()
    saving.join()

    assert gave_up
    [refused] = raised
    assert isinstance(refused, Busy)


def test_a_save_the_database_server_does_not_answer_is_refused_naming_the_server_only(
    postgres_url: str, actor: str
) -> None:
    closed = make_url(postgres_url).set(port=1)
    url = closed.render_as_string(hide_password=False)
    unreachable = Database(url, make_engine(url))

    with pytest.raises(Unreachable) as refused:
        _save_a_person(unreachable, actor)

    assert str(refused.value) == (
        f"the database server {closed.host}:1 cannot be reached; nothing was saved: try again "
        "once it is back"
    )
