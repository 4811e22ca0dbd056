"""The fonts the PDF roll prints in: where it finds one for the characters of family registers
(戸籍) that the bundled IPAex Mincho lacks (𠮷, 𡈽, 𣘺…), a font file the user put in the app's
fonts folder, then the system's IPAmj Mincho, which covers the 戸籍統一文字 (Debian:
fonts-ipamj-mincho); which font prints each character, and how wide; and the refusal of a roll
with a character no font has."""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import NamedTuple, NoReturn

import platformdirs

# fontTools is fpdf2's font reader and ships no type hints.
from fontTools.ttLib import TTFont, TTLibError  # type: ignore[import-untyped]
from fpdf import FPDF
from fpdf.fonts import TTFFont

from exports.errors import ExportRefused
from exports.rows import CeremonyInfo, RollRow, name_shown
from records.messages import Message, control_character, control_named

# Too large to ship with irei (46 MB), and under the same IPA Font License as the bundled font.
SYSTEM_FALLBACK_FONT = Path("/usr/share/fonts/truetype/ipamj/ipamjm.ttf")
SYSTEM_FALLBACK_PACKAGE = "fonts-ipamj-mincho"
_FONT_SUFFIXES = (".ttf", ".otf")


class FallbackFont(NamedTuple):
    path: Path
    glyphs: frozenset[int]  # the code points of the characters it is taken for


def user_font_folder() -> Path:
    """The folder a site puts a font in for the characters no installed font has."""
    return Path(platformdirs.user_data_dir("irei", appauthor=False)) / "fonts"


def fallback_fonts_for(missing: Iterable[int]) -> list[FallbackFont]:
    """The fonts, in the order they are looked in, that print some of ``missing``; each is
    taken for the characters no font before it has. Read only when the bundled font lacks a
    character, as a font of the 戸籍統一文字 is large."""
    wanted = set(missing)
    found: list[FallbackFont] = []
    for path in _candidate_files():
        if not wanted:
            break
        covered = wanted & _code_points(path)
        if covered:
            found.append(FallbackFont(path, frozenset(covered)))
            wanted -= covered
    return found


def _candidate_files() -> list[Path]:
    folder = user_font_folder()
    own = sorted(
        path
        for path in (folder.iterdir() if folder.is_dir() else ())
        if path.suffix.lower() in _FONT_SUFFIXES and path.is_file()
    )
    return [*own, SYSTEM_FALLBACK_FONT] if SYSTEM_FALLBACK_FONT.is_file() else own


def _code_points(path: Path) -> set[int]:
    try:
        with TTFont(path, lazy=True) as font:
            cmap = font.getBestCmap()
    except (TTLibError, OSError, AssertionError, KeyError) as broken:
        raise ExportRefused(
            "the font file {path} cannot be read ({reason}); remove it or put a working "
            "font in its place",
            path=str(path),
            reason=str(broken),
        ) from broken
    return set(cmap or ())


class RollFonts:
    """The bundled font the roll is set in, and the fallback fonts taken for the characters it
    lacks: which font prints each character, and how wide it is."""

    def __init__(self, pdf: FPDF, family: str) -> None:
        """``pdf`` set in the bundled font, known to it as ``family``."""
        font = pdf.current_font
        assert isinstance(font, TTFFont)
        self._family = family
        self._points_per_mm = pdf.k
        self.glyphs: set[int] = set(font.cmap) | {ord(" ")}
        # Advance widths in 1/1000 em; summed here because get_string_width() costs more
        # than drawing the text, and a roll measures 300,000 strings.
        self._advance: dict[int, float] = font.cw
        self._widest = max(self._advance.values())
        self._fallback_family: dict[str, str] = {}  # a character the bundled font lacks → font

    def take_fallbacks(self, pdf: FPDF, fonts: Sequence[FallbackFont]) -> None:
        """Print each font's characters in it, measured by its own widths."""
        self._advance = dict(self._advance)  # the bundled font's own table stays as it was
        families = []
        for number, fallback in enumerate(fonts, start=1):
            family = f"Fallback{number}"
            pdf.add_font(family, "", str(fallback.path))
            added = pdf.fonts[family.lower()]
            assert isinstance(added, TTFFont)
            widths = added.cw
            for code in fallback.glyphs:
                self._fallback_family[chr(code)] = family
                self._advance[code] = widths[code]
            self.glyphs |= fallback.glyphs
            families.append(family)
        self._widest = max(self._advance.values())
        # The header's cell() finds the fallback itself; the rows' text() is split in runs.
        pdf.set_fallback_fonts(families)

    def all_bundled(self, text: str) -> bool:
        return self._fallback_family.keys().isdisjoint(text)

    def runs(self, text: str) -> Iterator[tuple[str, str]]:
        """``text`` in runs of the characters one font prints, each with that font's family."""
        for family, chars in itertools.groupby(
            text, key=lambda char: self._fallback_family.get(char, self._family)
        ):
            yield family, "".join(chars)

    def surely_fits(self, text: str, size: float, room: float) -> bool:
        """Whether ``text`` at ``size`` points is surely no wider than ``room`` mm."""
        # Counted, not measured: a value this short fits however wide its letters, and most
        # are this short; measuring every value twice, here and when it is drawn, would slow a
        # national roll by a tenth.
        return len(text) * self._widest * size / 1000 / self._points_per_mm <= room

    def width(self, text: str, size: float) -> float:
        """In mm, at ``size`` points."""
        return sum(self._advance[ord(c)] for c in text) * size / 1000 / self._points_per_mm


def _ceremony_fields(ceremony: CeremonyInfo) -> tuple[tuple[Message, str], ...]:
    return (
        (Message("the ceremony name"), ceremony.name),
        (Message("the place"), ceremony.place),
    )


def _refuse_control_characters(
    ceremony: CeremonyInfo, table: list[tuple[str, ...]], rows: Sequence[RollRow]
) -> None:
    for label, text in _ceremony_fields(ceremony):
        if (char := control_character(text)) is not None:
            raise ExportRefused(
                "{field} contains {what} (U+{code:04X}), which a printed roll cannot show: "
                "correct it and export again",
                field=label,
                what=control_named(char),
                code=ord(char),
            )
    for index, cells in enumerate(table):
        if (char := control_character("".join(cells))) is not None:
            row = rows[index]
            raise ExportRefused(
                "row {row} ({name}) contains {what} (U+{code:04X}), which a printed roll "
                "cannot show: correct the entry and export again",
                row=index + 1,
                name=name_shown(row) or row.reading,
                what=control_named(char),
                code=ord(char),
            )


def refuse_missing_glyphs(
    pdf: FPDF,
    fonts: RollFonts,
    ceremony: CeremonyInfo,
    table: list[tuple[str, ...]],
    rows: Sequence[RollRow],
) -> None:
    """Take the fallback fonts the roll's characters need; refuse the roll if a character is
    in no font."""
    # fpdf2 would print a blank box for a character no font has; a name printed wrong at a
    # memorial is worse than no roll, so stop and say where, and which font would print it.
    texts = [ceremony.name, ceremony.place, *itertools.chain.from_iterable(table)]
    chars = set("".join(texts))
    if any(unicodedata.category(char) == "Cc" for char in chars):
        _refuse_control_characters(ceremony, table, rows)
    missing = {ord(char) for char in chars} - fonts.glyphs
    if not missing:
        return
    fonts.take_fallbacks(pdf, fallback_fonts_for(missing))
    known = fonts.glyphs
    for label, text in _ceremony_fields(ceremony):
        if (char := _first_unprintable(text, known)) is not None:
            _refuse_unprintable(label, char)
    for index, cells in enumerate(table):
        if (char := _first_unprintable("".join(cells), known)) is not None:
            row = rows[index]
            name = name_shown(row) or row.reading
            _refuse_unprintable(Message("row {row} ({name})", row=index + 1, name=name), char)


def _first_unprintable(text: str, known: set[int]) -> str | None:
    return next((char for char in text if ord(char) not in known), None)


def _refuse_unprintable(field: Message, char: str) -> NoReturn:
    """Refuse the roll for a character of ``field`` (the ceremony's name or place, or a row of
    the roll) that no font prints. With IPAmj Mincho installed and still without it, "install
    it" would send the registrar to do what is done: the refusal says that the font has no
    glyph for it."""
    said = {"field": field, "char": char, "code": ord(char), "folder": str(user_font_folder())}
    if SYSTEM_FALLBACK_FONT.is_file():
        raise ExportRefused(
            "{field} contains {char} (U+{code:04X}), for which the installed IPAmj Mincho "
            "({font}) has no glyph, nor does any other font: put a font file that has it in "
            "{folder}",
            font=str(SYSTEM_FALLBACK_FONT),
            **said,
        )
    raise ExportRefused(
        "{field} contains {char} (U+{code:04X}), which no installed font can print; "
        "install {package} or put a font file that has it in {folder}",
        package=SYSTEM_FALLBACK_PACKAGE,
        **said,
    )
