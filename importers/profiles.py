"""Import profiles: one TOML file per ministry format, saying which headers it has and how
each column reads into a record. Built-in profiles ship in ``importers/profiles/``; a user
adds a format by dropping a file into ``user_profile_dir()`` (platformdirs'
user_config_dir('irei')/profiles, e.g. ~/.config/irei/profiles on Linux). A user profile
with the same name as a built-in one replaces it."""

from __future__ import annotations

import dataclasses
import tomllib
import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import platformdirs

from importers.errors import ImportRefused
from records.folding import squeeze
from records.messages import Message

# What a column's cells read into; each name is handled by importers.normalise.
COLUMN_TYPES = frozenset(
    {
        "int", "number", "text", "name", "code", "year", "date", "fiscal_year", "count",
        "specimens", "specimen", "prefecture", "site_name", "site_code", "place", "choice",
    }
)  # fmt: skip
# The record kinds the pipeline can write (importers.apply); a profile names one.
TARGETS = frozenset({"person", "lot", "analysis", "roll_entry"})


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
        return (header_key(self.header), *(header_key(a) for a in self.aliases))


@dataclass(frozen=True)
class Profile:
    name: str
    title: str  # as the ministry names the document: 抑留中死亡者名簿
    target: str
    key: str  # the field that is the record's natural key
    columns: tuple[Column, ...]
    source: str  # the file it was read from
    title_en: str = ""  # the title in English, for an English screen: death register of …

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
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        reason = Message("cannot read this import profile ({error})", error=str(error))
        raise ImportRefused(path, reason) from None
    try:
        return _profile(data, str(path))
    except (KeyError, TypeError, ValueError) as error:
        reason = Message("import profile is not valid: {error}", error=str(error))
        raise ImportRefused(path, reason) from None


def _profile(data: dict[str, Any], source: str) -> Profile:
    columns = tuple(_column(c) for c in data["columns"])
    profile = Profile(
        name=str(data["name"]),
        title=str(data.get("title", data["name"])),
        title_en=str(data.get("title_en", "")),
        target=str(data["target"]),
        key=str(data["key"]),
        columns=columns,
        source=source,
    )
    if profile.target not in TARGETS:
        raise ValueError(f"target {profile.target!r} is not one of {sorted(TARGETS)}")
    if profile.key not in {c.field for c in columns}:
        raise ValueError(f"key {profile.key!r} is not the field of any column")
    return profile


def _column(data: dict[str, Any]) -> Column:
    kind = str(data["type"])
    if kind not in COLUMN_TYPES:
        raise ValueError(f"column type {kind!r} is not one of {sorted(COLUMN_TYPES)}")
    choices = {header_key(k): str(v) for k, v in dict(data.get("choices", {})).items()}
    if kind == "choice" and not choices:
        raise ValueError(f"column {data['header']!r} of type choice lists no choices")
    return Column(
        header=str(data["header"]),
        field=str(data["field"]),
        type=kind,
        required=bool(data.get("required", False)),
        not_blank=bool(data.get("not_blank", False)),
        aliases=tuple(str(a) for a in data.get("aliases", ())),
        choices=choices,
        blank=str(data.get("blank", "")),
    )


def builtin_profiles() -> list[Profile]:
    folder = resources.files("importers") / "profiles"
    found = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            with resources.as_file(entry) as path:
                found.append(load_profile(Path(path)))
    return found


def all_profiles(user_dir: Path | None = None) -> list[Profile]:
    """Built-in profiles, then the user's; a user's profile replaces a built-in namesake."""
    by_name = {p.name: p for p in builtin_profiles()}
    folder = user_dir if user_dir is not None else user_profile_dir()
    if folder.is_dir():
        for path in sorted(folder.glob("*.toml")):
            profile = load_profile(path)
            by_name[profile.name] = profile
    return list(by_name.values())


def get_profile(name: str, user_dir: Path | None = None) -> Profile:
    profiles = all_profiles(user_dir)
    for profile in profiles:
        if profile.name == name:
            return profile
    known = ", ".join(sorted(p.name for p in profiles))
    raise ImportRefused(
        name, Message("no import profile named {name!r} (known: {known})", name=name, known=known)
    )
