"""Recording and correcting people and the forms of their names."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from records import audit
from records.dates import DateUnreadable, PartialDate, dies_before_birth, parse_date
from records.errors import Invalid
from records.messages import Message
from records.models import NameForm, Person
from records.names import Script, detect_script, given_key, search_key, written_in
from records.prefectures import prefecture_name
from records.services.base import (
    UNDATED,
    apply_changes,
    check_version,
    get_for_update,
    require_reason,
    snapshot,
    transaction,
)

ENTITY = "Person"
EDITABLE = {
    "name",
    "reading",
    "birth_year",
    "death_date_text",
    "death_date",
    "death_precision",
    "death_place",
    "country",
    "region",
    "camp",
    "burial_site_id",
    "prefecture_code",
    "identified",
    "remarks",
}


@dataclass(frozen=True)
class NameFormFields:
    text: str
    source: str
    script: str | None = None  # detected from the text when not given


@dataclass(frozen=True)
class PersonFields:
    name: str = ""
    reading: str = ""
    register_no: int | None = None
    birth_year: int | None = None
    birth_year_text: str = ""
    death: PartialDate = UNDATED
    death_place: str = ""
    country: str = ""
    region: str = ""
    camp: str = ""
    burial_site_id: int | None = None
    prefecture_code: str = ""
    remarks: str = ""
    forms: Sequence[NameFormFields] = field(default_factory=tuple)


def name_form(person_id: int, form: NameFormFields) -> NameForm:
    script = form.script or detect_script(form.text)
    return NameForm(
        person_id=person_id,
        text=form.text,
        script=str(script),
        source=form.source,
        key=search_key(form.text),
        given_key=given_key(form.text),
    )


def _validate(fields: PersonFields) -> None:
    if not (fields.name.strip() or fields.reading.strip() or fields.forms):
        raise Invalid("name", Message("a person needs at least one form of the name"))
    _check_lifetime(fields.birth_year, fields.death.value)
    if fields.prefecture_code:
        try:
            prefecture_name(fields.prefecture_code)
        except (KeyError, ValueError) as exc:
            raise Invalid(
                "prefecture_code", Message("no prefecture {code}", code=fields.prefecture_code)
            ) from exc


def _check_lifetime(birth_year: int | None, death_date: str | None) -> None:
    """A death recorded before the year of birth is a typing error in one of the two."""
    if dies_before_birth(birth_year, death_date):
        raise Invalid(
            "death_date_text",
            Message(
                "the death ({death}) is before the year of birth ({born})",
                death=death_date,
                born=birth_year,
            ),
        )


def _dated(changes: dict[str, object]) -> dict[str, object]:
    """A death date given as text is kept as written and, beside it, as far as it can be
    read (ISO and precision), unless the caller gave those too."""
    if "death_date_text" not in changes or "death_date" in changes:
        return changes
    try:
        death = parse_date(changes["death_date_text"])
    except DateUnreadable as unreadable:
        raise Invalid("death_date_text", unreadable.reason) from unreadable
    precision = str(death.precision) if death.precision else None
    return changes | {"death_date": death.value, "death_precision": precision}


def _kept_as_written(changes: dict[str, object]) -> dict[str, object]:
    """A corrected year of birth is written as corrected: the text kept beside the year (as
    the register wrote it, 大正10年) is what the record shows, so left as it was it would go
    on showing the year the correction replaced."""
    if "birth_year" not in changes or "birth_year_text" in changes:
        return changes
    year = changes["birth_year"]
    return changes | {"birth_year_text": "" if year is None else str(year)}


def create_person(session: Session, actor: str, fields: PersonFields, reason: str) -> Person:
    _validate(fields)
    with transaction(session):
        person = Person(
            register_no=fields.register_no,
            name=fields.name,
            reading=fields.reading,
            birth_year=fields.birth_year,
            birth_year_text=fields.birth_year_text,
            death_date_text=fields.death.text,
            death_date=fields.death.value,
            death_precision=fields.death.precision,
            death_place=fields.death_place,
            country=fields.country,
            region=fields.region,
            camp=fields.camp,
            burial_site_id=fields.burial_site_id,
            prefecture_code=fields.prefecture_code,
            identified=bool(fields.name.strip()),
            remarks=fields.remarks,
        )
        session.add(person)
        session.flush()
        assert person.id is not None
        forms = list(fields.forms)
        if fields.name and not any(f.text == fields.name for f in forms):
            forms.append(NameFormFields(fields.name, "entered", Script.KANJI))
        if fields.reading and not any(f.text == fields.reading for f in forms):
            forms.append(NameFormFields(fields.reading, "reading", Script.KANA))
        for form in forms:
            session.add(name_form(person.id, form))
        session.flush()
        audit.record(
            session,
            actor,
            "create",
            ENTITY,
            person.id,
            after=snapshot(person) | {"forms": [f.text for f in forms]},
            reason=reason,
        )
        return person


def update_person(
    session: Session,
    actor: str,
    person_id: int,
    changes: dict[str, object],
    reason: str,
    *,
    expected_version: int | None,
) -> Person:
    """Correct a person's record. A new name or reading is added as a name form; the forms
    received earlier stay, because they are evidence of how the name was written. A death
    date given as text (``death_date_text``) is read here, and kept as written beside it."""
    reason = require_reason(reason, Message("a person"))
    unknown = set(changes) - EDITABLE
    if unknown:
        raise Invalid(sorted(unknown)[0], Message("cannot be edited"))
    changes = _kept_as_written(_dated(changes))
    with transaction(session):
        person = get_for_update(session, Person, person_id)
        check_version(session, person, ENTITY, expected_version)
        born = changes.get("birth_year", person.birth_year)
        died = changes.get("death_date", person.death_date)
        _check_lifetime(born if isinstance(born, int) else None, str(died) if died else None)
        changed = apply_changes(session, actor, person, ENTITY, changes, reason)
        for column, source, script in (
            ("name", "entered", Script.KANJI),
            ("reading", "reading", Script.KANA),
        ):
            if column in changed and str(changed[column][1]).strip():
                session.add(
                    name_form(person_id, NameFormFields(str(changed[column][1]), source, script))
                )
        session.flush()
        return person


def add_name_form(
    session: Session, actor: str, person_id: int, form: NameFormFields, reason: str
) -> NameForm:
    """Add one more way the person's name was written (a Cyrillic spelling from a Russian
    record, a kana reading, a variant kanji). Forms are never replaced: each is evidence."""
    _validate_form(form)
    reason = require_reason(reason, Message("a person"))
    with transaction(session):
        get_for_update(session, Person, person_id)
        if session.execute(
            select(NameForm.id).where(
                col(NameForm.person_id) == person_id,
                col(NameForm.text) == form.text,
                col(NameForm.source) == form.source,
            )
        ).first():
            raise Invalid(
                "text",
                Message(
                    "this person already has {text} from {source}",
                    text=form.text,
                    source=form.source,
                ),
            )
        row = name_form(person_id, form)
        session.add(row)
        session.flush()
        audit.record(
            session,
            actor,
            "add_name_form",
            ENTITY,
            person_id,
            after={"text": row.text, "script": row.script, "source": row.source},
            reason=reason,
        )
        return row


def _validate_form(form: NameFormFields) -> None:
    if not form.text.strip():
        raise Invalid("text", Message("the name form is empty"))
    if not form.source.strip():
        raise Invalid("source", Message("say which source wrote the name this way"))
    if form.script is None:
        return  # detected from the text; imports pass what the register holds
    if form.script not in set(Script):
        raise Invalid("script", Message("unknown script {script!r}", script=form.script))
    if not written_in(form.text, form.script):
        raise Invalid(
            "script", Message("the name form has no {script} letters", script=form.script)
        )
