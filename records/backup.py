"""A consistent copy of the live database, taken while others keep working."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from records.audit import now_utc
from records.database import Database
from records.errors import IreiError


def backup(database: Database, target: Path, into_folder: bool = False) -> Path:
    """Copy the database to ``target``, which must not exist yet; or, when ``target`` is a
    folder (or ``into_folder``: it was written as one, "/media/usb/"), into a new file there
    named by the time, as a registrar backing up to a stick expects.

    SQLite uses the online backup API (a consistent snapshot even with writers active);
    PostgreSQL uses pg_dump's custom format, restorable with pg_restore."""
    target = target.expanduser().resolve()
    if into_folder or target.is_dir():
        if not target.is_dir():
            raise IreiError(f"there is no folder {target}; nothing was written")
        target = target / backup_name(database, now_utc())
    if target.exists():
        raise IreiError(f"{target} already exists; choose a new file name, nothing was written")
    if not target.parent.exists():
        raise IreiError(f"there is no folder {target.parent}; nothing was written")
    if not target.parent.is_dir():
        raise IreiError(f"{target.parent} is a file, not a folder; nothing was written")
    partial = target.with_name(target.name + ".partial")
    try:
        if database.is_sqlite:
            _sqlite_backup(database, partial)
        else:
            _pg_dump(database, partial)
        partial.rename(target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def backup_name(database: Database, at: datetime) -> str:
    """The name of a backup made into a folder: irei-backup-20261121-230512.sqlite3 (UTC),
    or .dump for PostgreSQL's pg_dump archive."""
    suffix = ".sqlite3" if database.is_sqlite else ".dump"
    return f"irei-backup-{at:%Y%m%d-%H%M%S}{suffix}"


def _sqlite_backup(database: Database, partial: Path) -> None:
    source_path = make_url(database.url).database
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
    copy = sqlite3.connect(partial)
    try:
        source.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")
        check = copy.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise IreiError(f"the backup failed its integrity check: {check}")
    finally:
        copy.close()
        source.close()


def _pg_dump(database: Database, partial: Path) -> None:
    if shutil.which("pg_dump") is None:
        raise IreiError("backing up PostgreSQL needs pg_dump (package postgresql-client)")
    url = make_url(database.url).set(drivername="postgresql")
    result = subprocess.run(
        [
            "pg_dump",
            "--format=custom",
            f"--file={partial}",
            url.render_as_string(hide_password=False),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise IreiError(f"pg_dump failed: {result.stderr.strip().splitlines()[-1]}")
