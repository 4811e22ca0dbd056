"""One file's rows fed to the target that writes or compares them, inside the caller's
transaction: each chunk read, its rejected rows collected with their cells, the indexes a
bulk load set aside built again, and a cancel heard between chunks and between indexes."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import TYPE_CHECKING, Any, Protocol

from sqlmodel import Session

from importers.apply import Context, Counts
from importers.errors import RowRejected
from importers.normalise import Record
from importers.profiles import Profile
from importers.reading import RejectedRow, RowSource, add_rejected, cells_read_again
from records.bulk import Built, widened_cache
from records.messages import Message
from records.models import ImportBatch

if TYPE_CHECKING:
    from importers.pipeline import ImportPlan

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


def target_for(ctx: Context, profile: Profile) -> Target:
    from importers.target_analyses import AnalysisTarget
    from importers.target_lots import LotTarget
    from importers.target_persons import PersonTarget
    from importers.target_roll import RollTarget

    kinds: dict[str, Callable[[Context], Target]] = {
        "person": PersonTarget,
        "lot": LotTarget,
        "analysis": AnalysisTarget,
        "roll_entry": RollTarget,
    }
    return kinds[profile.target](ctx)


def run_rows(
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
    target = target_for(ctx, plan.profile)
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
        stop_if_cancelled(plan, cancel)
        if stage is not None:
            stage(Message("Building search indexes: {done}/{total}", done=done, total=total))

    return built


def stop_if_cancelled(plan: ImportPlan, cancel: threading.Event | None) -> None:
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
        stop_if_cancelled(plan, cancel)
        if chunk.sheet != ctx.sheet:
            # The next sheet: its rows' source, and the columns it has (it may lack some).
            layout = layouts[chunk.sheet]
            ctx.sheet, ctx.columns, ctx.headers = chunk.sheet, layout.fields, layout.headers
        rejected.update(((r.sheet, r.row), r) for r in chunk.rejected)
        ctx.origins = chunk.origins
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
