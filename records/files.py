"""Files that appear whole or not at all: a printed roll, a workbook of rejected rows. A reader
sees the old file or the complete new one, never half of one, whatever stops the writing."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from records.errors import IreiError
from records.messages import Message, os_reason

# A saved file is a document handed to other staff and to the ministry, so it is readable by the
# group like any file the user saves; mkstemp alone would leave it private (0600).
_SAVED_MODE = 0o644


class CannotSave(IreiError):
    """A file with nowhere to go: its folder missing or a file, unwritable, or the disk full."""


def atomic_write(path: str | os.PathLike[str], write: Callable[[BinaryIO], None]) -> None:
    """Let `write` fill a temporary file beside `path`, then put it in place in one step.

    A reader sees either the old file or the complete new one; if `write` fails, nothing is
    left behind and an existing file at `path` is untouched.
    """
    target = Path(path)
    folder = target.parent
    if folder.exists() and not folder.is_dir():
        raise CannotSave(
            Message(
                "cannot save {file}: {folder} is a file, not a folder",
                file=_one_line(target.name),
                folder=_one_line(str(folder)),
            )
        )
    if not folder.is_dir():
        raise CannotSave(
            Message(
                "cannot save {file}: the folder {folder} does not exist",
                file=_one_line(target.name),
                folder=_one_line(str(folder)),
            )
        )
    try:
        descriptor, temp_name = tempfile.mkstemp(
            dir=folder, prefix=f".{target.name}.", suffix=".partial"
        )
    except OSError as error:  # a folder the user may not write in, a disk that is full
        raise _cannot_save(target, error) from None
    try:
        with os.fdopen(descriptor, "wb") as temp:
            write(temp)
            temp.flush()
            os.fsync(temp.fileno())
        os.chmod(temp_name, _SAVED_MODE)
        os.replace(temp_name, target)
    except BaseException as error:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        if isinstance(error, OSError):
            raise _cannot_save(target, error) from None
        raise
    _sync_folder(folder)


def _cannot_save(target: Path, error: OSError) -> CannotSave:
    return CannotSave(
        Message(
            "cannot save {file}: {reason}", file=_one_line(target.name), reason=os_reason(error)
        )
    )


def _one_line(name: str) -> str:
    # A name with a line break in it still makes a one-line message.
    return " ".join(name.splitlines())


def _sync_folder(folder: Path) -> None:
    # The rename itself is only durable once the directory entry reaches the disk; Windows
    # cannot open a directory for this and does not need it.
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
