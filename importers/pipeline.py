"""The import pipeline: read → find the header row → map columns by a profile → normalise →
validate → compare with the database → apply in one transaction → report.

The API the CLI and the TUI call (nothing here knows a profile by name):

- ``detect_profile(path) -> Profile``: the profile whose headers the file carries.
- ``preview(path, rows=10, profile=None, sheets=()) -> Preview``: the layouts found and the
  first data rows of each sheet as read, each cell that cannot be read as written.
- ``plan_import(database, path, profile=None, progress=None, ceremony_id=None, sheets=())
  -> ImportPlan``: the dry run; reads, normalises, validates and compares every row, writes
  nothing at all.
- ``dry_run(database, actor, accept_valid=False) -> DryRun``: the dry run of several files in
  a row, each seeing what the files before it would write; ``DryRun.check`` for each file,
  as plan_import, with a ``stage`` too. Nothing is kept.
- ``prepare_import(path, profile=None, ceremony_id=None, sheets=()) -> ImportPlan``: the
  layouts only, for a direct import.
- ``apply_import(database, actor, plan, accept_valid=False, progress=None, cancel=None,
  stage=None) -> ImportReport``: the import, in one transaction; with rejected rows and no
  ``accept_valid`` nothing is written. ``cancel`` (a threading.Event) is checked between
  batches of rows, between the indexes built again after them and just before the commit;
  setting it rolls everything back and raises ImportCancelled. ``alone``: nothing else uses
  the database while the import runs (the command line; the app's screens read meanwhile),
  so a big file may write as Database.bulk_session does.

``sheets`` names the sheets to import, all in the one transaction of the file; without it,
the one visible sheet whose headers a profile fits is imported, and a workbook with several
such sheets is refused (SheetsToChoose, naming them).

``progress(rows_done, rows_total_or_None)`` is called after each batch. ``stage(message)``
says each step an import takes after its rows, which at a million rows last seconds with
every row done: each index a bulk load set aside, built again ("Building search indexes:
3/9"), then the commit (SAVING, "Saving…"), which nothing can cancel any more: a caller
stopped after it must say the file was imported. A dry run commits nothing, but a file
other files follow in it is written for them to see, its indexes built again as its import
would build them (DryRun.check). Whole-file problems raise ImportRefused; row problems are
collected as RowRejected in the plan and the report.

A big file is read in a second process (importers.reading), started fresh ("spawn"): a
script calling this API must guard its top level with ``if __name__ == "__main__":``, as
multiprocessing requires.
"""

from __future__ import annotations

import gc
import hashlib
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, closing, contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, Protocol

from sqlmodel import Session

from importers.apply import Context, Counts
from importers.cells import as_written
from importers.errors import ImportRefused, RowRejected
from importers.headers import Found, Layout
from importers.normalise import Record, RowReader, is_totals_or_note_row
from importers.profiles import Profile, all_profiles, get_profile
from importers.reading import (
    RejectedRow,
    RowSource,
    add_rejected,
    cells_read_again,
    find_rows,
    is_big,
    open_rows,
)
from records import audit
from records.bulk import Built, widened_cache
from records.database import Database
from records.messages import Message
from records.models import ImportBatch

Progress = Callable[[int, int | None], None]
Stage = Callable[[Message], None]


class ImportCancelled(Exception):
    """The user stopped the import; nothing was written."""


class Target(Protocol):
    # True when the target loads empty tables in bulk (indexes, and SQLite's triggers, set
    # aside and put back at the end: records.bulk.suspend_upkeep).
    bulk: bool

    # rows: as the target's shaper made them (importers.reading), whole Records by default
    def take(self, rows: list[Any]) -> list[RowRejected]: ...
    # built: told how many of the indexes set aside are built again, after each one
    def finish(self, built: Built | None) -> None: ...


@dataclass
class ImportPlan:
    path: Path
    profile: Profile
    layouts: list[Layout]  # one a sheet to import, in the order imported
    sha256: str
    ceremony_id: int | None = None
    counts: Counts | None = None  # None until compared (prepare_import)
    rejects: list[RejectedRow] = field(default_factory=list)
    # The opened file, rows still unread, so the first pass does not open it again
    # (calamine loads a whole sheet on opening: at a million rows, seconds).
    opened: RowSource | None = field(default=None, repr=False, compare=False)

    @property
    def sheets(self) -> list[str]:
        return [layout.sheet for layout in self.layouts]


@dataclass
class ImportReport:
    file: str
    profile: str
    counts: Counts
    rejects: list[RejectedRow]
    written: bool
    batch_id: int | None
    sheets: list[str]

    @property
    def errors(self) -> list[RowRejected]:
        return [e for r in self.rejects for e in r.errors]


@dataclass
class Preview:
    layouts: list[Layout]
    # The first rows of each sheet: sheet, row, fields read, problems, and the cells that
    # could not be read, by their column's header, as the file writes them (importers.cells
    # .as_written): a field refused is missing from the fields, its cell is not.
    rows: list[tuple[str, int, dict[str, Any], list[Message], dict[str, str]]]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _profiles(profile: Profile | str | None) -> tuple[list[Profile], bool]:
    """The profiles to try, and whether the caller forced one."""
    if isinstance(profile, str):
        profile = get_profile(profile)
    return ([profile], True) if profile is not None else (all_profiles(), False)


def _open(
    path: Path, profile: Profile | str | None, sheets: Sequence[str]
) -> tuple[list[Found], int | None]:
    return find_rows(path, *_profiles(profile), list(sheets))


def detect_profile(path: str | Path) -> Profile:
    found, _ = _open(Path(path), None, ())
    for sheet in found:
        sheet.rows.close()  # type: ignore[attr-defined]
    return found[0].layout.profile


def preview(
    path: str | Path,
    rows: int = 10,
    profile: Profile | str | None = None,
    sheets: Sequence[str] = (),
) -> Preview:
    found, _ = _open(Path(path), profile, sheets)
    shown = []
    for sheet in found:
        reader = RowReader.for_layout(sheet.layout)
        # The rows the import reads: a totals row or a footnote is no record (importers.reading).
        read = ((n, cells) for n, cells in sheet.rows if not is_totals_or_note_row(cells))
        for number, cells in islice(read, rows):
            fields, errors = reader.read(cells)
            problems = [
                Message("{column}: {reason}", column=e.column, reason=e.reason) for e in errors
            ]
            refused = {e.column: as_written(e.value) for e in errors}
            shown.append((sheet.layout.sheet, number, fields, problems, refused))
    return Preview([sheet.layout for sheet in found], shown)


def prepare_import(
    path: str | Path,
    profile: Profile | str | None = None,
    ceremony_id: int | None = None,
    sheets: Sequence[str] = (),
) -> ImportPlan:
    path = Path(path)
    source = open_rows(path, *_profiles(profile), list(sheets))
    try:
        layouts = source.layouts
        _refuse_a_ceremony_for_no_roll(path, layouts[0].profile, ceremony_id)
        plan = ImportPlan(path, layouts[0].profile, layouts, file_sha256(path), ceremony_id)
    except BaseException:
        source.close()
        raise
    plan.opened = source
    return plan


def _refuse_a_ceremony_for_no_roll(path: Path, profile: Profile, ceremony_id: int | None) -> None:
    """A ceremony says which roll a roll file fills. Given with any other file, it would be
    left unused without a word: most likely the wrong file was named, so none is imported."""
    if ceremony_id is not None and profile.target != "roll_entry":
        raise ImportRefused(
            path,
            Message(
                "--ceremony is only for a ceremony roll; this file is {title} (profile {profile})",
                title=profile.title,
                profile=profile.name,
            ),
        )


def plan_import(
    database: Database,
    path: str | Path,
    profile: Profile | str | None = None,
    progress: Progress | None = None,
    ceremony_id: int | None = None,
    sheets: Sequence[str] = (),
) -> ImportPlan:
    plan = prepare_import(path, profile, ceremony_id, sheets)
    with database.reading() as session:
        counts, rejects, _ = _run(session, plan, None, progress, None)
    plan.counts, plan.rejects = counts, rejects
    return plan


# The last step of an import: the commit, which nothing stops once it has begun.
SAVING = Message("Saving…")


def apply_import(
    database: Database,
    actor: str,
    plan: ImportPlan,
    accept_valid: bool = False,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    stage: Stage | None = None,
    alone: bool = False,
) -> ImportReport:
    if file_sha256(plan.path) != plan.sha256:
        if plan.opened is not None:
            plan.opened.close()
        raise ImportRefused(
            plan.path, Message("the file changed since it was checked; check it again")
        )
    with database.bulk_session() if alone and is_big(plan.path) else database.session() as session:
        with session.begin():
            batch = _open_batch(session, actor, plan)
            counts, rejects, _ = _run(session, plan, batch, progress, cancel, stage)
            name, profile = plan.path.name, plan.profile.name
            if rejects and not accept_valid:
                session.rollback()
                return ImportReport(name, profile, counts, rejects, False, None, plan.sheets)
            _close_batch(session, actor, batch, counts, plan.sheets)
            # Pressed after the last row or index, the cancel still comes before the commit.
            _stop_if_cancelled(plan, cancel)
            if stage is not None:
                stage(SAVING)
        return ImportReport(name, profile, counts, rejects, True, batch.id, plan.sheets)


def _open_batch(session: Session, actor: str, plan: ImportPlan) -> ImportBatch:
    batch = ImportBatch(
        file_name=plan.path.name,
        file_sha256=plan.sha256,
        profile=plan.profile.name,
        actor=actor,
        started_at=audit.now_utc(),
    )
    session.add(batch)
    session.flush()
    return batch


def _close_batch(
    session: Session, actor: str, batch: ImportBatch, counts: Counts, sheets: list[str]
) -> None:
    batch.finished_at = audit.now_utc()
    batch.created, batch.updated = counts.created, counts.updated
    batch.unchanged, batch.rejected = counts.unchanged, counts.rejected
    session.add(batch)
    session.flush()
    # Bulk-created rows share this one event; each update has its own, naming the batch.
    audit.record(
        session,
        actor,
        "import",
        "ImportBatch",
        batch.id,
        after={
            "file": batch.file_name,
            "sha256": batch.file_sha256,
            "profile": batch.profile,
            "sheets": sheets,
            "created": counts.created,
            "updated": counts.updated,
            "unchanged": counts.unchanged,
            "rejected": counts.rejected,
        },
        reason=f"import batch {batch.id} ({batch.file_name})",
    )


class DryRun:
    """The dry run of files to be imported one after another: each is checked against the
    database as the files before it would leave it (analyses find the lots a recovery file
    before them creates). What a file followed by others would write is written, in one
    transaction rolled back at the end; each file in a savepoint, undone as its import would
    be (refused, or with rejected rows and no accept_valid). A file no other follows is only
    compared; checked alone, it reads the database as plan_import does, without the lock."""

    def __init__(self, database: Database, actor: str, accept_valid: bool = False) -> None:
        self.database = database
        self.actor = actor
        self.accept_valid = accept_valid
        self._session: Session | None = None  # the transaction, once a file is written

    def check(
        self,
        path: str | Path,
        profile: Profile | str | None = None,
        progress: Progress | None = None,
        ceremony_id: int | None = None,
        sheets: Sequence[str] = (),
        *,
        others_follow: bool = False,
        stage: Stage | None = None,
    ) -> ImportPlan:
        """As plan_import; ``others_follow``: files checked after this one must see it.
        Written for them into empty tables, it is loaded in bulk and its indexes are built
        again for their look-ups, seconds at a million rows: ``stage`` hears each, as an
        import's does."""
        if self._session is None and not others_follow:
            return plan_import(self.database, path, profile, progress, ceremony_id, sheets)
        plan = prepare_import(path, profile, ceremony_id, sheets)
        if self._session is None:
            self._session = self.database.session()
            self._session.begin()
        if not others_follow:
            plan.counts, plan.rejects, _ = _run(self._session, plan, None, progress, None)
            return plan
        with self._session.begin_nested() as savepoint:
            batch = _open_batch(self._session, self.actor, plan)
            plan.counts, plan.rejects, _ = _run(self._session, plan, batch, progress, None, stage)
            if plan.rejects and not self.accept_valid:
                savepoint.rollback()
        return plan

    def close(self) -> None:
        """Roll back everything the files checked wrote."""
        if self._session is not None:
            self._session.rollback()
            self._session.close()
            self._session = None


@contextmanager
def dry_run(database: Database, actor: str, accept_valid: bool = False) -> Iterator[DryRun]:
    checking = DryRun(database, actor, accept_valid)
    try:
        yield checking
    finally:
        checking.close()


def _target(ctx: Context, profile: Profile) -> Target:
    from importers.target_lots import AnalysisTarget, LotTarget
    from importers.target_persons import PersonTarget
    from importers.target_roll import RollTarget

    kinds: dict[str, Callable[[Context], Target]] = {
        "person": PersonTarget,
        "lot": LotTarget,
        "analysis": AnalysisTarget,
        "roll_entry": RollTarget,
    }
    return kinds[profile.target](ctx)


def _run(
    session: Session,
    plan: ImportPlan,
    batch: ImportBatch | None,
    progress: Progress | None,
    cancel: threading.Event | None,
    stage: Stage | None = None,
) -> tuple[Counts, list[RejectedRow], int]:
    source = plan.opened or open_rows(plan.path, *_profiles(plan.profile), plan.sheets)
    plan.opened = None
    with closing(source):
        return _run_rows(session, plan, source, batch, progress, cancel, stage)


def _run_rows(
    session: Session,
    plan: ImportPlan,
    source: RowSource,
    batch: ImportBatch | None,
    progress: Progress | None,
    cancel: threading.Event | None,
    stage: Stage | None,
) -> tuple[Counts, list[RejectedRow], int]:
    first = source.layouts[0]
    ctx = Context(
        session=session,
        actor=batch.actor if batch else "",
        file=plan.path.name,
        sheet=first.sheet,
        write=batch is not None,
        batch_id=batch.id if batch else None,
        ceremony_id=plan.ceremony_id,
        columns=first.fields,
        headers=first.headers,
    )
    ctx.load_sites()
    target = _target(ctx, plan.profile)
    rejected: dict[tuple[str, int], RejectedRow] = {}
    with ExitStack() as stack:
        stack.enter_context(_collector_paused())
        if ctx.write and target.bulk:
            # A bulk load of a million rows overflows SQLite's default 2 MB page cache many
            # times over: pages spill to the WAL and are read back, and the inserts grow
            # slower the bigger the file (measured: 5× the time per row). The index builds
            # at the end are faster with the default cache (records.bulk.resume_upkeep).
            stack.enter_context(widened_cache(ctx.conn))
        done = _read(plan, source, ctx, target, rejected, progress, cancel)
        target.finish(_indexes_built(plan, stage, cancel))
    ctx.counts.rejected = len(rejected)
    order = {layout.sheet: index for index, layout in enumerate(source.layouts)}
    return ctx.counts, sorted(rejected.values(), key=lambda r: (order[r.sheet], r.row)), done


def _indexes_built(
    plan: ImportPlan, stage: Stage | None, cancel: threading.Event | None
) -> Built | None:
    """After each index a bulk load set aside is built again: the cancel heard (at a million
    rows the indexes take seconds apiece, the rows all read), then the step said."""
    if stage is None and cancel is None:
        return None

    def built(done: int, total: int) -> None:
        _stop_if_cancelled(plan, cancel)
        if stage is not None:
            stage(Message("Building search indexes: {done}/{total}", done=done, total=total))

    return built


def _stop_if_cancelled(plan: ImportPlan, cancel: threading.Event | None) -> None:
    """Raised inside the import's transaction, ImportCancelled rolls back all of it: the rows,
    and the indexes and triggers a bulk load dropped (DDL, in the same transaction)."""
    if cancel is not None and cancel.is_set():
        raise ImportCancelled(f"{plan.path.name}: import cancelled, nothing was written")


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while rows stream through. Each chunk's
    records live long enough to be promoted to the old generation, so full collections run
    again and again over a heap that keeps growing: measured at a million rows, 11 s of a
    58 s import. The rows make no reference cycles, so there is nothing for it to find."""
    if not gc.isenabled():  # paused already (another import, or the caller's choice)
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _read(
    plan: ImportPlan,
    source: RowSource,
    ctx: Context,
    target: Target,
    rejected: dict[tuple[str, int], RejectedRow],
    progress: Progress | None,
    cancel: threading.Event | None,
) -> int:
    """Hand every chunk's readable rows to the target, collecting the rejected ones; returns
    how many rows were read."""
    done = 0
    layouts = {layout.sheet: layout for layout in source.layouts}
    without_cells: list[RowRejected] = []  # refused among rows shaped without their cells
    for chunk in source.chunks():
        _stop_if_cancelled(plan, cancel)
        if chunk.sheet != ctx.sheet:
            # The next sheet: its rows' source, and the columns it has (it may lack some).
            layout = layouts[chunk.sheet]
            ctx.sheet, ctx.columns, ctx.headers = chunk.sheet, layout.fields, layout.headers
        rejected.update(((r.sheet, r.row), r) for r in chunk.rejected)
        problems = target.take(chunk.rows)
        if problems and isinstance(chunk.rows[0], Record):
            add_rejected(rejected, problems, {r.row: r.cells for r in chunk.rows})
        else:
            without_cells.extend(problems)
        done += chunk.read
        if progress is not None:
            progress(done, source.total)
    if without_cells:
        rows: dict[str, set[int]] = {}
        for problem in without_cells:
            rows.setdefault(problem.sheet, set()).add(problem.row)
        separator = source.layouts[0].separator
        for sheet, cells in cells_read_again(plan.path, rows, separator).items():
            add_rejected(rejected, [p for p in without_cells if p.sheet == sheet], cells)
    if progress is not None and source.total != done:
        progress(done, done)  # the total counted blank rows too: the bar ends full
    return done
