"""Adding a form of a person's name: kept exactly as written, tagged by script and source,
audited with its reason; an empty, mistagged or repeated form is refused and nothing written.
Removing one entered in error: audited with the row as it was, never the form the record rests
on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import col, select

from importers.pipeline import apply_import, prepare_import
from records import audit
from records.database import Database
from records.errors import Invalid, StaleEdit
from records.models import NameForm, Person
from records.scripts import Script
from records.search import search
from records.services.persons import (
    NameFormFields,
    add_name_form,
    forms_of,
    remove_name_form,
    update_person,
)
from tests.importers.test_import_pipeline import register
from tests.records.conftest import MakePerson


def _forms(db: Database, person_id: int) -> list[tuple[str, str, str]]:
    with db.reading() as session:
        return [
            (f.text, f.script, f.source)
            for f in session.exec(
                select(NameForm)
                .where(col(NameForm.person_id) == person_id)
                .order_by(col(NameForm.id))
            )
        ]


def _add(
    db: Database, person_id: int, form: NameFormFields, reason: str = "Russian record"
) -> None:
    with db.session() as session:
        add_name_form(session, "tanaka", person_id, form, reason)


def test_a_cyrillic_form_is_added_as_written_and_audited(
    database: Database, make_person: MakePerson
) -> None:
    person_id = make_person(name="髙橋　正", reading="タカハシ タダシ")

    _add(database, person_id, NameFormFields("Такахаси Тадаси", "russian-record"), " GARF card\n")

    assert _forms(database, person_id)[-1] == ("Такахаси Тадаси", "cyrillic", "russian-record")
    with database.reading() as session:
        last = audit.history(session, "Person", person_id)[-1]
    assert (last.actor, last.action, last.reason) == ("tanaka", "add_name_form", "GARF card")
    assert json.loads(last.after)["text"] == "Такахаси Тадаси"


def test_adding_a_form_raises_the_version_as_removing_one_does(
    database: Database, make_person: MakePerson
) -> None:
    person_id = make_person(name="髙橋　正", reading="タカハシ タダシ")

    _add(database, person_id, NameFormFields("Такахаси Тадаси", "russian-record"), "GARF card")

    with database.reading() as session:
        person = session.get(Person, person_id)
        last = audit.history(session, "Person", person_id)[-1]
    assert person is not None and person.version == 2
    assert (json.loads(last.before)["version"], json.loads(last.after)["version"]) == (1, 2)


def test_an_edit_opened_before_a_form_was_added_is_refused(
    database: Database, make_person: MakePerson
) -> None:
    """The registrar saving it has not seen the new form: told who added it, as for any change."""
    person_id = make_person(name="髙橋　正", reading="タカハシ タダシ")
    with database.session() as session:
        add_name_form(
            session, "suzuki", person_id, NameFormFields("Такахаси", "russian-record"), "GARF"
        )

    with pytest.raises(StaleEdit) as caught, database.session() as session:
        update_person(
            session, "tanaka", person_id, {"remarks": "再調査"}, "call", expected_version=1
        )

    assert (caught.value.changed_by, caught.value.current_version) == ("suzuki", 2)


@pytest.mark.parametrize(
    ("form", "reason", "field"),
    [
        (NameFormFields("  ", "entered"), "letter", "text"),
        (NameFormFields("Сато", ""), "letter", "source"),
        (NameFormFields("Сато", "entered", "greek"), "letter", "script"),
        (NameFormFields("佐藤", "entered", Script.CYRILLIC), "letter", "script"),
        (NameFormFields("さとう", "reading", Script.KANA), " ", "reason"),
        (NameFormFields("タカハシ タダシ", "reading"), "letter", "text"),  # already there
    ],
    ids=["empty", "no-source", "unknown-script", "wrong-script", "no-reason", "repeated"],
)
def test_a_form_that_cannot_be_accepted_is_refused_and_nothing_written(
    database: Database, make_person: MakePerson, form: NameFormFields, reason: str, field: str
) -> None:
    person_id = make_person(name="髙橋　正", reading="タカハシ タダシ")
    before = _forms(database, person_id)

    with pytest.raises(Invalid) as caught:
        _add(database, person_id, form, reason)

    assert caught.value.field == field
    assert _forms(database, person_id) == before


def test_a_registrar_entering_a_form_the_person_has_from_a_record_is_refused(
    database: Database, make_person: MakePerson
) -> None:
    person_id = make_person(forms=[NameFormFields("佐藤　五郎", "register-kanji")])
    before = _forms(database, person_id)

    with pytest.raises(Invalid, match="already has 佐藤　五郎 from register-kanji"):
        _add(database, person_id, NameFormFields("佐藤　五郎", "entered"), "same again")

    assert _forms(database, person_id) == before


def test_a_record_writing_the_name_as_another_did_is_kept_as_evidence(
    database: Database, make_person: MakePerson
) -> None:
    person_id = make_person(name="佐藤　五郎", reading="サトウ ゴロウ")

    _add(database, person_id, NameFormFields("サトウ ゴロウ", "register-kana"), "register")

    assert _forms(database, person_id)[-1] == ("サトウ ゴロウ", "kana", "register-kana")


@pytest.mark.parametrize(
    ("name", "script"),
    [("Sato Goro", "latin"), ("Сато Горо", "cyrillic"), ("さとう ごろう", "kana")],
)
def test_a_name_corrected_is_tagged_with_the_script_it_is_written_in(
    database: Database, make_person: MakePerson, name: str, script: str
) -> None:
    person_id = make_person(name="佐藤　五郎")

    with database.session() as session:
        update_person(
            session, "tanaka", person_id, {"name": name}, "romanised", expected_version=None
        )

    assert _forms(database, person_id)[-1] == (name, script, "entered")


@pytest.mark.parametrize("reading", ["1927", "Kondo Takashi", "近藤"])
def test_a_reading_that_is_not_kana_is_refused_and_nothing_is_written(
    database: Database, make_person: MakePerson, reading: str
) -> None:
    """A person known only by their reading is shown by it: 1927 typed into the reading
    became their name on their page and on the roll's candidates."""
    person_id = make_person(reading="コンドウ タカシ")
    before = _forms(database, person_id)

    with pytest.raises(Invalid) as refused, database.session() as session:
        update_person(
            session, "tanaka", person_id, {"reading": reading}, "typo", expected_version=None
        )
    assert (refused.value.field, str(refused.value)) == (
        "reading",
        f"reading: {reading!r} is not a reading: write it in kana",
    )
    with pytest.raises(Invalid):
        make_person(name="近藤　隆", reading=reading)
    assert _forms(database, person_id) == before
    with database.reading() as session:
        assert session.get(Person, person_id).reading == "コンドウ タカシ"  # type: ignore[union-attr]
    with database.session() as session:  # hiragana is kana: taken as typed
        update_person(
            session, "tanaka", person_id, {"reading": "こんどう たかし"}, "x", expected_version=None
        )


def test_a_name_changed_back_adds_no_second_form_of_it(
    database: Database, make_person: MakePerson
) -> None:
    person_id = make_person(name="佐藤　五郎")
    before = _forms(database, person_id)

    for name in ("佐藤　吾郎", "佐藤　五郎"):
        with database.session() as session:
            update_person(
                session, "tanaka", person_id, {"name": name}, "misread", expected_version=None
            )

    assert _forms(database, person_id) == [*before, ("佐藤　吾郎", "kanji", "entered")]
    with database.reading() as session:
        assert session.get(Person, person_id).name == "佐藤　五郎"  # type: ignore[union-attr]


def test_a_person_created_with_a_romanised_name_has_a_latin_form(
    database: Database, make_person: MakePerson
) -> None:
    person_id = make_person(name="Sato Goro")

    assert _forms(database, person_id) == [("Sato Goro", "latin", "entered")]


def _form_id(db: Database, person_id: int, text: str) -> int:
    with db.reading() as session:
        found = session.exec(
            select(NameForm.id).where(col(NameForm.person_id) == person_id, NameForm.text == text)
        ).first()
    assert found is not None
    return found


def _remove(
    db: Database, person_id: int, text: str, reason: str = "typed for another person"
) -> None:
    with db.session() as session:
        remove_name_form(
            session, "tanaka", person_id, _form_id(db, person_id, text), reason,
            expected_version=None,
        )  # fmt: skip


def test_a_form_entered_in_error_is_removed_and_no_longer_found(
    database: Database, make_person: MakePerson
) -> None:
    person_id = make_person(name="髙橋　正", reading="タカハシ タダシ")
    _add(database, person_id, NameFormFields("Сидоров Иван", "russian-record"), "GARF card")

    _remove(database, person_id, "Сидоров Иван", " another prisoner's card\n")

    assert [text for text, _s, _k in _forms(database, person_id)] == ["髙橋　正", "タカハシ タダシ"]
    with database.reading() as session:
        assert [hit.id for hit in search(session, "Сидоров")] == []
        assert [hit.id for hit in search(session, "Иван")] == []
        assert [hit.id for hit in search(session, "タカハシ")] == [person_id]
        person = session.get(Person, person_id)
        last = audit.history(session, "Person", person_id)[-1]
    assert person is not None and person.version == 3  # created, the form added, removed
    assert (last.actor, last.action, last.reason) == (
        "tanaka", "remove_name_form", "another prisoner's card"
    )  # fmt: skip
    before, after = json.loads(last.before), json.loads(last.after)
    assert (before["text"], before["script"], before["source"]) == (
        "Сидоров Иван", "cyrillic", "russian-record"
    )  # fmt: skip
    assert before["removed"]["text"] == "Сидоров Иван"
    assert before["removed"]["added_because"] == "GARF card"  # the call that added it
    assert after == {"text": None, "script": None, "source": None, "version": 3}


def test_a_removed_register_form_keeps_the_row_it_was_read_from(
    database: Database, tmp_path: Path
) -> None:
    row = [1, "サトウ タロウ", "佐藤　太郎", 1920, "昭和21年2月13日", *[""] * 4, "Сато Таро", ""]
    path = register(tmp_path / "soviet_deaths_2024.xlsx", [row])
    apply_import(database, "tester", prepare_import(path))
    with database.reading() as session:
        person_id = session.exec(select(Person.id)).one()
    assert person_id is not None

    _remove(database, person_id, "Сато Таро", "the card of another Sato")

    with database.reading() as session:
        last = audit.history(session, "Person", person_id)[-1]
    removed = json.loads(last.before)["removed"]
    assert (removed["text"], removed["source"]) == ("Сато Таро", "russian-record")
    assert (removed["source_file"], removed["source_sheet"], removed["source_row"]) == (
        "soviet_deaths_2024.xlsx", "Sheet", 2
    )  # fmt: skip
    assert removed["import_batch_id"] is not None


@pytest.mark.parametrize(
    ("name", "reading", "forms", "removed", "said"),
    [
        ("", "", ("Ямамото",), "Ямамото", "Ямамото is the only form of this person's name"),
        ("髙橋　正", "", (), "髙橋　正", "髙橋　正 is this person's name as recorded"),
        ("髙橋　正", "タカハシ", (), "タカハシ", "タカハシ is this person's reading as recorded"),
    ],
    ids=["only-form", "the-name", "the-reading"],
)
def test_a_form_the_record_rests_on_is_refused_and_nothing_written(
    database: Database,
    make_person: MakePerson,
    name: str,
    reading: str,
    forms: tuple[str, ...],
    removed: str,
    said: str,
) -> None:
    others = (NameFormFields("Такахаси", "russian-record"),) if name else ()
    person_id = make_person(
        name=name, reading=reading,
        forms=[*(NameFormFields(text, "russian-record") for text in forms), *others],
    )  # fmt: skip
    before = _forms(database, person_id)

    with pytest.raises(Invalid) as caught:
        _remove(database, person_id, removed)

    assert caught.value.field == "form"
    assert str(caught.value.reason).startswith(said)
    assert _forms(database, person_id) == before


def test_the_name_written_by_another_form_too_leaves_with_the_form_in_error(
    database: Database, make_person: MakePerson
) -> None:
    person_id = make_person(name="髙橋　正", reading="タカハシ タダシ")
    _add(database, person_id, NameFormFields("髙橋　正", "register-kanji"), "the register")

    with database.session() as session:
        entered = _forms(database, person_id).index(("髙橋　正", "kanji", "entered"))
        form_id = [f.id for f in forms_of(session, person_id)][entered]
    with database.session() as session:
        remove_name_form(session, "tanaka", person_id, form_id or 0, "twice", expected_version=2)

    assert ("髙橋　正", "kanji", "register-kanji") in _forms(database, person_id)
    assert ("髙橋　正", "kanji", "entered") not in _forms(database, person_id)


def test_a_removal_based_on_a_stale_read_is_refused(
    database: Database, make_person: MakePerson
) -> None:
    person_id = make_person(name="髙橋　正", reading="タカハシ タダシ")
    _add(database, person_id, NameFormFields("Такахаси", "russian-record"))
    with database.session() as session:
        changes = {"remarks": "再調査"}
        update_person(session, "suzuki", person_id, changes, "call", expected_version=2)

    with pytest.raises(StaleEdit) as caught, database.session() as session:
        remove_name_form(
            session, "tanaka", person_id, _form_id(database, person_id, "Такахаси"), "mistyped",
            expected_version=2,  # read with the form added, before suzuki's change
        )  # fmt: skip

    assert caught.value.changed_by == "suzuki"
    assert ("Такахаси", "cyrillic", "russian-record") in _forms(database, person_id)


def test_removing_a_form_of_another_person_or_without_a_reason_is_refused(
    database: Database, make_person: MakePerson
) -> None:
    mine = make_person(name="髙橋　正", reading="タカハシ タダシ")
    theirs = make_person(name="佐藤　一郎", reading="サトウ イチロウ")
    for person_id, reason, field in ((mine, "mistyped", "form"), (theirs, " ", "reason")):
        with pytest.raises(Invalid) as caught, database.session() as session:
            remove_name_form(
                session, "tanaka", person_id, _form_id(database, theirs, "サトウ イチロウ"),
                reason, expected_version=None,
            )  # fmt: skip
        assert caught.value.field == field
    assert len(_forms(database, theirs)) == 2


def test_a_re_sent_register_adds_a_removed_form_again_and_says_so_when_it_goes(
    database: Database, tmp_path: Path
) -> None:
    row = [1, "サトウ タロウ", "佐藤　太郎", 1920, "昭和21年2月13日", *[""] * 4, "Сато Таро", ""]
    path = register(tmp_path / "soviet_deaths_2024.xlsx", [row])
    apply_import(database, "tester", prepare_import(path))
    with database.reading() as session:
        person_id = session.exec(select(Person.id)).one()
    assert person_id is not None
    _remove(database, person_id, "Сато Таро", "the card of another Sato")

    # Next year's register, holding the row again: the very file sent again is refused, since
    # it would undo the removal (tests/importers/test_import_cli.py).
    other = [2, "スズキ ジロウ", "鈴木　次郎", 1921, "昭和21年3月1日", *[""] * 4, "", ""]
    resent = register(tmp_path / "soviet_deaths_2025.xlsx", [row, other])
    again = apply_import(database, "tester", prepare_import(resent))

    assert ("Сато Таро", "cyrillic", "russian-record") in _forms(database, person_id)
    _remove(database, person_id, "Сато Таро", "still another Sato's card")
    with database.reading() as session:
        last = audit.history(session, "Person", person_id)[-1]
    removed = json.loads(last.before)["removed"]
    assert removed["added_because"] == f"import batch {again.batch_id} (soviet_deaths_2025.xlsx)"
