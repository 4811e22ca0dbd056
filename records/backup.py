"""A consistent copy of the live database, taken while others keep working."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from records.audit import now_utc
from records.database import Database
from records.errors import IreiError
from records.messages import Message, os_reason

# Said by two refusals; a Message template, so a Japanese interface says it in Japanese.
NO_FOLDER = "there is no folder {folder}; nothing was written"


def backup(database: Database, target: Path, into_folder: bool = False) -> Path:
    """Copy the database to ``target``, which must not exist yet; or, when ``target`` is a
    folder (or ``into_folder``: it was written as one, "/media/usb/"), into a new file there
    named by the time, as a registrar backing up to a stick expects. Backup pressed twice in
    one second gets a second file, irei-backup-20261121-230512-2.sqlite3, never an error.

    SQLite uses the online backup API (a consistent snapshot even with writers active);
    PostgreSQL uses pg_dump's custom format, restorable with pg_restore."""
    target = target.expanduser().resolve()
    timed = into_folder or target.is_dir()
    if timed:
        if not target.is_dir():
            raise IreiError(Message(NO_FOLDER, folder=target))
        target = target / backup_name(database, now_utc())
    elif target.exists():
        raise _exists(target)
    if not target.parent.exists():
        raise IreiError(Message(NO_FOLDER, folder=target.parent))
    if not target.parent.is_dir():
        raise IreiError(
            Message("{folder} is a file, not a folder; nothing was written", folder=target.parent)
        )
    # This process's own partial file: two backups into one folder in the same second (the
    # CLI and a script) must not write into one file.
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
    try:
        if database.is_sqlite:
            _sqlite_backup(database, partial)
        else:
            _pg_dump(database, partial)
        return _publish(partial, target, timed)
    finally:
        partial.unlink(missing_ok=True)


def _publish(partial: Path, target: Path, timed: bool) -> Path:
    """Give the finished copy its name without ever replacing a file someone else wrote there:
    the name is claimed by an exclusive create (O_EXCL, which FAT sticks honour too, unlike
    hard links), then the copy replaces that empty claim. A timed name already taken, by a
    backup made in the same second, takes the next number instead."""
    name, n = target, 1
    while True:
        try:
            name.touch(exist_ok=False)
            break
        except FileExistsError:
            if not timed:
                raise _exists(target) from None
            n += 1
            name = target.with_stem(f"{target.stem}-{n}")
    partial.replace(name)
    return name


def _exists(target: Path) -> IreiError:
    return IreiError(
        Message("{path} already exists; choose a new file name, nothing was written", path=target)
    )


def backup_name(database: Database, at: datetime) -> str:
    """The name of a backup made into a folder: irei-backup-20261121-230512.sqlite3 (UTC),
    or .dump for PostgreSQL's pg_dump archive."""
    suffix = ".sqlite3" if database.is_sqlite else ".dump"
    return f"irei-backup-{at:%Y%m%d-%H%M%S}{suffix}"


def _sqlite_backup(database: Database, partial: Path) -> None:
    source_path = Path(make_url(database.url).database or "").resolve()
    # Quoted as a URI: a '#' or '?' in the path cut it there, and the backup copied another
    # database (old.sqlite3 for old.sqlite3#new), or an empty one, and said it was written.
    source = sqlite3.connect(f"{source_path.as_uri()}?mode=ro", uri=True)
    # Created here first, so that a folder the registrar cannot write in is said as the
    # operating system says it (read-only disk, permission denied), not as SQLite's error.
    try:
        partial.open("xb").close()
    except OSError as error:  # said of the folder: the partial file is no name of theirs
        raise IreiError(
            Message(
                "cannot write in {folder}: {reason}; nothing was written",
                folder=partial.parent,
                reason=os_reason(error),
            )
        ) from None
    copy = sqlite3.connect(partial)
    try:
        source.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")
        check = copy.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise IreiError(Message("the backup failed its integrity check: {check}", check=check))
    except sqlite3.Error as error:  # the disk full half-way
        raise IreiError(
            Message(
                "the backup could not be written: {reason}; nothing was written", reason=str(error)
            )
        ) from None
    finally:
        copy.close()
        source.close()


def _pg_dump(database: Database, partial: Path) -> None:
    if shutil.which("pg_dump") is None:
        raise IreiError(Message("backing up PostgreSQL needs pg_dump (package postgresql-client)"))
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
        last_line = result.stderr.strip().splitlines()[-1]
        raise IreiError(Message("pg_dump failed: {reason}", reason=last_line))
