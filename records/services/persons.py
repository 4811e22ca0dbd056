"""Recording and correcting people and the forms of their names."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from records import audit
from records.dates import (
    UNDATED,
    DateUnreadable,
    PartialDate,
    dies_before_birth,
    parse_date,
    parse_year,
)
from records.errors import Invalid
from records.messages import Message
from records.models import AuditEvent, NameForm, Person
from records.names import ENTERED, REGISTER_FORM_SOURCES, already_had
from records.prefectures import not_a_home, prefecture_name, typed_home
from records.readings import kana_reading, not_a_reading
from records.scripts import Script, detect_script, written_in
from records.search_keys import given_key, search_key
from records.services.base import (
    apply_changes,
    check_version,
    get_for_update,
    require_reason,
    snapshot,
    transaction,
    year_as_written,
)

ENTITY = "Person"
# The sources a death register's columns give its name forms: a form of one of them that no
# audited call added was read with its person, from the person's row.
REGISTER_SOURCES = frozenset(source for _field, source in REGISTER_FORM_SOURCES)
EDITABLE = {
    "name",
    "reading",
    "birth_year",
    "birth_year_text",
    "death_date_text",
    "death_date",
    "death_precision",
    "death_place",
    "country",
    "region",
    "camp",
    "burial_site_id",
    "prefecture_code",
    "home",
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
    _check_reading(fields.reading)
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


def _check_named(person: Person, changes: dict[str, object]) -> None:
    """A person recorded as identified is known by name: the roll prints it and the family is
    told it. A name cleared while the record still says identified, or a nameless person marked
    identified, would leave a record that says who the dead is and names no one."""
    identified = changes.get("identified", person.identified)
    if not identified or str(changes.get("name", person.name)).strip():
        return
    if "name" in changes:
        raise Invalid(
            "name",
            Message(
                "a person recorded as identified keeps a name: to clear it, "
                "record the person as not identified too"
            ),
        )
    raise Invalid(
        "identified", Message("a person with no name cannot be identified: enter the name too")
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


def _born(changes: dict[str, object]) -> dict[str, object]:
    """A year of birth given as written (大正11年) is read here as the import reads it, so that
    the year stored is always the one its text says."""
    if "birth_year_text" not in changes:
        return changes
    try:
        born = parse_year(changes["birth_year_text"])
    except DateUnreadable as unreadable:
        raise Invalid("birth_year", unreadable.reason) from unreadable
    return changes | {"birth_year": born}


def _homed(changes: dict[str, object]) -> dict[str, object]:
    """出身地 given as typed (``home``) is read as the import reads a register's, and sets the
    prefecture's code with the text as written, so that the two never tell different places."""
    if "home" not in changes:
        return changes
    if "prefecture_code" in changes:
        raise Invalid("home", Message("give the home prefecture or the prefecture code, not both"))
    typed = str(changes["home"]).strip()
    home = typed_home(typed)
    if home is None:
        raise Invalid("home", not_a_home(typed))
    return changes | {"prefecture_code": home.code, "home": home.text}


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
            forms.append(NameFormFields(fields.name, ENTERED))
        if fields.reading and not any(f.text == fields.reading for f in forms):
            forms.append(NameFormFields(fields.reading, "reading"))
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
    date given as text (``death_date_text``) is read here, and kept as written beside it; so
    is a year of birth (``birth_year_text``), and 出身地 (``home``): its prefecture's code is
    set with it."""
    reason = require_reason(reason, Message("a person"))
    unknown = set(changes) - EDITABLE
    if unknown:
        raise Invalid(sorted(unknown)[0], Message("cannot be edited"))
    changes = _homed(_born(_dated(changes)))
    with transaction(session):
        person = get_for_update(session, Person, person_id)
        check_version(session, person, ENTITY, expected_version)
        _check_named(person, changes)
        if "reading" in changes:
            _check_reading(str(changes["reading"] or ""))
        changes = year_as_written(person, changes, "birth_year", "birth_year_text")
        born = changes.get("birth_year", person.birth_year)
        died = changes.get("death_date", person.death_date)
        _check_lifetime(born if isinstance(born, int) else None, str(died) if died else None)
        changed = apply_changes(session, actor, person, ENTITY, changes, reason)
        # The script told from the text, as the import tells it: a name corrected to its
        # romanised spelling (Sato Goro) is no kanji form.
        for column, source in (("name", ENTERED), ("reading", "reading")):
            text = str(changed[column][1]).strip() if column in changed else ""
            # A name changed back to one the person was known by is no new form.
            if text and already_had(_forms(session, person_id), text, source) is None:
                session.add(name_form(person_id, NameFormFields(text, source)))
        session.flush()
        return person


def _check_reading(reading: str) -> None:
    """A reading is the name in kana, which the roll's gojūon order and a person known only
    by it are read by: 1927 typed into it became the person's name on their page."""
    if reading.strip() and kana_reading(reading) is None:
        raise Invalid("reading", not_a_reading(reading))


def _forms(session: Session, person_id: int) -> list[tuple[str, str]]:
    """The person's name forms as (text, source)."""
    return [
        (text, source)
        for text, source in session.execute(
            select(NameForm.text, NameForm.source).where(col(NameForm.person_id) == person_id)
        )
    ]


def add_name_form(
    session: Session, actor: str, person_id: int, form: NameFormFields, reason: str
) -> NameForm:
    """Add one more way the person's name was written (a Cyrillic spelling from a Russian
    record, a kana reading, a variant kanji). Forms are never replaced: each is evidence.
    The person's version goes up, as for removing a form or any other change to the record:
    a registrar's edit opened before the form came must see it before saving over it."""
    _validate_form(form)
    reason = require_reason(reason, Message("a person"))
    with transaction(session):
        person = get_for_update(session, Person, person_id)
        source = already_had(_forms(session, person_id), form.text, form.source)
        if source is not None:
            raise Invalid(
                "text",
                Message(
                    "this person already has {text} from {source}", text=form.text, source=source
                ),
            )
        row = name_form(person_id, form)
        session.add(row)
        _form_changed(session, actor, "add_name_form", person, None, row, reason)
        return row


def _form_changed(
    session: Session,
    actor: str,
    action: str,
    person: Person,
    before: NameForm | None,
    after: NameForm | None,
    reason: str,
    **removed: Any,
) -> None:
    """A form added or removed changes the person's record: its version goes up, so that an
    edit opened before must see the change before saving over it, and the audit keeps the
    form (and, for a removal, the row as it was)."""
    person.version += 1
    session.add(person)
    session.flush()

    def said(form: NameForm | None) -> dict[str, Any]:
        return {
            "text": form.text if form else None,
            "script": form.script if form else None,
            "source": form.source if form else None,
        }

    audit.record(
        session,
        actor,
        action,
        ENTITY,
        person.id,
        before=said(before) | {"version": person.version - 1} | removed,
        after=said(after) | {"version": person.version},
        reason=reason,
    )


def remove_name_form(
    session: Session,
    actor: str,
    person_id: int,
    form_id: int,
    reason: str,
    *,
    expected_version: int | None,
) -> Person:
    """A form of a person's name recorded in error (a mistyped spelling, another person's
    name). The search no longer finds the person by it: its search keys go with its row. The
    audit event keeps the row as it was, where it was read from included. Refused for the
    person's only form, and for the form that is the name or reading as recorded, while no
    other form writes it: those are corrected on the record (e) first."""
    reason = require_reason(reason, Message("a person"))
    with transaction(session):
        person = get_for_update(session, Person, person_id)
        check_version(session, person, ENTITY, expected_version)
        forms = forms_of(session, person_id)
        form = next((f for f in forms if f.id == form_id), None)
        if form is None:
            raise Invalid("form", Message("this person has no name form {form}", form=form_id))
        if refused := kept_form(person, form, forms):
            raise Invalid("form", refused)
        removed = snapshot(form) | _where_read(session, person, form)
        session.delete(form)
        _form_changed(
            session, actor, "remove_name_form", person, form, None, reason, removed=removed
        )
        return person


def forms_of(session: Session, person_id: int) -> list[NameForm]:
    """A person's name forms in the order they were recorded."""
    return list(
        session.execute(
            select(NameForm).where(col(NameForm.person_id) == person_id).order_by(col(NameForm.id))
        ).scalars()
    )


def kept_form(person: Person, form: NameForm, forms: Sequence[NameForm]) -> Message | None:
    """Why ``form`` cannot be removed from ``person`` (whose forms are ``forms``), or None.
    The screens offer only the forms this allows."""
    if len(forms) == 1:
        return Message(
            "{text} is the only form of this person's name, and a person needs one", text=form.text
        )
    written_elsewhere = any(f.text == form.text for f in forms if f.id != form.id)
    if form.text == person.name and not written_elsewhere:
        return Message(
            "{text} is this person's name as recorded: correct the name first", text=form.text
        )
    if form.text == person.reading and not written_elsewhere:
        return Message(
            "{text} is this person's reading as recorded: correct the reading first",
            text=form.text,
        )
    return None


def _where_read(session: Session, person: Person, form: NameForm) -> dict[str, Any]:
    """Where a form came from, for the record of its removal: the audited call that added it
    (whose reason names an import's batch and file), else, for a form of a register's column,
    the register row its person was read from. Nothing for a form typed with the person."""
    added = [
        event
        for event in session.execute(
            select(AuditEvent)
            .where(
                col(AuditEvent.entity) == ENTITY,
                col(AuditEvent.entity_id) == person.id,
                col(AuditEvent.action) == "add_name_form",
            )
            .order_by(col(AuditEvent.id).desc())
        ).scalars()
        if _adds(event, form)
    ]
    if added:
        return {"added_by_event": added[0].id, "added_because": added[0].reason}
    if form.source in REGISTER_SOURCES and person.import_batch_id is not None:
        return snapshot(person, ("import_batch_id", "source_file", "source_sheet", "source_row"))
    return {}


def _adds(event: AuditEvent, form: NameForm) -> bool:
    after = json.loads(event.after) if event.after else {}
    return bool(after.get("text") == form.text and after.get("source") == form.source)


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
