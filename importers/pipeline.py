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
multiprocessing requires. Its rows reach the target that writes or compares them through
importers.running.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from importers.apply import Counts
from importers.cells import as_written
from importers.errors import ImportRefused, RowRejected
from importers.headers import Found, Layout
from importers.normalise import RowReader, is_totals_or_note_row
from importers.profiles import Profile, all_profiles, get_profile
from importers.reading import (
    RejectedRow,
    RowSource,
    find_rows,
    is_big,
    open_rows,
)
from importers.running import ImportCancelled, Progress, Stage, run_rows, stop_if_cancelled
from records import audit
from records.database import Database
from records.messages import Message
from records.models import ImportBatch

__all__ = [
    "SAVING",
    "DryRun",
    "ImportCancelled",
    "ImportPlan",
    "ImportReport",
    "Preview",
    "apply_import",
    "detect_profile",
    "dry_run",
    "plan_import",
    "prepare_import",
    "preview",
]


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
        # The rows the import reads: a totals row, a footnote or the header repeated is no
        # record (importers.reading).
        read = (
            (n, cells)
            for n, cells in sheet.rows
            if not is_totals_or_note_row(cells) and not reader.repeats_header(cells)
        )
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
    try:
        return _write(database, actor, plan, accept_valid, progress, cancel, stage, alone)
    except IntegrityError as exc:
        if getattr(exc.orig, "sqlstate", None) != UNIQUE_VIOLATION:
            raise
        raise ImportRefused(plan.path, WRITTEN_MEANWHILE) from None


# On PostgreSQL an import takes its ids from what its transaction saw of the tables: another
# import of the same rows committed meanwhile (a colleague's, of the same file) holds them.
# SQLite lets one writer in at a time, so there its imports never meet.
WRITTEN_MEANWHILE = Message(
    "the file was imported by someone else while this import ran: nothing of this import was "
    "written; import it again to compare"
)
UNIQUE_VIOLATION = "23505"  # PostgreSQL's SQLSTATE


def _write(
    database: Database,
    actor: str,
    plan: ImportPlan,
    accept_valid: bool,
    progress: Progress | None,
    cancel: threading.Event | None,
    stage: Stage | None,
    alone: bool,
) -> ImportReport:
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
            stop_if_cancelled(plan, cancel)
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
        counts, rejects, rows = run_rows(session, plan, source, batch, progress, cancel, stage)
    if counts.updated or counts.undoing:
        _refuse_putting_back(session, plan, counts.updated + counts.undoing)
    return counts, rejects, rows


def _refuse_putting_back(session: Session, plan: ImportPlan, updated: int) -> None:
    """Refuse a file imported before whose import would now change something: what it would
    change was corrected since, by a later file or in the app, and an old file sent again by
    mistake would quietly put every correction back."""
    before = session.exec(
        select(ImportBatch)
        .where(ImportBatch.file_sha256 == plan.sha256, col(ImportBatch.finished_at).is_not(None))
        .order_by(col(ImportBatch.id).desc())
    ).first()
    if before is None or before.finished_at is None:
        return
    raise ImportRefused(
        plan.path,
        Message(
            "this very file was imported on {day} (import batch {batch}), and {updated:,} of "
            "its rows have been corrected since, by a later file or in the app: importing it "
            "again would undo those corrections, so nothing was written",
            day=f"{before.finished_at:%Y-%m-%d}",
            batch=before.id,
            updated=updated,
        ),
    )
