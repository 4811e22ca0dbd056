"""Writing many rows at once. Building one ORM object per row costs ~36 µs and gigabytes at a
million rows; tuples through the driver's executemany cost ~3 µs (PERFORMANCE.md)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from itertools import chain, islice
from typing import Any

from sqlalchemy import Column, Index, Table, func, select
from sqlalchemy.engine import Connection

BATCH = 10_000
# Parameters one statement may bind: SQLite's lowest limit (builds before 3.32 allow 999).
MAX_PARAMETERS = 999
# Told how many indexes of how many are built, after each one (resume_upkeep).
Built = Callable[[int, int], None]


def insert_rows(
    conn: Connection, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Insert tuples (in ``columns`` order) in batches; returns how many. Each statement
    carries as many rows as its parameters allow (a multi-row VALUES), which saves the
    driver a round of step and reset per row: measured on 2.75M name forms, 7.0 s → 5.1 s."""
    quote = conn.dialect.identifier_preparer.quote
    one = _placeholders(conn, len(columns))
    insert = f"INSERT INTO {quote(table.name)} ({', '.join(map(quote, columns))}) VALUES "
    per = max(1, MAX_PARAMETERS // len(columns))
    many = insert + ", ".join([one] * per)
    total = 0
    iterator = iter(rows)
    while batch := list(islice(iterator, BATCH)):
        whole = len(batch) - len(batch) % per
        if whole:
            flat = [tuple(chain.from_iterable(batch[i : i + per])) for i in range(0, whole, per)]
            conn.exec_driver_sql(many, flat)
        if rest := batch[whole:]:
            conn.exec_driver_sql(insert + ", ".join([one] * len(rest)), tuple(chain(*rest)))
        total += len(batch)
    return total


def stored_value(conn: Connection, column: Column[Any], value: Any) -> Any:
    """``value`` as the column's type hands it to the driver, for a bulk insert to store it as
    the ORM does: a UTC time in SQLite becomes the ORM's text, where the driver's own
    conversion adds "+00:00" (and is deprecated from Python 3.12). Once per value, not per row:
    the type's processing costs a Python call or two."""
    process = column.type.dialect_impl(conn.dialect).bind_processor(conn.dialect)
    return process(value) if process else value


def select_in(
    conn: Connection, table: Table, columns: Sequence[str], key: str, values: Sequence[Any]
) -> Iterator[Sequence[Any]]:
    """The rows of ``table`` whose ``key`` is one of ``values``, ``columns`` each, in the
    driver's own SQL, a statement per MAX_PARAMETERS values: compiling an expanding IN of
    thousands of values costs more than the query (measured on a re-import of 1M persons).
    The rows come from the driver's cursor, not through SQLAlchemy's result, whose row
    objects cost more than the fetch (measured: the look-ups of a re-import's dry run, 1M
    persons and their 2.75M name forms, 10.4 s → 8.0 s). Values come back as the driver
    gives them (a SQLite boolean as 0 or 1). The connection must be in a transaction, as a
    Session's is."""
    quote = conn.dialect.identifier_preparer.quote
    head = (
        f"SELECT {', '.join(map(quote, columns))} FROM {quote(table.name)} WHERE {quote(key)} IN "
    )
    cursor = conn.connection.cursor()
    try:
        for start in range(0, len(values), MAX_PARAMETERS):
            group = tuple(values[start : start + MAX_PARAMETERS])
            cursor.execute(head + _placeholders(conn, len(group)), group)
            yield from cursor.fetchall()
    finally:
        cursor.close()


def _placeholders(conn: Connection, count: int) -> str:
    """``(?, ?, …)`` for ``count`` values, in the driver's own parameter style."""
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    return f"({', '.join([mark] * count)})"


def next_id(conn: Connection, table: Table) -> int:
    return int(conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()) + 1


@dataclass
class Suspended:
    """What suspend_upkeep took off the tables, for resume_upkeep to put back."""

    indexes: list[Index] = field(default_factory=list)
    triggers: list[str] = field(default_factory=list)  # SQLite's CREATE TRIGGER statements


def suspend_upkeep(conn: Connection, tables: Iterable[Table]) -> Suspended:
    """Drop the secondary indexes of tables about to receive a bulk load: building an index
    once afterwards is several times faster than maintaining it row by row. In SQLite, drop
    their triggers too, each run for every row even when its WHEN clause declines (measured:
    2.3 s of 10.4 s for 2.75M name forms); the rows loaded must then carry whatever the
    triggers would have written. All of it is DDL inside the load's transaction, so a load
    that fails or is killed leaves the schema as it was."""
    tables = list(tables)
    suspended = Suspended()
    for table in tables:
        for index in table.indexes:
            index.drop(conn, checkfirst=True)
            suspended.indexes.append(index)
    if conn.dialect.name == "sqlite":
        names = ", ".join("?" * len(tables))
        triggers = conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
            f"AND tbl_name IN ({names}) ORDER BY name",
            tuple(t.name for t in tables),
        ).all()
        for name, sql in triggers:
            conn.exec_driver_sql(f"DROP TRIGGER {conn.dialect.identifier_preparer.quote(name)}")
            suspended.triggers.append(sql)
    return suspended


def resume_upkeep(conn: Connection, suspended: Suspended, built: Built | None = None) -> None:
    """Build the indexes suspend_upkeep dropped, with SQLite's default page cache even inside
    widened_cache: given a large cache, CREATE INDEX sorts and writes more slowly (measured
    with 256 MB on 1M persons and 2.75M name forms: the nine indexes 10.4 s, then the commit
    4.0 s; with the default cache 6.4 s and 2.0 s). Then create the triggers again, as they
    were. ``built`` hears how many indexes of how many are built after each one: at the
    national scale they take seconds apiece, and a progress bar must not stand still."""
    total = len(suspended.indexes)
    with _default_cache(conn):
        for done, index in enumerate(suspended.indexes, start=1):
            index.create(conn, checkfirst=True)
            if built is not None:
                built(done, total)
    for sql in suspended.triggers:
        conn.exec_driver_sql(sql)


def keep_sequence_past(conn: Connection, table: Table, next_free: int) -> None:
    """PostgreSQL's id sequence does not see rows numbered in bulk: move it on so that the
    next id it gives (to a service function's insert, in this import or after it) is at
    least ``next_free``. Never moves it back. Nothing to do in SQLite."""
    if conn.dialect.name != "postgresql":
        return
    conn.exec_driver_sql(
        "SELECT setval(s, GREATEST(%s, COALESCE(pg_sequence_last_value(s::regclass) + 1, 1)), "
        "false) FROM pg_get_serial_sequence(%s, 'id') AS s",
        (next_free, table.name),
    )


def reset_sequences(conn: Connection, tables: Iterable[Table]) -> None:
    """PostgreSQL's id sequences do not see explicitly numbered rows; move them past them."""
    if conn.dialect.name != "postgresql":
        return
    for table in tables:
        conn.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
        )


@contextmanager
def widened_cache(conn: Connection) -> Iterator[None]:
    """Give SQLite a large page cache while a bulk load runs on this connection: inserts of
    millions of rows otherwise spill to disk again and again (the default is 2 MB). The
    sorter of CREATE INDEX may also use helper threads, one per core: the indexes are built
    once the rows are in, when the reading process has ended (measured on 1M persons and
    2.75M name forms, the nine indexes: one helper 9.1–9.3 s, two 8.1–8.7 s, four no less)."""
    with _pragmas(conn, cache_size=-65536, threads=os.cpu_count() or 1):
        yield


def _default_cache(conn: Connection) -> AbstractContextManager[None]:
    return _pragmas(conn, cache_size=-2000)


@contextmanager
def _pragmas(conn: Connection, **values: int) -> Iterator[None]:
    """SQLite pragmas set on this connection for a while, then put back as they were; but
    not on a connection dropped in the middle of a statement (Ctrl-C): it is never used
    again, and touching it would hide the interruption behind an error of its own."""
    if conn.dialect.name != "sqlite":
        yield
        return
    before = {name: int(conn.exec_driver_sql(f"PRAGMA {name}").scalar_one()) for name in values}
    for name, value in values.items():
        conn.exec_driver_sql(f"PRAGMA {name}={int(value)}")
    try:
        yield
    finally:
        if not conn.invalidated:
            for name, value in before.items():
                conn.exec_driver_sql(f"PRAGMA {name}={value}")
