"""The checks every spreadsheet gets before any parser reads it, so that a hostile or broken
file is refused whole (ImportRefused): zip bombs, damaged archives, password protection,
files that only carry a workbook's name, and XML that declares a DOCTYPE (entity bombs)."""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from importers.errors import ImportRefused
from records.messages import Message

# Limits a real one-million-row register passes with a wide margin (its sheet XML is about
# 400 MB and compresses about 10:1), while a zip bomb declares far more or far denser data.
# Declared sizes are enough: calamine's unzipping stops a part that grows past them.
MAX_MEMBER_BYTES = 2 * 1024**3
MAX_TOTAL_BYTES = 4 * 1024**3
MAX_RATIO = 100
RATIO_CHECKED_ABOVE = 32 * 1024**2
MAX_MEMBERS = 10_000
# The parts calamine reads whole before any row; in a real workbook each is a few kB.
SMALL_PARTS = ("xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml")
MAX_SMALL_PART_BYTES = 64 * 1024**2

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
PASSWORD_PROTECTED = Message("password-protected workbook: save it without a password")
_CHUNK = 1024 * 1024


# What a file is, by the suffix its contents call for, as a registrar is told to rename it.
_KINDS = {
    ".xlsx": Message("an Excel workbook (.xlsx)"),
    ".xlsb": Message("a binary Excel workbook (.xlsb)"),
    ".ods": Message("an OpenDocument spreadsheet (.ods)"),
    ".xls": Message("an old Excel 97-2003 workbook (.xls)"),
    ".csv": Message("a text file (CSV)"),
}
_SAME_KIND = {".xlsm": ".xlsx"}  # a workbook with macros is an .xlsx inside


def refuse_unsafe_workbook(path: Path) -> None:
    """Refuse (ImportRefused) a spreadsheet no parser should read, or one whose contents are
    of another kind than its name says (a workbook renamed, a CSV saved under a workbook's
    name): the parser's own words would not tell the registrar to rename it. Return when
    the file may be handed to calamine, which still refuses what it cannot read."""
    with path.open("rb") as f:
        head = f.read(_TEXT_SNIFFED)
    suffix = path.suffix.lower()
    if head.startswith(_OLE_MAGIC):
        if _holds_encrypted_package(path):
            raise ImportRefused(path, PASSWORD_PROTECTED)
        if suffix != ".xls":
            raise misnamed(path, ".xls")
    elif head.startswith(_ZIP_MAGICS):
        _refuse_unsafe_zip(path, suffix)
    elif head.lower().startswith((b"<html", b"<!doc", b"<?xml", b"<table")):
        raise ImportRefused(
            path, Message("not a spreadsheet (an HTML or XML page with a workbook name)")
        )
    elif _reads_as_text(head):
        raise misnamed(path, ".csv")
    elif suffix == ".xls":
        raise ImportRefused(path, Message("not a spreadsheet (not an Excel 97-2003 workbook)"))
    else:
        raise ImportRefused(path, Message("not a spreadsheet (not a zip archive)"))


def refuse_workbook_named_as_text(path: Path) -> None:
    """Refuse a workbook saved under a text file's name (名簿.csv that Excel wrote as .xlsx):
    read as text it is refused as a CSV in neither UTF-8 nor cp932, which sends the registrar
    to save it again as CSV instead of renaming it."""
    with path.open("rb") as f:
        head = f.read(len(_OLE_MAGIC))
    if head.startswith(_OLE_MAGIC):
        raise misnamed(path, ".xls")
    if head.startswith(_ZIP_MAGICS):
        try:
            with zipfile.ZipFile(path) as archive:
                kind = _zip_kind({info.filename for info in archive.infolist()})
        except zipfile.BadZipFile:
            kind = None
        if kind is None:
            raise ImportRefused(path, Message("a zip archive, not a text file (CSV)"))
        raise misnamed(path, kind)


def misnamed(path: Path, kind: str) -> ImportRefused:
    what = _KINDS[kind]
    reason = Message(
        "{what} named like {suffix}: rename it to {kind}",
        what=what,
        suffix=path.suffix or Message("(none)"),
        kind=kind,
    )
    return ImportRefused(path, reason)


def _zip_kind(names: set[str]) -> str | None:
    """The workbook a zip archive's parts make, by the suffix it should have; None when they
    make none (a Word document, a zip of files)."""
    if "xl/workbook.xml" in names:
        return ".xlsx"
    if "xl/workbook.bin" in names:
        return ".xlsb"
    if "content.xml" in names and "mimetype" in names:
        return ".ods"
    return None


# Enough of a file to tell text from a binary format: a CSV of a few rows, or its first rows.
_TEXT_SNIFFED = 4096


def _reads_as_text(head: bytes) -> bool:
    """Whether a file's first bytes are text a CSV could hold: fields split at a comma, a tab
    or a semicolon; UTF-8 or cp932 (the end of ``head`` may cut a character in two), with no
    control character but tab and line ends."""
    if not any(separator in head for separator in b",\t;"):
        return False
    if any(byte < 0x20 and byte not in b"\t\r\n" for byte in head):
        return False
    for encoding in ("utf-8", "cp932"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError as error:
            if error.start < len(head) - 3:
                continue
        return True
    return False


def _holds_encrypted_package(path: Path) -> bool:
    # Office wraps an encrypted workbook in a compound file whose directory names an
    # 'EncryptedPackage' stream (UTF-16LE); the encrypted payload itself is random bytes.
    needle = "EncryptedPackage".encode("utf-16-le")
    tail = b""
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            if needle in tail + chunk:
                return True
            tail = chunk[-len(needle) :]
    return False


def _refuse_unsafe_zip(path: Path, suffix: str) -> None:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        reason = Message("not a spreadsheet (truncated or damaged zip archive)")
        raise ImportRefused(path, reason) from None
    with archive:
        members = archive.infolist()
        _check_zip_limits(path, members)
        kind = _zip_kind({info.filename for info in members})
        if kind is not None and kind != _SAME_KIND.get(suffix, suffix):
            raise misnamed(path, kind)
        if suffix in XLSX_SUFFIXES:
            _check_excel_parts(path, members)
        # Every XML part is looked at, so a hostile one refuses the file before any row.
        for info in members:
            if info.filename.endswith((".xml", ".rels")):
                _refuse_doctype(path, archive, info.filename)


def _check_zip_limits(path: Path, members: list[zipfile.ZipInfo]) -> None:
    if len(members) > MAX_MEMBERS:
        raise ImportRefused(
            path, Message("zip archive with {count} parts (zip bomb?)", count=len(members))
        )
    total = 0
    for info in members:
        if info.flag_bits & 0x1:
            raise ImportRefused(path, Message("encrypted zip archive: save it without a password"))
        if info.file_size > MAX_MEMBER_BYTES:
            raise ImportRefused(
                path,
                Message(
                    "{part} would unpack to {size:,} bytes (zip bomb?)",
                    part=info.filename,
                    size=info.file_size,
                ),
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_CHECKED_ABOVE and ratio > MAX_RATIO:
            raise ImportRefused(
                path,
                Message(
                    "{part} is compressed {ratio:,.0f}:1 (zip bomb?)",
                    part=info.filename,
                    ratio=ratio,
                ),
            )
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise ImportRefused(
            path, Message("the archive would unpack to {size:,} bytes (zip bomb?)", size=total)
        )


def _check_excel_parts(path: Path, members: list[zipfile.ZipInfo]) -> None:
    sizes = {info.filename: info.file_size for info in members}
    if "xl/workbook.xml" not in sizes:
        hint = Message(" (a binary .xlsb workbook?)") if "xl/workbook.bin" in sizes else ""
        raise ImportRefused(
            path, Message("not an Excel workbook: no xl/workbook.xml{hint}", hint=hint)
        )
    for member in SMALL_PARTS:
        if sizes.get(member, 0) > MAX_SMALL_PART_BYTES:
            raise ImportRefused(path, Message("{part} is implausibly large", part=member))


# A DOCTYPE is refused outright, whatever a parser would make of it: no spreadsheet program
# writes one, so a part that declares it was made to attack a parser (entity expansion,
# external entities).
_FIRST_ELEMENT = re.compile(rb"<[^?!]")
_PROLOGUE_LIMIT = 64 * 1024


def _refuse_doctype(path: Path, archive: zipfile.ZipFile, member: str) -> None:
    try:
        with archive.open(member) as f:
            head = f.read(_PROLOGUE_LIMIT)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as error:
        reason = Message("damaged zip archive: {part} ({error})", part=member, error=str(error))
        raise ImportRefused(path, reason) from None
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode()
    first = _FIRST_ELEMENT.search(head)
    prologue = (head[: first.start()] if first else head).upper()
    if b"<!DOCTYPE" in prologue or b"<!ENTITY" in prologue:
        raise ImportRefused(
            path, Message("{part} declares a DOCTYPE (XML entity bomb?): refused", part=member)
        )
    if first is None and len(head) == _PROLOGUE_LIMIT:
        raise ImportRefused(path, Message("{part} does not start like XML", part=member))
