"""Import profiles: one TOML file per ministry format, saying which headers it has and how
each column reads into a record. Built-in profiles ship in ``importers/profiles/``; a user
adds a format by dropping a file into ``user_profile_dir()`` (platformdirs'
user_config_dir('irei')/profiles, e.g. ~/.config/irei/profiles on Linux). A user profile
with the same name as a built-in one replaces it."""

from __future__ import annotations

import dataclasses
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

import platformdirs

from importers.errors import ImportRefused
from importers.profile_check import ProfileMistake, check_profile
from records.folding import squeeze
from records.messages import Message


def header_key(text: object) -> str:
    """A header as compared, squeezed (NFKC without any whitespace), so 氏名（カナ）,
    氏名(カナ) and 氏名 (カナ) are one header; without invisible format characters too: a
    byte-order mark left inside a CSV saved twice, a zero-width space pasted with a header
    (they are not whitespace to Python, and no one can see them to remove them)."""
    if text is None:
        return ""
    key = squeeze(str(text))
    if key.isascii():
        return key
    return "".join(c for c in key if unicodedata.category(c) != "Cf")


# Marks after a header pointing to a footnote of the form, once squeezed (NFKC): 氏名（漢字）※1,
# 死亡年月日（注2）, 備考【注】, 生年＊. Ministry forms mark headers so; the mark is not the
# header's, while a bracket that says what the column holds, （漢字） or （カナ）, is. So are
# the brackets a form adds to tell how to fill a column in, which say nothing a cell's value
# does not say for itself: the calendar (生年（西暦）, 死亡年月日（和暦）), the way to write a
# date (（YYYY/MM/DD）), the unit (柱数（柱）) and whether it must be filled in (【必須】).
_HOW_TO_FILL = (
    r"西暦|和暦|元号|年号|西暦/和暦|和暦/西暦|西暦・和暦|和暦・西暦"
    r"|年月日|年/月/日|年・月・日|(?i:yyyy[/.\-]?mm[/.\-]?dd|yyyy[/.\-]?mm)"
    r"|柱|人|名|件|体|歳|才|年|年度|単位:?(?:柱|人|名|件|体)"
    r"|必須|任意|必須項目|任意項目|必須入力|入力必須"
)
_NOTE_MARKS = re.compile(
    rf"(?:※\d*|\*\d*|[(\[【〔<](?:注|※)[\d,、・]*[)\]】〕>]|[(\[【〔<](?:{_HOW_TO_FILL})[)\]】〕>])+$"
)


# A mark before a header, as forms mark the columns that must be filled in (※氏名, ＊番号),
# and 欄 (the box for) after it: 備考欄 is the 備考 column.
_MARK_BEFORE = re.compile(r"^(?:※|\*)+")
_BOX = "欄"


def column_key(text: object) -> str:
    """A column's header as compared: its header_key without the note marks after it, a
    mark before it, or a closing 欄."""
    key = header_key(text)
    bare = _MARK_BEFORE.sub("", _NOTE_MARKS.sub("", key))
    return bare.removesuffix(_BOX) or bare or key


@dataclass(frozen=True)
class Column:
    header: str  # as the ministry writes it
    field: str  # the record field it fills
    type: str
    required: bool = False  # the header must be present for the profile to match
    not_blank: bool = False  # a blank cell rejects the row
    aliases: tuple[str, ...] = ()
    choices: dict[str, str] = dataclasses.field(default_factory=dict)
    blank: str = ""  # the value of a blank 'choice' cell

    @property
    def keys(self) -> tuple[str, ...]:
        return (column_key(self.header), *(column_key(a) for a in self.aliases))


@dataclass(frozen=True)
class Profile:
    name: str
    title: str  # as the ministry names the document: 抑留中死亡者名簿
    target: str
    key: str  # the field that is the record's natural key
    columns: tuple[Column, ...]
    source: str  # the file it was read from
    title_en: str = ""  # the title in English, for an English screen: death register of …
    # A person register's first and last day of death, in ISO: a death outside is refused.
    deaths_between: tuple[str, str] | None = None

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.columns)

    def column_for(self, key: str) -> Column | None:
        for column in self.columns:
            if key in column.keys:
                return column
        return None


def user_profile_dir() -> Path:
    return Path(platformdirs.user_config_dir("irei", appauthor=False)) / "profiles"


def load_profile(path: Path) -> Profile:
    """Read and check one profile file; a mistake in it is refused with the file named."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        reason = Message("cannot read this import profile ({error})", error=str(error))
        raise ImportRefused(path, reason) from None
    except UnicodeDecodeError:
        # Saved from Notepad in Shift_JIS, most likely: say how to mend it, not the codec.
        reason = Message("this import profile is not UTF-8 text: save it as UTF-8")
        raise ImportRefused(path, reason) from None
    except tomllib.TOMLDecodeError as error:
        raise ImportRefused(path, _toml_mistake(str(error))) from None
    try:
        check_profile(data)
        profile = _profile(data, str(path))
        _check_headers_apart(profile.columns)
    except ProfileMistake as mistake:
        raise ImportRefused(path, mistake.where) from None
    return profile


# Where tomllib says its mistake is, at the end of its message.
_PLACE_RE = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)$")


def _toml_mistake(said: str) -> Message:
    """tomllib's message with its place said in the registrar's language; what it found
    wrong stays as the parser wrote it, for whoever mends the file."""
    place = _PLACE_RE.search(said)
    if place is None:
        return Message("this import profile is not valid TOML: {error}", error=said)
    error = said[: place.start()]
    if place[1] is None:
        return Message("this import profile is not valid TOML at its end: {error}", error=error)
    return Message(
        "this import profile is not valid TOML at line {line}, column {column}: {error}",
        line=int(place[1]),
        column=int(place[2]),
        error=error,
    )


def _check_headers_apart(columns: tuple[Column, ...]) -> None:
    """A header (or alias) two columns share, as compared, is read into the first of them
    only: the other's field would never be read, without a word."""
    first: dict[str, Column] = {}
    for number, column in enumerate(columns, 1):
        for key, written in zip(column.keys, (column.header, *column.aliases), strict=True):
            taken = first.setdefault(key, column)
            if taken is not column:
                reason = Message(
                    "header {header} is column {number}'s ({field}) already",
                    header=written,
                    number=columns.index(taken) + 1,
                    field=taken.field,
                )
                raise ProfileMistake(reason, number, column.header)


def _profile(data: dict[str, Any], source: str) -> Profile:
    return Profile(
        name=data["name"],
        title=data.get("title", data["name"]),
        title_en=data.get("title_en", ""),
        deaths_between=_days(data.get("deaths_between")),
        target=data["target"],
        key=data["key"],
        columns=tuple(_column(c) for c in data["columns"]),
        source=source,
    )


def _days(days: list[date] | None) -> tuple[str, str] | None:
    return None if days is None else (days[0].isoformat(), days[1].isoformat())


def _column(data: dict[str, Any]) -> Column:
    return Column(
        header=data["header"],
        field=data["field"],
        type=data["type"],
        required=data.get("required", False),
        not_blank=data.get("not_blank", False),
        aliases=tuple(data.get("aliases", ())),
        choices={header_key(k): v for k, v in data.get("choices", {}).items()},
        blank=data.get("blank", ""),
    )


def builtin_profiles() -> list[Profile]:
    folder = resources.files("importers") / "profiles"
    found = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            with resources.as_file(entry) as path:
                found.append(load_profile(Path(path)))
    return found


class BrokenProfile(NamedTuple):
    """A user's profile file that cannot be used, by the name it gives (else its file's)."""

    name: str
    error: ImportRefused


def load_profiles(user_dir: Path | None = None) -> tuple[list[Profile], list[BrokenProfile]]:
    """Built-in profiles, then the user's; a user's profile replaces a built-in namesake. A
    broken user profile is left out, so that files fitting the others still import, and
    returned beside them for its error to be said."""
    by_name = {p.name: p for p in builtin_profiles()}
    broken = []
    users: dict[str, Path] = {}  # the file of each of the user's profiles, by its name
    folder = user_dir if user_dir is not None else user_profile_dir()
    if folder.is_dir():
        for path in sorted(folder.glob("*.toml")):
            try:
                profile = load_profile(path)
                _check_name_unused(profile, path, users)
            except ImportRefused as error:
                broken.append(BrokenProfile(_name_given(path), error))
                continue
            by_name[profile.name] = profile
            users[profile.name] = path
    return list(by_name.values()), broken


def _check_name_unused(profile: Profile, path: Path, earlier: dict[str, Path]) -> None:
    """Two of the user's files naming one profile (a copy edited for a new year's file): the
    later in the folder replaced the other without a word, which one imported unknown."""
    if profile.name in earlier:
        reason = Message(
            "profile name {name!r} is given by {file} already; give this one another name",
            name=profile.name,
            file=earlier[profile.name].name,
        )
        raise ImportRefused(path, reason)


def _name_given(path: Path) -> str:
    try:
        name = tomllib.loads(path.read_text(encoding="utf-8")).get("name")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        name = None
    return name if isinstance(name, str) else path.stem


def all_profiles(user_dir: Path | None = None) -> list[Profile]:
    """The profiles a file may fit: every one but the user's broken ones."""
    return load_profiles(user_dir)[0]


def broken_profiles(user_dir: Path | None = None) -> list[BrokenProfile]:
    """The user's profiles left out, each with why."""
    return load_profiles(user_dir)[1]


def get_profile(name: str, user_dir: Path | None = None) -> Profile:
    """The profile named; one named so whose file is broken is refused with its error."""
    profiles, broken = load_profiles(user_dir)
    for fault in broken:
        if fault.name == name:
            raise fault.error
    for profile in profiles:
        if profile.name == name:
            return profile
    known = ", ".join(sorted(p.name for p in profiles))
    raise UnknownProfile(
        name, Message("no import profile named {name!r} (known: {known})", name=name, known=known)
    )


class UnknownProfile(ImportRefused):
    """A profile asked for by a name no profile has: the command's mistake, not a file's."""
