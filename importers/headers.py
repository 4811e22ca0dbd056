"""Finding the header row and the profile it belongs to. Titles, dates and merged banners
may sit above the header, so the first rows of every visible sheet are tried; headers are
compared after NFKC and whitespace removal, never by position."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice

from importers.errors import ImportRefused
from importers.profiles import Column, Profile, header_key
from importers.readers import Row, SheetRows
from records.messages import Message

# A header lower than this is not a header: the file is something else.
HEADER_SEARCH_ROWS = 30


@dataclass(frozen=True)
class Layout:
    """Where a file's data is: the sheet, its header row, and each column's position."""

    profile: Profile
    sheet: str
    header_row: int
    header_cells: tuple[object, ...]  # the header row as written, for the rejects workbook
    positions: tuple[tuple[Column, int], ...]  # each profile column found, and its index


@dataclass
class Found:
    layout: Layout
    rows: Iterator[Row]  # the rows below the header, still unread


def _match(profile: Profile, keys: Sequence[str]) -> tuple[list[tuple[Column, int]], list[str]]:
    """The profile's columns found among the keys, and its required headers missing."""
    index = {k: i for i, k in reversed(list(enumerate(keys))) if k}
    found, missing = [], []
    for column in profile.columns:
        position = next((index[k] for k in column.keys if k in index), None)
        if position is not None:
            found.append((column, position))
        elif column.required:
            missing.append(column.header)
    return found, missing


def find_layout(
    file: str, sheets: list[SheetRows], profiles: Sequence[Profile], forced: bool = False
) -> Found:
    """The first visible sheet whose header row fits a profile (the best-fitting one when
    several do). Hidden sheets are the ministry's working sheets, never data."""
    best: tuple[int, Profile, list[str], list[str]] | None = None  # score, profile, missing, seen
    for sheet in sheets:
        if sheet.hidden:
            continue
        head = list(islice(sheet.rows, HEADER_SEARCH_ROWS))
        for offset, (number, cells) in enumerate(head):
            keys = [header_key(c) for c in cells]
            fits = []
            for profile in profiles:
                found, missing = _match(profile, keys)
                if not missing and found:
                    fits.append((len(found), profile, found))
                elif best is None or len(found) > best[0]:
                    seen = [str(c).strip() for c in cells if c is not None and str(c).strip()]
                    best = (len(found), profile, missing, seen)
            if fits:
                _, profile, found = max(fits, key=lambda f: f[0])
                layout = Layout(profile, sheet.name, number, tuple(cells), tuple(found))
                return Found(layout, _chain(head[offset + 1 :], sheet.rows))
    raise _no_match(file, best, forced)


def _chain(first: list[Row], rest: Iterator[Row]) -> Iterator[Row]:
    yield from first
    yield from rest


def _no_match(
    file: str, best: tuple[int, Profile, list[str], list[str]] | None, forced: bool
) -> ImportRefused:
    if best is None:
        return ImportRefused(file, Message("no visible sheet holds any rows"))
    _, profile, missing, seen = best
    headers = "、".join(seen[:15]) or Message("(none)")
    prefix = (
        Message("the headers do not fit profile {profile}", profile=profile.name)
        if forced
        else Message("no import profile fits this file's headers")
    )
    return ImportRefused(
        file,
        Message(
            "{refusal}; headers found: {headers}; closest profile {profile} lacks: {missing}",
            refusal=prefix,
            headers=headers,
            profile=profile.name,
            missing="、".join(missing),
        ),
    )
