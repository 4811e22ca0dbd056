"""The audit log: every service call writes its event in the same transaction, and the hash
chain proves that no event was changed, deleted or slipped in behind the app's back."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import col, func, select

from records import audit
from records.database import Database, open_database
from records.errors import AuditChainBroken, Invalid, IreiError
from records.messages import Message
from records.models import AuditEvent, AuditHead, Person, RemainsLot
from records.services import lots, persons


def _person(db: Database, actor: str, name: str, reading: str) -> int:
    with db.session() as session:
        person = persons.create_person(
            session, actor, persons.PersonFields(name=name, reading=reading), "death register"
        )
    assert person.id is not None
    return person.id


def _four_events(db: Database, actor: str) -> None:
    for name, reading in (
        ("佐藤　正", "サトウ タダシ"),
        ("髙橋　春雄", "タカハシ ハルオ"),
        ("山﨑　清", "ヤマザキ キヨシ"),
        ("田中　勇", "タナカ イサム"),
    ):
        _person(db, actor, name, reading)


def _count(db: Database, model: type) -> int:
    with db.reading() as session:
        return int(session.exec(select(func.count()).select_from(model)).one())


def _raw(db: Database, sql: str, **params: object) -> None:
    """A change made with plain SQL, bypassing irei."""
    with db.engine.begin() as conn:
        conn.execute(text(sql), params)


def _verify(db: Database) -> audit.Verification:
    with db.reading() as session:
        return audit.verify(session)


def test_each_service_call_writes_one_event_with_who_what_before_after_and_why(
    any_database: Database, actor: str
) -> None:
    person_id = _person(any_database, actor, "佐藤　正", "サトウ タダシ")
    with any_database.session() as session:
        persons.update_person(
            session,
            actor,
            person_id,
            {"death_place": "ハバロフスク"},
            "  record from Russia ",  # kept as the registrar meant it, without the spaces
            expected_version=1,
        )

    with any_database.reading() as session:
        events = audit.history(session, "Person", person_id)
    assert [(e.action, e.actor, e.entity) for e in events] == [
        ("create", actor, "Person"),
        ("update", actor, "Person"),
    ]
    update = events[1]
    assert json.loads(update.before) == {"death_place": "", "version": 1}
    assert json.loads(update.after) == {"death_place": "ハバロフスク", "version": 2}
    assert update.reason == "record from Russia"
    assert update.prev_hash == events[0].hash
    assert update.at.endswith("+00:00")


def test_an_edit_that_changes_nothing_writes_no_event(database: Database, actor: str) -> None:
    person_id = _person(database, actor, "佐藤　正", "サトウ タダシ")
    with database.session() as session:
        persons.update_person(
            session, actor, person_id, {"name": "佐藤　正"}, "re-saved", expected_version=1
        )

    assert _count(database, AuditEvent) == 1
    with database.reading() as session:
        person = session.get(Person, person_id)
        assert person is not None and person.version == 1


def test_a_failing_call_writes_neither_the_change_nor_the_event(
    any_database: Database, actor: str
) -> None:
    _person(any_database, actor, "佐藤　正", "サトウ タダシ")
    events_before = _count(any_database, AuditEvent)

    # The second specimen number repeats the first: the lot row is already flushed when the
    # service notices, and the whole call must roll back.
    fields = lots.LotFields(lot_number="2019-HB-012-00001")
    with any_database.session() as session, pytest.raises(Invalid):
        lots.register_lot(session, actor, fields, ["HB-1", "HB-1"], "recovery")

    assert _count(any_database, RemainsLot) == 0
    assert _count(any_database, AuditEvent) == events_before
    _verify(any_database)


def test_a_change_whose_event_cannot_be_written_is_not_kept(
    database: Database, actor: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_record(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk full while writing the audit event")

    monkeypatch.setattr(audit, "record", broken_record)
    with database.session() as session, pytest.raises(RuntimeError):
        persons.create_person(
            session, actor, persons.PersonFields(name="佐藤　正"), "death register"
        )

    assert _count(database, Person) == 0
    assert _count(database, AuditEvent) == 0


def test_verify_passes_on_an_untouched_log(any_database: Database, actor: str) -> None:
    _four_events(any_database, actor)

    result = _verify(any_database)

    assert result.events == 4
    with any_database.reading() as session:
        head = session.get(AuditHead, 1)
        assert head is not None and head.last_hash == result.last_hash


def test_verify_passes_on_an_empty_log(database: Database) -> None:
    assert _verify(database).events == 0


def test_verify_detects_an_event_changed_with_raw_sql(any_database: Database, actor: str) -> None:
    _four_events(any_database, actor)
    _raw(any_database, "UPDATE audit_event SET reason = 'nothing happened' WHERE id = 2")

    with pytest.raises(AuditChainBroken) as caught:
        _verify(any_database)

    assert caught.value.event_id == 2
    assert str(caught.value) == "audit event 2: its contents were changed after it was written"


def test_verify_detects_a_deleted_event_in_the_middle(any_database: Database, actor: str) -> None:
    _four_events(any_database, actor)
    _raw(any_database, "DELETE FROM audit_event WHERE id = 3")

    with pytest.raises(AuditChainBroken) as caught:
        _verify(any_database)

    assert caught.value.event_id == 3
    assert "missing from the chain" in str(caught.value)


def test_verify_detects_the_last_event_deleted(any_database: Database, actor: str) -> None:
    _four_events(any_database, actor)
    _raw(any_database, "DELETE FROM audit_event WHERE id = 4")

    with pytest.raises(AuditChainBroken) as caught:
        _verify(any_database)

    assert caught.value.event_id == 4
    assert "missing from the chain (deleted)" in str(caught.value)


def test_verify_detects_an_event_inserted_with_raw_sql(any_database: Database, actor: str) -> None:
    _four_events(any_database, actor)
    with any_database.reading() as session:
        last = session.exec(select(AuditEvent).order_by(col(AuditEvent.id).desc())).first()
    assert last is not None
    # A careful forger even computes a valid hash; the head of the chain still disagrees.
    forged = {
        "event_id": 5,
        "at": "2026-01-01T00:00:00.000000+00:00",
        "actor": "mallory",
        "action": "update",
        "entity": "Person",
        "entity_id": 1,
        "before": "",
        "after": json.dumps({"name": "someone else"}),
        "reason": "",
        "prev_hash": last.hash,
    }
    _raw(
        any_database,
        "INSERT INTO audit_event (id, at, actor, action, entity, entity_id, before, after, "
        "reason, prev_hash, hash) VALUES (:event_id, :at, :actor, :action, :entity, "
        ":entity_id, :before, :after, :reason, :prev_hash, :hash)",
        **forged,
        hash=audit.event_hash(**forged),  # type: ignore[arg-type]
    )

    with pytest.raises(AuditChainBroken) as caught:
        _verify(any_database)

    assert caught.value.event_id == 5
    assert str(caught.value) == "audit event 5: was added outside irei"


def test_verify_detects_an_event_inserted_between_two_others(
    database: Database, actor: str
) -> None:
    _four_events(database, actor)
    _raw(database, "UPDATE audit_event SET id = id + 10 WHERE id >= 3")
    _raw(
        database,
        "INSERT INTO audit_event (id, at, actor, action, entity, entity_id, before, after, "
        "reason, prev_hash, hash) SELECT 3, at, actor, action, entity, entity_id, before, "
        "after, reason, prev_hash, hash FROM audit_event WHERE id = 2",
    )

    with pytest.raises(AuditChainBroken) as caught:
        _verify(database)

    assert caught.value.event_id == 3


def test_audit_verify_command_exits_1_naming_the_first_bad_event(
    database: Database, actor: str, run_irei, tmp_path: Path
) -> None:
    _four_events(database, actor)
    db_path = database.engine.url.database
    assert db_path is not None
    database.close()

    ok = run_irei(["--db", db_path, "audit", "verify"])
    assert ok.returncode == 0, ok.stderr
    assert "audit log intact: 4 events" in ok.stdout

    _raw(database, "UPDATE audit_event SET actor = 'mallory' WHERE id = 2")
    _raw(database, "UPDATE audit_event SET actor = 'mallory' WHERE id = 3")
    broken = run_irei(["--db", db_path, "audit", "verify"])

    assert broken.returncode == 1
    assert broken.stdout == ""
    assert broken.stderr == (
        "irei: audit event 2: its contents were changed after it was written\n"
    )


def _rewrite_whole_log(db: Database, new_actor: str) -> None:
    """A forger with write access rewrites every event and the head consistently: the chain
    alone still verifies."""
    with db.engine.begin() as conn:
        rows = conn.execute(text("SELECT * FROM audit_event ORDER BY id")).mappings().all()
        prev = audit.GENESIS
        for row in rows:
            fields = {
                "event_id": row["id"],
                "at": row["at"],
                "actor": new_actor,
                "action": row["action"],
                "entity": row["entity"],
                "entity_id": row["entity_id"],
                "before": row["before"],
                "after": row["after"],
                "reason": row["reason"],
                "prev_hash": prev,
            }
            digest = audit.event_hash(**fields)
            conn.execute(
                text("UPDATE audit_event SET actor = :a, prev_hash = :p, hash = :h WHERE id = :i"),
                {"a": new_actor, "p": prev, "h": digest, "i": row["id"]},
            )
            prev = digest
        conn.execute(text("UPDATE audit_head SET last_hash = :h"), {"h": prev})


def test_an_anchor_kept_outside_detects_a_consistently_rewritten_log(
    database: Database, actor: str, tmp_path: Path
) -> None:
    _four_events(database, actor)
    anchors = tmp_path / "anchors.txt"
    audit.write_anchor(anchors, _verify(database), None)
    _rewrite_whole_log(database, "mallory")

    assert _verify(database).events == 4  # the chain alone cannot tell
    with database.reading() as session, pytest.raises(AuditChainBroken) as caught:
        audit.verify(session, audit.read_anchors(anchors))
    assert caught.value.event_id == 4
    assert "differs from the anchor" in str(caught.value)


def test_an_anchor_detects_a_log_cut_short(database: Database, actor: str, tmp_path: Path) -> None:
    _four_events(database, actor)
    anchors = tmp_path / "anchors.txt"
    audit.write_anchor(anchors, _verify(database), None)
    with database.engine.begin() as conn:
        last_hash = conn.execute(text("SELECT hash FROM audit_event WHERE id = 3")).scalar_one()
        conn.execute(text("DELETE FROM audit_event WHERE id = 4"))
        conn.execute(
            text("UPDATE audit_head SET last_id = 3, count = 3, last_hash = :h"), {"h": last_hash}
        )

    with database.reading() as session, pytest.raises(AuditChainBroken) as caught:
        audit.verify(session, audit.read_anchors(anchors))
    assert caught.value.event_id == 4
    assert "missing" in str(caught.value)


def test_audit_anchor_and_verify_commands(
    database: Database, actor: str, run_irei, tmp_path: Path
) -> None:
    _four_events(database, actor)
    db_path = database.engine.url.database
    assert db_path is not None
    database.close()
    anchors = tmp_path / "anchors.txt"

    into_itself = run_irei(["--db", db_path, "audit", "anchor", db_path])
    assert into_itself.returncode == 1
    assert into_itself.stderr.startswith(f"irei: {db_path} is the database itself")
    written = run_irei(["--db", db_path, "audit", "anchor", str(anchors)])
    assert written.returncode == 0, written.stderr
    assert anchors.read_text().startswith("irei-audit-anchor 4 ")
    verified = run_irei(["--db", db_path, "audit", "verify", "--anchor", str(anchors)])
    assert verified.returncode == 0, verified.stderr
    assert "audit log intact: 4 events, 1 anchor matches, last hash " in verified.stdout

    reopened = open_database(db_path)
    _rewrite_whole_log(reopened, "mallory")
    reopened.close()
    broken = run_irei(["--db", db_path, "audit", "verify", "--anchor", str(anchors)])
    assert broken.returncode == 1
    assert broken.stderr.startswith("irei: audit event 4: differs from the anchor")

    anchors.write_text("irei-audit-anchor four nonsense\n")
    unreadable = run_irei(["--db", db_path, "audit", "verify", "--anchor", str(anchors)])
    assert unreadable.returncode == 1
    assert unreadable.stderr == f"irei: {anchors} line 1: not a readable anchor\n"

    anchors.write_text("氏名,読み\n佐藤 太郎,さとう たろう\n")  # a roll named by mistake
    none_held = run_irei(["--db", db_path, "audit", "verify", "--anchor", str(anchors)])
    assert none_held.returncode == 1  # nothing checked against it must not read as intact
    assert none_held.stderr == f"irei: {anchors} is not an anchor file (it holds no anchor)\n"


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (lambda path: None, "there is no anchor file {path}"),
        (lambda path: path.mkdir(), "{path} is a folder, not an anchor file"),
        (lambda path: path.write_bytes(b"\xff\xfe anchors"), "{path} is not an anchor file"),
    ],
    ids=["missing", "a folder", "not text"],
)
def test_an_anchor_file_that_cannot_be_read_is_named_in_plain_words(
    tmp_path: Path, make: Callable[[Path], object], said: str
) -> None:
    path = tmp_path / "anchors.txt"
    make(path)

    with pytest.raises(IreiError) as refused:
        audit.read_anchors(path)

    assert str(refused.value).startswith(said.format(path=path))
    assert isinstance(refused.value.args[0], Message)  # so a Japanese interface translates it
    assert "Errno" not in str(refused.value)


@pytest.mark.parametrize(
    ("held", "said"),
    [
        (b"\x00\x01PK\x03\x04\xff\xfe workbook", "{path} is not an anchor file (not UTF-8 text)"),
        ("氏名,読み\n佐藤 太郎,さとう たろう\n".encode(), "{path} is not an anchor file"),
    ],
    ids=["a workbook", "a roll exported as CSV"],
)
def test_an_anchor_is_not_appended_to_a_file_that_is_not_an_anchor_file(
    database: Database, actor: str, tmp_path: Path, held: bytes, said: str
) -> None:
    _four_events(database, actor)
    path = tmp_path / "roll.csv"
    path.write_bytes(held)

    with pytest.raises(IreiError) as refused:
        audit.write_anchor(path, _verify(database), None)

    assert str(refused.value).startswith(said.format(path=path))
    assert path.read_bytes() == held


def test_an_anchor_is_not_written_into_the_database_itself(
    database: Database, actor: str, tmp_path: Path
) -> None:
    _four_events(database, actor)
    db_file = Path(database.engine.url.database or "")
    held = db_file.read_bytes()

    with pytest.raises(IreiError) as refused:
        audit.write_anchor(db_file, _verify(database), db_file)

    assert str(refused.value).startswith(f"{db_file} is the database itself")
    assert db_file.read_bytes() == held


def test_an_anchor_is_appended_to_an_anchor_file_with_notes_on_a_line_of_its_own(
    database: Database, actor: str, tmp_path: Path
) -> None:
    _four_events(database, actor)
    anchors = tmp_path / "anchors.txt"
    audit.write_anchor(anchors, _verify(database), None)
    with anchors.open("a", encoding="utf-8") as f:
        f.write("USB 2026-11 保管: 事務室金庫")  # a note typed with no line end

    audit.write_anchor(anchors, _verify(database), None)

    lines = anchors.read_text(encoding="utf-8").splitlines()
    assert lines[1] == "USB 2026-11 保管: 事務室金庫"
    assert [line.split()[:2] for line in (lines[0], lines[2])] == [["irei-audit-anchor", "4"]] * 2
    assert len(audit.read_anchors(anchors)) == 2
