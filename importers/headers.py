"""Finding the sheets to import, the header row of each and the profile it belongs to. Titles,
dates and merged banners may sit above the header, so the first rows of every visible sheet
are tried, each alone, then each two together (a header drawn over two rows); headers are
compared after NFKC and whitespace removal, without the note marks after them (※1, （注2）),
never by position."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import chain, islice, pairwise
from pathlib import Path

from openpyxl.utils import get_column_letter

from importers.errors import ImportRefused, SheetsToChoose
from importers.profiles import Column, Profile, column_key, header_key
from importers.readers import CSV_SUFFIXES, Row, SheetRows
from records.messages import Message

# A header lower than this is not a header: the file is something else.
HEADER_SEARCH_ROWS = 30
# How many rows further down a header row is looked for when no sheet fits, only to tell the
# registrar on which row it is: so low, it is not taken.
HEADER_LOOK_FURTHER = 1_000
# What a CSV file's fields may be split at when not at commas: a file saved as tab-separated
# text and named .csv, or saved as CSV by Excel where the list separator is the semicolon (in
# much of Europe and in Russia). Tried only when no header row splits at commas.
OTHER_SEPARATORS = ("\t", ";")


@dataclass(frozen=True)
class Layout:
    """Where a sheet's data is: the sheet, its header row, and each column's position."""

    profile: Profile
    sheet: str
    header_row: int
    # The header row as written, for the rejects workbook; a header of two rows, each column's
    # titles joined (氏名 カナ), so that the workbook's one header row imports again.
    header_cells: tuple[object, ...]
    positions: tuple[tuple[Column, int], ...]  # each profile column found, and its index
    separator: str = ","  # what a CSV file's fields are split at
    # A header drawn over two rows: each as written, to know it repeated below (header_cells
    # join their titles).
    header_rows: tuple[tuple[object, ...], ...] = ()

    @property
    def fields(self) -> frozenset[str]:
        """The profile's fields whose column the sheet has."""
        return frozenset(column.field for column, _index in self.positions)

    @property
    def headers(self) -> dict[str, str]:
        """Each of those fields' header as the sheet writes it (its whitespace run together),
        to name the column of a rejected row and find its cell in the rejects workbook."""
        return {column.field: self.written(index) for column, index in self.positions}

    @property
    def unread(self) -> tuple[str, ...]:
        """The headers of the sheet's other columns, as written: no field of the profile takes
        them, so their values are not imported, and the registrar must be told so. The
        rejects workbook's own columns are no loss."""
        taken = {index for _column, index in self.positions}
        titles = (self.written(i) for i in range(len(self.header_cells)) if i not in taken)
        return tuple(t for t in titles if t and header_key(t) not in ADDED_KEYS)

    @property
    def origin(self) -> tuple[int, int, int] | None:
        """The positions of a rejects workbook's origin columns (file, sheet, row); None for a
        sheet without all three."""
        keys = [header_key(str(cell)) if cell is not None else "" for cell in self.header_cells]
        if not all(key in keys for key in ORIGIN_KEYS):
            return None
        file, sheet, row = (keys.index(key) for key in ORIGIN_KEYS)
        return file, sheet, row

    def written(self, index: int) -> str:
        """A header cell as the sheet writes it, its whitespace run together ('' for none)."""
        cell = self.header_cells[index]
        return "" if cell is None else " ".join(str(cell).split())


# The rejects workbook's column saying why a row was refused (importers.rejects), and the
# columns after it saying where the row was first read: the file, sheet and row its record
# keeps as its source once the row is corrected and imported. None is a profile's column:
# each is ignored as a column when the corrected rows are imported again.
REASON_HEADER = "却下理由"
ORIGIN_HEADERS = ("元のファイル", "元のシート", "元の行")
ORIGIN_KEYS = tuple(header_key(header) for header in ORIGIN_HEADERS)
ADDED_KEYS = frozenset((header_key(REASON_HEADER), *ORIGIN_KEYS))


@dataclass
class Found:
    """A sheet to import."""

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


def find_layouts(
    file: str,
    sheets: list[SheetRows],
    profiles: Sequence[Profile],
    forced: bool = False,
    chosen: Sequence[str] = (),
) -> list[Found]:
    """The sheets to import, in the order given: the chosen ones, each refused unless its
    header row fits a profile; else the one visible sheet whose header row fits (the
    best-fitting profile when several do). Hidden sheets are the ministry's working sheets,
    never data. Several visible sheets that fit are refused (SheetsToChoose): one may be an
    example (記入例), or each a year's, and only the registrar knows which to import."""
    if chosen:
        named = [_named(file, sheets, name) for name in chosen]
        unique = {sheet.name: sheet for sheet in named}.values()  # a sheet named twice, once
        chosen_found = [_chosen(file, sheet, profiles, forced) for sheet in unique]
        return _columns_checked(file, _one_profile(file, chosen_found))
    fitting: list[Found] = []
    misses: list[_Miss] = []
    for sheet in sheets:
        if sheet.hidden:
            continue
        fit = _fit(sheet, profiles)
        if isinstance(fit, Found):
            fitting.append(fit)
        else:
            misses.append(fit)
    if not fitting:
        hidden = [sheet for sheet in sheets if sheet.hidden]
        raise ImportRefused(file, _why_none_fits(file, misses, hidden, profiles, forced))
    if len(fitting) > 1 and not _rejects_of_one_import(fitting):
        raise SheetsToChoose(
            file,
            [found.layout.sheet for found in fitting],
            [found.layout.profile.name for found in fitting],
        )
    return _columns_checked(file, fitting)


def _columns_checked(file: str, found: list[Found]) -> list[Found]:
    """The sheets, unless a column of one would be dropped without a word: refused, naming
    the column, for the registrar to correct its header."""
    for f in found:
        keys = [column_key(c) for c in f.layout.header_cells]
        _refuse_repeated(file, f, keys)
        _refuse_near_misses(file, f, keys)
    return found


def _refuse_repeated(file: str, f: Found, keys: list[str]) -> None:
    """Refuse a profile column's header (or one of its aliases) heading two columns of the
    sheet: 備考 added again at the end, or 氏名（カナ） beside カナ氏名. Only one of them could
    be read, so the registrar merges them or renames one."""
    for column, _index in f.layout.positions:
        at = [i for i, k in enumerate(keys) if k and k in column.keys]
        if len(at) > 1:
            where = "、".join(
                f"{get_column_letter(i + 1)} ({str(f.layout.header_cells[i]).strip()})" for i in at
            )
            reason = Message(
                "the column {header} is there more than once: {columns}; keep one (merge "
                "their values into it) or rename the others",
                header=column.header,
                columns=where,
            )
            raise ImportRefused(file, on_sheet(file, f.layout.sheet, reason))


def _refuse_near_misses(file: str, f: Found, keys: list[str]) -> None:
    """Refuse the columns the format does not read whose header is near one of the format's
    columns the sheet lacks (死亡年月 for 死亡年月日, 死亡地 for 死亡場所): each may be that
    column with its header written otherwise, and its values would be dropped without a
    word. All are named at once, for the registrar to correct the headers in one go."""
    read = {index for _column, index in f.layout.positions}
    lacking = [c for c in f.layout.profile.columns if c.field not in f.layout.fields]
    misnamed = []
    for index, key in enumerate(keys):
        if not key or index in read or key in ADDED_KEYS:
            continue
        near = [c for c in lacking if _near(key, c)]
        if near:
            meant = max(near, key=lambda c: _likeness(key, c))
            header = f.layout.written(index)
            misnamed.append(f"{get_column_letter(index + 1)} ({header}) → {meant.header}")
    if misnamed:
        reason = Message(
            "columns the {format} format does not read, whose values would not be imported: "
            "{columns}; if a column is the one its arrow points to, give it that header (or "
            "add its header to the format's aliases in a profile file)",
            format=f.layout.profile.name,
            columns="、".join(misnamed),
        )
        raise ImportRefused(file, on_sheet(file, f.layout.sheet, reason))


# Words many headers share, too common to tell one column from another (調査票番号 is not
# 検体番号, 遺族氏名 not 氏名（漢字）).
_COMMON_WORDS = frozenset({"番号", "氏名", "年月", "月日", "年度", "場所", "カナ", "漢字"})
# How a date column's header ends: 死亡年月日, 鑑定日, 収容日付, 死亡年月.
_DATE_ENDINGS = ("日", "日付", "日時", "年月")


def _near(written: str, column: Column) -> bool:
    """Whether a header the format does not read may be that column's: a date for a date
    column (鑑定日 where the format reads 判定会議日: the only date of the sheet is likely
    the one meant, and a registrar rather says no than loses the dates), or a header alike."""
    if column.type == "date" and written.endswith(_DATE_ENDINGS):
        return True
    return any(_alike(written, key) for key in column.keys)


def _likeness(written: str, column: Column) -> float:
    """How alike a header is to the column's nearest header or alias: of two columns a
    header is near (死亡の地: 死亡年月日 and 死亡場所), the likelier meant."""
    return max(SequenceMatcher(None, written, key).ratio() for key in column.keys)


def _alike(written: str, header: str) -> bool:
    # One inside the other (備考事項, 備考), a word in common (死亡地, 死亡場所), or most of their
    # characters in common (出身都道府県, 出身県).
    if len(written) >= 2 and len(header) >= 2 and (written in header or header in written):
        return True
    if _words(written) & _words(header):
        return True
    return SequenceMatcher(None, written, header).ratio() >= 0.6


def _words(key: str) -> set[str]:
    """A header's two-character runs of letters: 死亡地 has 死亡 and 亡地."""
    pairs = {key[i : i + 2] for i in range(len(key) - 1)}
    return {pair for pair in pairs if pair.isalnum() and not pair.isascii()} - _COMMON_WORDS


def _rejects_of_one_import(fitting: list[Found]) -> bool:
    """Whether the sheets are a rejects workbook's (each ends with the reason column) and fit
    one profile: the rows refused from the sheets of one file, corrected to be imported again
    together, as they were chosen the first time."""
    return len({found.layout.profile.name for found in fitting}) == 1 and all(
        _ends_with_reason(found.layout.header_cells) for found in fitting
    )


def _ends_with_reason(cells: Sequence[object]) -> bool:
    """Whether the last header is the reason, or the reason then the origin columns (a
    workbook written before they were added has the reason alone)."""
    keys = [header_key(str(cell)) for cell in cells if cell is not None and str(cell).strip()]
    if tuple(keys[-len(ORIGIN_KEYS) :]) == ORIGIN_KEYS:
        keys = keys[: -len(ORIGIN_KEYS)]
    return bool(keys) and keys[-1] == header_key(REASON_HEADER)


# The headers of a row that came closest to a profile without fitting it: how many of its
# columns were found, the profile, the required headers missing and the headers seen.
_Closest = tuple[int, Profile, list[str], list[str]]


@dataclass
class _Miss:
    """A sheet none of whose first rows is a header row a profile fits."""

    sheet: str
    head: list[Row]  # the rows searched
    rest: Iterator[Row]  # the rows below them, unread
    closest: _Closest | None  # the row that came closest, when any held a profile's header
    separator: str = ","

    @property
    def score(self) -> int:
        return self.closest[0] if self.closest else 0


def _fit(sheet: SheetRows, profiles: Sequence[Profile]) -> Found | _Miss:
    """The sheet's layout when one of its first rows is a header row a profile fits, with
    its rows below the header still unread; else what came closest. A CSV file whose header
    row splits at commas into no profile's headers is split at tabs, then at semicolons, and
    read so if its header row then fits."""
    fit = _fit_rows(sheet.name, sheet.rows, profiles)
    if isinstance(fit, Found) or sheet.split_at is None:
        return fit
    for separator in OTHER_SEPARATORS:
        other = _fit_rows(sheet.name, sheet.split_at(separator), profiles, separator)
        if isinstance(other, Found):
            fit.rest.close()  # type: ignore[attr-defined]
            return other
        if other.score > fit.score:  # the headers shown if none fits, split as meant
            fit, other = other, fit
        other.rest.close()  # type: ignore[attr-defined]
    return fit


def _fit_rows(
    sheet: str,
    rows: Iterator[Row],
    profiles: Sequence[Profile],
    separator: str = ",",
    searched: int = HEADER_SEARCH_ROWS,
) -> Found | _Miss:
    """The layout of the first of the ``searched`` rows that is a header row a profile fits,
    the rows below it still unread; else what came closest."""
    closest: _Closest | None = None
    head = list(islice(rows, searched))
    known = {key for profile in profiles for column in profile.columns for key in column.keys}
    # Each row alone, then each two rows together (a header of two rows), the first that fits:
    # the last row of the header, its titles, where the rows below it begin in ``head``, and
    # the rows of a header of two.
    alone = ((number, cells, offset + 1, ()) for offset, (number, cells) in enumerate(head))
    pairs = (
        (number, _two_rows(top, cells, known), offset + 2, (tuple(top), tuple(cells)))
        for offset, ((above, top), (number, cells)) in enumerate(pairwise(head))
        if number == above + 1
    )
    for last, titles, after, drawn in chain(alone, pairs):
        keys = [column_key(c) for c in titles]
        fits = []
        for profile in profiles:
            found, missing = _match(profile, keys)
            if not missing and found:
                fits.append((len(found), profile, found))
            elif found and (closest is None or _nearer(len(found), missing, closest)):
                closest = (len(found), profile, missing, _filled(titles))
        if fits:
            _, profile, found = max(fits, key=lambda f: f[0])
            layout = Layout(profile, sheet, last, tuple(titles), tuple(found), separator, drawn)
            return Found(layout, _chain(head[after:], rows))
    return _Miss(sheet, head, rows, closest, separator)


def _two_rows(top: Sequence[object], bottom: Sequence[object], known: set[str]) -> list[object]:
    """A header written over two rows, each column's titles joined: 氏名 over カナ and 漢字
    (merged across both, so written once, in the first) is 氏名 カナ and 氏名 漢字; 番号,
    merged down both rows, is 番号. Tried only when no row alone fits. Of the ways a column's
    titles may join, the first that is a header of some format (``known``, as column_key
    makes them) is taken: a blank above is a merge of the title to its left or no title."""
    titles: list[object] = []
    left = ""  # the last title of the top row, which a merge across spreads to the right
    for i in range(max(len(top), len(bottom))):
        upper = _title(top, i)
        lower = _title(bottom, i)
        left = upper or left
        if not lower or lower == upper:  # titled in the top row, or merged down both
            ways = [upper]
        elif upper:
            ways = [f"{upper} {lower}", lower]
        else:
            ways = [lower, f"{left} {lower}"] if left else [lower]
        titles.append(next((way for way in ways if column_key(way) in known), ways[0]) or None)
    return titles


def _title(cells: Sequence[object], index: int) -> str:
    cell = cells[index] if index < len(cells) else None
    return "" if cell is None else " ".join(str(cell).split())


def _nearer(found: int, missing: list[str], closest: _Closest) -> bool:
    """Whether a profile with ``found`` columns found and ``missing`` lacking comes closer
    than ``closest``: more columns found, or as many and fewer lacking (a register with
    番号 and 死亡日 lacks one column of its own profile, seven of the roll's)."""
    return (found, -len(missing)) > (closest[0], -len(closest[2]))


def _named(file: str, sheets: list[SheetRows], name: str) -> SheetRows:
    """The sheet of that name; typed in a terminal, 令和５年度 finds 令和5年度 (NFKC, no
    whitespace) when no other sheet reads so too."""
    exact = [sheet for sheet in sheets if sheet.name == name]
    alike = [sheet for sheet in sheets if header_key(sheet.name) == header_key(name)]
    if exact or len(alike) == 1:
        return (exact or alike)[0]
    if len(sheets) == 1 and sheets[0].split_at is not None:  # a CSV file, named after itself
        raise ImportRefused(
            file,
            Message("a CSV file has no sheets: there is no sheet {sheet} to choose", sheet=name),
        )
    raise ImportRefused(
        file,
        Message(
            "there is no sheet {sheet} in this workbook; its sheets: {sheets}",
            sheet=name,
            sheets="、".join(sheet.name for sheet in sheets),
        ),
    )


def _chosen(file: str, sheet: SheetRows, profiles: Sequence[Profile], forced: bool) -> Found:
    if sheet.hidden:
        raise ImportRefused(
            file,
            Message(
                "sheet {sheet} is hidden, a working sheet: show it in Excel or LibreOffice "
                "if it holds the rows to import",
                sheet=sheet.name,
            ),
        )
    fit = _fit(sheet, profiles)
    if isinstance(fit, Found):
        return fit
    if not fit.head:
        raise ImportRefused(file, Message("sheet {sheet} holds no rows", sheet=sheet.name))
    raise ImportRefused(file, _why_none_fits(file, [fit], [], profiles, forced))


def _one_profile(file: str, found: list[Found]) -> list[Found]:
    """The sheets chosen, when one profile fits them all: a file is one import batch."""
    if len({f.layout.profile.name for f in found}) > 1:
        fits = "、".join(f"{f.layout.sheet} ({f.layout.profile.name})" for f in found)
        reason = Message(
            "the sheets chosen fit different import profiles: {fits}; import them one at a time",
            fits=fits,
        )
        raise ImportRefused(file, reason)
    return found


def _chain(first: list[Row], rest: Iterator[Row]) -> Iterator[Row]:
    yield from first
    yield from rest


def _why_none_fits(
    file: str,
    misses: list[_Miss],
    hidden: list[SheetRows],
    profiles: Sequence[Profile],
    forced: bool,
) -> Message:
    """Why no sheet fits, the most telling first: a header row further down than the rows
    searched; the row that came closest to a profile, and what it lacks; when no row held a
    single profile's header, a hidden sheet that fits (still not imported: hidden sheets are
    working sheets); else the headers found, none of them a profile's."""
    for miss in misses:
        lower = _fit_rows(miss.sheet, miss.rest, profiles, miss.separator, HEADER_LOOK_FURTHER)
        if isinstance(lower, Found):
            lower.rows.close()  # type: ignore[attr-defined]
            reason = Message(
                "the header row of profile {profile} is row {row}, below the first {rows} "
                "rows where a header row is looked for: delete the title or note rows above it",
                profile=lower.layout.profile.name,
                row=lower.layout.header_row,
                rows=HEADER_SEARCH_ROWS,
            )
            return on_sheet(file, miss.sheet, reason)
    nearest = max(misses, key=lambda miss: miss.score, default=None)
    if nearest is not None and nearest.closest is not None:
        return on_sheet(file, nearest.sheet, _no_match(nearest.closest, forced))
    for sheet in hidden:
        fit = _fit(sheet, profiles)
        if isinstance(fit, Found):
            fit.rows.close()  # type: ignore[attr-defined]
            return Message(
                "no visible sheet has headers an import profile fits, but the hidden sheet "
                "{sheet} has (profile {profile}, header row {row}): a hidden sheet is a "
                "working sheet, never imported; show it in Excel or LibreOffice if it holds "
                "the rows to import",
                sheet=sheet.name,
                profile=fit.layout.profile.name,
                row=fit.layout.header_row,
            )
    fullest = max(
        ((miss, cells) for miss in misses for _number, cells in miss.head),
        key=lambda row: len(_filled(row[1])),
        default=None,
    )
    if fullest is None:
        if Path(file).suffix.lower() in CSV_SUFFIXES:
            return Message("the file holds no rows, only blank lines")
        return Message("no visible sheet holds any rows")
    miss, cells = fullest
    return on_sheet(file, miss.sheet, _no_header(_filled(cells), profiles, forced))


def _filled(cells: Sequence[object]) -> list[str]:
    return [str(c).strip() for c in cells if c is not None and str(c).strip()]


def on_sheet(file: str, sheet: str, reason: Message) -> Message:
    """The reason, naming its sheet unless the file is a CSV file (one sheet, the file)."""
    if Path(file).suffix.lower() in CSV_SUFFIXES:
        return reason
    return Message("sheet {sheet}: {reason}", sheet=sheet, reason=reason)


def _no_header(seen: list[str], profiles: Sequence[Profile], forced: bool) -> Message:
    """No row searched holds a single header of any profile: naming the one that came
    closest would be naming one at random."""
    headers = "、".join(seen[:15])
    if forced:
        [profile] = profiles
        return Message(
            "the headers do not fit profile {profile}; headers found: {headers}; none of them "
            "is one of its headers: {needed}",
            profile=profile.name,
            headers=headers,
            needed="、".join(profile.headers),
        )
    return Message(
        "no import profile fits this file's headers; headers found: {headers}; none of them "
        "is a header of any import profile ({profiles})",
        headers=headers,
        profiles="、".join(profile.name for profile in profiles),
    )


def _no_match(closest: _Closest, forced: bool) -> Message:
    _, profile, missing, seen = closest
    headers = "、".join(seen[:15]) or Message("(none)")
    prefix = (
        Message("the headers do not fit profile {profile}", profile=profile.name)
        if forced
        else Message("no import profile fits this file's headers")
    )
    return Message(
        "{refusal}; headers found: {headers}; closest profile {profile} lacks: {missing}",
        refusal=prefix,
        headers=headers,
        profile=profile.name,
        missing="、".join(missing),
    )
