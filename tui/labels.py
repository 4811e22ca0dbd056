"""Words the app shows for stored codes (a lot's status, a field's name), translated where
they are shown."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from records.dates import Precision
from records.demo import DEMO_FILE
from records.prefectures import named_with_code
from records.scripts import Script
from records.services.locations import KIND_WORDS as PLACE_KINDS
from records.status import LotStatus
from tui.i18n import N_, _, said

if TYPE_CHECKING:
    from records.search import PersonHit

S = LotStatus
STATUS: dict[str, str] = {
    S.RECOVERED: N_("recovered"),
    S.AFFILIATION_PENDING: N_("affiliation pending"),
    S.JAPANESE: N_("Japanese"),
    S.NOT_JAPANESE: N_("not Japanese"),
    S.UNDETERMINABLE: N_("undeterminable"),
    # Not "identified, handed to family": cut in the Remains list at 80 columns. Its own msgid,
    # not the custody event's "handed to family", as Japanese names the status 身元判明・….
    S.HANDED_TO_FAMILY: N_("handed to the family"),
    S.INTERRED: N_("interred"),
    S.HELD: N_("held"),
    S.REPATRIATED: N_("repatriated"),
    S.DISINTERRED: N_("disinterred"),
    S.REINTERRED: N_("reinterred"),
}

FIELDS: dict[str, str] = {
    "ceremony_id": N_("Ceremony"),  # a roll entry's: it and whom it names come first
    "register_no": N_("Register No."),
    "lot_number": N_("Lot number"),
    "lot_id": N_("Lot"),
    "person_id": N_("Identified as"),  # whom a lot was handed to the family as
    "name": N_("Name"),
    "reading": N_("Reading"),
    "bare_name": N_("Bare name"),
    "bare_reading": N_("Reading of the bare name"),
    "birth_year": N_("Year of birth"),
    "birth_year_text": N_("Year of birth (as written)"),
    "death_date_text": N_("Date of death"),
    "death_place": N_("Place of death"),
    "country": N_("Country"),
    "region": N_("Region"),
    "camp": N_("Camp"),
    "burial_site_id": N_("Burial site"),
    "prefecture_code": N_("Prefecture code"),
    "home": N_("Home prefecture (as written)"),
    "identified": N_("Identified"),
    "fiscal_year": N_("Fiscal year"),
    "fiscal_year_text": N_("Fiscal year (as written)"),
    "recovered_text": N_("Recovered"),
    "count": N_("Sets of remains"),
    "handed_over_by": N_("Handed over by"),
    "remarks": N_("Remarks"),
    "reason": N_("Reason"),
    "status": N_("Status"),
    "location": N_("Location"),
    "date": N_("Date"),
    "place": N_("Place"),  # a ceremony's, as written
    "location_id": N_("Location"),
    "version": N_("Version"),
    "text": N_("Name form"),
    "script": N_("Script"),
    "source": N_("Source"),
    "verdict": N_("Verdict"),
    "evidence": N_("Evidence"),
    "kind": N_("Kind"),
    "parent": N_("Lies in"),
    "parent_id": N_("Lies in"),
    "code": N_("Code"),
    "specimens": N_("Specimen numbers"),
    "specimen": N_("Specimen"),
    "specimen_id": N_("Specimen"),
    # An analysis's: the test as the laboratory wrote it, and what it found.
    "kind_text": N_("Test (as written)"),
    "affiliation": N_("Affiliation"),
    "match_result": N_("Match"),
    "matched_name": N_("Matched name"),
    "matched_person_id": N_("Person"),
    "forms": N_("Name forms"),
    # Each date as read from its text, shown only where the text is not beside it (a change
    # given as a date rather than as written).
    "death_date": N_("Date of death (as read)"),
    "death_precision": N_("Date of death known to"),
    "recovered_on": N_("Recovered (as read)"),
    "recovered_precision": N_("Recovery date known to"),
    "decided_text": N_("Decided on"),
    "happened_text": N_("Moved on"),
    # What a bulk add recorded: its criteria, and how many it added and skipped.
    "filter": N_("Criteria"),
    "site_code": N_("Burial site"),
    "identified_only": N_("Identified only"),
    "identified_since": N_("Identified since (DNA match)"),
    "died_from": N_("Died from"),
    "died_to": N_("Died to"),
    "window": N_("Lots interred at this ceremony"),
    "persons": N_("Persons added"),
    "lots": N_("Lots added"),
    "persons_added": N_("Number of persons added"),
    "lots_added": N_("Number of lots added"),
    "skipped": N_("Already on the roll"),
    # What a refusal is about when it is no field of a form: the record a command named, or
    # what `irei audit log` was asked for. Left unnamed, its code read in English in Japanese.
    "person": N_("Person"),
    "lot": N_("Lot"),
    "form": N_("Name form"),
    "recovered": N_("Recovered"),
    "analysis": N_("Analysis"),
    "event": N_("Event"),
    "entity": N_("Kind of record"),
    "since": N_("Changed since"),
}

# Fields an audit event records beside the field they restate in another form (the year read
# from the text as the register wrote it): the history shows the text, once.
RESTATES: dict[str, str] = {
    "death_date": "death_date_text",
    "death_precision": "death_date_text",
    "recovered_on": "recovered_text",
    "recovered_precision": "recovered_text",
    "fiscal_year": "fiscal_year_text",
    "birth_year": "birth_year_text",
    "decided_on": "decided_text",
    "decided_precision": "decided_text",
    "happened_on": "happened_text",
    # A removed place's removal names the place it lay in by its code as well as by its id.
    "parent_code": "parent_id",
}

# A record's bookkeeping, which a created record's event carries but no registrar sets.
BOOKKEEPING = frozenset(
    {"id", "version", "import_batch_id", "source_file", "source_sheet", "source_row"}
    # The analyses a decision cites, by id: its "evidence" names them by specimen and test
    # (a decision recorded before it had that field names them in its reason).
    | {"analysis_ids"}
    # The event a withdrawal withdrew: the custody tab shows it, marked withdrawn.
    | {"withdrawn_event"}
    # An analysis's: the event says who recorded it and when; the test it supersedes is the
    # latest of its kind on the specimen tested before it, which the lot's analyses list.
    | {"recorded_by", "recorded_at", "supersedes_id"}
    # A withdrawn analysis's mark: the event itself says who withdrew it, when and why.
    | {"withdrawn_at"}
)

SCRIPTS: dict[str, str] = {
    Script.KANJI: N_("Kanji"),
    Script.KANA: N_("Kana"),
    Script.CYRILLIC: N_("Cyrillic"),
    Script.LATIN: N_("Latin"),
}

# How far a date is known.
PRECISIONS: dict[str, str] = {
    Precision.DAY: N_("the day"),
    Precision.MONTH: N_("the month"),
    Precision.YEAR: N_("the year"),
    Precision.APPROXIMATE: N_("approximately"),
}

# Where a form of a name comes from, in the order a registrar adding one by hand meets them.
SOURCES: dict[str, str] = {
    "russian-record": N_("Russian record"),
    "register-kanji": N_("Death register (kanji)"),
    "register-kana": N_("Death register (kana)"),
    "reading": N_("Reading"),
    "entered": N_("Entered by a registrar"),
}

# An analysis's own affiliation result, which may still be pending.
AFFILIATIONS: dict[str, str] = {
    "japanese": N_("Japanese"),
    "not_japanese": N_("not Japanese"),
    "undeterminable": N_("undeterminable"),
    "pending": N_("pending"),
}

# What an analysis's comparison with the family's DNA found.
MATCHES: dict[str, str] = {
    "match": N_("match"),
    "in_progress": N_("comparison in progress"),
}

# What a custody event records: the remains recovered, moved by a change of status, or the
# affiliation committee's decision that allows them to be moved.
CUSTODY: dict[str, str] = {
    "recovered": N_("recovered"),
    "interred": N_("interred"),
    "disinterred": N_("disinterred"),
    "reinterred": N_("reinterred"),
    "handed_to_family": N_("handed to family"),
    "repatriated": N_("repatriated"),
    "decided_japanese": N_("decided: Japanese"),
    "decided_not_japanese": N_("decided: not Japanese"),
    "decided_undeterminable": N_("decided: undeterminable"),
}

# What an audit event records (AuditEvent.action), as the audit history tab names it.
ACTIONS: dict[str, str] = {
    "create": N_("created"),
    "update": N_("corrected"),
    "status": N_("status changed"),
    # Before it had its own action, a decision was recorded as "status": those events keep it.
    "decide_affiliation": N_("affiliation decided"),
    "withdraw_event": N_("event withdrawn"),
    "withdraw_analysis": N_("analysis withdrawn"),
    "link": N_("linked"),
    "register": N_("registered"),
    "analysis": N_("analysis recorded"),
    # A test stands over an older one entered after it: it now supersedes that one.
    "supersede": N_("supersedes an older test entered later"),
    "add_specimens": N_("specimens added"),
    "remove_specimen": N_("specimen removed"),
    "add_name_form": N_("name form added"),
    "remove_name_form": N_("name form removed"),
    "add": N_("added to the roll"),
    "remove": N_("removed from the roll"),
    "remove_place": N_("place removed"),
    "bulk_add": N_("added to the roll in bulk"),
    "import": N_("imported"),
    "demo": N_("demo data"),
}


def status_label(status: str) -> str:
    return _(STATUS.get(status, status))


def field_label(field: str) -> str:
    """The field as the app names it; a code it has no name for stays as it is, never taken
    for English to translate (an option's "entry" is not the column title 行ID)."""
    return _(FIELDS[field]) if field in FIELDS else field


def script_label(script: str) -> str:
    return _(SCRIPTS.get(script, script))


def source_label(source: str) -> str:
    return _(SOURCES.get(source, source))


def precision_label(precision: str) -> str:
    return _(PRECISIONS.get(precision, precision))


def affiliation_label(affiliation: str) -> str:
    return _(AFFILIATIONS.get(affiliation, affiliation))


def match_label(match: str) -> str:
    return _(MATCHES[match]) if match in MATCHES else match


def custody_label(kind: str) -> str:
    return _(CUSTODY.get(kind, kind))


# Stored file names that are words of the app's own, not a file's: "(demo generator)" read in
# English on a Japanese dashboard. A real file keeps its name, whatever it happens to spell.
FILES = {DEMO_FILE: N_("(demo generator)")}


def file_label(file_name: str) -> str:
    return _(FILES[file_name]) if file_name in FILES else file_name


def moment(stamp: str) -> str:
    """A stored ISO timestamp as staff read it: date and time to the second."""
    return stamp[:19].replace("T", " ")


def action_label(action: str) -> str:
    return _(ACTIONS.get(action, action))


# Fields in which a bulk add lists whom or what it put on the roll, by id; a demo database's
# event counts them under the same names.
IDS_LISTED = frozenset({"persons", "lots"})


def value_label(field: str, value: object, named: dict[tuple[str, int], str] | None = None) -> str:
    """A stored value as the registrar reads it: a status or a yes/no in their words, a place
    or a site by its name (``named``, by field and id: tui.audit_names) rather than its id."""
    if field in CODED and isinstance(value, str):
        return CODED[field](value)
    if named and field not in IDS_LISTED and isinstance(value, int) and (field, value) in named:
        return named[field, value]
    if isinstance(value, bool):
        return yes_or_no(value)
    if isinstance(value, list):  # the specimens an event added or removed, whom a bulk add added
        return ", ".join((named or {}).get((field, item), str(item)) for item in value)
    if isinstance(value, dict):  # the criteria of a bulk add: those it was given
        return ", ".join(f"{field_label(k)}={value_label(k, v)}" for k, v in value.items() if v)
    return "" if value is None else str(value)


def person_number(register_no: int | None, person_id: int | None) -> str:
    """How staff quote a person: a person of the death register by its 番号, others by the
    app's number."""
    if register_no is None:
        return _("No. {number}").format(number=person_id)
    return _("Reg. No. {number}").format(number=register_no)


def listed_number(register_no: int | None, person_id: int) -> str:
    """A person's number in a list's 番号 column: the 番号 bare, as the column's title says it,
    and a person outside the register by the app's number their heading shows ("No. 14"), so
    that no row is left without a number to tell it apart and quote it by."""
    return person_number(None, person_id) if register_no is None else str(register_no)


def ceremony_kind_label(kind: str) -> str:
    return {"interment": _("Interment ceremony"), "memorial": _("Memorial service")}.get(kind, kind)


def recorded_kind_label(kind: str) -> str:
    """The kind of a ceremony or of a place (their codes differ), else as written."""
    if kind in PLACE_KINDS:
        return said(PLACE_KINDS[kind])
    return ceremony_kind_label(kind)


def interred_window_label(window: str) -> str:
    """When a bulk add of the lots interred at a ceremony counted them as interred there."""
    words = {"day": N_("On the ceremony date"), "fiscal_year": N_("In its fiscal year")}
    return _(words[window]) if window in words else window


def person_named(name: str, register_no: int | None, person_id: int | None) -> str:
    """A person quoted by name and number: "佐藤 太郎 (Reg. No. 12)"."""
    return _("{name} ({number})").format(name=name, number=person_number(register_no, person_id))


def person_told_apart(hit: PersonHit) -> str:
    """A person offered to choose from, with what tells namesakes apart: where they came from,
    when they died and where they were buried ("長谷川 清 (No. 419): 三重県, 1940-08, …")."""
    named = person_named(hit.name, hit.register_no, hit.id)
    known = [hit.prefecture, hit.death_date or "", hit.site or hit.region or hit.country]
    details = _(", ").join(detail for detail in known if detail)
    return _("{person}: {details}").format(person=named, details=details) if details else named


def yes_or_no(value: bool) -> str:
    return _("yes") if value else _("no")


# Fields whose stored value is a code, and the words each code is shown in.
CODED: dict[str, Callable[[str], str]] = {
    "status": status_label,
    "script": script_label,
    "source": source_label,
    "death_precision": precision_label,
    "recovered_precision": precision_label,
    # A ceremony's kind or a place's; an analysis's (DNA(STR), 安定同位体) is as the laboratory
    # wrote it.
    "kind": recorded_kind_label,
    "affiliation": affiliation_label,
    "match_result": match_label,
    "window": interred_window_label,
    # By name with its code (東京都 (13)): a correction of 出身地 reads as places, not figures.
    "prefecture_code": named_with_code,
}


def changed_fields(before: dict[str, object], after: dict[str, object]) -> list[str]:
    """The fields an audit event changed that a registrar reads, in the order the app's forms
    list them: neither bookkeeping nor a restatement of a field shown beside it. A removal has
    nothing after it: its fields are those the record had, so that it says what it removed as
    a creation says what it created."""
    held = after or before
    shown = [
        name
        for name in held
        if name not in BOOKKEEPING
        and _blank(before.get(name)) != _blank(after.get(name))
        and RESTATES.get(name) not in held
    ]
    order = list(FIELDS)
    return sorted(shown, key=lambda name: order.index(name) if name in order else len(order))


def _blank(value: object) -> object:
    """A value as shown: a created record's empty text changes nothing from before it."""
    return None if value == "" else value


# The reasons the app writes itself (an import's, the demo database's), each as the pattern it
# is stored in and its msgid. The stored text never changes, as the chain's hashes cover it:
# it is translated only as it is shown.
_APP_REASONS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"import batch (?P<n>\d+) \((?P<file>.*)\)"), N_("import batch {n} ({file})")),
    (re.compile(r"import \((?P<file>.*)\)"), N_("import ({file})")),
    (re.compile(r"demo database of (?P<size>\d+) persons"), N_("demo database of {size} persons")),
]
# The demo database's custody events, so that a demonstration reads in the registrar's language.
_APP_WORDS = frozenset(
    (
        N_("decision of the affiliation committee"),
        N_("ministry recovery mission"),
        N_("spring interment ceremony"),
        N_("vault renovation"),
        N_("vault renovation completed"),
    )
)


def reason_said(reason: str) -> str:
    """A reason as the registrar reads it: one the app wrote itself in their language, one a
    person typed exactly as they typed it."""
    if reason in _APP_WORDS:
        return _(reason)
    for pattern, msgid in _APP_REASONS:
        if found := pattern.fullmatch(reason):
            return _(msgid).format(**found.groupdict())
    return reason
