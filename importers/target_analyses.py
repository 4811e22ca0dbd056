"""Identification rows into Analyses of known specimens. An analysis is never edited: a row
that differs from every stored test of its specimen and kind (鑑定種別, compared in one form)
supersedes the latest of that kind tested on or before it (and is superseded by one tested
later); a test of another kind is recorded beside them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlmodel import col

from importers.apply import (
    SOURCE_COLUMNS,
    Context,
    Ids,
    kept_positions,
    source,
    table_of,
    with_kept,
    with_width_kept,
)
from importers.errors import RowRejected
from importers.normalise import Record
from records import audit
from records.analysis_kinds import kind_key
from records.analysis_order import chain_of, place_by_date
from records.bulk import Built, stored_value
from records.dates import UNDATED, PartialDate
from records.messages import Message
from records.models import Analysis, CustodyEvent, RemainsLot, Specimen
from records.services.analyses import contradiction, sole_person_named, supersede_older
from records.services.base import snapshot

LOT, SPECIMEN, CUSTODY, ANALYSIS = (
    table_of(m) for m in (RemainsLot, Specimen, CustodyEvent, Analysis)
)
ANALYSIS_COMPARED = ("kind", "affiliation", "match_result", "matched_name", "decided_on", "remarks")
ANALYSIS_DERIVED = {
    "kind": ("kind",),
    "affiliation": ("affiliation",),
    "match_result": ("match_result",),
    "matched_name": ("matched_name",),
    "decided": ("decided_on",),
    "remarks": ("remarks",),
}
ANALYSIS_COLUMNS = (
    "id", "specimen_id", *ANALYSIS_COMPARED, "kind_text", "matched_person_id", "decided_text",
    "decided_precision", "supersedes_id", "recorded_by", "recorded_at", *SOURCE_COLUMNS,
)  # fmt: skip
KIND = ANALYSIS_COMPARED.index("kind")
AFFILIATION, MATCH, MATCHED = (
    ANALYSIS_COMPARED.index(c) for c in ("affiliation", "match_result", "matched_name")
)
DECIDED_ON = ANALYSIS_COMPARED.index("decided_on")
# A specimen's tests of one kind, oldest first: (id, values in ANALYSIS_COMPARED order,
# (decided_text, decided_precision)).
Tests = list[tuple[int, tuple[Any, ...], tuple[str, str | None]]]


class AnalysisTarget:
    bulk = False

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.matched: dict[str, int | None] = {}
        if ctx.write:
            self.ids = Ids(ctx.conn, [ANALYSIS])
            self.recorded_at = stored_value(ctx.conn, ANALYSIS.c.recorded_at, audit.now_utc())
        self.history: dict[tuple[int, str], Tests] = {}  # (specimen, kind) → its tests
        self.loaded: set[int] = set()  # the specimens whose stored tests are in history
        self.withdrawn: dict[int, set[tuple[Any, ...]]] = {}  # specimen → its tests' values
        self._fake = 0

    def take(self, records: list[Record]) -> list[RowRejected]:
        # A new test carries what the file says nothing about from the test it supersedes;
        # the records are of one sheet, whose columns say what that is.
        self.kept = kept_positions(self.ctx, ANALYSIS_DERIVED, ANALYSIS_COMPARED)
        rejects: list[RowRejected] = []
        numbers = {r.fields["specimen"] for r in records if "specimen" in r.fields}
        specimen_ids = self._specimen_ids(numbers)
        self._load_history([i for i in specimen_ids.values() if i not in self.loaded])
        rows = []
        # (the test tested later, the older one this row adds), linked once the rows are in
        older_entered_later: list[tuple[int, int]] = []
        superseding: list[int] = []  # the rows that correct a stored test: each is audited
        for record in records:
            number = record.fields.get("specimen")
            specimen_id = specimen_ids.get(number) if number else None
            if specimen_id is None:
                rejects.append(
                    self.ctx.reject(
                        record,
                        "検体番号",
                        number,
                        Message("no lot has specimen {specimen}", specimen=number),
                    )
                )
                continue
            values = self._values(record)
            tests = self.history.setdefault((specimen_id, values["kind"]), [])
            compared = tuple(values[c] for c in ANALYSIS_COMPARED)
            if tests and self.kept:
                compared = with_kept(tests[-1][1], compared, self.kept)
            contradiction = _contradiction(compared)
            if contradiction is not None:
                rejects.append(self.ctx.reject(record, *contradiction))
                continue
            withdrawn = self.withdrawn.get(specimen_id, set())
            if (
                compared in withdrawn
                or any(t == compared for _, t, _decided in tests)
                or _said_at_another_width(compared, tests, withdrawn)
            ):
                self.ctx.counts.unchanged += 1
                continue
            new_id = self._next_id()
            if tests:
                self.ctx.counts.updated += 1
                superseding.append(new_id)
            else:
                self.ctx.counts.created += 1
            place = place_by_date([t[DECIDED_ON] for _, t, _d in tests], compared[DECIDED_ON])
            if place < len(tests):
                older_entered_later.append((tests[place][0], new_id))
            if tests and DECIDED_ON in self.kept:
                decided = tests[-1][2]  # the date carried over, as it was written
            else:
                decided = (values["decided_text"], values["decided_precision"])
            if self.ctx.write:
                rows.append(
                    (
                        new_id,
                        specimen_id,
                        *compared,
                        values["kind_text"],
                        self._person(compared[ANALYSIS_COMPARED.index("matched_name")]),
                        *decided,
                        tests[place - 1][0] if place else None,
                        self.ctx.actor,
                        self.recorded_at,
                        *source(self.ctx, record),
                    )
                )
            tests.insert(place, (new_id, compared, decided))
        if rows:
            from records.bulk import insert_rows

            insert_rows(self.ctx.conn, ANALYSIS, ANALYSIS_COLUMNS, rows)
            self._audit(superseding)
            ctx = self.ctx
            for later_id, older_id in older_entered_later:
                supersede_older(ctx.session, ctx.actor, later_id, older_id, ctx.reason)
        return rejects

    def _audit(self, superseding: list[int]) -> None:
        """Give each test that corrects a stored one the event record_analysis writes, naming
        the batch: the tests a file creates share the batch's one event, as persons and lots
        do, but a correction is traced on its own."""
        for analysis_id in superseding:
            analysis = self.ctx.session.get(Analysis, analysis_id)
            assert analysis is not None
            audit.record(
                self.ctx.session,
                self.ctx.actor,
                "analysis",
                "Analysis",
                analysis_id,
                after=snapshot(analysis),
                reason=self.ctx.reason,
            )

    def _next_id(self) -> int:
        if self.ctx.write:
            return self.ids.take(ANALYSIS)
        self._fake -= 1
        return self._fake

    def _values(self, record: Record) -> dict[str, Any]:
        f = record.fields
        decided: PartialDate = f.get("decided") or UNDATED
        return {
            "kind": kind_key(f.get("kind", "")),
            "kind_text": f.get("kind", ""),
            "affiliation": f.get("affiliation", "pending"),
            "match_result": f.get("match_result", ""),
            "matched_name": f.get("matched_name", ""),
            "decided_on": decided.value,
            "decided_text": decided.text,
            "decided_precision": str(decided.precision) if decided.precision else None,
            "remarks": f.get("remarks", ""),
        }

    def _person(self, name: str) -> int | None:
        if name not in self.matched:
            self.matched[name] = sole_person_named(self.ctx.session, name)
        return self.matched[name]

    def _specimen_ids(self, numbers: set[str]) -> dict[str, int]:
        if not numbers:
            return {}
        rows = self.ctx.session.execute(
            select(Specimen.number, Specimen.id).where(col(Specimen.number).in_(numbers))  # type: ignore[call-overload]
        )
        return {number: specimen_id for number, specimen_id in rows}

    def _load_history(self, specimen_ids: list[int]) -> None:
        if not specimen_ids:
            return
        self.loaded.update(specimen_ids)
        names = (*ANALYSIS_COMPARED, "decided_text", "decided_precision", "supersedes_id")
        columns = [col(getattr(Analysis, name)) for name in names]
        rows = self.ctx.session.execute(
            select(
                col(Analysis.id), col(Analysis.specimen_id), *columns, col(Analysis.withdrawn_at)
            )
            .where(col(Analysis.specimen_id).in_(specimen_ids))
            .order_by(col(Analysis.id))
        )
        links: dict[tuple[int, str], list[tuple[int, int | None]]] = {}
        stored: dict[int, tuple[tuple[Any, ...], tuple[str, str | None]]] = {}
        for analysis_id, specimen_id, *values, text, precision, supersedes, withdrawn in rows:
            if withdrawn is not None:
                # Out of its kind's chain, but a file's row saying the same is not taken
                # again: the registrar withdrew that test as recorded in error.
                self.withdrawn.setdefault(specimen_id, set()).add(tuple(values))
                continue
            links.setdefault((specimen_id, values[KIND]), []).append((analysis_id, supersedes))
            stored[analysis_id] = (tuple(values), (text, precision))
        for key, linked in links.items():
            self.history[key] = [(i, *stored[i]) for i in chain_of(linked)]

    def finish(self, built: Built | None) -> None:
        if self.ctx.write:
            self.ids.sync()


def _said_at_another_width(
    compared: tuple[Any, ...], tests: Tests, withdrawn: set[tuple[Any, ...]]
) -> bool:
    """Whether a stored test of the specimen, or one withdrawn, says what the row says but
    for the width of its texts (ＤＮＡ鑑定 for DNA鑑定): no new test, and the stored one stays
    as it was written."""
    said = [*(t for _, t, _decided in tests), *withdrawn]
    return any(with_width_kept(t, compared) == t for t in said)


# The column of a file that holds each field a contradiction names.
_CONTRADICTED = {"person": "照合先氏名", "affiliation": "所属集団判定"}
# A judgement a match contradicts, as a file writes it (profiles/analysis.toml).
_JUDGED = {"not_japanese": "日本人以外", "undeterminable": "判定不能", "pending": "未判定"}


def _contradiction(compared: tuple[Any, ...]) -> tuple[str, str | None, Message] | None:
    """The column, value and reason when a test's cells contradict each other."""
    name = compared[MATCHED]
    refused = contradiction(compared[MATCH], bool(name), compared[AFFILIATION])
    if refused is None:
        return None
    field, reason = refused
    value = (name or None) if field == "person" else _JUDGED.get(compared[AFFILIATION])
    return _CONTRADICTED[field], value, reason
