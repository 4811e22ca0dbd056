"""Reading a file's rows into what its target takes, chunk by chunk and sheet after sheet:
each row normalised (importers.normalise), then rejected with its reasons or shaped for the
target. A big file is read in a second process, beside the one writing to the database, so
that an import keeps both cores busy."""

from __future__ import annotations

import gc
import marshal
import multiprocessing
import pickle
import signal
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Protocol

from importers.cells import as_written, parse_int
from importers.errors import CellUnreadable, ImportRefused, RowRejected
from importers.headers import Found, Layout, find_layouts, on_sheet
from importers.normalise import Origin, ReadRow, Record, RowReader, is_totals_or_note_row
from importers.person_rows import Period, PersonShaper
from importers.profiles import Profile
from importers.readers import Row, open_workbook
from records.messages import Message

CHUNK = 5_000
# A file at least this big (bytes on disk) is read in a second process. Starting one costs
# about 0.4 s: measured, it breaks even at 60,000 register rows (an .xlsx of 4 MB) and
# saves 10 s of 46 at a million.
READ_BESIDE_FROM = 6_000_000

# What a target's shaper returns for the rows read from a sheet, given the names of their
# fields: the rows it takes, and the rows refused on the file's evidence alone.
Shaper = Callable[[list[ReadRow], str, tuple[str, ...]], tuple[list[Any], list[RowRejected]]]


@dataclass
class RejectedRow:
    """A row as it was in the file, with every reason it was refused."""

    sheet: str
    row: int
    cells: tuple[object, ...]
    errors: list[RowRejected]


@dataclass
class Chunk:
    sheet: str  # the sheet its rows are from
    read: int  # rows read from the file, the totals row included
    rows: list[Any]  # shaped for the target
    rejected: list[RejectedRow]
    # The rows of a corrected rejects workbook, by row, with where they were first read.
    origins: dict[int, Origin] = field(default_factory=dict)


class RowSource(Protocol):
    """A file's rows, opened: the layouts found, one a sheet to import, then the chunks of
    each sheet in turn."""

    layouts: list[Layout]
    total: int | None  # rows below the headers, blank ones included; None when unknown

    def chunks(self) -> Iterator[Chunk]: ...
    def close(self) -> None: ...


def open_rows(path: Path, profiles: list[Profile], forced: bool, chosen: list[str]) -> RowSource:
    """The file's rows, read in a second process when the file is big. ``chosen``: the
    sheets to import, or none for the one whose headers a profile fits."""
    reading = ReadBeside if is_big(path) else ReadHere
    return reading(path, profiles, forced, chosen)


def is_big(path: Path) -> bool:
    """Whether a file is big enough to be read in a second process (and written as a big
    import is, pipeline.apply_import)."""
    try:
        return path.stat().st_size >= READ_BESIDE_FROM
    except OSError:
        return False  # reading it says what is wrong, in the usual words


def find_rows(
    path: Path, profiles: list[Profile], forced: bool, chosen: list[str]
) -> tuple[list[Found], int | None]:
    """The sheets to import with the rows below their header, and how many rows there are
    if known."""
    sheets = open_workbook(path)
    found = find_layouts(str(path), sheets, profiles, forced, chosen)
    last_row = {sheet.name: sheet.last_row for sheet in sheets}
    total = 0
    for sheet in found:
        last = last_row[sheet.layout.sheet]()  # known: the header was found in its rows
        if last is None:
            return found, None
        total += last - sheet.layout.header_row
    return found, total


def add_rejected(
    rejected: dict[tuple[str, int], RejectedRow],
    problems: Iterable[RowRejected],
    cells_of: dict[int, tuple[object, ...]],
) -> None:
    """Add the problems to the rows rejected, by sheet and row; ``cells_of``: the cells of
    each row of the sheet the problems are in."""
    for problem in problems:
        entry = RejectedRow(problem.sheet, problem.row, cells_of[problem.row], [])
        rejected.setdefault((problem.sheet, problem.row), entry).errors.append(problem)


def cells_read_again(
    path: Path, rows: dict[str, set[int]], separator: str = ","
) -> dict[str, dict[int, tuple[object, ...]]]:
    """Some rows' cells, by sheet, read again from the file: for rows refused only once
    compared with the database, when the shaped rows compared no longer carry their cells (a
    death register's, shaped in the reading process). Rare, so a second read costs nothing
    usual. ``rows``: the numbers of the rows wanted, by sheet; ``separator``: a CSV file's, as
    its layout found it."""
    return {
        found.name: {number: tuple(cells) for number, cells in found.rows if number in wanted}
        for found in open_workbook(path, separator)
        if (wanted := rows.get(found.name))
    }


def read_chunks(found: list[Found], file: str) -> Iterator[Chunk]:
    """Read, normalise and shape every row below the header of each sheet, in turn."""
    # One shaper for the file: a key repeated on another sheet is refused as on the same.
    shape = _shaper(found[0].layout, file)
    for sheet in found:
        layout = sheet.layout
        reader = RowReader.for_layout(layout)
        where = layout.origin  # a corrected rejects workbook's origin columns, if any
        data_rows = 0
        while rows := list(islice(sheet.rows, CHUNK)):
            read, rejected = _read(reader, rows, file, layout.sheet)
            data_rows += len(read) + len(rejected)
            origins = origins_of(read, where) if where else {}
            shaped, problems = shape(read, layout.sheet, reader.names)
            if problems:
                refused: dict[tuple[str, int], RejectedRow] = {}
                add_rejected(refused, problems, {row: tuple(cells) for row, _, cells in read})
                rejected.extend(refused.values())
            yield Chunk(layout.sheet, len(rows), shaped, rejected, origins)
        if not data_rows:
            raise ImportRefused(file, _nothing_below(file, layout))


def origins_of(read: list[ReadRow], where: tuple[int, int, int]) -> dict[int, Origin]:
    """The rows of a corrected rejects workbook, each with the file, sheet and row its origin
    columns name (``where``: their positions): the records read from them keep that as their
    source, and not the workbook, which the import batch names."""
    found = {}
    for number, _values, cells in read:
        if (origin := origin_in(cells, where)) is not None:
            found[number] = origin
    return found


def origin_in(cells: Sequence[object], where: tuple[int, int, int]) -> Origin | None:
    """The origin a rejects workbook's row names; None when a cell of it is blank or its row
    is not a row number (the registrar cleared or overtyped it): the row's source is then the
    workbook itself, which is true too."""
    file, sheet, row = (cells[i] if i < len(cells) else None for i in where)
    try:
        number = parse_int(row)
    except CellUnreadable:
        return None
    # As written, as the workbook was given them: a name is the file's or sheet's exactly.
    file, sheet = as_written(file), as_written(sheet)
    if not (file.strip() and sheet.strip() and number is not None and number > 0):
        return None
    return file, sheet, number


def _nothing_below(file: str, layout: Layout) -> Message:
    """Why a sheet whose header was found, with no record below it (blank rows, a totals row
    at most), is refused: imported, it would say "0 created" as if all had gone well, when
    the registrar most likely sent a template or the wrong sheet."""
    reason = Message(
        "there are no rows below the header (row {row}): nothing to import",
        row=layout.header_row,
    )
    return on_sheet(file, layout.sheet, reason)


def _read(
    reader: RowReader, rows: list[Row], file: str, sheet: str
) -> tuple[list[ReadRow], list[RejectedRow]]:
    read: list[ReadRow] = []
    rejected = []
    values_of = reader.values
    for number, cells in rows:
        # A totals or note row starts with text: a row starting with a number (番号, nearly
        # every row of a register) is a data row without asking.
        first = cells[0] if cells else None
        if (first is None or isinstance(first, str)) and is_totals_or_note_row(cells):
            continue
        values = values_of(cells)
        if values is None:
            if reader.repeats_header(cells):
                continue
            fields, errors = reader.read(cells)
            if errors:
                reasons = [
                    RowRejected(file, sheet, number, e.column, e.value, e.reason) for e in errors
                ]
                rejected.append(RejectedRow(sheet, number, tuple(cells), reasons))
                continue
            values = tuple(fields[name] for name in reader.names)
        read.append((number, values, cells))
    return read, rejected


def _shaper(layout: Layout, file: str) -> Shaper:
    # The death register is the file that runs to a million rows, so its target does all it
    # can without the database in a shaper, which runs in the reading process. The other
    # targets take the records whole.
    if layout.profile.target == "person":
        period = layout.profile.deaths_between
        return PersonShaper(file, Period(*period) if period else None)
    return _whole_records


def _whole_records(
    read: list[ReadRow], sheet: str, names: tuple[str, ...]
) -> tuple[list[Any], list[RowRejected]]:
    records = [
        Record(row, dict(zip(names, values, strict=True)), tuple(cells))
        for row, values, cells in read
    ]
    return records, []


class ReadHere:
    """The rows, read in this process."""

    def __init__(
        self, path: Path, profiles: list[Profile], forced: bool, chosen: list[str]
    ) -> None:
        self.found, self.total = find_rows(path, profiles, forced, chosen)
        self.layouts = [found.layout for found in self.found]
        self.file = path.name

    def chunks(self) -> Iterator[Chunk]:
        return read_chunks(self.found, self.file)

    def close(self) -> None:
        for found in self.found:
            found.rows.close()  # type: ignore[attr-defined]


class ReadBeside:
    """The rows, read, normalised and shaped in a second process and sent here chunk by
    chunk through a pipe. The pipe holds about one chunk, so the reader runs at most a chunk
    or two ahead and memory stays bounded; closing stops it. It is started fresh ("spawn"),
    never forked: a fork of a process running threads (the terminal app) can deadlock."""

    def __init__(
        self, path: Path, profiles: list[Profile], forced: bool, chosen: list[str]
    ) -> None:
        context = multiprocessing.get_context("spawn")
        self._receiver, sender = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_read_beside, args=(sender, path, profiles, forced, chosen), daemon=True
        )
        with _stderr_a_child_can_keep():
            self._process.start()
        # The reader now holds the only writing end: if it dies, reading here ends (EOF).
        sender.close()
        self.path = path
        try:
            self.layouts, self.total = self._receive()
        except BaseException:
            self.close()
            raise

    def chunks(self) -> Iterator[Chunk]:
        while (chunk := self._receive()) is not None:
            yield chunk
        self.close()

    def _receive(self) -> Any:
        try:
            kind, payload = self._receiver.recv()
        except EOFError:
            self._process.join()
            reason = Message(
                "reading stopped: the reading process ended ({code})",
                code=self._process.exitcode,
            )
            raise ImportRefused(self.path, reason) from None
        if kind == "rows":
            return _unpacked(payload)
        if kind == "refused":
            raise payload
        if kind == "failed":
            message, where = payload
            error = RuntimeError(f"{self.path.name}: reading failed: {message}")
            error.add_note(where)
            raise error
        return payload

    def close(self) -> None:
        if self._receiver.closed:
            return
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._receiver.close()


@contextmanager
def _stderr_a_child_can_keep() -> Iterator[None]:
    """The process's own stderr while a reading process starts, when ``sys.stderr`` is an
    object without a descriptor (the terminal app's capture answers fileno() with -1):
    multiprocessing starts its resource tracker keeping sys.stderr's descriptor open for
    it, and -1 fails the start (ValueError: bad value(s) in fds_to_keep), which took the
    whole app down on the first big file. The child inherits descriptor 2 all the same."""
    try:
        usable = sys.stderr is None or sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = True  # multiprocessing passes over a stderr that has no descriptor at all
    if usable or sys.__stderr__ is None:
        yield
        return
    captured, sys.stderr = sys.stderr, sys.__stderr__
    try:
        yield
    finally:
        sys.stderr = captured


def _read_beside(
    sender: Connection, path: Path, profiles: list[Profile], forced: bool, chosen: list[str]
) -> None:
    """The reading process: the layouts first, then the chunks, then None; or why not."""
    # Ctrl-C reaches the whole process group; the importing process decides what stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # This process only streams rows, which hold no reference cycles (importers.pipeline).
    gc.disable()
    try:
        try:
            found, total = find_rows(path, profiles, forced, chosen)
            sender.send(("layouts", ([f.layout for f in found], total)))
            for chunk in read_chunks(found, path.name):
                sender.send(_message(chunk))
            sender.send(("end", None))
        except ImportRefused as refused:
            sender.send(("refused", refused))
        except Exception as error:
            sender.send(("failed", (f"{type(error).__name__}: {error}", traceback.format_exc())))
    except BrokenPipeError:
        pass  # the importing process stopped listening (cancelled, or gone): nothing to say
    finally:
        sender.close()


def _message(chunk: Chunk) -> tuple[str, Any]:
    """A chunk as sent: its rows as marshal writes them when they are plain (tuples, lists,
    strings, numbers: the register's, importers.person_rows.PersonRow), which the importing
    process loads in a fifth of the time pickle takes (measured on a million register
    rows: 4.1 s → 0.6 s, in the process that writes them); else the chunk pickled whole.
    The rows rejected, objects marshal does not take and rare, go beside them pickled."""
    try:
        rows = marshal.dumps(chunk.rows)
    except ValueError:  # a row holds an object (a Record of the other targets)
        return "chunk", chunk
    rejected = pickle.dumps(chunk.rejected) if chunk.rejected else b""
    return "rows", (chunk.sheet, chunk.read, rows, rejected, chunk.origins)


def _unpacked(payload: tuple[str, int, bytes, bytes, dict[int, Origin]]) -> Chunk:
    sheet, read, rows, rejected, origins = payload
    unpickled = pickle.loads(rejected) if rejected else []
    return Chunk(sheet, read, marshal.loads(rows), unpickled, origins)
