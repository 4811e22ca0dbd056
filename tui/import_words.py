"""What the import screen says about a file: the profile and header rows found, the sheets
to choose from, and a previewed cell as the app names its value."""

from __future__ import annotations

import time
from pathlib import Path

from importers.headers import Layout
from importers.normalise import shown as shown_value
from importers.profiles import Column, Profile
from importers.readers import CSV_SUFFIXES
from tui.i18n import N_, _, counted, current_language, plural
from tui.labels import affiliation_label, match_label


def profile_title(profile: Profile) -> str:
    """The format's title as the ministry names the document, with its English words on an
    English screen."""
    if current_language() == "en" and profile.title_en:
        return f"{profile.title} — {profile.title_en}"
    return profile.title


# A choice read from the file is shown as the app names its value elsewhere, in the user's
# language (未判定, not pending); a choice of a profile of the user's own, as its value.
CHOICE_LABELS = {"affiliation": affiliation_label, "match_result": match_label}


def preview_cell(value: object, column: Column) -> str:
    label = CHOICE_LABELS.get(column.field)
    if column.type == "choice" and label is not None and isinstance(value, str):
        return label(value)
    return shown_value(value)


def found_in(path: Path, layouts: list[Layout]) -> str:
    """The profile found, and the sheet and header row (or each sheet's) its rows are under;
    then the columns it leaves behind, if any."""
    place = _place(path, layouts)
    unread = [(layout.sheet, header) for layout in layouts for header in layout.unread]
    if not unread:
        return place
    return place + "\n" + not_imported(path.name, layouts[0].profile.name, unread)


def _place(path: Path, layouts: list[Layout]) -> str:
    profile = layouts[0].profile
    title = profile_title(profile)
    if path.suffix.lower() in CSV_SUFFIXES:  # a CSV file has no sheets: its layout is named by it
        return _("{file}: profile {profile} ({title}), header row {row}").format(
            file=path.name, profile=profile.name, title=title, row=layouts[0].header_row
        )
    if len(layouts) == 1:
        return _("{file}: profile {profile} ({title}), sheet {sheet}, header row {row}").format(
            file=path.name,
            profile=profile.name,
            title=title,
            sheet=layouts[0].sheet,
            row=layouts[0].header_row,
        )
    header = _("{sheet} (header row {row})")
    sheets = "、".join(header.format(sheet=s.sheet, row=s.header_row) for s in layouts)
    return _("{file}: profile {profile} ({title}), sheets {sheets}").format(
        file=path.name, profile=profile.name, title=title, sheets=sheets
    )


def not_imported(file: str, profile: str, columns: list[tuple[str, str]]) -> str:
    """The columns of a file (each as sheet and header) that no field of its profile takes:
    their values are left behind, and a registrar who does not hear it believes them kept."""
    several = len({sheet for sheet, _header in columns}) > 1
    in_sheet = _("{header} (sheet {sheet})")
    named = [in_sheet.format(header=h, sheet=s) if several else h for s, h in columns]
    return _(
        "{file}: no field of profile {profile} takes the columns {columns}: "
        "their values are not imported"
    ).format(file=file, profile=profile, columns="、".join(named))


def sheets_to_choose(path: Path, sheets: list[str]) -> str:
    """Why nothing is previewed yet: the sheets the registrar is to choose from."""
    return _(
        "{file}: {count} sheets have headers an import profile fits ({sheets}): tick the ones "
        "to import in the list (Space)"
    ).format(file=path.name, count=len(sheets), sheets="、".join(sheets))


def rows_per_second(done: int, started: float) -> str:
    """The pace of an import's rows since ``started`` (a ``time.monotonic()``), as `irei
    import` and the Import screen both say it."""
    rate = done / max(time.monotonic() - started, 1e-6)
    return _("{rate:,.0f} rows/s").format(rate=rate)


def rows_done(done: int, total: int | None, started: float) -> str:
    """How far the rows of a check or an import are, and at what pace:
    "123,456 / 200,000 rows · 6,000 rows/s"; a file whose rows are not counted beforehand
    has no total."""
    if total is None:
        rows = counted(done, N_("{count} row"), N_("{count} rows"))
    else:
        rows = plural(total, N_("{done} / {total} row"), N_("{done} / {total} rows")).format(
            done=f"{done:,}", total=f"{total:,}"
        )
    return f"{rows} · {rows_per_second(done, started)}"
