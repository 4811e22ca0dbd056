"""No saved file (an export, a workbook of rejected rows) is ever left half-written."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import BinaryIO

import pytest

from records.files import CannotSave, atomic_write


def test_an_export_replaces_the_file_in_one_step(tmp_path: Path) -> None:
    target = tmp_path / "roll.csv"
    target.write_bytes(b"old roll")

    atomic_write(target, lambda out: out.write(b"new roll"))

    assert target.read_bytes() == b"new roll"
    assert [p.name for p in tmp_path.iterdir()] == ["roll.csv"]


def test_a_writer_failing_midway_leaves_no_file_behind(tmp_path: Path) -> None:
    def write_half(out: BinaryIO) -> None:
        out.write("番号,氏名\r\n1,".encode())
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        atomic_write(tmp_path / "roll.csv", write_half)

    assert list(tmp_path.iterdir()) == []


def test_a_writer_failing_midway_keeps_the_previous_export_intact(tmp_path: Path) -> None:
    target = tmp_path / "roll.csv"
    target.write_bytes(b"previous roll")

    def write_half(out: BinaryIO) -> None:
        out.write(b"partial")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, write_half)

    assert target.read_bytes() == b"previous roll"
    assert [p.name for p in tmp_path.iterdir()] == ["roll.csv"]


def test_an_export_into_a_missing_folder_is_refused_clearly(tmp_path: Path) -> None:
    missing = tmp_path / "no such folder"
    with pytest.raises(CannotSave, match=r"folder .*no such folder does not exist"):
        atomic_write(missing / "roll.csv", lambda out: out.write(b"x"))
    assert not missing.exists()


def test_an_export_under_a_file_taken_for_a_folder_says_it_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "roll.csv").write_bytes(b"previous roll")
    with pytest.raises(CannotSave, match=r"^cannot save x.csv: .*roll.csv is a file, not a"):
        atomic_write(tmp_path / "roll.csv" / "x.csv", lambda out: out.write(b"x"))
    assert (tmp_path / "roll.csv").read_bytes() == b"previous roll"


def test_a_disk_that_fills_up_midway_is_said_plainly_and_keeps_the_previous_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "roll.csv"
    target.write_bytes(b"previous roll")

    def disk_full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("records.files.os.fsync", disk_full)
    with pytest.raises(CannotSave) as refused:
        atomic_write(target, lambda out: out.write(b"new roll"))
    assert str(refused.value) == "cannot save roll.csv: no space left on the disk"
    assert target.read_bytes() == b"previous roll"
    assert [p.name for p in tmp_path.iterdir()] == ["roll.csv"]
